"""The scenario builder of the Staffing costs page: its widgets' values as a scenario, in the JSON of the CLI.

The widgets' values are kept in st.session_state under KEY; `seed` writes a scenario into them (a
saved scenario opened by its link, a what-if link, or the defaults) and `scenario_json` reads them back as
the scenario JSON `python -m analytics costs --scenario` takes (analytics.costs.scenarios), so the page and
the command parse, check and identify a scenario the same way. The vacancy factor and attrition are
settings of the form, COLAs rows of their own editor (a row may repeat yearly), vacancies to fill or
freeze are picked from the roster's list, and every other change is a row of the changes editor. The
scope (units, titles, a grade range) is outside the form: changing it recomputes at once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import streamlit as st

from analytics.costs.scenarios import Attrition, Change, Cola, FillVacancy, FreezeVacancy, Scenario, VacancyFactor

KEY = {name: f"costs.{name}" for name in (
    "name", "start", "end", "fy_start_month", "fringe_pct", "vacancy_pct", "attrition_pct", "backfill_months",
    "units", "titles", "grade_low", "grade_high", "fill_ids", "fill_date", "freeze_ids")}
ROWS_KEY, GENERATION_KEY, COLA_ROWS_KEY = "costs.change_rows", "costs.editor_generation", "costs.cola_rows"
ANY_GRADE = ""  # the grade-range choice meaning no bound
MAX_NAME, MAX_PCT, MAX_BACKFILL = 80, 99.99, 120
DEFAULT_NAME = "Draft plan"
DEFAULT_FY_START_MONTH, DEFAULT_YEARS, DEFAULT_FRINGE, DEFAULT_COLA_PCT = 7, 3, Decimal("0.5"), Decimal(3)
CHANGE_LABELS = {"add_positions": "Add positions", "cut_positions": "Cut positions", "fill_vacancy": "Fill a vacancy",
                 "freeze_vacancy": "Freeze a vacancy", "promote": "Promote",
                 "vacancy_factor": "Vacancy factor of a unit", "attrition": "Attrition of a unit"}
# The editor's columns each change type reads (required first, then optional ones after "|").
CHANGE_FIELDS = {
    "add_positions": ("title", "unit", "count", "date", "|", "fte", "grade", "schedule_id"),
    "cut_positions": ("title", "unit", "count", "date"),
    "fill_vacancy": ("position_ids", "date"),
    "freeze_vacancy": ("position_ids",),
    "promote": ("position_ids", "grade", "date", "|", "title"),
    "vacancy_factor": ("unit", "pct"),
    "attrition": ("unit", "pct", "|", "backfill_months"),
}
FIELD_WORDS = {"title": "title", "unit": "unit", "count": "count", "date": "date", "position_ids": "position id",
               "grade": "grade", "fte": "FTE", "schedule_id": "schedule", "pct": "percent",
               "backfill_months": "backfill months"}
COLA_SCHEMA = {"pct": pl.Float64, "effective": pl.Date, "years": pl.Int64}
EDITOR_SCHEMA = {"change": pl.String, "title": pl.String, "unit": pl.String, "count": pl.Int64, "date": pl.Date,
                 "position_ids": pl.String, "grade": pl.String, "fte": pl.Float64, "pct": pl.Float64,
                 "backfill_months": pl.Int64, "schedule_id": pl.String}


def editor_key() -> str:
    """Return the key of the changes editor now (a new key each time the rows are seeded)."""
    return f"costs.changes.{st.session_state.get(GENERATION_KEY, 0)}"


def cola_editor_key() -> str:
    """Return the key of the COLA editor now (a new key each time the rows are seeded)."""
    return f"costs.colas.{st.session_state.get(GENERATION_KEY, 0)}"


def fiscal_year_start(on: dt.date, *, fy_start_month: int) -> dt.date:
    """Return the first day of the fiscal year `on` falls in."""
    year = on.year if on.month >= fy_start_month else on.year - 1
    return dt.date(year, fy_start_month, 1)


def add_months(month: dt.date, n: int) -> dt.date:
    """Return the first day of the month `n` months after `month` (n may be negative)."""
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def default_scenario(today: dt.date) -> Scenario:
    """Return the builder's starting scenario: three fiscal years (July to June) from the current one (the one
    `today` falls in), fringe 50 %, a 3 % COLA each July after the first month (one repeating row), no changes."""
    start = fiscal_year_start(today, fy_start_month=DEFAULT_FY_START_MONTH)
    colas = (Cola(DEFAULT_COLA_PCT, add_months(start, 12), years=DEFAULT_YEARS - 1),)
    return Scenario(fringe_rate=DEFAULT_FRINGE, fy_start_month=DEFAULT_FY_START_MONTH, start=start,
                    end=add_months(start, 12 * DEFAULT_YEARS - 1), cola=colas, name=DEFAULT_NAME)


def month_options(*months: dt.date) -> list[dt.date]:
    """Return the months a start or end can be: two years before the earliest given through ten after the latest."""
    first = dt.date(min(months).year - 2, 1, 1)
    last = dt.date(max(months).year + 10, 12, 1)
    return [add_months(first, k) for k in range((last.year - first.year) * 12 + last.month - first.month + 1)]


# -- scenario -> widgets ---------------------------------------------------------------------------

def picked_vacancies(changes: tuple[Change, ...]) -> tuple[list[str], dt.date | None, list[str]]:
    """Return (ids to fill, their date, ids to freeze) the vacancy pickers hold: every freeze, and the fills when
    they share one date (fills on several dates stay rows of the changes editor)."""
    fills = [c for c in changes if isinstance(c, FillVacancy)]
    dates = {c.date for c in fills}
    freezes = [c.position_id for c in changes if isinstance(c, FreezeVacancy)]
    if len(dates) == 1:
        return [c.position_id for c in fills], dates.pop(), freezes
    return [], None, freezes


def change_rows(changes: tuple[Change, ...]) -> pl.DataFrame:
    """One row per change of the editor (vacancy factor, attrition and picked vacancies excluded), in EDITOR_SCHEMA."""
    fill_ids, _, freeze_ids = picked_vacancies(changes)
    rows = []
    for change in changes:
        if (isinstance(change, VacancyFactor | Attrition) and change.unit is None) or getattr(
                change, "position_id", None) in (*fill_ids, *freeze_ids):
            continue  # the form's own widgets hold these
        row: dict[str, Any] = {"change": change.kind}
        for name in EDITOR_SCHEMA:
            if name == "position_ids":
                ids = getattr(change, "position_ids", None) or (getattr(change, "position_id", None),)
                row[name] = ", ".join(i for i in ids if i) or None
            elif name != "change":
                value = getattr(change, name, None)
                row[name] = float(value) if isinstance(value, Decimal) else value
        rows.append(row)
    return pl.DataFrame(rows, schema=EDITOR_SCHEMA, orient="row") if rows else pl.DataFrame(schema=EDITOR_SCHEMA)


def _editor_frame(rows: pl.DataFrame) -> pd.DataFrame:
    """The rows as the editor takes them fastest: pandas, text as objects and nullable numbers, so rows added
    with empty cells keep every column's type."""
    text = {name: object for name, dtype in EDITOR_SCHEMA.items() if dtype == pl.String}
    return rows.to_pandas().astype(text | {"count": "Int64", "fte": "Float64", "pct": "Float64",
                                           "backfill_months": "Int64"})


def seed(scenario: Scenario) -> None:
    """Put a scenario into the builder's widgets (replacing what they hold)."""
    vacancy = [c for c in scenario.changes if isinstance(c, VacancyFactor) and c.unit is None]
    attrition = [c for c in scenario.changes if isinstance(c, Attrition) and c.unit is None]
    state = st.session_state
    state[KEY["name"]] = scenario.name[:MAX_NAME]
    state[KEY["start"]], state[KEY["end"]] = scenario.start, scenario.end
    state[KEY["fy_start_month"]] = scenario.fy_start_month
    state[KEY["fringe_pct"]] = float(scenario.fringe_rate * 100)
    state[KEY["vacancy_pct"]] = float(vacancy[-1].pct) if vacancy else 0.0
    state[KEY["attrition_pct"]] = float(attrition[-1].pct) if attrition else 0.0
    state[KEY["backfill_months"]] = attrition[-1].backfill_months if attrition else 0
    state[KEY["units"]], state[KEY["titles"]] = list(scenario.scope.units), list(scenario.scope.titles)
    state[KEY["grade_low"]], state[KEY["grade_high"]] = scenario.scope.grades or (ANY_GRADE, ANY_GRADE)
    fill_ids, fill_date, freeze_ids = picked_vacancies(scenario.changes)
    state[KEY["fill_ids"]], state[KEY["fill_date"]], state[KEY["freeze_ids"]] = fill_ids, fill_date, freeze_ids
    colas = pl.DataFrame([(float(c.pct), c.effective, c.years) for c in scenario.cola], schema=COLA_SCHEMA,
                         orient="row")
    state[COLA_ROWS_KEY] = colas.to_pandas().astype({"years": "Int64"})
    state[ROWS_KEY] = _editor_frame(change_rows(scenario.changes))
    state[GENERATION_KEY] = state.get(GENERATION_KEY, -1) + 1


def ensure_seeded(scenario: Scenario) -> None:
    """Seed the builder with `scenario` unless this session's builder already holds one."""
    if KEY["start"] not in st.session_state:
        seed(scenario)


# -- widgets -> scenario JSON ----------------------------------------------------------------------

def _percent(value: float | None) -> Decimal:
    # Through text, so 14.3 % is 0.143 and not 0.14300000000000002 (the id hashes the number).
    return Decimal(str(value or 0))


def _cell(value: Any) -> Any:
    """Return an editor cell as a plain value: None when empty, a date for a timestamp, int for a whole count."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    return value


def _row_change(row: dict[str, Any], number: int) -> tuple[dict[str, Any] | None, str | None]:
    """Return (the change JSON of an editor row, None) or (None, why it cannot be one); (None, None) if blank."""
    kind = row.get("change")
    if kind is None:
        blank = all(v is None or v == "" for k, v in row.items() if k != "change")
        return None, None if blank else f"Change {number}: choose what kind of change it is."
    required, _, optional = " ".join(CHANGE_FIELDS[kind]).partition("|")
    change: dict[str, Any] = {"type": kind}
    missing = []
    for name in required.split() + optional.split():
        value = row.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        if value is None:
            if name in required.split():
                missing.append(FIELD_WORDS[name])
            continue
        if name in ("count", "backfill_months") and isinstance(value, float) and value.is_integer():
            value = int(value)
        if name == "position_ids":
            ids = [p.strip() for p in value.split(",") if p.strip()]
            if kind == "promote":
                change["position_ids"] = ids
            elif len(ids) != 1:
                return None, f"Change {number} ({CHANGE_LABELS[kind].lower()}): give exactly one position id."
            else:
                change["position_id"] = ids[0]
            continue
        change[name] = value.isoformat() if isinstance(value, dt.date) else value
    if missing:
        return None, f"Change {number} ({CHANGE_LABELS[kind].lower()}): {', '.join(missing)} missing."
    return change, None


def _cola_rows(rows: pd.DataFrame) -> tuple[list[dict[str, Any]], list[str]]:
    """Return (the COLA JSON of the COLA editor's rows, problems): a row needs a percent and a date."""
    colas, problems = [], []
    for number, row in enumerate(rows.to_dict("records"), start=1):
        pct, effective, years = (_cell(row.get(k)) for k in ("pct", "effective", "years"))
        if pct in (None, 0) and effective is None:
            continue
        if pct is None or effective is None:
            problems.append(f"COLA {number}: {'percent' if pct is None else 'date'} missing.")
            continue
        colas.append({"pct": float(_percent(pct)), "effective": effective.isoformat()}
                     | ({"years": int(years)} if years not in (None, 1) else {}))
    return colas, problems


def scope_json() -> dict[str, Any]:
    """Return the scope the scope widgets hold, as the scenario JSON's "scope" ({} for the whole roster)."""
    state = st.session_state
    low, high = state[KEY["grade_low"]], state[KEY["grade_high"]]
    grades = [g for g in (low or high, high or low) if g]
    raw = {"units": list(state[KEY["units"]]), "titles": list(state[KEY["titles"]]), "grades": grades}
    return {k: v for k, v in raw.items() if v}


def scenario_json(rows: pd.DataFrame, cola_rows: pd.DataFrame) -> tuple[dict[str, Any], list[str]]:
    """Return (the scenario JSON the builder's widgets hold, with the editors' rows; problems).

    A problem is a sentence about an editor row that is not a whole change or COLA (it is left out).
    """
    state = st.session_state
    changes, problems = [], []
    for number, row in enumerate(rows.to_dict("records"), start=1):
        change, problem = _row_change({k: _cell(v) for k, v in row.items()}, number)
        if problem:
            problems.append(problem)
        elif change:
            changes.append(change)
    # Fills and freezes (which act whatever their order) come after the other changes, the editor's first, so that
    # a scenario reopened in the builder (its vacancies back in the pickers) keeps its order, and so its id.
    fills = [c for c in changes if c["type"] == "fill_vacancy"]
    freezes = [c for c in changes if c["type"] == "freeze_vacancy"]
    changes = [c for c in changes if c["type"] not in ("fill_vacancy", "freeze_vacancy")]
    fill_date = state[KEY["fill_date"]]
    if state[KEY["fill_ids"]] and fill_date is None:
        problems.append("Vacancies to fill: choose the month they are filled.")
    elif fill_date is not None:
        fills += [{"type": "fill_vacancy", "position_id": pid, "date": fill_date.isoformat()}
                  for pid in state[KEY["fill_ids"]]]
    freezes += [{"type": "freeze_vacancy", "position_id": pid} for pid in state[KEY["freeze_ids"]]]
    changes += fills + freezes
    colas, cola_problems = _cola_rows(cola_rows)
    problems += cola_problems
    if state[KEY["vacancy_pct"]]:
        changes.append({"type": "vacancy_factor", "pct": float(_percent(state[KEY["vacancy_pct"]]))})
    if state[KEY["attrition_pct"]]:
        changes.append({"type": "attrition", "pct": float(_percent(state[KEY["attrition_pct"]])),
                        "backfill_months": int(state[KEY["backfill_months"]] or 0)})
    raw = {
        "name": (state[KEY["name"]] or "").strip() or None,
        "fringe_rate": float(_percent(state[KEY["fringe_pct"]]) / 100),
        "fy_start_month": state[KEY["fy_start_month"]],
        "start": state[KEY["start"]].isoformat()[:7], "end": state[KEY["end"]].isoformat()[:7],
        "cola": colas, "changes": changes,
    } | ({"scope": scope} if (scope := scope_json()) else {})
    return raw, problems
