"""New York promotions in the cost projection: the s.131(2) salary between steps, priced exactly, by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from analytics.costs.scenarios import parse_scenario, scenario_costs_by_month
from analytics.pay.trajectory import pay_trajectory
from tests.analytics.costs.test_projection import cents, nys_steps, position, positions, step_frame

# 2025 PS&T table (S.7576 of 2023): SG-18 HR 66,951, advance 2,299, JR 85,138; SG-23 HR 86,681, advance 2,825,
# JR 109,650 (steps 86,681 / 89,506 / 92,331 / 95,156 / 97,981 / 100,806 / 103,631 / 109,650).
# s.131(2)(a) as OSC Payroll Bulletin 503 prints it: one grade 3.0%, two 4.5%, three 6.0%, four 7.5%, five 9.0%.
PROMOTION = dt.date(2026, 1, 1)


def monthly(start: str, end: str, *, fringe: float = 0) -> dict[str, Decimal]:
    roster = positions(position("P", grade="18", step=8, hire=dt.date(2010, 7, 1), schedule_id="NYS_PST_PEF"))
    promote = {"type": "promote", "position_ids": ["P"], "grade": "23", "date": PROMOTION.isoformat()}
    s = parse_scenario({"fringe_rate": fringe, "fy_start_month": 7, "start": start, "end": end, "changes": [promote]})
    frame = scenario_costs_by_month(roster, step_frame(nys_steps()), scenario=s).collect()
    return {m.isoformat()[:7]: cost for m, cost in frame.iter_rows()}


def test_a_promotion_between_steps_is_priced_at_the_salary_not_the_step_above():
    got = monthly("2025-12", "2029-01")

    # SG-18 -> SG-23 is five grades, 9.0%: 85,138 x 1.09 = 92,800.42 (at least the SG-23 HR 86,681, at most its
    # JR), 469.42 above step 3 (92,331) and 2,355.58 below step 4 (95,156), the step the projection priced before.
    # Each January an advance of the step it sits on: + 2,825 = 95,625.42 (2027), 98,450.42 (2028), 101,275.42
    # (2029); monthly cost = salary / 12 (no fringe).
    assert [got[m] for m in ("2025-12", "2026-01", "2026-12", "2027-01", "2028-01", "2029-01")] == [
        cents(Decimal(85138) / 12), Decimal("7733.37"), Decimal("7733.37"), Decimal("7968.79"), Decimal("8204.20"),
        Decimal("8439.62")]  # 92,800.42 / 12 = 7,733.368; 95,625.42 / 12 = 7,968.785; 98,450.42 / 12 = 8,204.202


def test_the_salary_keeps_its_offset_until_the_job_rate_caps_it():
    got = monthly("2031-12", "2033-01", fringe=0.5)

    # 2030: 104,100.42 on step 7 (103,631) + 469.42; 2031: + 6,019 would be 110,119.42, capped at the JR 109,650.
    # With 50% fringe: x 1.5 / 12 = / 8.
    assert [got[m] for m in ("2031-12", "2032-01", "2033-01")] == [cents(Decimal("109650") / 8)] * 3


def test_month_by_month_the_projection_pays_the_trajectory_salary():
    path = pl.LazyFrame({"path_id": ["p", "p"], "leg": [1, 2], "schedule_id": ["NYS_PST_PEF"] * 2,
                         "grade": ["18", "23"], "entry_date": [dt.date(2025, 7, 1), PROMOTION]})
    trajectory = pay_trajectory(step_frame(nys_steps()), path, years=8, start_step_index=8).collect()
    got = monthly("2025-07", "2033-06")

    # The trajectory's salary at each 1 July, from 2026 the promoted salary moved by the January advances.
    assert trajectory["salary"].to_list() == [85138.0, 92800.42, 95625.42, 98450.42, 101275.42, 104100.42,
                                              109650.0, 109650.0]
    for year_start, salary in trajectory.select("year_start_date", "salary").iter_rows():
        assert got[year_start.isoformat()[:7]] == cents(Decimal(str(salary)) / 12)
