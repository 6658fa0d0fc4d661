"""Throughput of the forces and people stages on the unlabelled news corpus.

    .venv/bin/python benchmarks/bench_forces.py [--docs N] [--runs R]

Articles are normalised and segmented once; then each run times the forces stage
and the people stage alone over all of them (entities reset between runs), on one
core. Prints MB/s of UTF-8 article text per stage and for both, by wall clock and by
this process's CPU time (the machine may be shared), as medians of the runs.
Target (issue 4): >= 1 MB/s per core for forces + people.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from shared_data import CORPUS, corpus_rows

from newsie.pipeline import Pipeline
from newsie.schema import Document
from newsie.stages.forces import ForcesStage
from newsie.stages.people import PeopleStage
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage


def load(limit: int) -> list[Document]:
    prepare = Pipeline([NormalizeStage(), SegmentStage()])
    return [
        prepare.process_text(row["text"], doc_id=str(row.get("id"))) for row in corpus_rows(limit)
    ]


def time_stage(stage: object, docs: list[Document]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): the machine may be shared."""
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        stage(doc)  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}: nothing to measure")
        return 0
    docs = load(args.docs)
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    forces, people = ForcesStage(), PeopleStage()
    # Warm-up: load the lexicons once, outside the timed runs.
    for doc in docs[:20]:
        people(forces(doc))
    wall: dict[str, list[float]] = {"forces": [], "people": [], "forces+people": []}
    cpu: dict[str, list[float]] = {name: [] for name in wall}
    found = 0
    for _ in range(args.runs):
        for doc in docs:
            doc.entities.clear()
        w_forces, c_forces = time_stage(forces, docs)
        w_people, c_people = time_stage(people, docs)
        found = sum(len(d.entities) for d in docs)
        for name, w, c in (
            ("forces", w_forces, c_forces),
            ("people", w_people, c_people),
            ("forces+people", w_forces + w_people, c_forces + c_people),
        ):
            wall[name].append(w)
            cpu[name].append(c)
    print(f"{len(docs)} articles, {megabytes:.2f} MB of text, {args.runs} runs, {found} entities")
    print(f"{'stage':<16}{'wall s':>9}{'cpu s':>9}{'MB/s wall':>11}{'MB/s cpu':>10}{'docs/s':>9}")
    for name in wall:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(
            f"{name:<16}{w:>9.3f}{c:>9.3f}{megabytes / w:>11.2f}{megabytes / c:>10.2f}"
            f"{len(docs) / w:>9.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
