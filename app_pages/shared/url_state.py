"""The URL side of every view: the page table and the one encode/decode pair over st.query_params.

A view is a URL (STYLE.md §7): everything that decides what a page shows is a query parameter,
so a link pasted in a meeting opens the same view. Each page declares a *spec* once, reads it at
the top of the script and writes the widgets' values back at the end::

    from app_pages.shared import url_state as us

    SPEC = {
        "jurisdiction": ("", us.one_of(jurisdiction_ids)),   # (default, parser)
        "years": (3, us.integer(0, 40)),
        "grades": ((), us.list_of(us.text())),
    }
    values, notices = us.read_view(SPEC)        # shows a st.warning for every refused value
    ...widgets initialised from `values` (see `init_widget`)...
    us.write_view({"jurisdiction": jur, "years": years, "grades": grades})   # spec of the last read

Rules the pair keeps:
- A *parser* takes the raw URL string and returns the value, or raises ValueError whose message
  says why the value is refused. A refused, unknown or malformed value falls back to the default
  and yields a notice (a one-line sentence) that `read_view` shows with st.warning; a page never
  shows a traceback for a URL.
- Parameters the spec does not name are reported as ignored and dropped by `write_view`, so the
  address bar always shows the canonical view. Parameters owned by something else (for example a
  widget with ``bind="query-params"``) are listed in ``keep=`` and left alone.
- `write_view` writes only values that differ from their defaults (short, stable links) and only
  touches st.query_params when the URL actually changes.
- Values encode as text: booleans as true/false, whole floats without ".0", dates in ISO form,
  lists and tuples comma-separated. A spec entry may add a third element, an encoder
  ``value -> str``, when the default encoding is not the inverse of its parser.

`decode_view` and `encode_view` are the pure halves (plain mappings in and out) that the tests
exercise; `read_view` and `write_view` bind them to st.query_params.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st

Parser = Callable[[str], Any]
Encoder = Callable[[Any], str]
# param -> (default, parser) or (default, parser, encoder)
Spec = Mapping[str, tuple[Any, ...]]

APP_DIR = Path(__file__).resolve().parents[2]
_RAW_SHOWN = 60  # characters of a refused value quoted back in a notice
_LAST_SPEC = "_url_state.last_spec"


@dataclass(frozen=True)
class PageEntry:
    """One page of the app: its script, title, URL path ("" for the root) and the question it answers."""

    script: str
    title: str
    url_path: str
    icon: str
    answers: str

    @property
    def is_available(self) -> bool:
        """Whether the page's script exists (pages are written by different people over time)."""
        return (APP_DIR / self.script).is_file()


PAGES: tuple[PageEntry, ...] = (
    PageEntry("app_pages/home.py", "Home", "", ":material/home:",
              "What the database holds and where to go next."),
    PageEntry("app_pages/catalog.py", "Catalog", "catalog", ":material/menu_book:",
              "Which titles exist, at what grade and pay, and where each fact was read in the source."),
    PageEntry("app_pages/ingest.py", "Ingest", "ingest", ":material/upload_file:",
              "Load class specifications: preview what is extracted, with evidence, before committing."),
    PageEntry("app_pages/review.py", "Review", "review", ":material/fact_check:",
              "Which extracted facts need a person's eye, and accepting or correcting them."),
    PageEntry("app_pages/audit.py", "Audit trail", "audit", ":material/history:",
              "Who loaded, corrected, superseded or deleted what, and when."),
    PageEntry("app_pages/ladder/page.py", "Ladder explorer", "ladder", ":material/stairs:",
              "Where can someone in a title go next, and when are they eligible?"),
    PageEntry("app_pages/pay/page.py", "Pay progression", "pay", ":material/trending_up:",
              "What will someone earn year by year, through steps and promotions?"),
    PageEntry("app_pages/costs/page.py", "Staffing costs", "costs", ":material/payments:",
              "What does a unit cost by fiscal year, and why did the cost change?"),
    PageEntry("app_pages/workforce/page.py", "Workforce projection", "workforce", ":material/groups:",
              "How many people will sit in each grade in a few years, how many must be hired, and at what cost?"),
)


def available_pages() -> list[PageEntry]:
    """Return the pages whose script exists, in menu order."""
    return [p for p in PAGES if p.is_available]


# -- parsers: raw URL text -> value, or ValueError with the reason ---------------------------------

def text(max_length: int = 200) -> Parser:
    """Return a parser accepting any text up to `max_length` characters (surrounding spaces dropped)."""
    def parse(raw: str) -> str:
        value = raw.strip()
        if len(value) > max_length:
            raise ValueError(f"longer than {max_length} characters")
        return value
    return parse


def one_of(options: Iterable[Any], *, what: str = "value") -> Parser:
    """Return a parser accepting one of `options` by its text, case-insensitively; returns the option itself."""
    by_text = {str(o).casefold(): o for o in options}

    def parse(raw: str) -> Any:
        found = by_text.get(raw.strip().casefold())
        if found is None:
            raise ValueError(f"unknown {what}")
        return found
    return parse


def integer(minimum: int | None = None, maximum: int | None = None) -> Parser:
    """Return a parser accepting a whole number within [minimum, maximum]."""
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError("not a whole number") from None
        _check_range(value, minimum, maximum)
        return value
    return parse


def number(minimum: float | None = None, maximum: float | None = None) -> Parser:
    """Return a parser accepting a finite decimal number within [minimum, maximum]."""
    def parse(raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError("not a number") from None
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        _check_range(value, minimum, maximum)
        return value
    return parse


def _check_range(value: float, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        raise ValueError(f"below the minimum {minimum:g}")
    if maximum is not None and value > maximum:
        raise ValueError(f"above the maximum {maximum:g}")


def boolean(raw: str) -> bool:
    """Parse true/false (also 1/0, yes/no, on/off)."""
    value = raw.strip().casefold()
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise ValueError("not true or false")


# Dates a view may name: a career or a budget spans decades, not millennia, and date widgets need a
# finite range (Streamlit's default is ten years either side of the value).
EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def date_between(minimum: dt.date = EARLIEST_DATE, maximum: dt.date = LATEST_DATE) -> Parser:
    """Return a parser accepting a YYYY-MM-DD date within [minimum, maximum]."""
    def parse(raw: str) -> dt.date:
        try:
            value = dt.date.fromisoformat(raw.strip())
        except ValueError:
            raise ValueError("not a date (YYYY-MM-DD)") from None
        if not minimum <= value <= maximum:
            raise ValueError(f"outside {minimum.isoformat()} to {maximum.isoformat()}")
        return value
    return parse


iso_date = date_between()  # any date in the range a view may name


def list_of(item: Parser, *, max_items: int = 50) -> Parser:
    """Return a parser for a comma-separated list whose every item `item` accepts; returns a tuple."""
    def parse(raw: str) -> tuple[Any, ...]:
        parts = [p for p in (s.strip() for s in raw.split(",")) if p]
        if len(parts) > max_items:
            raise ValueError(f"more than {max_items} items")
        return tuple(item(p) for p in parts)
    return parse


# -- the pure encode/decode pair -------------------------------------------------------------------

def encode_value(value: Any) -> str:
    """Return the URL text of a value: true/false, 3 (not 3.0), 2027-04-01, comma-separated lists."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(encode_value(v) for v in value)
    return str(value)


def decode_view(params: Mapping[str, str | Sequence[str]], spec: Spec, *,
                keep: Iterable[str] = ()) -> tuple[dict[str, Any], list[str]]:
    """Return (values, notices): every spec key's value from the URL params, or its default.

    A repeated parameter counts by its last occurrence (as st.query_params does); an empty one
    (``?title=``) means the default, silently. Every refused value and every parameter neither in
    the spec nor in `keep` gives one notice.
    """
    values: dict[str, Any] = {}
    notices: list[str] = []
    for key, (default, parser, *_) in spec.items():
        values[key] = default
        raw = _last(params.get(key))
        if raw is None or raw.strip() == "":
            continue
        try:
            values[key] = parser(raw)
        except (ValueError, TypeError, LookupError) as exc:
            notices.append(f"URL parameter `{key}` = {_quoted(raw)} ignored ({exc or 'invalid'}); "
                           f"showing {_shown_default(default)}.")
    kept = set(keep)
    for key in params:
        if key not in spec and key not in kept:
            notices.append(f"Unknown URL parameter {_quoted(key)} ignored.")
    return values, notices


def encode_view(values: Mapping[str, Any], spec: Spec) -> dict[str, str]:
    """Return the URL params of a view: one entry per spec key whose value differs from its default."""
    out: dict[str, str] = {}
    for key, (default, _parser, *rest) in spec.items():
        if key not in values:
            continue
        value = values[key]
        if value is None or _same(value, default):
            continue
        encoded = rest[0](value) if rest else encode_value(value)
        if encoded != "":
            out[key] = encoded
    return out


def view_url(url_path: str, values: Mapping[str, Any], spec: Spec) -> str:
    """Return a relative link to a page showing this view, e.g. ``./catalog?title=...``."""
    query = urlencode(encode_view(values, spec))
    return f"./{url_path}" + (f"?{query}" if query else "")


def full_url(url_path: str, values: Mapping[str, Any], spec: Spec) -> str:
    """Return the link of this page's view as the reader's browser reaches it (st.context.url, else a path)."""
    query = urlencode(encode_view(values, spec))
    return (st.context.url or f"/{url_path}") + (f"?{query}" if query else "")


def _last(value: str | Sequence[str] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value[-1] if len(value) else None


def _same(value: Any, default: Any) -> bool:
    if isinstance(value, (list, tuple)) and isinstance(default, (list, tuple)):
        return tuple(value) == tuple(default)
    return value == default


def _quoted(raw: str) -> str:
    # Quoted inside a Markdown code span so the text is shown, never rendered; backticks would
    # close the span, so they are swapped out.
    shown = raw if len(raw) <= _RAW_SHOWN else raw[:_RAW_SHOWN] + "…"
    return "`" + shown.replace("`", "'").replace("\n", " ") + "`"


def _shown_default(default: Any) -> str:
    if default in ("", None, (), []):
        return "the default view"
    return f"the default `{encode_value(default)}`"


# -- binding to st.query_params --------------------------------------------------------------------

def read_view(spec: Spec, *, keep: Iterable[str] = (), show: bool = True) -> tuple[dict[str, Any], list[str]]:
    """Return (values, notices) decoded from st.query_params; with `show`, each notice is a st.warning.

    Args:
        spec: {param: (default, parser[, encoder])} for every parameter the page owns.
        keep: other parameters to leave alone (e.g. bound to widgets with ``bind="query-params"``).
        show: render the notices here (the usual case); pass False to place them yourself
            with `show_notices`.
    """
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    values, notices = decode_view(params, spec, keep=keep)
    st.session_state[_LAST_SPEC] = (spec, tuple(keep))
    if show:
        show_notices(notices)
    return values, notices


def show_notices(notices: Sequence[str]) -> None:
    """Show URL notices as one st.warning (nothing when there are none)."""
    if notices:
        st.warning("\n".join(f"- {n}" for n in notices), icon=":material/link_off:")


def write_view(values: Mapping[str, Any], spec: Spec | None = None, *, keep: Iterable[str] | None = None) -> None:
    """Make st.query_params hold exactly this view: non-default spec values, plus `keep` params as they are.

    Without `spec` (and `keep`), those of this session's last `read_view` call are used, so the
    usual page reads ``read_view(SPEC)`` at the top and ``write_view(values)`` at the bottom.
    """
    if spec is None:
        spec, last_keep = st.session_state.get(_LAST_SPEC, ({}, ()))
        keep = last_keep if keep is None else keep
    wanted = encode_view(values, spec)
    kept = set(keep or ())
    current = {key: st.query_params[key] for key in st.query_params}
    stale = [key for key in current if key not in wanted and key not in kept]
    changed = {key: val for key, val in wanted.items() if current.get(key) != val}
    for key in stale:
        del st.query_params[key]
    if changed:
        st.query_params.update(changed)


def init_widget(key: str, value: Any) -> None:
    """Seed a keyed widget's value from the URL the first time the page renders it in this session.

    After that the widget owns its value (and `write_view` mirrors it into the URL). Pass no
    `value=`/`index=` to the widget itself, or Streamlit warns that both were set.
    """
    if key not in st.session_state:
        st.session_state[key] = value
