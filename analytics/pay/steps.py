"""Step tables of the pay progression engines (NY PS&T, US GS, Connecticut, generic range) and GS step dates."""

from __future__ import annotations

import datetime as dt

import polars as pl

from analytics.pay.grades import grade_schedule

STEP_TABLE_SCHEMA = {
    "schedule_id": pl.String, "grade": pl.String, "effective_date": pl.Date, "step_index": pl.Int32,
    "step_label": pl.String, "annual_amount": pl.Float64, "months_to_next": pl.Int32, "engine": pl.String,
}
STEP_KEY = ("schedule_id", "grade", "effective_date")

NYS_ADVANCES = 6  # HR, then six annual advances, then the job rate
# Schedules paid on the federal General Schedule step rules (schedule_id prefix).
GS_SCHEDULE_PREFIX = "OPM_GS"
# Calendar weeks of creditable service before reaching each step: 5 CFR 531.405(a)(1)
# (law.cornell.edu/cfr/text/5/531.405); data/paydata/gs_step_waiting_periods.csv.
GS_WAITING_WEEKS = {2: 52, 3: 52, 4: 52, 5: 104, 6: 104, 7: 104, 8: 156, 9: 156, 10: 156}
GS_MONTHS_TO_NEXT = {step - 1: weeks // 52 * 12 for step, weeks in GS_WAITING_WEEKS.items()}
# Schedules paid on the Connecticut increment rules (schedule_id prefix): analytics.pay.progression.
CT_SCHEDULE_PREFIX = "CT_"
# Step code of a pay_rates row giving the lump sum a grade pays at its top step instead of an increment.
LUMP_SUM_CODE = "LUMP_SUM"
LUMP_SUM_SCHEMA = {"schedule_id": pl.String, "grade": pl.String, "effective_date": pl.Date,
                   "lump_sum_amount": pl.Float64}
# Generic engine bounds, in order of preference: (low code, high code).
RANGE_CODES = (("MIN", "MAX"), ("HR", "JR"))
DEFAULT_RANGE_PCT = 0.03  # a year, up a range that states only its bounds (DESIGN.md "Generic range")


def step_table(pay_schedules: pl.LazyFrame, *, generic_annual_pct: float = 0.03) -> pl.LazyFrame:
    """One row per (schedule_id, grade, effective_date, step_index): the steps a grade pays.

    Input: pay_rates rows (schedule_id, grade, step, annual_amount, effective_date as stated or a date).
    Each (schedule, grade, date) follows one engine: "nys" when HR, ADVANCE_AMOUNT,
    JOB_RATE_ADVANCE and JR are stated; "gs" for numbered steps on a GS schedule; "ct" for numbered
    steps on a schedule whose id starts with "CT_"; "generic" for other numbered steps (12 months
    apart) and for bounds only (MIN/MAX or HR/JR). A "2026-01" date means 1 January 2026; undated
    rows have a null effective_date. LUMP_SUM rows are not steps (lump_sum_table reads them).
    """
    rates = _dated(pay_schedules)
    nys = _nys_steps(rates)
    numbered = _numbered_steps(rates)
    stepped = pl.concat([nys.select(STEP_KEY), numbered.select(STEP_KEY)]).unique()
    bounds = _range_bounds(rates).join(stepped, on=STEP_KEY, how="anti", nulls_equal=True)
    steps = [nys, numbered, _generic_steps(bounds, pct=generic_annual_pct)]
    return pl.concat([s.select(STEP_TABLE_SCHEMA.keys()).cast(STEP_TABLE_SCHEMA) for s in steps]).sort(
        *STEP_KEY, "step_index", nulls_last=True
    )


def range_step_table(ranges: pl.LazyFrame, *, generic_annual_pct: float = 0.03) -> pl.LazyFrame:
    """One row per (schedule_id, grade, effective_date, step_index) built from stated salary ranges.

    Input: one row per range with schedule_id, grade, effective_date (date or null), min_annual,
    max_annual: for classes paid on no schedule, only on the range their specification states.
    """
    bounds = ranges.select(
        *STEP_KEY,
        pl.col("min_annual").alias("low"),
        pl.col("max_annual").alias("high"),
        pl.lit("MIN").alias("low_label"),
        pl.lit("MAX").alias("high_label"),
    ).cast({"effective_date": pl.Date})
    steps = _generic_steps(bounds, pct=generic_annual_pct)
    return steps.select(STEP_TABLE_SCHEMA.keys()).cast(STEP_TABLE_SCHEMA).sort(*STEP_KEY, "step_index")


def lump_sum_table(pay_schedules: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (schedule_id, grade, effective_date) stating a LUMP_SUM: lump_sum_amount (LUMP_SUM_SCHEMA).

    Input: pay_rates rows, as step_table reads them. A LUMP_SUM row is the amount a grade pays at its top
    step on each increment date instead of an increment (Connecticut, analytics.pay.progression; for
    example CT Comptroller Memorandum 2001-44: "a $500 lump sum payment when the annual increment would
    have applied" to NP-2 employees at the maximum step). The salary rate is unchanged by it.
    """
    return (
        _dated(pay_schedules).filter(pl.col("step").str.to_uppercase() == LUMP_SUM_CODE)
        .select(*STEP_KEY, lump_sum_amount="annual_amount")
        .cast(LUMP_SUM_SCHEMA)
        .unique(STEP_KEY, keep="last", maintain_order=True)
        .sort(*STEP_KEY, nulls_last=True)
    )


def dated_rates(pay_schedules: pl.LazyFrame) -> pl.LazyFrame:
    """The pay_rates rows with effective_date as a date, as step_table reads it ("2026-01": 1 January 2026)."""
    return _dated(pay_schedules)


def _dated(pay_schedules: pl.LazyFrame) -> pl.LazyFrame:
    stated = pay_schedules.collect_schema()["effective_date"] == pl.String
    return pay_schedules.with_columns(
        effective_date=_as_date(pl.col("effective_date")) if stated else pl.col("effective_date").cast(pl.Date)
    )


def _as_date(text: pl.Expr) -> pl.Expr:
    """A stated date (YYYY-MM-DD, or YYYY-MM meaning the 1st of that month) as a date."""
    day = pl.when(text.str.len_chars() == 7).then(text + "-01").otherwise(text)
    return day.str.to_date("%Y-%m-%d", strict=False)


def _amount_of(code: str) -> pl.Expr:
    return pl.col("annual_amount").filter(pl.col("step") == code).first()


def _nys_steps(rates: pl.LazyFrame) -> pl.LazyFrame:
    """NY PS&T: hiring rate, six annual advances, then the job rate, 12 months apart.

    NY Civil Service Law s.130(1)(c) prints HR, ADVANCE_AMOUNT, JOB_RATE_ADVANCE and JR per grade;
    s.131(1) pays the hiring rate and periodic advances, never above the job rate. The steps are
    not printed: HR + 6 x ADVANCE_AMOUNT + JOB_RATE_ADVANCE = JR holds in every 2023-2025 row
    (data/paydata/pay_schedules.csv, S.7576 of 2023 Part A), so the steps are HR + k x advance.
    """
    k = pl.col("step_index") - 1
    return (
        rates.group_by(STEP_KEY)
        .agg(hr=_amount_of("HR"), advance=_amount_of("ADVANCE_AMOUNT"), jr=_amount_of("JR"),
             jra=_amount_of("JOB_RATE_ADVANCE"))
        .drop_nulls(["hr", "advance", "jr", "jra"])
        .with_columns(step_index=pl.int_ranges(1, NYS_ADVANCES + 3))
        .explode("step_index")
        .with_columns(
            annual_amount=pl.when(k <= NYS_ADVANCES).then(pl.col("hr") + k * pl.col("advance"))
            .otherwise(pl.col("jr")),
            step_label=pl.when(k == 0).then(pl.lit("HR"))
            .when(k <= NYS_ADVANCES).then(pl.format("HR+{}adv", k))
            .otherwise(pl.lit("JR")),
            months_to_next=pl.when(k <= NYS_ADVANCES).then(12),
            engine=pl.lit("nys"),
        )
    )


def _numbered_steps(rates: pl.LazyFrame) -> pl.LazyFrame:
    """US GS: steps 1-10 as printed; waiting periods 52/104/156 weeks (12/24/36 months).

    OPM Salary Table 2026-GS; 5 CFR 531.405(a)(1): 52 calendar weeks to steps 2-4, 104 to
    steps 5-7, 156 to steps 8-10. Numbered steps on any other schedule advance every 12 months;
    on a "CT_" schedule (engine "ct") the increments fall on 1 January (analytics.pay.progression),
    12 months apart once the first is reached.
    """
    is_gs = pl.col("schedule_id").str.starts_with(GS_SCHEDULE_PREFIX)
    is_ct = pl.col("schedule_id").str.starts_with(CT_SCHEDULE_PREFIX)
    numbered = rates.filter(pl.col("step").str.contains(r"^\d{1,2}$")).with_columns(
        step_index=pl.col("step").cast(pl.Int32),
    )
    top = pl.col("step_index") == pl.col("step_index").max().over(STEP_KEY)
    return numbered.with_columns(
        step_label=pl.col("step"),
        months_to_next=pl.when(top).then(None)
        .when(is_gs).then(pl.col("step_index").replace_strict(GS_MONTHS_TO_NEXT, default=None))
        .otherwise(12),
        engine=pl.when(is_gs).then(pl.lit("gs")).when(is_ct).then(pl.lit("ct")).otherwise(pl.lit("generic")),
    )


def _range_bounds(rates: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (schedule_id, grade, effective_date) stating a low and a high bound."""
    pairs = [
        rates.group_by(STEP_KEY).agg(low=_amount_of(low), high=_amount_of(high))
        .drop_nulls(["low", "high"])
        .with_columns(low_label=pl.lit(low), high_label=pl.lit(high), preference=pl.lit(i))
        for i, (low, high) in enumerate(RANGE_CODES)
    ]
    first = pl.col("preference") == pl.col("preference").min().over(STEP_KEY)
    return pl.concat(pairs).filter(first).drop("preference")


def _generic_steps(bounds: pl.LazyFrame, *, pct: float) -> pl.LazyFrame:
    """Generic range: the minimum, then minimum x (1 + pct)^k capped at the maximum, 12 months apart.

    For ranges with no published steps (CT SH 17 min/max from its class specification, NYS M/C
    HR/JR from Civil Service Law s.130(1)(d), salary ranges stated in specs): DESIGN.md "Generic
    range": a configurable annual percentage up to the max.
    """
    if pct <= 0:
        raise ValueError(f"generic_annual_pct must be positive, got {pct}")
    ratio = (pl.col("high") / pl.col("low")).log()
    n_steps = pl.when(pl.col("high") > pl.col("low")).then(
        (ratio / pl.lit(1 + pct).log() - 1e-9).ceil().cast(pl.Int32) + 1
    ).otherwise(1)
    k = pl.col("step_index") - 1
    last = pl.col("step_index") == pl.col("n_steps")
    return (
        bounds.with_columns(n_steps=n_steps)
        .with_columns(step_index=pl.int_ranges(1, pl.col("n_steps") + 1, dtype=pl.Int32))
        .explode("step_index")
        .with_columns(
            annual_amount=pl.when(last).then(pl.col("high"))
            .otherwise(pl.min_horizontal(pl.col("low") * (1 + pct) ** k, pl.col("high")).round(2)),
            step_label=pl.when(k == 0).then(pl.col("low_label"))
            .when(last).then(pl.col("high_label"))
            .otherwise(pl.format("{}+{}", pl.col("low_label"), k)),
            months_to_next=pl.when(~last).then(12),
            engine=pl.lit("generic"),
        )
    )


def gs_step_dates(*, start_date: dt.date, start_step: int = 1) -> pl.LazyFrame:
    """One row per GS step reached from start_step: step_index, waiting_weeks, reached_date.

    The start step is reached on start_date; each later step after its 5 CFR 531.405(a)(1)
    waiting period in calendar weeks (52 to steps 2-4, 104 to 5-7, 156 to 8-10), counted from
    the previous step. A promotion restarts the clock (the new step is a new start).
    """
    if not 1 <= start_step <= 10:
        raise ValueError(f"GS steps are 1-10, got {start_step}")
    weeks = [0] + [GS_WAITING_WEEKS[s] for s in range(start_step + 1, 11)]
    frame = pl.LazyFrame(
        {"step_index": list(range(start_step, 11)), "waiting_weeks": weeks},
        schema={"step_index": pl.Int32, "waiting_weeks": pl.Int32},
    )
    return frame.with_columns(
        reached_date=pl.lit(start_date) + pl.duration(weeks=pl.col("waiting_weeks").cum_sum()),
    ).with_columns(pl.col("reached_date").cast(pl.Date)).sort("step_index")


CLASS_STEPS_SCHEMA = {"class_id": pl.String, **STEP_TABLE_SCHEMA}
RANGE_SCHEDULE_PREFIX = "RANGE:"  # schedule_id of a class paid on its own stated range (never shown to a user)
RANGE_LOW_LABELS = tuple(low for low, _ in RANGE_CODES)  # the first step of a table built from bounds only


def is_range_only(engine: str, first_label: str) -> bool:
    """Return whether a grade's steps were built from a minimum and maximum alone (the generic range engine)."""
    return engine == "generic" and first_label in RANGE_LOW_LABELS


def pay_basis_words(schedule_id: str, grade: str, *, range_only: bool, range_pct: float) -> str:
    """Return what a title is paid on, in words: "NYS_PST_PEF SG-18", "CT_SH SH 17 (range only: 3% a year
    assumed)", or "its stated salary range (range only: 3% a year assumed)" for a class paid on its own range."""
    own = schedule_id.startswith(RANGE_SCHEDULE_PREFIX)
    where = "its stated salary range" if own else f"{schedule_id} {grade}"
    if own or range_only:
        return f"{where} (range only: {range_pct * 100:g}% a year assumed)"
    return where


def class_step_table(
    classes: pl.LazyFrame, steps: pl.LazyFrame, *, generic_annual_pct: float = 0.03
) -> pl.LazyFrame:
    """One row per (class_id, effective_date, step_index): the steps each class is paid on.

    Input classes: class_id, grade, jurisdiction_id, bargaining_unit, min_annual, max_annual.
    A class whose grade maps to a schedule grade present in `steps` (pay_schedules.grade_schedule)
    gets that grade's steps; any other class with a stated range gets generic steps on it, with
    schedule_id "RANGE:<class_id>"; a class with neither gets no rows.
    """
    rows = classes.select("class_id", "grade", "jurisdiction_id", "bargaining_unit").collect()
    mapped = [
        (row["class_id"], *found)
        for row in rows.iter_rows(named=True)
        if (found := grade_schedule(row["grade"], row["jurisdiction_id"], bargaining_unit=row["bargaining_unit"]))
    ]
    mapped_schema = dict.fromkeys(("class_id", "schedule_id", "grade"), pl.String)
    on_schedule = pl.LazyFrame(mapped, schema=mapped_schema, orient="row").join(steps, on=["schedule_id", "grade"])
    ranges = (
        classes.join(on_schedule.select("class_id").unique(), on="class_id", how="anti")
        .filter(pl.col("min_annual") > 0, pl.col("max_annual") >= pl.col("min_annual"))
        .select(
            "class_id",
            (pl.lit(RANGE_SCHEDULE_PREFIX) + pl.col("class_id")).alias("schedule_id"),
            pl.col("grade").fill_null("range"),
            pl.lit(None, pl.Date).alias("effective_date"),
            "min_annual",
            "max_annual",
        )
    )
    on_range = range_step_table(ranges, generic_annual_pct=generic_annual_pct).join(
        ranges.select("class_id", "schedule_id"), on="schedule_id"
    )
    frames = [f.select(CLASS_STEPS_SCHEMA.keys()).cast(CLASS_STEPS_SCHEMA) for f in (on_schedule, on_range)]
    return pl.concat(frames).sort("class_id", "effective_date", "step_index", nulls_last=True)
