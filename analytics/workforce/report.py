"""A projection as plain JSON values (what `python -m analytics workforce --json` prints and a saved projection
stores), its canonical inputs and its content-addressed id.

The id is the first 16 hex digits of sha256(canonical inputs JSON + newline + data version), as scenario ids
are (analytics.costs.scenarios): keys sorted, no spaces, numbers as floats (3 and 3.0 hash alike). The data
version is workforce_data_version: the roster's sha256, the history snapshots' sha256s and, when the cost is
priced, the pay rates; a shared projection id therefore names the same numbers later, on the same data.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from typing import Any

import polars as pl

from analytics.costs.report import pay_rates_hash
from analytics.workforce.model import Projection, Recruitment, expected_years, project
from analytics.workforce.simulation import simulate

RESULTS_FORMAT = 1
DIGITS = 6  # decimals of the numbers a report holds: far below a person, stable to print and compare


def _plain(value: Any) -> Any:
    """Numbers as floats (not booleans), containers recursively, for hashing."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def canonical_json(inputs: dict[str, Any]) -> str:
    """Return the canonical inputs JSON: numbers as floats, sorted keys, no spaces."""
    return json.dumps(_plain(inputs), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def projection_id(inputs: dict[str, Any], data_version: str) -> str:
    """Return the projection's content address: 16 hex digits of sha256(canonical JSON, newline, data version)."""
    return hashlib.sha256(f"{canonical_json(inputs)}\n{data_version}".encode()).hexdigest()[:16]


def workforce_data_version(
    *, roster_sha256: str, snapshot_sha256s: Sequence[str] = (), pay_rates: pl.DataFrame | None = None
) -> str:
    """Return the 16-hex data version of a projection: the roster file's sha256, the snapshots' (in any order)
    and, when a cost is priced, the pay rates (analytics.costs.report.pay_rates_hash)."""
    pay = "" if pay_rates is None else pay_rates_hash(pay_rates)
    text = f"{roster_sha256}:{','.join(sorted(snapshot_sha256s))}:{pay}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _cells(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [{"from": f, "to": t, "p": p} for f, t, p in frame.select("from", "to", "p").iter_rows()]


def projection_inputs(
    *, by: str, years: int, runs: int, seed: int, recruitment: Recruitment, matrix: pl.DataFrame,
    matrix_source: str, overrides: pl.DataFrame | None = None, min_observations: int | None = None,
) -> dict[str, Any]:
    """Return a projection's inputs as plain JSON values (what its id hashes).

    matrix: the P projected with (from, to, p); matrix_source says where it came from ("estimated",
    "file", "rates", "estimated+file" ...); overrides the cells edited over an estimate (from, to, p).
    """
    inputs: dict[str, Any] = {
        "by": by, "years": years, "runs": runs, "seed": seed,
        "recruitment": {"mode": recruitment.mode, "hires": dict(sorted(recruitment.hires.items())),
                        "targets": dict(sorted(recruitment.targets.items()))},
        "matrix_source": matrix_source, "matrix": _cells(matrix),
        "overrides": [] if overrides is None else _cells(overrides.sort("from", "to")),
    }
    if min_observations is not None:
        inputs["min_observations"] = min_observations
    return inputs


def _number(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return round(float(value), DIGITS)


def report_from(
    *, projection_id: str, projection: Projection, bands: pl.DataFrame | None, matrix: pl.DataFrame,
    expected: pl.DataFrame, cost: pl.DataFrame | None = None,
) -> dict[str, Any]:
    """Return the report of computed frames (workforce_report says what it holds).

    bands: simulate's rows (None: no simulation, bands null); matrix: the P projected, with an n column
    when it was estimated (null otherwise); expected: expected_years; cost: projected_cost's rows or None.
    """
    stocks = projection.stocks
    if bands is not None:
        stocks = stocks.join(bands.select("year", "state", "p05", "p50", "p95"), on=["year", "state"], how="left",
                             maintain_order="left")
    else:
        stocks = stocks.with_columns(p05=pl.lit(None, pl.Float64), p50=pl.lit(None, pl.Float64),
                                     p95=pl.lit(None, pl.Float64))
    counts = matrix["n"] if "n" in matrix.columns else pl.Series([None] * matrix.height)
    report: dict[str, Any] = {
        "projection_id": projection_id,
        "states": list(projection.states),
        "years": [{"year": y, "state": s, "mean": _number(m), "p05": _number(a), "p50": _number(b), "p95": _number(c)}
                  for y, s, m, a, b, c in stocks.select("year", "state", "mean", "p05", "p50", "p95").iter_rows()],
        "flows": [{"year": y, "kind": k, "state": s, "count": _number(c)}
                  for y, k, s, c in projection.flows.iter_rows()],
        "expected_years_in_state": [{"state": s, "years": _number(y)}
                                    for s, y in expected.select("state", "years").iter_rows()],
        "time_to_exit": [{"state": s, "years": _number(y)}
                         for s, y in expected.select("state", "time_to_exit").iter_rows()],
        "transition_matrix": [{"from": f, "to": t, "p": _number(p), "n": None if n is None else int(n)}
                              for (f, t, p), n in zip(matrix.select("from", "to", "p").iter_rows(), counts,
                                                      strict=True)],
    }
    if cost is not None:
        report["cost"] = [{"year": y, "state": s, "headcount": _number(h), "average_rate": _number(r),
                           "cost": _number(c)} for y, s, h, r, c in cost.iter_rows()]
    return report


def workforce_report(
    start: pl.DataFrame, matrix: pl.DataFrame, *, years: int, recruitment: Recruitment, runs: int, seed: int,
    projection_id: str, cost: pl.DataFrame | None = None,
) -> dict[str, Any]:
    """Return the report `python -m analytics workforce --json` prints, computing the projection.

    {"projection_id", "states", "years": [{"year", "state", "mean", "p05", "p50", "p95"}],
     "flows": [{"year", "kind", "state", "count"}], "expected_years_in_state": [{"state", "years"}],
     "time_to_exit": [{"state", "years"}], "transition_matrix": [{"from", "to", "p", "n"}]}, plus "cost":
    [{"year", "state", "headcount", "average_rate", "cost"}] when a cost frame is given. Year 0 is the
    start (the roster's own headcount); mean is the model's expected value (project), p05 / p50 / p95 the
    simulation's bands over `runs` runs (null with runs = 0); expected_years_in_state the diagonal of N,
    time_to_exit its row sums (expected_years); n the moves observed behind each cell (null for a matrix
    not estimated). Numbers are rounded to DIGITS decimals.
    """
    projection = project(start, matrix, years=years, recruitment=recruitment)
    bands = simulate(start, matrix, years=years, recruitment=recruitment, runs=runs, seed=seed) if runs else None
    return report_from(projection_id=projection_id, projection=projection, bands=bands, matrix=matrix,
                       expected=expected_years(matrix), cost=cost)
