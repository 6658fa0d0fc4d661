"""Benchmark of the places stage: gazetteer load time and memory, matching throughput.

    .venv/bin/python benchmarks/bench_places.py [--docs 3000] [--runs 5]

Throughput is measured on the unlabelled news corpus (../shared/data/corpus/
news-unlabelled.jsonl.gz, relative to the repository) in one process, so it is per
core; only the places stage is timed (texts are normalised and segmented beforehand).
Load time and memory are measured in fresh interpreters, since the gazetteer is
cached once per process. Targets (issue 3): >= 2 MB/s, < 1 s, < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from shared_data import CORPUS, corpus_rows

_LOAD_PROBE = """
import json, resource, time
def rss_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import newsie.stages.places as places
before = rss_mb()
t = time.perf_counter()
places.load_gazetteer()
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "rss_mb": rss_mb() - before}))
"""


def measure_load(runs: int) -> tuple[list[float], list[float]]:
    seconds, memory = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _LOAD_PROBE], capture_output=True, text=True, check=True
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        seconds.append(row["seconds"])
        memory.append(row["rss_mb"])
    return seconds, memory


def measure_throughput(texts: list[str], runs: int) -> tuple[list[float], float, int]:
    from newsie.pipeline import Pipeline
    from newsie.schema import Article, Document
    from newsie.stages.places import PlacesStage
    from newsie.text.normalize import NormalizeStage
    from newsie.text.segment import SegmentStage

    prepare = Pipeline([NormalizeStage(), SegmentStage()])
    stage = PlacesStage()
    docs = []
    for i, text in enumerate(texts):
        article = Article(id=f"b{i}", source="<bench>", text=text)
        docs.append(prepare(Document.from_article(article)))
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rates = []
    entities = 0
    for _ in range(runs):
        for doc in docs:
            doc.entities = [e for e in doc.entities if e.stage != "places"]
        t = time.perf_counter()
        for doc in docs:
            stage(doc)
        rates.append(megabytes / (time.perf_counter() - t))
        entities = sum(len(doc.entities) for doc in docs)
    return rates, megabytes, entities


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3000, help="corpus articles to match")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    seconds, memory = measure_load(args.runs)
    rows = [
        ("gazetteer load (s)", statistics.median(seconds), "< 1"),
        ("gazetteer memory (MB RSS)", statistics.median(memory), "< 300"),
    ]
    if CORPUS.exists():
        texts = [row["text"] for row in corpus_rows(args.docs)]
        rates, megabytes, entities = measure_throughput(texts, args.runs)
        rows.append(("matching throughput (MB/s, 1 core)", statistics.median(rates), ">= 2"))
        note = f"{len(texts)} articles, {megabytes:.1f} MB UTF-8, {entities} place entities"
    else:
        note = f"corpus not found at {CORPUS}: throughput not measured"

    print(f"places benchmark: medians of {args.runs} runs")
    print(f"{'measure':<38}{'median':>10}  target")
    for name, value, target in rows:
        print(f"{name:<38}{value:>10.3f}  {target}")
    print(note)


if __name__ == "__main__":
    main()
