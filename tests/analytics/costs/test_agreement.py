"""The cost projection and the Pay page's engine agree: the same person is paid the same, month by month.

The rule that relates them: the projection pays, in each month, 1/12 of the annual rate that
analytics.pay.progression pays on the month's first day, with every event of the person (hire, promotion)
dated on the first of its month, plus the lump sums it pays in the month. The projection moves every event
to the first of the month containing it; the trajectory pays each rate for the days it is in force
(trajectory earnings are day-weighted), so for events on other days the two differ by exactly the days
between the first of the month and the event (test_a_mid_month_promotion_differs_by_its_days).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
import pytest

from analytics.costs.scenarios import parse_scenario, scenario_costs_by_fiscal_year, scenario_costs_by_month
from analytics.db import REPO_ROOT
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.pay.progression import PayRules, grade_tables, lump_sum_amounts, path_positions
from analytics.pay.steps import lump_sum_table, step_table
from analytics.pay.trajectory import pay_trajectory
from tests.analytics.costs.test_projection import position, positions

# A synthetic Connecticut-style table (no real CT step table was found): SH 17 pays a 1,000 lump sum at its
# top step instead of an increment; SH 19 states none.
CT_RATES = pl.LazyFrame({
    "schedule_id": ["CT_TEST"] * 9, "grade": ["SH 17"] * 5 + ["SH 19"] * 4,
    "step": ["1", "2", "3", "4", "LUMP_SUM", "1", "2", "3", "4"],
    "annual_amount": [50000.0, 52000.0, 54000.0, 56000.0, 1000.0, 55000.0, 57500.0, 60000.0, 62500.0],
    "effective_date": [None] * 9, "source": ["test"] * 9,
}, schema_overrides={"effective_date": pl.String})
START, END = "2024-01", "2029-12"


@pytest.fixture(scope="module")
def steps() -> pl.DataFrame:
    rows, _ = read_pay_schedule(REPO_ROOT / "data" / "paydata" / "pay_schedules.csv")
    return pl.concat([step_table(rows.lazy()), step_table(CT_RATES)]).collect()


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def legs(*rows: tuple[str, str, dt.date]) -> pl.DataFrame:
    return pl.DataFrame({"path_id": ["p"] * len(rows), "leg": list(range(1, len(rows) + 1)),
                         "schedule_id": [r[0] for r in rows], "grade": [r[1] for r in rows],
                         "entry_date": [r[2] for r in rows]})


def pay_side(steps: pl.DataFrame, path: pl.DataFrame, *, start_step: int) -> tuple[dict, dict]:
    """The pay side's rate on the 1st of each month from the path's start to END, and its lump sums by month."""
    rules = PayRules(grade_tables(steps), lump_sum_amounts(lump_sum_table(CT_RATES).collect()))
    end = dt.date(int(END[:4]) + 1, 1, 1)
    changes, lumps = path_positions(path, rules, end, start_step_index=start_step)
    rates, paid, day = {}, {}, path["entry_date"][0]
    while day < end:
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        rates[day.isoformat()[:7]] = Decimal(f"{[p.base for p in changes if p.since <= day][-1]:.2f}")
        paid[day.isoformat()[:7]] = sum(Decimal(str(amount)) for when, amount in lumps if day <= when < following)
        day = following
    return rates, paid


def pay_side_months(steps: pl.DataFrame, path: pl.DataFrame, *, start_step: int) -> dict[str, Decimal]:
    """The pay side's cost x 12 of each month from the path's start to END: the rate on the 1st + 12 x lump sums."""
    rates, lumps = pay_side(steps, path, start_step=start_step)
    return {month: rate + 12 * lumps[month] for month, rate in rates.items()}


# Each person: the roster row, the same person's path on the Pay page (its first leg's step) and any promotion.
PEOPLE = {
    # SG-18 job rate, promoted 2024-07 to SG-23 (five grades, 9.0%) between steps; the 2025 table keeps its share.
    "ny promoted": (dict(grade="SG-18", step=8, hire=dt.date(2010, 5, 1), schedule_id="NYS_PST_PEF"),
                    [("NYS_PST_PEF", "SG-18", dt.date(2024, 1, 1)), ("NYS_PST_PEF", "SG-23", dt.date(2024, 7, 1))], 8),
    "ny hire": (dict(grade="SG-18", step=1, hire=dt.date(2024, 7, 1), schedule_id="NYS_PST_PEF"),
                [("NYS_PST_PEF", "SG-18", dt.date(2024, 7, 1))], 1),
    # GS-9 step 5, promoted 2027-01 to GS-10: two GS-9 increases (5 CFR 531.214(d)) -> step 4.
    "gs promoted": (dict(grade="GS-9", step=5, hire=dt.date(2026, 1, 1), schedule_id="OPM_GS_2026_BASE"),
                    [("OPM_GS_2026_BASE", "GS-9", dt.date(2026, 1, 1)),
                     ("OPM_GS_2026_BASE", "GS-10", dt.date(2027, 1, 1))], 5),
    # CT hired in March (first increment the next January), promoted in July 2027 keeping the January date.
    "ct promoted": (dict(grade="SH 17", step=1, hire=dt.date(2025, 3, 1), schedule_id="CT_TEST"),
                    [("CT_TEST", "SH 17", dt.date(2025, 3, 1)), ("CT_TEST", "SH 19", dt.date(2027, 7, 1))], 1),
    # CT hired in September at step 3: the second January, then lump sums at the top.
    "ct top": (dict(grade="SH 17", step=3, hire=dt.date(2024, 9, 1), schedule_id="CT_TEST"),
               [("CT_TEST", "SH 17", dt.date(2024, 9, 1))], 3),
    # A range-only grade (CT SH 17's stated minimum and maximum): 3% a year, 12 months apart.
    "range": (dict(grade="SH 17", step=1, hire=dt.date(2024, 3, 1), schedule_id="CT_SH"),
              [("CT_SH", "SH 17", dt.date(2024, 3, 1))], 1),
}


def projected(steps: pl.DataFrame, *, by_month: bool) -> dict:
    roster = positions(*(position(name, unit=name, **row) for name, (row, _, _) in PEOPLE.items()))
    promotions = [{"type": "promote", "position_ids": [name], "grade": path[-1][1], "date": path[-1][2].isoformat()}
                  for name, (_, path, _) in PEOPLE.items() if len(path) > 1]
    s = parse_scenario({"fringe_rate": 0, "fy_start_month": 1, "start": START, "end": END, "changes": promotions})
    costs = scenario_costs_by_month if by_month else scenario_costs_by_fiscal_year
    frame = costs(roster, steps.lazy(), scenario=s, by=("unit",), lump_sums=lump_sum_table(CT_RATES)).collect()
    return {(str(key)[:7], unit): cost for key, unit, cost in frame.iter_rows()}


def test_every_month_of_every_person_is_paid_what_the_pay_side_pays(steps):
    got = projected(steps, by_month=True)

    for name, (_, path, start_step) in PEOPLE.items():
        expected = pay_side_months(steps, legs(*path), start_step=start_step)
        assert {m: got[(m, name)] for m in expected} == {m: cents(v / 12) for m, v in expected.items()}, name
        assert not [key for key in got if key[1] == name and key[0] not in expected], name
    # By hand, the NY promotion: 2024 SG-18 JR 82,656 x 1.09 = 90,095.04, 453.04 above 2024 SG-23 HR+2adv (89,642;
    # advance 2,743). From April 2025 (the table of 2025-03-27) the same share of the 2025 advance (2,825):
    # 92,331 + 453.04 x 2,825 / 2,743 = 92,797.58; July 2025 one advance: 95,622.58.
    assert [got[(m, "ny promoted")] for m in ("2024-07", "2025-04", "2025-07")] == [
        cents(Decimal(v) / 12) for v in ("90095.04", "92797.58", "95622.58")]


def test_yearly_totals_are_the_pay_side_months_summed(steps):
    got = projected(steps, by_month=False)

    for name, (_, path, start_step) in PEOPLE.items():
        by_year: dict[str, Decimal] = {}
        for month, cost in pay_side_months(steps, legs(*path), start_step=start_step).items():
            by_year[month[:4]] = by_year.get(month[:4], Decimal(0)) + cost
        assert {y: got[(y, name)] for y in by_year} == {y: cents(v / 12) for y, v in by_year.items()}, name


def test_the_pay_side_months_are_the_trajectory_salaries_and_lump_sums(steps):
    # The rebuild reads the engine pay_trajectory uses: at each year start its rate is the trajectory's salary;
    # the CT position at the top (from January 2026) is paid the lump sum each January after that.
    for name, (_, path, start_step) in PEOPLE.items():
        rates, _ = pay_side(steps, legs(*path), start_step=start_step)
        trajectory = pay_trajectory(steps.lazy(), legs(*path).lazy(), years=5, start_step_index=start_step,
                                    lump_sums=lump_sum_table(CT_RATES)).collect()
        starts = [d.isoformat()[:7] for d in trajectory["year_start_date"] if d.isoformat()[:7] in rates]
        assert [rates[m] for m in starts] == [Decimal(f"{s:.2f}") for s in trajectory["salary"][:len(starts)]], name
    _, top_lumps = pay_side(steps, legs(*PEOPLE["ct top"][1]), start_step=3)
    assert {m: v for m, v in top_lumps.items() if v} == {m: Decimal(1000) for m in ("2027-01", "2028-01", "2029-01")}


def test_a_january_promotion_agrees_with_the_trajectory_earnings_and_a_mid_month_one_differs_by_its_days(steps):
    def calendar_2026(promotion: dt.date) -> tuple[Decimal, Decimal]:
        path = legs(("NYS_PST_PEF", "SG-18", dt.date(2026, 1, 1)), ("NYS_PST_PEF", "SG-23", promotion))
        trajectory = pay_trajectory(steps.lazy(), path.lazy(), years=1, start_step_index=8).collect()
        roster = positions(position("P", unit="P", grade="SG-18", step=8, hire=dt.date(2010, 5, 1),
                                    schedule_id="NYS_PST_PEF"))
        promote = {"type": "promote", "position_ids": ["P"], "grade": "SG-23", "date": promotion.isoformat()}
        s = parse_scenario({"fringe_rate": 0, "fy_start_month": 1, "start": "2026-01", "end": "2026-12",
                            "changes": [promote]})
        cost = scenario_costs_by_fiscal_year(roster, steps.lazy(), scenario=s).collect()["cost"].item()
        return cost, Decimal(str(trajectory["earnings"].item()))

    # SG-18 JR 85,138 x 1.09 (five grades) = 92,800.42 on SG-23, from 1 January: the whole year at that rate.
    assert calendar_2026(dt.date(2026, 1, 1)) == (Decimal("92800.42"), Decimal("92800.42"))
    # Promoted on 10 January: the projection pays all of January at the new rate; the trajectory 9 days at
    # 85,138 and 356 at 92,800.42: (766,242 + 33,036,949.52) / 365 = 92,611.48, 9 / 365 x 7,662.42 = 188.94 less.
    projection, trajectory = calendar_2026(dt.date(2026, 1, 10))
    assert (projection, trajectory) == (Decimal("92800.42"), Decimal("92611.48"))
    assert projection - trajectory == Decimal("188.94")
