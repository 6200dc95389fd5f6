"""Monte Carlo of the stock-and-flow model: each person's yearly move drawn at random, many runs at once.

Each year, the heads of each state in each run are split among the row's destinations by one
multinomial draw with the row's probabilities (person-level: every person moves independently with
P's probabilities), then the year's hires are added by the recruitment rule. All runs are drawn
together as arrays (no loop over people or runs). A multinomial draw is made as numpy makes it, a chain
of binomials: the first destination takes Binomial(n, p1), the next Binomial(n - taken, p2 / (1 - p1))
and so on, the last the rest. Here only the row's nonzero cells are drawn, the largest (usually
staying) last as the rest, one vectorised binomial per cell slot over every run and state: the same
distribution as numpy.random.Generator.multinomial on the (runs, S) counts and (S, S + 1) rows, which
walks every cell, zeros included (2.4 s against a few tenths for 30 states x 10 years x 10,000 runs).
The runs are drawn in CHUNKS blocks, each from its own PCG64 stream spawned from `seed`
(numpy.random.SeedSequence(seed).spawn), on threads: numpy's draws release the GIL, so two cores share the
work. The same inputs and seed give the same numbers on any machine.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.workforce.model import Recruitment, checked_inputs, hires_of, target_vector
from analytics.workforce.states import WorkforceError

BAND_SCHEMA = {"year": pl.Int32, "state": pl.String, "mean": pl.Float64, "p05": pl.Float64, "p50": pl.Float64,
               "p95": pl.Float64}
MAX_RUNS = 1_000_000
CHUNKS = 2  # blocks of runs drawn side by side (one stream each); fixed, so results never depend on the machine
QUANTILES = (0.05, 0.50, 0.95)


def _draw_plan(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (cells, conditional p) of shape (S, K): each row's nonzero cells, smallest first, and the
    binomial probability of each given the cells before it (the last cell takes the rest)."""
    width = max(1, int((p > 0).sum(axis=1).max()))
    cells = np.argsort(p, axis=1, kind="stable")[:, -width:]  # zeros pad the front of short rows
    probs = np.take_along_axis(p, cells, axis=1)
    remaining = np.cumsum(probs[:, ::-1], axis=1)[:, ::-1]
    conditional = np.divide(probs, remaining, out=np.zeros_like(probs), where=remaining > 0)
    return cells, np.clip(conditional, 0.0, 1.0)


def _whole(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole people from expected numbers: the integer part, plus one with the fraction's probability."""
    floor = np.floor(values)
    return (floor + (rng.random(values.shape) < values - floor)).astype(np.int64)


def _year(counts: np.ndarray, cells: np.ndarray, conditional: np.ndarray, rng: np.random.Generator,
          sources: list[np.ndarray], exit_slot: np.ndarray, has_exit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One year's moves of every run: (heads by state after the moves, exits by state), both (runs, S).

    sources[j] lists the flat (state, slot) cells whose destination is state j.
    """
    runs, size = counts.shape
    width = cells.shape[1]
    taken = np.empty((runs, size, width), dtype=np.int64)
    remaining = counts
    for k in range(width - 1):
        taken[:, :, k] = rng.binomial(remaining, conditional[:, k])
        remaining = remaining - taken[:, :, k]
    taken[:, :, width - 1] = remaining
    flat = taken.reshape(runs, size * width)
    after = np.stack([flat[:, cells_in].sum(axis=1) for cells_in in sources], axis=1)
    # A row has at most one exit cell (drawn or a zero pad); a row with none never leaves.
    exits = np.where(has_exit, taken[:, np.arange(size), exit_slot], 0)
    return after, exits


def simulate(start: pl.DataFrame, matrix: pl.DataFrame, *, years: int, recruitment: Recruitment, runs: int,
             seed: int) -> pl.DataFrame:
    """One row per (year, state), years 0..N: mean, p05, p50, p95 of the heads over `runs` simulated runs.

    Year 0 is the start (every run alike). Hires follow the Recruitment rule in each run: fixed numbers
    and targets are whole people (an expected 2.5 is 2 or 3, 3 half the time, so the mean is kept);
    "replace" hires the run's own leavers. Quantiles are numpy's default (linear between order statistics).
    """
    states, p, n0 = checked_inputs(start, matrix, years=years, recruitment=recruitment)
    if not (isinstance(runs, int) and 1 <= runs <= MAX_RUNS):
        raise WorkforceError(f"runs is {runs!r}: expected a whole number from 1 to {MAX_RUNS:,}")
    size = len(states)
    cells, conditional = _draw_plan(p)
    plan = _Plan(cells, conditional, [np.flatnonzero(cells.ravel() == j) for j in range(size)],
                 (cells == size).argmax(axis=1), (cells == size).any(axis=1))
    targets = target_vector(recruitment, states, n0)
    # The runs are simulated in CHUNKS fixed blocks, each with its own stream spawned from the seed, on threads
    # (numpy's draws release the GIL): the numbers depend on the seed only, never on the machine.
    streams = np.random.SeedSequence(seed).spawn(CHUNKS)
    sizes = [len(block) for block in np.array_split(np.arange(runs), CHUNKS)]

    def chunk(k: int) -> np.ndarray:
        rng = np.random.Generator(np.random.PCG64(streams[k]))
        counts = np.broadcast_to(_whole(n0, rng), (sizes[k], size)).copy()
        history = [counts]
        for _ in range(years):
            after, exits = _year(counts, plan.cells, plan.conditional, rng, plan.sources, plan.exit_slot,
                                 plan.has_exit)
            hires = hires_of(recruitment, states, after=after.astype(float), exits=exits.astype(float),
                             targets=targets)
            counts = after + (_whole(np.asarray(hires, dtype=float), rng) if recruitment.mode != "replace" else exits)
            history.append(counts)
        return np.stack(history)

    with ThreadPoolExecutor(max_workers=CHUNKS) as pool:
        blocks = list(pool.map(chunk, [k for k in range(CHUNKS) if sizes[k]]))
    return _bands(np.concatenate(blocks, axis=1), states)


@dataclass(frozen=True)
class _Plan:
    """How each state's heads are drawn: cells, conditional probabilities, and where the draws go."""

    cells: np.ndarray
    conditional: np.ndarray
    sources: list[np.ndarray]
    exit_slot: np.ndarray
    has_exit: np.ndarray


def _bands(history: np.ndarray, states: list[str]) -> pl.DataFrame:
    """The (year, state) rows of a (years + 1, runs, S) array of heads."""
    by_state = np.ascontiguousarray(history.transpose(0, 2, 1))  # runs last: each quantile reads one block
    quantiles = np.quantile(by_state, QUANTILES, axis=2)  # (3, years + 1, S)
    n_years = history.shape[0]
    return pl.DataFrame(
        {"year": np.repeat(np.arange(n_years), len(states)), "state": states * n_years,
         "mean": by_state.mean(axis=2).ravel(), "p05": quantiles[0].ravel(), "p50": quantiles[1].ravel(),
         "p95": quantiles[2].ravel()},
        schema=BAND_SCHEMA,
    )
