"""Saved scenarios in DuckDB: immutable and content-addressed (insert if absent, never update)."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from analytics.db import run
from queries import sql


def save_scenario(
    con: duckdb.DuckDBPyConnection, *, scenario_id: str, name: str, inputs_json: str, data_version: str,
    results: dict[str, Any],
) -> bool:
    """Save a scenario unless its id is already saved; return True when this call wrote it.

    An existing row is never changed: the same id means the same inputs and data, hence the same results.
    """
    params = {
        "scenario_id": scenario_id, "name": name, "inputs_json": inputs_json, "data_version": data_version,
        "results_json": json.dumps(results, sort_keys=True, separators=(",", ":")),
    }
    # One statement: atomic on its own; ON CONFLICT DO NOTHING keeps the first row ever written.
    return bool(con.execute(sql("insert_scenario"), params).fetchall())


def saved_scenario(con: duckdb.DuckDBPyConnection, scenario_id: str) -> dict[str, Any] | None:
    """Return a saved scenario (its row, with results_json parsed as `results`), or None when unknown."""
    rows = run(con, "scenario_by_id", {"scenario_id": scenario_id})
    if rows.is_empty():
        return None
    row = rows.row(0, named=True)
    return {**row, "results": json.loads(row["results_json"])}
