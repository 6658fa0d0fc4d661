"""`newsie run` as a batch job: incremental, crash-safe, one writer, parallel.

The loop reads the input folder in order and sends only articles that are new or
changed (by content hash and pipeline fingerprint) to an executor; outcomes are
put back in input order and committed in batches (lines appended and synced,
then one SQLite transaction). A kill at any moment loses at most the batch in
progress, which the next run redoes; SIGTERM and Ctrl-C stop after it.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from newsie.io.readers import count_articles, read_folder
from newsie.pipeline import Pipeline
from newsie.runner.executors import Executor, InProcessExecutor, WorkerPool
from newsie.runner.lock import OutputLock
from newsie.runner.output import OutputFiles
from newsie.runner.state import ItemState, StateStore
from newsie.runner.work import (
    Outcome,
    PipelineSpec,
    content_hash,
    error_hash,
    input_error_outcome,
    pipeline_fingerprint,
)
from newsie.schema import Article, ErrorRecord


@dataclass
class RunOptions:
    """How a run goes; the defaults are the library's (one process, no pool)."""

    workers: int = 0  # 0: in this process; N: a pool of N worker processes
    reprocess: bool = False  # redo every article, changed or not
    prune: bool = False  # drop the records of inputs that are gone
    batch_size: int = 32  # articles per commit
    commit_seconds: float = 10.0  # ... or sooner, once a batch is this old
    article_timeout: float | None = 60.0
    handle_signals: bool = True  # SIGTERM / Ctrl-C stop after the current batch
    engine: str = "local"  # 'local' (this machine) or 'dask' (a dask.distributed cluster)
    scheduler: str | None = None  # the Dask scheduler: 'tcp://host:8786' or 'local:N'
    output_format: str = "jsonl"  # 'parquet': also OUT/parquet/, rebuilt after the run


@dataclass
class RunSummary:
    articles: int = 0  # processed now into documents
    skipped: int = 0  # unchanged since the last run
    errors: int = 0  # error records written now
    pruned: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    error_reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0  # processing time, model loading excluded
    total_seconds: float = 0.0
    workers: int = 0
    peak_rss_mb: float = 0.0  # the largest worker's (or this process's) peak
    interrupted: int | None = None  # the signal that stopped the run
    inputs_found: bool = True

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        """The `--json-summary` object."""
        return {
            "articles": self.articles,
            "skipped": self.skipped,
            "errors": self.errors,
            "events": sum(self.events.values()),
            "pruned": self.pruned,
            "seconds": round(self.seconds, 3),
            "total_seconds": round(self.total_seconds, 3),
            "articles_per_second": round(self.articles_per_second, 3),
            "workers": self.workers,
            "peak_rss_mb_per_worker": round(self.peak_rss_mb, 1),
            "interrupted": self.interrupted is not None,
        }


class RunProgress(Protocol):
    """What a run reports as it goes: models loading, the number of articles it
    expects (None: unknown), and each input done (by its file's path)."""

    def loading(self) -> None: ...
    def started(self, total: int | None) -> None: ...
    def advance(self, source: str) -> None: ...


class _NoProgress:
    def loading(self) -> None: ...
    def started(self, total: int | None) -> None: ...
    def advance(self, source: str) -> None: ...


def run_folder(
    in_dir: Path,
    out_dir: Path,
    pipeline: Pipeline | PipelineSpec | None = None,
    options: RunOptions | None = None,
    progress: RunProgress | None = None,
) -> RunSummary:
    """Process the new and changed articles under in_dir into out_dir.

    `pipeline` is a built Pipeline (run here, so options.workers must be 0) or a
    PipelineSpec (built here, or in each worker when options.workers > 0); None is
    the default pipeline. Raises OutputLocked when another run holds out_dir.
    """
    options = options or RunOptions()
    progress = progress or _NoProgress()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if isinstance(pipeline, Pipeline) and options.workers:
        raise ValueError("a built Pipeline runs in this process: pass a PipelineSpec for workers")
    spec = pipeline if isinstance(pipeline, PipelineSpec) else PipelineSpec()
    with OutputLock(out_dir), _signals(options.handle_signals) as stop:
        store = StateStore(out_dir)
        files = OutputFiles(out_dir, store)
        try:
            return _Run(in_dir, out_dir, pipeline, spec, options, progress, store, files, stop)()
        finally:
            files.close()
            store.close()


class _StopFlag:
    def __init__(self) -> None:
        self.signum: int | None = None
        self.force = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            self.force = True  # a second signal: stop without waiting for the workers
        self.signum = signum


@contextmanager
def _signals(enabled: bool) -> Iterator[_StopFlag]:
    flag = _StopFlag()
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield flag
        return
    previous = {s: signal.signal(s, flag) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield flag
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class _Run:
    """One run's loop; see the module docstring."""

    def __init__(
        self,
        in_dir: Path,
        out_dir: Path,
        pipeline: Pipeline | PipelineSpec | None,
        spec: PipelineSpec,
        options: RunOptions,
        progress: RunProgress,
        store: StateStore,
        files: OutputFiles,
        stop: _StopFlag,
    ) -> None:
        self.in_dir, self.out_dir = Path(in_dir), out_dir
        self.options, self.progress = options, progress
        self.store, self.files, self.stop = store, files, stop
        self.summary = RunSummary(workers=options.workers)
        self.started = time.perf_counter()
        self.executor: Executor
        if isinstance(pipeline, Pipeline):
            self.config = pipeline_fingerprint(pipeline)
            self.executor = InProcessExecutor(lambda: pipeline, options.article_timeout)
        elif options.engine == "dask":
            from newsie.dask.engine import DaskExecutor

            spec.check()
            self.config = spec.fingerprint()
            scheduler = options.scheduler or f"local:{max(1, options.workers)}"
            self.executor = DaskExecutor(spec, scheduler, options.article_timeout)
        elif options.workers:
            spec.check()
            self.config = spec.fingerprint()
            self.executor = WorkerPool(spec, options.workers, options.article_timeout)
        else:
            self.config = spec.fingerprint()
            self.executor = InProcessExecutor(spec.build, options.article_timeout)
        self.known: dict[str, ItemState] = {}
        self.seen: set[str] = set()
        self.pending: dict[int, tuple[ItemState, Outcome]] = {}
        self.sources: dict[int, str] = {}  # input path of each article in the executor
        self.next_write = 0
        self.batch: list[tuple[ItemState, Outcome]] = []
        self.batch_started = time.monotonic()
        self.processing_started: float | None = None  # when the executor was ready

    def __call__(self) -> RunSummary:
        summary = self.summary
        summary.notes.extend(self.files.recover())
        self.known = self.store.items()
        total = count_articles(self.in_dir, exclude=(self.out_dir,))
        if total == 0:
            summary.inputs_found = False
            summary.notes.append(f"no articles under {self.in_dir}: {self.out_dir} left as it was")
            summary.total_seconds = time.perf_counter() - self.started
            return summary
        run_id = self.store.start_run()
        status = "failed"
        try:
            if self.files.stale_bytes(self.known.values()) > 0:
                self.files.compact(self.known)  # what a killed run left to rewrite
            self.progress.started(total)
            self._loop()
            if self.processing_started is not None:
                summary.seconds = time.perf_counter() - self.processing_started
            if self.stop.signum is None:
                self._finish_scan()
                if self.options.output_format == "parquet":
                    from newsie.runner.parquet_output import write_partitioned

                    write_partitioned(self.out_dir)
            status = "done" if self.stop.signum is None else "interrupted"
        finally:
            if self.processing_started is None:
                pass  # no article needed processing: no worker was started
            elif status == "failed" or self.stop.force:
                self.executor.abandon()
            else:
                self.executor.close()
            summary.interrupted = self.stop.signum
            summary.total_seconds = time.perf_counter() - self.started
            summary.peak_rss_mb = self.executor.peak_rss_mb
            summary.workers = self.executor.size
            self.store.finish_run(run_id, status, summary.to_json())
        return summary

    # --- the loop -------------------------------------------------------------
    def _loop(self) -> None:
        source = iter(read_folder(self.in_dir, exclude=(self.out_dir,)))
        seq = 0
        exhausted = False
        while True:
            while (
                not exhausted
                and self.stop.signum is None
                and (self.processing_started is None or self.executor.has_capacity())
                and len(self.pending) < 1000
            ):
                item = next(source, None)
                if item is None:
                    exhausted = True
                elif self._take(item, seq):
                    seq += 1
            self._write_in_order()
            stopping = exhausted or self.stop.signum is not None
            if self.stop.force or (stopping and not self.executor.busy() and not self.pending):
                break
            if self.processing_started is None:
                continue
            for outcome in self.executor.poll(wait=0.2):
                state, _ = self.pending[outcome.seq]
                state.status = "ok" if outcome.ok else "error"
                state.events = sum(outcome.event_types.values())
                self.pending[outcome.seq] = (state, outcome)
                self.progress.advance(self.sources.pop(outcome.seq))
        self._commit()

    def _take(self, item: Article | ErrorRecord, seq: int) -> bool:
        """Queue an input for processing or writing; False when it is unchanged."""
        if isinstance(item, Article):
            key, kind, digest = f"doc:{item.id}", "article", content_hash(item)
        else:
            key = f"input:{item.path}:{item.line or 0}"
            kind, digest = "input", error_hash(item)
        self.seen.add(key)
        source = item.source if isinstance(item, Article) else item.path
        known = self.known.get(key)
        if (
            known is not None
            and known.content_hash == digest
            and (known.config == self.config or kind == "input")
            and not self.options.reprocess
        ):
            self.summary.skipped += 1
            self.progress.advance(source)
            return False
        state = ItemState(key, kind, digest, self.config, "pending", 0, {})
        if isinstance(item, Article):
            if self.processing_started is None:
                # Models load only once an article needs them: a run with nothing
                # new to do starts no worker.
                self.progress.loading()
                self.executor.start()
                self.processing_started = time.perf_counter()
            self.executor.submit(seq, item)
            self.pending[seq] = (state, Outcome(seq, {}, ok=False))
            self.sources[seq] = source
        else:
            state.status = "error"
            self.pending[seq] = (state, input_error_outcome(seq, item))
            self.progress.advance(source)
        return True

    def _write_in_order(self) -> None:
        while self.next_write in self.pending:
            state, outcome = self.pending[self.next_write]
            if state.status == "pending":
                break
            del self.pending[self.next_write]
            self.next_write += 1
            if not self.batch:
                self.batch_started = time.monotonic()
            self.batch.append((state, outcome))
        if len(self.batch) >= self.options.batch_size or (
            self.batch and time.monotonic() - self.batch_started >= self.options.commit_seconds
        ):
            self._commit()

    def _commit(self) -> None:
        if not self.batch:
            return
        lengths = self.files.append([(state, outcome.lines) for state, outcome in self.batch])
        self.store.commit_batch([state for state, _ in self.batch], lengths)
        for state, outcome in self.batch:
            self.known[state.key] = state
            self._count(outcome)
        self.batch = []

    def _count(self, outcome: Outcome) -> None:
        summary = self.summary
        if outcome.ok:
            summary.articles += 1
            summary.entities.update(outcome.entity_types)
            summary.events.update(outcome.event_types)
        else:
            summary.errors += 1
            summary.error_reasons.append(_error_line(outcome))

    # --- after a complete scan ------------------------------------------------
    def _finish_scan(self) -> None:
        """Forget inputs that no longer fail (and, with prune, articles that are gone);
        rewrite the files when stale lines make up part of them."""
        gone = [k for k in self.known if k not in self.seen]
        forget = [k for k in gone if self.known[k].kind == "input" or self.options.prune]
        self.summary.pruned = sum(1 for k in forget if self.known[k].kind == "article")
        if forget:
            self.store.forget(forget)
            for key in forget:
                del self.known[key]
        if self.files.stale_bytes(self.known.values()) > 0:
            self.files.compact(self.known)


def _error_line(outcome: Outcome) -> str:
    record = json.loads(outcome.lines["errors.jsonl"][0])
    where = str(record["path"]) + (f":{record['line']}" if record.get("line") else "")
    return f"{where}: {record['reason']}"
