"""Saved projections in a real DuckDB file: written once, never overwritten, read back as saved."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from analytics import db
from analytics.workforce.model import Recruitment
from analytics.workforce.report import canonical_json, projection_id, projection_inputs, workforce_report
from analytics.workforce.states import matrix_from_rates
from analytics.workforce.store import save_projection, saved_projection, saved_projections

CHAIN = matrix_from_rates(["1", "2"], promotion={"1": 0.1}, attrition={"1": 0.1, "2": 0.1}, next_state={"1": "2"})
START = pl.DataFrame({"state": ["1", "2"], "count": [100.0, 50.0]})


def test_a_saved_projection_is_never_overwritten(tmp_path: Path):
    path = tmp_path / "workforce.duckdb"
    inputs = projection_inputs(by="grade", years=3, runs=50, seed=9, recruitment=Recruitment("replace"),
                               matrix=CHAIN, matrix_source="rates")
    pid = projection_id(inputs, "v" * 16)
    report = workforce_report(START, CHAIN, years=3, recruitment=Recruitment("replace"), runs=50, seed=9,
                              projection_id=pid)
    con = db.connect(path)
    try:
        first = save_projection(con, projection_id=pid, name="first", inputs_json=canonical_json(inputs),
                                data_version="v" * 16, results=report)
        again = save_projection(con, projection_id=pid, name="second", inputs_json="{}", data_version="x" * 16,
                                results={"other": 1})
    finally:
        con.close()

    con = db.connect(path, read_only=True)  # a fresh connection to the file: what a shared link opens later
    try:
        kept = saved_projection(con, pid)
        listed = saved_projections(con, limit=10)
        unknown = saved_projection(con, "0" * 16)
    finally:
        con.close()
    assert (first, again) == (True, False)
    assert (kept["name"], kept["data_version"], kept["results"]) == ("first", "v" * 16, report)
    assert kept["inputs"] == json.loads(canonical_json(inputs))
    assert listed["projection_id"].to_list() == [pid]
    assert unknown is None
