"""Named SQL queries: one file per query, loaded by name; the first line is the query's header."""

import re
from functools import cache
from pathlib import Path

QUERY_DIR = Path(__file__).parent


@cache
def sql(name: str) -> str:
    """Return the text of `queries/<name>.sql`; raises KeyError for an unknown name."""
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERY_DIR}")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    """Return the names of every read query (schema.sql excluded)."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql") if p.stem != "schema")


def header(name: str) -> str:
    """Return the query's first-line header without the comment marker."""
    return sql(name).splitlines()[0].removeprefix("--").strip()


def statements(name: str) -> list[str]:
    """Return the statements of a query file of several (each ends with ';' at the end of a line), in order."""
    body = "\n".join(line for line in sql(name).splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in re.split(r";\s*\n", body + "\n") if part.strip()]
