"""How well the extractor carries over, from the command line: scores per layout family, coverage over a pool of
documents, and which documents each rule of its tables fires on (`python -m analytics.ingest evaluate
--by-family`, `coverage`, `rules`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from analytics.ingest.evaluate import FIELDS, score
from analytics.ingest.extract import ExtractError, read_document
from analytics.ingest.load.documents import expand_paths
from analytics.ingest.parse.clean import clean
from analytics.ingest.parse.spec import parse_spec
from analytics.ingest.rules import fired, rules

SEEDS_FAMILY = "seeds"


def family(file: str) -> str:
    """The layout family of an answer key's document: the folder its `file` path starts with (a seed file,
    named bare, is of the family "seeds")."""
    parts = Path(file).parts
    return parts[0] if len(parts) > 1 else SEEDS_FAMILY


def scores_by_family(predicted: Sequence[dict[str, Any]], keys: Sequence[dict[str, Any]]
                     ) -> dict[str, dict[str, Any]]:
    """Return {family: {"documents": n, "scores": score(...)}} for the families of the keys, in name order."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in keys:
        groups[family(entry["file"])].append(entry)
    return {name: {"documents": len(entries), "scores": score(predicted, entries)}
            for name, entries in sorted(groups.items())}


def families_text(by_family: dict[str, dict[str, Any]]) -> str:
    """One line per family: documents, macro F1 and each field's F1 (a dash where its keys state nothing)."""
    head = f"{'family':<40}{'docs':>5}{'macro':>7}" + "".join(f"{_short(f):>8}" for f in FIELDS)
    lines = [head]
    for name, row in by_family.items():
        s = row["scores"]
        cells = "".join(f"{s[f]['f1']:>8.2f}" if f in s else f"{'-':>8}" for f in FIELDS)
        lines.append(f"{name[:39]:<40}{row['documents']:>5}{s['macro']['f1']:>7.3f}{cells}")
    return "\n".join(lines)


def _short(field: str) -> str:
    return {"jurisdiction": "juris", "effective_date": "date", "class_code": "code",
            "salary_ranges": "salary", "qualification_paths": "paths", "substitutions": "subst",
            "promotions": "promo", "supervised_by": "superv"}.get(field, field)[:7]


def run_coverage(args: argparse.Namespace) -> int:
    """Print, per folder, the share of documents with a title, a salary, a qualification path and a promotion."""
    files, problems = expand_paths(args.paths)
    for label, message in problems:
        print(f"{label}: {message}", file=sys.stderr)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_COVERAGE_KEYS, 0))
    for path in _progress(files, "reading", args.quiet):
        row = counts[path.parent.name]
        row["documents"] += 1
        try:
            record = parse_spec(read_document(path).text, file_name=path.name)
        except ExtractError:
            row["unreadable"] += 1
            continue
        except Exception as exc:  # a parser bug is counted and named, never a traceback
            row["parser_failures"] += 1
            print(f"{path}: parser failed: {type(exc).__name__}", file=sys.stderr)
            continue
        titles = record["titles"]
        row["with_title"] += bool(titles)
        row["with_salary"] += any(t["salary_ranges"] for t in titles)
        row["with_path"] += any(t["qualification_paths"] for t in titles)
        row["with_promotion"] += bool(record["promotions"])
    total = dict.fromkeys(_COVERAGE_KEYS, 0)
    for row in counts.values():
        for key in total:
            total[key] += row[key]
    result = {"folders": dict(sorted(counts.items())), "total": total}
    print(json.dumps(result, indent=2) if args.json else _coverage_text(result))
    return 1 if problems or total["parser_failures"] else 0


_COVERAGE_KEYS = ("documents", "with_title", "with_salary", "with_path", "with_promotion", "unreadable",
                  "parser_failures")


def _coverage_text(result: dict[str, Any]) -> str:
    lines = [f"{'folder':<40}{'docs':>6}{'title':>8}{'salary':>8}{'path':>8}{'promo':>8}{'unread':>8}{'failed':>8}"]
    for name, row in [*result["folders"].items(), ("(all)", result["total"])]:
        n = max(row["documents"], 1)
        shares = "".join(f"{row[k] / n:>8.1%}" for k in ("with_title", "with_salary", "with_path", "with_promotion"))
        lines.append(f"{name[:39]:<40}{row['documents']:>6}{shares}{row['unreadable']:>8}{row['parser_failures']:>8}")
    return "\n".join(lines)


def run_rules(args: argparse.Namespace) -> int:
    """Print each rule of the extractor's tables with the number of documents it fires on (fewest first)."""
    files, problems = expand_paths(args.paths)
    for label, message in problems:
        print(f"{label}: {message}", file=sys.stderr)
    documents = list(_texts(_progress(files, "reading", args.quiet)))
    hits = fired(rules(), documents)
    if args.json:
        print(json.dumps({"documents": len(documents),
                          "rules": {rule_id: {"documents": len(names), "examples": names[:3]}
                                    for rule_id, names in hits.items()}}, indent=2))
        return 0
    print(f"{len(hits)} rules over {len(documents)} documents; "
          f"{sum(len(v) < args.minimum for v in hits.values())} fire on fewer than {args.minimum}")
    for rule_id, names in sorted(hits.items(), key=lambda item: (len(item[1]), item[0])):
        print(f"{len(names):>6}  {rule_id}  {', '.join(names[:3])}")
    return 0


def _texts(files: Iterable[Path]) -> Iterable[tuple[str, str]]:
    for path in files:
        try:
            yield str(path), clean(read_document(path).text).text
        except ExtractError as exc:
            print(f"{path}: {exc.reason}", file=sys.stderr)


def _progress(files: Sequence[Path], what: str, quiet: bool) -> Iterable[Path]:
    return files if quiet else tqdm(files, total=len(files), desc=what, unit="doc", file=sys.stderr)
