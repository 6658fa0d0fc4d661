"""NER stage: throughput per core, peak memory, and dev-set scores with and without it.

    .venv/bin/python benchmarks/bench_ner.py [--articles 200] [--runs 3] [--no-dev]

Throughput is measured on the NER stage alone (normalise + segment done beforehand)
with torch limited to one thread, so tokens/s is per core. Peak memory is the
process's maximum resident set after loading the model and tagging the sample.
The dev comparison runs `newsie run` with `--ner none` and with the default backend
and scores both with the shared scorer.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shared_data import CORPUS, DEV_GOLD, DEV_NEWS, SCORER, corpus_rows

DEV_METRICS = ("PERSON", "ORG", "LOCATION", "FORCES", "COUNTRY", "PROVINCE", "ADMIN1", "EVENT")


def sample_texts(n: int) -> list[str]:
    """Every 50th article of the corpus, so that all its sources are represented."""
    return [row["text"] for row in corpus_rows(n, every=50)]


def bench_throughput(texts: list[str], runs: int, backend: str) -> dict[str, float]:
    import torch

    from newsie.pipeline import PipelineConfig
    from newsie.schema import Article, Document
    from newsie.stages.ner import NerStage, load_tagger
    from newsie.text.normalize import NormalizeStage
    from newsie.text.segment import SegmentStage

    torch.set_num_threads(1)
    normalize, segment = NormalizeStage(None), SegmentStage(None)
    docs = [
        segment(normalize(Document.from_article(Article(id=str(i), source="bench", text=t))))
        for i, t in enumerate(texts)
    ]
    tokens = sum(len(d.tokens) for d in docs)
    stage = NerStage(PipelineConfig(ner=backend))
    start = time.perf_counter()
    load_tagger(backend)
    load_seconds = time.perf_counter() - start
    rates, entities = [], 0
    for _ in range(runs):
        for d in docs:
            d.entities.clear()
        start = time.perf_counter()
        for d in docs:
            stage(d)
        rates.append(tokens / (time.perf_counter() - start))
        entities = sum(len(d.entities) for d in docs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": len(docs),
        "tokens": tokens,
        "entities": entities,
        "load_s": load_seconds,
        "tokens_per_s_per_core": statistics.median(rates),
        "peak_rss_mb": peak_mb,
    }


def dev_scores(backend: str, out: Path) -> dict[str, dict[str, float]]:
    cmd = [sys.executable, "-m", "newsie", "run", str(DEV_NEWS), "-o", str(out), "-q"]
    subprocess.run([*cmd, "--ner", backend], check=False, capture_output=True)
    result = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(DEV_GOLD), "--out", str(out), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    scores: dict[str, dict[str, float]] = json.loads(result.stdout)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backend", default="newsie")
    parser.add_argument("--no-dev", action="store_true", help="skip the dev-set comparison")
    opts = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found ({CORPUS}); nothing to benchmark")
        return 0
    texts = sample_texts(opts.articles)
    r = bench_throughput(texts, opts.runs, opts.backend)
    print(f"NER stage, backend {opts.backend}, median of {opts.runs} runs, 1 thread")
    print(f"{'articles':<24}{r['articles']:>12}")
    print(f"{'tokens':<24}{r['tokens']:>12}")
    print(f"{'entities found':<24}{r['entities']:>12}")
    print(f"{'model load (s)':<24}{r['load_s']:>12.1f}")
    print(f"{'tokens/s per core':<24}{r['tokens_per_s_per_core']:>12.0f}   (target >= 5000)")
    print(f"{'peak RSS (MB)':<24}{r['peak_rss_mb']:>12.0f}   (target <= 1536)")
    if opts.no_dev or not DEV_GOLD.exists():
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        rules = dev_scores("none", Path(tmp) / "none")
        full = dev_scores(opts.backend, Path(tmp) / opts.backend)
    print(f"\ndev set ({DEV_NEWS}): --ner none vs --ner {opts.backend}")
    print(f"{'metric':<12}{'P':>7}{'R':>7}{'F1':>7}   |{'P':>7}{'R':>7}{'F1':>7}{'dF1':>8}")
    for metric in DEV_METRICS:
        a, b = rules.get(metric), full.get(metric)
        if not a or not b:
            continue
        print(
            f"{metric:<12}{a['p']:>7.3f}{a['r']:>7.3f}{a['f1']:>7.3f}   |"
            f"{b['p']:>7.3f}{b['r']:>7.3f}{b['f1']:>7.3f}{b['f1'] - a['f1']:>+8.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
