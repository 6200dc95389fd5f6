"""Seeded yearly roster snapshots of the demo division: the workforce history estimation reads on a fresh start.

`python -m analytics.cli.demo_history` writes them as CSV (data/README.md "Workforce history" gives the
command and the rates). The first snapshot is a roster of the demo generator (analytics.costs.demo_roster:
the same titles, shares, units and service-year spread as data/demo/roster.csv, numbered H0000001 ... so
that it is never mistaken for the current roster's positions); each later one follows every position
through a year with the rates below, drawn with numpy's PCG64 seeded generator.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from analytics.costs.demo_roster import DEMO_TITLES, EDUCATION, demo_roster
from analytics.costs.rates import grade_key

HISTORY_DATES = tuple(date(year, 7, 1) for year in range(2020, 2025))
HISTORY_SEED = 2020
HISTORY_ROWS = 2000
# A year's chances for a filled position, by its title: (leave, be promoted in place to the next title).
# Plausible for a state civil service division, not measured: 5-9 % leave a year (more at the entry level),
# 1-4.5 % are promoted; with the refill rules below they keep the division's structure nearly steady
# (about 54 / 36 / 9 / 2 % of filled positions at grades 18 / 23 / 27 / M-3 in the long run).
HISTORY_RATES: dict[str, tuple[float, float, str | None]] = {
    "Immigrant Workers Specialist 1": (0.09, 0.035, "Immigrant Workers Specialist 2"),
    "Immigrant Workers Specialist 2": (0.06, 0.008, "Director Immigrant Workers Services"),
    "Director Immigrant Workers Services": (0.08, 0.0, None),
    "Immigrant Community Specialist 1": (0.09, 0.045, "Immigrant Community Specialist 2"),
    "Immigrant Community Specialist 2": (0.06, 0.02, "Immigrant Community Specialist 3"),
    "Immigrant Community Specialist 3": (0.05, 0.0, None),
}
FILL_RATE = 0.85  # a vacancy is filled within the year with this chance
ENTRY_REFILL_RATE = 0.8  # a vacancy above its series' first title is refilled at the first title with this chance
FILE_COLUMNS = ("position_id", "title", "class_code", "grade", "step", "annual_salary", "hire_date", "title_date",
                "fte", "unit", "is_vacant", "fill_date", "education", "schedule_id", "as_of")


def _titles() -> pl.DataFrame:
    """One row per demo title: title, class_code, grade, schedule_id, level, entry (its series' first title), key
    (the grade's matching key)."""
    titles = DEMO_TITLES.collect().with_columns(series=pl.col("class_code").str.slice(0, 4))
    entry = titles.filter(pl.col("level") == 1).select("series", entry="title")
    joined = titles.join(entry, on="series", how="left", maintain_order="left").drop("share", "series")
    return joined.with_columns(key=grade_key("grade"))


def _tops(steps: pl.LazyFrame) -> dict[tuple[str, str], int]:
    """The top step any version of each (schedule_id, grade key) pays (grades matched as the cost engine does)."""
    tops = steps.group_by("schedule_id", key=grade_key("grade")).agg(pl.col("step_index").max()).collect()
    return {(s, g): int(top) for s, g, top in tops.iter_rows()}


def _start(steps: pl.LazyFrame, *, rows: int, seed: int, first: date) -> pl.DataFrame:
    """The first snapshot: the demo generator's roster dated `first`, stated salaries and fill dates left blank."""
    # Drawn on today's pay tables (the generator needs steps in effect), then dated back to `first`.
    roster = demo_roster(DEMO_TITLES, steps, n_rows=rows, seed=seed, as_of=date(2025, 7, 1)).collect()
    back = date(2025, 7, 1) - first
    return roster.with_columns(
        position_id=pl.col("position_id").str.replace("^P", "H"),
        hire_date=pl.col("hire_date") - back, title_date=pl.col("title_date") - back,
        annual_salary=pl.lit(None, pl.Float64), fill_date=pl.lit(None, pl.Date),
    )


def _next_year(frame: pl.DataFrame, rng: np.random.Generator, *, titles: pl.DataFrame,
               tops: dict[tuple[str, str], int], start: date, end: date) -> pl.DataFrame:
    """The snapshot a year on: every filled position leaves, is promoted or stays; vacancies may be filled."""
    n = frame.height
    by_title = {row["title"]: row for row in titles.iter_rows(named=True)}
    title = frame["title"].to_list()
    leave = np.array([HISTORY_RATES[t][0] for t in title])
    promote = np.array([HISTORY_RATES[t][1] for t in title])
    draw, fill_draw, entry_draw = rng.random(n), rng.random(n), rng.random(n)
    day = rng.integers(1, (end - start).days, n)
    education = rng.choice(list(EDUCATION), size=n, p=np.array(list(EDUCATION.values())) / sum(EDUCATION.values()))
    filled = ~frame["is_vacant"].to_numpy()
    exits = filled & (draw < leave)
    promoted = filled & ~exits & (draw < leave + promote)
    hired = ~filled & (fill_draw < FILL_RATE)
    to_entry = hired & (entry_draw < ENTRY_REFILL_RATE)
    new_title = [
        HISTORY_RATES[t][2] if promoted[i] else by_title[t]["entry"] if to_entry[i] else t for i, t in enumerate(title)
    ]
    event = [start + timedelta(days=int(d)) for d in day]
    steps = frame["step"].to_list()
    new_step: list[int | None] = []
    for i, t in enumerate(new_title):
        row = by_title[t]
        top = tops.get((row["schedule_id"], row["key"]), 1)
        new_step.append(None if exits[i] or not (filled[i] or hired[i]) else 1 if promoted[i] or hired[i]
                        else min(int(steps[i]) + 1, top))
    changed = promoted | hired
    return frame.with_columns(
        title=pl.Series(new_title, dtype=pl.String),
        class_code=pl.Series([by_title[t]["class_code"] for t in new_title], dtype=pl.String),
        grade=pl.Series([by_title[t]["grade"] for t in new_title], dtype=pl.String),
        schedule_id=pl.Series([by_title[t]["schedule_id"] for t in new_title], dtype=pl.String),
        step=pl.Series(new_step, dtype=pl.Int32),
        is_vacant=pl.Series(~((filled & ~exits) | hired)),
        hire_date=pl.when(pl.Series(exits)).then(None).when(pl.Series(hired)).then(pl.Series(event))
        .otherwise("hire_date"),
        title_date=pl.when(pl.Series(exits)).then(None).when(pl.Series(changed)).then(pl.Series(event))
        .otherwise("title_date"),
        education=pl.when(pl.Series(hired)).then(pl.Series(education, dtype=pl.String)).otherwise("education"),
    )


def demo_history(steps: pl.LazyFrame, *, rows: int = HISTORY_ROWS, seed: int = HISTORY_SEED,
                 dates: tuple[date, ...] = HISTORY_DATES) -> list[tuple[date, pl.DataFrame]]:
    """One (as_of, snapshot) per date: the snapshot one row per position in the roster file's columns (FILE_COLUMNS).

    steps: analytics.pay.steps.step_table rows (the demo's pay tables: steps and their tops). The rates are
    HISTORY_RATES, FILL_RATE and ENTRY_REFILL_RATE: each year a filled position's incumbent leaves (the position
    is vacant at the next snapshot) or is promoted in place (title and grade of the next level, step 1) or stays
    (one step up, to the top); a vacancy is filled (a new hire at step 1, in its title or, above a series' first
    level, reclassified to the first title with ENTRY_REFILL_RATE). No position is created or abolished.
    """
    # The years' draws have a stream of their own: the start roster's generator is seeded with `seed` itself, and
    # sharing its stream would tie each position's fate to the draw that chose its title.
    rng = np.random.default_rng([seed, 1])
    titles, tops = _titles(), _tops(steps)
    frame = _start(steps, rows=rows, seed=seed, first=dates[0])
    snapshots = []
    for i, day in enumerate(dates):
        if i:
            frame = _next_year(frame, rng, titles=titles, tops=tops, start=dates[i - 1], end=day)
        snapshots.append((day, frame.with_columns(as_of=pl.lit(day)).select(FILE_COLUMNS)))
    return snapshots
