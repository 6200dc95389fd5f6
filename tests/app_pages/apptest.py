"""Opening a page of the real app under AppTest, as a browser would: the app first, then the page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.paths import REPO_ROOT


def open_page(script: str | None = None, *, timeout: float = 60, **query_params: str) -> AppTest:
    """Run the app, switch to `script` (None: stay on Home) with these query params and run it."""
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=timeout)
    at.run()
    assert not at.exception, at.exception
    if script:
        at.switch_page(script)
    at.query_params.update(query_params)
    return at.run()
