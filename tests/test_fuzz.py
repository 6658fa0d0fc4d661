"""Fuzzing (issue 20.8): arbitrary Unicode for `newsie.extract()` and arbitrary bytes and
JSON lines for the readers. Neither ever raises, offsets always map into the original
text, and everything encodes as UTF-8 JSON. Examples are few so that CI stays quick."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsie
from event_helpers import _rules_pipeline
from newsie.io.decoding import binary_kind, is_wide
from newsie.io.readers import read_folder
from newsie.schema import Article, Document, ErrorRecord, replace_surrogates

# NEWSIE_FUZZ_EXAMPLES=2000 for a deeper run by hand.
FUZZ = settings(
    max_examples=int(os.environ.get("NEWSIE_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Invented news phrases, so that the stages find something to work on.
PHRASES = [
    "قتل 3 جنود في هجوم على نقطة تفتيش في كركوك أمس",
    "اللواء 20 في الجيش العراقي",
    "اشتباكات بين قوات الأمن ومسلحين قرب مدينة حلب",
    "في 12 تشرين الأول/أكتوبر 2024",
    "الفريق الركن سالم الفجري",
    "٣ رمضان ١٤٤٥ هـ",
    "وأصيب ١٢ مدنياً",
]
ODD_CHARACTERS = [
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u202b",  # right-to-left embedding
    "\u202c",  # pop directional formatting
    "\u061c",  # Arabic letter mark
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u0640",  # tatweel
    "\u064b",  # fathatan
    "\u0651",  # shadda
    "\u0670",  # superscript alef
    "\u0301",  # combining acute accent
    "\ufeff",  # byte-order mark
    "\u00a0",  # no-break space
    "\r\n",
    "\n\n",
    "\x00",
    "\ud800",  # lone surrogates
    "\udcff",
    "\udfff",
]
surrogates = st.integers(0xD800, 0xDFFF).map(chr)
digits = st.characters(categories=["Nd"])  # the digits of every script
marks = st.characters(categories=["Mn", "Me", "Cf"])
pieces = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(ODD_CHARACTERS),
    surrogates,
    st.text(digits, min_size=1, max_size=6),
    marks,
    st.text(max_size=12),
)
texts = st.lists(pieces, max_size=25).map(" ".join)
published = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def utf8_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def assert_offsets_map(doc: Document) -> None:
    for entity in doc.entities:
        assert doc.text[entity.start : entity.end] == entity.text, entity
    for event in doc.events:
        spans = [event.trigger, event.sentence]
        spans += [s for m in event.mentions for s in (m.trigger, m.sentence)]
        for span in spans:
            assert 0 <= span.start <= span.end <= len(doc.text)
            if span.text is not None:
                assert doc.text[span.start : span.end] == span.text
        located = [event.date, *event.locations, *event.actors]
        for item in located:
            if item is not None and item.start is not None and item.end is not None:
                assert doc.text[item.start : item.end] == item.text


@pytest.fixture(scope="module", autouse=True)
def _rules_only_extract() -> Iterator[None]:
    """newsie.extract() on the rules-only pipeline, for speed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(newsie, "_default_pipeline", lambda key=(): _rules_pipeline())
        yield


@FUZZ
@given(text=texts, date=published)
def test_extract_never_raises_and_keeps_offsets(text: str, date: str | None) -> None:
    doc = newsie.extract(text, published=date)
    # Only lone surrogates change (one character for one), so offsets are the input's.
    assert doc.text == replace_surrogates(text)[0] and len(doc.text) == len(text)
    assert_offsets_map(doc)
    record = doc.to_record()
    record["events"] = [e.model_dump(mode="json") for e in doc.events]
    utf8_json(record)


# --- the readers -------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
    st.text(),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
rows = st.one_of(
    st.fixed_dictionaries(
        {"text": texts},
        optional={
            "id": json_scalars,
            "published": st.one_of(published, json_scalars),
            "title": json_scalars,
            "outlet": json_values,
        },
    ),
    json_values,
)
lines = st.one_of(
    rows.map(lambda row: json.dumps(row).encode("ascii")),  # lone surrogates as \ud800
    st.binary(max_size=200),
)


def read_everything(root: Path) -> list[Article | ErrorRecord]:
    items = list(read_folder(root))
    for item in items:
        assert isinstance(item, Article | ErrorRecord)
        utf8_json(item.model_dump(mode="json"))
        if isinstance(item, Article):
            utf8_json(Document.from_article(item).to_record())
        else:
            assert item.reason
    return items


def where(item: Article | ErrorRecord) -> str:
    return item.source if isinstance(item, Article) else item.path


@FUZZ
@given(lines=st.lists(lines, max_size=8))
def test_readers_never_raise_on_jsonl(lines: list[bytes]) -> None:
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "feed.jsonl").write_bytes(data)
        (root / "packed.jsonl.gz").write_bytes(gzip.compress(data))
        items = read_everything(root)
    if is_wide(data[:4]):
        return  # split into lines after decoding: another count
    # One item a non-blank line, or one for the whole file when it is binary.
    expected = 1 if binary_kind(data[:4]) else sum(1 for x in data.split(b"\n") if x.strip())
    for name in ("feed.jsonl", "packed.jsonl.gz"):
        assert sum(1 for i in items if where(i).endswith(name)) == expected


@FUZZ
@given(data=st.one_of(st.binary(max_size=300), texts.map(lambda t: t.encode("utf-8", "replace"))))
def test_readers_never_raise_on_any_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("a.txt", "b.json", "c.jsonl", "d.json.gz", "e.txt"):
            (root / name).write_bytes(data)
        (root / "e.meta.json").write_bytes(data)
        items = read_everything(root)
    for name in ("a.txt", "b.json", "d.json.gz", "e.txt"):
        assert sum(1 for i in items if where(i).endswith(name)) == 1, name
