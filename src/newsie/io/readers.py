"""Read article folders: .txt (+ .meta.json), .jsonl and .json, in any encoding.

Everything that cannot become an article becomes an ErrorRecord instead, so one
bad file never stops a run. Encodings are detected, not assumed: byte-order
marks first, then strict UTF-8, then charset-normalizer's detector (which tells
Windows-1256 and ISO-8859-6 Arabic apart from the rest).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes
from pydantic import ValidationError

from newsie.schema import Article, ErrorRecord

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ARTICLE_CHARS = 1_000_000
MIN_ARABIC_SHARE = 0.3

_BINARY_SIGNATURES = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"PK\x03\x04": "ZIP archive (or DOCX/XLSX)",
    b"\x1f\x8b": "gzip archive",
    b"\xd0\xcf\x11\xe0": "MS Office document",
    b"\x7fELF": "executable",
}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]")
_LETTER = re.compile(r"[^\W\d_]")


class InputError(Exception):
    """An input that cannot be read as an article; the message is the reason."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes; returns (text, encoding name)."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"binary file ({kind}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"bytes do not decode as {encoding}: {exc.reason}") from exc
    utf8_error: UnicodeDecodeError | None = None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            utf8_error = exc
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        fallback = _arabic_codepage(data)
        if fallback:
            return fallback
        if utf8_error is not None and _looks_like_utf8_arabic(data):
            raise InputError(
                f"undecodable bytes: UTF-8 text with an invalid byte at offset {utf8_error.start}"
            )
        kind = "binary data" if b"\x00" in data else "undecodable bytes"
        raise InputError(f"{kind}: no text encoding fits")
    text = str(best)
    if "\x00" in text:
        raise InputError(f"binary data (decoded as {best.encoding} it holds NUL characters)")
    if _arabic_share(text) < MIN_ARABIC_SHARE:
        # Short single-byte Arabic (ISO-8859-6 above all) fools the detector into
        # Thai or Cyrillic code pages; an Arabic code page that reads as Arabic wins.
        fallback = _arabic_codepage(data)
        if fallback:
            return fallback
    return text, best.encoding


_ARABIC_CODEPAGES = ("cp1256", "iso8859_6")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _arabic_share(text: str) -> float:
    letters = len(_LETTER.findall(text))
    return len(_ARABIC_LETTER.findall(text)) / letters if letters else 0.0


_UTF8_ARABIC_PAIR = re.compile(rb"[\xd8-\xdb][\x80-\xbf]")


def _looks_like_utf8_arabic(data: bytes) -> bool:
    """Most high bytes pair up as UTF-8 Arabic letters: damaged UTF-8, whose
    single-byte reading would be mojibake that still looks Arabic."""
    high = sum(1 for b in data if b >= 0x80)
    return high > 0 and 2 * len(_UTF8_ARABIC_PAIR.findall(data)) >= 0.6 * high


def _arabic_codepage(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) if an Arabic single-byte code page reads `data` as Arabic
    text (nearly all letters Arabic, no control characters), else None."""
    if b"\x00" in data or not any(b >= 0x80 for b in data) or _looks_like_utf8_arabic(data):
        return None
    best: tuple[float, str, str] | None = None
    for encoding in _ARABIC_CODEPAGES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _arabic_share(text)
        if share >= 0.9 and not _CONTROL.search(text) and (best is None or share > best[0]):
            best = (share, text, encoding)
    return (best[1], best[2]) if best else None


def check_text(text: str) -> str | None:
    """Why this text is not an article we can process, or None if it is."""
    if not text.strip():
        return "empty article (no text)"
    if len(text) > MAX_ARTICLE_CHARS:
        return f"article too large ({len(text):,} characters; limit {MAX_ARTICLE_CHARS:,})"
    letters = len(_LETTER.findall(text))
    arabic = len(_ARABIC_LETTER.findall(text))
    if letters == 0:
        return "no letters in the text"
    if arabic / letters < MIN_ARABIC_SHARE:
        return f"not Arabic text (only {arabic / letters:.0%} of the letters are Arabic)"
    return None


def parse_published(value: Any) -> dt.date | None:
    """A publication date from metadata: 'YYYY-MM-DD', an ISO timestamp, or null."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise ValueError(f"published {value!r} is not a YYYY-MM-DD date")


def iter_input_files(root: Path, exclude: tuple[Path, ...] = ()) -> list[Path]:
    """Article files under root, in a stable order (sorted relative paths)."""
    if root.is_file():
        return [root]
    skip = [p.resolve() for p in exclude]
    files = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if any(path.resolve().is_relative_to(s) for s in skip):
            continue
        name = path.name
        if name.endswith(".meta.json"):
            continue
        if path.suffix.lower() in (".txt", ".jsonl", ".json"):
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def count_articles(root: Path, exclude: tuple[Path, ...] = ()) -> int | None:
    total = 0
    for path in iter_input_files(root, exclude):
        if path.suffix.lower() == ".jsonl":
            total += sum(1 for line in path.open("rb") if line.strip())
        else:
            total += 1
    return total


def read_folder(root: Path, exclude: tuple[Path, ...] = ()) -> Iterator[Article | ErrorRecord]:
    """Every article under root, or an error record for each input that fails."""
    seen: set[str] = set()
    base = root if root.is_dir() else root.parent
    for path in iter_input_files(root, exclude):
        for item in read_file(path, base):
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


def read_file(path: Path, root: Path) -> Iterator[Article | ErrorRecord]:
    rel = path.relative_to(root).with_suffix("").as_posix() if path != root else path.stem
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and path.suffix.lower() != ".jsonl":
            raise InputError(f"file too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path, rel)
            return
        text, _ = decode_bytes(path.read_bytes())
    except InputError as exc:
        yield ErrorRecord(path=source, doc_id=rel, stage="read", reason=str(exc))
        return
    except OSError as exc:
        yield ErrorRecord(path=source, doc_id=rel, stage="read", reason=f"cannot read: {exc}")
        return
    if path.suffix.lower() == ".txt":
        yield _article_from_txt(path, rel, text)
    else:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ErrorRecord(
                path=source,
                line=exc.lineno,
                doc_id=rel,
                stage="read",
                reason=f"malformed JSON: {exc.msg} (column {exc.colno})",
            )
            return
        yield _article_from_obj(obj, source, None, rel)


def _article_from_txt(path: Path, doc_id: str, text: str) -> Article | ErrorRecord:
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    meta_path = path.with_name(path.name[: -len(".txt")] + ".meta.json")
    if meta_path.exists():
        try:
            loaded = json.loads(decode_bytes(meta_path.read_bytes())[0])
            if not isinstance(loaded, dict):
                raise InputError("not a JSON object")
            meta = loaded
        except (InputError, json.JSONDecodeError, OSError) as exc:
            warnings.append(f"ignored unreadable metadata {meta_path.name}: {exc}")
    meta = {k: meta.get(k) for k in ("published", "title", "url")}
    return _make_article(doc_id, str(path), text, meta, warnings, None)


def _read_jsonl(path: Path, stem: str) -> Iterator[Article | ErrorRecord]:
    source = str(path)
    with path.open("rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        kind = _binary_kind(head)
        if kind:
            # One error for the file, not one per "line" of a PNG or a gzip archive.
            yield ErrorRecord(path=source, stage="read", reason=f"binary file ({kind}), not text")
            return
        if any(head.startswith(bom) for bom, enc in _BOMS if enc != "utf-8-sig"):
            lines = _wide_lines(fh, path)
        else:
            lines = _byte_lines(fh)
        for lineno, raw in lines:
            if isinstance(raw, ErrorRecord):
                yield raw.model_copy(update={"path": source, "line": lineno or None})
                continue
            try:
                line = raw if isinstance(raw, str) else decode_bytes(raw)[0]
                obj = json.loads(line)
            except InputError as exc:
                yield ErrorRecord(path=source, line=lineno, stage="read", reason=str(exc))
                continue
            except json.JSONDecodeError as exc:
                yield ErrorRecord(
                    path=source,
                    line=lineno,
                    stage="read",
                    reason=f"malformed JSON line: {exc.msg} (column {exc.colno})",
                )
                continue
            yield _article_from_obj(obj, source, lineno, f"{stem}-{lineno}")


def _binary_kind(head: bytes) -> str | None:
    return next((kind for sig, kind in _BINARY_SIGNATURES.items() if head.startswith(sig)), None)


_LineItem = tuple[int, "bytes | str | ErrorRecord"]


def _byte_lines(fh: BinaryIO) -> Iterator[_LineItem]:
    """Non-blank lines as bytes; a line over the size limit is skipped without
    reading it into memory whole, and reported."""
    lineno = 0
    while True:
        raw = fh.readline(MAX_FILE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_FILE_BYTES and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
                size += len(raw)
            reason = f"line too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})"
            yield lineno, ErrorRecord(path="", stage="read", reason=reason)
        elif raw.strip():
            yield lineno, raw


def _wide_lines(fh: BinaryIO, path: Path) -> Iterator[_LineItem]:
    """Lines of a UTF-16/UTF-32 file (with a byte-order mark), which cannot be
    split on newline bytes; the whole file is decoded at once."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        reason = f"file too large for UTF-16/32 JSONL ({size:,} bytes; limit {MAX_FILE_BYTES:,})"
        yield 0, ErrorRecord(path="", stage="read", reason=reason)
        return
    try:
        text, _ = decode_bytes(fh.read())
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
    meta = {k: obj.get(k) for k in ("published", "title", "url")}
    return _make_article(doc_id, source, text, meta, [], line)


def _make_article(
    doc_id: str, source: str, text: str, meta: dict[str, Any], warnings: list[str], line: int | None
) -> Article | ErrorRecord:
    reason = check_text(text)
    if reason:
        return ErrorRecord(path=source, line=line, doc_id=doc_id, stage="read", reason=reason)
    try:
        published = parse_published(meta.get("published"))
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
            title=_opt_str(meta.get("title")),
            url=_opt_str(meta.get("url")),
            warnings=warnings,
        )
    except ValidationError as exc:
        return ErrorRecord(
            path=source,
            line=line,
            doc_id=doc_id,
            stage="read",
            reason=f"invalid article: {exc.errors()[0]['msg']}",
        )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)
