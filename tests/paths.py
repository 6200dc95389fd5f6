"""Where the tests find the repository, its bundled data and the answer keys, wherever a test file sits."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GOLDEN = REPO_ROOT / "tests" / "golden"
SHARED = REPO_ROOT.parent / "shared"
