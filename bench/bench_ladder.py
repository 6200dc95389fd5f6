"""Benchmark: ladder + eligibility of one title on a generated graph of 10,000 titles (prints figures only).

Run: .venv/bin/python bench/bench_ladder.py [--titles 10000] [--samples 40] [--repeats 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.ladders.eligibility import eligibility_timeline
from analytics.ladders.graph import (
    ladder_nodes,
    ladder_paths,
    lateral_moves,
    related_edges,
    resolved_edges,
    upward_edges,
)

ADJECTIVES = [
    "Immigrant", "Community", "Labor", "Public", "Rural", "Urban", "Youth", "Senior", "Family", "Veteran",
    "Health", "Housing", "Transit", "Water", "Energy", "Forest", "Marine", "Civil", "Tax", "Revenue",
    "Election", "Library", "Museum", "Park", "Highway", "Bridge", "Airport", "Harbor", "Prison", "Court",
]
FIELDS = [
    "Workers", "Services", "Outreach", "Benefits", "Licensing", "Safety", "Planning", "Records", "Finance",
    "Audit", "Programs", "Grants", "Compliance", "Training", "Policy", "Research", "Support", "Operations",
    "Claims", "Permits", "Relations", "Systems", "Contracts", "Inspection", "Welfare", "Resources",
]
ROLES = ["Specialist", "Analyst", "Coordinator", "Officer", "Representative", "Technician", "Investigator"]
LEVELS = 4
JURISDICTIONS = 8


def generated_graph(n_titles: int, seed: int = 7) -> dict[str, pl.DataFrame]:
    """Return frames shaped like the ladder queries' output: ladder_classes, ladder_edges, class_* requirements."""
    rng = np.random.default_rng(seed)
    names = [f"{a} {f} {r}" for a in ADJECTIVES for f in FIELDS for r in ROLES]
    n_series = n_titles // LEVELS
    series_names = [names[i] for i in rng.choice(len(names), size=n_series, replace=False)]
    jurisdiction = rng.integers(0, JURISDICTIONS, size=n_series)
    base_grade = rng.integers(8, 24, size=n_series)
    classes = pl.DataFrame(
        {
            "class_id": [f"c{s:05d}:{lv}" for s in range(n_series) for lv in range(LEVELS)],
            "document_id": [f"c{s:05d}" for s in range(n_series) for _ in range(LEVELS)],
            "title": [f"{series_names[s]} {lv + 1}" for s in range(n_series) for lv in range(LEVELS)],
            "class_code": [f"{s:05d}{lv}" for s in range(n_series) for lv in range(LEVELS)],
            "jurisdiction_id": [f"j{jurisdiction[s]}" for s in range(n_series) for _ in range(LEVELS)],
            "series_id": [f"s{s:05d}" for s in range(n_series) for _ in range(LEVELS)],
            "series_name": [series_names[s] for s in range(n_series) for _ in range(LEVELS)],
            "level_in_series": [lv + 1 for _ in range(n_series) for lv in range(LEVELS)],
            "grade": [str(base_grade[s] + 3 * lv) for s in range(n_series) for lv in range(LEVELS)],
        }
    )
    return {
        "ladder_classes": classes,
        "ladder_edges": _edges(rng, classes, n_series, series_names, jurisdiction),
        **_requirements(rng, classes),
    }


def _edges(rng, classes: pl.DataFrame, n_series: int, names: list[str], jurisdiction) -> pl.DataFrame:
    rows: list[tuple] = []
    for s in range(n_series):
        doc, j = f"c{s:05d}", f"j{jurisdiction[s]}"
        for lv in range(LEVELS - 1):
            lower, upper = f"{names[s]} {lv + 1}", f"{names[s]} {lv + 2}"
            rows.append((doc, j, lower, upper, f"{doc}:{lv}", f"{doc}:{lv + 1}", "series", None))
            rows.append((doc, j, lower, upper, f"{doc}:{lv}", f"{doc}:{lv + 1}", "supervision", None))
        same_j = np.flatnonzero(jurisdiction == jurisdiction[s])
        for other in rng.choice(same_j, size=2):  # promotional lines from another series of the employer
            level = int(rng.integers(2, LEVELS + 1))
            rows.append((doc, j, f"{names[other]} {level}", f"{names[s]} 2", None, None, "promotional_line",
                         float(rng.integers(1, 4))))
        if s % 5 == 0:  # a title named only in a requirement: no class of its own
            rows.append((doc, j, f"{names[s]} Trainee", f"{names[s]} 1", None, None, "feeder", 1.0))
        related = names[int(rng.integers(0, n_series))]
        plural = related + "s" if s % 3 else related.replace("a", "e", 1)  # plural, or a misspelling
        rows.append((doc, j, f"{names[s]} 1", plural, f"{doc}:0", None, "related", None))
    schema = {"document_id": pl.String, "jurisdiction_id": pl.String, "from_title": pl.String, "to_title": pl.String,
              "from_class_id": pl.String, "to_class_id": pl.String, "kind": pl.String, "years": pl.Float64}
    edges = pl.DataFrame(rows, schema=schema, orient="row").with_columns(confidence=pl.lit(1.0))
    return edges.unique(["document_id", "from_title", "to_title", "kind"])


def _requirements(rng, classes: pl.DataFrame) -> dict[str, pl.DataFrame]:
    level = classes["level_in_series"].to_numpy()
    ids = classes["class_id"].to_list()
    paths = pl.DataFrame(
        {
            "class_id": ids * 2,
            "path_order": [1] * len(ids) + [2] * len(ids),
            "education": ["bachelor"] * len(ids) + ["high_school"] * len(ids),
            "experience_years": np.concatenate([2.0 * level - 1, 2.0 * level + 3]),
        }
    )
    subs = pl.DataFrame(
        {
            "class_id": ids * 2,
            "education": ["master"] * len(ids) + ["law"] * len(ids),
            "years": np.concatenate([np.ones(len(ids)), rng.integers(1, 3, size=len(ids)).astype(float)]),
        }
    )
    return {"class_qualification_paths": paths, "class_substitutions": subs}


def ms_summary(seconds: list[float]) -> str:
    """Return median, p95 and max of timings in seconds, as milliseconds (shared by the ladder benchmarks)."""
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    return f"median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   max {ms[-1]:7.1f} ms"


def main() -> None:
    """Generate the graph, build the ladder once, then time ladder + eligibility per title and print figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--titles", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    opts = parser.parse_args()
    frames = {k: v.lazy() for k, v in generated_graph(opts.titles).items()}
    classes, edges = frames["ladder_classes"], frames["ladder_edges"]
    n_classes, n_edges = classes.select(pl.len()).collect().item(), edges.select(pl.len()).collect().item()
    print(f"graph: {n_classes} classes, {n_edges} stated edges")

    t0 = time.perf_counter()
    resolved = resolved_edges(classes, edges).collect().lazy()
    nodes = ladder_nodes(classes, resolved).collect().lazy()
    upward = upward_edges(resolved, classes, frames["class_qualification_paths"]).collect().lazy()
    related = related_edges(resolved, classes).collect().lazy()
    build = time.perf_counter() - t0
    print(f"build (title matching, nodes, upward and related edges), once: {build * 1000:.0f} ms; "
          f"{nodes.select(pl.len()).collect().item()} nodes, {upward.select(pl.len()).collect().item()} upward edges")

    rng = np.random.default_rng(11)
    starts = classes.select("class_id").collect()["class_id"].to_numpy()[rng.choice(opts.titles, opts.samples)]
    graph = {"nodes": nodes, "upward": upward, "related": related, **frames}
    for engine in ("auto", "in-memory"):
        ladder_s, lateral_s, n_paths, n_targets = _timed_queries(graph, starts.tolist(), opts.repeats, engine)
        print(f"[collect engine={engine}] {opts.samples} titles x {opts.repeats} repeats; paths per title median "
              f"{statistics.median(n_paths):.0f} (max {max(n_paths)}), reachable titles median "
              f"{statistics.median(n_targets):.0f} (max {max(n_targets)})")
        print(f"  ladder + eligibility of one title: {ms_summary(ladder_s)}   (goal <= 50 ms)")
        print(f"  lateral moves of one title:        {ms_summary(lateral_s)}")


def _timed_queries(graph: dict[str, pl.LazyFrame], starts: list[str], repeats: int, engine: str):
    """Return per-run seconds for ladder + eligibility and for lateral moves, and per-title result sizes."""
    ladder_s, lateral_s, n_paths, n_targets = [], [], [], []
    for start in starts:
        for _ in range(repeats):
            t0 = time.perf_counter()
            paths = ladder_paths(graph["upward"], start_node_ids=[start]).collect(engine=engine)
            timeline = eligibility_timeline(
                paths.lazy(), graph["nodes"], graph["class_qualification_paths"], graph["class_substitutions"],
                education="master", years_total=4.0, years_in_title=2.0, as_of=dt.date(2025, 1, 1),
            ).collect(engine=engine)
            t1 = time.perf_counter()
            lateral_moves(graph["related"], graph["nodes"], start_node_ids=[start]).collect(engine=engine)
            ladder_s.append(t1 - t0)
            lateral_s.append(time.perf_counter() - t1)
        n_paths.append(paths.height)
        n_targets.append(timeline.height)
    return ladder_s, lateral_s, n_paths, n_targets


if __name__ == "__main__":
    main()
