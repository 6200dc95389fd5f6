"""Score extracted records against an answer key: per-field precision, recall and F1, and their macro mean."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from analytics.vocabulary import title_key

FIELDS = (
    "jurisdiction", "effective_date", "titles", "class_code", "grade", "salary_ranges",
    "qualification_paths", "substitutions", "promotions", "supervised_by", "related",
)


def _num(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def _paths(title: dict[str, Any]) -> list[dict[str, Any]]:
    """Paths of a title in either key shape (seeds use flat fields and alt_paths)."""
    if "qualification_paths" in title:
        return title["qualification_paths"]
    if title.get("alt_paths"):
        return title["alt_paths"]
    if title.get("education") is None and title.get("experience_years") is None:
        return []
    return [{"education": title.get("education"), "experience_years": title.get("experience_years")}]


def _ranges(title: dict[str, Any]) -> list[dict[str, Any]]:
    if "salary_ranges" in title:
        return title["salary_ranges"]
    if title.get("salary_min") is None:
        return []
    return [{"min": title["salary_min"], "max": title["salary_max"], "unit": title["salary_unit"], "department": None}]


def facts(record: dict[str, Any]) -> dict[str, Counter]:
    """Return, per field, the multiset of comparable facts one document states."""
    f = record["file"].split("/")[-1]
    out: dict[str, Counter] = {name: Counter() for name in FIELDS}
    for name in ("jurisdiction", "effective_date"):
        if record.get(name):
            out[name][(f, str(record[name]).lower())] += 1
    for t in record.get("titles", []):
        k = title_key(t["title"])
        out["titles"][(f, k)] += 1
        for name in ("class_code", "grade"):
            if t.get(name):
                out[name][(f, k, str(t[name]).upper().replace(" ", ""))] += 1
        for r in _ranges(t):
            dept = title_key(r["department"]) if r.get("department") else None
            out["salary_ranges"][(f, k, _num(r["min"]), _num(r["max"]), r["unit"], dept)] += 1
        for p in _paths(t):
            out["qualification_paths"][(f, k, p.get("education"), _num(p.get("experience_years")))] += 1
        for s in t.get("substitutions", []):
            out["substitutions"][(f, k, s["education"], _num(s["years"]))] += 1
    for p in record.get("promotions", []):
        out["promotions"][(f, title_key(p["from_title"]), title_key(p["to_title"]), _num(p["years"]), p["kind"])] += 1
    for s in record.get("supervised_by", []):
        out["supervised_by"][(f, title_key(s["title"]), title_key(s["supervisor_title"]))] += 1
    for r in record.get("related", []):
        out["related"][(f, title_key(r["title"]), title_key(r["related_title"]))] += 1
    return out


def score(predicted: Iterable[dict[str, Any]], key: Iterable[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Return {field: {precision, recall, f1, n_key, n_predicted}} plus a 'macro' row (mean F1 of fields)."""
    by_file = {r["file"].split("/")[-1]: r for r in predicted}
    totals = {name: [0, 0, 0] for name in FIELDS}  # true positives, predicted, key
    for gold in key:
        pred = by_file.get(gold["file"].split("/")[-1], {"file": gold["file"]})
        g, p = facts(gold), facts(pred)
        for name in FIELDS:
            totals[name][0] += sum((g[name] & p[name]).values())
            totals[name][1] += sum(p[name].values())
            totals[name][2] += sum(g[name].values())
    result: dict[str, dict[str, float]] = {}
    for name, (tp, n_pred, n_key) in totals.items():
        if n_pred == 0 and n_key == 0:
            continue
        precision = tp / n_pred if n_pred else 1.0
        recall = tp / n_key if n_key else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[name] = {"precision": precision, "recall": recall, "f1": f1, "n_key": n_key, "n_predicted": n_pred}
    result["macro"] = {"f1": sum(r["f1"] for r in result.values()) / max(len(result), 1)}
    return result


def mismatches(predicted: dict[str, Any], gold: dict[str, Any]) -> dict[str, tuple[list, list]]:
    """Return, per field, (facts only in the key, facts only predicted) for one document."""
    g, p = facts(gold), facts(predicted)
    return {n: (sorted(map(str, (g[n] - p[n]).elements())), sorted(map(str, (p[n] - g[n]).elements())))
            for n in FIELDS if g[n] != p[n]}
