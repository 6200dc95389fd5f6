"""The shared vocabulary: education ranks, edge kinds, pay units and the one title key."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.vocabulary import (
    EDGE_KINDS,
    EDUCATION_LABELS,
    EDUCATION_LEVELS,
    EDUCATION_RANK,
    EDUCATION_WORDS,
    PAY_UNITS,
    PERIODS_PER_YEAR,
    STATED_EDGE_KINDS,
    TITLE_TIME_EDGE_KINDS,
    UPWARD_EDGE_KINDS,
    edge_words,
    meets_education,
    title_key,
    title_key_expr,
)
from tests.paths import REPO_ROOT

TITLES = [
    ("Immigrant Community Specialists", "immigrant community specialist"),
    ("IMMIGRANT WORKERS SPECIALISTS 1", "immigrant worker specialist 1"),
    ("Sr. Immigration Specialist", "senior immigration specialist"),
    ("Social Services Worker II", "social service worker 2"),
    ("Boxes & Classes Analyst", "box and class analyst"),
    ("Status Bus Clerk", "status bus clerk"),
    ("Asst. Dir., Human Resources", "assistant director human resource"),
    ("  Payroll   Supervisor  ", "payroll supervisor"),
    ("", ""),
]


@pytest.mark.parametrize(("title", "key"), TITLES)
def test_title_key(title, key):
    assert title_key(title) == key


@pytest.mark.parametrize(("title", "key"), TITLES)
def test_title_key_expr_is_the_same_rule(title, key):
    assert pl.select(title_key_expr(pl.lit(title))).item() == key


def test_both_title_keys_agree_on_every_bundled_title():
    lines = [
        line.strip() for path in sorted((REPO_ROOT / "data" / "demo" / "specs").rglob("*.txt"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:40] if 3 <= len(line.strip()) <= 100
    ]
    assert len(lines) > 200
    vectorised = pl.DataFrame({"title": lines}).select(title_key_expr(pl.col("title")))["title"].to_list()
    assert vectorised == [title_key(t) for t in lines]


@pytest.mark.parametrize(
    ("held", "required", "expected"),
    [
        ("doctorate", "master", True), ("master", "doctorate", False), ("bachelor", "coursework", True),
        ("high_school", "coursework", False), ("law", "bachelor", True), ("law", "master", False),
        ("doctorate", "law", False), ("law", "law", True), ("none", "none", True), ("associate", "bachelor", False),
        ("coursework", "coursework", True), ("coursework", "associate", False),
    ],
)
def test_meets_education_ranks(held, required, expected):
    assert meets_education(held, required) is expected


def test_every_education_level_is_ranked_labelled_and_worded():
    assert "coursework" in EDUCATION_LEVELS
    assert set(EDUCATION_RANK) == set(EDUCATION_LABELS) == set(EDUCATION_WORDS) == set(EDUCATION_LEVELS)


def test_edge_kinds():
    assert set(STATED_EDGE_KINDS) < set(EDGE_KINDS)
    assert UPWARD_EDGE_KINDS == ("promotional_line", "feeder", "series", "supervision")
    assert TITLE_TIME_EDGE_KINDS == ("promotional_line", "feeder")
    assert edge_words("promotional_line") == "promotional line"
    assert edge_words("unheard_of") == "unheard_of"


def test_pay_units():
    assert PAY_UNITS == ("hourly", "biweekly", "semi-monthly", "monthly", "yearly")
    assert PERIODS_PER_YEAR["hourly"] == 2080.0
