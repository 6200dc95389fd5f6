"""Transition rates estimated from dated roster snapshots matched by position_id, with Wilson intervals.

Rules for two consecutive snapshots (the earlier at risk: its filled positions, by their state):
- a position filled in both, by the same incumbent, in state s then t: a move s -> t (t = s: a stay);
  a change of grade (or title, by title) of a position is a move: the incumbent was promoted in place;
- a filled position absent from the later snapshot, or vacant there: an exit from s;
- a position filled in both whose hire_date changed (both given): the incumbent left and another was
  hired: an exit from s (and a hire), not a move; a roster without hire_date cannot tell and counts a move;
- a position vacant or absent in the earlier snapshot and filled in the later one: a hire (observed_hires),
  not a transition: nobody was at risk.
Every pair of consecutive snapshots must share at least one position_id (otherwise they are not of the
same positions). Rates are yearly: a pair further apart (or closer) than a year by more than GAP_TOLERANCE
is annualised with a constant rate of leaving the state, the moves keeping their mix: stay_1 = stay_g^(1/g)
for a gap of g years, each other cell (1 - stay_1) x its share of the pair's leavers; the pair then adds
its positions at risk to n_from and stay_1 x n_from (and so on) to the annual counts the rates and
intervals are computed from. n counts the observed moves as they were (not annualised).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from analytics.workforce.states import BY_COLUMNS, EXIT, WorkforceError, complete_grid, ordered_states

Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile: a two-sided 95 % interval
GAP_TOLERANCE = 0.05  # years (about 18 days) a yearly snapshot may be early or late without annualising
DAYS_PER_YEAR = 365.25
ESTIMATE_SCHEMA = {
    "from": pl.String, "to": pl.String, "n": pl.Int64, "n_from": pl.Int64, "p": pl.Float64, "p_low": pl.Float64,
    "p_high": pl.Float64, "too_few": pl.Boolean,
}
HIRES_SCHEMA = {"from_date": pl.Date, "to_date": pl.Date, "state": pl.String, "hires": pl.Int64}


def wilson_interval(successes: pl.Expr, trials: pl.Expr, *, z: float = Z_95) -> tuple[pl.Expr, pl.Expr]:
    """Return (low, high) of the Wilson score interval of a proportion (E. B. Wilson, JASA 22, 1927).

    (p + z^2 / 2n +- z sqrt(p (1 - p) / n + z^2 / 4n^2)) / (1 + z^2 / n), p = successes / n; with no trials
    the interval is [0, 1]. Successes may be fractional (annualised counts).
    """
    n = trials.cast(pl.Float64)
    share = successes / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * (share * (1 - share) / n + z * z / (4 * n * n)).clip(lower_bound=0).sqrt()
    empty = trials <= 0
    low = pl.when(empty).then(0.0).otherwise((centre - half).clip(0.0, 1.0))
    high = pl.when(empty).then(1.0).otherwise((centre + half).clip(0.0, 1.0))
    return low, high


def _snapshot(frame: pl.DataFrame, *, by: str, when: date) -> pl.DataFrame:
    """position_id, state, is_filled, hire_date of one snapshot, checked."""
    missing = [c for c in ("position_id", by, "is_vacant") if c not in frame.columns]
    if missing:
        raise WorkforceError(f"the snapshot of {when} has no {', '.join(missing)} column")
    hire = pl.col("hire_date") if "hire_date" in frame.columns else pl.lit(None, pl.Date)
    rows = frame.select(pl.col("position_id").cast(pl.String), state=pl.col(by).cast(pl.String),
                        is_filled=~pl.col("is_vacant").fill_null(False), hire_date=hire.cast(pl.Date))
    twice = rows.filter(pl.col("position_id").is_duplicated())["position_id"].unique().sort()
    if twice.len():
        raise WorkforceError(f"the snapshot of {when} has position_id {twice[0]} more than once")
    return rows


def _dated(snapshots: Sequence[tuple[date, pl.DataFrame]], by: str) -> list[tuple[date, pl.DataFrame]]:
    if by not in BY_COLUMNS:
        raise WorkforceError(f"unknown state kind {by!r}: expected one of {', '.join(BY_COLUMNS)}")
    if len(snapshots) < 2:
        raise WorkforceError(f"estimating transitions needs two or more dated snapshots, got {len(snapshots)}")
    days = [d for d, _ in snapshots]
    repeated = sorted({d for d in days if days.count(d) > 1})
    if repeated:
        raise WorkforceError(f"two snapshots are dated {repeated[0]}: each needs its own date")
    return [(d, _snapshot(f, by=by, when=d)) for d, f in sorted(snapshots, key=lambda pair: pair[0])]


def _pair(before: tuple[date, pl.DataFrame], after: tuple[date, pl.DataFrame]) -> pl.DataFrame:
    """One row per position of either snapshot of a pair: from_state, to_state (EXIT for an exit), is_hire."""
    (d0, f0), (d1, f1) = before, after
    if f0.join(f1, on="position_id", how="semi").is_empty():
        raise WorkforceError(f"the snapshots of {d0} and {d1} share no position_id: they are not of the same positions")
    joined = f0.join(f1, on="position_id", how="full", suffix="_after", coalesce=True)
    filled_before = pl.col("is_filled").fill_null(False)
    filled_after = pl.col("is_filled_after").fill_null(False)
    replaced = (pl.col("hire_date") != pl.col("hire_date_after")).fill_null(False)
    same_person = filled_before & filled_after & ~replaced
    return joined.select(
        from_state=pl.when(filled_before).then("state"),
        to_state=pl.when(same_person).then("state_after").when(filled_before).then(pl.lit(EXIT)),
        hire_state=pl.when(filled_after & ~same_person).then("state_after"),
    ).with_columns(from_date=pl.lit(d0), to_date=pl.lit(d1), gap=pl.lit((d1 - d0).days / DAYS_PER_YEAR))


def _annual_counts(pairs: pl.DataFrame) -> pl.DataFrame:
    """One row per (pair, from, to) observed: n (moves), n_pair_from (at risk), annual (the annualised count)."""
    cells = (
        pairs.drop_nulls("from_state")
        .group_by("from_date", "gap", "from_state", "to_state")
        .agg(n=pl.len().cast(pl.Int64))
        .with_columns(n_pair_from=pl.col("n").sum().over("from_date", "from_state"))
    )
    stay = pl.col("n").filter(pl.col("to_state") == pl.col("from_state")).sum().over("from_date", "from_state")
    share = pl.col("n") / pl.col("n_pair_from")
    stay_g = stay / pl.col("n_pair_from")
    stay_1 = stay_g.pow(1 / pl.col("gap"))
    leavers = pl.col("n_pair_from") - stay
    annual_share = (
        pl.when((pl.col("gap") - 1).abs() <= GAP_TOLERANCE).then(share)
        .when(pl.col("to_state") == pl.col("from_state")).then(stay_1)
        .otherwise((1 - stay_1) * pl.col("n") / leavers)
    )
    return cells.with_columns(annual=annual_share * pl.col("n_pair_from"))


def estimate_transitions(
    snapshots: Sequence[tuple[date, pl.DataFrame]], *, by: str, min_observations: int = 20
) -> pl.DataFrame:
    """One row per (from, to) cell over the states seen (ESTIMATE_SCHEMA), complete and in state order.

    snapshots: (as_of date, roster frame with position_id, the `by` column (grade or title), is_vacant and,
    optionally, hire_date), in any order. The module docstring states how positions are matched and
    counted. n: moves observed; n_from: positions at risk in `from` summed over the pairs; p the yearly
    rate (n / n_from for yearly snapshots); p_low, p_high its 95 % Wilson interval; too_few: n_from is
    below min_observations. A state never at risk (only seen at the end) gets p = 1 of staying, too_few.
    """
    dated = _dated(snapshots, by)
    pairs = pl.concat([_pair(dated[i], dated[i + 1]) for i in range(len(dated) - 1)])
    seen = pl.concat([pairs["from_state"], pairs["to_state"], pairs["hire_state"]]).drop_nulls().to_list()
    states = ordered_states(seen)
    cells = (
        _annual_counts(pairs)
        .group_by(pl.col("from_state").alias("from"), pl.col("to_state").alias("to"))
        .agg(pl.col("n").sum(), pl.col("annual").sum())
    )
    at_risk = cells.group_by("from").agg(n_from=pl.col("n").sum())
    annual_total = pl.col("annual").sum().over("from")
    grid = (
        complete_grid(states)
        .join(cells.select("from", "to", "n", "annual"), on=["from", "to"], how="left", maintain_order="left")
        .join(at_risk, on="from", how="left", maintain_order="left")
        .with_columns(pl.col("n").fill_null(0), pl.col("n_from").fill_null(0), pl.col("annual").fill_null(0.0))
        # Annualised counts of a row add up to its positions at risk: rescale for rounding drift only.
        .with_columns(annual=pl.when(annual_total > 0).then(pl.col("annual") * pl.col("n_from") / annual_total)
                      .otherwise(0.0))
    )
    low, high = wilson_interval(pl.col("annual"), pl.col("n_from"))
    never = pl.col("n_from") == 0
    stays = pl.col("from") == pl.col("to")
    return grid.with_columns(
        p=pl.when(never).then(stays.cast(pl.Float64)).otherwise(pl.col("annual") / pl.col("n_from")),
        p_low=low, p_high=high, too_few=pl.col("n_from") < min_observations,
    ).select(ESTIMATE_SCHEMA.keys()).cast(ESTIMATE_SCHEMA)


def observed_hires(snapshots: Sequence[tuple[date, pl.DataFrame]], *, by: str) -> pl.DataFrame:
    """One row per (pair of consecutive snapshots, state) with hires: from_date, to_date, state, hires.

    A hire is a position filled in the later snapshot that was vacant or absent in the earlier one, or
    whose hire_date changed (module docstring); checked as estimate_transitions checks its snapshots.
    """
    dated = _dated(snapshots, by)
    pairs = pl.concat([_pair(dated[i], dated[i + 1]) for i in range(len(dated) - 1)])
    return (
        pairs.drop_nulls("hire_state")
        .group_by("from_date", "to_date", state="hire_state")
        .agg(hires=pl.len().cast(pl.Int64))
        .sort("from_date", "state")
        .select(HIRES_SCHEMA.keys())
        .cast(HIRES_SCHEMA)
    )


def snapshot_gaps(snapshots: Sequence[tuple[date, pl.DataFrame]]) -> list[float]:
    """Return the years between consecutive snapshot dates (sorted), the gaps estimate_transitions annualises."""
    days = sorted(d for d, _ in snapshots)
    return [round((b - a).days / DAYS_PER_YEAR, 6) for a, b in zip(days, days[1:], strict=False)]
