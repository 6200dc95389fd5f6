"""Saved projections in DuckDB: immutable and content-addressed (insert if absent, never update)."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import polars as pl

from analytics.db import run
from queries import sql


def save_projection(
    con: duckdb.DuckDBPyConnection, *, projection_id: str, name: str, inputs_json: str, data_version: str,
    results: dict[str, Any],
) -> bool:
    """Save a projection unless its id is already saved; return True when this call wrote it.

    An existing row is never changed: the same id means the same inputs and data, hence the same results
    (analytics.workforce.report: the id hashes the canonical inputs and the data version).
    """
    params = {
        "projection_id": projection_id, "name": name, "inputs_json": inputs_json, "data_version": data_version,
        "results_json": json.dumps(results, sort_keys=True, separators=(",", ":")),
    }
    # One statement: atomic on its own; ON CONFLICT DO NOTHING keeps the first row ever written.
    return bool(con.execute(sql("insert_projection"), params).fetchall())


def saved_projection(con: duckdb.DuckDBPyConnection, projection_id: str) -> dict[str, Any] | None:
    """Return a saved projection (its row, with inputs_json parsed as `inputs` and results_json as `results`),
    or None when the id is unknown."""
    rows = run(con, "projection_by_id", {"projection_id": projection_id})
    if rows.is_empty():
        return None
    row = rows.row(0, named=True)
    return {**row, "inputs": json.loads(row["inputs_json"]), "results": json.loads(row["results_json"])}


def saved_projections(con: duckdb.DuckDBPyConnection, *, limit: int = 50) -> pl.DataFrame:
    """One row per saved projection, newest first (at most `limit`): projection_id, name, data_version, created_at."""
    return run(con, "saved_projections", {"limit": limit})
