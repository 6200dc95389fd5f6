"""The steward's review queue: what the extractor read with doubt, listed for a person to accept or correct.

An item is one of
- title: a current class whose title was read with a confidence below the threshold;
- edge: a current ladder edge (promotion, supervision, related class) stated with a confidence below it;
- requirements: a current class with no qualification path (its minimum qualifications were not read);
- unresolved: a current edge one of whose titles names no loaded class;
- pay_units: a salary range whose pay units disagree (the stated hourly amount times its factor is not the
  stated yearly amount);
- correction: a correction the class's newest version no longer matches (it states another value now).

Each item has a stable key (its kind and what it is about, across versions of the class), so an accepted item
stays accepted when the document is loaded again; accepting a correction item is `settle` in the corrections
module instead (it must say which value stands).
"""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import db
from analytics.audit import record
from analytics.users import User
from analytics.vocabulary import PERIODS_PER_YEAR
from queries import sql

DEFAULT_THRESHOLD = 0.75  # facts read with less confidence than this are listed
KIND_WORDS = {
    "title": "Title read with low confidence",
    "edge": "Ladder link read with low confidence",
    "requirements": "No minimum qualifications read",
    "unresolved": "Link to a title not loaded",
    "pay_units": "Pay units disagree",
    "correction": "Correction no longer matches the document",
}
KINDS = tuple(KIND_WORDS)
ITEM_SCHEMA = {"item_key": pl.String, "kind": pl.String, "class_id": pl.String, "title": pl.String,
               "jurisdiction_id": pl.String, "detail": pl.String, "confidence": pl.Float64,
               "document_id": pl.String, "file_name": pl.String, "char_start": pl.Int32, "char_end": pl.Int32,
               "correction_id": pl.String}


def review_items(con: duckdb.DuckDBPyConnection, *, threshold: float = DEFAULT_THRESHOLD) -> pl.DataFrame:
    """Return one row per item waiting for review (ITEM_SCHEMA), accepted ones left out, by kind then title."""
    classes = db.run(con, "review_classes")
    edges = db.run(con, "ladder_edges")
    units = db.run(con, "review_pay_units")
    waiting = db.run(con, "corrections", {"include_closed": False}).filter(pl.col("status") == "needs_review")
    decided = db.run(con, "review_decisions")["item_key"]
    where = classes.select("class_id", "title", "jurisdiction_id", "document_id", "file_name")
    items = [
        _title_items(classes, threshold),
        _requirement_items(classes),
        _edge_items(edges, classes, threshold),
        _unit_items(units, where),
        _correction_items(waiting, where),
    ]
    found = pl.concat([frame.select(list(ITEM_SCHEMA)).cast(ITEM_SCHEMA) for frame in items])
    order = pl.col("kind").replace_strict({k: i for i, k in enumerate(KINDS)}, return_dtype=pl.Int32)
    return found.filter(~pl.col("item_key").is_in(decided.implode())).sort(order, "title", "detail")


def _title_items(classes: pl.DataFrame, threshold: float) -> pl.DataFrame:
    return classes.filter(pl.col("confidence") < threshold).with_columns(
        item_key=pl.lit("title|") + pl.col("class_key"), kind=pl.lit("title"), correction_id=pl.lit(None),
        detail=pl.format("title read with confidence {}", pl.col("confidence").round(2)),
    )


def _requirement_items(classes: pl.DataFrame) -> pl.DataFrame:
    return classes.filter(pl.col("n_paths") == 0).with_columns(
        item_key=pl.lit("requirements|") + pl.col("class_key"), kind=pl.lit("requirements"),
        detail=pl.lit("no years of experience or education were read"), confidence=pl.lit(None),
        char_start=pl.lit(None), char_end=pl.lit(None), correction_id=pl.lit(None),
    )


def _edge_items(edges: pl.DataFrame, classes: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """Low-confidence and unresolved edges, each shown on the class of its own document it touches."""
    own = classes.select("class_id", "document_id", "title", "jurisdiction_id", "file_name")
    first = own.group_by("document_id").agg(pl.all().sort_by("class_id").first())
    edges = (
        edges.join(own.select(from_class_id="class_id", from_doc="document_id"), on="from_class_id", how="left")
        .join(own.select(to_class_id="class_id", to_doc="document_id"), on="to_class_id", how="left")
        .with_columns(class_id=pl.when(pl.col("from_doc") == pl.col("document_id")).then("from_class_id")
                      .when(pl.col("to_doc") == pl.col("document_id")).then("to_class_id"))
        .join(first.select("document_id", first_class="class_id"), on="document_id", how="left")
        .with_columns(pl.col("class_id").fill_null(pl.col("first_class")))
        .drop("jurisdiction_id")
        .join(own.drop("document_id"), on="class_id", how="left")
    )
    key = pl.concat_str(pl.col("document_id"), pl.col("from_title"), pl.col("to_title"), pl.col("kind"),
                        separator="|")
    words = pl.format("{} → {} ({})", pl.col("from_title"), pl.col("to_title"), pl.col("kind"))
    low = edges.filter(pl.col("confidence") < threshold).with_columns(
        item_key=pl.lit("edge|") + key, kind=pl.lit("edge"), correction_id=pl.lit(None),
        detail=pl.format("{}, read with confidence {}", words, pl.col("confidence").round(2)),
    )
    unresolved = edges.filter(pl.col("from_class_id").is_null() | pl.col("to_class_id").is_null()).with_columns(
        item_key=pl.lit("unresolved|") + key, correction_id=pl.lit(None),
        detail=pl.format("{}: no loaded class is called {}", words,
                         pl.when(pl.col("from_class_id").is_null()).then("from_title").otherwise("to_title")),
    ).with_columns(kind=pl.lit("unresolved"))
    return pl.concat([low, unresolved], how="diagonal_relaxed")


def _unit_items(units: pl.DataFrame, where: pl.DataFrame) -> pl.DataFrame:
    """One item per class whose stated pay units disagree: each range, and a period range times its standard
    periods per year."""
    stated = [_stated_range(*row) for row in units.select("min_amount", "max_amount", "pay_unit").iter_rows()]
    return (
        units.with_columns(pl.Series("stated", stated, dtype=pl.String))
        .group_by("class_id", "class_key")
        .agg(pl.col("stated").sort_by("range_order").str.join("; "), pl.col("char_start").min(),
             pl.col("char_end").max())
        .join(where, on="class_id", how="left")
        .with_columns(
            item_key=pl.lit("pay_units|") + pl.col("class_key"), kind=pl.lit("pay_units"),
            detail=pl.lit("the stated pay units disagree: ") + pl.col("stated"),
            confidence=pl.lit(None), correction_id=pl.lit(None),
        )
    )


def _stated_range(low: float, high: float, unit: str) -> str:
    periods = PERIODS_PER_YEAR.get(unit, 1.0)
    yearly = f" (× {periods:g} = ${low * periods:,.0f}–${high * periods:,.0f} a year)" if periods != 1.0 else ""
    return f"${low:,.2f}–${high:,.2f} {unit}{yearly}"


def _correction_items(waiting: pl.DataFrame, where: pl.DataFrame) -> pl.DataFrame:
    return waiting.drop("jurisdiction_id", "document_id").join(where, on="class_id", how="left").with_columns(
        item_key=pl.lit("correction|") + pl.col("correction_id"), kind=pl.lit("correction"),
        title=pl.col("title").fill_null(pl.col("class_title")),
        detail=pl.format("{}: corrected from {} to {} ({}); the document no longer states {}", pl.col("field"),
                         pl.col("old_value").fill_null("(none)"), pl.col("new_value").fill_null("(wrong)"),
                         pl.col("reason"), pl.col("old_value").fill_null("(none)")),
        confidence=pl.lit(None), char_start=pl.lit(None), char_end=pl.lit(None),
    )


def accept(con: duckdb.DuckDBPyConnection, item_keys: list[str], *, who: User) -> int:
    """Record that a steward accepts these items as read (they leave the queue); return how many."""
    keys = [k for k in dict.fromkeys(item_keys) if not k.startswith("correction|")]
    with db.transaction(con) as cur:
        for key in keys:
            cur.execute(sql("insert_review_decision"), {"item_key": key, "decision": "accepted",
                                                        "author": who.login})
        if keys:
            record(cur, who, "accept review items", f"{len(keys)}: {', '.join(keys)}")
    return len(keys)


def waiting_count(con: duckdb.DuckDBPyConnection, *, threshold: float = DEFAULT_THRESHOLD) -> int:
    """Return how many items wait for review (the Home page shows it)."""
    return review_items(con, threshold=threshold).height
