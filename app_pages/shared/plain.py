"""Untrusted text shown as text: what comes from a document, an upload or a URL never renders as markup.

Streamlit renders Markdown (with GitHub's autolinks) in headers, captions, alerts, metric and expander
labels; Plotly renders a subset of HTML (<a>, <b>, <br>) in chart text. `plain` makes a value safe for
the first, `chart_text` for the second.
"""

from __future__ import annotations

import html
import re

# The characters that start Markdown syntax anywhere in a line: emphasis (* ~, and _ unless inside a word,
# where CommonMark never reads it as emphasis), code (`), links and images ([ ]), HTML and entities (< > &),
# LaTeX ($), tables (|), escapes themselves (\\) and Streamlit's ":name:" shortcodes and ":colour[text]"
# directives (a colon before a word character). CommonMark lets each be backslash-escaped. Whitespace is
# folded to one line, so block syntax (headings, lists, quotes) can only start the text: a leading marker is
# escaped too.
_MARKDOWN_INLINE = re.compile(r"[\\`*~\[\]<>&$|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|:(?=[\w+-])")
_MARKDOWN_BLOCK_START = re.compile(r"^(\d*)([#>+=.)-])")
# GitHub-flavoured autolinks are found in the text after escapes are resolved ("https://x", "www.x",
# "a@b.c"): a word joiner (U+2060, invisible) inside the trigger keeps them plain text.
_AUTOLINK_TRIGGER = re.compile(r"(?i)(https?|ftp|mailto|file|www)(?=[:.])|(?=@)")
WORD_JOINER = "\u2060"


def plain(value: object) -> str:
    """Return `value` as text that Markdown shows exactly as written (no link, image, emphasis or HTML)."""
    text = " ".join(str(value).split()) if value is not None else ""
    text = _AUTOLINK_TRIGGER.sub(lambda m: (m.group(1) or "") + WORD_JOINER, text)
    text = _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(0), text)
    return _MARKDOWN_BLOCK_START.sub(r"\1\\\2", text)


def code(value: object) -> str:
    """Return `value` as a Markdown code span (shown as typed, never rendered); a backtick inside becomes '."""
    text = " ".join(str(value).split()).replace("`", "'")
    return f"`{text}`" if text else ""


def chart_text(value: object) -> str:
    """Return `value` as text that Plotly shows exactly as written (its HTML subset escaped)."""
    return html.escape("" if value is None else str(value), quote=True)
