"""Find the article files under an input folder, and say why any input is left out.

The walk reads no hidden folder, no folder it is told to exclude (the run's own output)
and no other newsie output (a folder holding `.newsie`). It follows symlinked folders
once, never round a loop, and turns each dangling link, loop, unreadable folder and
special file into an ErrorRecord instead of skipping it silently.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from newsie.schema import ErrorRecord

# Longest first: `a.jsonl.gz` is a gzipped JSONL file, not a `.gz` one.
ARTICLE_SUFFIXES = (".jsonl.gz", ".json.gz", ".jsonl", ".json", ".txt")
STATE_FOLDER = ".newsie"
BLOCK_BYTES = 1 << 20

_FileId = tuple[int, int]


def article_suffix(name: str) -> str | None:
    """The article suffix `name` ends with (lower case), or None; `.meta.json` files
    belong to their `.txt` and are no articles."""
    lower = name.lower()
    if lower.endswith(".meta.json"):
        return None
    return next((s for s in ARTICLE_SUFFIXES if lower.endswith(s)), None)


def safe_path(path: str | os.PathLike[str]) -> str:
    """The path as valid UTF-8 text: bytes of a file name that are not UTF-8 (a cp1256
    name, kept by Python as surrogate escapes) become `\\xNN`, so the name can go into
    a record and a JSON file."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a str with surrogates no file system gave
        return os.fspath(path).encode("utf-8", "backslashreplace").decode("utf-8")


def walk_inputs(
    root: Path, exclude: Iterable[str | os.PathLike[str]] = ()
) -> list[Path | ErrorRecord]:
    """Article files under root and error records for the inputs that cannot be
    walked, in a stable order (sorted relative paths)."""
    root = Path(root)
    excluded = {fid for p in exclude if (fid := _file_id(p)) is not None}
    try:
        root_stat = os.stat(root)
    except OSError as exc:
        return [_error(root, _os_reason(exc))]
    if _id(root_stat) in excluded:
        return []
    if not stat.S_ISDIR(root_stat.st_mode):
        return [root]
    found: list[tuple[str, Path | ErrorRecord]] = []
    visited: dict[_FileId, str] = {_id(root_stat): "."}
    # (folder, its relative path, the ids of the folders above it and itself)
    stack: list[tuple[Path, str, frozenset[_FileId]]] = [(root, "", frozenset(visited))]
    links: list[tuple[Path, str, frozenset[_FileId], os.stat_result]] = []
    while stack or links:
        if not stack:
            # Symlinked folders last: a link to a folder also in the tree is the copy skipped.
            path, rel, ancestors, st = links.pop(0)
            key = _id(st)
            if key in ancestors:
                found.append((rel, _error(path, f"symlink loop: points back to '{visited[key]}'")))
            elif key in visited:
                reason = f"symlink to a folder already read as '{visited[key]}'; not read twice"
                found.append((rel, _error(path, reason)))
            else:
                visited[key] = safe_path(rel)
                stack.append((path, rel, ancestors | {key}))
            continue
        folder, rel, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append((rel, _error(folder, f"cannot read folder: {_os_reason(exc)}")))
            continue
        subfolders: list[tuple[Path, str, frozenset[_FileId]]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            child = f"{rel}/{entry.name}" if rel else entry.name
            is_link = _is_link(entry)
            try:
                st = os.stat(path)
            except OSError as exc:
                if is_link and _may_be_input(entry.name):
                    found.append((child, _error(path, _link_reason(exc, path))))
                continue
            key = _id(st)
            if key in excluded:
                continue
            if stat.S_ISDIR(st.st_mode):
                if os.path.isdir(path / STATE_FOLDER):
                    continue  # another run's output folder
                if is_link:
                    links.append((path, child, ancestors, st))
                elif key not in visited:
                    visited[key] = safe_path(child)
                    subfolders.append((path, child, ancestors | {key}))
            elif article_suffix(entry.name):
                if stat.S_ISREG(st.st_mode):
                    found.append((child, path))
                else:
                    # Reading a FIFO would wait forever; a device could be endless.
                    found.append(
                        (child, _error(path, "not a regular file (a FIFO, socket or device)"))
                    )
        stack.extend(reversed(subfolders))
    found.sort(key=lambda item: item[0])
    return [item for _, item in found]


def iter_input_files(root: Path, exclude: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Article files under root, in a stable order (sorted relative paths)."""
    return [item for item in walk_inputs(root, exclude) if isinstance(item, Path)]


def count_articles(root: Path, exclude: Iterable[str | os.PathLike[str]] = ()) -> int | None:
    """About how many items (articles or errors) reading root yields, for a progress
    bar: 1 a .txt or .json file, the lines of a .jsonl file (counted in binary blocks,
    blank lines included), 1 a walk error; None when a .jsonl.gz file makes it unknown."""
    total = 0
    for item in walk_inputs(root, exclude):
        suffix = article_suffix(item.name) if isinstance(item, Path) else None
        if suffix == ".jsonl.gz":
            return None
        total += _count_lines(item) if isinstance(item, Path) and suffix == ".jsonl" else 1
    return total


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    try:
        with path.open("rb") as fh:
            while block := fh.read(BLOCK_BYTES):
                lines += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 1  # reading it will be one error record
    return lines + (last != b"\n")


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False  # then os.stat tells what it is


def _may_be_input(name: str) -> bool:
    """A dangling link is reported if it could have been an article or a folder."""
    return article_suffix(name) is not None or "." not in name


def _file_id(path: str | os.PathLike[str]) -> _FileId | None:
    try:
        return _id(os.stat(path))
    except OSError:
        return None  # an output folder not made yet has nothing to skip


def _id(st: os.stat_result) -> _FileId:
    return (st.st_dev, st.st_ino)


def _link_reason(exc: OSError, path: Path) -> str:
    try:
        target = safe_path(os.readlink(path))
    except OSError:
        target = "?"
    if exc.errno == errno.ELOOP:
        return f"symlink loop (points to '{target}')"
    if exc.errno == errno.ENOENT:
        return f"dangling symlink (points to '{target}', which does not exist)"
    return f"cannot follow symlink to '{target}': {_os_reason(exc)}"


def _os_reason(exc: OSError) -> str:
    """An OSError's message without its file name (which may not be UTF-8)."""
    return exc.strerror or type(exc).__name__


def _error(path: str | os.PathLike[str], reason: str) -> ErrorRecord:
    return ErrorRecord(path=safe_path(path), stage="read", reason=reason)
