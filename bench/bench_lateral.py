"""Benchmark: lateral matches (title, duty and pay similarity) of one class among 10,000 (prints figures only).

Run: .venv/bin/python bench/bench_lateral.py [--titles 10000] [--samples 40] [--repeats 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.ladders.lateral_match import duty_word_sets, lateral_matches, title_word_sets
from bench.bench_ladder import generated_graph, ms_summary

SYLLABLES = ["ad", "min", "is", "ter", "re", "view", "pro", "cess", "con", "tract", "in", "spect", "plan", "re",
             "port", "au", "dit", "sur", "vey", "man", "age", "coor", "di", "nate", "re", "cord"]
DUTIES_PER_CLASS, WORDS_PER_DUTY, DUTY_VOCABULARY = 6, 14, 3_000


def lateral_inputs(n_titles: int, seed: int = 5) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (classes, duties) shaped like the lateral_classes and lateral_duties queries' output."""
    rng = np.random.default_rng(seed)
    classes = generated_graph(n_titles)["ladder_classes"]
    n = classes.height
    low = rng.uniform(35_000, 120_000, size=n)
    has_pay = rng.random(n) < 0.8  # documents without a salary range are common
    classes = classes.with_columns(
        jurisdiction_name=pl.lit("Jurisdiction ") + pl.col("jurisdiction_id"),
        agency=pl.Series([f"Department {i % 40}" if i % 3 == 0 else None for i in range(n)], dtype=pl.String),
        min_annual=pl.Series(np.where(has_pay, low, np.nan)).fill_nan(None),
        max_annual=pl.Series(np.where(has_pay, low * rng.uniform(1.1, 1.5, size=n), np.nan)).fill_nan(None),
    )
    words = np.array(["".join(rng.choice(SYLLABLES, size=3)) for _ in range(DUTY_VOCABULARY)])
    # Zipf-like word use, as in real duty statements: a few words everywhere, most rarely.
    weights = 1.0 / np.arange(1, DUTY_VOCABULARY + 1)
    picks = rng.choice(DUTY_VOCABULARY, size=(n * DUTIES_PER_CLASS, WORDS_PER_DUTY), p=weights / weights.sum())
    with_duties = rng.random(n) < 0.6
    ids = [cid for cid, ok in zip(classes["class_id"], with_duties, strict=True) if ok]
    duties = pl.DataFrame({
        "class_id": [cid for cid in ids for _ in range(DUTIES_PER_CLASS)],
        "duty_order": [i for _ in ids for i in range(DUTIES_PER_CLASS)],
        "duty_text": [" ".join(words[row]) for row in picks[: len(ids) * DUTIES_PER_CLASS]],
    })
    return classes, duties


def main() -> None:
    """Generate the classes and duties, index the duty words once, then time lateral matches per class."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--titles", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    opts = parser.parse_args()
    classes, duties = lateral_inputs(opts.titles)
    t0 = time.perf_counter()
    words = duty_word_sets(duties.lazy()).collect()
    titles = title_word_sets(classes.lazy()).collect()
    print(f"{classes.height} classes, {duties.height} duty statements; title and duty word sets ({titles.height} "
          f"and {words.height} rows), once: {(time.perf_counter() - t0) * 1000:.0f} ms")
    rng = np.random.default_rng(3)
    starts = classes["class_id"].to_numpy()[rng.choice(classes.height, opts.samples)].tolist()
    lazy_classes, lazy_titles, lazy_words = classes.lazy(), titles.lazy(), words.lazy()
    timings, sizes = [], []
    for start in starts:
        for _ in range(opts.repeats):
            t0 = time.perf_counter()
            found = lateral_matches(lazy_classes, lazy_titles, lazy_words, start_class_id=start).collect()
            timings.append(time.perf_counter() - t0)
        sizes.append(found.height)
    print(f"{opts.samples} classes x {opts.repeats} repeats, top {max(sizes)} each")
    print(f"  lateral matches of one class: {ms_summary(timings)}")


if __name__ == "__main__":
    main()
