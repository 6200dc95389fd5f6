"""Eligibility timelines: when a person can move to each title up their ladder, and which rule binds."""

from __future__ import annotations

import datetime as dt

import polars as pl

from analytics.vocabulary import (
    DEGREE_SEMESTER_UNITS,
    EDUCATION_RANK,
    EDUCATION_WORDS,
    GRADUATE_DEGREES,
    HELD_EDUCATION_RANK,
    TITLE_TIME_EDGE_KINDS,
    meets_education,
)

REQUIREMENT_SCHEMA = {
    "class_id": pl.String, "is_open": pl.Boolean, "required_years": pl.Float64, "base_years": pl.Float64,
    "credit_years": pl.Float64, "credit_education": pl.String, "lowest_education": pl.String,
    "supervisory_years": pl.Float64, "lowest_coursework_units": pl.Float64, "lowest_coursework_level": pl.String,
}
# A target's status: reachable now, later, never on this education, or unknown because nothing is stated.
ELIGIBLE_NOW, LATER, NOT_OPEN, NOT_STATED = "eligible now", "later", "not open", "requirements not stated"
STATUSES = (ELIGIBLE_NOW, LATER, NOT_OPEN, NOT_STATED)
TIMELINE_SCHEMA = {
    "node_id": pl.String,
    "title": pl.String,
    "kind": pl.String,
    "depth": pl.Int32,
    "via_title": pl.String,
    "required_years": pl.Float64,
    "years_to_eligible": pl.Float64,
    "eligible_now": pl.Boolean,
    "earliest_eligible_date": pl.Date,
    "binding_constraint": pl.String,
    "status": pl.String,
}


def class_experience_requirements(
    qualification_paths: pl.LazyFrame, substitutions: pl.LazyFrame, *, education: str, years_total: float = 0.0,
    years_supervisory: float = 0.0, coursework_units: float | None = None,
) -> pl.LazyFrame:
    """One row per class with qualification paths: class_id, is_open, required_years, base_years, credit_years,
    credit_education, lowest_education, supervisory_years, lowest_coursework_units, lowest_coursework_level.

    Per path: required = base years - the largest substitution the person's education earns (never
    below zero); a substitution only counts when the path does not already require that education.
    Supervisory years a path states are a minimum of their own (no education substitutes for them).
    A path requiring education the person lacks is not open, nor a coursework path whose units the person's
    degree does not necessarily include (vocabulary.meets_coursework) unless `coursework_units` says they
    have them; of the open paths the one the person meets soonest wins (the later of its experience and
    supervisory minimums). The lowest-education path's coursework units are kept to word a closed answer.
    """
    met = [r for r in EDUCATION_RANK if meets_education(education, r)]
    best = ["required_years", "base_years", "credit_years", "credit_education", "supervisory_years"]
    wait = pl.max_horizontal(pl.col("required_years") - years_total, _supervisory_gap(years_supervisory))
    order = [~pl.col("is_open"), wait, pl.col("required_years"), pl.col("path_order"), -pl.col("credit_years")]
    path_rank = pl.col("path_education").replace_strict(HELD_EDUCATION_RANK, default=-1, return_dtype=pl.Int32)
    lowest = [path_rank, pl.col("coursework_units").fill_null(0.0)]
    return (
        path_credits(qualification_paths, substitutions, met=met, education=education,
                     coursework_units=coursework_units)
        .group_by("class_id")
        .agg(
            pl.col("is_open").any(),
            pl.col(best).sort_by(order).first(),
            lowest_education=pl.col("path_education").sort_by(lowest).first(),
            lowest_coursework_units=pl.col("coursework_units").sort_by(lowest).first(),
            lowest_coursework_level=pl.col("coursework_level").sort_by(lowest).first(),
        )
        .with_columns(pl.when(pl.col("is_open")).then(pl.col(best)))
        .select(list(REQUIREMENT_SCHEMA))
        .cast(REQUIREMENT_SCHEMA)
    )


def _supervisory_gap(years_supervisory: float) -> pl.Expr:
    """Return the years until a path's supervisory minimum is met (minus infinity when it states none)."""
    stated = pl.col("supervisory_years") > 0
    return pl.when(stated).then(pl.col("supervisory_years") - years_supervisory).otherwise(pl.lit(float("-inf")))


def path_credits(qualification_paths: pl.LazyFrame, substitutions: pl.LazyFrame, *, met: list[str],
                 education: str | None = None, coursework_units: float | None = None) -> pl.LazyFrame:
    """One row per (path, substitution the person holds): class_id, path_order, path_education, is_open,
    base_years, supervisory_years, coursework_units, coursework_level, credit_years, credit_education,
    required_years. `met` lists the requirements the person meets; `education` (the held level) and
    `coursework_units` decide the coursework paths that state units (None: their units are not checked)."""
    held = substitutions.filter(pl.col("education").is_in(met)).select(
        "class_id", sub_education="education", sub_years="years"
    )
    path_rank = pl.col("path_education").replace_strict(HELD_EDUCATION_RANK, default=-1, return_dtype=pl.Int32)
    sub_rank = pl.col("sub_education").replace_strict(EDUCATION_RANK, default=99, return_dtype=pl.Int32)
    already_required = (
        pl.when(pl.col("sub_education") == "law")
        .then(pl.col("path_education") == "law")
        .otherwise(path_rank >= sub_rank)
    )
    stated = qualification_paths.collect_schema().names()

    def optional(name: str, dtype: pl.DataType) -> pl.Expr:
        return pl.col(name).cast(dtype) if name in stated else pl.lit(None, dtype)

    return (
        qualification_paths.select(
            "class_id",
            "path_order",
            path_education=pl.col("education").fill_null("none"),
            base_years=pl.col("experience_years").fill_null(0.0),
            supervisory_years=optional("supervisory_years", pl.Float64).fill_null(0.0),
            coursework_units=optional("coursework_units", pl.Float64),
            coursework_level=optional("coursework_level", pl.String),
        )
        .join(held, on="class_id", how="left")
        .with_columns(
            is_open=pl.col("path_education").is_in(met) & _coursework_met(education, coursework_units),
            credit_years=pl.when(pl.col("sub_years").is_not_null() & ~already_required)
            .then(pl.min_horizontal("sub_years", "base_years"))
            .otherwise(0.0),
        )
        .with_columns(
            required_years=pl.col("base_years") - pl.col("credit_years"),
            credit_education=pl.when(pl.col("credit_years") > 0).then(pl.col("sub_education")),
        )
        .drop("sub_education", "sub_years")
    )


def _coursework_met(education: str | None, coursework_units: float | None) -> pl.Expr:
    """Return whether each path's stated coursework units are met (vocabulary.meets_coursework, vectorised);
    true for a path that states none."""
    units, level = pl.col("coursework_units"), pl.col("coursework_level")
    if education is None:
        return pl.lit(True)
    by_degree = (
        pl.when(level == "graduate").then(pl.lit(education in GRADUATE_DEGREES))
        .otherwise(pl.lit(DEGREE_SEMESTER_UNITS.get(education, 0.0)) >= units)
    )
    own = pl.lit(False) if coursework_units is None else pl.lit(float(coursework_units)) >= units
    checked = (pl.col("path_education") == "coursework") & units.is_not_null()
    return ~checked | own | by_degree


def eligibility_timeline(
    ladder_paths: pl.LazyFrame,
    nodes: pl.LazyFrame,
    qualification_paths: pl.LazyFrame,
    substitutions: pl.LazyFrame,
    *,
    education: str,
    years_total: float,
    years_in_title: float,
    as_of: dt.date,
    years_supervisory: float = 0.0,
    coursework_units: float | None = None,
) -> pl.LazyFrame:
    """One row per reachable node: node_id, title, kind, depth, via_title, required_years, years_to_eligible,
    eligible_now, earliest_eligible_date, binding_constraint, status (one of STATUSES).

    Along a path the time t_k (years from as_of) at which title k can be reached is the latest of its
    experience requirement and, where the edge states years in the lower title, t_(k-1) + those years;
    the current title was entered years_in_title ago. Each title keeps its earliest path. A title with no
    loaded qualification paths whose path states no time in the title below is "requirements not stated":
    no years, no date, never "eligible now" (the titles above it still count from reaching it).
    """
    steps = _path_steps(ladder_paths)
    used = steps.select(class_id="node_id").unique()
    requirements = class_experience_requirements(
        qualification_paths.join(used, on="class_id", how="semi"),
        substitutions.join(used, on="class_id", how="semi"),
        education=education, years_total=years_total, years_supervisory=years_supervisory,
        coursework_units=coursework_units,
    )
    timed = _step_times(steps, requirements, years_total=years_total, years_in_title=years_in_title,
                        years_supervisory=years_supervisory)
    best = (
        timed.filter(pl.col("position") == pl.col("depth"))
        .group_by("node_id")
        .agg(pl.all().sort_by([_not_stated(), "t", "depth", "path_key"]).first())
    )
    return _described(best, nodes, as_of=as_of, years_supervisory=years_supervisory)


def _not_stated() -> pl.Expr:
    """Return whether a step's title has nothing stated: no loaded qualification path and no time in the
    title below on this path (a path that states something is preferred over one that does not)."""
    return pl.col("is_open").is_null() & (pl.col("y") <= 0)


def _path_steps(ladder_paths: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (path, position >= 1): path_key, depth, position, node_id, prev_node_id, kind, years.

    A simple path is identified by its node ids (path_key), not a row index: lazy row order is not kept.
    """
    return (
        ladder_paths.select(
            "depth",
            path_key=pl.col("node_ids").list.join(">"),
            position=pl.int_ranges(1, pl.col("depth") + 1, dtype=pl.Int32),
            node_id=pl.col("node_ids").list.slice(1),
            prev_node_id=pl.col("node_ids").list.head(pl.col("depth")),
            kind=pl.col("kinds"),
            years=pl.col("edge_years"),
        )
        .explode(["position", "node_id", "prev_node_id", "kind", "years"])
    )


def _step_times(
    steps: pl.LazyFrame, requirements: pl.LazyFrame, *, years_total: float, years_in_title: float,
    years_supervisory: float = 0.0,
) -> pl.LazyFrame:
    """One row per (path, position): the step columns plus e (the title's own experience bound), y (years the
    edge asks in the lower title), t (when the title can be reached, in years from now) and prev_t.

    A title above the current one is reached only after the title below it has been reached, and never
    before now: t_k = max(e_k, max(t_(k-1), 0) + y_k), with t_0 = -years_in_title for the title held now.
    So "two years as B" counts from the day B is reached, not from years the person spent elsewhere. Every
    stated minimum is a constraint (issue 9 item 2): time in the lower title is not an alternative to the
    title's own experience requirement, even where a document lists them as "Either I ... Or II".
    """
    inf = float("inf")
    # A class's node_id is its class_id; a title named only in a document has no requirements.
    with_req = steps.join(requirements, left_on="node_id", right_on="class_id", how="left")
    # The title's own bound: the later of its experience and supervisory minimums (years from now).
    supervisory_gap = _supervisory_gap(years_supervisory)
    experience_bound = (
        pl.when(pl.col("is_open").is_null()).then(pl.lit(-inf))
        .when(pl.col("is_open")).then(pl.max_horizontal(pl.col("required_years") - years_total, supervisory_gap))
        .otherwise(pl.lit(inf))
    )
    title_years = (
        pl.when(pl.col("kind").is_in(TITLE_TIME_EDGE_KINDS) & pl.col("years").is_not_null()).then(pl.col("years"))
        .otherwise(pl.lit(0.0))
    )
    entered = steps.select("path_key", "depth").unique().with_columns(
        position=pl.lit(0, dtype=pl.Int32), e=pl.lit(-float(years_in_title)), y=pl.lit(0.0)
    )
    rows = pl.concat([entered, with_req.with_columns(e=experience_bound, y=title_years)], how="diagonal_relaxed")
    # The recurrence in closed form (max-plus): t_k = Y_k + max_(j<=k) (f_j - Y_j), with Y the running sum
    # of y and f_j = max(e_j, 0) above the current title (f_0 = t_0), whose max with 0 is the same t_k.
    order = {"order_by": "position"}
    floor = pl.when(pl.col("position") == 0).then(pl.col("e")).otherwise(pl.max_horizontal("e", pl.lit(0.0)))
    running = pl.col("y").cum_sum().over("path_key", **order)
    return (
        rows.with_columns(run_total=running, supervisory_binds=pl.col("is_open").fill_null(False)
                          & (supervisory_gap > pl.col("required_years") - years_total))
        .with_columns(t=(floor - pl.col("run_total")).cum_max().over("path_key", **order) + pl.col("run_total"))
        .with_columns(prev_t=pl.col("t").shift(1).over("path_key", **order))
    )


def _described(best: pl.LazyFrame, nodes: pl.LazyFrame, *, as_of: dt.date, years_supervisory: float = 0.0
               ) -> pl.LazyFrame:
    """One row per reachable node in TIMELINE_SCHEMA: times turned into years, a date and the binding rule."""
    titles = nodes.select("node_id", "title")
    not_stated = _not_stated()
    finite = pl.col("t").is_finite() & ~not_stated
    # Rounded so that float noise (2.5 - 1.3) neither shows nor delays "eligible now".
    years_to_eligible = pl.when(finite).then(pl.max_horizontal(pl.col("t"), pl.lit(0.0)).round(2))
    months = (pl.col("years_to_eligible") * 12).round(0).cast(pl.Int64)
    # The lower title binds when reaching it (and serving the stated time in it) comes no earlier than the
    # title's own experience requirement; a title with nothing stated always follows the one below.
    # (the title held now was entered at prev_t < 0; a title above it is reached no sooner than now)
    reached_below = pl.when(pl.col("position") == 1).then(pl.col("prev_t")).otherwise(pl.col("prev_t").clip(0.0))
    below_binds = (reached_below + pl.col("y") >= pl.col("e")) & (
        (pl.col("y") > 0) | (pl.col("prev_t") > 0) | pl.col("is_open").is_null()
    )
    return (
        best.join(titles, on="node_id", how="left")
        .join(titles.select(prev_node_id="node_id", via_title="title"), on="prev_node_id", how="left")
        .with_columns(years_to_eligible=years_to_eligible, required_years=pl.col("required_years").round(2))
        .with_columns(eligible_now=(pl.col("years_to_eligible") == 0).fill_null(False))
        .with_columns(
            earliest_eligible_date=pl.lit(as_of).dt.offset_by(pl.format("{}mo", months)),
            binding_constraint=pl.when(pl.col("e") == float("inf"))
            .then(_closed_text())
            .when(not_stated)
            .then(_not_stated_text())
            .when(below_binds)
            .then(_title_time_text())
            .when(pl.col("supervisory_binds"))
            .then(_supervisory_text(years_supervisory))
            .otherwise(_experience_text()),
            status=pl.when(not_stated).then(pl.lit(NOT_STATED))
            .when(pl.col("years_to_eligible").is_null()).then(pl.lit(NOT_OPEN))
            .when(pl.col("eligible_now")).then(pl.lit(ELIGIBLE_NOW))
            .otherwise(pl.lit(LATER)),
        )
        .select(list(TIMELINE_SCHEMA))
        .cast(TIMELINE_SCHEMA)
    )


def _number(x: pl.Expr) -> pl.Expr:
    """Return years as text without a needless decimal: 3.0 -> "3", 0.5 -> "0.5"."""
    whole = x.fill_nan(0.0).round(0)
    return pl.when(x == whole).then(whole.cast(pl.Int64).cast(pl.String)).otherwise(x.round(2).cast(pl.String))


def _years(x: pl.Expr) -> pl.Expr:
    """Return "1 year" or "N years"."""
    return pl.format("{} {}", _number(x), pl.when(x == 1).then(pl.lit("year")).otherwise(pl.lit("years")))


def _education_words(x: pl.Expr) -> pl.Expr:
    """Return an education code as words with its article ("master" -> "a master's")."""
    return x.replace_strict(EDUCATION_WORDS, default=x)


def _closed_text() -> pl.Expr:
    """Return the binding rule when no qualification path is open to the person's education."""
    units = pl.col("lowest_coursework_units")
    graduate = pl.col("lowest_coursework_level") == "graduate"
    needs = (
        pl.when((pl.col("lowest_education") == "coursework") & units.is_not_null() & graduate)
        .then(pl.format("{} semester units of graduate coursework (or a master's)", _number(units)))
        .when((pl.col("lowest_education") == "coursework") & units.is_not_null())
        .then(pl.format("{} semester units of college coursework", _number(units)))
        .otherwise(_education_words(pl.col("lowest_education")))
    )
    return pl.format("needs {}: no qualification path is open to this education", needs)


def _title_time_text() -> pl.Expr:
    """Return the binding rule when the title below binds: reaching it first, then the stated time in it."""
    reached = pl.col("prev_t") > 0  # the title below is not held yet: the time in it starts when it is reached
    # (every branch is evaluated: keep an infinite time out of the year words)
    reached_in = _years(pl.when(pl.col("prev_t").is_finite()).then(pl.col("prev_t").round(2)))
    return (
        pl.when(pl.col("prev_t") == float("inf"))
        .then(pl.format("follows {}, which is not open to this education", pl.col("via_title")))
        .when((pl.col("y") > 0) & reached)
        .then(pl.format("needs {} as {}, counted from reaching it in {}", _years(pl.col("y")), pl.col("via_title"),
                        reached_in))
        .when(pl.col("y") > 0).then(pl.format("needs {} as {}", _years(pl.col("y")), pl.col("via_title")))
        .otherwise(pl.format("follows {}, reached in {}", pl.col("via_title"), reached_in))
    )


def _not_stated_text() -> pl.Expr:
    """Return the binding rule of a title whose requirements are not loaded."""
    return pl.when(pl.col("depth") == 1).then(pl.lit("requirements not stated: no qualifications loaded for it")) \
        .otherwise(pl.format("requirements not stated: no qualifications loaded for it; follows {}",
                             pl.col("via_title")))


def _supervisory_text(years_supervisory: float) -> pl.Expr:
    """Return the binding rule when the supervisory minimum binds."""
    return pl.format("needs {} of supervisory experience ({} so far)", _years(pl.col("supervisory_years")),
                     pl.lit(f"{years_supervisory:g}"))


def _experience_text() -> pl.Expr:
    """Return the binding rule when the experience requirement binds, with the credit it got."""
    need = pl.format("needs {} of experience", _years(pl.col("required_years")))
    credited = pl.format(
        "{}: {} required, {} credited for {}",
        need,
        _number(pl.col("base_years")),
        _number(pl.col("credit_years")),
        _education_words(pl.col("credit_education")),
    )
    return pl.when(pl.col("credit_years") > 0).then(credited).otherwise(need)
