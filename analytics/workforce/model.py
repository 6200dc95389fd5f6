"""The yearly stock-and-flow model n(t+1) = n(t) P + R(t): expected stocks and flows, years in state, steady state.

n(t) is the row vector of heads by state at year t (year 0: the roster's own headcount), P the transition
matrix (analytics.workforce.states) and R(t) the hires of year t by the recruitment rule (Recruitment).
DESIGN.md "Workforce projection"; the fundamental matrix N = (I - Q)^-1 of an absorbing Markov chain
(Kemeny and Snell, Finite Markov Chains, 1960, ch. III) gives the expected years in each state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from analytics.workforce.states import WorkforceError, check_matrix, matrix_array, matrix_states

MODES = ("none", "fixed", "replace", "target")
FLOW_KINDS = ("hires", "promotions", "exits")
STOCK_SCHEMA = {"year": pl.Int32, "state": pl.String, "mean": pl.Float64}
FLOW_SCHEMA = {"year": pl.Int32, "kind": pl.String, "state": pl.String, "count": pl.Float64}
MAX_YEARS = 100
STEADY_TOLERANCE = 1e-9  # shares that move less than this in a year have converged
STEADY_MAX_YEARS = 100_000


@dataclass(frozen=True)
class Recruitment:
    """How many are hired into each state each year.

    mode "none": nobody. "fixed": hires[state] a year (states not named: 0). "replace": each state hires
    as many as left it to EXIT that year, into the state the leaver left (a promotion is not replaced:
    the promoted person still works there). "target": each state hires up to targets[state] heads after
    the year's moves (states not named: their year-0 headcount), never a negative number: a state that
    promotions alone take over its target stays over it.
    """

    mode: str = "none"
    hires: dict[str, float] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise WorkforceError(f"unknown recruitment {self.mode!r}: expected one of {', '.join(MODES)}")


@dataclass(frozen=True)
class Projection:
    """Expected values of a projection: stocks (STOCK_SCHEMA, years 0..N) and flows (FLOW_SCHEMA, years 1..N).

    stocks: one row per (year, state): mean heads. flows: one row per (year, kind, state): count during the
    year ending at `year`: hires into the state, promotions into it (moves from any other state) and exits
    from it.
    """

    states: tuple[str, ...]
    stocks: pl.DataFrame
    flows: pl.DataFrame


def _problems_of(recruitment: Recruitment, states: Sequence[str]) -> list[str]:
    known = set(states)
    problems = []
    for name, values in (("hires", recruitment.hires), ("targets", recruitment.targets)):
        for state, value in values.items():
            if state not in known:
                problems.append(f"unknown state {state!r} in {name} (states: {', '.join(states)})")
            elif not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                problems.append(f"{name} of {state!r} is {value!r}: expected a number of people, 0 or more")
    return problems


def start_vector(start: pl.DataFrame, states: Sequence[str]) -> np.ndarray:
    """Return the heads by state (headcount's state, count) as a vector over `states`; unknown states raise."""
    known = set(states)
    unknown = [s for s in start["state"].to_list() if s not in known]
    if unknown:
        raise WorkforceError([f"unknown state {s!r}: the matrix has no row for it" for s in unknown])
    counts = dict(start.select("state", "count").iter_rows())
    return np.array([float(counts.get(s, 0.0)) for s in states])


def checked_inputs(
    start: pl.DataFrame, matrix: pl.DataFrame, *, years: int, recruitment: Recruitment
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Return (states, P as an (S, S+1) array, n(0)) after checking every input; raises WorkforceError."""
    if not (isinstance(years, int) and 1 <= years <= MAX_YEARS):
        raise WorkforceError(f"years is {years!r}: expected a whole number from 1 to {MAX_YEARS}")
    states = matrix_states(matrix)
    checked = check_matrix(matrix, states)
    problems = _problems_of(recruitment, states)
    if problems:
        raise WorkforceError(problems)
    return states, matrix_array(checked, states), start_vector(start, states)


def target_vector(recruitment: Recruitment, states: Sequence[str], n0: np.ndarray) -> np.ndarray:
    """Return the headcount target of each state: recruitment.targets, else the state's year-0 heads."""
    return np.array([float(recruitment.targets.get(s, n0[i])) for i, s in enumerate(states)])


def hires_of(recruitment: Recruitment, states: Sequence[str], *, after: np.ndarray, exits: np.ndarray,
             targets: np.ndarray) -> np.ndarray:
    """Return R(t), the year's hires by state (arrays of shape (..., S)): the Recruitment rule."""
    if recruitment.mode == "fixed":
        return np.broadcast_to(np.array([float(recruitment.hires.get(s, 0.0)) for s in states]), after.shape)
    if recruitment.mode == "replace":
        return exits
    if recruitment.mode == "target":
        return np.maximum(targets - after, 0.0)
    return np.zeros_like(after)


def project(start: pl.DataFrame, matrix: pl.DataFrame, *, years: int, recruitment: Recruitment) -> Projection:
    """Return the expected stocks and flows of n(t+1) = n(t) P + R(t) over `years` years (Projection).

    start: headcount (state, count), year 0; its states must all have a row in `matrix` (the matrix may
    have more, starting at 0). R(t) is the Recruitment rule applied to the expected values. For "target"
    the hires are max(0, target - n(t) Q), a recursion on means: where heads hover about a target the
    simulation's mean is a little higher (hiring never goes below 0 in any run; Jensen's inequality).
    """
    states, p, n = checked_inputs(start, matrix, years=years, recruitment=recruitment)
    targets = target_vector(recruitment, states, n)
    size = len(states)
    stocks, flows = [n.copy()], []
    for _ in range(years):
        moved = n[:, None] * p
        exits = moved[:, size]
        after = moved[:, :size].sum(axis=0)
        promotions = after - np.diag(moved)
        hires = hires_of(recruitment, states, after=after, exits=exits, targets=targets)
        n = after + hires
        stocks.append(n.copy())
        flows.append((hires, promotions, exits))
    return Projection(tuple(states), _stock_frame(stocks, states), _flow_frame(flows, states))


def _stock_frame(stocks: Sequence[np.ndarray], states: Sequence[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"year": np.repeat(np.arange(len(stocks)), len(states)), "state": list(states) * len(stocks),
         "mean": np.concatenate(stocks)},
        schema=STOCK_SCHEMA,
    )


def _flow_frame(flows: Sequence[tuple[np.ndarray, ...]], states: Sequence[str]) -> pl.DataFrame:
    size, kinds = len(states), len(FLOW_KINDS)
    return pl.DataFrame(
        {"year": np.repeat(np.arange(1, len(flows) + 1), kinds * size),
         "kind": [k for _ in flows for k in FLOW_KINDS for _ in states],
         "state": list(states) * kinds * len(flows),
         "count": np.concatenate([np.concatenate(year) for year in flows]) if flows else []},
        schema=FLOW_SCHEMA,
    )


def _reaches(adjacency: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Return which states reach any of the target states (Boolean vectors) along the adjacency's edges."""
    reached = targets.copy()
    while True:
        grown = reached | (adjacency & reached[None, :]).any(axis=1)
        if (grown == reached).all():
            return reached
        reached = grown


def certain_exit(p: np.ndarray) -> np.ndarray:
    """Return, for each state, whether everyone in it leaves in the end (the chain reaches EXIT surely).

    A state that can reach a set of states EXIT cannot be reached from (such as a state whose row stays
    with probability 1) does not: some never leave.
    """
    size = p.shape[0]
    adjacency = p[:, :size] > 0
    can_exit = _reaches(adjacency, p[:, size] > 0)
    return ~_reaches(adjacency, ~can_exit)


def expected_years(matrix: pl.DataFrame) -> pl.DataFrame:
    """One row per state: state, years (expected years spent in it, starting there), time_to_exit (years).

    N = (I - Q)^-1 with Q the state-to-state part of P; N[i, j] is the expected number of years spent in
    state j starting in state i, the starting year counted. years is the diagonal of N, time_to_exit the
    row sums of N (expected years until EXIT). Both are null for a state from which leaving is not
    certain (certain_exit), where they are infinite.
    """
    states = matrix_states(matrix)
    p = matrix_array(check_matrix(matrix, states), states)
    size = len(states)
    sure = certain_exit(p)
    years = np.full(size, np.nan)
    to_exit = np.full(size, np.nan)
    if sure.any():
        q = p[np.ix_(sure, sure)]
        fundamental = np.linalg.inv(np.eye(int(sure.sum())) - q)
        years[sure] = np.diag(fundamental)
        to_exit[sure] = fundamental.sum(axis=1)
    return pl.DataFrame({"state": states, "years": years, "time_to_exit": to_exit},
                        schema={"state": pl.String, "years": pl.Float64, "time_to_exit": pl.Float64},
                        nan_to_null=True)


def _closed_classes(m: np.ndarray) -> set[frozenset[int]]:
    """The closed communicating classes of a stochastic matrix: sets of states none of whose moves leave the set."""
    size = m.shape[0]
    adjacency = m > 0
    classes = set()
    for i in range(size):
        alone = np.eye(size, dtype=bool)[i]
        reachable, reaching = _reaches(adjacency.T, alone), _reaches(adjacency, alone)
        if reaching[reachable].all():  # everything i leads to leads back to i
            classes.add(frozenset(np.flatnonzero(reachable).tolist()))
    return classes


def _stationary(m: np.ndarray) -> np.ndarray | None:
    """The stationary distribution of a stochastic matrix with one closed class; None with several."""
    if len(_closed_classes(m)) != 1:
        return None
    size = m.shape[0]
    system = np.vstack([m.T - np.eye(size), np.ones(size)])
    rhs = np.concatenate([np.zeros(size), [1.0]])
    share = np.clip(np.linalg.lstsq(system, rhs, rcond=None)[0], 0.0, None)
    return share / share.sum()


def _target_fixed_point(p: np.ndarray, targets: np.ndarray) -> np.ndarray | None:
    size = p.shape[0]
    n = targets.copy()
    for _ in range(STEADY_MAX_YEARS):
        after = n @ p[:, :size]
        grown = np.maximum(after, targets)
        if np.abs(grown - n).max() <= STEADY_TOLERANCE * max(1.0, n.sum()):
            return grown
        n = grown
    return None


def steady_state(
    matrix: pl.DataFrame, recruitment: Recruitment, *, start: pl.DataFrame | None = None
) -> pl.DataFrame | None:
    """One row per state: state, share (of all heads) the projection settles at; None when there is none.

    - "none": None: with no hires the workforce shrinks (to nothing when leaving is certain).
    - "fixed": n* = R (I - Q)^-1, the structure where each year's hires balance its leavers; None when
      nobody is hired or some hired-into state is not surely left (certain_exit): heads there grow without end.
    - "replace": the stationary distribution of M = Q + diag(exit rates) (leavers come back as hires into
      their state, so M's rows sum to 1); None when M has several closed classes (the end depends on the start).
    - "target": the fixed point of n = max(n Q, targets) (targets: Recruitment's, else `start`'s headcount);
      None when the recursion does not settle, or without targets for every state and no start.
    """
    states = matrix_states(matrix)
    p = matrix_array(check_matrix(matrix, states), states)
    size = len(states)
    share: np.ndarray | None = None
    if recruitment.mode == "fixed":
        hires = np.array([float(recruitment.hires.get(s, 0.0)) for s in states])
        reached = _reaches(p[:, :size].T > 0, hires > 0)  # the states hires flow into
        if hires.sum() > 0 and certain_exit(p)[reached].all():
            sub = np.ix_(reached, reached)
            stock = np.zeros(size)
            stock[reached] = hires[reached] @ np.linalg.inv(np.eye(int(reached.sum())) - p[:, :size][sub])
            share = stock / stock.sum()
    elif recruitment.mode == "replace":
        share = _stationary(p[:, :size] + np.diag(p[:, size]))
    elif recruitment.mode == "target":
        known = {s: float(v) for s, v in recruitment.targets.items()}
        if start is not None:
            counts = dict(start.select("state", "count").iter_rows())
            known = {s: known.get(s, float(counts.get(s, 0.0))) for s in states}
        if all(s in known for s in states) and sum(known.values()) > 0:
            stock = _target_fixed_point(p, np.array([known[s] for s in states]))
            share = None if stock is None else stock / stock.sum()
    if share is None:
        return None
    return pl.DataFrame({"state": states, "share": share}, schema={"state": pl.String, "share": pl.Float64})
