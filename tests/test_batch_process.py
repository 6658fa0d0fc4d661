"""`newsie run` as cron meets it, in real processes: SIGKILL at random moments (nothing
lost, nothing duplicated), SIGTERM and Ctrl-C (stop after a commit, exit 143/130),
the lock (exit 3), worker processes (same output whatever their number), an article
over its time budget and a worker that dies."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import newsie
from conftest import ARTICLES, disable_args, write_jsonl
from newsie.pipeline import Pipeline
from newsie.runner import OUTPUT_FILES, PipelineSpec, RunOptions, run_folder
from newsie.runner.executors import WorkerPool
from newsie.runner.lock import OutputLock
from newsie.schema import Article, Document
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage

KILLS = 10
ARTICLE_COUNT = 80


def make_input(root: Path) -> Path:
    """ARTICLE_COUNT articles with distinct ids over two .jsonl files."""
    rows = [
        {"id": f"n{i:03d}", "text": ARTICLES[i % len(ARTICLES)], "published": "2024-05-08"}
        for i in range(ARTICLE_COUNT)
    ]
    half = ARTICLE_COUNT // 2
    write_jsonl(root, "wire-1", list(rows[:half]))
    write_jsonl(root, "wire-2", list(rows[half:]))
    return root


def newsie_run(src: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsie",
        "run",
        str(src),
        "-o",
        str(out),
        "-q",
        "--json-summary",
        *disable_args(),
        *extra,
    ]


def run_to_end(src: Path, out: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    done = subprocess.run(
        newsie_run(src, out, *extra), capture_output=True, text=True, timeout=600, check=False
    )
    summary = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
    return done.returncode, summary, done.stderr


def output_lines(out: Path) -> dict[str, list[str]]:
    return {name: (out / name).read_text(encoding="utf-8").splitlines() for name in OUTPUT_FILES}


def no_leftovers(out: Path) -> bool:
    names = [p.name for p in out.rglob("*")]
    return not [n for n in names if n.endswith((".tmp", ".compact", "-wal", "-journal"))]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, object]]:
    """The input folder and an uninterrupted one-worker run's output."""
    base = tmp_path_factory.mktemp("batch")
    src = make_input(base / "in")
    out = base / "reference"
    code, summary, stderr = run_to_end(src, out, "--workers", "1", "--batch-size", "4")
    assert code == 0, stderr
    assert summary["articles"] == ARTICLE_COUNT
    return src, out, summary


def test_random_sigkills_lose_and_duplicate_nothing(
    reference: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    src, ref, summary = reference
    out = tmp_path / "out"
    rng = random.Random(20261206)
    startup = float(summary["total_seconds"]) - float(summary["seconds"])  # type: ignore[arg-type]
    kills = 0
    committed_after: list[int] = []
    while kills < KILLS:
        workers = rng.choice(["1", "2"])
        docs = out / "documents.jsonl"
        size = docs.stat().st_size if docs.exists() else 0
        process = subprocess.Popen(
            newsie_run(src, out, "--workers", workers, "--batch-size", "2"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if kills < 2:  # while it starts: recovering, loading models
            time.sleep(rng.uniform(0.1, startup))
        else:  # while it writes: once its first lines appear, a moment later
            while process.poll() is None and (docs.stat().st_size if docs.exists() else 0) <= size:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.4))
        if process.poll() is not None:  # it finished first: start afresh
            shutil.rmtree(out)
            continue
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
        # Whatever was committed is whole: no line twice, each one valid JSON.
        committed = [d.doc_id for d in _committed_documents(out)]
        assert len(committed) == len(set(committed))
        committed_after.append(len(committed))
    # The kills fell while work was being committed, not only before the first batch.
    assert len(set(committed_after)) >= 3, committed_after
    code, final, stderr = run_to_end(src, out, "--workers", "2")
    assert code == 0, stderr
    assert output_lines(out) == output_lines(ref)
    assert no_leftovers(out)
    assert int(final["articles"]) + int(final["skipped"]) == ARTICLE_COUNT  # type: ignore[call-overload]


def _committed_documents(out: Path) -> list[newsie.Document]:
    if not (out / "documents.jsonl").exists():
        return []
    return newsie.read_output(out)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_stop_after_a_commit(
    reference: tuple[Path, Path, dict[str, object]], tmp_path: Path, signum: int, code: int
) -> None:
    src, ref, _ = reference
    out = tmp_path / "out"
    process = subprocess.Popen(
        newsie_run(src, out, "--workers", "1", "--batch-size", "1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        docs = out / "documents.jsonl"
        if docs.exists() and docs.stat().st_size > 0:
            break
        time.sleep(0.05)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == code, stderr
    summary = json.loads(stdout.strip().splitlines()[-1])
    assert summary["interrupted"] is True
    assert 0 < summary["articles"] < ARTICLE_COUNT
    assert "stopped by a signal" in " ".join(stderr.split())
    assert no_leftovers(out)
    # Stopped cleanly: the files hold exactly what was committed, a prefix of the whole.
    written = output_lines(out)["documents.jsonl"]
    assert written == output_lines(ref)["documents.jsonl"][: len(written)]
    assert len(written) == summary["articles"]
    run_code, _, stderr = run_to_end(src, out, "--workers", "1")
    assert run_code == 0, stderr
    assert output_lines(out) == output_lines(ref)


def test_a_second_run_on_the_same_output_exits_3(
    reference: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    src, _, _ = reference
    out = tmp_path / "out"
    with OutputLock(out):
        started = time.monotonic()
        code, _, stderr = run_to_end(src, out)
        assert time.monotonic() - started < 60  # at once: no model is loaded
    assert code == 3
    assert f"pid {os.getpid()}" in stderr and "since" in stderr


def test_two_workers_write_what_one_writes(
    reference: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    src, ref, _ = reference
    code, summary, stderr = run_to_end(src, tmp_path / "out", "--workers", "2")
    assert code == 0, stderr
    assert summary["workers"] == 2
    assert output_lines(tmp_path / "out") == output_lines(ref)


def test_an_empty_input_folder_changes_nothing(
    reference: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    _, ref, _ = reference
    empty = tmp_path / "empty"
    empty.mkdir()
    before = output_lines(ref)
    code, summary, stderr = run_to_end(empty, ref)
    assert code == 0
    assert "no articles" in " ".join(stderr.split())
    assert summary["articles"] == 0
    assert output_lines(ref) == before


# --- the worker pool: time budget and dying workers ----------------------------------------

SLOW, CRASH = "[sleep]", "[crash]"


class MarkerStage:
    """Sleeps on articles with SLOW in them, kills its own process on CRASH."""

    name = "marker"

    def __call__(self, doc: Document) -> Document:
        if SLOW in doc.text:
            time.sleep(30)
        if CRASH in doc.text:
            os._exit(9)
        return doc


@dataclass(frozen=True)
class MarkerSpec(PipelineSpec):
    """Builds the core stages plus MarkerStage (in a worker, from this module)."""

    def build(self) -> Pipeline:
        return Pipeline([NormalizeStage(), SegmentStage(), MarkerStage()])  # type: ignore[list-item]


def drain(executor: Any, texts: list[str]) -> dict[int, Any]:
    """Each text through a started executor, as the runner feeds it; the outcomes by
    seq (each exactly once). The executor is closed at the end."""
    outcomes: dict[int, Any] = {}
    try:
        queue = list(enumerate(texts))
        while queue or executor.busy():
            while queue and executor.has_capacity():
                seq, text = queue.pop(0)
                executor.submit(seq, Article(id=f"d{seq}", source="x.jsonl", line=seq, text=text))
            for outcome in executor.poll(wait=0.2):
                assert outcome.seq not in outcomes
                outcomes[outcome.seq] = outcome
    finally:
        executor.close()
    return outcomes


def test_pool_stops_a_slow_article_and_replaces_a_dead_worker() -> None:
    pool = WorkerPool(MarkerSpec(), workers=2, timeout=2.0)
    pool.start()
    outcomes = drain(pool, [ARTICLES[0], ARTICLES[1] + SLOW, ARTICLES[2] + CRASH, ARTICLES[3]])
    assert sorted(outcomes) == [0, 1, 2, 3]
    assert outcomes[0].ok and outcomes[3].ok
    assert not outcomes[1].ok and "longer than 2 s" in str(outcomes[1].error_reason)
    assert not outcomes[2].ok and "worker process" in str(outcomes[2].error_reason)


def test_run_folder_in_process_keeps_the_time_budget(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in", "w", [{"id": "slow", "text": ARTICLES[0] + SLOW}])
    options = RunOptions(article_timeout=0.5)
    summary = run_folder(tmp_path / "in", tmp_path / "out", MarkerSpec().build(), options)
    assert summary.errors == 1 and "longer than 0.5 s" in summary.error_reasons[0]
