"""The Monte Carlo: its mean agrees with the model's expected values, and a seed gives the same numbers."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.workforce.model import Recruitment, project
from analytics.workforce.simulation import BAND_SCHEMA, simulate
from analytics.workforce.states import WorkforceError, matrix_from_rates

STATES = ["18", "23", "27", "M-3"]
LADDER = matrix_from_rates(STATES, promotion={"18": 0.06, "23": 0.03, "27": 0.01},
                           attrition={"18": 0.10, "23": 0.07, "27": 0.05, "M-3": 0.08},
                           next_state={"18": "23", "23": "27", "27": "M-3"})
START = pl.DataFrame({"state": STATES, "count": [1000.0, 600.0, 150.0, 40.0]})


@pytest.mark.parametrize("recruitment", [
    Recruitment("none"), Recruitment("fixed", hires={"18": 80, "23": 10.5}), Recruitment("replace"),
], ids=lambda r: r.mode)
def test_the_mean_of_20000_runs_is_within_one_percent_of_the_expected_values(recruitment):
    expected = project(START, LADDER, years=5, recruitment=recruitment).stocks

    bands = simulate(START, LADDER, years=5, recruitment=recruitment, runs=20_000, seed=20250701)

    both = expected.join(bands, on=["year", "state"], suffix="_mc")
    assert both.height == expected.height == 4 * 6
    assert (((both["mean_mc"] - both["mean"]).abs() / both["mean"]) < 0.01).all()
    assert ((both["p05"] <= both["mean"]) & (both["mean"] <= both["p95"])).all()


def test_holding_targets_the_runs_hire_at_least_the_expected_values_and_stay_close():
    # A run hires max(0, target - heads) in each state: where heads hover about the target the mean of that
    # is above max(0, target - mean heads), the recursion project() runs on means (Jensen's inequality).
    recruitment = Recruitment("target", targets={"18": 1100})
    expected = project(START, LADDER, years=5, recruitment=recruitment).stocks

    bands = simulate(START, LADDER, years=5, recruitment=recruitment, runs=20_000, seed=20250701)

    both = expected.join(bands, on=["year", "state"], suffix="_mc")
    assert (both["mean_mc"] >= both["mean"] - 0.05).all()
    assert (((both["mean_mc"] - both["mean"]) / both["mean"]) < 0.02).all()
    held = both.filter(pl.col("state") == "18")  # far below its target after the moves: hires are linear there
    assert (((held["mean_mc"] - held["mean"]).abs() / held["mean"]) < 0.01).all()


def test_year_zero_is_the_start_in_every_run():
    bands = simulate(START, LADDER, years=1, recruitment=Recruitment("none"), runs=50, seed=1)

    year0 = bands.filter(pl.col("year") == 0)
    assert bands.schema == pl.Schema(BAND_SCHEMA)
    assert year0["mean"].to_list() == year0["p05"].to_list() == year0["p95"].to_list() == START["count"].to_list()


def test_the_same_seed_gives_the_same_numbers_and_another_seed_others():
    def run(seed: int) -> pl.DataFrame:
        return simulate(START, LADDER, years=3, recruitment=Recruitment("replace"), runs=500, seed=seed)

    assert_frame_equal(run(7), run(7))
    assert not run(7).equals(run(8))


def test_replacing_leavers_keeps_every_run_at_the_start_total():
    bands = simulate(START, LADDER, years=4, recruitment=Recruitment("replace"), runs=200, seed=3)

    totals = bands.group_by("year").agg(pl.col("mean").sum())
    assert totals["mean"].to_list() == pytest.approx([START["count"].sum()] * 5)


def test_bands_widen_with_the_years():
    bands = simulate(START, LADDER, years=5, recruitment=Recruitment("none"), runs=2000, seed=11)

    width = bands.filter(pl.col("state") == "18").sort("year").select(pl.col("p95") - pl.col("p05")).to_series()
    assert width[0] == 0 and width[1] < width[5]


def test_runs_must_be_a_positive_whole_number():
    with pytest.raises(WorkforceError, match="runs is 0"):
        simulate(START, LADDER, years=1, recruitment=Recruitment("none"), runs=0, seed=1)
