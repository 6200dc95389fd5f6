"""Pay-table versions in the cost projection: each version prices the months from its effective date, by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from analytics.costs.projection import unpriced_positions
from analytics.costs.rates import UNDATED, effective_month_expr, month_index
from analytics.costs.scenarios import parse_scenario, scenario_costs_by_month, scenario_plan
from analytics.pay.steps import STEP_TABLE_SCHEMA, step_table
from tests.analytics.costs.test_projection import cents, position, positions

# NY PS&T grade 18 as data/paydata/pay_schedules.csv states it (S.7576 of 2023, Part A): HR, advance,
# job-rate advance and JR of the 2024-03-28 and 2025-03-27 tables.
PST_18 = {"2024-03-28": (65001, 2232, 4263, 82656), "2025-03-27": (66951, 2299, 4393, 85138)}


def pst_18_steps() -> pl.LazyFrame:
    """The two grade-18 versions as analytics.pay.steps builds them: HR + k x advance, then JR."""
    rows = [
        ("NYS_PST_PEF", "SG-18", code, float(amount), day)
        for day, amounts in PST_18.items()
        for code, amount in zip(("HR", "ADVANCE_AMOUNT", "JOB_RATE_ADVANCE", "JR"), amounts, strict=True)
    ]
    schema = ["schedule_id", "grade", "step", "annual_amount", "effective_date"]
    return step_table(pl.LazyFrame(rows, schema=schema, orient="row")).collect().lazy()


def monthly(roster: pl.LazyFrame, steps: pl.LazyFrame, *, start: str, end: str) -> dict[tuple[str, str], Decimal]:
    """Cost by (month YYYY-MM, unit), no fringe, of the roster over [start, end]."""
    s = parse_scenario({"fringe_rate": 0, "fy_start_month": 7, "start": start, "end": end})
    frame = scenario_costs_by_month(roster, steps, scenario=s, by=("unit",)).collect()
    return {(m.isoformat()[:7], unit): cost for m, unit, cost in frame.iter_rows()}


def test_a_version_is_in_effect_from_the_first_month_starting_on_or_after_its_date():
    days = pl.DataFrame({"day": [dt.date(2024, 3, 28), dt.date(2026, 1, 1), None]}, schema={"day": pl.Date})
    got = days.select(effective_month_expr("day"))["day"].to_list()
    assert got == [month_index(dt.date(2024, 4, 1)), month_index(dt.date(2026, 1, 1)), UNDATED]


def test_a_nys_position_is_priced_across_the_2025_03_27_table():
    roster = positions(
        position("A", step=3, hire=dt.date(2022, 4, 10), unit="April anniversary"),
        position("B", step=3, hire=dt.date(2022, 7, 10), unit="July anniversary"),
    )
    costs = monthly(roster, pst_18_steps(), start="2025-02", end="2025-05")
    # The 2025 table is dated 27 March, so 1 March is still on the 2024 table: step 3 = 65,001 + 2 x 2,232
    # = 69,465 in February and March. From April the 2025 table: A also reaches step 4 on its April
    # anniversary (66,951 + 3 x 2,299 = 73,848); B stays on step 3 (66,951 + 2 x 2,299 = 71,549).
    assert [costs[(m, "April anniversary")] for m in ("2025-02", "2025-03", "2025-04", "2025-05")] == [
        Decimal("5788.75"), Decimal("5788.75"), Decimal("6154.00"), Decimal("6154.00")]  # 69,465 and 73,848 / 12
    assert [costs[(m, "July anniversary")] for m in ("2025-02", "2025-03", "2025-04", "2025-05")] == [
        Decimal("5788.75"), Decimal("5788.75"), Decimal("5962.42"), Decimal("5962.42")]  # 71,549 / 12 = 5,962.4167


def test_an_undated_version_applies_only_before_the_first_dated_one():
    def version(day: dt.date | None, amount: float) -> dict:
        return {"schedule_id": "X", "grade": "G", "effective_date": day, "step_index": 1, "step_label": "1",
                "annual_amount": amount, "months_to_next": None, "engine": "generic"}

    steps = pl.LazyFrame([version(None, 12000.0), version(dt.date(2025, 6, 15), 24000.0)], schema=STEP_TABLE_SCHEMA)
    roster = positions(position("P", grade="G", step=1, unit="U", schedule_id="X"))
    costs = monthly(roster, steps, start="2025-05", end="2025-07")
    # undated 12,000 / 12 in May and June (15 June is after 1 June); the dated 24,000 / 12 from July
    assert [costs[(m, "U")] for m in ("2025-05", "2025-06", "2025-07")] == [Decimal(1000), Decimal(1000),
                                                                            Decimal(2000)]


def test_a_step_above_the_top_of_the_version_in_effect_is_paid_its_top_step():
    def row(day: dt.date, step: int, amount: float, months: int | None) -> dict:
        return {"schedule_id": "X", "grade": "G", "effective_date": day, "step_index": step, "step_label": str(step),
                "annual_amount": amount, "months_to_next": months, "engine": "generic"}

    old, new = dt.date(2025, 1, 1), dt.date(2025, 3, 1)
    steps = pl.LazyFrame([row(old, 1, 1200, 12), row(old, 2, 1320, 12), row(old, 3, 1440, None),
                          row(new, 1, 2400, 12), row(new, 2, 2520, None)], schema=STEP_TABLE_SCHEMA)
    roster = positions(position("TOP", grade="G", step=3, unit="top", schedule_id="X"),
                       position("NEW", grade="G", step=1, hire=dt.date(2024, 2, 10), unit="climbing", schedule_id="X"))
    assert unpriced_positions(scenario_plan(roster, scenario=parse_scenario(
        {"fringe_rate": 0, "fy_start_month": 7, "start": "2025-01", "end": "2025-03"})), steps).collect().is_empty()
    costs = monthly(roster, steps, start="2025-01", end="2026-03")
    # Step 3 exists only in the old table: 1,440 / 12 = 120 until March, then the new top step 2,520 / 12 = 210.
    assert [costs[(m, "top")] for m in ("2025-01", "2025-02", "2025-03")] == [cents(Decimal(v)) for v in (120, 120, 210)]
    # Step 1 (1,200) in January, step 2 (1,320) from the February anniversary, the new table's step 2 (2,520)
    # from March; step 2 is the new table's top, so February 2026 brings no step 3.
    assert [costs[(m, "climbing")] for m in ("2025-01", "2025-02", "2025-03", "2026-03")] == [
        Decimal(100), Decimal(110), Decimal(210), Decimal(210)]


def test_a_stated_salary_keeps_its_offset_across_a_table_version():
    # 83,000 stated in February 2025 on the 2024 table's job rate 82,656: 344 above it (0.4%).
    roster = positions(position("C", step=8, unit="U", salary=83000))
    costs = monthly(roster, pst_18_steps(), start="2025-02", end="2025-05")
    # 83,000 / 12 = 6,916.67 in February and March; from April 85,138 + 344 = 85,482, / 12 = 7,123.50.
    assert [costs[(m, "U")] for m in ("2025-02", "2025-03", "2025-04", "2025-05")] == [
        Decimal("6916.67"), Decimal("6916.67"), Decimal("7123.50"), Decimal("7123.50")]
