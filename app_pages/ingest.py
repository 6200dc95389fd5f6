"""Ingest (/ingest): upload class specifications, preview what is extracted with its evidence, then load."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from analytics.ingest import limits
from analytics.ingest.extract import MAX_BYTES, SUPPORTED_SUFFIXES, ExtractError
from analytics.ingest.load.documents import DocumentLoad, load_upload, preview_upload
from analytics.ingest.load.pay_schedules import load_pay_schedule_file
from analytics.ingest.normalize import NormalizeError, annualised_ranges
from analytics.ingest.tables.pay_schedules import FILE_COLUMNS as PAY_COLUMNS
from analytics.ingest.tables.pay_schedules import FILE_TYPES as PAY_FILE_TYPES
from analytics.ingest.tables.pay_schedules import MAX_FILE_BYTES as PAY_MAX_BYTES
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.users import STEWARD
from analytics.vocabulary import RELATED, SUPERVISION
from app_pages.shared import auth, loaders
from app_pages.shared import url_state as us
from app_pages.shared.evidence import has_span, snippet_html
from app_pages.shared.plain import plain
from app_pages.shared.problems import show_problem_report

MAX_MB = MAX_BYTES // (1024 * 1024)
TYPES = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES]
RESULTS_KEY = "ingest.results"
PAY_RESULT_KEY = "ingest.pay.result"
PAY_TYPES = [suffix.lstrip(".") for suffix in PAY_FILE_TYPES]
PAY_MAX_MB = max(1, PAY_MAX_BYTES // (1024 * 1024))
COLUMNS = {
    "title": "Title", "class_code": "Class code", "grade": "Grade", "series": "Series", "level": "Level",
    "n_ranges": st.column_config.NumberColumn("Salary ranges", format="%d"),
    "range": st.column_config.NumberColumn("Range", format="%d"),
    "min_amount": st.column_config.NumberColumn("Stated min", format="dollar"),
    "max_amount": st.column_config.NumberColumn("Stated max", format="dollar"), "pay_unit": "Pay unit",
    "department": "Department",
    "min_annual": st.column_config.NumberColumn("Annual min", format="dollar"),
    "max_annual": st.column_config.NumberColumn("Annual max", format="dollar"),
    "annual_factor": st.column_config.NumberColumn("Factor", format="%.6g",
                                                   help="Pay periods per year used to annualise"),
    "factor_source": "Factor source", "is_pay_unit_consistent": "Pay units agree",
    "path": "Path", "education": "Education", "experience_years": "Experience (years)",
    "supervisory_years": "Supervisory (years)", "years": "Years", "kind": "Kind", "from": "From", "to": "To",
}
_FACT_PART = re.compile(r"(\w+)(?:\[(\d+)\])?")

st.title("Ingest")
st.caption(f"Load class specifications ({', '.join(TYPES)}; up to {MAX_MB} MB each, "
           f"{limits.size_text(limits.TEXT_MAX_BYTES)} for text and HTML; up to {limits.REQUEST_MAX_FILES} files "
           f"and {limits.size_text(limits.REQUEST_MAX_BYTES)} per upload). Check what is extracted, "
           "and where in the text each fact was read, before loading. Each document loads whole or not at all; "
           "loading the same file twice changes nothing.")
us.read_view({})  # the Ingest page has no parameters: any in the link gets a notice and is dropped
us.write_view({})


def _problem(name: str, size: int) -> str | None:
    """Why an upload is refused before reading it (the widget checks too; this holds without the widget)."""
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported file type: expected one of {', '.join(SUPPORTED_SUFFIXES)}"
    return limits.size_problem(size, MAX_BYTES)


def _size(n_bytes: int) -> str:
    return f"{n_bytes:,} bytes" if n_bytes < 1024 else f"{n_bytes / 1024:,.1f} KB"


def _fact_value(record: dict[str, Any], fact_key: str) -> str:
    """Return a short reading of the fact an evidence key names, e.g. titles[0].grade -> 'SH 17'."""
    value: Any = record
    for name, index in _FACT_PART.findall(fact_key):
        value = value.get(name) if isinstance(value, dict) else None
        if index and isinstance(value, list):
            value = value[int(index)] if int(index) < len(value) else None
    if isinstance(value, dict):
        if "min" in value:
            return f"{value['min']:,} – {value['max']:,} {value['unit']}"
        if "to_title" in value:
            return f"{value['from_title']} → {value['to_title']} ({value['kind']})"
        if "supervisor_title" in value:
            return f"{value['title']} works under {value['supervisor_title']}"
        if "related_title" in value:
            return f"{value['title']} ~ {value['related_title']}"
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
    return "" if value is None else str(value)


def _show_ranges(titles: list[dict[str, Any]]) -> None:
    """Every salary range the load will store, by title and range (1 = first), as the salary_ranges row
    normalize.annualised_ranges makes of it, or why loading will refuse them."""
    st.markdown("**Salary ranges**")
    try:
        rows = [{"title": t["title"], "range": j + 1, **row} for t in titles
                for j, row in enumerate(annualised_ranges(t.get("salary_ranges", [])))]
    except NormalizeError as exc:
        st.warning(f"Loading will refuse this document at the normalize stage: {plain(exc)}.")
        return
    if rows:
        st.dataframe(pl.DataFrame(rows, infer_schema_length=None), hide_index=True, column_config=COLUMNS)
    else:
        st.caption("None found.")


def _show_tables(record: dict[str, Any]) -> None:
    titles = record["titles"]
    st.dataframe(pl.DataFrame([{**{k: t.get(k) for k in ("title", "class_code", "grade", "series", "level")},
                                "n_ranges": len(t.get("salary_ranges", []))} for t in titles],
                              infer_schema_length=None),
                 hide_index=True, column_config=COLUMNS)
    _show_ranges(titles)
    paths = [{"title": t["title"], "path": i + 1, **p} for t in titles for i, p in enumerate(t["qualification_paths"])]
    subs = [{"title": t["title"], **s} for t in titles for s in t["substitutions"]]
    links = ([{"kind": p["kind"], "from": p["from_title"], "to": p["to_title"], "years": p["years"]}
              for p in record["promotions"]]
             + [{"kind": SUPERVISION, "from": s["title"], "to": s["supervisor_title"], "years": None}
                for s in record["supervised_by"]]
             + [{"kind": RELATED, "from": r["title"], "to": r["related_title"], "years": None}
                for r in record["related"]])
    for heading, rows in (("Qualification paths", paths), ("Substitutions", subs), ("Ladder links", links)):
        st.markdown(f"**{heading}**")
        if rows:
            st.dataframe(pl.DataFrame(rows, infer_schema_length=None), hide_index=True, column_config=COLUMNS)
        else:
            st.caption("None found.")


def _show_evidence(record: dict[str, Any], text: str, key: str) -> None:
    evidence = record["evidence"]
    if not evidence:
        st.caption("No facts were found, so there is no evidence to show.")
        return
    facts = list(evidence)
    fact = st.selectbox("Fact", facts, key=key, format_func=lambda k: f"{k}: {_fact_value(record, k)}")
    start, end = evidence[fact]
    if has_span(text, start, end):
        st.html(snippet_html(text, start, end))
        st.caption(f"Characters {start:,}–{end:,} of {len(text):,}.")


def _show_preview(upload: Any) -> bool:
    """Render one upload's extraction; return whether it can be loaded."""
    data = upload.getvalue()
    with st.container(border=True):
        st.markdown(f"**{plain(upload.name)}** · {_size(len(data))}")
        problem = _problem(upload.name, len(data))
        if problem:
            st.error(f"{plain(upload.name)} cannot be loaded: {plain(problem)}. Nothing was read or loaded.")
            return False
        if not loaders.query("document_by_sha256", sha256=hashlib.sha256(data).hexdigest()).is_empty():
            st.info("This exact file is already in the database: loading it again changes nothing.")
        try:
            record, text = preview_upload(upload.name, data)
        except ExtractError as exc:
            st.error(f"{plain(upload.name)} cannot be read: {plain(exc.reason)}. Nothing was loaded; loading it "
                     "records the refusal in the rejects list below.")
            return True
        except Exception as exc:  # the parser failing on odd input must not show a traceback
            st.error(f"{plain(upload.name)} could not be parsed ({type(exc).__name__}: {plain(exc)}). "
                     "Nothing was loaded.")
            return True
        st.caption(f"Jurisdiction: {plain(record['jurisdiction'] or 'not found')} · effective date: "
                   f"{plain(record['effective_date'] or 'not found')} · {len(record['titles'])} title(s) · "
                   f"{len(record['evidence'])} facts with evidence")
        if not record["titles"]:
            st.warning("No job title was recognised in this document: loading it will store the text only.")
        tables, evidence = st.tabs(["Extracted", "Evidence"])
        with tables:
            _show_tables(record)
        with evidence:
            _show_evidence(record, text, key=f"ingest.fact.{upload.file_id}")
    return True


def _report(results: list[DocumentLoad]) -> None:
    for r in results:
        if r.status == "loaded":
            more = []
            if r.n_superseded:
                more.append(f"it is the newer version of {r.n_superseded} loaded class(es), kept as history")
            if r.n_corrected:
                more.append(f"{r.n_corrected} earlier correction(s) applied to it again")
            if r.n_to_review:
                more.append(f"{r.n_to_review} correction(s) no longer match it and wait on the Review page")
            st.success(f"{plain(r.file_name)}: loaded {r.n_titles} title(s) and {r.n_edges} ladder link(s)"
                       + ("; " + "; ".join(more) if more else "") + ".")
        elif r.status == "skipped":
            st.info(f"{plain(r.file_name)}: already loaded (same content); nothing changed.")
        else:
            reason = (r.message or "").removeprefix("refused: ")
            st.error(f"{plain(r.file_name)}: refused at the {r.stage} stage: {plain(reason)}. Nothing of it was "
                     "loaded; the refusal is recorded below.")


def _show_rejects() -> None:
    st.subheader("Recent ingest rejects", anchor=False)
    rejects = loaders.recent_rejects()
    if rejects.is_empty():
        st.caption("No input has been refused.")
        return
    st.dataframe(rejects, hide_index=True, column_config={
        "rejected_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm"),
        "file_name": "File", "stage": "Stage", "reason": st.column_config.TextColumn("Reason", width="large"),
        "sha256": None,
    })


def _load(uploads: list[Any]) -> None:
    auth.check(STEWARD, action="load class specifications")
    con = loaders.connection(loaders.database())
    results = []
    for upload in uploads:
        try:
            results.append(load_upload(con, upload.name, upload.getvalue(), who=auth.current_user()))
        except Exception as exc:  # load_upload records refusals itself; this is a database failure
            results.append(DocumentLoad(upload.name, "rejected", stage="load", message=f"{type(exc).__name__}: {exc}"))
    st.session_state[RESULTS_KEY] = results  # each document loaded is in the audit log (load_upload records it)
    loaders.clear()
    st.rerun()


def _pay_file(upload: Any, folder: Path) -> Path:
    """Write an upload under its own file name (which the validation report and rejects name)."""
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    return path


def _pay_report(result: tuple[str, int] | None) -> None:
    if result is not None:
        name, changed = result
        if changed:
            st.success(f"{plain(name)}: {changed:,} pay row(s) new or changed.")
        else:
            st.info(f"{plain(name)}: every row was already loaded; nothing changed.")


def _show_pay_schedule(upload: Any) -> None:
    """Validate an uploaded pay schedule, show its report or its rows, and offer to load it when valid."""
    with tempfile.TemporaryDirectory() as folder:
        path = _pay_file(upload, Path(folder))
        rows, report = read_pay_schedule(path)
        if report.height:
            st.error(f"{plain(upload.name)}: {report.height} problem(s); nothing can be loaded until they are fixed.")
            show_problem_report(report)
            return
        summary = (rows.group_by("schedule_id", "effective_date")
                   .agg(n_grades=pl.col("grade").n_unique(), n_rows=pl.len(),
                        lowest=pl.col("annual_amount").min(), highest=pl.col("annual_amount").max())
                   .sort("schedule_id", "effective_date"))
        st.success(f"{plain(upload.name)}: {rows.height:,} valid row(s) in {summary.height} schedule version(s).")
        st.dataframe(summary, hide_index=True, column_config={
            "schedule_id": "Schedule", "effective_date": "Effective", "n_grades": "Grades", "n_rows": "Rows",
            "lowest": st.column_config.NumberColumn("Lowest", format="dollar"),
            "highest": st.column_config.NumberColumn("Highest", format="dollar")})
        if st.button("Load pay schedule", type="primary", icon=":material/database_upload:", key="ingest.pay.load"):
            auth.check(STEWARD, action="load a pay schedule")
            with st.spinner("Loading…"):
                changed = load_pay_schedule_file(loaders.connection(loaders.database()), path)
            st.session_state[PAY_RESULT_KEY] = (upload.name, changed)
            auth.audit("load a pay schedule", f"{upload.name}: {changed} row(s) new or changed")
            loaders.clear()
            st.rerun()


if not auth.may(STEWARD):
    user = auth.current_user()
    st.info(f"Loading documents, pay schedules and rosters needs the steward role; you are signed in as "
            f"{plain(user.name)} ({user.role}). The recent rejects are below.")
    _show_rejects()
    st.stop()

st.subheader("Class specifications", anchor=False)
_report(st.session_state.pop(RESULTS_KEY, []))
uploads = st.file_uploader("Class specifications", type=TYPES, accept_multiple_files=True,
                           max_upload_size=MAX_MB, key="ingest.files")
loadable = []
for upload, too_much in zip(uploads or [], limits.request_problems([u.size for u in uploads or []]), strict=True):
    if too_much:  # the files of one upload are capped together: those past the cap are not read
        st.error(f"{plain(upload.name)}: refused: {plain(too_much)}. Nothing of it was read or loaded.")
    elif _show_preview(upload):
        loadable.append(upload)
if uploads:
    label = f"Load {len(loadable)} file(s) into the database" if len(uploads) > 1 else "Load into database"
    if st.button(label, type="primary", disabled=not loadable, icon=":material/database_upload:"):
        with st.spinner("Loading…"):
            _load(loadable)

st.subheader("Pay schedules", anchor=False)
st.caption(f"A CSV or Excel file with the columns {', '.join(PAY_COLUMNS)}: one row per schedule, grade, step "
           f"and effective date (YYYY-MM-DD or YYYY-MM), amounts per year, and where each number came from. "
           f"Up to {PAY_MAX_MB} MB. The file is checked row by row and loads whole or not at all.")
_pay_report(st.session_state.pop(PAY_RESULT_KEY, None))
pay_upload = st.file_uploader("Pay schedule", type=PAY_TYPES, max_upload_size=PAY_MAX_MB, key="ingest.pay")
if pay_upload is not None:
    _show_pay_schedule(pay_upload)

_show_rejects()
