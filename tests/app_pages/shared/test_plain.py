"""Untrusted text shown as text: Markdown escaping for Streamlit, HTML escaping for Plotly."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from app_pages.shared.plain import WORD_JOINER, chart_text, code, plain

# CommonMark with GFM tables and strikethrough: the syntax Streamlit's renderer shares.
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "[Reset Your Password](https://evil.example/login)",
    "![x](https://tracker.example/p.png)",
    "<img src=https://tracker.example/p.png>",
    "<a href='https://evil.example'>click</a>",
    "**bold** _em_ ~~gone~~ `code`",
    "# Heading",
    "1. first",
    "- item",
    "> quote",
    "| a | b |",
    "$x^2$ :red[alert] :material/home:",
    "a\\*b",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_renders_as_one_paragraph_of_exactly_that_text(text):
    rendered = MD.render(plain(text))

    assert rendered.startswith("<p>") and rendered.count("<p>") == 1
    for tag in ("<a ", "<img", "<strong", "<em", "<code", "<h1", "<ol", "<ul", "<blockquote", "<table", "<s>"):
        assert tag not in rendered
    visible = MD.renderInline(plain(text)).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert visible.replace("&quot;", '"').replace(WORD_JOINER, "") == text


def test_autolink_triggers_are_broken_by_an_invisible_joiner():
    assert plain("see https://evil.example or www.evil.example, or mail me@evil.example") == (
        f"see https{WORD_JOINER}://evil.example or www{WORD_JOINER}.evil.example, or mail me{WORD_JOINER}@evil.example"
    )


def test_ordinary_titles_pass_unchanged():
    for title in ("Immigrant Workers Specialist 2", "Staff Information Systems Analyst (Supervisor)",
                  "Payroll Supervisor, Grade 18", "2026 plan"):
        assert plain(title) == title


def test_plain_folds_whitespace_and_takes_any_value():
    assert plain("a\n\n# b") == "a # b"
    assert plain(None) == ""
    assert plain(42) == "42"


def test_code_span_cannot_be_closed_by_the_value():
    assert code("roster`](x).csv") == "`roster'](x).csv`"
    assert code("") == ""


def test_chart_text_escapes_plotlys_html_subset():
    assert chart_text("<a href='https://evil.example'>x</a> & <b>") == (
        "&lt;a href=&#x27;https://evil.example&#x27;&gt;x&lt;/a&gt; &amp; &lt;b&gt;")
    assert chart_text(None) == ""
