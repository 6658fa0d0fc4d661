"""Output files: atomic replacement, input order, and rows valid against the schema."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from conftest import ARTICLE_IRAQ, ARTICLE_LIBYA, ARTICLE_SYRIA, ARTICLE_YEMEN, write_txt
from newsie.io.writers import OUTPUT_FILES, OutputWriter, iter_jsonl
from newsie.pipeline import Pipeline
from newsie.runner import run_folder
from newsie.schema import (
    Article,
    Document,
    DocumentRecord,
    ErrorRecord,
    Event,
    EventDate,
    EventLocation,
    Span,
)
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage


class Interrupted(BaseException):
    """Stands for Ctrl-C or a kill in the middle of a run."""


class InterruptOnMarker:
    name = "interrupt"

    def __call__(self, doc: Document) -> Document:
        if "الهيشه" in doc.norm.text:
            raise Interrupted
        return doc


def make_doc(doc_id: str, text: str, with_event: bool = False) -> Document:
    doc = Pipeline([NormalizeStage(), SegmentStage()]).process(
        Article(id=doc_id, source=f"{doc_id}.txt", text=text, published="2024-05-08")
    )
    start = doc.norm.text.index("نينوي") if "نينوي" in doc.norm.text else 0
    doc.add_entity("PROVINCE", start, start + 5, stage="test", code="IQ-NI", country="IQ")
    if with_event:
        sentence = doc.sentences[0]
        doc.events.append(
            Event(
                event_id=f"{doc_id}-e1",
                doc_id=doc_id,
                type="ARMED_CLASH",
                date=EventDate(value="2024-05-08", text="يوم الأربعاء", precision="day"),
                locations=[EventLocation(text="نينوى", type="PROVINCE", admin1="IQ-NI")],
                killed=3,
                trigger=Span(start=60, end=66, text="اشتباك"),
                sentence=Span(start=sentence.start, end=sentence.end),
            )
        )
    return doc


def lines(path: Path) -> list[dict[str, object]]:
    return list(iter_jsonl(path))


def test_writes_three_files_in_order_valid_against_the_schema(tmp_path: Path) -> None:
    with OutputWriter(tmp_path) as writer:
        writer.write_document(make_doc("b", ARTICLE_IRAQ, with_event=True))
        writer.write_error(ErrorRecord(path="x.txt", stage="read", reason="empty article"))
        writer.write_document(make_doc("a", ARTICLE_SYRIA))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUT_FILES)
    docs = lines(tmp_path / "documents.jsonl")
    assert [d["doc_id"] for d in docs] == ["b", "a"]  # order written, not sorted
    for row in docs:
        record = DocumentRecord.model_validate(row)
        for entity in record.entities:
            assert record.text[entity.start : entity.end] == entity.text
        assert "events" not in row
    # Null fields are left out of entities, so files stay small.
    assert "lat" not in docs[0]["entities"][0]  # type: ignore[index]
    (event,) = lines(tmp_path / "events.jsonl")
    assert Event.model_validate(event).killed == 3
    (error,) = lines(tmp_path / "errors.jsonl")
    assert ErrorRecord.model_validate(error).reason == "empty article"


def test_arabic_is_written_as_utf8_not_escaped(tmp_path: Path) -> None:
    with OutputWriter(tmp_path) as writer:
        writer.write_document(make_doc("a", ARTICLE_IRAQ))
    raw = (tmp_path / "documents.jsonl").read_bytes()
    assert "قيادة عمليات نينوى".encode() in raw
    assert b"\\u06" not in raw


def test_files_appear_only_on_commit(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    writer.write_document(make_doc("a", ARTICLE_IRAQ))
    assert not (tmp_path / "documents.jsonl").exists()
    temporary = [p.name for p in tmp_path.iterdir()]
    assert len(temporary) == 3 and all(n.startswith(".") and n.endswith(".tmp") for n in temporary)
    writer.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUT_FILES)


def test_output_files_get_normal_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with OutputWriter(tmp_path) as writer:
            writer.write_document(make_doc("a", ARTICLE_IRAQ))
    finally:
        os.umask(umask)
    for name in OUTPUT_FILES:
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644


def test_abort_keeps_the_previous_output(tmp_path: Path) -> None:
    with OutputWriter(tmp_path) as writer:
        writer.write_document(make_doc("old", ARTICLE_IRAQ))
    before = {name: (tmp_path / name).read_bytes() for name in OUTPUT_FILES}
    with pytest.raises(RuntimeError), OutputWriter(tmp_path) as writer:
        writer.write_document(make_doc("new", ARTICLE_SYRIA))
        raise RuntimeError("disk full")
    assert {name: (tmp_path / name).read_bytes() for name in OUTPUT_FILES} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUT_FILES)  # no temp left


def test_interrupted_run_leaves_the_previous_output_intact(tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_txt(src, "1", ARTICLE_IRAQ)
    write_txt(src, "2", ARTICLE_SYRIA)
    write_txt(src, "3", ARTICLE_LIBYA)  # mentions الهيشة
    out = tmp_path / "out"
    plain = Pipeline([NormalizeStage(), SegmentStage()])
    first = run_folder(src, out, plain)
    assert first.articles == 3
    before = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    write_txt(src, "0", ARTICLE_YEMEN)
    with pytest.raises(Interrupted):
        run_folder(src, out, Pipeline([*plain.stages, InterruptOnMarker()]))
    assert {name: (out / name).read_bytes() for name in OUTPUT_FILES} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_run_writes_documents_in_input_order(tmp_path: Path) -> None:
    src = tmp_path / "in"
    names = ["c", "a", "b/z", "b/a"]
    for name, text in zip(
        names, [ARTICLE_IRAQ, ARTICLE_SYRIA, ARTICLE_YEMEN, ARTICLE_LIBYA], strict=True
    ):
        folder, _, stem = ("/" + name).rpartition("/")
        write_txt(src / folder.strip("/"), stem, text)
    run_folder(src, tmp_path / "out", Pipeline([NormalizeStage(), SegmentStage()]))
    docs = lines(tmp_path / "out" / "documents.jsonl")
    assert [d["doc_id"] for d in docs] == ["a", "b/a", "b/z", "c"]


def test_output_dir_is_created(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "er" / "out"
    with OutputWriter(out):
        pass
    assert all((out / name).read_text() == "" for name in OUTPUT_FILES)


def test_iter_jsonl_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"a": 1}\n\n  \n{"a": 2}\n', encoding="utf-8")
    assert [row["a"] for row in iter_jsonl(path)] == [1, 2]


def test_document_record_round_trip(tmp_path: Path) -> None:
    doc = make_doc("a", ARTICLE_IRAQ, with_event=True)
    with OutputWriter(tmp_path) as writer:
        writer.write_document(doc)
    (row,) = lines(tmp_path / "documents.jsonl")
    record = DocumentRecord.model_validate(row)
    assert record.text == doc.text
    assert record.entities == sorted(doc.entities, key=lambda e: (e.start, e.end))
    assert json.loads(json.dumps(row, ensure_ascii=False)) == row
