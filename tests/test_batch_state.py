"""Batch runs over one output folder, in this process: incremental re-runs, the state
store's recovery after a kill (simulated on the files), the one-writer lock, output
inside the input folder, and reading only committed output."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

import newsie
from conftest import ARTICLE_IRAQ, ARTICLE_LIBYA, ARTICLE_SYRIA, ARTICLE_YEMEN, write_txt
from newsie.pipeline import Pipeline
from newsie.runner import (
    OUTPUT_FILES,
    OutputLocked,
    RunOptions,
    iter_output_rows,
    read_status,
    run_folder,
)
from newsie.runner.lock import OutputLock, holder
from newsie.runner.output import OutputFiles
from newsie.runner.state import StateStore
from newsie.schema import Document, DocumentRecord, Event, Span
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage


class FirstWordStage:
    """Tags each article's first word as a LOCATION: something to write per article."""

    name = "first-word"

    def __call__(self, doc: Document) -> Document:
        first = doc.tokens[0]
        doc.add_entity("LOCATION", first.start, first.end, stage=self.name)
        return doc


def pipeline() -> Pipeline:
    return Pipeline([NormalizeStage(), SegmentStage(), FirstWordStage()])  # type: ignore[list-item]


def doc_ids(out: Path) -> list[str]:
    return [row["doc_id"] for row in iter_output_rows(out, "documents.jsonl")]


def raw_doc_ids(out: Path) -> list[str]:
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["doc_id"] for line in lines]


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "in"
    for name, text in [("a", ARTICLE_IRAQ), ("b", ARTICLE_SYRIA), ("c", ARTICLE_YEMEN)]:
        write_txt(src, name, text, {"published": "2024-05-08"})
    return src, tmp_path / "out"


# --- incremental ---------------------------------------------------------------------


def test_a_second_run_does_only_new_and_changed_articles(folders: tuple[Path, Path]) -> None:
    src, out = folders
    first = run_folder(src, out, pipeline())
    assert (first.articles, first.skipped) == (3, 0)
    write_txt(src, "d", ARTICLE_LIBYA)
    write_txt(src, "b", ARTICLE_SYRIA + " وأضاف المصدر أن الوضع هادئ.", {"published": "2024-05-08"})
    second = run_folder(src, out, pipeline())
    assert (second.articles, second.skipped, second.errors) == (2, 2, 0)
    # b's old record is replaced, not kept beside the new one, in the files themselves.
    assert sorted(raw_doc_ids(out)) == ["a", "b", "c", "d"]
    (b,) = [d for d in newsie.read_output(out) if d.doc_id == "b"]
    assert b.text.endswith("هادئ.")
    third = run_folder(src, out, pipeline())
    assert (third.articles, third.skipped) == (0, 4)


def test_reprocess_redoes_everything_without_duplicates(folders: tuple[Path, Path]) -> None:
    src, out = folders
    run_folder(src, out, pipeline())
    again = run_folder(src, out, pipeline(), RunOptions(reprocess=True))
    assert (again.articles, again.skipped) == (3, 0)
    assert sorted(raw_doc_ids(out)) == ["a", "b", "c"]


def test_another_pipeline_redoes_everything(folders: tuple[Path, Path]) -> None:
    src, out = folders
    run_folder(src, out, pipeline())
    plain = Pipeline([NormalizeStage(), SegmentStage()])
    again = run_folder(src, out, plain)
    assert again.articles == 3
    assert all(row["entities"] == [] for row in iter_output_rows(out, "documents.jsonl"))


def test_vanished_articles_are_kept_unless_pruned(folders: tuple[Path, Path]) -> None:
    src, out = folders
    run_folder(src, out, pipeline())
    (src / "a.txt").unlink()
    kept = run_folder(src, out, pipeline())
    assert (kept.skipped, kept.pruned) == (2, 0)
    assert sorted(doc_ids(out)) == ["a", "b", "c"]
    pruned = run_folder(src, out, pipeline(), RunOptions(prune=True))
    assert pruned.pruned == 1
    assert sorted(raw_doc_ids(out)) == ["b", "c"]


def test_a_fixed_input_loses_its_error_record(folders: tuple[Path, Path]) -> None:
    src, out = folders
    write_txt(src, "e", "")
    first = run_folder(src, out, pipeline())
    assert first.errors == 1
    again = run_folder(src, out, pipeline())
    assert again.errors == 0  # reported once, not on every run
    assert len(list(iter_output_rows(out, "errors.jsonl"))) == 1
    write_txt(src, "e", ARTICLE_LIBYA)
    fixed = run_folder(src, out, pipeline())
    assert fixed.articles == 1
    assert (out / "errors.jsonl").read_bytes() == b""
    assert "e" in doc_ids(out)


# --- never read your own output ------------------------------------------------------------


def test_output_inside_the_input_folder_is_not_read(tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_txt(src, "a", ARTICLE_IRAQ)
    write_txt(src, "b", ARTICLE_SYRIA)
    for _ in range(3):
        summary = run_folder(src, src / "out", pipeline())
        assert summary.errors == 0
    assert sorted(raw_doc_ids(src / "out")) == ["a", "b"]
    # Nor another newsie output folder (it has a .newsie folder) under the input.
    other = tmp_path / "other-out"
    run_folder(src, other, pipeline())
    os.replace(other, src / "archive")
    assert run_folder(src, src / "out", pipeline()).skipped == 2


# --- recovery ----------------------------------------------------------------------------


def test_uncommitted_tail_is_cut_off_and_redone(folders: tuple[Path, Path]) -> None:
    src, out = folders
    run_folder(src, out, pipeline())
    committed = snapshot(out)
    # A killed run appended a batch it never committed, halfway through its last line.
    with (out / "documents.jsonl").open("ab") as fh:
        fh.write(b'{"doc_id": "half-writ')
    with (out / "events.jsonl").open("ab") as fh:
        fh.write(b'{"event_id": "x"}\n')
    assert doc_ids(out) == ["a", "b", "c"]  # readers see only what was committed
    summary = run_folder(src, out, pipeline())
    assert summary.skipped == 3
    assert any("uncommitted" in note for note in summary.notes)
    assert snapshot(out) == committed


def test_an_interrupted_compaction_is_rolled_forward(folders: tuple[Path, Path]) -> None:
    src, out = folders
    run_folder(src, out, pipeline())
    write_txt(src, "a", ARTICLE_LIBYA, {"published": "2024-05-08"})
    run_folder(src, out, pipeline())  # replaces a, then compacts
    expected = snapshot(out)
    # Stage the same state by hand: stale lines, the rewrite recorded, one rename done.
    store = StateStore(out)
    files = OutputFiles(out, store)
    items = store.items()
    with (out / "documents.jsonl").open("ab") as fh:
        fh.write(b'{"doc_id": "stale"}\n')
    store.db.execute("UPDATE files SET committed=committed+20 WHERE name='documents.jsonl'")
    real_replace = os.replace
    renames: list[str] = []

    def replace_once(src_path: object, dst_path: object) -> None:
        if renames:
            raise KeyboardInterrupt  # the kill, between two renames
        renames.append(str(dst_path))
        real_replace(src_path, dst_path)  # type: ignore[arg-type]

    os.replace = replace_once  # type: ignore[assignment]
    try:
        with pytest.raises(KeyboardInterrupt):
            files.compact(items)
    finally:
        os.replace = real_replace
        store.close()
    assert StateStore(out).pending_compaction() is not None
    summary = run_folder(src, out, pipeline())
    assert summary.skipped == 3
    assert snapshot(out) == expected


def test_output_changed_by_hand_is_rebuilt(folders: tuple[Path, Path]) -> None:
    src, out = folders
    run_folder(src, out, pipeline())
    (out / "documents.jsonl").write_text("", encoding="utf-8")
    summary = run_folder(src, out, pipeline())
    assert summary.articles == 3
    assert any("changed outside newsie" in note for note in summary.notes)
    assert sorted(raw_doc_ids(out)) == ["a", "b", "c"]


# --- one writer ----------------------------------------------------------------------------


def test_a_second_writer_is_turned_away_naming_the_first(folders: tuple[Path, Path]) -> None:
    src, out = folders
    with OutputLock(out):
        with pytest.raises(OutputLocked, match=f"pid {os.getpid()}"):
            run_folder(src, out, pipeline())
        assert "since" in holder(out)
    assert run_folder(src, out, pipeline()).articles == 3  # released: the next run goes


def test_a_lock_left_by_a_dead_process_is_taken_over(folders: tuple[Path, Path]) -> None:
    src, out = folders
    lock = out / ".newsie" / "lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("999999\t2026-01-01T00:00:00+00:00\tgone\n", encoding="utf-8")
    assert run_folder(src, out, pipeline()).articles == 3


# --- status ----------------------------------------------------------------------------


def test_status_reports_documents_errors_and_the_last_run(folders: tuple[Path, Path]) -> None:
    src, out = folders
    write_txt(src, "e", "")
    run_folder(src, out, pipeline())
    info = read_status(out)
    assert (info["documents"], info["errors"], info["failed_inputs"]) == (3, 1, 1)
    assert info["last_run"]["status"] == "done" and info["last_run"]["articles"] == 3
    assert info["running"] is None
    assert info["pipeline_version"] == newsie.__version__


def test_state_is_sqlite_in_wal_mode(folders: tuple[Path, Path]) -> None:
    src, out = folders
    run_folder(src, out, pipeline())
    db = sqlite3.connect(out / ".newsie" / "state.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3


def test_a_kill_between_the_files_leaves_them_agreeing(
    folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents appended, events not yet, then the process dies: readers still see
    documents and events that agree, and the next run completes both."""
    src, out = folders
    events_pipeline = Pipeline([*pipeline().stages, OneEventStage()])
    run_folder(src, out, events_pipeline)
    write_txt(src, "d", ARTICLE_LIBYA)
    real_append = OutputFiles.append

    def die_after_documents(self: OutputFiles, batch: list[Any]) -> dict[str, int]:
        handles = self._open()
        for _, lines in batch:
            handles["documents.jsonl"].write(b"".join(lines.get("documents.jsonl", [])))
        handles["documents.jsonl"].flush()
        raise KeyboardInterrupt  # stands for SIGKILL: nothing after this runs

    monkeypatch.setattr(OutputFiles, "append", die_after_documents)
    with pytest.raises(KeyboardInterrupt):
        run_folder(src, out, events_pipeline)
    monkeypatch.setattr(OutputFiles, "append", real_append)
    docs = newsie.read_output(out)
    assert sorted(d.doc_id for d in docs) == ["a", "b", "c"]
    assert all(e.doc_id == d.doc_id for d in docs for e in d.events)
    assert run_folder(src, out, events_pipeline).articles == 1
    fresh = tmp_path / "fresh"
    run_folder(src, fresh, events_pipeline)
    for name in OUTPUT_FILES:
        mine = sorted((out / name).read_text(encoding="utf-8").splitlines())
        assert mine == sorted((fresh / name).read_text(encoding="utf-8").splitlines())


class OneEventStage:
    """One ARMED_CLASH per article, at its first sentence: events to keep in step."""

    name = "one-event"

    def __call__(self, doc: Document) -> Document:
        sentence = doc.sentences[0]
        doc.events.append(
            Event(
                event_id=f"{doc.doc_id}-e1",
                doc_id=doc.doc_id,
                type="ARMED_CLASH",
                trigger=Span(start=sentence.start, end=sentence.start + 1),
                sentence=Span(start=sentence.start, end=sentence.end),
            )
        )
        return doc


def test_rows_are_utf8_valid_against_the_schema_with_normal_permissions(
    folders: tuple[Path, Path],
) -> None:
    src, out = folders
    run_folder(src, out, Pipeline([*pipeline().stages, OneEventStage()]))
    text = (out / "documents.jsonl").read_text(encoding="utf-8")
    assert "نينوى" in text and "\\u06" not in text  # Arabic as UTF-8, not escaped
    for row in iter_output_rows(out, "documents.jsonl"):
        DocumentRecord.model_validate(row)
    for row in iter_output_rows(out, "events.jsonl"):
        Event.model_validate(row)
    umask = os.umask(0)
    os.umask(umask)
    for name in OUTPUT_FILES:
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o666 & ~umask
