"""Normalise a document's text before it is parsed, keeping a map back to the original characters.

The parser reads the normalised text; every span it finds is mapped back with `CleanText.span`, so evidence
always points into the text that is stored. What is normalised, in one pass:

- Unicode compatibility forms (NFKC: ligatures, full-width letters), curly quotes, dashes, no-break and other
  odd spaces, zero-width characters; the replacement character U+FFFD between letters is an apostrophe
  ("Analyst\ufffds" -> "Analyst's"), elsewhere a space;
- Windows-1252 text decoded as UTF-8 twice ("â€™" -> "'"), and HTML entities left in text (`&amp;`);
- Markdown that is not structure: emphasis markers (`**`, `__`), backslash escapes, link targets
  ("[text](url)" -> "text"), block-quote markers at a line start (">Salary:"); headings (`#`) are kept;
- runs of spaces and tabs (one space);
- PDF layout: a word hyphenated at a line end is joined ("experi-\\nence"), and a hard line wrap inside a
  sentence (a long line not ending a sentence, the next line starting in lower case) becomes a space.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

# Characters replaced outright (after NFKC, which already turns most odd spaces into " ").
_CHAR_TABLE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ", "\u00ad": "",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u2022": "\u2022", "\u2026": "...",
}
# UTF-8 bytes of common punctuation read as Windows-1252 (the NYC open-data records).
_MOJIBAKE = {
    "â€™": "'", "â€˜": "'", "â€œ": '"', "â€\x9d": '"', "â€": '"', "â€“": "-", "â€”": "-", "â€¢": "\u2022",
    "â€¦": "...", "Â ": " ", "Â·": "\u00b7",
}
_ENTITIES = {"amp": "&", "nbsp": " ", "quot": '"', "apos": "'", "lt": "<", "gt": ">", "ndash": "-", "mdash": "-",
             "rsquo": "'", "lsquo": "'", "ldquo": '"', "rdquo": '"'}

# One pattern per kind of edit, each with a literal or a character class to start from, so that every pass is a
# fast scan; their matches are merged in text order (the longer first where two start together).
_PATTERNS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (kind, needles, re.compile(pattern, re.M)) for kind, needles, pattern in (
        ("mojibake", ("â", "Â"), "|".join(sorted(map(re.escape, _MOJIBAKE), key=len, reverse=True))),
        ("entity", ("&",), r"&(?:#(?P<code>\d{2,5})|(?P<name>[a-z]{2,6}));"),
        ("hyphen", ("-\n",), r"-\n(?=[a-z])"),
        ("wrap", ("\n",), r"\n(?=[a-z(])(?![a-z][\w-]*:)"),
        ("emph", ("**", "__"), r"\*\*|__"),
        ("escape", ("\\",), r"\\(?=[\\`*_{}\[\]()#+\-.!$&<>|])"),
        ("link_open", ("](",), r"\[(?=[^\]\n]{1,200}\]\([^)\s]{1,500}\))"),
        ("link_close", ("](",), r"\]\([^)\s]{1,500}\)"),
        ("quote", (">",), r"^[ \t]*>[ \t]?"),
        ("spaces", ("  ", "\t"), r"[ \t]{2,}"),
        ("char", ("",), r"[^\x00-\x7f]"),
    ))
# A wrapped line is at least this long: a short line before a lower-case one is a list item or a heading.
_WRAP_MIN_LINE = 45


@dataclass(frozen=True)
class CleanText:
    """A document's normalised text, and how to map a span of it back to the original text."""

    text: str
    original: str
    # Edited stretches: normalised start/end and original start/end of each, in order.
    _norm_starts: list[int] = field(default_factory=list)
    _edits: list[tuple[int, int, int, int]] = field(default_factory=list)

    def position(self, pos: int, *, end: bool = False) -> int:
        """Return the original position of a normalised one (`end`: the position ends a span, so an edit that
        starts there is left out, and one it falls inside is taken whole)."""
        i = bisect.bisect_right(self._norm_starts, pos) - 1
        if i < 0:
            return pos
        n_start, n_end, o_start, o_end = self._edits[i]
        if pos == n_start:
            return o_start if end or n_end > n_start else o_end
        if pos < n_end:
            return o_end if end else o_start
        return o_end + (pos - n_end)

    def span(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """Return the original span of a normalised one (None stays None)."""
        if span is None:
            return None
        start, end = self.position(span[0]), self.position(span[1], end=True)
        return start, max(start, end)

    def slice(self, span: tuple[int, int]) -> str:
        """Return the original text under a normalised span."""
        start, end = self.span(span) or (0, 0)
        return self.original[start:end]


def clean(text: str) -> CleanText:
    """Return the normalised text and its map back to `text`."""
    pieces: list[str] = []
    norm_starts: list[int] = []
    edits: list[tuple[int, int, int, int]] = []
    at = n_len = 0
    ascii_only = text.isascii()
    found = sorted(((m.start(), -m.end(), kind, m) for kind, needles, rx in _PATTERNS
                    if (kind not in ("char", "mojibake") or not ascii_only) and any(n in text for n in needles)
                    for m in rx.finditer(text)),
                   key=lambda f: (f[0], f[1]))
    for start, neg_end, kind, m in found:
        end = -neg_end
        if start < at:
            continue  # inside an edit already made
        replacement = _replacement(kind, m, text)
        if replacement is None:
            continue
        pieces.append(text[at:start])
        n_len += start - at
        norm_starts.append(n_len)
        edits.append((n_len, n_len + len(replacement), start, end))
        pieces.append(replacement)
        n_len += len(replacement)
        at = end
    if not edits:
        return CleanText(text, text)
    pieces.append(text[at:])
    return CleanText("".join(pieces), text, norm_starts, edits)


def _replacement(kind: str, m: re.Match[str], text: str) -> str | None:
    """The normalised form of one match, or None to keep it as it is."""
    if kind == "char":
        return _char(m.group(0), text, m.start())
    if kind == "mojibake":
        return _MOJIBAKE[m.group(0)]
    if kind == "entity":
        if m.group("code"):
            code = int(m.group("code"))
            return chr(code) if 32 <= code < 0x110000 and code not in (0xFFFE, 0xFFFF) else None
        return _ENTITIES.get(m.group("name"))
    if kind == "hyphen":
        return "" if m.start() and text[m.start() - 1].islower() and text[m.start() - 1].isascii() else None
    if kind == "emph":
        if m.group(0) == "__":
            before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
            return "" if (before.isalnum() or after.isalnum()) else None
        return ""
    if kind == "wrap":
        if not m.start() or text[m.start() - 1].isspace() or text[m.start() - 1] in ".:;!?|":
            return None
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start:m.start()]
        if len(line) < _WRAP_MIN_LINE or line.lstrip().startswith(("#", "|")) or "|" in line:
            return None
        return " "
    if kind == "spaces":
        return " " if m.start() and text[m.start() - 1] != "\n" else None  # indentation is kept
    if kind == "quote":
        return "" if m.group(0).strip() == ">" else None
    return ""  # hyphen, emphasis, escape, link markers: dropped


def _char(char: str, text: str, pos: int) -> str | None:
    if char == "\ufffd":  # a character lost in the source: an apostrophe inside a word, else a space
        before, after = text[pos - 1:pos], text[pos + 1:pos + 2]
        return "'" if before.isalpha() and after.isalpha() else " "
    if char in _CHAR_TABLE:
        out = _CHAR_TABLE[char]
        return None if out == char else out
    norm = unicodedata.normalize("NFKC", char)
    if norm == char:
        return None
    return "".join(_CHAR_TABLE.get(c, c) for c in norm)
