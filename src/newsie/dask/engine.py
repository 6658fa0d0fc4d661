"""The Dask engine: `newsie run --engine dask --scheduler ADDRESS` sends articles to a
dask.distributed cluster instead of local worker processes.

Only the executor changes: the runner still reads the input, skips unchanged
articles, writes in input order and commits batches under its lock, so the state,
summary and exit codes are the local engine's. Each Dask worker process builds the
pipeline once (a per-process cache) with the NER tagger at one thread. A worker that
dies has its tasks rerun elsewhere by the scheduler; an article that fails inside the
pipeline is an error record, never a failed task. An article still running after
--article-timeout gets an error record and its worker process is restarted (a task's
thread cannot be stopped otherwise), as the local pool replaces its worker.
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache
from typing import Any

from newsie.pipeline import Pipeline
from newsie.runner.executors import timeout_reason
from newsie.runner.work import (
    Outcome,
    PipelineSpec,
    build_limited,
    error_outcome,
    peak_rss_mb,
    process_article,
)
from newsie.schema import Article


class DaskEngineError(RuntimeError):
    """The cluster cannot be reached or started."""


@lru_cache(maxsize=4)
def worker_pipeline(spec: PipelineSpec) -> Pipeline:
    """The pipeline of this worker process, built on its first article."""
    return build_limited(spec)


def _warm(spec: PipelineSpec) -> None:
    worker_pipeline(spec)


# The tasks this worker process is running: Dask key -> when it started (monotonic).
_RUNNING: dict[str, float] = {}
# How often the client asks the workers how long their articles have run.
TIMEOUT_CHECK_SECONDS = 1.0


def process_on_worker(spec: PipelineSpec, article: Article, seq: int) -> Outcome:
    from distributed import get_worker

    key = str(get_worker().get_current_task())
    _RUNNING[key] = time.monotonic()
    try:
        outcome = process_article(worker_pipeline(spec), article, seq)
    finally:
        _RUNNING.pop(key, None)
    outcome.peak_rss_mb = peak_rss_mb()
    return outcome


def running_seconds() -> dict[str, float]:
    """Run on a worker (in its event loop, beside the busy task thread): how long each
    of its tasks has run. Durations, not times: worker clocks may disagree."""
    now = time.monotonic()
    return {key: now - started for key, started in list(_RUNNING.items())}


def connect(scheduler: str, workers: int = 2) -> tuple[Any, Any]:
    """(client, cluster or None) for 'local:N' (a LocalCluster of N worker processes,
    one thread each) or a scheduler address such as 'tcp://host:8786'."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskEngineError(
            "the Dask engine needs dask.distributed: pip install 'newsie[dask]'"
        ) from exc
    try:
        if scheduler.startswith("local"):
            count = int(scheduler.partition(":")[2] or workers)
            cluster = LocalCluster(
                n_workers=count,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            return Client(cluster), cluster
        return Client(scheduler, timeout="30s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskEngineError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from exc


class DaskExecutor:
    """The runner's executor interface over a Dask client: a bounded number of
    articles in flight (twice the cluster's threads), outcomes as they finish."""

    def __init__(self, spec: PipelineSpec, scheduler: str, timeout: float | None = None) -> None:
        self.spec = spec
        self.scheduler = scheduler
        self.timeout = timeout
        self._checked = 0.0
        self.client: Any = None
        self.cluster: Any = None
        self.limit = 2
        self.size = 0
        self.peak_rss_mb = 0.0
        self._futures: dict[Any, tuple[int, Article]] = {}

    def start(self) -> None:
        self.client, self.cluster = connect(self.scheduler)
        threads = sum(self.client.nthreads().values())
        if not threads:
            self.client.wait_for_workers(1, timeout=120)
            threads = sum(self.client.nthreads().values())
        self.limit = max(2, 2 * threads)
        self.size = threads
        # Build the pipeline on every worker now, so that processing time is processing
        # (workers that join later build it on their first article).
        self.client.run(_warm, self.spec)

    def has_capacity(self) -> bool:
        return len(self._futures) < self.limit

    def busy(self) -> bool:
        return bool(self._futures)

    def submit(self, seq: int, article: Article) -> None:
        future = self.client.submit(process_on_worker, self.spec, article, seq, pure=False)
        self._futures[future] = (seq, article)

    def poll(self, wait: float) -> list[Outcome]:
        from distributed import wait as wait_for

        if not self._futures:
            return []
        try:
            done, _ = wait_for(list(self._futures), timeout=wait, return_when="FIRST_COMPLETED")
        except TimeoutError:
            done = set()
        outcomes = []
        for future in done:
            seq, article = self._futures.pop(future)
            if future.status == "finished":
                outcome: Outcome = future.result()
                self.peak_rss_mb = max(self.peak_rss_mb, outcome.peak_rss_mb)
            else:  # the scheduler gave up on it (workers died on it again and again)
                exc = future.exception()
                reason = f"Dask task failed: {type(exc).__name__}: {exc}"
                outcome = error_outcome(seq, article, "worker", reason)
            outcomes.append(outcome)
        return outcomes + self._stop_overdue()

    def _stop_overdue(self) -> list[Outcome]:
        """Error records for articles running longer than the timeout; their workers
        are restarted. Time spent queued on a worker does not count."""
        now = time.monotonic()
        if not self.timeout or not self._futures or now - self._checked < TIMEOUT_CHECK_SECONDS:
            return []
        self._checked = now
        by_key = {str(future.key): future for future in self._futures}
        overdue: dict[Any, str] = {}  # future -> the address of the worker running it
        for address, running in self.client.run(running_seconds).items():
            for key, seconds in running.items():
                if seconds > self.timeout and key in by_key:
                    overdue[by_key[key]] = address
        if not overdue:
            return []
        outcomes = []
        for future in overdue:
            seq, article = self._futures.pop(future)
            future.cancel()  # not rerun elsewhere once its worker is gone
            outcomes.append(error_outcome(seq, article, "timeout", timeout_reason(self.timeout)))
        self.client.restart_workers(sorted(set(overdue.values())), raise_for_error=False)
        return outcomes

    def abandon(self) -> None:
        if self.client is not None and self._futures:
            self.client.cancel(list(self._futures))
        self._futures.clear()
        self.close()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None
