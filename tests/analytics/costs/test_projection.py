"""Staffing-cost projection: hand-computed cases to the cent, and the rules one at a time."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.costs.projection import PLAN_SCHEMA, staffing_cost_by_month, unpriced_positions
from analytics.costs.rates import CostRules, month_index
from analytics.costs.scenarios import (
    cost_bridge,
    parse_scenario,
    scenario_costs_by_fiscal_year,
    scenario_costs_by_month,
    scenario_plan,
)
from analytics.ingest.tables.roster import POSITIONS_SCHEMA
from analytics.pay.steps import STEP_TABLE_SCHEMA

PST_2025 = dt.date(2025, 3, 27)
# NY PS&T 2025 (S.7576 of 2023): hiring rate, six advances, job rate; 12 months apart.
NYS = {"18": (66951, 2299, 85138), "23": (86681, 2825, 109650), "27": (106898, 3352, 131665)}
# OPM 2026 GS base table, GS-9; waiting periods 52/104/156 weeks.
GS_9 = [52727, 54485, 56243, 58001, 59759, 61517, 63275, 65033, 66791, 68549]
GS_MONTHS = [12, 12, 12, 24, 24, 24, 36, 36, 36, None]


def nys_steps(effective: dt.date = PST_2025) -> list[dict]:
    rows = []
    for grade, (hiring, advance, job) in NYS.items():
        amounts = [hiring + advance * k for k in range(7)] + [job]
        rows += [
            {"schedule_id": "NYS_PST_PEF", "grade": grade, "effective_date": effective, "step_index": i + 1,
             "step_label": str(i + 1), "annual_amount": float(a), "months_to_next": 12 if i < 7 else None,
             "engine": "nys"}
            for i, a in enumerate(amounts)
        ]
    return rows


def cents(amount: Decimal) -> Decimal:
    """Round as the reports do: to the cent, half away from zero."""
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def step_frame(rows: list[dict]) -> pl.LazyFrame:
    return pl.LazyFrame(rows, schema=STEP_TABLE_SCHEMA)


def gs_steps() -> pl.LazyFrame:
    return step_frame([
        {"schedule_id": "OPM_GS", "grade": "GS-9", "effective_date": dt.date(2026, 1, 1), "step_index": i + 1,
         "step_label": str(i + 1), "annual_amount": float(a), "months_to_next": m, "engine": "gs"}
        for i, (a, m) in enumerate(zip(GS_9, GS_MONTHS, strict=True))
    ])


def position(pid: str, *, title: str = "Immigrant Workers Specialist 1", grade: str = "18", step: int | None = 8,
             hire: dt.date | None = dt.date(2010, 6, 15), vacant: bool = False, fill: dt.date | None = None,
             unit: str = "Unit A", fte: float = 1.0, schedule_id: str | None = None,
             salary: float | None = None) -> dict:
    return {"position_id": pid, "title": title, "class_code": None, "grade": grade, "step": step,
            "annual_salary": salary, "hire_date": hire, "title_date": None, "fte": fte, "unit": unit,
            "is_vacant": vacant, "fill_date": fill, "education": None, "schedule_id": schedule_id}


def positions(*rows: dict) -> pl.LazyFrame:
    return pl.LazyFrame(list(rows), schema=POSITIONS_SCHEMA)


def scenario(**overrides: object):
    base = {"fringe_rate": 0.5, "fy_start_month": 7, "start": "2025-07", "end": "2027-06", "cola": [], "changes": []}
    return parse_scenario(base | overrides)


def fiscal_costs(roster: pl.LazyFrame, steps: pl.LazyFrame, **overrides: object) -> dict[int, Decimal]:
    frame = scenario_costs_by_fiscal_year(roster, steps, scenario=scenario(**overrides)).collect()
    return dict(frame.iter_rows())


def test_design_example_holds_to_the_cent():
    roster = positions(
        position("P1", step=8),
        position("P2", step=None, hire=None, vacant=True, fill=dt.date(2026, 1, 1)),
    )
    costs = fiscal_costs(roster, step_frame(nys_steps()), cola=[{"pct": 3, "effective": "2026-07-01"}])
    assert costs[2026] == Decimal("177920.25")
    assert costs[2027] == Decimal("236753.48")


def test_design_example_moves_the_new_hire_up_a_step_in_january_2027():
    roster = positions(position("P2", step=None, hire=None, vacant=True, fill=dt.date(2026, 1, 1)))
    steps = step_frame(nys_steps())
    s = scenario(cola=[{"pct": 3, "effective": "2026-07-01"}], start="2026-12", end="2027-01")
    monthly = scenario_costs_by_month(roster, steps, scenario=s).collect()
    # 66,951 x 1.03 / 12 x 1.5 and 69,250 x 1.03 / 12 x 1.5
    assert monthly["cost"].to_list() == [Decimal("8619.94"), Decimal("8915.94")]


def test_gs_step_takes_effect_in_the_anniversary_month():
    roster = positions(
        position("G1", title="Analyst", grade="GS-9", step=3, hire=dt.date(2019, 10, 20)),
        position("G2", title="Analyst", grade="GS-9", step=4, hire=dt.date(2018, 3, 5)),
    )
    costs = fiscal_costs(roster, gs_steps(), fringe_rate=0.3, fy_start_month=10, start="2026-01", end="2027-09")
    # FY2026 = Jan-Sep 2026: G1 9/12 x 56,243 x 1.3 + G2 9/12 x 58,001 x 1.3.
    assert costs[2026] == Decimal("111387.90")
    # FY2027: G1 reached step 4 in Oct 2026 (12 months); G2 waits 24 months at step 4, to Mar 2027.
    assert costs[2027] == Decimal("75401.30") + Decimal("76734.45")


def test_new_positions_start_mid_year_at_the_hiring_rate():
    roster = positions(position("P1", step=8))
    add = {"type": "add_positions", "title": "Immigrant Workers Specialist 1", "unit": "Unit B", "count": 2,
           "date": "2026-10-15"}
    costs = fiscal_costs(roster, step_frame(nys_steps()), start="2026-07", end="2028-06", changes=[add])
    # 85,138 x 1.5 + 2 x 9/12 x 66,951 x 1.5
    assert costs[2027] == Decimal("278346.75")
    # the new hires reach step 2 (69,250) in October 2027
    assert costs[2028] == Decimal(127707) + 2 * Decimal("103012.875")  # 3/12 x 66,951 + 9/12 x 69,250, x 1.5


def test_promotion_moves_to_the_lowest_step_paying_at_least_the_promotion_floor():
    roster = positions(position("P3", title="Immigrant Community Specialist 2", grade="23", step=8,
                                hire=dt.date(2012, 4, 2)))
    promote = {"type": "promote", "position_ids": ["P3"], "grade": "27", "date": "2026-03-10",
               "title": "Immigrant Community Specialist 3"}
    steps = step_frame(nys_steps())
    s = scenario(changes=[promote])
    by_title = scenario_costs_by_fiscal_year(roster, steps, scenario=s, by=("title", "grade")).collect()
    expected = pl.DataFrame(
        {"fiscal_year": [2026, 2026, 2027], "title": ["Immigrant Community Specialist 2",
                                                      "Immigrant Community Specialist 3",
                                                      "Immigrant Community Specialist 3"],
         "grade": ["23", "27", "27"], "cost": [Decimal(109650), Decimal("58936.88"), Decimal("178486.63")]},
        schema={"fiscal_year": pl.Int32, "title": pl.String, "grade": pl.String, "cost": pl.Decimal(38, 2)},
    )
    # NY CSL s.131(2)(a), 23 -> 27 is four grades, 7.5%: 109,650 x 1.075 = 117,873.75, kept between grade 27
    # step 4 (116,954) and step 5 (120,306) from March 2026; one advance (3,352) in March 2027: 121,225.75
    # (analytics.pay.promotion and progression; the floor's step 5 alone would be 2,432.25 too high).
    # FY2026 4/12 x 117,873.75 x 1.5 = 58,936.875; FY2027 (8 x 117,873.75 + 4 x 121,225.75) / 12 x 1.5
    # = 1,427,893 / 8 = 178,486.625 (half cents round away from zero).
    assert_frame_equal(by_title, expected)


def test_colas_compound_from_their_months():
    roster = positions(position("P1", step=8))
    colas = [{"pct": 3, "effective": "2025-09-01"}, {"pct": 2, "effective": "2025-10-20"}]
    s = scenario(cola=colas, start="2025-08", end="2025-10")
    monthly = scenario_costs_by_month(roster, step_frame(nys_steps()), scenario=s).collect()
    base = Decimal(85138) / 12 * Decimal("1.5")
    expected = [base, base * Decimal("1.03"), base * Decimal("1.03") * Decimal("1.02")]
    assert monthly["cost"].to_list() == [cents(e) for e in expected]


def test_vacancy_factor_scales_cost_and_a_vacancy_without_a_fill_date_costs_nothing():
    roster = positions(position("P1", step=8), position("V1", step=None, hire=None, vacant=True))
    changes = [{"type": "vacancy_factor", "pct": 4}]
    costs = fiscal_costs(roster, step_frame(nys_steps()), changes=changes)
    assert costs[2026] == cents(Decimal(85138) * Decimal("1.5") * Decimal("0.96"))


def test_freeze_and_cut_stop_costs():
    roster = positions(position("P1", step=8, unit="U"), position("P2", step=8, unit="U"),
                       position("V1", step=None, hire=None, vacant=True, fill=dt.date(2025, 9, 1), unit="U"))
    cut = {"type": "cut_positions", "title": "Immigrant Workers Specialist 1", "unit": "u", "count": 2,
           "date": "2026-01-01"}
    # the cut takes the vacancy first, then the latest hire (P2 by id, as both were hired together)
    costs = fiscal_costs(roster, step_frame(nys_steps()), changes=[cut])
    job_month = Decimal(85138) / 12 * Decimal("1.5")
    hire_month = Decimal(66951) / 12 * Decimal("1.5")
    assert costs[2026] == cents(job_month * 12 + job_month * 6 + hire_month * 4)
    frozen = fiscal_costs(roster, step_frame(nys_steps()), changes=[{"type": "freeze_vacancy", "position_id": "V1"}])
    assert frozen[2026] == cents(job_month * 24)


def test_attrition_replaces_leavers_at_the_hiring_rate_after_the_backfill_time():
    roster = positions(position("P1", step=8))
    changes = [{"type": "attrition", "pct": 12, "backfill_months": 2}]
    s = scenario(changes=changes, start="2025-07", end="2025-12")
    monthly = scenario_costs_by_month(roster, step_frame(nys_steps()), scenario=s).collect()
    q = 0.88 ** (1 / 12)
    expected = [1.5 / 12 * (q**t * 85138 + (1 - q ** (t - 2) if t >= 2 else 0) * 66951) for t in range(6)]
    assert [float(c) for c in monthly["cost"]] == pytest.approx(expected, abs=0.006)
    assert math.isclose(float(monthly["cost"][0]), 85138 * 1.5 / 12, abs_tol=0.006)


def test_fiscal_years_are_named_by_the_year_they_end_in():
    roster = positions(position("P1", step=8))
    steps = step_frame(nys_steps())
    calendar = fiscal_costs(roster, steps, fy_start_month=1, start="2026-01", end="2026-12")
    july = fiscal_costs(roster, steps, fy_start_month=7, start="2026-01", end="2026-12")
    assert list(calendar) == [2026]
    assert list(july) == [2026, 2027]


def test_pay_table_versions_apply_from_the_first_month_they_are_in_effect_on_its_first_day():
    later = [dict(r, effective_date=dt.date(2026, 4, 2), annual_amount=r["annual_amount"] + 1200)
             for r in nys_steps()]
    steps = step_frame(nys_steps() + later)
    roster = positions(position("P1", step=8, unit="A"), position("P2", step=8, unit="B", fte=0.5))
    s = scenario(start="2026-03", end="2026-05")
    monthly = scenario_costs_by_month(roster, steps, scenario=s, by=("unit",)).collect()
    # The version dated 2 April 2026 is not in effect on 1 April: March and April on 85,138, May on 86,338.
    expected = [(85138, 1.0), (85138, 0.5), (85138, 1.0), (85138, 0.5), (86338, 1.0), (86338, 0.5)]
    assert monthly["unit"].to_list() == ["A", "B"] * 3
    # 85,138 / 12 x 1.5 x 0.5 = 5,321.125: a half cent rounds away from zero
    assert monthly["cost"].to_list() == [cents(Decimal(a) / 12 * Decimal("1.5") * Decimal(str(f))) for a, f in expected]
    assert monthly["cost"][1] == Decimal("5321.13")


def test_projection_frame_schema():
    plan = scenario_plan(positions(position("P1")), scenario=scenario())
    assert plan.collect_schema() == pl.Schema(PLAN_SCHEMA)
    rules = CostRules(first_month=month_index(dt.date(2025, 7, 1)), last_month=month_index(dt.date(2025, 8, 1)))
    monthly = staffing_cost_by_month(plan, step_frame(nys_steps()), rules=rules, by=("unit", "grade"))
    assert monthly.collect_schema() == pl.Schema(
        {"month": pl.Date, "unit": pl.String, "grade": pl.String, "cost": pl.Decimal(38, 2)}
    )


def test_unpriced_positions_name_the_missing_grade_or_step():
    roster = positions(position("P1", grade="99"), position("P2", step=12), position("P3"))
    plan = scenario_plan(roster, scenario=scenario())
    found = unpriced_positions(plan, step_frame(nys_steps())).collect()
    assert found.select("position_id", "problem").rows() == [
        ("P1", "no pay scale for grade"), ("P2", "step not on the grade's scale"),
    ]


def test_a_stated_salary_keeps_its_offset_from_its_step_through_a_step_and_a_cola():
    # Grade 18 step 7 is 80,745 on the 2025 table, step 8 85,138; both reach step 8 in September 2025.
    roster = positions(
        position("NEAR", step=7, hire=dt.date(2015, 9, 15), unit="0.5% above", salary=81150),  # +405
        position("FAR", step=7, hire=dt.date(2015, 9, 15), unit="5% above", salary=84782.25),  # +4,037.25
        position("BLANK", step=7, hire=dt.date(2015, 9, 15), unit="no salary"),
    )
    s = scenario(start="2025-07", end="2025-10", cola=[{"pct": 2, "effective": "2025-10-01"}])
    frame = scenario_costs_by_month(roster, step_frame(nys_steps()), scenario=s, by=("unit",)).collect()
    by_unit = {u: frame.filter(pl.col("unit") == u)["cost"].to_list() for u in ("0.5% above", "5% above", "no salary")}
    # monthly cost = rate / 12 x 1.5 = rate / 8; July-August the stated salary, September step 8 plus the
    # offset, October that x 1.02.
    assert by_unit["0.5% above"] == [cents(Decimal(v) / 8) for v in (81150, 81150, 85543, Decimal("87253.86"))]
    assert by_unit["5% above"] == [cents(Decimal(v) / 8) for v in
                                   ("84782.25", "84782.25", "89175.25", "90958.755")]
    assert by_unit["no salary"] == [cents(Decimal(v) / 8) for v in (80745, 80745, 85138, Decimal("86840.76"))]
    assert by_unit["5% above"] == [Decimal("10597.78"), Decimal("10597.78"), Decimal("11146.91"), Decimal("11369.84")]


def test_a_vacancy_salary_is_ignored_and_a_salary_equal_to_the_step_changes_nothing():
    stated = positions(position("P1", step=8, salary=85138),
                       position("V1", step=None, hire=None, vacant=True, fill=dt.date(2026, 1, 1), salary=99999))
    blank = positions(position("P1", step=8), position("V1", step=None, hire=None, vacant=True,
                                                      fill=dt.date(2026, 1, 1)))
    steps = step_frame(nys_steps())
    assert fiscal_costs(stated, steps) == fiscal_costs(blank, steps)


def test_the_offset_ends_at_a_promotion():
    promote = {"type": "promote", "position_ids": ["P3"], "grade": "27", "date": "2026-03-10",
               "title": "Immigrant Community Specialist 3"}
    steps = step_frame(nys_steps())

    def by_grade(salary: float | None) -> dict[str, Decimal]:
        roster = positions(position("P3", title="Immigrant Community Specialist 2", grade="23", step=8,
                                    hire=dt.date(2012, 4, 2), salary=salary))
        frame = scenario_costs_by_fiscal_year(roster, steps, scenario=scenario(changes=[promote]), by=("grade",))
        return {g: c for _, g, c in frame.collect().iter_rows()}

    with_salary, without = by_grade(110000), by_grade(None)
    # Grade 23, July 2025 - February 2026: 8 x 110,000 / 8 = 110,000 (the table's 109,650 + 350).
    assert with_salary["23"] == Decimal(110000) and without["23"] == Decimal(109650)
    # From the promotion on, the new grade's table: the same whatever the salary stated before.
    assert with_salary["27"] == without["27"]


def test_an_attrition_replacement_is_paid_the_hiring_rate_not_the_offset():
    roster = positions(position("P1", step=8, salary=86000))  # 862 above the job rate 85,138
    s = scenario(changes=[{"type": "attrition", "pct": 12, "backfill_months": 2}], start="2025-07", end="2025-12")
    monthly = scenario_costs_by_month(roster, step_frame(nys_steps()), scenario=s).collect()
    q = 0.88 ** (1 / 12)
    expected = [1.5 / 12 * (q**t * 86000 + (1 - q ** (t - 2) if t >= 2 else 0) * 66951) for t in range(6)]
    assert [float(c) for c in monthly["cost"]] == pytest.approx(expected, abs=0.006)


def test_the_cola_component_of_the_bridge_includes_the_offset():
    roster = positions(position("P1", step=8, salary=86000))
    plan = scenario(start="2025-07", end="2025-08", cola=[{"pct": 2, "effective": "2025-07-01"}])
    base = scenario(start="2025-07", end="2025-08")
    bridge = dict(cost_bridge(roster, step_frame(nys_steps()), base=base, target=plan).collect().iter_rows())
    # 2 months x 86,000 / 8 = 21,500; the 2% COLA on the whole stated salary adds 430.
    assert bridge["cola"] == Decimal("430.00")
    assert sum(bridge.values()) == Decimal("430.00")
