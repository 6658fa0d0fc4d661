"""Where articles are processed: in this process, or in a pool of worker processes.

Each worker builds the pipeline once, with one math thread. An article
over its time budget, or one that kills its worker (a crash in native code, the
kernel's OOM killer), becomes that article's error record; the worker is replaced
and the run goes on. Workers are started with `spawn`: they inherit no thread,
lock or open file of the parent, and they exit when the parent's end of their
pipe closes, so a killed parent leaves none behind.
"""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection as mpc
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, Protocol

from newsie.pipeline import Pipeline
from newsie.runner.work import (
    Outcome,
    PipelineSpec,
    build_limited,
    error_outcome,
    peak_rss_mb,
    process_article,
)
from newsie.schema import Article


class Executor(Protocol):
    """Where the runner sends articles: one at a time while it has capacity; outcomes
    come back from poll() in any order."""

    size: int  # worker processes (0: this process)
    peak_rss_mb: float

    def start(self) -> None: ...
    def has_capacity(self) -> bool: ...
    def busy(self) -> bool: ...
    def submit(self, seq: int, article: Article) -> None: ...
    def poll(self, wait: float) -> list[Outcome]: ...
    def abandon(self) -> None: ...
    def close(self) -> None: ...


class RunFailed(Exception):
    """The run cannot go on (a worker cannot load the pipeline): not one article's fault."""


class ArticleTimeout(BaseException):
    """Raised in the in-process executor when an article runs over its budget; a
    BaseException so that no stage's `except Exception` swallows it."""


class InProcessExecutor:
    """Runs each article at once, here; the budget is kept with SIGALRM where the
    signal can be used (the main thread), else not at all."""

    size = 0

    def __init__(self, build: Callable[[], Pipeline], timeout: float | None) -> None:
        self._build = build
        self.pipeline: Pipeline | None = None
        self.timeout = timeout
        self.peak_rss_mb = 0.0
        self._queue: list[tuple[int, Article]] = []

    def start(self) -> None:
        """Build the pipeline: not before an article needs it."""
        if self.pipeline is None:
            self.pipeline = self._build()

    def has_capacity(self) -> bool:
        return not self._queue

    def busy(self) -> bool:
        return bool(self._queue)

    def submit(self, seq: int, article: Article) -> None:
        self._queue.append((seq, article))

    def poll(self, wait: float) -> list[Outcome]:
        del wait
        if not self._queue:
            return []
        seq, article = self._queue.pop(0)
        assert self.pipeline is not None, "start() builds the pipeline"
        try:
            with _alarm(self.timeout):
                outcome = process_article(self.pipeline, article, seq)
        except ArticleTimeout:
            outcome = error_outcome(seq, article, "timeout", timeout_reason(self.timeout))
        outcome.peak_rss_mb = self.peak_rss_mb = peak_rss_mb()
        return [outcome]

    def abandon(self) -> None:
        self._queue.clear()

    def close(self) -> None:
        pass


@contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timeout_reason(seconds: float | None) -> str:
    return f"article took longer than {seconds:g} s (--article-timeout); stopped"


# --- worker processes ------------------------------------------------------------


def _worker_main(spec: PipelineSpec, conn: mpc.Connection) -> None:
    """A worker's life: build the pipeline, then process what the parent sends until
    it sends None or goes away."""
    # Ctrl-C and SIGTERM reach the whole process group; stopping is the parent's
    # call (after the current batch), and it closes this worker's pipe when done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        pipeline = build_limited(spec)
    except BaseException as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", peak_rss_mb()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, article = message
        outcome = process_article(pipeline, article, seq)
        outcome.peak_rss_mb = peak_rss_mb()
        conn.send(("done", outcome))


@dataclass
class _Worker:
    process: Any  # multiprocessing's SpawnProcess
    conn: mpc.Connection
    ready: bool = False
    task: tuple[int, Article] | None = None
    started: float = 0.0


class WorkerPool:
    """N worker processes fed one article at a time; outcomes come back in any order
    (the runner puts them back in input order)."""

    def __init__(self, spec: PipelineSpec, workers: int, timeout: float | None) -> None:
        self.spec = spec
        self.size = max(1, workers)
        self.timeout = timeout
        self._ctx = mp.get_context("spawn")
        self._workers: list[_Worker] = []
        self.peak_rss_mb = 0.0

    def start(self) -> None:
        """Start every worker and wait until each has loaded the pipeline."""
        self._workers = [self._spawn() for _ in range(self.size)]
        while not all(w.ready for w in self._workers):
            self._receive(wait=1.0)

    def _spawn(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main, args=(self.spec, child_end), daemon=True, name="newsie-worker"
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def has_capacity(self) -> bool:
        return any(w.ready and w.task is None for w in self._workers)

    def busy(self) -> bool:
        return any(w.task is not None for w in self._workers)

    def submit(self, seq: int, article: Article) -> None:
        worker = next(w for w in self._workers if w.ready and w.task is None)
        worker.task = (seq, article)
        worker.started = time.monotonic()
        worker.conn.send((seq, article))

    def poll(self, wait: float) -> list[Outcome]:
        outcomes = self._receive(wait)
        outcomes.extend(self._expire())
        return outcomes

    def _receive(self, wait: float) -> list[Outcome]:
        outcomes: list[Outcome] = []
        waitables: list[Any] = [w.conn for w in self._workers]
        waitables += [w.process.sentinel for w in self._workers]
        for ready in mpc.wait(waitables, timeout=wait):
            worker = self._owner(ready)
            if worker is None:
                continue
            if ready is worker.conn:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    outcomes.extend(self._replace(worker, "worker process ended"))
                    continue
                outcomes.extend(self._handle(worker, message))
            elif not worker.process.is_alive() and not worker.conn.poll():
                code = worker.process.exitcode
                outcomes.extend(self._replace(worker, f"worker process died (exit code {code})"))
        return outcomes

    def _handle(self, worker: _Worker, message: tuple[str, Any]) -> list[Outcome]:
        kind, payload = message
        if kind == "failed":
            raise RunFailed(f"a worker could not load the pipeline: {payload}")
        if kind == "ready":
            worker.ready = True
            self.peak_rss_mb = max(self.peak_rss_mb, float(payload))
            return []
        worker.task = None
        self.peak_rss_mb = max(self.peak_rss_mb, payload.peak_rss_mb)
        return [payload]

    def _expire(self) -> list[Outcome]:
        if not self.timeout:
            return []
        now = time.monotonic()
        outcomes: list[Outcome] = []
        for worker in list(self._workers):
            if worker.task is not None and now - worker.started > self.timeout:
                outcomes.extend(self._replace(worker, None))
        return outcomes

    def _replace(self, worker: _Worker, died: str | None) -> list[Outcome]:
        """Stop `worker` and start another in its place; its article gets an error."""
        outcomes = []
        if worker.task is not None:
            seq, article = worker.task
            if died is None:
                outcome = error_outcome(seq, article, "timeout", timeout_reason(self.timeout))
            else:
                outcome = error_outcome(seq, article, "worker", died)
            outcomes.append(outcome)
        if not worker.ready and worker.task is None and died is not None:
            raise RunFailed(f"a worker could not start: {died}")
        _stop(worker)
        self._workers[self._workers.index(worker)] = self._spawn()
        return outcomes

    def _owner(self, waitable: Any) -> _Worker | None:
        return next((w for w in self._workers if waitable in (w.conn, w.process.sentinel)), None)

    def abandon(self) -> None:
        """Stop at once: the articles in the workers are dropped (not committed)."""
        for worker in self._workers:
            if worker.task is not None:
                _stop(worker)
                worker.task = None
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            with suppress(OSError, ValueError):  # a worker already gone
                worker.conn.send(None)
        deadline = time.monotonic() + 5
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            _stop(worker)
        self._workers = []


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join(5)
    worker.conn.close()
