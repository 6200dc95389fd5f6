"""Match titles stated in documents (promotional lines, related classes) to loaded job classes."""

from __future__ import annotations

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from analytics.vocabulary import title_key_expr

LEVEL_SUFFIX = r" (\d{1,2})$"

EXACT = 1.0        # same title ignoring case
SAME_KEY = 0.95    # same after punctuation, abbreviations and plural/singular
SERIES_NAME = 0.9  # the title names a whole series ("Immigrant Community Specialists" -> levels 1..3)
FUZZY = 0.9        # scale on a rapidfuzz score, so a fuzzy match never outranks an exact one
DEFAULT_THRESHOLD = 90.0

MATCH_SCHEMA = {"title": pl.String, "class_id": pl.String, "confidence": pl.Float64, "method": pl.String}


def series_key(key: pl.Expr) -> pl.Expr:
    """Return a matching key without its trailing level number ("immigrant worker specialist 2" -> series)."""
    return key.str.replace(LEVEL_SUFFIX, "")


def class_keys(classes: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (class_id, key) a class answers to: class_id, class_title, key, confidence, method."""
    keyed = classes.select("class_id", pl.col("title").alias("class_title"), key=title_key_expr(pl.col("title")))
    by_title = keyed.with_columns(confidence=pl.lit(SAME_KEY), method=pl.lit("title"))
    by_level_stem = keyed.filter(pl.col("key").str.contains(LEVEL_SUFFIX)).with_columns(
        key=series_key(pl.col("key")), confidence=pl.lit(SERIES_NAME), method=pl.lit("series")
    )
    by_series_name = classes.filter(pl.col("series_name").is_not_null()).select(
        "class_id",
        pl.col("title").alias("class_title"),
        key=title_key_expr(pl.col("series_name")),
        confidence=pl.lit(SERIES_NAME),
        method=pl.lit("series"),
    )
    return pl.concat([by_title, by_level_stem, by_series_name]).unique(["class_id", "key"], keep="any")


def title_matches(stated: pl.LazyFrame, classes: pl.LazyFrame, *, threshold: float = DEFAULT_THRESHOLD) -> pl.LazyFrame:
    """One row per candidate (stated title, class_id): title, class_id, confidence, method (title|series|fuzzy).

    Exact and key matches come first; fuzzy matching (rapidfuzz token_sort_ratio >= threshold, same
    level number) only runs for titles with no other match. Every candidate is kept: the caller
    chooses among them by scope (same document, same jurisdiction) and confidence.
    """
    titles = stated.select("title").unique().with_columns(key=title_key_expr(pl.col("title")))
    keys = class_keys(classes)
    exact = titles.join(keys, on="key").select(
        "title",
        "class_id",
        confidence=pl.when(pl.col("title").str.to_lowercase() == pl.col("class_title").str.to_lowercase())
        .then(pl.lit(EXACT))
        .otherwise(pl.col("confidence")),
        method=pl.col("method"),
    )
    unmatched = titles.join(exact.select("title").unique(), on="title", how="anti")
    fuzzy = fuzzy_key_matches(unmatched, keys, threshold=threshold).join(
        keys.select("key", "class_id"), left_on="choice_key", right_on="key"
    )
    fuzzy = unmatched.join(fuzzy, on="key").select(
        "title", "class_id", confidence=(pl.col("score") * FUZZY).round(3), method=pl.lit("fuzzy")
    )
    best_per_class = pl.col("confidence") == pl.col("confidence").max().over("title", "class_id")
    return pl.concat([exact, fuzzy]).filter(best_per_class).unique(["title", "class_id"], keep="any")


def fuzzy_key_matches(queries: pl.LazyFrame, choices: pl.LazyFrame, *, threshold: float) -> pl.LazyFrame:
    """One row per (key, choice_key) scoring >= threshold with the same level number: key, choice_key, score (0-1).

    rapidfuzz works on Python lists, so the (small, unique) key columns are collected here.
    """
    query_keys = queries.select("key").unique().collect()["key"].to_list()
    choice_keys = choices.select("key").unique().collect()["key"].to_list()
    empty = pl.LazyFrame(schema={"key": pl.String, "choice_key": pl.String, "score": pl.Float64})
    if not query_keys or not choice_keys:
        return empty
    scores = process.cdist(
        query_keys, choice_keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, dtype=np.uint8, workers=-1
    )
    rows, cols = np.nonzero(scores)
    found = pl.LazyFrame(
        {
            "key": np.asarray(query_keys, dtype=object)[rows].tolist(),
            "choice_key": np.asarray(choice_keys, dtype=object)[cols].tolist(),
            "score": scores[rows, cols].astype(np.float64) / 100.0,
        },
        schema=empty.collect_schema(),
    )
    # "Specialist 1" and "Specialist 2" score high but are different classes.
    same_level = pl.col("key").str.extract(LEVEL_SUFFIX).eq_missing(pl.col("choice_key").str.extract(LEVEL_SUFFIX))
    return found.filter(same_level)
