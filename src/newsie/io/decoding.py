"""Bytes to text: encodings are detected, not assumed.

Byte-order marks first, then strict UTF-8, then charset-normalizer's detector (which
tells Windows-1256 and ISO-8859-6 Arabic apart from the rest). Anything that cannot be
text is an InputError whose message is the reason a user reads in errors.jsonl.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from newsie.io.checks import MIN_ARABIC_SHARE, arabic_share

BINARY_SIGNATURES = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"PK\x03\x04": "ZIP archive (or DOCX/XLSX)",
    b"\x1f\x8b": "gzip archive",
    b"\xd0\xcf\x11\xe0": "MS Office document",
    b"\x7fELF": "executable",
}
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_ARABIC_CODEPAGES = ("cp1256", "iso8859_6")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF8_ARABIC_PAIR = re.compile(rb"[\xd8-\xdb][\x80-\xbf]")


class InputError(Exception):
    """An input that cannot be read as an article; the message is the reason."""


def binary_kind(head: bytes) -> str | None:
    """What binary format `head` (a file's first bytes) starts, or None."""
    return next((kind for sig, kind in BINARY_SIGNATURES.items() if head.startswith(sig)), None)


def is_wide(head: bytes) -> bool:
    """A UTF-16/UTF-32 byte-order mark: such text cannot be split on newline bytes."""
    return any(head.startswith(bom) for bom, enc in BOMS if enc != "utf-8-sig")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes; returns (text, encoding name)."""
    kind = binary_kind(data)
    if kind:
        raise InputError(f"binary file ({kind}), not text")
    for bom, encoding in BOMS:
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
    if arabic_share(text) < MIN_ARABIC_SHARE:
        # Short single-byte Arabic (ISO-8859-6 above all) fools the detector into
        # Thai or Cyrillic code pages; an Arabic code page that reads as Arabic wins.
        fallback = _arabic_codepage(data)
        if fallback:
            return fallback
    return text, best.encoding


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
        share = arabic_share(text)
        if share >= 0.9 and not _CONTROL.search(text) and (best is None or share > best[0]):
            best = (share, text, encoding)
    return (best[1], best[2]) if best else None
