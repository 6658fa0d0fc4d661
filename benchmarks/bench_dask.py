"""The Dask engine against the local one, on the same corpus articles.

    .venv/bin/python benchmarks/bench_dask.py [--articles 1000] [--runs 1] [--ner newsie]

The first N corpus articles go through `newsie run --reprocess --json-summary` with
the local engine (--workers 1, 2) and the Dask engine on a local cluster
(--engine dask --scheduler local:1, local:2), back to back, --runs times each. The
table gives the median articles/s (processing only: model loading and cluster
start-up excluded, as the summary reports it) and the engine's overhead per article
(1/dask - 1/local, in ms, at the same number of workers). Skips cleanly when
../shared is absent or dask.distributed is not installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import tempfile
from pathlib import Path

from bench_batch import run, write_corpus_input
from shared_data import CORPUS

SETTINGS = {
    "local, 1 worker": ("--workers", "1"),
    "local, 2 workers": ("--workers", "2"),
    "dask, 1 worker": ("--engine", "dask", "--scheduler", "local:1"),
    "dask, 2 workers": ("--engine", "dask", "--scheduler", "local:2"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--ner", default="newsie")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is not available")
        return
    if importlib.util.find_spec("distributed") is None:
        print("skipped: dask.distributed is not installed (pip install 'newsie[dask]')")
        return
    with tempfile.TemporaryDirectory(prefix="newsie-bench-dask-") as tmp:
        src = write_corpus_input(Path(tmp), args.articles)
        rates: dict[str, list[float]] = {name: [] for name in SETTINGS}
        for _ in range(args.runs):
            for name, options in SETTINGS.items():
                out = Path(tmp) / name.replace(", ", "-").replace(" ", "")
                summary = run(src, out, args.ner, "--reprocess", *options)
                rates[name].append(summary["articles_per_second"])
        medians = {name: statistics.median(values) for name, values in rates.items()}
        print(f"{args.articles} corpus articles, ner={args.ner}, runs={args.runs}")
        for name, median in medians.items():
            runs = ", ".join(f"{r:.2f}" for r in rates[name])
            print(f"{name:>18}: {median:8.2f} articles/s  ({runs})")
        for workers in ("1 worker", "2 workers"):
            local, dask = medians[f"local, {workers}"], medians[f"dask, {workers}"]
            overhead = (1 / dask - 1 / local) * 1000 if local and dask else float("nan")
            print(f"Dask overhead per article, {workers}: {overhead:+.1f} ms")


if __name__ == "__main__":
    main()
