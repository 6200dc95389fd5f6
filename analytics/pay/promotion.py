"""The one pay-on-promotion rule: the Pay page's trajectories and the staffing-cost projection both use it.

The rule follows the pay engines of the old and the new grade (promotion_rule):
- "gs" (GS to GS): the floor is the old rate plus two within-grade increases of the old grade, the two-step
  rule of 5 U.S.C. 5334(b) and 5 CFR 531.214(d), standard method; the promotion lands on the lowest step of
  the new grade paying at least the floor, else its top step.
- "nys" (both grades on a NY Civil Service Law s.130 schedule: engine "nys", the PS&T schedule of
  s.130(1)(c), or a schedule whose id starts with "NYS_", such as the M/C schedule of s.130(1)(d)):
  s.131(2)(a), https://www.nysenate.gov/legislation/laws/CVS/131 (and newyork.public.law/laws/
  n.y._civil_service_law_section_131): "If such an employee is promoted, appointed or otherwise advanced to
  a position in a higher salary grade he shall receive a percentage increase in exis[ting basic annual
  salary] ...". "Such an employee" is, from s.131(1), "an employee holding a position allocated to one of
  the salary grades included in section one hundred thirty", so the rule covers M/C grades as well as
  PS&T. The stored copies of the statute break off at those words; the percentages are those the State
  Comptroller applies under s.131.2a and Chapter 419 of the Laws of 2004 (OSC Payroll Bulletin 503,
  osc.state.ny.us/agencies/pbull/agencies/2003_2004/bulet503.htm: "will be paid at the Hiring Rate of the
  higher grade or will receive a percentage increase in base pay ..., whichever results in a higher
  salary"; one grade 3.0%, two 4.5%, three 6.0%, four 7.5%, five 9.0%), the same table as the CSEA
  2016-2021 agreements, s.7.4(a). The salary is max(new hiring rate, held x (1 + that percentage)), kept
  as it is (not put on a step: it may sit between steps), and never above the new job rate (the engine's
  cap; the part of s.131(2) read does not say). Not read, so assumed here: a move of more than five
  grades gets 9.0% (the last row); grades that cannot be counted from their labels (M-3 against 23) count
  as one grade; a move to the same or a lower grade number gets no percentage (only the hiring rate).
- "ct" (the new grade on a Connecticut step schedule, engine "ct"): CT State Comptroller Payroll Manual,
  s.IV (osc.ct.gov/manuals/Payroll/section4.htm): "An employee who is promoted from one salary group to
  another receives an increase of at least one annual increment in the new salary group". The floor is the
  old salary plus the new group's increment, taken as its step 2 less its step 1; the promotion lands on
  the lowest step paying at least the floor, else the top step.
- "pct" (every other pair, generic ranges): the floor is the old salary raised by `pct`, then the lowest
  step paying it, else the top step.
No promotion pays less than the new grade's hiring rate (its first step).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

DEFAULT_PROMOTION_PCT = 0.03
GS_ENGINE, NYS_ENGINE, CT_ENGINE = "gs", "nys", "ct"
GS_RULE, NYS_RULE, CT_RULE, PCT_RULE = "gs", "nys", "ct", "pct"
NYS_SCHEDULE_PREFIX = "NYS_"  # schedule ids of NY Civil Service Law s.130 grades (PS&T, M/C)
GS_PROMOTION_INCREASES = 2  # within-grade increases of the old grade (5 CFR 531.214(d)(1))
# Salary grades moved -> percentage increase: s.131(2)(a) as OSC Payroll Bulletin 503 (2004) prints it.
NYS_PROMOTION_PCT = {1: 0.03, 2: 0.045, 3: 0.06, 4: 0.075, 5: 0.09}
# A grade label whose number counts s.130 grades: "SG-18", "18", "M/C 18", "Grade 18" (not "M-3").
NYS_GRADE_NUMBER = r"(?i)^(?:SG|M/C|GRADE)?[\s-]*(\d+)$"
CENT = 0.005  # amounts within half a cent are equal


def promotion_engine(engine: str, schedule_id: str) -> str:
    """Return the engine a grade is promoted under: "nys" for every NY s.130 schedule (M/C too), else its own."""
    return NYS_ENGINE if schedule_id.startswith(NYS_SCHEDULE_PREFIX) else engine


def promotion_rule(old_engine: str, new_engine: str) -> str:
    """Return the rule of a promotion between two promotion engines: "gs", "nys", "ct" or "pct" (module docstring)."""
    if old_engine == GS_ENGINE and new_engine == GS_ENGINE:
        return GS_RULE
    if old_engine == NYS_ENGINE and new_engine == NYS_ENGINE:
        return NYS_RULE
    return CT_RULE if new_engine == CT_ENGINE else PCT_RULE


def nys_grades_moved(old_grade: str, new_grade: str) -> int:
    """Return the s.130 salary grades between two grade labels; 1 when either has no grade number (M-3)."""
    old, new = (re.match(NYS_GRADE_NUMBER, grade.strip()) for grade in (old_grade, new_grade))
    if old is None or new is None:
        return 1
    return int(new[1]) - int(old[1])


def nys_promotion_pct(grades_moved: int) -> float:
    """Return the s.131(2)(a) percentage for a move of `grades_moved` grades (above five: the five-grade 9.0%)."""
    if grades_moved <= 0:
        return 0.0
    return NYS_PROMOTION_PCT[min(grades_moved, max(NYS_PROMOTION_PCT))]


def promotion_floor(held: float, *, old_engine: str, new_engine: str, old_increase: float, pct: float,
                    grades_moved: int = 1, new_increase: float = 0.0) -> float:
    """Return the least salary a promotion pays (before the new grade's hiring rate, step or job rate apply).

    Args:
        held: the salary held just before the promotion.
        old_engine, new_engine: the promotion engines of the old and the new grade (promotion_engine).
        old_increase: one within-grade increase of the old grade (its step 2 less its step 1), for GS.
        pct: the promotion increase of the "pct" rule (0.03 = 3%).
        grades_moved: s.130 salary grades moved (nys_grades_moved), for New York.
        new_increase: one annual increment of the new grade (its step 2 less its step 1), for Connecticut.
    """
    rule = promotion_rule(old_engine, new_engine)
    if rule == GS_RULE:
        return held + GS_PROMOTION_INCREASES * old_increase
    if rule == NYS_RULE:
        return held * (1 + nys_promotion_pct(grades_moved))
    if rule == CT_RULE:
        return held + new_increase
    return held * (1 + pct)


def promoted_step(amounts: Sequence[float], floor: float) -> int:
    """Return the 0-based index of the lowest step paying at least `floor`, else the top step's."""
    return next((i for i, amount in enumerate(amounts) if amount >= floor - CENT), len(amounts) - 1)


def promoted_salary(held: float, *, old_amounts: Sequence[float], old_engine: str, new_amounts: Sequence[float],
                    new_engine: str, pct: float = DEFAULT_PROMOTION_PCT, old_grade: str = "",
                    new_grade: str = "") -> float:
    """Return the salary on promotion from a grade paying `old_amounts` to one paying `new_amounts`.

    Engines are promotion engines (promotion_engine); the grade labels count New York's grades moved.
    """
    floor = promotion_floor(held, old_engine=old_engine, new_engine=new_engine, pct=pct,
                            old_increase=_first_increase(old_amounts), new_increase=_first_increase(new_amounts),
                            grades_moved=nys_grades_moved(old_grade, new_grade))
    if promotion_rule(old_engine, new_engine) == NYS_RULE:
        return round(min(max(floor, new_amounts[0]), new_amounts[-1]), 2)
    return new_amounts[promoted_step(new_amounts, floor)]


def _first_increase(amounts: Sequence[float]) -> float:
    return amounts[1] - amounts[0] if len(amounts) > 1 else 0.0


def promotion_engine_expr(engine: pl.Expr, schedule_id: pl.Expr) -> pl.Expr:
    """Return promotion_engine of each row as a String expression."""
    return pl.when(schedule_id.str.starts_with(NYS_SCHEDULE_PREFIX)).then(pl.lit(NYS_ENGINE)).otherwise(engine)


def nys_grades_moved_expr(old_grade: pl.Expr, new_grade: pl.Expr) -> pl.Expr:
    """Return nys_grades_moved of each row as an Int32 expression."""
    old, new = (g.str.strip_chars().str.extract(NYS_GRADE_NUMBER, 1).cast(pl.Int32) for g in (old_grade, new_grade))
    return pl.when(old.is_null() | new.is_null()).then(pl.lit(1, pl.Int32)).otherwise(new - old)


def nys_promotion_pct_expr(grades_moved: pl.Expr) -> pl.Expr:
    """Return nys_promotion_pct of each row as a Float64 expression."""
    top = max(NYS_PROMOTION_PCT)
    pct = grades_moved.clip(upper_bound=top).replace_strict(NYS_PROMOTION_PCT, default=None, return_dtype=pl.Float64)
    return pl.when(grades_moved <= 0).then(pl.lit(0.0)).otherwise(pct)


def promotion_floor_expr(held: pl.Expr, *, old_engine: pl.Expr, new_engine: pl.Expr, old_increase: pl.Expr,
                         pct: float, old_grade: pl.Expr | None = None, new_grade: pl.Expr | None = None,
                         new_increase: pl.Expr | None = None) -> pl.Expr:
    """Return promotion_floor of each row as a Float64 expression (the same rule, vectorised).

    Without grade labels a New York move counts as one grade; without new_increase a Connecticut floor is
    the held salary.
    """
    held = held.cast(pl.Float64)
    grades = pl.lit(1) if old_grade is None or new_grade is None else nys_grades_moved_expr(old_grade, new_grade)
    increment = pl.lit(0.0) if new_increase is None else new_increase.cast(pl.Float64)
    is_gs = (old_engine == GS_ENGINE) & (new_engine == GS_ENGINE)
    is_nys = (old_engine == NYS_ENGINE) & (new_engine == NYS_ENGINE)
    return (
        pl.when(is_gs).then(held + GS_PROMOTION_INCREASES * old_increase.cast(pl.Float64))
        .when(is_nys).then(held * (1 + nys_promotion_pct_expr(grades)))
        .when(new_engine == CT_ENGINE).then(held + increment)
        .otherwise(held * (1 + pct))
    )


def is_at_least_floor_expr(amount: pl.Expr, floor: pl.Expr) -> pl.Expr:
    """Return whether a step's amount pays at least the floor (within half a cent), as promoted_step counts it."""
    return amount.cast(pl.Float64) >= floor - CENT
