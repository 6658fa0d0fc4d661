"""Read article folders: .txt (+ .meta.json), .jsonl, .json, .jsonl.gz and .json.gz.

Everything that cannot become an article becomes an ErrorRecord (path, line, reason)
instead, so one bad file, line or folder never stops a run: decoding is in
`decoding`, JSON limits in `json_limits`, the folder walk in `walk`, the text and date
checks in `checks`. JSONL files, gzipped or not, are read a line at a time.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from pydantic import ValidationError

from newsie.io import json_limits
from newsie.io.checks import check_text, parse_published, usable_published
from newsie.io.decoding import InputError, binary_kind, decode_bytes, is_wide
from newsie.io.walk import (
    article_suffix,
    count_articles,
    iter_input_files,
    safe_path,
    walk_inputs,
)
from newsie.schema import Article, ErrorRecord, replace_surrogates

__all__ = [
    "MAX_FILE_BYTES",
    "InputError",
    "check_text",
    "count_articles",
    "decode_bytes",
    "iter_input_files",
    "parse_published",
    "read_file",
    "read_folder",
    "safe_path",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
# The fields newsie reads; every other input field is kept in the article's `meta`.
ARTICLE_FIELDS = ("id", "text", "published", "title", "url")
# What a broken gzip stream raises: BadGzipFile (an OSError), EOFError, zlib.error.
_GZIP_ERRORS = (OSError, EOFError, zlib.error)
_LineItem = tuple[int, "bytes | str | ErrorRecord"]


def read_folder(
    root: Path, exclude: Iterable[str | os.PathLike[str]] = ()
) -> Iterator[Article | ErrorRecord]:
    """Every article under root, or an error record for each input that fails; the
    folders in `exclude` (the run's output) and other newsie outputs are not read."""
    root = Path(root)
    seen: set[str] = set()
    base = root if root.is_dir() else root.parent
    for entry in walk_inputs(root, exclude):
        items = [entry] if isinstance(entry, ErrorRecord) else read_isolated(entry, base)
        for item in items:
            if isinstance(item, Article):
                if item.id in seen:
                    yield ErrorRecord(
                        path=item.source,
                        line=item.line,
                        doc_id=item.id,
                        stage="read",
                        reason=f"duplicate document id '{item.id}'",
                    )
                    continue
                seen.add(item.id)
            yield item


def read_isolated(path: Path, root: Path) -> Iterator[Article | ErrorRecord]:
    """read_file, with any unforeseen exception turned into the file's last error record
    (ids are relative to `root`); what the Dask engine's readers call per file."""
    line: int | None = None
    try:
        for item in read_file(path, root):
            line = item.line
            yield _clean_error(item) if isinstance(item, ErrorRecord) else item
    except Exception as exc:
        reason = f"unexpected error while reading: {type(exc).__name__}: {exc}"
        yield _clean_error(
            ErrorRecord(path=safe_path(path), line=line, stage="read", reason=reason)
        )


def _clean_error(error: ErrorRecord) -> ErrorRecord:
    """The record with lone surrogates (from a JSON id or a message) replaced, so
    errors.jsonl can always be written."""
    fields = {name: getattr(error, name) for name in ("path", "doc_id", "reason")}
    cleaned, count = replace_surrogates(fields)
    return error.model_copy(update=cleaned) if count else error


def read_file(path: Path, root: Path) -> Iterator[Article | ErrorRecord]:
    """The articles of one input file, or error records for what cannot be read."""
    suffix = article_suffix(path.name) or ""
    doc_id = _doc_id(path, root, suffix)
    source = safe_path(path)
    try:
        if suffix in (".jsonl", ".jsonl.gz"):
            with _open_binary(path, gz=suffix == ".jsonl.gz") as fh:
                yield from _read_jsonl(fh, source, doc_id)
            return
        if suffix == ".json.gz":
            with gzip.open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise InputError(f"file too large (over {MAX_FILE_BYTES:,} bytes uncompressed)")
        else:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise InputError(f"file too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
            data = path.read_bytes()
        text, _ = decode_bytes(data)
    except InputError as exc:
        yield ErrorRecord(path=source, doc_id=doc_id, stage="read", reason=str(exc))
        return
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        reason = f"cannot decompress: {exc}"
        yield ErrorRecord(path=source, doc_id=doc_id, stage="read", reason=reason)
        return
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
        yield ErrorRecord(path=source, doc_id=doc_id, stage="read", reason=reason)
        return
    if suffix in (".json", ".json.gz"):
        yield _article_from_json(text, source, doc_id)
    else:
        yield _article_from_txt(path, source, doc_id, text)


def _open_binary(path: Path, gz: bool) -> BinaryIO:
    """The file's bytes, decompressed as they are read when `gz`."""
    if gz:
        return cast(BinaryIO, gzip.GzipFile(path, "rb"))
    return path.open("rb")


def _doc_id(path: Path, root: Path, suffix: str) -> str:
    """The relative path without the article suffix: `sub/report`, `feed` for feed.jsonl.gz."""
    rel = path.name if path == root else path.relative_to(root).as_posix()
    if suffix and rel.lower().endswith(suffix):
        rel = rel[: -len(suffix)]
    elif path == root:
        rel = path.stem
    return safe_path(rel)


def _article_from_json(text: str, source: str, doc_id: str) -> Article | ErrorRecord:
    try:
        obj = json_limits.loads(text)
    except json.JSONDecodeError as exc:
        return ErrorRecord(
            path=source,
            line=exc.lineno,
            doc_id=doc_id,
            stage="read",
            reason=f"malformed JSON: {exc.msg} (column {exc.colno})",
        )
    except InputError as exc:
        return ErrorRecord(path=source, doc_id=doc_id, stage="read", reason=str(exc))
    return _article_from_obj(obj, source, None, doc_id)


def _article_from_txt(path: Path, source: str, doc_id: str, text: str) -> Article | ErrorRecord:
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    meta_path = path.with_name(path.name[: -len(".txt")] + ".meta.json")
    if path.name.lower().endswith(".txt") and meta_path.exists():
        try:
            meta_stat = meta_path.stat()
            if not stat.S_ISREG(meta_stat.st_mode):
                raise InputError("not a regular file")
            if meta_stat.st_size > MAX_FILE_BYTES:
                raise InputError("file too large")
            loaded = json_limits.loads(decode_bytes(meta_path.read_bytes())[0])
            if not isinstance(loaded, dict):
                raise InputError("not a JSON object")
            meta = loaded
        except (InputError, json.JSONDecodeError) as exc:
            warnings.append(f"ignored unreadable metadata {safe_path(meta_path.name)}: {exc}")
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            warnings.append(f"ignored unreadable metadata {safe_path(meta_path.name)}: {reason}")
    return _make_article(doc_id, source, text, meta, warnings, None)


def _read_jsonl(fh: BinaryIO, source: str, stem: str) -> Iterator[Article | ErrorRecord]:
    """One article or error per non-blank line; lines are read one at a time."""
    head = fh.read(4)
    fh.seek(0)
    kind = binary_kind(head)
    if kind:
        # One error for the file, not one per "line" of a PNG or a gzip archive.
        yield ErrorRecord(path=source, stage="read", reason=f"binary file ({kind}), not text")
        return
    lines = _wide_lines(fh) if is_wide(head) else _byte_lines(fh)
    for lineno, raw in lines:
        if isinstance(raw, ErrorRecord):
            yield raw.model_copy(update={"path": source, "line": lineno or None})
            continue
        try:
            yield _article_from_line(raw, source, lineno, f"{stem}-{lineno}")
        except Exception as exc:  # one line's bug is that line's error
            reason = f"unexpected error while reading: {type(exc).__name__}: {exc}"
            yield ErrorRecord(path=source, line=lineno, stage="read", reason=reason)


def _article_from_line(
    raw: bytes | str, source: str, lineno: int, fallback_id: str
) -> Article | ErrorRecord:
    try:
        line = raw if isinstance(raw, str) else decode_bytes(raw)[0]
        obj = json_limits.loads(line)
    except json.JSONDecodeError as exc:
        return ErrorRecord(
            path=source,
            line=lineno,
            stage="read",
            reason=f"malformed JSON line: {exc.msg} (column {exc.colno})",
        )
    except InputError as exc:
        return ErrorRecord(path=source, line=lineno, stage="read", reason=str(exc))
    return _article_from_obj(obj, source, lineno, fallback_id)


def _byte_lines(fh: BinaryIO) -> Iterator[_LineItem]:
    """Non-blank lines as bytes; a line over the size limit is skipped without
    reading it into memory whole, and reported; so is a broken gzip stream."""
    lineno = 0
    while True:
        try:
            raw = fh.readline(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES and not raw.endswith(b"\n"):
                size = len(raw)
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(1 << 20)
                    size += len(raw)
                reason = f"line too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})"
                lineno += 1
                yield lineno, ErrorRecord(path="", stage="read", reason=reason)
                continue
        except _GZIP_ERRORS as exc:
            reason = f"cannot decompress after line {lineno}: {exc}"
            yield lineno + 1, ErrorRecord(path="", stage="read", reason=reason)
            return
        if not raw:
            return
        lineno += 1
        if raw.strip():
            yield lineno, raw


def _wide_lines(fh: BinaryIO) -> Iterator[_LineItem]:
    """Lines of a UTF-16/UTF-32 file (with a byte-order mark), which cannot be
    split on newline bytes; the whole file is decoded at once."""
    data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        reason = f"file too large for UTF-16/32 JSONL (over {MAX_FILE_BYTES:,} bytes)"
        yield 0, ErrorRecord(path="", stage="read", reason=reason)
        return
    try:
        text, _ = decode_bytes(data)
    except InputError as exc:
        yield 0, ErrorRecord(path="", stage="read", reason=str(exc))
        return
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield lineno, line


def _article_from_obj(
    obj: Any, source: str, line: int | None, fallback_id: str
) -> Article | ErrorRecord:
    if not isinstance(obj, dict):
        return ErrorRecord(
            path=source,
            line=line,
            stage="read",
            reason=f"expected a JSON object, got {type(obj).__name__}",
        )
    doc_id = str(obj["id"]) if obj.get("id") not in (None, "") else fallback_id
    text = obj.get("text")
    if not isinstance(text, str):
        reason = "missing 'text' field" if text is None else "'text' is not a string"
        return ErrorRecord(path=source, line=line, doc_id=doc_id, stage="read", reason=reason)
    return _make_article(doc_id, source, text, obj, [], line)


def _make_article(
    doc_id: str,
    source: str,
    text: str,
    fields: dict[str, Any],
    warnings: list[str],
    line: int | None,
) -> Article | ErrorRecord:
    """An article from its text and input fields (a JSON object or a .meta.json)."""
    reason = check_text(text)
    if reason:
        return _invalid(source, line, doc_id, reason)
    try:
        published = usable_published(fields.get("published"), warnings)
    except ValueError as exc:
        warnings.append(str(exc))
        published = None
    try:
        return Article(
            id=doc_id,
            source=source,
            line=line,
            text=text,
            published=published,
            published_source="input" if published else None,
            title=_opt_str(fields.get("title")),
            url=_opt_str(fields.get("url")),
            meta={k: v for k, v in fields.items() if k not in ARTICLE_FIELDS},
            warnings=warnings,
        )
    except ValidationError as exc:
        return _invalid(source, line, doc_id, f"invalid article: {exc.errors()[0]['msg']}")


def _invalid(source: str, line: int | None, doc_id: str, reason: str) -> ErrorRecord:
    return ErrorRecord(path=source, line=line, doc_id=doc_id, stage="read", reason=reason)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)
