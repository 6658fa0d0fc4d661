"""The run's state in SQLite: which inputs are done, and how long each output file is.

The JSONL files are the contract; this database says which of their bytes are
committed. A batch's lines are appended and synced first, then one transaction
records the batch's items and the files' new lengths. Bytes past a recorded length
belong to a batch that never committed (the process was killed) and are cut off
on the next start, so nothing is lost or written twice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATE_DIR = ".newsie"
STATE_FILE = "state.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, committed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY,       -- 'doc:<doc id>' or 'input:<path>:<line>'
    kind TEXT NOT NULL,         -- 'article' or 'input' (an input that is no article)
    content_hash TEXT NOT NULL, -- what the item was made from
    config TEXT NOT NULL,       -- pipeline version and options it was made with
    status TEXT NOT NULL,       -- 'ok' or 'error'
    events INTEGER NOT NULL DEFAULT 0,
    ranges TEXT NOT NULL,       -- JSON {file: [offset, length]} of its lines
    run_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started REAL NOT NULL,
    finished REAL,
    status TEXT NOT NULL,       -- 'running', 'done', 'interrupted', 'failed'
    summary TEXT                -- the run's JSON summary
);
"""


@dataclass
class ItemState:
    """One input item as committed: what it was made from, and the byte ranges
    (offset, length) its lines take in each output file."""

    key: str
    kind: str
    content_hash: str
    config: str
    status: str
    events: int
    ranges: dict[str, tuple[int, int]]


class StateStore:
    """OUT/.newsie/state.sqlite in WAL mode; one writer (the lock holder)."""

    def __init__(self, out_dir: Path, *, readonly: bool = False) -> None:
        self.path = Path(out_dir) / STATE_DIR / STATE_FILE
        if readonly:
            uri = f"file:{self.path}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, isolation_level=None)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed batch survives a power cut as well as a kill.
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(_SCHEMA)
            self._check_schema_version()

    def close(self) -> None:
        self.db.close()

    def _check_schema_version(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            self.db.execute(
                "INSERT INTO meta VALUES ('schema', ?)",
                (str(SCHEMA_VERSION),),
            )
        elif int(row[0]) != SCHEMA_VERSION:
            raise RuntimeError(
                f"{self.path} was written by another newsie (state schema {row[0]}, "
                f"this one reads {SCHEMA_VERSION}); use a new output folder"
            )

    # --- files --------------------------------------------------------------
    def committed_lengths(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT name, committed FROM files").fetchall())

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # --- items --------------------------------------------------------------
    def items(self) -> dict[str, ItemState]:
        rows = self.db.execute(
            "SELECT key, kind, content_hash, config, status, events, ranges FROM items"
        )
        return {row[0]: _item(row) for row in rows}

    def commit_batch(self, items: Iterable[ItemState], lengths: dict[str, int]) -> None:
        """Record a batch whose lines are already appended and synced, with the files'
        new lengths, in one transaction."""
        run_id = self._current_run()
        with self._transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        i.key,
                        i.kind,
                        i.content_hash,
                        i.config,
                        i.status,
                        i.events,
                        json.dumps(i.ranges),
                        run_id,
                    )
                    for i in items
                ],
            )
            self._set_lengths(lengths)

    def forget(self, keys: Iterable[str]) -> None:
        """Drop items (pruned articles, inputs that no longer fail); their lines
        become garbage that the next compaction removes."""
        with self._transaction():
            self.db.executemany("DELETE FROM items WHERE key=?", [(k,) for k in keys])

    def reset(self) -> None:
        """Forget every item and length: the output files are started anew."""
        with self._transaction():
            self.db.execute("DELETE FROM items")
            self.db.execute("DELETE FROM files")
            self.db.execute("DELETE FROM meta WHERE key='compaction'")

    # --- compaction (rewriting files without stale lines) ----------------------
    def begin_compaction(
        self, moves: dict[str, dict[str, tuple[int, int]]], lengths: dict[str, int]
    ) -> None:
        """Record the rewritten files' item ranges and lengths, and that the new files
        still have to be renamed into place: from here on the rewrite is rolled forward
        (finish_compaction), never back."""
        with self._transaction():
            self.db.executemany(
                "UPDATE items SET ranges=? WHERE key=?",
                [(json.dumps(ranges), key) for key, ranges in moves.items()],
            )
            self._set_lengths(lengths)
            self.db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('compaction', ?)", (json.dumps(lengths),)
            )

    def pending_compaction(self) -> dict[str, int] | None:
        value = self.get_meta("compaction")
        return None if value is None else dict(json.loads(value))

    def finish_compaction(self) -> None:
        self.db.execute("DELETE FROM meta WHERE key='compaction'")

    # --- runs ---------------------------------------------------------------
    def start_run(self) -> int:
        # A run still marked running was killed: no process of it is left (the lock says so).
        self.db.execute("UPDATE runs SET status='killed' WHERE status='running'")
        cur = self.db.execute(
            "INSERT INTO runs (started, status) VALUES (?, 'running')", (time.time(),)
        )
        run_id = int(cur.lastrowid or 0)
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('current_run', ?)", (str(run_id),))
        return run_id

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE runs SET finished=?, status=?, summary=? WHERE id=?",
            (time.time(), status, json.dumps(summary), run_id),
        )

    def last_runs(self, limit: int = 1) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, started, finished, status, summary FROM runs ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            {
                "id": r[0],
                "started": r[1],
                "finished": r[2],
                "status": r[3],
                "summary": json.loads(r[4]) if r[4] else None,
            }
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT kind, status, COUNT(*), SUM(events) FROM items GROUP BY kind, status"
        ).fetchall()
        out = {"documents": 0, "failed_articles": 0, "failed_inputs": 0, "events": 0}
        for kind, status, n, events in rows:
            if kind == "article" and status == "ok":
                out["documents"] += n
                out["events"] += events or 0
            elif kind == "article":
                out["failed_articles"] += n
            else:
                out["failed_inputs"] += n
        return out

    # --- internals ----------------------------------------------------------
    def _current_run(self) -> int:
        value = self.get_meta("current_run")
        return int(value) if value else 0

    def _set_lengths(self, lengths: dict[str, int]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?)", list(lengths.items()))

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on an exception."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _item(row: tuple[Any, ...]) -> ItemState:
    ranges = {name: (int(r[0]), int(r[1])) for name, r in json.loads(row[6]).items()}
    return ItemState(row[0], row[1], row[2], row[3], row[4], int(row[5]), ranges)
