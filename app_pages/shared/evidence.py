"""Show where a fact was read: the source text around an evidence span, the span highlighted."""

from __future__ import annotations

import html
import re

import streamlit as st

from app_pages.shared.plain import plain

CONTEXT_CHARS = 280  # at most this much text either side of the span
MIN_WORDS = 6  # a paragraph break closes the context only once this many words are shown on that side
_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n")
_BLANK_RUNS = re.compile(r"[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)+")  # several (blank) line ends
_SPACE_RUNS = re.compile(r"[ \t\u00a0]{2,}")
_STYLE = (
    "white-space: pre-wrap; font-size: 0.9rem; line-height: 1.45; padding: 0.6rem 0.8rem; "
    "border-left: 3px solid #0072B2; background: rgba(0, 114, 178, 0.06); border-radius: 0.25rem;"
)
_MARK_STYLE = "background: #F0E442; color: #000; padding: 0 0.1em; border-radius: 0.15em;"


def has_span(text: str | None, start: int | None, end: int | None) -> bool:
    """Whether [start, end) is a usable span of `text`."""
    return (text is not None and start is not None and end is not None
            and 0 <= int(start) <= int(end) <= len(text))


def snippet_html(text: str, start: int, end: int, *, context: int = CONTEXT_CHARS) -> str:
    """Return an HTML block of the text around [start, end) with the span in <mark>, all text escaped.

    The context stops at the nearest paragraph break (blank line) that still leaves some words on
    that side, so the reader sees the sentence the fact came from and its neighbour when the
    fact stands on a line of its own; long runs of blank lines and spaces (common in converted
    documents) are collapsed for display only.
    """
    start, end = int(start), int(end)
    span = text[start:end]
    lead, tail = len(span) - len(span.lstrip()), len(span) - len(span.rstrip())
    start, end = (start + lead, end - tail) if span.strip() else (start, end)
    left = _left_context(text[max(0, start - context):start], cut=start - context > 0)
    right = _left_context(text[end:end + context][::-1], cut=end + context < len(text))[::-1]
    parts = (_tidy(left).lstrip(), _tidy(text[start:end]), _tidy(right).rstrip())
    before, mark, after = (html.escape(p) for p in parts)
    return (f'<div class="evidence" style="{_STYLE}">{before}'
            f'<mark style="{_MARK_STYLE}">{mark}</mark>{after}</div>')


def _left_context(window: str, *, cut: bool) -> str:
    """Return the end of `window` from its last paragraph break that keeps MIN_WORDS words, else the
    window from its first whole word with an ellipsis when the text went on (the right side is
    handled by reversing the text)."""
    for brk in reversed(list(_PARAGRAPH.finditer(window))):
        if len(window[brk.end():].split()) >= MIN_WORDS:
            return window[brk.end():]
    if not cut:
        return window
    first_space = re.search(r"\s", window)
    return "…" + (window[first_space.end():] if first_space else window)


def _tidy(part: str) -> str:
    collapsed = _SPACE_RUNS.sub(" ", _BLANK_RUNS.sub("\n", part))
    return re.sub(r"\n[ \t\u00a0]+", "\n", collapsed)


def show_evidence(label: str, text: str | None, start: int | None, end: int | None, *,
                  expanded: bool = False) -> None:
    """Render an expander titled `label` (shown as text) holding the highlighted source text, or a note when there
    is none."""
    with st.expander(plain(label), expanded=expanded, icon=":material/format_quote:"):
        if has_span(text, start, end):
            st.html(snippet_html(text, start, end))
            st.caption(f"Characters {int(start):,}–{int(end):,} of the source text.")
        else:
            st.caption("No evidence span was recorded for this fact.")
