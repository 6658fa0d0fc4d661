"""End-to-end throughput and robustness of `newsie run` on the unlabelled corpus.

    .venv/bin/python benchmarks/bench_pipeline.py [--articles 300] [--runs 3]
        [--robust 2000] [--disable ner ...]

Throughput: the first N articles of ../shared/data/corpus/news-unlabelled.jsonl.gz
are written to a temporary .jsonl and `python -m newsie run` processes them, --runs
times; the table gives the median wall time (process start-up and model loading
included), articles/s and MB/s of UTF-8 input text. A second, in-process pass
times each stage (median ms per article) and the start-up (building the pipeline
and the first article) apart from the steady state.

Robustness: the first --robust corpus articles plus synthetic inputs go through one
`newsie run`: inputs that must be read (Windows-1256, UTF-16 .txt and .jsonl) and
bad ones (PDF/PNG renamed .txt, a PNG renamed .jsonl, empty and blank files,
damaged UTF-8, English text, malformed/textless/non-object JSON lines). It asserts
that the run finishes with exit code 1, that each bad input has exactly one error
record (with its line number for .jsonl), that no good synthetic input has one, and
that every other article was written. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from shared_data import CORPUS, corpus_rows

from newsie.pipeline import Pipeline, PipelineConfig, Stage
from newsie.schema import Article, Document, ErrorRecord


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def newsie_run(in_dir: Path, out_dir: Path, disable: list[str]) -> tuple[int, float, str]:
    """(exit code, wall seconds, stderr) of one `python -m newsie run`."""
    command = [sys.executable, "-m", "newsie", "run", str(in_dir), "-o", str(out_dir), "-q"]
    for name in disable:
        command += ["--disable", name]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode, time.perf_counter() - started, done.stderr


def count_lines(path: Path) -> int:
    with path.open(encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip())


# --- throughput ---------------------------------------------------------------------


def bench_throughput(rows: list[dict[str, Any]], runs: int, disable: list[str]) -> None:
    megabytes = sum(len(str(r.get("text") or "").encode("utf-8")) for r in rows) / 1e6
    with tempfile.TemporaryDirectory(prefix="newsie-bench-") as tmp:
        in_dir = Path(tmp) / "in"
        write_jsonl(in_dir / "corpus.jsonl", rows)
        walls = []
        for run in range(runs):
            out_dir = Path(tmp) / f"out-{run}"
            code, wall, stderr = newsie_run(in_dir, out_dir, disable)
            if code not in (0, 1):
                sys.exit(f"newsie run failed with exit code {code}:\n{stderr}")
            walls.append(wall)
        documents = count_lines(Path(tmp) / "out-0" / "documents.jsonl")
        error_stages = Counter(
            ErrorRecord.model_validate_json(line).stage or "?"
            for line in (Path(tmp) / "out-0" / "errors.jsonl").read_text("utf-8").splitlines()
        )
        errors = sum(error_stages.values())
        events = count_lines(Path(tmp) / "out-0" / "events.jsonl")
    wall = statistics.median(walls)
    print(f"\n## newsie run, {len(rows)} corpus articles ({megabytes:.2f} MB), {runs} runs")
    print(f"disabled stages: {', '.join(disable) or 'none'}")
    print(f"{'':24}{'median':>10}{'min':>10}{'max':>10}")
    print(f"{'wall time (s)':24}{wall:>10.2f}{min(walls):>10.2f}{max(walls):>10.2f}")
    print(
        f"{'articles/s':24}{len(rows) / wall:>10.1f}"
        f"{len(rows) / max(walls):>10.1f}{len(rows) / min(walls):>10.1f}"
    )
    print(
        f"{'MB/s':24}{megabytes / wall:>10.3f}"
        f"{megabytes / max(walls):>10.3f}{megabytes / min(walls):>10.3f}"
    )
    by_stage = f" (by stage: {dict(error_stages)})" if errors else ""
    print(f"documents {documents}, events {events}, errors {errors}{by_stage}")


class TimedStage:
    """Wraps a stage and keeps the seconds it spent on each document."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.name = stage.name
        self.seconds: list[float] = []

    def __call__(self, doc: Document) -> Document:
        started = time.perf_counter()
        try:
            return self.stage(doc)
        finally:
            self.seconds.append(time.perf_counter() - started)


def bench_stages(rows: list[dict[str, Any]], disable: list[str]) -> None:
    articles = []
    for i, row in enumerate(rows):
        text = row.get("text")
        if isinstance(text, str) and text.strip():
            articles.append(
                Article(id=str(row.get("id") or i), source="corpus", text=text, published=None)
            )
    started = time.perf_counter()
    pipeline = Pipeline.default(PipelineConfig(), disable=disable)
    timed = [TimedStage(stage) for stage in pipeline.stages]
    timed_pipeline = Pipeline(timed)
    timed_pipeline.process(articles[0])
    startup = time.perf_counter() - started
    for stage in timed:
        stage.seconds.clear()
    failed = 0
    started = time.perf_counter()
    for article in articles[1:]:
        try:
            timed_pipeline.process(article)
        except Exception:
            failed += 1
    steady = time.perf_counter() - started
    n = len(articles) - 1
    print(f"\n## in-process, {n} articles after the first (stage failures: {failed})")
    print(f"start-up (build pipeline + first article): {startup:.2f} s")
    print(f"steady state: {n / steady:.1f} articles/s")
    print(f"{'stage':14}{'median ms':>11}{'mean ms':>10}{'share':>8}")
    total = sum(sum(s.seconds) for s in timed) or 1.0
    for stage in timed:
        median_ms = statistics.median(stage.seconds) * 1000 if stage.seconds else 0.0
        mean_ms = statistics.fmean(stage.seconds) * 1000 if stage.seconds else 0.0
        share = sum(stage.seconds) / total
        print(f"{stage.name:14}{median_ms:>11.2f}{mean_ms:>10.2f}{share:>8.0%}")


# --- robustness ---------------------------------------------------------------------

# A short wire text for the synthetic inputs, written for this benchmark.
SYNTHETIC_ARABIC = (
    "الموصل - أعلنت قيادة العمليات المشتركة، يوم الثلاثاء، مقتل أربعة مسلحين في ضربة جوية "
    "استهدفت مخبأ لهم في سلسلة جبال حمرين، بحسب بيان رسمي."
)


def synthetic_inputs(folder: Path) -> tuple[set[str], dict[str, list[int | None]]]:
    """Write the synthetic files; returns (names that must be read without error,
    {name: expected error lines} for the bad ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    good = {
        "good-cp1256.txt": SYNTHETIC_ARABIC.encode("cp1256"),
        "good-iso8859-6.txt": SYNTHETIC_ARABIC.encode("iso-8859-6"),
        "good-utf16.txt": SYNTHETIC_ARABIC.encode("utf-16"),
        "good-utf8-bom.txt": b"\xef\xbb\xbf" + SYNTHETIC_ARABIC.encode("utf-8"),
        "good-utf16.jsonl": (
            "\n".join(
                json.dumps({"id": f"wide-{i}", "text": SYNTHETIC_ARABIC}, ensure_ascii=False)
                for i in range(2)
            )
            + "\n"
        ).encode("utf-16"),
    }
    utf8 = SYNTHETIC_ARABIC.encode("utf-8")
    bad: dict[str, bytes] = {
        "bad-pdf.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n" + bytes(300),
        "bad-png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "bad-png.jsonl": b"\x89PNG\r\n\x1a\n" + b"\n\x00\x01\x02\n" * 30,
        "bad-empty.txt": b"",
        "bad-blank.txt": b"  \n\t \r\n",
        "bad-damaged-utf8.txt": utf8[:51] + b"\xff\xfe\xc0" + utf8[51:],
        "bad-english.txt": b"Three soldiers were killed on Tuesday in an attack on a checkpoint.",
    }
    expected: dict[str, list[int | None]] = {name: [None] for name in bad}
    lines = [
        json.dumps({"id": "lines-ok", "text": SYNTHETIC_ARABIC}, ensure_ascii=False),
        '{"id": "cut", "text": "قتل',
        json.dumps({"id": "no-text", "title": "عنوان"}, ensure_ascii=False),
        "[1, 2, 3]",
    ]
    bad["bad-lines.jsonl"] = ("\n".join(lines) + "\n").encode("utf-8")
    expected["bad-lines.jsonl"] = [2, 3, 4]
    for name, data in {**good, **bad}.items():
        (folder / name).write_bytes(data)
    return set(good), expected


def bench_robustness(rows: list[dict[str, Any]], disable: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="newsie-robust-") as tmp:
        in_dir = Path(tmp) / "in"
        write_jsonl(in_dir / "corpus.jsonl", rows)
        good, expected = synthetic_inputs(in_dir / "synthetic")
        out_dir = Path(tmp) / "out"
        code, wall, stderr = newsie_run(in_dir, out_dir, disable)
        assert code == 1, f"expected exit code 1 (some inputs fail), got {code}:\n{stderr}"
        errors = [
            ErrorRecord.model_validate_json(line)
            for line in (out_dir / "errors.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        documents = count_lines(out_dir / "documents.jsonl")
    by_file: dict[str, list[ErrorRecord]] = {}
    for error in errors:
        by_file.setdefault(Path(error.path).name, []).append(error)
    for name, lines in expected.items():
        got = by_file.get(name, [])
        assert [e.line for e in got] == lines, f"{name}: expected errors at {lines}, got {got}"
        assert all(e.reason for e in got)
    for name in good:
        assert name not in by_file, f"{name} should be read, got {by_file[name]}"
    corpus_errors = by_file.get("corpus.jsonl", [])
    good_documents = len(good) + 1 + 1  # two UTF-16 .jsonl lines, one good line in bad-lines
    expected_documents = len(rows) - len(corpus_errors) + good_documents
    assert documents == expected_documents, (documents, expected_documents)
    unexpected = set(by_file) - set(expected) - {"corpus.jsonl"}
    assert not unexpected, f"errors for inputs that should be fine: {unexpected}"
    reasons = Counter(e.reason.split(":")[0].split("(")[0].strip() for e in corpus_errors)
    print(f"\n## robustness: {len(rows)} corpus articles + {len(good) + len(expected)} synthetic")
    print(f"exit code {code}, {wall:.1f} s, documents {documents}, errors {len(errors)}")
    print(f"synthetic bad inputs: {sum(len(v) for v in expected.values())} errors, as expected")
    print(f"corpus articles refused: {len(corpus_errors)} {dict(reasons) if reasons else ''}")
    print("OK: no crash, one error per bad input, everything else written")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="articles for throughput")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--robust", type=int, default=2000, help="corpus articles, robustness")
    parser.add_argument("--disable", action="append", default=[], help="stage to switch off")
    parser.add_argument("--skip-stages", action="store_true", help="no in-process stage timing")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"bench_pipeline: {CORPUS} not found (../shared absent); skipping.")
        return
    rows = corpus_rows(max(args.articles, args.robust))
    bench_throughput(rows[: args.articles], args.runs, args.disable)
    if not args.skip_stages:
        bench_stages(rows[: args.articles], args.disable)
    bench_robustness(rows[: args.robust], args.disable)


if __name__ == "__main__":
    main()
