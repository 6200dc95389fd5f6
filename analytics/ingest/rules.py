"""The extractor's rule tables as a list of rules, and which documents each rule fires on.

A rule is one pattern or synonym of a table (patterns.py, the date and grade tables): each alternative of a
pattern written as "a|b|c" is a rule of its own, so that a literal added for one document shows as firing on
one document. Where a rule fires is read from the normalised text of each document, in the part of it the
parser applies the table to: heading rules (HEADING_KINDS, HEADING_WORDS) on heading lines, the others on the
whole text. This is the evidence that a rule carries over: a literal must fire on at least two documents of
the development corpus, or come with a test in a second wording (tests/analytics/ingest/test_rules.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from analytics.ingest.parse import patterns
from analytics.ingest.parse.relations import DATE_RULES
from analytics.ingest.parse.salary import GRADE_PATTERNS
from analytics.ingest.parse.sections import heading_kind, lines

HEADING = "heading lines"
TEXT = "text"


@dataclass(frozen=True)
class Rule:
    """One alternative of a rule table: the table (and entry) it belongs to, the literal as written, where it
    applies and its compiled pattern."""

    table: str
    literal: str
    scope: str
    pattern: re.Pattern[str]

    @property
    def rule_id(self) -> str:
        return f"{self.table}: {self.literal}"


def alternatives(regex: str) -> list[str]:
    """Split a regular expression at its top-level "|" (an outer non-capturing group is opened first)."""
    body = regex
    while body.startswith("(?:") and _closing(body, 0) == len(body) - 1:
        body = body[3:-1]
    out, start = [], 0
    for i, char, depth in _structure(body):
        if char == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
    out.append(body[start:])
    return [alt for alt in out if alt]


def _closing(regex: str, at: int) -> int:
    """The index of the parenthesis that closes the one at `at` (-1 when unbalanced)."""
    return next((i for i, char, depth in _structure(regex, at) if char == ")" and depth == 0), -1)


def _structure(regex: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Yield (index, character, parenthesis depth after it) for each character of `regex` from `start` that is
    neither escaped nor inside a character class."""
    depth, i, in_class = 0, start, False
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            depth += {"(": 1, ")": -1}.get(char, 0)
            yield i, char, depth
        i += 1


def rules() -> list[Rule]:
    """Every rule of the extractor's tables."""
    out: list[Rule] = []

    def add(table: str, regex: str, scope: str, flags: int = re.I) -> None:
        for alt in alternatives(regex):
            try:
                out.append(Rule(table, alt, scope, re.compile(alt, flags)))
            except re.error:  # an alternative that needs its neighbours (a lookbehind split off): keep whole
                out.append(Rule(table, regex, scope, re.compile(regex, flags)))
                return

    for kind, regex in patterns.HEADING_KINDS:
        add(f"HEADING_KINDS[{kind}]", regex, HEADING, re.I | re.M)
    for word in sorted(patterns.HEADING_WORDS):
        out.append(Rule("HEADING_WORDS", word, HEADING, re.compile(rf"\b{re.escape(word)}\b", re.I)))
    for level, regex in patterns.EDUCATION_PATTERNS:
        add(f"EDUCATION_PATTERNS[{level}]", regex, TEXT)
    for synonym in patterns.UNIT_SYNONYMS:  # a pay unit is said after an amount ("$25.10 hourly", "$4,523/mo")
        unit = re.escape(synonym)
        pattern = re.compile(rf"\$[\d,.]+\s*(?:/|per\s+|an?\s+)?\s*{unit}\b", re.I)
        out.append(Rule("UNIT_SYNONYMS", synonym, TEXT, pattern))
    for regex, name in patterns.JURISDICTION_PATTERNS:
        add(f"JURISDICTION_PATTERNS[{name}]", regex, TEXT, 0)
    add("CLASS_REFERENCE", patterns.CLASS_REFERENCE, TEXT)
    add("TITLE_LABELS", patterns.TITLE_LABELS, TEXT)
    for k, regex in enumerate(patterns.TITLE_PROSE):
        out.append(Rule("TITLE_PROSE", f"pattern {k + 1}", TEXT, re.compile(regex, re.M)))
    add("TITLE_HEAD_NOUNS", patterns.TITLE_HEAD_NOUNS, TEXT, 0)
    add("NOT_A_TITLE_WORDS", patterns.NOT_A_TITLE_WORDS, TEXT)
    add("SUBSTITUTION_WORDS", patterns.SUBSTITUTION_WORDS, TEXT)
    for k, rx in enumerate(patterns.CLASSIFICATION_PATTERNS):
        out.append(Rule("CLASSIFICATION_PATTERNS", f"pattern {k + 1}", TEXT, re.compile(rx.pattern, rx.flags | re.I)))
    for k, (rx, _) in enumerate(DATE_RULES):
        out.append(Rule("DATE_RULES", f"pattern {k + 1}: {rx.pattern[:40]}", TEXT, rx))
    for k, rx in enumerate(GRADE_PATTERNS):
        out.append(Rule("GRADE_PATTERNS", f"pattern {k + 1}: {rx.pattern[:40]}", TEXT, rx))
    return out


def heading_text(text: str) -> str:
    """The labels of a (normalised) document's headings, one per line, lower case without markup, numbering or
    a trailing colon: what the heading rules apply to."""
    labels = []
    for ln in lines(text):
        if heading_kind(ln.text) is not None:
            label = re.sub(r"^[\s#=*]+|[\s=*:]+$", "", ln.text.split(":")[0] if ":" in ln.text else ln.text)
            labels.append(" ".join(label.lower().replace("&", " and ").split()))
    return "\n".join(labels)


def fired(all_rules: Iterable[Rule], documents: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Return, for each rule id, the names of the documents it fires on; `documents` are (name, normalised
    text)."""
    table = list(all_rules)
    out: dict[str, list[str]] = {rule.rule_id: [] for rule in table}
    for name, text in documents:
        scopes = {TEXT: text, HEADING: heading_text(text)}
        for rule in table:
            if rule.pattern.search(scopes[rule.scope]):
                out[rule.rule_id].append(name)
    return out


def weak(hits: dict[str, list[str]], minimum: int = 2) -> Iterator[tuple[str, int]]:
    """The rules that fire on fewer than `minimum` documents, with their count."""
    for rule_id, docs in hits.items():
        if len(docs) < minimum:
            yield rule_id, len(docs)
