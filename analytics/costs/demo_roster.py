"""A seeded demo roster: the positions of a plausible state labour department division.

`python -m analytics.cli.demo_roster` writes one as CSV (analytics.cli.demo_roster says how data/demo/roster.csv
was made).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from analytics.costs.rates import grade_key

REPO_ROOT = Path(__file__).resolve().parents[2]
PAY_FILE = REPO_ROOT / "data" / "paydata" / "pay_schedules.csv"
DEFAULT_AS_OF = date(2025, 7, 1)

# The seed classification standards' titles (shared/seeds), with the share of positions each holds.
DEMO_TITLES = pl.LazyFrame(
    [
        ("Immigrant Workers Specialist 1", "8418100", "18", "NYS_PST_PEF", 0.28, 1),
        ("Immigrant Workers Specialist 2", "8418200", "23", "NYS_PST_PEF", 0.14, 2),
        ("Director Immigrant Workers Services", "8418300", "M-3", "NYS_MC", 0.02, 3),
        ("Immigrant Community Specialist 1", "8160100", "18", "NYS_PST_PEF", 0.30, 1),
        ("Immigrant Community Specialist 2", "8160200", "23", "NYS_PST_PEF", 0.18, 2),
        ("Immigrant Community Specialist 3", "8160300", "27", "NYS_PST_PEF", 0.08, 3),
    ],
    schema={"title": pl.String, "class_code": pl.String, "grade": pl.String, "schedule_id": pl.String,
            "share": pl.Float64, "level": pl.Int32},
    orient="row",
)
DEMO_UNITS = {
    "Immigrant Workers Services - Albany": 0.16,
    "Immigrant Workers Services - New York City": 0.24,
    "Immigrant Workers Services - Buffalo": 0.09,
    "Community Outreach - Long Island": 0.12,
    "Community Outreach - Hudson Valley": 0.10,
    "Community Outreach - Rochester": 0.08,
    "Worker Protection Investigations": 0.13,
    "Language Access and Policy": 0.08,
}
EDUCATION = {"bachelor": 0.55, "master": 0.30, "high_school": 0.07, "law": 0.05, "doctorate": 0.03}
FTES = {1.0: 0.92, 0.8: 0.04, 0.5: 0.04}
VACANCY_RATE = (0.05, 0.08)  # drawn once per roster
SHARE_WITH_FILL_DATE = 0.65
MEAN_SERVICE_YEARS = 9.6


def _pick(rng: np.random.Generator, weights: dict, n: int) -> np.ndarray:
    keys = list(weights)
    probs = np.array(list(weights.values()), dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=probs / probs.sum())]


def _days_before(as_of: date, years: np.ndarray) -> np.ndarray:
    return np.datetime64(as_of, "D") - np.round(years * 365.25).astype("timedelta64[D]")


def _scale_tops(steps: pl.LazyFrame, *, as_of: date) -> pl.DataFrame:
    """One row per (schedule_id, grade, step_index) in effect at as_of: annual_amount, top_step."""
    current = steps.filter(pl.col("effective_date") <= as_of).filter(
        pl.col("effective_date") == pl.col("effective_date").max().over("schedule_id", "grade")
    )
    return current.select(
        "schedule_id", "grade", "step_index", "annual_amount",
        top_step=pl.col("step_index").max().over("schedule_id", "grade"),
    ).collect()


def demo_roster(titles: pl.LazyFrame, steps: pl.LazyFrame, *, n_rows: int, seed: int, as_of: date) -> pl.LazyFrame:
    """One row per position of a generated roster, in the roster file's columns (dates as Date).

    titles: title, class_code, grade (matched to the step table by cost_rates.grade_key), schedule_id,
    share, level (1 = entry title, entered on hire). Service years are gamma-distributed (mean 9.6);
    the step is one per year in title up to the top (a tenth one behind); 5-8 % of positions are
    vacant and about two in three vacancies have a fill date in the next twelve months.
    """
    rng = np.random.default_rng(seed)
    title_rows = titles.collect()
    shares = (title_rows["share"] / title_rows["share"].sum()).to_numpy()
    chosen = title_rows[rng.choice(title_rows.height, size=n_rows, p=shares)]
    is_vacant = rng.random(n_rows) < rng.uniform(*VACANCY_RATE)
    service = np.minimum(rng.gamma(shape=1.8, scale=MEAN_SERVICE_YEARS / 1.8, size=n_rows), 38.0)
    in_title = np.where(chosen["level"].to_numpy() == 1, service, service * rng.uniform(0.05, 0.7, n_rows))
    fill_days = rng.integers(20, 365, n_rows).astype("timedelta64[D]")
    has_fill = is_vacant & (rng.random(n_rows) < SHARE_WITH_FILL_DATE)
    frame = chosen.select("title", "class_code", "grade", "schedule_id").with_columns(
        position_id=pl.format("P{}", pl.int_range(1, n_rows + 1).cast(pl.String).str.zfill(7)),
        unit=pl.Series(_pick(rng, DEMO_UNITS, n_rows), dtype=pl.String),
        is_vacant=pl.Series(is_vacant),
        years_in_title=pl.Series(in_title),
        hire_date=pl.Series(_days_before(as_of, service)),
        title_date=pl.Series(_days_before(as_of, in_title)),
        fill_date=pl.Series(np.where(has_fill, np.datetime64(as_of, "D") + fill_days, np.datetime64("NaT"))),
        fte=pl.Series(_pick(rng, FTES, n_rows).astype(float)),
        education=pl.Series(_pick(rng, EDUCATION, n_rows), dtype=pl.String),
        lag=pl.Series(rng.random(n_rows) < 0.1),  # a tenth are a step behind (late appointments, leave)
    )
    tops = _scale_tops(steps, as_of=as_of)
    return _priced(frame.lazy(), tops.lazy())


def _priced(frame: pl.LazyFrame, tops: pl.LazyFrame) -> pl.LazyFrame:
    """Add step and annual_salary from the scale in effect; blank the pay and dates of vacancies."""
    keyed = tops.with_columns(key=grade_key("grade"))
    top = keyed.group_by("schedule_id", "key").agg(pl.col("top_step").first())
    step = (pl.col("years_in_title").floor().cast(pl.Int32) + 1 - pl.col("lag").cast(pl.Int32)).clip(1)
    vacant = pl.col("is_vacant")
    return (
        frame.with_columns(key=grade_key("grade"))
        .join(top, on=["schedule_id", "key"], how="left")
        .with_columns(step=pl.min_horizontal(step, "top_step"))
        .join(keyed.select("schedule_id", "key", step="step_index", annual_salary="annual_amount"),
              on=["schedule_id", "key", "step"], how="left")
        .sort("position_id")
        .select(
            "position_id", "title", "class_code", "grade",
            step=pl.when(vacant).then(None).otherwise("step"),
            annual_salary=pl.when(vacant).then(None).otherwise("annual_salary"),
            hire_date=pl.when(vacant).then(None).otherwise("hire_date"),
            title_date=pl.when(vacant).then(None).otherwise("title_date"),
            fte="fte", unit="unit", is_vacant="is_vacant", fill_date="fill_date", education="education",
            schedule_id="schedule_id",
        )
    )
