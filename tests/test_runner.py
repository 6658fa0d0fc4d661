"""runner.run_folder in this process: one loop over an input folder with good and bad
inputs; documents and errors written in input order; the summary counts what the files
hold. (Incremental runs, crash recovery and locks: test_batch_state.py; worker
processes and kills: test_batch_process.py.)"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import (
    ARTICLE_IRAQ,
    ARTICLE_LIBYA,
    ARTICLE_SYRIA,
    ENGLISH_TEXT,
    heavy_stages,
    write_jsonl,
    write_txt,
)
from newsie.io.readers import count_articles
from newsie.pipeline import Pipeline
from newsie.runner import OUTPUT_FILES, run_folder
from newsie.runner.output import iter_jsonl
from newsie.schema import Document
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage


@pytest.fixture(scope="module")
def rules_pipeline() -> Pipeline:
    """The default pipeline without its model-based stages."""
    return Pipeline.default(disable=heavy_stages())


class SeenInputs:
    """A RunProgress that keeps the input path of each item done."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.total: int | None = None

    def loading(self) -> None:
        pass

    def started(self, total: int | None) -> None:
        self.total = total

    def advance(self, source: str) -> None:
        self.seen.append(source)


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Three good articles and four bad inputs, spread over .txt, .json and .jsonl files."""
    root = tmp_path / "in"
    write_txt(root, "a-iraq", ARTICLE_IRAQ, {"published": "2024-05-08"})
    write_txt(root, "b-empty", "   \n")
    write_txt(root, "c-english", ENGLISH_TEXT)
    (root / "d-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    write_jsonl(
        root,
        "e-wire",
        [
            {"id": "syria-1", "text": ARTICLE_SYRIA, "published": "2024-06-15"},
            '{"id": "broken", "text": ',
            {"id": "libya-1", "text": ARTICLE_LIBYA},
        ],
    )
    write_txt(root / ".hidden", "skipped", ARTICLE_IRAQ)  # hidden folders are not inputs
    return root


def test_run_writes_documents_and_errors_in_input_order(
    mixed_folder: Path, tmp_path: Path, rules_pipeline: Pipeline
) -> None:
    out = tmp_path / "out"
    progress = SeenInputs()
    summary = run_folder(mixed_folder, out, rules_pipeline, progress=progress)

    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, ".newsie"])
    documents = list(iter_jsonl(out / "documents.jsonl"))
    assert [d["doc_id"] for d in documents] == ["a-iraq", "syria-1", "libya-1"]
    assert [d["line"] for d in documents] == [None, 1, 3]
    assert documents[0]["published"] == "2024-05-08"

    errors = list(iter_jsonl(out / "errors.jsonl"))
    assert [(Path(e["path"]).name, e["line"], e["stage"]) for e in errors] == [
        ("b-empty.txt", None, "read"),
        ("c-english.txt", None, "read"),
        ("d-image.txt", None, "read"),
        ("e-wire.jsonl", 2, "read"),
    ]
    assert "PNG" in errors[2]["reason"]
    assert errors[3]["reason"].startswith("malformed JSON line")

    assert summary.articles == 3
    assert summary.errors == 4
    assert len(summary.error_reasons) == 4
    assert summary.error_reasons[3].startswith(f"{errors[3]['path']}:2: malformed JSON line")
    # One call per article or error, with the input file's path.
    assert progress.total == 7  # articles and inputs expected, not files
    assert [Path(p).name for p in progress.seen] == [
        "a-iraq.txt",
        "b-empty.txt",
        "c-english.txt",
        "d-image.txt",
        "e-wire.jsonl",
        "e-wire.jsonl",
        "e-wire.jsonl",
    ]


def test_summary_counts_what_the_files_hold(
    mixed_folder: Path, tmp_path: Path, rules_pipeline: Pipeline
) -> None:
    out = tmp_path / "out"
    summary = run_folder(mixed_folder, out, rules_pipeline)
    written_entities = Counter(
        e["type"] for d in iter_jsonl(out / "documents.jsonl") for e in d["entities"]
    )
    written_events = Counter(e["type"] for e in iter_jsonl(out / "events.jsonl"))
    assert summary.entities == written_entities
    assert summary.events == written_events
    assert written_entities["LOCATION"] + written_entities["PROVINCE"] > 0
    assert sum(written_events.values()) > 0
    assert summary.seconds > 0
    assert summary.articles_per_second == pytest.approx(summary.articles / summary.seconds)


class ForgetsToReturn:
    """A stage that forgets `return doc` on one article."""

    name = "forgetful"

    def __call__(self, doc: Document) -> Document | None:
        return None if doc.doc_id == "2-second" else doc


def test_failing_stage_gives_an_error_record_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for name, text in [("1-first", ARTICLE_IRAQ), ("2-second", ARTICLE_SYRIA)]:
        write_txt(src, name, text)
    write_txt(src, "3-third", ARTICLE_LIBYA)
    pipeline = Pipeline([NormalizeStage(), SegmentStage(), ForgetsToReturn()])  # type: ignore[list-item]
    summary = run_folder(src, tmp_path / "out", pipeline)
    assert (summary.articles, summary.errors) == (2, 1)
    docs = list(iter_jsonl(tmp_path / "out" / "documents.jsonl"))
    assert [d["doc_id"] for d in docs] == ["1-first", "3-third"]
    (error,) = iter_jsonl(tmp_path / "out" / "errors.jsonl")
    assert (error["doc_id"], error["stage"]) == ("2-second", "forgetful")
    assert "returned NoneType, not a Document" in error["reason"]


def test_folder_without_articles_changes_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write_txt(src, "a", ARTICLE_IRAQ)
    plain = Pipeline([NormalizeStage(), SegmentStage()])
    run_folder(src, out, plain)
    before = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    (src / "a.txt").unlink()
    (src / "notes.md").write_text("not an input", encoding="utf-8")
    summary = run_folder(src, out, plain)
    assert (summary.articles, summary.errors, summary.inputs_found) == (0, 0, False)
    assert any("no articles" in note for note in summary.notes)
    assert {name: (out / name).read_bytes() for name in OUTPUT_FILES} == before


def test_count_articles(mixed_folder: Path, tmp_path: Path) -> None:
    # One per .txt and .json file, one per line of a .jsonl file; not .meta.json files,
    # other files or hidden folders.
    write_txt(mixed_folder / "sub", "f", ARTICLE_IRAQ, {"published": "2024-05-08"})
    (mixed_folder / "g.json").write_text(
        json.dumps({"text": ARTICLE_SYRIA}, ensure_ascii=False), encoding="utf-8"
    )
    (mixed_folder / "readme.md").write_text("x", encoding="utf-8")
    assert count_articles(mixed_folder) == 9
    assert count_articles(mixed_folder / "a-iraq.txt") == 1
