"""The three JSONL output files, appended one committed batch at a time.

Lines are appended and synced before the state store records the files' new
lengths; on the next start anything past those lengths is cut off. Records that
were replaced (a changed article) or pruned leave stale lines behind, which a
compaction rewrites away: the new files are written beside the old ones, the
store records them as pending, then they are renamed into place, a step the next
start finishes if a kill interrupted it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsie.runner.state import STATE_DIR, STATE_FILE, ItemState, StateStore

OUTPUT_FILES = ("documents.jsonl", "events.jsonl", "errors.jsonl")
_COMPACT_SUFFIX = ".compact"

# Lines of one item, per output file, already encoded.
ItemLines = dict[str, list[bytes]]


class OutputFiles:
    """Append-only writers for OUT's JSONL files, kept in step with the state store."""

    def __init__(self, out_dir: Path, store: StateStore) -> None:
        self.out_dir = Path(out_dir)
        self.store = store
        self._handles: dict[str, BinaryIO] = {}

    # --- start --------------------------------------------------------------
    def recover(self) -> list[str]:
        """Bring the files back to their last committed state; returns notes for the user."""
        notes: list[str] = []
        pending = self.store.pending_compaction()
        if pending is not None:
            for name in pending:
                tmp = self._compact_path(name)
                if tmp.exists():
                    os.replace(tmp, self.out_dir / name)
            _sync_dir(self.out_dir)
            self.store.finish_compaction()
            notes.append("finished a compaction that an interrupted run had started")
        for name in OUTPUT_FILES:
            self._compact_path(name).unlink(missing_ok=True)
        committed = self.store.committed_lengths()
        sizes = {name: _size(self.out_dir / name) for name in OUTPUT_FILES}
        if any(sizes[n] < committed.get(n, 0) for n in OUTPUT_FILES):
            # Someone truncated, edited or deleted an output file: what the store says
            # is done no longer matches the files, so everything is done again.
            self.store.reset()
            committed = {}
            notes.append("output files were changed outside newsie: processing everything anew")
        cut = 0
        for name in OUTPUT_FILES:
            keep = committed.get(name, 0)
            if sizes[name] > keep:
                cut += sizes[name] - keep
                with (self.out_dir / name).open("r+b") as fh:
                    fh.truncate(keep)
                    os.fsync(fh.fileno())
            elif not (self.out_dir / name).exists():
                (self.out_dir / name).touch()
        if cut:
            notes.append(f"removed {cut:,} bytes of an uncommitted batch left by a stopped run")
        return notes

    # --- appending ------------------------------------------------------------
    def append(self, batch: list[tuple[ItemState, ItemLines]]) -> dict[str, int]:
        """Append a batch's lines, sync them, set each item's ranges; returns the files'
        new lengths (for the store's commit)."""
        handles = self._open()
        lengths = {name: handles[name].tell() for name in OUTPUT_FILES}
        for item, lines in batch:
            item.ranges = {}
            for name, rows in lines.items():
                if not rows:
                    continue
                data = b"".join(rows)
                handles[name].write(data)
                item.ranges[name] = (lengths[name], len(data))
                lengths[name] += len(data)
        for fh in handles.values():
            fh.flush()
            os.fsync(fh.fileno())
        return lengths

    def close(self) -> None:
        for fh in self._handles.values():
            fh.close()
        self._handles.clear()

    def _open(self) -> dict[str, BinaryIO]:
        if not self._handles:
            for name in OUTPUT_FILES:
                fh = (self.out_dir / name).open("ab")
                fh.seek(0, os.SEEK_END)
                self._handles[name] = fh
        return self._handles

    # --- compaction -----------------------------------------------------------
    def stale_bytes(self, items: Iterable[ItemState]) -> int:
        live = dict.fromkeys(OUTPUT_FILES, 0)
        for item in items:
            for name, (_, length) in item.ranges.items():
                live[name] += length
        committed = self.store.committed_lengths()
        return sum(committed.get(n, 0) - live[n] for n in OUTPUT_FILES)

    def compact(self, items: dict[str, ItemState]) -> None:
        """Rewrite the files with only the lines of the given (live) items, in file order."""
        self.close()
        moves: dict[str, dict[str, tuple[int, int]]] = {key: {} for key in items}
        lengths: dict[str, int] = {}
        for name in OUTPUT_FILES:
            spans = sorted(
                (item.ranges[name][0], item.ranges[name][1], key)
                for key, item in items.items()
                if name in item.ranges
            )
            tmp = self._compact_path(name)
            written = 0
            with (self.out_dir / name).open("rb") as src, tmp.open("wb") as dst:
                for offset, length, key in spans:
                    src.seek(offset)
                    dst.write(src.read(length))
                    moves[key][name] = (written, length)
                    written += length
                dst.flush()
                os.fsync(dst.fileno())
            lengths[name] = written
        self.store.begin_compaction(moves, lengths)
        for name in OUTPUT_FILES:
            os.replace(self._compact_path(name), self.out_dir / name)
        _sync_dir(self.out_dir)
        self.store.finish_compaction()
        for key, ranges in moves.items():
            items[key].ranges = ranges

    def _compact_path(self, name: str) -> Path:
        return self.out_dir / STATE_DIR / (name + _COMPACT_SUFFIX)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def iter_output_rows(out_dir: Path, name: str) -> Iterator[dict[str, Any]]:
    """The committed rows of one output file, in file order. With a state store only
    the lines of live items are read: not a killed batch's uncommitted tail, nor
    the old lines of a replaced article that a compaction has not yet removed."""
    out_dir = Path(out_dir)
    path = out_dir / name
    if not path.exists():
        return
    if not (out_dir / STATE_DIR / STATE_FILE).exists():
        yield from iter_jsonl(path)
        return
    store = StateStore(out_dir, readonly=True)
    try:
        spans = sorted(item.ranges[name] for item in store.items().values() if name in item.ranges)
    finally:
        store.close()
    with path.open("rb") as fh:
        for offset, length in spans:
            fh.seek(offset)
            for line in fh.read(length).decode("utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
