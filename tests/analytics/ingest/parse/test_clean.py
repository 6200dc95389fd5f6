"""Stage 1, normalising the text: what changes, and that every span maps back into the original text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.ingest.parse.clean import clean


@pytest.mark.parametrize(("raw", "expected"), [
    # curly quotes and dashes (LA bulletins, NEOGOV postings)
    ("a master’s degree — $50,000 – $60,000", "a master's degree - $50,000 - $60,000"),
    # U+FFFD left in CalHR pages: an apostrophe between letters, else a space
    ("the Analyst\ufffds duties \ufffd and", "the Analyst's duties   and"),
    # no-break and thin spaces, a soft hyphen, a zero-width space, a ligature (Google Docs PDF: "Proﬁle")
    ("Performance\u00a0Pro\ufb01le:\u200b GS\u201114 co\u00adordinator", "Performance Profile: GS-14 coordinator"),
    # UTF-8 read as Windows-1252 in the NYC open-data records
    ("a Stateâ€™s Department", "a State's Department"),
    # HTML entities left in text
    ("Elections &amp; Voter Registration &#39;Director&#39;", "Elections & Voter Registration 'Director'"),
    # Markdown emphasis, escapes, links and block quotes (digital-service postings); headings are kept
    (">Salary: \\$72,000\n## **Job Title:** [Design Lead](https://x.example/a)", "Salary: $72,000\n## Job Title: Design Lead"),
    # runs of spaces inside a line (NYC records), indentation kept
    ("  Salary Range From:    90000", "  Salary Range From: 90000"),
    # PDF layout: a word hyphenated at a line end, a hard wrap inside a sentence
    ("one year of specialized experience equivalent to the next\nlower grade in the Federal experi-\nence",
     "one year of specialized experience equivalent to the next lower grade in the Federal experience"),
])
def test_what_normalisation_changes(raw, expected):
    assert clean(raw).text == expected


@pytest.mark.parametrize("raw", [
    "Minimum Qualifications\nTwo years of experience\n- a list item\n",  # short lines are not wraps
    "title: \"Digital Service Expert: Technical Lead\"\norg: \"Colorado Digital Service\"",  # front matter keys
    "A plain ASCII class spec with nothing to change.",
])
def test_text_that_stays_as_it_is(raw):
    assert clean(raw).text == raw


def test_spans_of_words_map_back_onto_the_same_words():
    raw = "The Analyst’s **duties** — see [the spec](https://x.example/s) &amp; its experi-\nence\u00a0rules"
    cleaned = clean(raw)

    for m in re.finditer(r"[A-Za-z']+", cleaned.text):
        original = cleaned.slice(m.span())
        assert re.sub(r"[’\-\n]", lambda c: {"’": "'"}.get(c.group(0), ""), original) == m.group(0)


def test_a_span_over_a_removed_marker_covers_the_marker_and_not_more():
    raw = "x **Bold Title** y"
    cleaned = clean(raw)

    start = cleaned.text.index("Bold")
    end = start + len("Bold Title")
    assert raw[slice(*cleaned.span((start, end)))] == "Bold Title"
    assert cleaned.span(None) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n-*_[]()#>&;’—\u00a0\ufffdâ€™\\1.:")), max_size=60))
def test_every_span_maps_inside_the_original_and_in_order(raw):
    cleaned = clean(raw)
    n = len(cleaned.text)
    previous = 0
    for pos in range(n + 1):
        start, end = cleaned.span((pos, pos))
        assert 0 <= start <= end <= len(raw)
        assert start >= previous
        previous = start
    start, end = cleaned.span((0, n))
    assert start == cleaned.position(0) and end == max(start, cleaned.position(n, end=True))
