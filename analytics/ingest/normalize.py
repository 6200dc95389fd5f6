"""Turn one parsed record into the rows of each database table (pure: no I/O, no clock)."""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from analytics.ingest.extract import ExtractedText
from analytics.ingest.parse.levels import series_levels
from analytics.vocabulary import (
    EDGE_KINDS,
    FEEDER,
    LEVEL_BASIS_CONFIDENCE,
    LEVEL_DOCUMENT,
    PERIODS_PER_YEAR,
    PROMOTIONAL_LINE,
    RELATED,
    SERIES,
    SUPERVISION,
    title_key,
)

S, F, INT, B = pl.String, pl.Float64, pl.Int32, pl.Boolean
# Column types of every table a document writes, in insert order (queries/schema.sql is the reference).
TABLE_SCHEMAS: dict[str, dict[str, type[pl.DataType]]] = {
    "documents": {"document_id": S, "sha256": S, "file_name": S, "media_type": S, "jurisdiction_id": S,
                  "effective_date": S, "full_text": S, "n_chars": INT},
    "jurisdictions": {"jurisdiction_id": S, "name": S},
    "series": {"series_id": S, "jurisdiction_id": S, "name": S, "document_id": S},
    "job_classes": {"class_id": S, "document_id": S, "jurisdiction_id": S, "series_id": S, "title": S,
                    "title_key": S, "class_code": S, "level_in_series": INT, "level_basis": S, "grade": S,
                    "classification": S, "bargaining_unit": S, "char_start": INT, "char_end": INT, "confidence": F,
                    "working_title": S, "class_key": S},
    "salary_ranges": {"class_id": S, "document_id": S, "range_order": INT, "min_amount": F, "max_amount": F,
                      "pay_unit": S, "department": S, "min_annual": F, "max_annual": F, "annual_factor": F,
                      "factor_source": S, "is_pay_unit_consistent": B, "char_start": INT, "char_end": INT},
    "qualification_paths": {"class_id": S, "document_id": S, "path_order": INT, "education": S, "field": S,
                            "experience_years": F, "specialized_years": F, "supervisory_years": F,
                            "coursework_units": F, "coursework_level": S, "char_start": INT, "char_end": INT},
    "substitutions": {"class_id": S, "document_id": S, "education": S, "years": F, "char_start": INT, "char_end": INT},
    "promotion_edges": {"document_id": S, "from_title": S, "to_title": S, "from_class_id": S, "to_class_id": S,
                        "kind": S, "years": F, "confidence": F, "char_start": INT, "char_end": INT},
    "duties": {"class_id": S, "document_id": S, "duty_order": INT, "duty_text": S, "char_start": INT, "char_end": INT},
    "evidence": {"document_id": S, "fact_key": S, "char_start": INT, "char_end": INT},
}
# How sure an edge is as stated: explicit lines and series order are promotions by definition; a
# supervisor is usually, not always, the next step up; a related class is only a lateral hint.
# A factor derived from ranges stated together is consistent within this share of the standard one
# (Connecticut: 26.1 biweekly periods and 2,087.9 hours a year are both within 0.4%).
FACTOR_TOLERANCE = 0.02
# The min- and max-derived factors of one range must agree this closely (rounding of stated cents).
MIN_MAX_TOLERANCE = 0.01

Rows = list[dict[str, Any]]


class NormalizeError(ValueError):
    """A record that cannot become rows (unknown pay unit, evidence outside the text)."""


def slug(name: str) -> str:
    """Return the id form of a name: lower case, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def normalize_document(record: dict[str, Any], extracted: ExtractedText, *, file_name: str) -> dict[str, pl.DataFrame]:
    """Return {table: frame} for one document: one frame per TABLE_SCHEMAS entry, typed as listed there."""
    text = extracted.text
    _check_evidence(record.get("evidence", {}), len(text))
    document_id = extracted.sha256[:16]
    jurisdiction = record.get("jurisdiction")
    jurisdiction_id = slug(jurisdiction) if jurisdiction and slug(jurisdiction) else None
    rows: dict[str, Rows] = {name: [] for name in TABLE_SCHEMAS}
    rows["documents"].append({
        "document_id": document_id, "sha256": extracted.sha256, "file_name": file_name,
        "media_type": extracted.media_type, "jurisdiction_id": jurisdiction_id,
        "effective_date": record.get("effective_date"), "full_text": text, "n_chars": len(text),
    })
    if jurisdiction_id:
        rows["jurisdictions"].append({"jurisdiction_id": jurisdiction_id, "name": jurisdiction})
    scope = jurisdiction_id or document_id  # a series without a jurisdiction belongs to its document alone
    titles = record.get("titles", [])
    basis = series_levels([t["title"] for t in titles], [t.get("grade") for t in titles])[1] if titles else None
    ctx = {"document_id": document_id, "jurisdiction_id": jurisdiction_id, "scope": scope,
           "classification": record.get("classification"), "bargaining_unit": record.get("bargaining_unit"),
           "level_basis": basis}
    for i, title in enumerate(record.get("titles", [])):
        _class_rows(rows, ctx, i, title, record.get("evidence", {}), text)
    rows["promotion_edges"] = promotion_edges(record, document_id, level_basis=basis or LEVEL_DOCUMENT)
    rows["evidence"] = [
        {"document_id": document_id, "fact_key": key, "char_start": span[0], "char_end": span[1]}
        for key, span in record.get("evidence", {}).items()
    ]
    return {name: pl.DataFrame(rows[name], schema=schema, orient="row") for name, schema in TABLE_SCHEMAS.items()}


def class_key(jurisdiction_id: str | None, document_id: str, class_code: str | None, title: str) -> str:
    """Return what makes two classes versions of one: the same jurisdiction and class code, or the same
    jurisdiction and title when no code is stated ("state-of-connecticut|code:5246"). A document with no
    jurisdiction keeps its classes to itself (its document id stands for the jurisdiction)."""
    owner = jurisdiction_id or document_id
    return f"{owner}|code:{class_code.strip().lower()}" if class_code else f"{owner}|title:{title_key(title)}"


def _check_evidence(evidence: dict[str, list[int]], n_chars: int) -> None:
    for key, span in evidence.items():
        if len(span) != 2 or not 0 <= span[0] <= span[1] <= n_chars:
            raise NormalizeError(f"evidence {key} {span} lies outside the text ({n_chars} characters)")


def _span(evidence: dict[str, list[int]], key: str) -> dict[str, int | None]:
    span = evidence.get(key)
    return {"char_start": span[0] if span else None, "char_end": span[1] if span else None}


def _class_rows(rows: dict[str, Rows], ctx: dict[str, Any], i: int, title: dict[str, Any],
                evidence: dict[str, list[int]], text: str) -> None:
    document_id = ctx["document_id"]
    class_id = f"{document_id}:{i}"
    key = f"titles[{i}]"
    series_id = None
    if title.get("series"):
        series_id = f"{ctx['scope']}-{slug(title['series'])}"
        if all(r["series_id"] != series_id for r in rows["series"]):
            rows["series"].append({"series_id": series_id, "jurisdiction_id": ctx["jurisdiction_id"],
                                   "name": title["series"], "document_id": document_id})
    rows["job_classes"].append({
        "class_id": class_id, "document_id": document_id, "jurisdiction_id": ctx["jurisdiction_id"],
        "series_id": series_id, "title": title["title"], "title_key": title_key(title["title"]),
        "class_code": title.get("class_code"), "level_in_series": title.get("level"),
        "level_basis": ctx["level_basis"] if title.get("level") is not None else None, "grade": title.get("grade"),
        "classification": ctx["classification"], "bargaining_unit": ctx["bargaining_unit"],
        **_span(evidence, f"{key}.title"), "confidence": title.get("confidence"),
        "working_title": title.get("working_title"),
        "class_key": class_key(ctx["jurisdiction_id"], document_id, title.get("class_code"), title["title"]),
    })
    owner = {"class_id": class_id, "document_id": document_id}
    for j, rng in enumerate(annualised_ranges(title.get("salary_ranges", []))):
        rows["salary_ranges"].append({**owner, "range_order": j, **rng, **_span(evidence, f"{key}.salary_ranges[{j}]")})
    for j, path in enumerate(title.get("qualification_paths", [])):
        rows["qualification_paths"].append({
            **owner, "path_order": j, "education": path.get("education"), "field": path.get("field"),
            "experience_years": path.get("experience_years"), "specialized_years": path.get("specialized_years"),
            "supervisory_years": path.get("supervisory_years"), "coursework_units": path.get("coursework_units"),
            "coursework_level": path.get("coursework_level"), **_span(evidence, f"{key}.qualification_paths[{j}]"),
        })
    seen: set[str] = set()
    for j, sub in enumerate(title.get("substitutions", [])):
        if sub.get("education") and sub.get("years") is not None and sub["education"] not in seen:
            seen.add(sub["education"])
            rows["substitutions"].append({**owner, "education": sub["education"], "years": sub["years"],
                                          **_span(evidence, f"{key}.substitutions[{j}]")})
    rows["duties"].extend({**owner, **duty} for duty in duty_rows(title.get("duties", []), text))


def annualised_ranges(ranges: list[dict[str, Any]]) -> Rows:
    """Return each stated range (min, max, unit, department) with min_annual, max_annual, annual_factor,
    factor_source and is_pay_unit_consistent.

    Ranges of one department in several units are the same pay stated together. When exactly one of
    them is yearly, each other unit's factor is derived from it (Connecticut: 57,625.00 / 2,207.86 =
    26.1 biweekly periods), `stated-derived`, consistent when within FACTOR_TOLERANCE of the standard
    factor and the min- and max-derived factors agree. Otherwise the standard factor applies; ranges
    stated together in several units without a single yearly one are consistent when their
    annualised bounds agree within MIN_MAX_TOLERANCE. One pay unit alone: is_pay_unit_consistent is null.
    """
    out: Rows = []
    for rng in ranges:
        unit = rng.get("unit")
        if unit not in PERIODS_PER_YEAR or rng.get("min") is None or rng.get("max") is None:
            raise NormalizeError(f"salary range {rng} has no amounts or an unknown unit")
        group = [r for r in ranges if r.get("department") == rng.get("department")]
        yearly = [r for r in group if r["unit"] == "yearly"]
        factor, source, consistent = PERIODS_PER_YEAR[unit], "standard", None
        if len({r["unit"] for r in group}) > 1:
            if len(yearly) == 1 and unit != "yearly":
                factor, consistent = _derived_factor(rng, yearly[0])
                source = "stated-derived"
            elif len(yearly) == 1:
                consistent = all(_derived_factor(r, rng)[1] for r in group if r["unit"] != "yearly")
            else:
                consistent = _bounds_agree(group)
        out.append({
            "min_amount": float(rng["min"]), "max_amount": float(rng["max"]), "pay_unit": unit,
            "department": rng.get("department"), "min_annual": round(rng["min"] * factor, 2),
            "max_annual": round(rng["max"] * factor, 2), "annual_factor": factor, "factor_source": source,
            "is_pay_unit_consistent": consistent,
        })
    return out


def _derived_factor(rng: dict[str, Any], yearly: dict[str, Any]) -> tuple[float, bool]:
    """Return (periods per year implied by the yearly range, whether it is consistent)."""
    standard = PERIODS_PER_YEAR[rng["unit"]]
    if rng["min"] <= 0 or rng["max"] <= 0:
        return standard, False
    by_min, by_max = yearly["min"] / rng["min"], yearly["max"] / rng["max"]
    factor = round((yearly["min"] + yearly["max"]) / (rng["min"] + rng["max"]), 4)
    agree = abs(by_min - by_max) <= MIN_MAX_TOLERANCE * factor
    return factor, agree and abs(factor / standard - 1) <= FACTOR_TOLERANCE


def _bounds_agree(group: list[dict[str, Any]]) -> bool:
    for bound in ("min", "max"):
        values = [r[bound] * PERIODS_PER_YEAR[r["unit"]] for r in group]
        if min(values) <= 0 or max(values) / min(values) - 1 > MIN_MAX_TOLERANCE:
            return False
    return True


def promotion_edges(record: dict[str, Any], document_id: str, *, level_basis: str = LEVEL_DOCUMENT) -> Rows:
    """Return one row per (from_title, to_title, kind): promotions, supervision (subordinate -> supervisor)
    and related classes, keeping the smallest stated years and that statement's span.

    confidence = the kind's (vocabulary.EDGE_KINDS) x how surely the statement was read: the extractor's own
    `confidence` of the edge, or statement_confidence for a record that carries none (an older record).
    """
    evidence = record.get("evidence", {})
    stated = [(p["from_title"], p["to_title"], p["kind"], p.get("years"), f"promotions[{k}]", p.get("confidence"))
              for k, p in enumerate(record.get("promotions", []))]
    stated += [(s["title"], s["supervisor_title"], SUPERVISION, None, f"supervised_by[{k}]", s.get("confidence"))
               for k, s in enumerate(record.get("supervised_by", []))]
    stated += [(r["title"], r["related_title"], RELATED, None, f"related[{k}]", r.get("confidence"))
               for k, r in enumerate(record.get("related", []))]
    kept: dict[tuple[str, str, str], tuple] = {}
    for edge in stated:
        pair = edge[:3]
        if pair not in kept or _years_order(edge[3]) < _years_order(kept[pair][3]):
            kept[pair] = edge
    return [
        {"document_id": document_id, "from_title": f, "to_title": t, "from_class_id": None, "to_class_id": None,
         "kind": kind, "years": years,
         "confidence": round(EDGE_KINDS[kind].confidence * (
             read if read is not None else statement_confidence(kind, years, level_basis)), 3),
         **_span(evidence, key)}
        for f, t, kind, years, key, read in kept.values()
    ]


# A line naming a class without the time in it may be a qualifying-experience clause, not a promotion.
LINE_WITHOUT_YEARS_CONFIDENCE = 0.9


def statement_confidence(kind: str, years: float | None, level_basis: str) -> float:
    """Return how surely the extractor read an edge: a series step by how its levels were ordered (level
    numbers, grades, document order: vocabulary.LEVEL_BASIS_CONFIDENCE); a promotional or feeder line is surer
    when it states the years in the lower title; supervision and related classes as stated."""
    if kind == SERIES:
        return LEVEL_BASIS_CONFIDENCE[level_basis]
    if kind in (PROMOTIONAL_LINE, FEEDER) and years is None:
        return LINE_WITHOUT_YEARS_CONFIDENCE
    return 1.0


def _years_order(years: float | None) -> tuple[bool, float]:
    """Stated years sort before unstated ones, smaller before larger."""
    return (years is None, years or 0.0)


def duty_rows(duties: list[str], text: str) -> Rows:
    """Return one row per duty with its span, found in the text from the previous duty on (null if not found)."""
    out: Rows = []
    cursor = 0
    for j, duty in enumerate(duties):
        at = text.find(duty, cursor)
        if at == -1:
            at = text.find(duty)
        if at != -1:
            cursor = at + len(duty)
        span = (at, at + len(duty)) if at != -1 else (None, None)
        out.append({"duty_order": j, "duty_text": duty, "char_start": span[0], "char_end": span[1]})
    return out
