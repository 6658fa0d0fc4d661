"""Atomic JSONL output: documents.jsonl, events.jsonl, errors.jsonl.

Each file is written to a hidden temporary file in the output folder and renamed
into place when the run closes, so a reader sees either the previous complete
file or the new complete one, never half of either.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from newsie.schema import Document, ErrorRecord, Event

OUTPUT_FILES = ("documents.jsonl", "events.jsonl", "errors.jsonl")


def _file_mode() -> int:
    """Permissions a plainly created file would get: mkstemp makes 0600 files,
    which would leave the renamed output unreadable to the user's group."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class OutputWriter:
    """Writes documents, their events and error records; commits on close."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, tuple[IO[str], str]] = {}
        mode = _file_mode()
        for name in OUTPUT_FILES:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.out_dir)
            os.chmod(tmp, mode)
            self._files[name] = (os.fdopen(fd, "w", encoding="utf-8"), tmp)
        self.counts = dict.fromkeys(OUTPUT_FILES, 0)

    def write_document(self, doc: Document) -> None:
        self._write("documents.jsonl", doc.to_record())
        for event in doc.events:
            self.write_event(event)

    def write_event(self, event: Event) -> None:
        self._write("events.jsonl", event.model_dump(mode="json"))

    def write_error(self, error: ErrorRecord) -> None:
        self._write("errors.jsonl", error.model_dump(mode="json"))

    def _write(self, name: str, row: dict[str, Any]) -> None:
        fh, _ = self._files[name]
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.counts[name] += 1

    def commit(self) -> None:
        """Flush, sync and rename every file into place."""
        for name, (fh, tmp) in self._files.items():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(tmp, self.out_dir / name)
        self._files.clear()

    def abort(self) -> None:
        """Drop the temporary files; the previous output stays as it was."""
        for fh, tmp in self._files.values():
            fh.close()
            Path(tmp).unlink(missing_ok=True)
        self._files.clear()

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
