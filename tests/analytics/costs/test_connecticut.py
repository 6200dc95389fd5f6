"""Connecticut in the cost projection: 1 January increments by hire half-year and top-step lump sums, by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from analytics.costs.connecticut import ct_anchor_expr
from analytics.costs.rates import month_index
from analytics.costs.scenarios import (
    cost_bridge,
    parse_scenario,
    scenario_costs_by_fiscal_year,
    scenario_costs_by_month,
)
from analytics.pay.steps import lump_sum_table, step_table
from tests.analytics.costs.test_projection import cents, nys_steps, position, positions, step_frame

# A small synthetic CT_ table (no real Connecticut step table was found): SH 17 steps 50,000 / 52,000 / 54,000
# / 56,000 and a LUMP_SUM of 1,000 at the top; SH 19 steps 55,000 / 57,500 / 60,000 / 62,500, no lump sum.
CT_RATES = pl.LazyFrame({
    "schedule_id": ["CT_T"] * 9, "grade": ["SH 17"] * 5 + ["SH 19"] * 4,
    "step": ["1", "2", "3", "4", "LUMP_SUM", "1", "2", "3", "4"],
    "annual_amount": [50000.0, 52000.0, 54000.0, 56000.0, 1000.0, 55000.0, 57500.0, 60000.0, 62500.0],
    "effective_date": [None] * 9, "source": ["test"] * 9,
}, schema_overrides={"effective_date": pl.String})


def ct(pid: str, **kw) -> dict:
    return position(pid, unit=pid, title="Analyst", schedule_id="CT_T", **({"grade": "SH 17"} | kw))


def costs(roster: pl.LazyFrame, *, start: str, end: str, changes: list | None = None, fringe: float = 0,
          rates: pl.LazyFrame = CT_RATES, with_lumps: bool = True) -> dict[tuple[str, str], Decimal]:
    s = parse_scenario({"fringe_rate": fringe, "fy_start_month": 7, "start": start, "end": end,
                        "changes": changes or []})
    frame = scenario_costs_by_month(roster, step_table(rates), scenario=s, by=("unit",),
                                    lump_sums=lump_sum_table(rates) if with_lumps else None).collect()
    return {(m.isoformat()[:7], unit): cost for m, unit, cost in frame.iter_rows()}


def changes_of(got: dict, unit: str) -> list[tuple[str, Decimal]]:
    """The months where the unit's monthly cost changes, with the new monthly cost."""
    out, previous = [], None
    for (month, u), cost in sorted(got.items()):
        if u == unit and cost != previous:
            out.append((month, cost))
            previous = cost
    return out


def month_of(annual: float, lump: float = 0) -> Decimal:
    """The cost of one month at an annual rate (no fringe), plus a lump sum paid in it."""
    return cents(Decimal(annual) / 12 + Decimal(lump))


@pytest.mark.parametrize(
    ("start", "as_of", "anchor"),
    [(dt.date(2025, 3, 1), dt.date(2025, 7, 1), dt.date(2025, 1, 1)),  # first increment 2026-01
     (dt.date(2025, 6, 1), dt.date(2025, 1, 1), dt.date(2025, 1, 1)),  # June: still the next January
     (dt.date(2025, 7, 1), dt.date(2025, 1, 1), dt.date(2026, 1, 1)),  # July: the second January, 2027-01
     (dt.date(2025, 9, 1), dt.date(2025, 9, 1), dt.date(2026, 1, 1)),
     (dt.date(2010, 9, 1), dt.date(2025, 7, 1), dt.date(2025, 1, 1)),  # long ago: the January after the roster date
     (dt.date(2010, 9, 1), dt.date(2026, 1, 1), dt.date(2026, 1, 1)),  # the roster's own January is already in
     (None, dt.date(2025, 7, 1), dt.date(2025, 1, 1))],  # hire unknown: the next January
)
def test_the_ct_anchor_is_12_months_before_the_first_january_increment(start, as_of, anchor):
    frame = pl.DataFrame({"start": [month_index(start) if start else None]}, schema={"start": pl.Int32})
    got = frame.select(ct_anchor_expr(pl.col("start"), as_of_month=month_index(as_of)))["start"].item()
    assert got == month_index(anchor)


def test_a_march_hire_moves_up_each_next_january_and_a_september_hire_waits_for_the_second():
    roster = positions(ct("MAR", step=1, hire=dt.date(2025, 3, 10)), ct("SEP", step=1, hire=dt.date(2025, 9, 15)))
    got = costs(roster, start="2025-07", end="2029-12")

    # MAR (hired in March, before July): 2026-01 step 2, 2027-01 step 3, 2028-01 step 4 (the top); 2029-01 the
    # 1,000 lump sum instead of an increment (the month costs 56,000 / 12 + 1,000 = 5,666.67), then 56,000 again.
    # The anniversary rule would have moved it each March.
    assert changes_of(got, "MAR") == [
        ("2025-07", month_of(50000)), ("2026-01", month_of(52000)), ("2027-01", month_of(54000)),
        ("2028-01", month_of(56000)), ("2029-01", month_of(56000, 1000)), ("2029-02", month_of(56000))]
    # SEP (hired in September): costed from September 2025, no increment in 2026-01; 2027-01 step 2, 2028-01 step 3,
    # 2029-01 step 4: the top is reached that day, so no lump sum.
    assert changes_of(got, "SEP") == [
        ("2025-09", month_of(50000)), ("2027-01", month_of(52000)), ("2028-01", month_of(54000)),
        ("2029-01", month_of(56000))]


def test_a_lump_sum_carries_fringe_and_fte_like_salary_and_needs_the_lump_sum_rows():
    roster = positions(ct("TOP", step=4, hire=dt.date(2010, 4, 1)), ct("HALF", step=4, hire=dt.date(2010, 4, 1),
                                                                         fte=0.5))
    got = costs(roster, start="2025-12", end="2026-02", fringe=0.5)

    # At the top since before the roster: 1 January 2026 pays 1,000. x 1.5 fringe: 56,000 / 8 + 1,500 = 8,500;
    # half-time: half of it, 4,250.
    assert [got[(m, "TOP")] for m in ("2025-12", "2026-01", "2026-02")] == [Decimal(7000), Decimal(8500),
                                                                            Decimal(7000)]
    assert got[("2026-01", "HALF")] == Decimal(4250)
    without = costs(roster, start="2025-12", end="2026-02", fringe=0.5, with_lumps=False)
    assert without[("2026-01", "TOP")] == Decimal(7000)


def test_a_promotion_keeps_the_january_increment_date():
    roster = positions(ct("MAR", step=1, hire=dt.date(2025, 3, 10)))
    promote = {"type": "promote", "position_ids": ["MAR"], "grade": "SH 19", "date": "2026-07-01"}
    got = costs(roster, start="2025-07", end="2028-12", changes=[promote])

    # 2026-01 step 2 (52,000); 2026-07 promoted: at least 52,000 + one SH 19 increment (2,500) = 54,500 -> SH 19
    # step 1 (55,000); the next increment stays on 1 January (2027-01: 57,500; 2028-01: 60,000), not July.
    assert changes_of(got, "MAR") == [
        ("2025-07", month_of(50000)), ("2026-01", month_of(52000)), ("2026-07", month_of(55000)),
        ("2027-01", month_of(57500)), ("2028-01", month_of(60000))]


def test_a_january_promotion_is_first_the_old_grades_increment_date():
    roster = positions(ct("TOP", step=4, hire=dt.date(2010, 4, 1)))
    promote = {"type": "promote", "position_ids": ["TOP"], "grade": "SH 19", "date": "2027-01-01"}
    got = costs(roster, start="2026-12", end="2028-01", changes=[promote])

    # 1 January 2027 is SH 17's increment date at its top: the 1,000 lump sum, then the promotion to at least
    # 56,000 + 2,500 -> SH 19 step 3 (60,000): January costs 60,000 / 12 + 1,000 = 6,000; 2028-01 step 4 (62,500).
    assert [got[(m, "TOP")] for m in ("2026-12", "2027-01", "2027-02", "2028-01")] == [
        month_of(56000), Decimal(6000), Decimal(5000), month_of(62500)]


def test_a_dated_lump_sum_is_paid_only_from_its_date():
    dated = CT_RATES.with_columns(
        effective_date=pl.when(pl.col("step") == "LUMP_SUM").then(pl.lit("2026-06")).otherwise(None))
    roster = positions(ct("TOP", step=4, hire=dt.date(2010, 4, 1)))
    got = costs(roster, start="2025-12", end="2027-01", rates=dated)

    # Nothing on 1 January 2026 (before 2026-06-01); 1,000 on 1 January 2027.
    assert got[("2026-01", "TOP")] == month_of(56000)
    assert got[("2027-01", "TOP")] == month_of(56000, 1000)


def test_the_bridge_adds_up_with_lump_sums_and_a_new_york_promotion():
    steps = pl.concat([step_table(CT_RATES), step_frame(nys_steps())]).collect().lazy()
    roster = positions(ct("TOP", step=4, hire=dt.date(2010, 4, 1)), ct("MAR", step=1, hire=dt.date(2025, 3, 10)),
                       position("P", grade="18", step=8, schedule_id="NYS_PST_PEF"))
    changes = [{"type": "promote", "position_ids": ["P"], "grade": "23", "date": "2026-01-10"},
               {"type": "promote", "position_ids": ["MAR"], "grade": "SH 19", "date": "2027-07-01"},
               {"type": "attrition", "pct": 10, "backfill_months": 2}]
    s = parse_scenario({"fringe_rate": 0.3, "fy_start_month": 7, "start": "2025-07", "end": "2029-06",
                        "cola": [{"pct": 2, "effective": "2026-07-01"}], "changes": changes})
    lumps = lump_sum_table(CT_RATES)

    years = dict(scenario_costs_by_fiscal_year(roster, steps, scenario=s, lump_sums=lumps).collect().iter_rows())
    bridge = cost_bridge(roster, steps, base=s, target=s, base_fiscal_year=2026, target_fiscal_year=2029,
                         lump_sums=lumps).collect()

    assert bridge["amount"].sum() == years[2029] - years[2026]
    assert dict(bridge.iter_rows())["promotions"] > 0
