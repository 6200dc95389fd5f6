"""The one pay-on-promotion rule: the Pay page's trajectories and the staffing-cost projection both use it.

A promotion lands on the lowest step of the new grade that pays at least the promotion floor, and never
below the new grade's hiring rate (its first step):
- on the General Schedule (GS to GS), the floor is the old rate plus two within-grade increases of the old
  grade: the two-step rule of 5 U.S.C. 5334(b) and 5 CFR 531.214(d), standard method;
- on every other engine (New York, generic ranges), the floor is the old salary raised by `pct`.
  (NY Civil Service Law s.131 sets the increase by the grades moved; that table is not read yet, so `pct` is
  an input, 3% by default.)
When no step pays the floor, the promotion lands on the top step.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

DEFAULT_PROMOTION_PCT = 0.03
GS_ENGINE = "gs"
GS_PROMOTION_INCREASES = 2  # within-grade increases of the old grade (5 CFR 531.214(d)(1))
CENT = 0.005  # amounts within half a cent are equal


def promotion_floor(held: float, *, old_engine: str, new_engine: str, old_increase: float, pct: float) -> float:
    """Return the least salary a promotion pays before it is put on a step of the new grade.

    Args:
        held: the salary held just before the promotion.
        old_engine, new_engine: the pay engines of the old and the new grade ("gs", "nys", "generic").
        old_increase: one within-grade increase of the old grade (its step 2 less its step 1).
        pct: the promotion increase of the non-GS engines (0.03 = 3%).
    """
    if old_engine == GS_ENGINE and new_engine == GS_ENGINE:
        return held + GS_PROMOTION_INCREASES * old_increase
    return held * (1 + pct)


def promoted_step(amounts: Sequence[float], floor: float) -> int:
    """Return the 0-based index of the lowest step paying at least `floor`, else the top step's."""
    return next((i for i, amount in enumerate(amounts) if amount >= floor - CENT), len(amounts) - 1)


def promoted_salary(held: float, *, old_amounts: Sequence[float], old_engine: str, new_amounts: Sequence[float],
                    new_engine: str, pct: float = DEFAULT_PROMOTION_PCT) -> float:
    """Return the salary on promotion from a grade paying `old_amounts` to one paying `new_amounts`."""
    old_increase = old_amounts[1] - old_amounts[0] if len(old_amounts) > 1 else 0.0
    floor = promotion_floor(held, old_engine=old_engine, new_engine=new_engine, old_increase=old_increase, pct=pct)
    return new_amounts[promoted_step(new_amounts, floor)]


def promotion_floor_expr(held: pl.Expr, *, old_engine: pl.Expr, new_engine: pl.Expr, old_increase: pl.Expr,
                         pct: float) -> pl.Expr:
    """Return promotion_floor of each row as a Float64 expression (the same rule, vectorised)."""
    held = held.cast(pl.Float64)
    is_gs = (old_engine == GS_ENGINE) & (new_engine == GS_ENGINE)
    return pl.when(is_gs).then(held + GS_PROMOTION_INCREASES * old_increase.cast(pl.Float64)).otherwise(
        held * (1 + pct)
    )


def is_at_least_floor_expr(amount: pl.Expr, floor: pl.Expr) -> pl.Expr:
    """Return whether a step's amount pays at least the floor (within half a cent), as promoted_step counts it."""
    return amount.cast(pl.Float64) >= floor - CENT
