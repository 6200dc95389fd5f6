"""Versions of a class and deleting a document.

A class loaded again in another document (a re-issued spec, the same spec as .txt and then .docx) is a new
version of it when both have the same `class_key` (same jurisdiction and class code, or same jurisdiction and
title when no code is stated). The newer version (the later effective date, else the later load) is current;
the older stays in the database as history, marked `superseded_by` the current one, and every read of the
ladders, pay and costs sees only current classes. Deleting a document takes all of its rows out in one
transaction and makes the newest earlier version of each of its classes current again.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics import db
from analytics.audit import record
from analytics.ingest.load.edges import resolve_edges
from analytics.users import User
from queries import sql


class DocumentNotFound(ValueError):
    """No loaded document matches the sha256 (prefix) or file name given, or more than one does."""


@dataclass(frozen=True)
class Deleted:
    """What deleting a document did: its id and file name, its classes, and the earlier versions made current."""

    document_id: str
    file_name: str
    n_classes: int
    restored: tuple[str, ...]


def supersede(cur: duckdb.DuckDBPyConnection, document_id: str) -> list[tuple[str, str, str]]:
    """Mark the versions a newly written document's classes replace (or that replace them): inside the caller's
    transaction, after the document's rows are in. Return (old class id, current class id, title) per class
    superseded now."""
    db.execute_all(cur, "supersede_classes", {"document_id": document_id})
    return [tuple(row) for row in cur.execute(sql("superseded_now")).fetchall()]


def find_document(con: duckdb.DuckDBPyConnection, ref: str) -> tuple[str, str]:
    """Return (document_id, file_name) of the one loaded document whose sha256 starts with `ref` (8 hex characters
    or more) or whose file name is `ref`; DocumentNotFound otherwise."""
    cur = con.cursor()
    try:
        rows = cur.execute(sql("document_lookup"), {"ref": ref.strip()}).fetchall()
    finally:
        cur.close()
    if not rows:
        raise DocumentNotFound(f"{ref}: no loaded document has this sha256 (8 characters or more) or file name")
    if len({row[0] for row in rows}) > 1:
        names = ", ".join(f"{row[2]} ({row[1][:12]})" for row in rows[:5])
        raise DocumentNotFound(f"{ref}: {len(rows)} loaded documents match ({names}): give the sha256")
    return rows[0][0], rows[0][2]


def delete_document(con: duckdb.DuckDBPyConnection, document_id: str, *, who: User) -> Deleted:
    """Delete a document and every fact extracted from it in one transaction (nothing is left on failure), make
    the newest earlier version of each of its classes current again, and record it in the audit log.

    Corrections of its classes are kept (they apply again when a version of the class is loaded)."""
    with db.transaction(con) as cur:
        found = cur.execute(sql("document_text"), {"document_id": document_id}).fetchone()
        if found is None:
            raise DocumentNotFound(f"{document_id}: no such document")
        file_name = found[1]
        classes = cur.execute(sql("document_classes"), {"document_id": document_id}).fetchall()
        restored = [r for class_id, *_ in classes if (r := _restore_previous(cur, class_id))]
        db.execute_all(cur, "delete_document", {"document_id": document_id})
        resolve_edges(cur)  # edges that named a deleted class may name another one now
        record(cur, who, "delete a document", f"{file_name} ({document_id}): {len(classes)} class(es)"
               + (f", {len(restored)} earlier version(s) current again" if restored else ""))
    return Deleted(document_id, file_name, len(classes), tuple(restored))


def _restore_previous(cur: duckdb.DuckDBPyConnection, class_id: str) -> str | None:
    """Make the newest earlier version of a class current again (the others point at it); return its id."""
    earlier = cur.execute(sql("earlier_versions"), {"class_id": class_id}).fetchall()
    if not earlier:
        return None
    newest = earlier[0][0]
    db.execute_all(cur, "restore_version", {"restored": newest, "deleted": class_id})
    return newest
