"""One writer per output folder: an flock on OUT/.newsie/lock.

The kernel drops an flock when its process dies, however it dies, so a lock left
by a killed run is simply taken over. The file holds the holder's pid and start
time, so the run that is turned away can say who holds it and since when.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
from pathlib import Path
from types import TracebackType

from newsie.runner.state import STATE_DIR

LOCK_FILE = "lock"


class OutputLocked(Exception):
    """Another process is writing to this output folder; the message names it."""


class OutputLock:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / STATE_DIR / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputLocked(
                f"another newsie run is writing to {self.out_dir}: {holder(self.out_dir)}"
            ) from None
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\t{started}\t{socket.gethostname()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def holder(out_dir: Path) -> str:
    """Who holds (or last held) the lock: 'pid 123 on host since 2026-...'."""
    info = read_holder(out_dir)
    if info is None:
        return "a process whose details are not written yet"
    pid, since, host = info
    return f"pid {pid} on {host}, since {since}"


def read_holder(out_dir: Path) -> tuple[int, str, str] | None:
    try:
        text = (Path(out_dir) / STATE_DIR / LOCK_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    parts = text.strip().split("\t")
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1], parts[2]


def is_running(out_dir: Path) -> bool:
    """Whether a live process holds the lock (read-only: the lock is not touched)."""
    info = read_holder(out_dir)
    if info is None:
        return False
    try:
        os.kill(info[0], 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
