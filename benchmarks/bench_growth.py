"""Time per MB of one growing article: every stage must stay linear (issue 20).

    .venv/bin/python benchmarks/bench_growth.py [--sizes 100000 1000000 5000000]
        [--runs 3] [--big-runs 1] [--degenerate 200000]

Corpus news (../shared/data/corpus/news-unlabelled.jsonl.gz) is concatenated into one
article of each size (in characters, so 1 MB here is a million characters; the
readers cap an input at 1,000,000 characters, the benchmark calls the pipeline itself
so it can go further), and the rules-only pipeline (`ner="none"`) processes it. The
table gives each stage's median CPU seconds per MB over --runs runs (--big-runs for sizes
of 2 MB and more, which take minutes), and the ratio of the worst time per MB to the
best, measured in this run: a linear pipeline keeps it near 1; the check fails above
2. Then one degenerate article, `قتل ` repeated --degenerate times (a single sentence
of one trigger word, 800,000 characters by default), once through the pipeline.
The corpus part skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict

from shared_data import CORPUS, corpus_rows

from newsie.pipeline import Pipeline, PipelineConfig
from newsie.schema import Article, Document

MAX_RATIO = 2.0


def concatenated(rows: list[dict[str, object]], size: int) -> str:
    """Corpus articles, blank-line separated, cut at `size` characters."""
    parts: list[str] = []
    total = 0
    for row in rows:
        text = str(row.get("text") or "").strip()
        parts.append(text)
        total += len(text) + 2
        if total >= size:
            break
    return "\n\n".join(parts)[:size]


def timed_run(pipeline: Pipeline, text: str) -> dict[str, float]:
    """CPU seconds per stage (and "total") for one article: the pipeline is single
    threaded without NER, and CPU time leaves out other jobs on a shared machine."""
    doc = Document.from_article(
        Article(id="growth", source="bench", text=text, published="2023-07-21")
    )
    seconds: dict[str, float] = {}
    for stage in pipeline.stages:
        started = time.process_time()
        doc = stage(doc)
        seconds[stage.name] = time.process_time() - started
    seconds["total"] = sum(seconds.values())
    return seconds


def bench_growth(pipeline: Pipeline, sizes: list[int], runs: int, big_runs: int) -> bool:
    """Print the table; False when the total's ratio exceeds MAX_RATIO."""
    # About 1,500 characters an article: enough rows for the largest size.
    rows = corpus_rows(max(sizes) // 1000 + 100)
    available = sum(len(str(r.get("text") or "")) + 2 for r in rows)
    per_mb: dict[int, dict[str, float]] = {}
    for size in sizes:
        if size > available:
            print(f"corpus has only {available:,} characters: skipping {size:,}")
            continue
        text = concatenated(rows, size)
        samples: dict[str, list[float]] = defaultdict(list)
        for _ in range(big_runs if size >= 2_000_000 else runs):
            for name, secs in timed_run(pipeline, text).items():
                samples[name].append(secs)
        per_mb[size] = {name: statistics.median(v) / (size / 1e6) for name, v in samples.items()}
        print(f"  {size:>9,} characters: {per_mb[size]['total']:.2f} s per MB", flush=True)
    if len(per_mb) < 2:
        print("fewer than two sizes measured: no ratio")
        return True
    names = list(next(iter(per_mb.values())))
    print(f"\n## seconds per MB (million characters), median of {runs} (big: {big_runs})")
    print(f"{'stage':12}" + "".join(f"{s / 1e6:>9g}MB" for s in per_mb) + f"{'ratio':>9}")
    ratio = 1.0
    for name in names:
        values = [per_mb[s][name] for s in per_mb]
        low = min(values)
        r = max(values) / low if low > 0 else float("inf")
        cells = "".join(f"{v:>11.2f}" for v in values)
        # Stages that take a few milliseconds are noise, not growth.
        shown = f"{r:>9.2f}" if low >= 0.05 else f"{'-':>9}"
        print(f"{name:12}{cells}{shown}")
        if name == "total":
            ratio = r
    verdict = "OK" if ratio <= MAX_RATIO else "FAIL"
    print(f"total: worst / best time per MB = {ratio:.2f} (limit {MAX_RATIO}): {verdict}")
    return ratio <= MAX_RATIO


def bench_degenerate(pipeline: Pipeline, repeats: int) -> None:
    text = "قتل " * repeats
    seconds = timed_run(pipeline, text)
    slowest = max((n for n in seconds if n != "total"), key=lambda n: seconds[n])
    print(f"\n## degenerate article: 'قتل ' x {repeats:,} ({len(text):,} characters)")
    print(f"total {seconds['total']:.2f} s; slowest stage {slowest} {seconds[slowest]:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 5_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs of the sizes under 2 MB")
    parser.add_argument("--big-runs", type=int, default=1, help="runs of 2 MB and more")
    parser.add_argument("--degenerate", type=int, default=200_000, help="repeats of 'قتل '")
    args = parser.parse_args()
    pipeline = Pipeline.default(PipelineConfig(ner="none"))
    pipeline(Document.from_article(Article(id="warm", source="bench", text="قتل جنود في بغداد")))
    ok = True
    if CORPUS.exists():
        ok = bench_growth(pipeline, sorted(args.sizes), args.runs, args.big_runs)
    else:
        print(f"bench_growth: {CORPUS} not found (../shared absent); skipping the corpus sizes.")
    bench_degenerate(pipeline, args.degenerate)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
