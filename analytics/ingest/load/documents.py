"""Write documents into DuckDB: one transaction per document, idempotent by content hash, refusals as rejects."""

from __future__ import annotations

import glob
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from analytics import db
from analytics.audit import record
from analytics.ingest.extract import SUPPORTED_SUFFIXES, ExtractedText, ExtractError, read_document, read_upload
from analytics.ingest.load.corrections import reapply
from analytics.ingest.load.edges import resolve_edges
from analytics.ingest.load.versions import supersede
from analytics.ingest.normalize import normalize_document
from analytics.ingest.parse.spec import parse_spec
from analytics.users import User
from queries import sql

Progress = Callable[[Sequence[Path]], Iterable[Path]]


@dataclass(frozen=True)
class DocumentLoad:
    """What loading one document did: status is loaded | skipped (same bytes already loaded) | rejected."""

    file_name: str
    status: str
    document_id: str | None = None
    n_titles: int = 0
    n_edges: int = 0
    stage: str | None = None
    message: str | None = None
    n_superseded: int = 0  # loaded classes' earlier versions it replaced (or that replace its classes)
    n_corrected: int = 0  # corrections of its classes applied again
    n_to_review: int = 0  # corrections of its classes that no longer match what it states: waiting for review


@dataclass
class LoadSummary:
    """Counts over one load call; `problems` has one (file, message) per refused input."""

    n_documents: int = 0
    n_skipped: int = 0
    n_titles: int = 0
    n_edges: int = 0
    n_rejects: int = 0
    n_superseded: int = 0
    n_corrected: int = 0
    n_to_review: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

    def add(self, result: DocumentLoad, label: str) -> None:
        """Count one document's result under the name the caller knows it by."""
        if result.status == "loaded":
            self.n_documents += 1
            self.n_titles += result.n_titles
            self.n_edges += result.n_edges
            self.n_superseded += result.n_superseded
            self.n_corrected += result.n_corrected
            self.n_to_review += result.n_to_review
        elif result.status == "skipped":
            self.n_skipped += 1
        else:
            self.n_rejects += 1
            self.problems.append((label, result.message or "rejected"))


def load_documents(con: duckdb.DuckDBPyConnection, paths: Iterable[str | Path], *,
                   progress: Progress | None = None, who: User | None = None) -> LoadSummary:
    """Load files, folders (recursively, supported extensions) and glob patterns; return what happened.

    Each document loads whole or not at all; a refused one is written to ingest_rejects and listed in
    the summary's problems while the others still load. `progress` wraps the list of files (e.g. tqdm);
    `who` is recorded in the audit log for each document loaded (nothing is recorded without one).
    """
    files, unmatched = expand_paths(paths)
    summary = LoadSummary()
    for label, message in unmatched:
        summary.add(_rejected(con, label, None, "extract", message), label)
    for path in progress(files) if progress else files:
        summary.add(load_file(con, path, who=who), str(path))
    return summary


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Return (files in order, (argument, problem) for patterns and folders that name no document).

    A named file is kept whatever it is, so that a missing or unsupported one is reported, not skipped.
    """
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for raw in paths:
        text = str(raw)
        path = Path(text)
        if path.is_dir():
            found = _documents_in(path)
            files.extend(found)
            if not found:
                problems.append((text, f"no documents ({', '.join(SUPPORTED_SUFFIXES)}) in this folder"))
        elif re.search(r"[*?[]", text) and not path.exists():
            matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]
            for match in matches:
                files.extend(_documents_in(match) if match.is_dir() else [match])
            if not matches:
                problems.append((text, "no file matches this pattern"))
        else:
            files.append(path)
    return files, problems


def _documents_in(folder: Path) -> list[Path]:
    """Documents under a folder; hidden files and README files describe a folder, they are not specs."""
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not p.name.startswith(".") and p.stem.upper() != "README"
    )


def load_file(con: duckdb.DuckDBPyConnection, path: str | Path, *, who: User | None = None) -> DocumentLoad:
    """Load one file as a document (see load_extracted); an unreadable file becomes a reject."""
    path = Path(path)
    try:
        extracted = read_document(path)
    except ExtractError as exc:
        return _rejected(con, path.name, exc.sha256, "extract", exc.reason)
    return load_extracted(con, extracted, file_name=path.name, who=who)


def load_upload(con: duckdb.DuckDBPyConnection, file_name: str, data: bytes, *,
                who: User | None = None) -> DocumentLoad:
    """Load uploaded bytes as a document (the Ingest page's commit); a refused upload becomes a reject."""
    name = Path(file_name).name
    try:
        extracted = read_upload(name, data)
    except ExtractError as exc:
        return _rejected(con, name, exc.sha256, "extract", exc.reason)
    return load_extracted(con, extracted, file_name=name, who=who)


def preview_upload(file_name: str, data: bytes) -> tuple[dict[str, Any], str]:
    """Return (parsed record, text) of uploaded bytes without touching the database; raises ExtractError."""
    name = Path(file_name).name
    extracted = read_upload(name, data)
    return parse_spec(extracted.text, file_name=name), extracted.text


def load_extracted(con: duckdb.DuckDBPyConnection, extracted: ExtractedText, *, file_name: str,
                   who: User | None = None) -> DocumentLoad:
    """Parse, normalise and write one document in one transaction; skip bytes already loaded."""
    document_id = extracted.sha256[:16]
    if is_loaded(con, extracted.sha256):
        return DocumentLoad(file_name, "skipped", document_id)
    stage = "parse"
    try:
        record = parse_spec(extracted.text, file_name=file_name)
        stage = "normalize"
        tables = normalize_document(record, extracted, file_name=file_name)
    except Exception as exc:  # any failure of a pure stage refuses this document only
        return _rejected(con, file_name, extracted.sha256, stage, _reason(exc))
    try:
        written = write_document(con, tables, who=who)
    except Exception as exc:  # the transaction was rolled back: nothing of the document remains
        return _rejected(con, file_name, extracted.sha256, "load", _reason(exc))
    return DocumentLoad(file_name, "loaded", document_id, n_titles=tables["job_classes"].height,
                        n_edges=tables["promotion_edges"].height, n_superseded=len(written.superseded),
                        n_corrected=written.n_corrected, n_to_review=written.n_to_review)


def is_loaded(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """Return whether a document with these bytes is already in the database."""
    cur = con.cursor()
    try:
        return bool(cur.execute(sql("document_by_sha256"), {"sha256": sha256}).fetchall())
    finally:
        cur.close()


@dataclass(frozen=True)
class Written:
    """What writing a document did besides inserting its rows: the versions it superseded, as (earlier class id,
    current class id, title), and the corrections of its classes applied again or set for review."""

    superseded: list[tuple[str, str, str]]
    n_corrected: int
    n_to_review: int


def write_document(con: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame], *,
                   who: User | None = None) -> Written:
    """In one transaction (rolled back on any error): insert every table's rows, make the document's classes the
    current versions of the classes they match (or history, when an already loaded version is newer), resolve
    edge classes, correct its classes as they were corrected before, and record it all in the audit log for
    `who` (when given)."""
    document = tables["documents"].row(0, named=True)
    with db.transaction(con) as cur:
        for table, frame in tables.items():
            insert_rows(cur, table, frame)
        superseded = supersede(cur, document["document_id"])
        resolve_edges(cur)
        n_corrected, n_to_review = reapply(cur, document["document_id"])
        if who is not None:
            _record_load(cur, who, document, tables["job_classes"].height, superseded, n_corrected, n_to_review)
    return Written(superseded, n_corrected, n_to_review)


def _record_load(cur: duckdb.DuckDBPyConnection, who: User, document: dict[str, Any], n_classes: int,
                 superseded: list[tuple[str, str, str]], n_corrected: int, n_to_review: int) -> None:
    name = f"{document['file_name']} ({document['document_id']})"
    record(cur, who, "load a document", f"{name}: {n_classes} class(es)")
    for old, new, title in superseded:
        record(cur, who, "supersede a class version", f"{title}: {old} superseded by {new} ({name})")
    if n_corrected or n_to_review:
        record(cur, who, "apply corrections again", f"{name}: {n_corrected} applied, {n_to_review} for review")


def insert_rows(cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Insert a frame's rows into `table` through its named query `insert_<table>`."""
    if frame.is_empty():
        return
    view = f"incoming_{table}"
    cur.register(view, frame)
    try:
        cur.execute(sql(f"insert_{table}"))
    finally:
        cur.unregister(view)


def _rejected(con: duckdb.DuckDBPyConnection, file_name: str, sha256: str | None, stage: str,
              reason: str) -> DocumentLoad:
    """Record a refusal in ingest_rejects (once per file, bytes, stage and reason) and return it."""
    cur = con.cursor()
    try:
        params = {"file_name": file_name, "sha256": sha256, "stage": stage, "reason": reason}
        cur.execute(sql("insert_ingest_reject_once"), params)
    finally:
        cur.close()
    return DocumentLoad(file_name, "rejected", stage=stage, message=reason)


def _reason(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0][:300]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
