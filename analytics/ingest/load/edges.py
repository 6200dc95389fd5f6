"""Resolve the titles stated edges name to loaded classes (after a load, a deletion or a correction)."""

from __future__ import annotations

import duckdb
import polars as pl

from analytics.vocabulary import title_key
from queries import sql


def resolve_edges(cur: duckdb.DuckDBPyConnection) -> None:
    """Fill from_class_id/to_class_id of every unresolved edge whose title names a class of the same
    document or jurisdiction (by title_key); earlier documents' edges resolve as new classes arrive."""
    titles = cur.sql(sql("unresolved_edge_titles")).pl()["title"].to_list()
    if not titles:
        return
    keys = pl.DataFrame({"title": titles, "title_key": [title_key(t) for t in titles]},
                        schema={"title": pl.String, "title_key": pl.String})
    cur.register("incoming_title_keys", keys)
    try:
        cur.execute(sql("resolve_edge_classes"))
    finally:
        cur.unregister("incoming_title_keys")
