"""The steward's tools on the Catalog page: correct a fact beside its evidence, see and revert corrections, the
versions of a class and what changed between them, and deleting a document.

Every write checks the steward role on the server (auth.check) and is recorded in the audit log by the module
that makes it (analytics.ingest.load.corrections, .versions).
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from analytics.ingest.load.corrections import (
    EDGE_FIELDS,
    FIELDS,
    OPEN_STATUSES,
    PATH_FIELDS,
    RANGE_FIELDS,
    WRONG,
    Change,
    CorrectionError,
    correct,
    revert,
)
from analytics.ingest.load.versions import delete_document
from analytics.users import STEWARD
from analytics.vocabulary import EDUCATION_LEVELS, title_key
from app_pages.shared import auth, loaders
from app_pages.shared.plain import plain

NOTICE_KEY = "steward.notice"  # the outcome of the last write, shown once after the rerun
FIELD_WORDS = {
    "title": "Title", "class_code": "Class code", "grade": "Grade",
    "salary_min": "Salary: minimum", "salary_max": "Salary: maximum", "salary_unit": "Salary: pay unit",
    "salary_range": "Salary: whole range (MIN-MAX UNIT)",
    "experience_years": "Qualification path: years of experience",
    "specialized_years": "Qualification path: specialised years", "supervisory_years":
    "Qualification path: supervisory years", "education": "Qualification path: education",
    "qualification_path": "Qualification path: remove it (wrong)",
    "substitution": "Substitution: years an education counts for",
    "promotes_to": "Promotion: leads to another title", "promoted_from": "Promotion: comes from another title",
    "supervised_by": "Supervision: works under another title", "supervises": "Supervision: supervises another title",
    "related": "Related class",
}


def show_notice() -> None:
    """Show the outcome of the last correction, revert or deletion once (it survives the rerun that shows it)."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        kind, text = notice
        (st.success if kind == "ok" else st.error)(plain(text))


def open_corrections(class_id: str) -> pl.DataFrame:
    """The class's active and waiting corrections (all versions), newest first."""
    return loaders.class_corrections(class_id).filter(pl.col("status").is_in(OPEN_STATUSES))


def mark(corrections: pl.DataFrame, field_names: tuple[str, ...], *, position: int | None = None,
         other_title: str | None = None, level: str | None = None) -> str:
    """Return "corrected: was X → Y; …" for the active corrections of these fields (of one range, path, other
    title or education level), or "" when there is none."""
    notes = []
    for row in corrections.filter(pl.col("status") == "active").iter_rows(named=True):
        if row["field"] not in field_names:
            continue
        if position is not None and (row["position"] or 1) != position:
            continue
        if other_title is not None and title_key(row["other_title"] or "") != title_key(other_title):
            continue
        if level is not None and row["level"] != level:
            continue
        old = row["old_value"] if row["old_value"] is not None else "none stated"
        new = row["new_value"] if row["new_value"] is not None else "marked wrong"
        notes.append(f"{row['field']} was {old}, now {new}")
    return f"corrected: {'; '.join(notes)}" if notes else ""


def show_correction_form(detail: dict[str, Any]) -> None:
    """The edit form: pick a fact, give its right value and a reason (stewards only; others are told why)."""
    with st.expander("Correct a fact", icon=":material/edit:"):
        if not auth.may(STEWARD):
            user = auth.current_user()
            st.caption(f"Correcting facts needs the steward role; you are signed in as {plain(user.name)} "
                       f"({user.role}).")
            return
        st.caption(f"The value read from the document stays on record and the correction can be reverted. Type "
                   f"{WRONG} to mark a fact wrong (it is removed). A correction carries over to new versions of the "
                   "spec while they state what it corrected.")
        key = f"steward.form.{detail['class_id']}"
        left, right = st.columns(2)
        field = left.selectbox("Fact", FIELDS, format_func=FIELD_WORDS.get, key=f"{key}.field")
        position, other, level = 1, None, None
        if field in RANGE_FIELDS + PATH_FIELDS:
            what = "Salary range" if field in RANGE_FIELDS else "Qualification path"
            position = right.number_input(f"{what} number", min_value=1, max_value=20, step=1, key=f"{key}.position",
                                          help="As numbered on this page; one past the last adds one.")
        elif field in EDGE_FIELDS:
            other = right.text_input("Other title", max_chars=200, key=f"{key}.other")
        elif field == "substitution":
            level = right.selectbox("Education", EDUCATION_LEVELS, key=f"{key}.level")
        value = left.text_input("Right value", max_chars=200, key=f"{key}.value", help=_value_help(field))
        reason = right.text_input("Reason", max_chars=500, key=f"{key}.reason",
                                  placeholder="e.g. the 2026 re-issue states SH 18")
        if st.button("Save correction", type="primary", icon=":material/save:", key=f"{key}.save"):
            change = Change(field, value, reason, int(position), other, level)
            run_write("correct a fact", lambda con, who: correct(con, detail["class_id"], change, who=who),
                      f"Corrected {FIELD_WORDS[field].lower()} of {detail['title']}.")


def _value_help(field: str) -> str:
    if field in ("salary_min", "salary_max"):
        return "An amount in the range's pay unit, e.g. 52000 or 24.50."
    if field == "salary_unit":
        return "hourly, biweekly, semi-monthly, monthly or yearly."
    if field == "salary_range":
        return "MIN-MAX UNIT, e.g. 52000-61000 yearly; or wrong."
    if field == "education":
        return ", ".join(EDUCATION_LEVELS) + "; or wrong."
    if field in EDGE_FIELDS:
        return "The years it requires, yes (no years stated), or wrong."
    if field.endswith("years") or field == "substitution":
        return "A number of years, or wrong."
    return "The right text, or wrong (class code and grade only)."


def show_corrections(class_id: str) -> None:
    """The class's corrections (all versions), with a revert button on each open one for stewards."""
    corrections = loaders.class_corrections(class_id)
    if corrections.is_empty():
        return
    st.subheader("Corrections", anchor=False)
    may = auth.may(STEWARD)
    for row in corrections.iter_rows(named=True):
        where = f" #{row['position']}" if row["position"] else ""
        about = f" ({row['other_title'] or row['level']})" if row["other_title"] or row["level"] else ""
        old = row["old_value"] if row["old_value"] is not None else "none stated"
        new = row["new_value"] if row["new_value"] is not None else "marked wrong"
        status = {"needs_review": "waiting for review: the new version states something else"}.get(
            row["status"], row["status"])
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            st.markdown(f"**{plain(row['field'] + where + about)}**: {plain(old)} → {plain(new)}  \n"
                        f"{plain(row['reason'])} · {plain(row['author'])}, {row['created_at']:%Y-%m-%d %H:%M} · "
                        f"{plain(status)}")
            if may and row["status"] in OPEN_STATUSES:
                if st.button("Revert", key=f"steward.revert.{row['correction_id']}", icon=":material/undo:"):
                    undo = row["correction_id"]
                    run_write("revert a correction", lambda con, who: revert(con, undo, who=who),  # noqa: B023 (runs now)
                              f"Reverted: {row['field']} is {old} again, as read from the document.")


def show_versions(class_id: str, facts: Any, link: Any) -> None:
    """The versions of the class (newest first) and what changed from each to the next; `facts(class_id)` returns
    a version's facts as {name: text}, `link(class_id)` the Catalog link of a version."""
    versions = loaders.class_versions(class_id)
    if versions.height < 2:
        return
    st.subheader("Versions", anchor=False)
    versions = versions.with_columns(pl.col("class_id").map_elements(link, return_dtype=pl.String).alias("link"))
    st.dataframe(versions.select("file_name", "effective_date", "loaded_at", "is_current", "title", "class_code",
                                 "grade", "link"), hide_index=True, column_config={
        "link": st.column_config.LinkColumn("Open", display_text="Open this version"),
        "file_name": "Document", "effective_date": "Effective", "loaded_at": st.column_config.DatetimeColumn(
            "Loaded", format="YYYY-MM-DD HH:mm"), "is_current": "Current", "title": "Title",
        "class_code": "Class code", "grade": "Grade"})
    ids, names = versions["class_id"].to_list(), versions["file_name"].to_list()
    for newer, older, newer_name, older_name in zip(ids, ids[1:], names, names[1:], strict=False):
        changes = diff_facts(facts(older), facts(newer))
        label = f"From {older_name} to {newer_name}: " + (f"{len(changes)} change(s)" if changes else "no change")
        with st.expander(plain(label)):
            if changes:
                st.dataframe(pl.DataFrame(changes, schema=["Fact", "Before", "After"], orient="row"), hide_index=True)
            else:
                st.caption("Every fact read is the same in both versions.")


def diff_facts(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    """Return (fact, before, after) for every fact that differs between two versions ("" where absent)."""
    names = list(dict.fromkeys([*before, *after]))
    return [(n, before.get(n, ""), after.get(n, "")) for n in names if before.get(n, "") != after.get(n, "")]


def show_delete(detail: dict[str, Any]) -> None:
    """Delete the class's source document (stewards only), after a confirmation."""
    if not auth.may(STEWARD):
        return
    with st.expander("Delete the source document", icon=":material/delete:"):
        st.caption(f"Removes {plain(detail['file_name'])} and every fact read from it, in one step. Earlier "
                   "versions of its classes become current again; corrections are kept and apply again if it is "
                   "re-loaded.")
        key = f"steward.delete.{detail['document_id']}"
        sure = st.checkbox(f"Yes, delete {plain(detail['file_name'])}", key=f"{key}.sure")
        if st.button("Delete document", disabled=not sure, key=key, icon=":material/delete_forever:"):
            document_id = detail["document_id"]
            run_write("delete a document", lambda con, who: delete_document(con, document_id, who=who),
                      f"Deleted {detail['file_name']} and every fact read from it.")


def run_write(what: str, action: Any, done: str) -> None:
    """Run one steward write, `action(con, user)` (the steward role checked on the server first), then rerun to
    show the outcome once (`show_notice`)."""
    try:
        auth.check(STEWARD, action=what)
        with loaders.write_cursor() as con:
            action(con, auth.current_user())
    except CorrectionError as exc:
        st.session_state[NOTICE_KEY] = ("error", "Not saved: " + "; ".join(exc.problems))
    except ValueError as exc:  # NotAllowed, DatabaseBusy, DocumentNotFound: one line each
        st.session_state[NOTICE_KEY] = ("error", f"Not saved: {exc}")
    else:
        st.session_state[NOTICE_KEY] = ("ok", done)
    loaders.clear()
    st.rerun()
