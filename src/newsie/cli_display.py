"""What `newsie run` and `newsie status` show on the terminal: a progress bar that
counts articles (not files), the run's summary table and the status table."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from newsie.runner import RunSummary


class RunBar:
    """The run's progress: a 'loading models' line while the workers start, then a
    bar over articles with rate and ETA (no total for compressed inputs)."""

    def __init__(self, console: Console, enabled: bool) -> None:
        self.console = console
        self.enabled = enabled
        self._progress = Progress(
            TextColumn("[bold]newsie[/bold]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
            console=console,
            disable=not enabled,
            transient=True,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> RunBar:
        self._progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.__exit__(exc_type, exc, tb)

    def loading(self) -> None:
        if self.enabled:
            self.console.print("newsie: loading models ...")

    def started(self, total: int | None) -> None:
        self._task = self._progress.add_task("", total=total, rate="")

    def advance(self, source: str) -> None:
        if self._task is None:
            return
        task = self._progress.tasks[self._task]
        speed = task.speed
        rate = f"{speed:.1f} articles/s" if speed else ""
        self._progress.update(self._task, advance=1, description=_short(source), rate=rate)


def _short(source: str) -> str:
    name = Path(source).name
    return name if len(name) <= 40 else "…" + name[-39:]


def print_summary(console: Console, summary: RunSummary, out_dir: Path) -> None:
    table = Table(title=f"newsie run -> {out_dir}", show_header=False)
    table.add_row("articles", str(summary.articles))
    table.add_row("skipped (unchanged)", str(summary.skipped))
    table.add_row("errors", str(summary.errors))
    if summary.pruned:
        table.add_row("pruned", str(summary.pruned))
    table.add_row(
        "entities", ", ".join(f"{k} {v}" for k, v in sorted(summary.entities.items())) or "0"
    )
    table.add_row("events", ", ".join(f"{k} {v}" for k, v in sorted(summary.events.items())) or "0")
    table.add_row(
        "time",
        f"{summary.seconds:.2f} s processing ({summary.articles_per_second:.2f} articles/s), "
        f"{summary.total_seconds:.2f} s in all, {summary.workers or 'no'} worker process(es)",
    )
    console.print(table)
    for note in summary.notes:
        console.print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)
    for reason in summary.error_reasons[:20]:
        console.print(f"[yellow]error:[/yellow] {reason}", highlight=False, soft_wrap=True)
    if len(summary.error_reasons) > 20:
        console.print(f"... and {len(summary.error_reasons) - 20} more in errors.jsonl")
    if summary.interrupted is not None:
        console.print(
            "stopped by a signal after committing the finished articles; "
            "the next run goes on from there"
        )


def print_status(console: Console, info: dict[str, Any]) -> None:
    table = Table(title=f"newsie status {info['output']}", show_header=False)
    table.add_row("documents", str(info["documents"]))
    by_type = ", ".join(f"{k} {v}" for k, v in info["events_by_type"].items())
    table.add_row("events", f"{info['events']}" + (f" ({by_type})" if by_type else ""))
    table.add_row(
        "errors",
        f"{info['errors']} ({info['failed_articles']} articles failed, "
        f"{info['failed_inputs']} inputs unreadable)",
    )
    table.add_row("pipeline version", info["pipeline_version"])
    last = info["last_run"]
    if last:
        duration = f"{last['duration_seconds']} s" if last["duration_seconds"] is not None else "-"
        table.add_row(
            "last run",
            f"{last['started']} ({last['status']}, {duration}): {last['articles']} articles, "
            f"{last['skipped']} skipped, {last['errors']} errors, {last['events']} events",
        )
    if info["running"]:
        table.add_row("running now", info["running"])
    console.print(table)
