"""Sideways moves anywhere: other job classes ranked by how alike their title, duties and pay are to one class."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from analytics.vocabulary import EDGE_KINDS, RELATED, SAME_GRADE, SAME_LEVEL, title_key, title_key_expr

# Weights of the combined score. Duties say what the work is, so they weigh most; a title is a noisier
# proxy of the same thing (one series' levels share most words). Pay overlap is how "the same grade"
# reads across employers, whose grade codes do not compare, but it says nothing of the work, so it
# weighs least. A missing component (no duties or no pay loaded) drops out and the others are
# renormalised to sum to 1, so a score is always a weighted mean of what is known (the title always is).
WEIGHTS: dict[str, float] = {"title_score": 0.35, "duty_score": 0.45, "pay_overlap": 0.2}
DEFAULT_TOP_N = 20
# Two title words are the same word when rapidfuzz's ratio says so (>= 85 of 100): "programer" is
# "programmer", "supervisory" is "supervisor"; "senior" is not "junior", "analysis" not "analyst".
TITLE_WORD_CUTOFF = 85.0
MIN_DUTY_WORD_LENGTH = 3
SIMILAR = "similar"
KIND_WORDS = {RELATED: EDGE_KINDS[RELATED].words, SAME_LEVEL: EDGE_KINDS[SAME_LEVEL].words,
              SAME_GRADE: EDGE_KINDS[SAME_GRADE].words}
# Words that carry no duty: English function words and the boilerplate every class specification uses.
# They are keyed like duty words (title_key), so "duties" and "duty" are one stop word.
STOP_WORDS: frozenset[str] = frozenset(title_key(
    "a about above across after again against all also an and any are as at be been before being below between "
    "both but by can could do does doing during each either etc example few for from further has have having "
    "he her here his how if in include includes including into is it its may might more most must no nor not "
    "of off on once only or other others our out over own per same shall she should so some such than that "
    "the their them then there these they this those through to under until up upon us very via was we well "
    "were what when where which while who whom whose why will with within without would you your "
    "assigned assignment duty duties employee employees incumbent incumbents level perform performs performed "
    "performing position positions related required responsible responsibility responsibilities serve serves "
    "task tasks typical typically variety various work works"
).split())

CLASS_COLUMNS = ("class_id", "title", "jurisdiction_id", "jurisdiction_name", "agency", "series_id",
                 "level_in_series", "grade", "min_annual", "max_annual")
DUTY_WORD_SCHEMA = {"class_id": pl.String, "word": pl.String}
LATERAL_MATCH_SCHEMA = {
    "class_id": pl.String, "title": pl.String, "jurisdiction_id": pl.String, "jurisdiction": pl.String,
    "agency": pl.String, "grade": pl.String, "min_annual": pl.Float64, "max_annual": pl.Float64,
    "title_score": pl.Float64, "duty_score": pl.Float64, "n_shared_duty_words": pl.UInt32,
    "pay_overlap": pl.Float64, "score": pl.Float64, "kind": pl.String, "reason": pl.String,
}


def duty_word_sets(duties: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (class_id, word) of a class's duty statements, each word once: class_id, word.

    Words are keyed as titles are (vocabulary.title_key: lower case, abbreviations expanded, singular);
    stop words, numbers and words under MIN_DUTY_WORD_LENGTH letters are left out.
    Input: duties rows (class_id, duty_text).
    """
    return (
        duties.select("class_id", word=title_key_expr(pl.col("duty_text")).str.split(" "))
        .explode("word")
        .filter(
            pl.col("word").str.len_chars() >= MIN_DUTY_WORD_LENGTH,
            ~pl.col("word").str.contains(r"^\d+$"),
            ~pl.col("word").is_in(list(STOP_WORDS)),
        )
        .unique()
        .cast(DUTY_WORD_SCHEMA)
    )


def title_word_sets(classes: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (class_id, word) of a class's title key (vocabulary.title_key), each word once: class_id, word."""
    return (
        classes.select("class_id", word=title_key_expr(pl.col("title")).str.split(" "))
        .explode("word")
        .filter(pl.col("word") != "")
        .unique()
        .cast(DUTY_WORD_SCHEMA)
    )


def pay_overlap(min_a: pl.Expr, max_a: pl.Expr, min_b: pl.Expr, max_b: pl.Expr) -> pl.Expr:
    """Return how much two annual pay ranges overlap: the overlap's length over the shorter range's (0-1).

    A single amount (a range of no width) overlaps fully when it lies inside the other range. Null when
    either range is missing.
    """
    low, high = pl.max_horizontal(min_a, min_b), pl.min_horizontal(max_a, max_b)
    shorter = pl.min_horizontal(max_a - min_a, max_b - min_b)
    missing = pl.any_horizontal(min_a.is_null(), max_a.is_null(), min_b.is_null(), max_b.is_null())
    return (
        pl.when(missing).then(None)
        .when(shorter <= 0).then((high >= low).cast(pl.Float64))
        .otherwise((high - low).clip(lower_bound=0) / shorter)
    )


def combined_score(weights: dict[str, float] = WEIGHTS) -> pl.Expr:
    """Return the weighted mean of the score columns named in `weights`, over those not null in each row."""
    weighted = pl.sum_horizontal([pl.col(c).fill_null(0.0) * w for c, w in weights.items()])
    present = pl.sum_horizontal([pl.col(c).is_not_null().cast(pl.Float64) * w for c, w in weights.items()])
    return weighted / present


def title_scores(title_words: pl.LazyFrame, *, start_class_id: str) -> pl.LazyFrame:
    """One row per class: class_id, n_shared_title_words, n_title_words (of the two titles together), title_score.

    title_score is the Jaccard index of the two titles' word sets (title_word_sets rows), two words
    counting as one when rapidfuzz's ratio is >= TITLE_WORD_CUTOFF.
    """
    words = title_words.collect()
    start = words.filter(pl.col("class_id") == start_class_id)["word"].to_list()
    vocabulary = words["word"].unique().to_list()
    pairs = pl.DataFrame(schema={"start_word": pl.String, "word": pl.String})
    if start and vocabulary:
        scores = process.cdist(start, vocabulary, scorer=fuzz.ratio, score_cutoff=TITLE_WORD_CUTOFF, dtype=np.uint8)
        rows, cols = np.nonzero(scores)
        pairs = pl.DataFrame({"start_word": np.asarray(start, dtype=object)[rows].tolist(),
                              "word": np.asarray(vocabulary, dtype=object)[cols].tolist()}, schema=pairs.schema)
    # Counted on both sides, so a word matching two words (or two matching one) is one shared word.
    shared = words.join(pairs, on="word").group_by("class_id").agg(
        n_shared=pl.min_horizontal(pl.col("word").n_unique(), pl.col("start_word").n_unique())
    )
    n_shared = pl.col("n_shared").fill_null(0)
    return (
        words.group_by("class_id").agg(n_words=pl.len())
        .join(shared, on="class_id", how="left")
        .lazy()
        .select(
            "class_id",
            n_shared_title_words=n_shared,
            n_title_words=pl.lit(len(start), pl.UInt32) + pl.col("n_words") - n_shared,
        )
        .with_columns(title_score=pl.col("n_shared_title_words") / pl.col("n_title_words").clip(lower_bound=1))
    )


def duty_scores(duty_words: pl.LazyFrame, *, start_class_id: str) -> pl.LazyFrame:
    """One row per class with duties, when the start class has some: class_id, n_shared_duty_words, duty_score.

    duty_score is the Jaccard index of the two classes' duty word sets (duty_word_sets rows).
    """
    start = duty_words.filter(pl.col("class_id") == start_class_id).select("word")
    n_start = start.select(pl.len()).collect().item()
    if n_start == 0:
        return pl.LazyFrame(schema={"class_id": pl.String, "n_shared_duty_words": pl.UInt32, "duty_score": pl.Float64})
    shared = duty_words.join(start, on="word", how="semi").group_by("class_id").agg(n_shared_duty_words=pl.len())
    return (
        duty_words.group_by("class_id").agg(n_words=pl.len())
        .join(shared, on="class_id", how="left")
        .with_columns(pl.col("n_shared_duty_words").fill_null(0))
        .select(
            "class_id", "n_shared_duty_words",
            duty_score=pl.col("n_shared_duty_words") / (n_start + pl.col("n_words") - pl.col("n_shared_duty_words")),
        )
    )


def lateral_matches(classes: pl.LazyFrame, title_words: pl.LazyFrame, duty_words: pl.LazyFrame, *, start_class_id: str,
                    related_class_ids: Sequence[str] = (), excluded_class_ids: Sequence[str] = (),
                    jurisdiction_ids: Sequence[str] = (), top_n: int = DEFAULT_TOP_N) -> pl.LazyFrame:
    """One row per other class, best first, at most top_n (LATERAL_MATCH_SCHEMA): title, jurisdiction, agency,
    grade, pay range, title_score, duty_score, pay_overlap, the combined score, kind and the reason in words.

    Every class but the start (and `excluded_class_ids`, e.g. the titles up its ladder: a promotion is not a
    sideways move) is scored, in any jurisdiction, or only in `jurisdiction_ids` when given. score is
    combined_score(WEIGHTS). kind: "related" for the stated related classes, "same level" for another class at
    the start's level of its series, "same grade" for the same grade in the start's jurisdiction, else
    "similar" (in that order of precedence, as the ladder's sideways moves). A "similar" class is listed only
    when its title or its duties share a word with the start's: pay alone says nothing of the work.

    Args:
        classes: one row per class with CLASS_COLUMNS (agency, min_annual and max_annual may be null).
        title_words: title_word_sets rows of `classes`; duty_words: duty_word_sets rows (both made once).
        start_class_id: the class moved from; LookupError when `classes` has no such class.
    """
    start = classes.filter(pl.col("class_id") == start_class_id).collect()
    if start.is_empty():
        raise LookupError(f"no job class {start_class_id!r}")
    s = start.row(0, named=True)
    candidates = classes.filter(~pl.col("class_id").is_in([start_class_id, *excluded_class_ids]))
    if jurisdiction_ids:
        candidates = candidates.filter(pl.col("jurisdiction_id").is_in(list(jurisdiction_ids)))
    scored = (
        candidates.select(CLASS_COLUMNS)
        .join(title_scores(title_words, start_class_id=start_class_id), on="class_id", how="left")
        .join(duty_scores(duty_words, start_class_id=start_class_id), on="class_id", how="left")
        .with_columns(
            pay_overlap=pay_overlap(pl.lit(s["min_annual"], pl.Float64), pl.lit(s["max_annual"], pl.Float64),
                                    pl.col("min_annual"), pl.col("max_annual")),
            kind=_kind(s, related_class_ids),
        )
        .filter(_shares_work())
        .with_columns(score=combined_score())
        .sort(["score", "title_score", "title", "class_id"], descending=[True, True, False, False], nulls_last=True)
        .head(top_n)
    )
    return scored.with_columns(jurisdiction=pl.col("jurisdiction_name"), reason=_reason()).select(
        list(LATERAL_MATCH_SCHEMA)).cast(LATERAL_MATCH_SCHEMA)


def _shares_work() -> pl.Expr:
    """Whether a candidate is linked to the start, or shares a title or duty word with it."""
    shared = (pl.col("n_shared_title_words") > 0) | (pl.col("n_shared_duty_words").fill_null(0) > 0)
    return shared | (pl.col("kind") != SIMILAR)


def _kind(start: dict, related_class_ids: Sequence[str]) -> pl.Expr:
    same_level = _same(start, ["series_id", "level_in_series"])
    same_grade = _same(start, ["jurisdiction_id", "grade"])
    return (
        pl.when(pl.col("class_id").is_in(list(related_class_ids))).then(pl.lit(KIND_WORDS[RELATED]))
        .when(same_level).then(pl.lit(KIND_WORDS[SAME_LEVEL]))
        .when(same_grade).then(pl.lit(KIND_WORDS[SAME_GRADE]))
        .otherwise(pl.lit(SIMILAR))
    )


def _same(start: dict, columns: list[str]) -> pl.Expr:
    """Whether a row has the start's values of every column, all stated (an unstated value matches nothing)."""
    if any(start[c] is None for c in columns):
        return pl.lit(False)
    return pl.all_horizontal([(pl.col(c) == start[c]).fill_null(False) for c in columns])


def _two_places(score: pl.Expr) -> pl.Expr:
    """A 0-1 score as text with two decimals ("0.80"): Polars prints 0.8 for 0.80."""
    return score.round(2).cast(pl.String).str.pad_end(4, "0")


def _words(count: str) -> pl.Expr:
    return pl.when(pl.col(count) == 1).then(pl.lit("word")).otherwise(pl.lit("words"))


def _reason() -> pl.Expr:
    """Why a class matches, in words: "title shares 4 of 6 words (0.67), duties share 14 words (0.31),
    pay ranges overlap 75%"."""
    title = pl.format("title shares {} of {} {} ({})", "n_shared_title_words", "n_title_words",
                      _words("n_title_words"), _two_places(pl.col("title_score")))
    duties = (
        pl.when(pl.col("duty_score").is_null()).then(pl.lit("no duties to compare"))
        .otherwise(pl.format("duties share {} {} ({})", "n_shared_duty_words", _words("n_shared_duty_words"),
                             _two_places(pl.col("duty_score"))))
    )
    percent = (pl.col("pay_overlap") * 100).round(0).cast(pl.Int64).cast(pl.String)
    pay = (
        pl.when(pl.col("pay_overlap").is_null()).then(pl.lit("pay not loaded"))
        .when(pl.col("pay_overlap") == 0).then(pl.lit("pay ranges do not overlap"))
        .otherwise(pl.format("pay ranges overlap {}%", percent))
    )
    return pl.concat_str([title, duties, pay], separator=", ")
