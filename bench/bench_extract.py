"""Benchmark (not a test): extraction throughput over the plain-text corpus, documents per second on one core."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics.ingest.parse.spec import parse_spec


def corpus_texts() -> list[tuple[str, str]]:
    """The development corpus and seeds when present, else the bundled demo specs."""
    roots = [ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "seeds", ROOT / "data" / "demo" / "specs"]
    files = sorted({p.name: p for root in roots if root.is_dir() for p in root.rglob("*.txt")}.values())
    return [(p.name, p.read_text(encoding="utf-8")) for p in files if p.name != "README.md"]


def main(repeats: int = 5) -> None:
    docs = corpus_texts()
    n_chars = sum(len(t) for _, t in docs)
    for name, text in docs:  # warm up regex caches
        parse_spec(text, file_name=name)
    rates, slowest = [], (0.0, "")
    for _ in range(repeats):
        start = time.perf_counter()
        for name, text in docs:
            t0 = time.perf_counter()
            parse_spec(text, file_name=name)
            slowest = max(slowest, (time.perf_counter() - t0, name))
        rates.append(len(docs) / (time.perf_counter() - start))
    print(f"documents: {len(docs)}  characters: {n_chars:,}  repeats: {repeats}")
    print(f"throughput: median {statistics.median(rates):.0f} docs/s  (min {min(rates):.0f}, max {max(rates):.0f})")
    print(f"slowest document: {slowest[1]} {slowest[0] * 1000:.1f} ms")
    print("goal: >= 200 plain-text documents/s on one core")


if __name__ == "__main__":
    main()
