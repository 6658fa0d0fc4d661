"""The Dask engine on a real LocalCluster (2 worker processes): the same records as the
local engine, incremental re-runs, a worker killed mid-run, an article over the
timeout, and the bag API."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ARTICLES, heavy_stages, write_jsonl, write_txt
from newsie.runner import OUTPUT_FILES, PipelineSpec, RunOptions, run_folder
from newsie.schema import Article

distributed = pytest.importorskip("distributed")

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
SPEC = PipelineSpec(disable=tuple(heavy_stages()))


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def dask_options(address: str) -> RunOptions:
    return RunOptions(engine="dask", scheduler=address, handle_signals=False)


def files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def test_dask_writes_what_the_local_engine_writes(scheduler: str, tmp_path: Path) -> None:
    local = run_folder(RAW, tmp_path / "local", SPEC, RunOptions(workers=1))
    summary = run_folder(RAW, tmp_path / "dask", SPEC, dask_options(scheduler))
    assert summary.articles == local.articles >= 6
    assert summary.workers == 2
    assert files(tmp_path / "dask") == files(tmp_path / "local")


def test_dask_runs_are_incremental(scheduler: str, tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_txt(src, "a", ARTICLES[0])
    write_txt(src, "b", ARTICLES[1])
    write_txt(src, "empty", "")
    first = run_folder(src, tmp_path / "out", SPEC, dask_options(scheduler))
    assert (first.articles, first.errors) == (2, 1)
    write_txt(src, "c", ARTICLES[2])
    second = run_folder(src, tmp_path / "out", SPEC, dask_options(scheduler))
    assert (second.articles, second.skipped, second.errors) == (1, 3, 0)


def test_a_killed_worker_loses_and_duplicates_nothing(scheduler: str) -> None:
    from newsie.dask.engine import DaskExecutor

    executor = DaskExecutor(SPEC, scheduler)
    executor.start()
    pids = list(executor.client.run(os.getpid).values())
    count = 40
    outcomes: dict[int, Any] = {}
    seen = 0
    killed = False
    try:
        queue = list(range(count))
        while queue or executor.busy():
            while queue and executor.has_capacity():
                seq = queue.pop(0)
                text = ARTICLES[seq % len(ARTICLES)]
                executor.submit(seq, Article(id=f"k{seq}", source="k.jsonl", line=seq, text=text))
            for outcome in executor.poll(wait=0.2):
                assert outcome.seq not in outcomes
                outcomes[outcome.seq] = outcome
                seen += 1
            if seen >= 5 and not killed:
                os.kill(pids[0], signal.SIGKILL)  # the worker process, not its nanny
                killed = True
    finally:
        executor.close()
    assert killed
    assert sorted(outcomes) == list(range(count))
    assert all(o.ok for o in outcomes.values())


def test_an_article_over_the_timeout_is_stopped_and_its_worker_restarted(scheduler: str) -> None:
    from newsie.dask.engine import DaskExecutor
    from test_batch_process import SLOW, MarkerSpec, drain

    executor = DaskExecutor(MarkerSpec(), scheduler, timeout=2.0)
    executor.start()
    texts = [*ARTICLES[:4], ARTICLES[0] + " ", ARTICLES[1] + " "]
    texts[1] += SLOW
    started = time.monotonic()
    outcomes = drain(executor, texts)
    assert sorted(outcomes) == list(range(len(texts)))
    assert not outcomes[1].ok and "longer than 2 s" in str(outcomes[1].error_reason)
    # Articles queued behind the slow one on its worker are rerun, not timed out.
    assert all(outcomes[seq].ok for seq in outcomes if seq != 1)
    assert time.monotonic() - started < 25  # the slow article sleeps 30 s


def test_bag_api_reads_extracts_and_frames(scheduler: str, tmp_path: Path) -> None:
    import newsie.dask as nd

    src = tmp_path / "in"
    write_jsonl(
        src, "w", [{"id": f"w{i}", "text": text} for i, text in enumerate(ARTICLES)] + ["{bad"]
    )
    write_txt(src, "english", "Nothing Arabic here at all, only English words.")
    with distributed.Client(scheduler):
        articles = nd.read_articles([src])
        records = nd.extract(articles, SPEC).compute()
        errors = [r["error"] for r in records if "error" in r]
        docs = [r for r in records if "error" not in r]
        assert sorted(d["doc_id"] for d in docs) == [f"w{i}" for i in range(len(ARTICLES))]
        assert {Path(e["path"]).name for e in errors} == {"w.jsonl", "english.txt"}
        events = nd.to_dataframe(nd.extract(articles, SPEC), kind="events").compute()
        expected = sum(len(d["events"]) for d in docs)
        assert len(events) == expected and expected > 0
        assert set(events["doc_id"]) <= {d["doc_id"] for d in docs}
        json.dumps(records, ensure_ascii=False)  # every record is JSON


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    from newsie.dask.engine import DaskEngineError

    write_txt(tmp_path / "in", "a", ARTICLES[0])
    started = time.monotonic()
    with pytest.raises(DaskEngineError, match="cannot reach"):
        run_folder(tmp_path / "in", tmp_path / "out", SPEC, dask_options("tcp://127.0.0.1:9"))
    assert time.monotonic() - started < 120
