"""Connecticut in the staffing-cost projection: steps on 1 January by the hire half-year, and top-step lump sums.

The rules are the pay side's (analytics.pay.progression). Increments fall on 1 January: the first January after
a January-June initial employment, the second after a July-December one, then every January (CT Comptroller
Payroll Manual s.IV); a promotion keeps the date. The projection runs the step clock of a Connecticut scale
from ct_anchor_month (ct_anchor_expr), 12 months before the first increment due.

Each 1 January increment date reached at the top step pays the grade's LUMP_SUM amount
(analytics.pay.steps.lump_sum_table) instead of an increment; the amount is the latest stated on or before
that day (an undated one before any dated), is not multiplied by COLA and leaves the rate unchanged. A top
step reached on that very day pays no lump sum (the day was an increment); a promotion's day is still the
old grade's increment date.

Its cost carries FTE, fringe, the vacancy factor and attrition as salary does: CT General Statutes s.5-154(h)
makes "salary" for the State Employees Retirement System "any payment, including longevity payments, ... for
state service made from a payroll submitted to the Comptroller", and payroll taxes apply to it alike. A
part-time position is taken to get its FTE share of the lump sum (assumed: no proration rule was found).
"""

from __future__ import annotations

import polars as pl

from analytics.costs.rates import MONEY, effective_month_expr
from analytics.pay.promotion import CT_ENGINE


def ct_anchor_expr(start: pl.Expr, *, as_of_month: int | None = None) -> pl.Expr:
    """Return the Connecticut step anchor of a position first employed in month `start` (month index), as Int32.

    The first increment falls on the first January after a January-June start and the second after a
    July-December one (CT Comptroller Payroll Manual s.IV), and not before the January after `as_of_month`;
    the anchor is 12 months before it, so that a 12-month step clock moves on each 1 January from then.
    A null start is unknown: the first January after `as_of_month` counts.
    """
    first = (start // 12 + 1 + (start % 12 >= 6).cast(pl.Int32)) * 12
    after_as_of = pl.lit(None, dtype=pl.Int32) if as_of_month is None else pl.lit((as_of_month // 12 + 1) * 12)
    return (pl.max_horizontal(first, after_as_of) - 12).cast(pl.Int32)


def ct_anchors(cohort: pl.LazyFrame, scale: pl.LazyFrame) -> pl.LazyFrame:
    """Add is_ct and promo_is_ct, and put the Connecticut anchors in anchor_month and promo_anchor_month.

    On a Connecticut scale the step clock runs from ct_anchor_month (ct_anchor_expr), so that steps move
    on 1 January. A promotion to one keeps that date (CT Payroll Manual s.IV: "promotions ... shall not change
    an established anniversary date"): the next increment is the first 1 January after the promotion, not
    before the first one due, so the anchor is the later of ct_anchor_month and the promotion's January.
    """
    is_ct = scale.select("scale_id", is_ct=pl.col("engine") == CT_ENGINE)
    promo_is_ct = is_ct.select(promo_scale_id="scale_id", promo_is_ct="is_ct")
    promo_january = pl.col("promo_anchor_month") // 12 * 12
    return (
        cohort.join(is_ct, on="scale_id", how="left")
        .join(promo_is_ct, on="promo_scale_id", how="left")
        .with_columns(
            pl.col("promo_is_ct").fill_null(False),
            anchor_month=pl.when("is_ct").then("ct_anchor_month").otherwise("anchor_month"),
            promo_anchor_month=pl.when(pl.col("promo_is_ct"))
            .then(pl.max_horizontal("ct_anchor_month", promo_january))
            .otherwise("promo_anchor_month"),
        )
    )


def lump_sum_amounts(lump_sums: pl.LazyFrame, scale: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (scale_id, eff) of the lump_sum_table rows: lump (Decimal), eff their first month in effect.

    A lump sum paid on 1 January of month m uses the latest row dated on or before that day: the latest
    whose effective month (rates.effective_month_expr) is m or before, an undated one before any dated.
    """
    return (
        lump_sums.drop_nulls("lump_sum_amount")
        .join(scale.select("schedule_id", "grade", "scale_id"), on=["schedule_id", "grade"])
        .select("scale_id", eff=effective_month_expr("effective_date"), lump=pl.col("lump_sum_amount").cast(MONEY))
        .sort("eff")
    )


def lump_sum_months(segs: pl.LazyFrame, paths: pl.LazyFrame, amounts: pl.LazyFrame,
                    scale: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (Connecticut segment, increment month at its top step): the segment's columns, month, lump.

    Increment months are anchor + 12 j (j >= 1) in [lo, lump_hi) within the state's window (first_month to
    last_month); one is paid a lump sum when the step held the month before is the scale's top step and the
    grade states a lump sum by then, the stated amounts read table_lag months back (they move with the pay
    tables).
    """
    lo = pl.max_horizontal("lo", "first_month", pl.col("anchor") + 12)
    first = lo + (pl.col("anchor") - lo) % 12
    hi = pl.min_horizontal("lump_hi", pl.col("last_month") + 1)
    held = pl.col("month") - pl.col("anchor") - 1
    tops = scale.select("scale_id", "top_step")
    return (
        segs.filter("is_ct")
        .with_columns(month=pl.int_ranges(first, pl.max_horizontal(first, hi), step=12, dtype=pl.Int32))
        .explode("month")
        .drop_nulls("month")
        .with_columns(k=held.clip(0, pl.col("top_k")), table_month=pl.col("month") - pl.col("table_lag"))
        .join(paths, on=["scale_id", "step0", "k"])
        .join(tops, on="scale_id")
        .filter(pl.col("step") == pl.col("top_step"))
        .sort("table_month")
        .join_asof(amounts, left_on="table_month", right_on="eff", by="scale_id", strategy="backward",
                   check_sortedness=False)
        .drop_nulls("lump")
    )
