"""Lateral matches: title, duty and pay-range similarity of one class to every other, their weights and reasons."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.ladders.lateral_match import (
    LATERAL_MATCH_SCHEMA,
    WEIGHTS,
    combined_score,
    duty_scores,
    duty_word_sets,
    lateral_matches,
    pay_overlap,
    title_scores,
    title_word_sets,
)

CLASS_SCHEMA = {
    "class_id": pl.String, "title": pl.String, "jurisdiction_id": pl.String, "jurisdiction_name": pl.String,
    "agency": pl.String, "series_id": pl.String, "level_in_series": pl.Int32, "grade": pl.String,
    "min_annual": pl.Float64, "max_annual": pl.Float64,
}
CA, LA = ("ca", "State of California"), ("la", "City of Los Angeles")
CLASSES = pl.LazyFrame(
    [
        ("aisa", "Associate Information Systems Analyst (Specialist)", *CA, None, "isa", 2, "A", 60_000.0, 80_000.0),
        ("aisu", "Associate Information Systems Analyst (Supervisor)", *CA, None, "isa", 2, "B", None, None),
        ("staff", "Staff Information Systems Analyst (Specialist)", *CA, None, "isa", 3, "C", 70_000.0, 100_000.0),
        ("spa", "Staff Programmer Analyst (Specialist)", *CA, None, "spa", 3, "D", 90_000.0, 110_000.0),
        ("clerk", "Records Clerk", *CA, None, None, None, "A", 40_000.0, 50_000.0),
        ("sysp", "Systems Programer", *LA, "Department of Water and Power", None, None, "9", 75_000.0, 95_000.0),
        ("guard", "Security Officer", *LA, None, None, None, "9", 60_000.0, 80_000.0),
    ],
    schema=CLASS_SCHEMA, orient="row",
)
DUTIES = pl.LazyFrame({
    "class_id": ["aisa", "aisa", "staff", "sysp", "guard"],
    "duty_text": ["Reviews contracts and audits invoices.", "Reviews contracts.", "Audits invoices; prepares budgets.",
                  "Writes 12 programs for the systems.", "Patrols buildings."],
})


def matches(**options) -> pl.DataFrame:
    return lateral_matches(CLASSES, title_word_sets(CLASSES), duty_word_sets(DUTIES), start_class_id="aisa",
                           **options).collect()


def test_title_score_is_the_jaccard_index_of_the_title_words():
    # "associate information system analyst specialist" vs "staff information system analyst specialist":
    # 4 shared words of 6 in all.
    scores = title_scores(title_word_sets(CLASSES), start_class_id="aisa").collect()

    staff = scores.filter(pl.col("class_id") == "staff").row(0, named=True)
    assert (staff["n_shared_title_words"], staff["n_title_words"]) == (4, 6)
    assert staff["title_score"] == pytest.approx(4 / 6)
    assert scores.filter(pl.col("class_id") == "clerk")["title_score"].item() == 0.0


def test_a_misspelt_title_word_is_the_same_word():
    # "Systems Programer" shares "programer" ~ "programmer" with "Staff Programmer Analyst (Specialist)":
    # 1 shared of 5 words in all.
    scores = title_scores(title_word_sets(CLASSES), start_class_id="spa").collect()

    assert scores.filter(pl.col("class_id") == "sysp").select("n_shared_title_words", "n_title_words").row(0) == (1, 5)


def test_duty_words_are_keyed_without_stop_words_or_numbers():
    words = duty_word_sets(DUTIES).collect()

    assert sorted(words.filter(pl.col("class_id") == "aisa")["word"]) == ["audit", "contract", "invoice", "review"]
    assert sorted(words.filter(pl.col("class_id") == "sysp")["word"]) == ["program", "system", "write"]


def test_duty_score_is_the_jaccard_index_of_the_duty_words():
    # {review, contract, audit, invoice} and {audit, invoice, prepare, budget}: 2 shared of 6.
    scores = duty_scores(duty_word_sets(DUTIES), start_class_id="aisa").collect().sort("class_id")

    assert scores.filter(pl.col("class_id") == "staff").select("n_shared_duty_words", "duty_score").row(0) == (
        2, pytest.approx(1 / 3))
    assert scores.filter(pl.col("class_id") == "guard")["duty_score"].item() == 0.0
    assert "clerk" not in scores["class_id"]  # no duties loaded: no score, not a zero


def test_a_start_without_duties_scores_no_class_on_duties():
    assert duty_scores(duty_word_sets(DUTIES), start_class_id="clerk").collect().is_empty()


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((50_000.0, 70_000.0), (60_000.0, 100_000.0), 0.5),   # 10,000 of the shorter 20,000
    ((50_000.0, 70_000.0), (40_000.0, 100_000.0), 1.0),   # one inside the other
    ((50_000.0, 70_000.0), (80_000.0, 90_000.0), 0.0),    # apart
    ((50_000.0, 70_000.0), (70_000.0, 90_000.0), 0.0),    # touching at one amount
    ((60_000.0, 60_000.0), (50_000.0, 70_000.0), 1.0),    # a single amount inside the range
    ((80_000.0, 80_000.0), (50_000.0, 70_000.0), 0.0),    # a single amount outside it
    ((50_000.0, 70_000.0), (None, None), None),           # no pay loaded
])
def test_pay_overlap_is_the_overlap_over_the_shorter_range(a, b, expected):
    frame = pl.DataFrame([(*a, *b)], schema=dict.fromkeys(("min_a", "max_a", "min_b", "max_b"), pl.Float64),
                         orient="row")

    got = frame.select(overlap=pay_overlap(*(pl.col(c) for c in frame.columns))).item()

    assert got == (pytest.approx(expected) if expected is not None else None)


def test_the_weights_renormalise_over_the_scores_loaded():
    scores = pl.DataFrame({"title_score": [0.5, 0.5, 0.5], "duty_score": [0.25, 0.25, None],
                           "pay_overlap": [1.0, None, None]})

    got = scores.select(score=combined_score())["score"].to_list()

    assert sum(WEIGHTS.values()) == pytest.approx(1.0)
    assert got == pytest.approx([
        0.35 * 0.5 + 0.45 * 0.25 + 0.2 * 1.0,
        (0.35 * 0.5 + 0.45 * 0.25) / 0.8,   # no pay: title and duties share its weight
        0.5,                                # title alone
    ])


def test_matches_rank_every_other_class_with_its_kind_and_reason():
    found = matches(related_class_ids=["spa"])

    assert found.schema == pl.Schema(LATERAL_MATCH_SCHEMA)
    assert found["class_id"].to_list() == ["aisu", "staff", "spa", "sysp", "clerk"]
    # The parallel class has only its title to go on, so its score is its title score.
    aisu = found.row(0, named=True)
    assert (aisu["kind"], aisu["score"]) == ("same level", pytest.approx(4 / 6))
    assert aisu["reason"] == "title shares 4 of 6 words (0.67), no duties to compare, pay not loaded"
    staff = found.row(1, named=True)
    assert staff["kind"] == "similar"
    assert staff["pay_overlap"] == pytest.approx(0.5)  # 70,000-80,000 of the shorter 20,000
    assert staff["score"] == pytest.approx(0.35 * 4 / 6 + 0.45 / 3 + 0.2 * 0.5)
    assert staff["reason"] == "title shares 4 of 6 words (0.67), duties share 2 words (0.33), pay ranges overlap 50%"
    spa = found.row(2, named=True)
    assert (spa["kind"], spa["score"]) == ("related", pytest.approx(0.35 * 2 / 7 / 0.55))
    sysp = found.row(3, named=True)
    assert (sysp["jurisdiction"], sysp["agency"]) == ("City of Los Angeles", "Department of Water and Power")
    assert sysp["reason"] == "title shares 1 of 6 words (0.17), duties share 0 words (0.00), pay ranges overlap 25%"


def test_a_same_grade_class_is_listed_without_a_shared_word_and_an_unlinked_one_is_not():
    found = matches()

    clerk = found.filter(pl.col("class_id") == "clerk").row(0, named=True)
    assert clerk["kind"] == "same grade"  # grade A in the same jurisdiction
    assert clerk["reason"] == "title shares 0 of 7 words (0.00), no duties to compare, pay ranges do not overlap"
    # The guard shares no title or duty word and no grade with the start: pay alone says nothing of the work.
    assert "guard" not in found["class_id"]


def test_excluded_classes_jurisdictions_and_top_n_narrow_the_list():
    assert "staff" not in matches(excluded_class_ids=["staff"])["class_id"]
    assert matches(jurisdiction_ids=["la"])["class_id"].to_list() == ["sysp"]
    assert matches(top_n=2)["class_id"].to_list() == ["aisu", "staff"]


def test_a_start_with_no_words_in_common_returns_an_empty_frame_of_the_schema():
    lone = pl.LazyFrame([("x", "Zookeeper", *CA, None, None, None, None, None, None)], schema=CLASS_SCHEMA,
                        orient="row")
    both = pl.concat([lone, CLASSES.filter(pl.col("class_id") == "guard")])

    found = lateral_matches(both, title_word_sets(both), duty_word_sets(DUTIES), start_class_id="x").collect()

    assert_frame_equal(found, pl.DataFrame(schema=LATERAL_MATCH_SCHEMA))


def test_an_unknown_start_class_is_a_lookup_error():
    with pytest.raises(LookupError, match="no job class 'nope'"):
        lateral_matches(CLASSES, title_word_sets(CLASSES), duty_word_sets(DUTIES), start_class_id="nope")
