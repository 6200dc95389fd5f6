"""The projection report (the CLI's JSON shape), canonical inputs, ids and data versions."""

from __future__ import annotations

import json

import polars as pl

from analytics.workforce.model import Recruitment
from analytics.workforce.report import (
    canonical_json,
    projection_id,
    projection_inputs,
    workforce_data_version,
    workforce_report,
)
from analytics.workforce.states import matrix_from_rates

CHAIN = matrix_from_rates(["1", "2"], promotion={"1": 0.1}, attrition={"1": 0.1, "2": 0.1}, next_state={"1": "2"})
START = pl.DataFrame({"state": ["1", "2"], "count": [100.0, 50.0]})


def inputs(**changes) -> dict:
    base = {"by": "grade", "years": 5, "runs": 100, "seed": 1, "recruitment": Recruitment("replace"),
            "matrix": CHAIN, "matrix_source": "rates"}
    return projection_inputs(**(base | changes))


def test_the_report_has_the_cli_shape_and_year_zero_is_the_start():
    report = workforce_report(START, CHAIN, years=2, recruitment=Recruitment("none"), runs=200, seed=5,
                              projection_id="abc")

    assert list(report) == ["projection_id", "states", "years", "flows", "expected_years_in_state", "time_to_exit",
                            "transition_matrix"]
    assert report["states"] == ["1", "2"]
    assert report["years"][:2] == [{"year": 0, "state": "1", "mean": 100.0, "p05": 100.0, "p50": 100.0, "p95": 100.0},
                                   {"year": 0, "state": "2", "mean": 50.0, "p05": 50.0, "p50": 50.0, "p95": 50.0}]
    assert report["flows"][0] == {"year": 1, "kind": "hires", "state": "1", "count": 0.0}
    assert report["expected_years_in_state"] == [{"state": "1", "years": 5.0}, {"state": "2", "years": 10.0}]
    assert report["time_to_exit"] == [{"state": "1", "years": 10.0}, {"state": "2", "years": 10.0}]
    assert report["transition_matrix"][1] == {"from": "1", "to": "2", "p": 0.1, "n": None}
    json.dumps(report, allow_nan=False)  # plain JSON: no NaN or infinity


def test_without_runs_the_bands_are_null():
    report = workforce_report(START, CHAIN, years=1, recruitment=Recruitment("none"), runs=0, seed=5,
                              projection_id="abc")

    assert {(y["p05"], y["p50"], y["p95"]) for y in report["years"]} == {(None, None, None)}


def test_the_id_hashes_inputs_and_data_version_with_numbers_as_floats():
    first = projection_id(inputs(), "v1")

    assert len(first) == 16
    assert projection_id(inputs(), "v1") == first
    assert projection_id(json.loads(canonical_json(inputs())), "v1") == first  # 3 and 3.0 hash alike
    assert projection_id(inputs(seed=2), "v1") != first
    assert projection_id(inputs(recruitment=Recruitment("none")), "v1") != first
    assert projection_id(inputs(), "v2") != first
    edited = CHAIN.with_columns(p=pl.when((pl.col("from") == "2") & (pl.col("to") == "2")).then(0.85)
                                .otherwise(pl.col("p")))
    assert projection_id(inputs(matrix=edited), "v1") != first


def test_the_data_version_follows_the_roster_snapshots_and_pay_rates():
    pay = pl.DataFrame({"schedule_id": ["S"], "grade": ["1"], "step": ["1"], "annual_amount": [1.0],
                        "effective_date": ["2025-01"], "source": ["x"]})
    base = workforce_data_version(roster_sha256="r", snapshot_sha256s=["a", "b"])

    assert workforce_data_version(roster_sha256="r", snapshot_sha256s=["b", "a"]) == base  # any order
    assert workforce_data_version(roster_sha256="r", snapshot_sha256s=["a"]) != base
    assert workforce_data_version(roster_sha256="q", snapshot_sha256s=["a", "b"]) != base
    assert workforce_data_version(roster_sha256="r", snapshot_sha256s=["a", "b"], pay_rates=pay) != base
