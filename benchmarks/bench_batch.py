"""Batch runs as cron makes them: workers, memory, and a kill -9 trial.

    .venv/bin/python benchmarks/bench_batch.py [--articles 1000] [--runs 1] [--kills 20]
        [--ner newsie]

The first N corpus articles (../shared/data/corpus/news-unlabelled.jsonl.gz) are
written to a temporary .jsonl. `newsie run --json-summary --reprocess` processes
them with 1 and then 2 workers, alternating, --runs times each; the table gives
the median articles/s (articles / processing seconds, model loading excluded, as
the summary reports it), the 2-worker / 1-worker ratio of those medians (the
target is >= 1.8 on 2 cores) and the peak RSS of a worker. The machine is shared:
the ratio is measured within one invocation, each pair of runs back to back.

The kill trial starts `newsie run --workers 2` on a fresh output folder and kills
it with SIGKILL at random moments, restarting it after each kill, until a run gets
to the end first; a last run finishes the work, and the next round starts on a new
folder, until --kills kills. Each round's output is compared with the uninterrupted
2-worker run: records lost (in the reference, not in the output) and duplicated
(more often in the output than in the reference) must both be 0.
Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from shared_data import CORPUS, corpus_rows

OUTPUT_FILES = ("documents.jsonl", "events.jsonl", "errors.jsonl")


def command(src: Path, out: Path, ner: str, *extra: str) -> list[str]:
    base = [sys.executable, "-m", "newsie", "run", str(src), "-o", str(out), "-q"]
    return [*base, "--json-summary", "--ner", ner, *extra]


def run(src: Path, out: Path, ner: str, *extra: str) -> dict[str, Any]:
    done = subprocess.run(
        command(src, out, ner, *extra), capture_output=True, text=True, check=False
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"newsie run failed ({done.returncode}): {done.stderr[-2000:]}")
    summary: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return summary


def write_corpus_input(tmp: Path, articles: int) -> Path:
    """The first `articles` corpus articles as one .jsonl in tmp/in; returns tmp/in."""
    src = tmp / "in"
    src.mkdir()
    with (src / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for i, row in enumerate(corpus_rows(articles)):
            item = {"id": f"c{i:05d}", "text": row["text"], "published": row.get("published")}
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return src


def records(out: Path) -> Counter[str]:
    """Every record line of the three files, counted (a duplicate counts twice)."""
    lines: Counter[str] = Counter()
    for name in OUTPUT_FILES:
        path = out / name
        if path.exists():
            lines.update(f"{name}\t{line}" for line in path.read_text("utf-8").splitlines())
    return lines


def kill_round(src: Path, out: Path, ner: str, kills: int, rng: random.Random) -> list[int]:
    """Kill runs on `out` until `kills` kills or a run finishes first; then a last run
    completes the work. Returns the documents committed after each kill."""
    committed: list[int] = []
    while len(committed) < kills:
        process = subprocess.Popen(
            command(src, out, ner, "--workers", "2", "--batch-size", "8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        docs = out / "documents.jsonl"
        size = docs.stat().st_size if docs.exists() else 0
        if len(committed) % 4 == 0:  # now and then while it starts (recovery, loading)
            time.sleep(rng.uniform(0.2, 4.0))
        else:  # mostly while it writes
            while process.poll() is None and (docs.stat().st_size if docs.exists() else 0) <= size:
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 1.0))
        if process.poll() is not None:
            break  # the work finished between two kills
        process.send_signal(signal.SIGKILL)
        process.wait()
        committed.append(sum(1 for _ in docs.open("rb")) if docs.exists() else 0)
    run(src, out, ner, "--workers", "2")
    return committed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--ner", default="newsie")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is not available")
        return
    with tempfile.TemporaryDirectory(prefix="newsie-bench-batch-") as tmp:
        src = write_corpus_input(Path(tmp), args.articles)
        rates: dict[int, list[float]] = {1: [], 2: []}
        rss: dict[int, float] = {1: 0.0, 2: 0.0}
        for _ in range(args.runs):
            for workers in (1, 2):
                out = Path(tmp) / f"out-{workers}"
                summary = run(src, out, args.ner, "--workers", str(workers), "--reprocess")
                rates[workers].append(summary["articles_per_second"])
                rss[workers] = max(rss[workers], summary["peak_rss_mb_per_worker"])
        one, two = statistics.median(rates[1]), statistics.median(rates[2])
        print(f"{args.articles} corpus articles, ner={args.ner}, runs={args.runs}")
        print(f"{'workers':>8} {'articles/s (median)':>20} {'runs':>24} {'peak RSS/worker':>16}")
        for workers in (1, 2):
            runs = ", ".join(f"{r:.2f}" for r in rates[workers])
            median = statistics.median(rates[workers])
            print(f"{workers:>8} {median:>20.2f} {runs:>24} {rss[workers]:>13.0f} MB")
        print(f"speed-up 2 workers / 1 worker: {two / one:.2f}x (target >= 1.8)")

        reference = records(Path(tmp) / "out-2")
        rng = random.Random(args.seed)
        lost = duplicated = kills = rounds = 0
        while kills < args.kills:  # a round per fresh output folder, until enough kills
            out = Path(tmp) / f"killed-{rounds}"
            committed = kill_round(src, out, args.ner, args.kills - kills, rng)
            mine = records(out)
            lost += sum((reference - mine).values())
            duplicated += sum((mine - reference).values())
            kills += len(committed)
            rounds += 1
            print(f"kill round {rounds}: {len(committed)} kills, documents after each {committed}")
        print(
            f"kill -9 trial: {kills} kills, {rounds} round(s); lost {lost}, duplicated {duplicated}"
        )
        if lost or duplicated:
            raise SystemExit("kill trial: records lost or duplicated")


if __name__ == "__main__":
    main()
