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

from analytics.ingest.extract import SUPPORTED_SUFFIXES, ExtractedText, ExtractError, read_document, read_upload
from analytics.ingest.normalize import normalize_document
from analytics.ingest.parse.spec import parse_spec
from analytics.vocabulary import title_key
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


@dataclass
class LoadSummary:
    """Counts over one load call; `problems` has one (file, message) per refused input."""

    n_documents: int = 0
    n_skipped: int = 0
    n_titles: int = 0
    n_edges: int = 0
    n_rejects: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

    def add(self, result: DocumentLoad, label: str) -> None:
        """Count one document's result under the name the caller knows it by."""
        if result.status == "loaded":
            self.n_documents += 1
            self.n_titles += result.n_titles
            self.n_edges += result.n_edges
        elif result.status == "skipped":
            self.n_skipped += 1
        else:
            self.n_rejects += 1
            self.problems.append((label, result.message or "rejected"))


def load_documents(con: duckdb.DuckDBPyConnection, paths: Iterable[str | Path], *,
                   progress: Progress | None = None) -> LoadSummary:
    """Load files, folders (recursively, supported extensions) and glob patterns; return what happened.

    Each document loads whole or not at all; a refused one is written to ingest_rejects and listed in
    the summary's problems while the others still load. `progress` wraps the list of files (e.g. tqdm).
    """
    files, unmatched = expand_paths(paths)
    summary = LoadSummary()
    for label, message in unmatched:
        summary.add(_rejected(con, label, None, "extract", message), label)
    for path in progress(files) if progress else files:
        summary.add(load_file(con, path), str(path))
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


def load_file(con: duckdb.DuckDBPyConnection, path: str | Path) -> DocumentLoad:
    """Load one file as a document (see load_extracted); an unreadable file becomes a reject."""
    path = Path(path)
    try:
        extracted = read_document(path)
    except ExtractError as exc:
        return _rejected(con, path.name, exc.sha256, "extract", exc.reason)
    return load_extracted(con, extracted, file_name=path.name)


def load_upload(con: duckdb.DuckDBPyConnection, file_name: str, data: bytes) -> DocumentLoad:
    """Load uploaded bytes as a document (the Ingest page's commit); a refused upload becomes a reject."""
    name = Path(file_name).name
    try:
        extracted = read_upload(name, data)
    except ExtractError as exc:
        return _rejected(con, name, exc.sha256, "extract", exc.reason)
    return load_extracted(con, extracted, file_name=name)


def preview_upload(file_name: str, data: bytes) -> tuple[dict[str, Any], str]:
    """Return (parsed record, text) of uploaded bytes without touching the database; raises ExtractError."""
    name = Path(file_name).name
    extracted = read_upload(name, data)
    return parse_spec(extracted.text, file_name=name), extracted.text


def load_extracted(con: duckdb.DuckDBPyConnection, extracted: ExtractedText, *, file_name: str) -> DocumentLoad:
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
        write_document(con, tables)
    except Exception as exc:  # the transaction was rolled back: nothing of the document remains
        return _rejected(con, file_name, extracted.sha256, "load", _reason(exc))
    return DocumentLoad(file_name, "loaded", document_id, n_titles=tables["job_classes"].height,
                        n_edges=tables["promotion_edges"].height)


def is_loaded(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """Return whether a document with these bytes is already in the database."""
    cur = con.cursor()
    try:
        return bool(cur.execute(sql("document_by_sha256"), {"sha256": sha256}).fetchall())
    finally:
        cur.close()


def write_document(con: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame]) -> None:
    """Insert every table's rows and resolve edge classes in one transaction; roll back on any error."""
    cur = con.cursor()
    try:
        cur.begin()
        try:
            for table, frame in tables.items():
                insert_rows(cur, table, frame)
            resolve_edges(cur)
            cur.commit()
        except BaseException:
            cur.rollback()
            raise
    finally:
        cur.close()


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


def resolve_edges(cur: duckdb.DuckDBPyConnection) -> None:
    """Fill from_class_id/to_class_id of every unresolved edge whose title names a class of the same
    document or jurisdiction (by title_key); earlier documents' edges resolve as new classes arrive."""
    titles = cur.sql(sql("unresolved_edge_titles")).pl()["title"].to_list()
    if not titles:
        return
    keys = pl.DataFrame({"title": titles, "title_key": [title_key(t) for t in titles]},
                        schema={"title": pl.String, "title_key": pl.String})
    cur.register("incoming_title_keys", keys)
    try:
        cur.execute(sql("resolve_edge_classes"))
    finally:
        cur.unregister("incoming_title_keys")


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
