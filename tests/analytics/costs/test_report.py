"""The cost report a saved scenario stores (analytics.costs.report) and the frames the page draws from it
(analytics.costs.tables): the design example to the cent, bridges that add up, comparisons."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import polars as pl
import pytest

from analytics.costs.report import baseline_scenario, change_options, scenario_problems, scenario_results
from analytics.costs.scenarios import DRIVERS
from analytics.costs.tables import (
    breakdown,
    breakdown_by_year,
    bridge_steps,
    fiscal_year_totals,
    monthly_costs,
    scenario_comparison,
)
from tests.analytics.costs.test_projection import nys_steps, position, positions, scenario, step_frame

COLA_JULY_2026 = [{"pct": 3, "effective": "2026-07-01"}]


@pytest.fixture(scope="module")
def design_example() -> dict:
    """The issue's example: P1 at the job rate, P2 vacant until 2026-01-01; 50 % fringe, 3 % COLA from July 2026."""
    roster = positions(
        position("P1", step=8, unit="Unit A"),
        position("P2", step=None, hire=None, vacant=True, fill=dt.date(2026, 1, 1), unit="Unit B"),
    )
    results = scenario_results(roster, step_frame(nys_steps()), scenario=scenario(cola=COLA_JULY_2026))
    # What a saved scenario stores and a share link reads back: JSON text.
    return json.loads(json.dumps(results))


def test_report_holds_the_design_example_to_the_cent(design_example):
    totals = fiscal_year_totals(design_example, fy_start_month=7)

    assert totals["cost"].to_list() == [Decimal("177920.25"), Decimal("236753.48")]
    assert totals["label"].to_list() == ["FY2026", "FY2027"]
    assert totals["n_months"].to_list() == [12, 12]
    assert totals["change"].to_list() == [None, Decimal("58833.23")]


def test_months_and_breakdowns_add_up_to_the_fiscal_years(design_example):
    months = monthly_costs(design_example, fy_start_month=7)
    by_unit = breakdown(design_example, dim="unit")

    assert months.height == 24 and months["month"][0] == dt.date(2025, 7, 1)
    per_year = months.group_by("fiscal_year").agg(pl.col("cost").sum()).sort("fiscal_year")
    # Each month is rounded to the cent on its own; a year is the rounding of its exact sum (the design
    # example's figure), so twelve rounded months may differ from it by at most half a cent each.
    for summed, year in zip(per_year["cost"].to_list(), [Decimal("177920.25"), Decimal("236753.48")], strict=True):
        assert abs(summed - year) <= Decimal("0.06")
    # P1 alone: 85,138 x 1.5 for a year, then x 1.03 from July 2026.
    unit_a = by_unit.filter(pl.col("unit") == "Unit A").sort("fiscal_year")["cost"].to_list()
    assert unit_a == [Decimal("127707.00"), Decimal("131538.21")]
    wide = breakdown_by_year(by_unit, dim="unit")
    assert wide.columns == ["unit", "FY2026", "FY2027", "total"]
    assert wide["unit"].to_list() == ["Unit A", "Unit B"]  # costliest first
    assert abs(sum(wide["total"].to_list()) - (Decimal("177920.25") + Decimal("236753.48"))) <= Decimal("0.02")


@pytest.mark.parametrize("kind", ["years", "baseline"])
def test_bridge_components_add_up_exactly_and_the_waterfall_ends_on_the_target(design_example, kind):
    bridge = design_example["bridges"][kind]
    steps = bridge_steps(design_example, kind=kind, labels={"base": "From", "cola": "COLA"})

    assert [c["component"] for c in bridge["components"]] == list(DRIVERS)
    assert steps["measure"].to_list() == ["absolute", *["relative"] * len(DRIVERS), "total"]
    assert steps["component"].to_list()[:3] == ["From", "period", "COLA"]
    components = steps.filter(pl.col("measure") == "relative")["amount"].sum()
    base, target = steps["amount"][0], steps["amount"][-1]
    assert components == target - base
    assert steps["running"][-2] == target


def test_years_bridge_of_the_example_names_cola_and_vacancies(design_example):
    parts = {c["component"]: Decimal(str(c["amount"])) for c in design_example["bridges"]["years"]["components"]}

    # FY2026 -> FY2027: the COLA raises both positions; P2 is paid 12 months instead of 6.
    assert parts["cola"] > 0
    assert sum(parts.values()) == Decimal("236753.48") - Decimal("177920.25")


def test_baseline_drops_cola_and_changes_only():
    planned = scenario(cola=COLA_JULY_2026, changes=[{"type": "vacancy_factor", "pct": 2}], name="plan")
    base = baseline_scenario(planned)

    assert (base.cola, base.changes) == ((), ())
    assert (base.start, base.end, base.fringe_rate, base.fy_start_month) == (
        planned.start, planned.end, planned.fringe_rate, planned.fy_start_month)


def test_scenario_comparison_lines_up_years_and_differences():
    a = pl.DataFrame({"fiscal_year": [2026, 2027], "cost": [Decimal("10.00"), Decimal("20.00")]},
                     schema={"fiscal_year": pl.Int32, "cost": pl.Decimal(38, 2)})
    b = pl.DataFrame({"fiscal_year": [2027, 2028], "cost": [Decimal("25.50"), Decimal("30.00")]},
                     schema={"fiscal_year": pl.Int32, "cost": pl.Decimal(38, 2)})

    wide = scenario_comparison([("Base", a), ("Plan", b)])

    assert wide.columns == ["fiscal_year", "Base", "Plan", "Plan − Base"]
    assert wide.rows() == [(2026, Decimal("10.00"), None, None), (2027, Decimal("20.00"), Decimal("25.50"),
                                                                   Decimal("5.50")),
                           (2028, None, Decimal("30.00"), None)]
    with pytest.raises(ValueError, match="unique"):
        scenario_comparison([("Same", a), ("Same", b)])


def test_problems_name_changes_that_match_nothing_and_positions_without_pay():
    roster = positions(position("P1", step=8), position("P9", grade="99", step=1))
    planned = scenario(changes=[{"type": "fill_vacancy", "position_id": "NOPE", "date": "2026-01-01"}])

    problems = scenario_problems(roster, step_frame(nys_steps()), scenario=planned)

    assert len(problems) == 2
    assert problems[0].startswith("Change 1:") and "NOPE" in problems[0]
    assert problems[1].startswith("Position P9 (grade 99, step 1) cannot be priced")


def test_change_options_offer_roster_values_and_unheld_grades():
    roster = positions(position("P1", step=8, unit="Unit B", schedule_id="NYS_PST_PEF"),
                       position("V1", step=None, hire=None, vacant=True, unit="Unit A", schedule_id="NYS_PST_PEF"))

    options = change_options(roster, step_frame(nys_steps()))

    assert options["titles"] == ["Immigrant Workers Specialist 1"]
    assert options["units"] == ["Unit A", "Unit B"]
    assert options["grades"] == ["18", "23", "27"]
    assert options["n_vacancies"] == 1
    assert options["vacancies"] == {"V1": "V1 · Immigrant Workers Specialist 1 · Unit A · grade 18"}
