"""`newsie status OUT`: what an output folder holds and how its last run went,
read without taking the lock (SQLite's WAL lets a reader in beside the writer)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from newsie.runner.lock import holder, is_running
from newsie.runner.output import iter_output_rows
from newsie.runner.state import STATE_DIR, STATE_FILE, StateStore
from newsie.schema import PIPELINE_VERSION


def read_status(out_dir: Path) -> dict[str, Any]:
    """Documents, events by type, errors, the last run and the pipeline version."""
    out_dir = Path(out_dir)
    if not (out_dir / STATE_DIR / STATE_FILE).exists():
        raise FileNotFoundError(f"{out_dir} holds no newsie run state ({STATE_DIR}/{STATE_FILE})")
    store = StateStore(out_dir, readonly=True)
    try:
        counts = store.counts()
        runs = store.last_runs(1)
        versions = Counter(item.config.split(";", 1)[0] for item in store.items().values())
    finally:
        store.close()
    events_by_type = Counter(row["type"] for row in iter_output_rows(out_dir, "events.jsonl"))
    last = runs[0] if runs else None
    running = is_running(out_dir)
    if last and last["status"] == "running" and not running:
        last["status"] = "killed"  # marked as such by the next run's start
    return {
        "output": str(out_dir),
        "documents": counts["documents"],
        "events": counts["events"],
        "events_by_type": dict(sorted(events_by_type.items())),
        "errors": counts["failed_articles"] + counts["failed_inputs"],
        "failed_articles": counts["failed_articles"],
        "failed_inputs": counts["failed_inputs"],
        "pipeline_version": PIPELINE_VERSION,
        "output_pipeline_versions": dict(versions),
        "running": holder(out_dir) if running else None,
        "last_run": _run_info(last) if last else None,
    }


def _run_info(run: dict[str, Any]) -> dict[str, Any]:
    started = dt.datetime.fromtimestamp(run["started"], dt.UTC)
    finished = run["finished"]
    summary = run["summary"] or {}
    return {
        "started": started.isoformat(timespec="seconds"),
        "duration_seconds": round(finished - run["started"], 1) if finished else None,
        "status": run["status"],
        "articles": summary.get("articles"),
        "skipped": summary.get("skipped"),
        "errors": summary.get("errors"),
        "events": summary.get("events"),
    }
