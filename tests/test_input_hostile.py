"""Hostile and odd inputs (issue 20): whatever one input does, reading it yields error
records (path, line, reason) or an article with a warning, and the walk goes on;
everything read encodes as UTF-8 JSON. Also the library's input checks (issue 16.10)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

import newsie
from conftest import ARTICLE_IRAQ, ARTICLE_SYRIA, ENGLISH_TEXT, write_jsonl, write_txt
from event_helpers import _rules_pipeline
from newsie.io import checks, json_limits, readers, walk
from newsie.io.readers import read_folder
from newsie.schema import Article, Document, ErrorRecord

# A cp1256 file name (مقال), not valid UTF-8: Python holds it with surrogate escapes.
CP1256_NAME = "مقال".encode("cp1256")
SHORT = "قتل جنديان في هجوم على حاجز قرب بغداد أمس"


def read_all(root: Path) -> tuple[list[Article], list[ErrorRecord]]:
    items = list(read_folder(root))
    for item in items:
        utf8_json(item.model_dump(mode="json"))
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, ErrorRecord)],
    )


def utf8_json(data: Any) -> bytes:
    """What the writers do with a record: this must never raise."""
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def document_json(doc: Document) -> bytes:
    record = doc.to_record()
    record["events"] = [e.model_dump(mode="json") for e in doc.events]
    return utf8_json(record)


# --- file names that are not UTF-8 -----------------------------------------------


def test_non_utf8_file_name_is_read_and_reported_safely(tmp_path: Path) -> None:
    name = os.fsdecode(CP1256_NAME + b".txt")
    (tmp_path / name).write_text(ARTICLE_IRAQ, encoding="utf-8")
    (tmp_path / os.fsdecode(CP1256_NAME + b".meta.json")).write_text(
        '{"published": "2024-05-08"}', encoding="utf-8"
    )
    folder = tmp_path / os.fsdecode(b"\xff\xfe")
    write_txt(folder, "b", ARTICLE_SYRIA)
    (folder / os.fsdecode(b"bad\xe3.json")).write_bytes(b"{oops")
    articles, errors = read_all(tmp_path)
    # Ordered by the names' bytes: 0xe3 before 0xff.
    assert [a.id for a in articles] == ["\\xe3\\xde\\xc7\\xe1", "\\xff\\xfe/b"]
    first = articles[0]
    assert first.text == ARTICLE_IRAQ and str(first.published) == "2024-05-08"
    assert first.source == str(tmp_path) + "/\\xe3\\xde\\xc7\\xe1.txt"
    (error,) = errors
    assert (
        error.path.endswith("/\\xff\\xfe/bad\\xe3.json") and error.doc_id == "\\xff\\xfe/bad\\xe3"
    )
    document_json(_rules_pipeline().process(first))


def test_safe_path() -> None:
    assert walk.safe_path(os.fsdecode(b"a/\xff.txt")) == "a/\\xff.txt"
    assert walk.safe_path(Path("عادي/مقال.txt")) == "عادي/مقال.txt"
    assert walk.safe_path("x\ud800") == "x\\ud800"  # not from a file system, still safe


# --- lone surrogates ---------------------------------------------------------------


def test_lone_surrogates_in_jsonl_fields_are_replaced_with_a_warning(tmp_path: Path) -> None:
    lines = [
        '{"id": "a\\ud800", "text": "' + SHORT + ' \\ud800", "title": "\\udcff"}',
        '{"id": "b", "text": "' + SHORT + '", "outlet": {"\\udc80": ["\\ud83d"]}}',
        '{"id": "c\\udfff", "title": "لا نص"}',
        '{"id": "d", "text": "' + SHORT + ' \\ud83d\\ude00"}',
    ]
    write_jsonl(tmp_path, "feed", lines)
    articles, errors = read_all(tmp_path)
    a, b, d = articles
    assert a.id == "a\ufffd" and a.text == SHORT + " \ufffd" and a.title == "\ufffd"
    assert a.warnings == [
        "replaced lone surrogates (invalid Unicode) in id, text, title with U+FFFD"
    ]
    assert b.meta == {"outlet": {"\ufffd": ["\ufffd"]}} and "meta" in b.warnings[0]
    assert d.text.endswith("😀") and d.warnings == []  # a valid pair is one character
    (error,) = errors
    assert error.doc_id == "c\ufffd" and "missing 'text'" in error.reason
    for article in articles:
        document_json(Document.from_article(article))


def test_library_replaces_lone_surrogates() -> None:
    pipe = _rules_pipeline()
    doc = pipe.process_text("\ud800", doc_id="x\udcff")
    assert doc.text == "\ufffd" and doc.doc_id == "x\ufffd"
    assert any("surrogates" in w for w in doc.warnings)
    document_json(doc)
    doc = pipe.process_text(SHORT + " \udcff", published="2023-07-21")
    document_json(doc)
    assert doc.text[:-1] == SHORT + " " and doc.entities
    for entity in doc.entities:
        assert doc.text[entity.start : entity.end] == entity.text


# --- JSON limits -----------------------------------------------------------------

LONG_NUMBER = "9" * 5000
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": ' + LONG_NUMBER + ', "text": "' + SHORT + '"}', "number too long"),
        ('{"text": "' + SHORT + '", "n": -0.' + LONG_NUMBER + "}", "number too long"),
        ('{"text": "' + SHORT + '", "x": 1e999}', "number out of range"),
        ('{"text": "' + SHORT + '", "x": -Infinity}', "not a JSON number"),
        (DEEP, "JSON nested deeper than 100 levels"),
        ('{"text": "' + SHORT + '", "m": ' + "[" * 101 + "]" * 101 + "}", "nested deeper"),
        ('{"text": "' + SHORT + '", "m": ' + '{"a": ' * 500 + "1" + "}" * 501, "nested deeper"),
    ],
    ids=["int", "float", "overflow", "infinity", "deep", "just-over", "deep-objects"],
)
def test_json_limits_in_jsonl_lines(tmp_path: Path, line: str, reason: str) -> None:
    write_jsonl(tmp_path, "feed", [line, {"id": "ok", "text": SHORT}])
    articles, errors = read_all(tmp_path)
    assert [a.id for a in articles] == ["ok"]
    (error,) = errors
    assert reason in error.reason and error.line == 1


def test_json_limits_in_json_and_meta_files(tmp_path: Path) -> None:
    (tmp_path / "big.json").write_text('{"text": "' + SHORT + '", "n": ' + LONG_NUMBER + "}")
    (tmp_path / "deep.json").write_text(DEEP)
    write_txt(tmp_path, "m1", SHORT, '{"published": ' + LONG_NUMBER + "}")
    write_txt(tmp_path, "m2", SHORT, DEEP)
    articles, errors = read_all(tmp_path)
    assert [(e.doc_id, e.reason) for e in errors] == [
        ("big", "number too long (5,000 characters; limit 100)"),
        ("deep", "JSON nested deeper than 100 levels"),
    ]
    # Metadata that cannot be read is ignored with a warning: the article itself is fine.
    m1, m2 = articles
    assert "m1.meta.json: number too long" in m1.warnings[0]
    assert "m2.meta.json: JSON nested deeper than 100 levels" in m2.warnings[0]


def test_json_limits_accept_what_real_data_has() -> None:
    nested = "[" * 100 + "]" * 100
    assert json_limits.loads(nested) is not None
    assert json_limits.loads('{"n": 12345678901234567890, "x": 1.5e10, "s": "' + "9" * 500 + '"}')
    assert json_limits.loads('{"score": NaN}') == {"score": None}
    assert json_limits.loads('"[[[[' + "[" * 500 + '"').startswith("[")


def test_no_exception_escapes_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_txt(tmp_path, "a-txt", SHORT)
    write_jsonl(tmp_path, "b-feed", [{"text": SHORT}, {"text": SHORT + " بوم"}, {"text": SHORT}])
    write_txt(tmp_path, "c-last", ARTICLE_IRAQ)
    real = checks.check_text

    def explode(text: str) -> str | None:
        if text == SHORT + " بوم":
            raise RecursionError("maximum recursion depth exceeded")
        return real(text)

    monkeypatch.setattr(readers, "check_text", explode)
    articles, errors = read_all(tmp_path)
    assert [a.id for a in articles] == ["a-txt", "b-feed-1", "b-feed-3", "c-last"]
    (error,) = errors
    assert error.line == 2 and "RecursionError" in error.reason


def test_an_unforeseen_error_in_a_file_is_that_file_s_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_txt(tmp_path, "a", SHORT)
    write_txt(tmp_path, "b", ARTICLE_IRAQ)
    real = readers._article_from_txt

    def broken(path: Path, *args: Any) -> Any:
        if path.name == "a.txt":
            raise RecursionError("deep")
        return real(path, *args)

    monkeypatch.setattr(readers, "_article_from_txt", broken)
    articles, errors = read_all(tmp_path)
    assert [a.id for a in articles] == ["b"]
    assert errors[0].path.endswith("a.txt") and "RecursionError: deep" in errors[0].reason


# --- symlinks, unreadable folders, special files ---------------------------------


def test_symlink_loops_and_dangling_links_are_errors(tmp_path: Path) -> None:
    write_txt(tmp_path / "sub", "a", SHORT)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "gone-folder").symlink_to(tmp_path / "missing")
    (tmp_path / "gone.png").symlink_to(tmp_path / "missing.png")  # could not be an article
    articles, errors = read_all(tmp_path)
    assert [a.id for a in articles] == ["sub/a"]
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert set(reasons) == {"loop", "self", "gone.txt", "gone-folder"}
    assert reasons["loop"] == "symlink loop: points back to '.'"
    assert reasons["self"].startswith("symlink loop")
    assert reasons["gone.txt"].startswith("dangling symlink")
    assert "missing" in reasons["gone-folder"]


def test_symlinked_folders_and_files_are_read_once(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write_txt(archive, "old", SHORT)
    root = tmp_path / "in"
    write_txt(root / "real", "r", ARTICLE_IRAQ)
    (root / "a-archive").symlink_to(archive, target_is_directory=True)
    (root / "b-again").symlink_to(archive, target_is_directory=True)
    (root / "c-real-again").symlink_to(root / "real", target_is_directory=True)
    (root / "d.txt").symlink_to(archive / "old.txt")
    articles, errors = read_all(root)
    assert [a.id for a in articles] == ["a-archive/old", "d", "real/r"]
    assert [(Path(e.path).name, e.reason) for e in errors] == [
        ("b-again", "symlink to a folder already read as 'a-archive'; not read twice"),
        ("c-real-again", "symlink to a folder already read as 'real'; not read twice"),
    ]


def test_unreadable_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_txt(tmp_path / "a", "x", SHORT)
    write_txt(tmp_path / "locked", "y", SHORT)
    write_txt(tmp_path / "z", "w", SHORT)
    real = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    articles, errors = read_all(tmp_path)
    assert [a.id for a in articles] == ["a/x", "z/w"]
    (error,) = errors
    assert error.path.endswith("locked") and error.reason == "cannot read folder: Permission denied"


def test_unreadable_root_is_an_error(tmp_path: Path) -> None:
    (error,) = list(read_folder(tmp_path / "missing"))
    assert isinstance(error, ErrorRecord) and "No such file" in error.reason


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jsonl")  # opening it would wait for a writer forever
    write_txt(tmp_path, "z", SHORT)
    articles, errors = read_all(tmp_path)
    assert [a.id for a in articles] == ["z"]
    assert "not a regular file" in errors[0].reason


# --- publication dates no article can have ----------------------------------------


@pytest.mark.parametrize("published", ["2099-01-01", "0001-01-01", "1899-12-31"])
def test_out_of_range_published_is_a_warning_and_not_used(tmp_path: Path, published: str) -> None:
    write_jsonl(tmp_path, "feed", [{"text": SHORT, "published": published}])
    write_txt(tmp_path, "t", SHORT, {"published": published})
    articles, errors = read_all(tmp_path)
    assert errors == [] and len(articles) == 2
    for article in articles:
        assert article.published is None and article.published_source is None
        assert article.warnings == [checks.published_problem(dt.date.fromisoformat(published))]


def test_published_range_bounds() -> None:
    today = dt.date(2024, 5, 8)
    assert checks.published_problem(dt.date(2024, 5, 9), today) is None  # time zones
    assert "future" in str(checks.published_problem(dt.date(2024, 5, 10), today))
    assert checks.published_problem(dt.date(1900, 1, 1), today) is None
    assert "before 1900" in str(checks.published_problem(dt.date(1899, 12, 31), today))


# --- the library keeps the CLI's promises ----------------------------------------


@pytest.fixture
def rules_extract(monkeypatch: pytest.MonkeyPatch) -> None:
    """newsie.extract() on the rules-only pipeline (no NER model to load)."""
    monkeypatch.setattr(newsie, "_default_pipeline", lambda key=(): _rules_pipeline())


@pytest.mark.usefixtures("rules_extract")
@pytest.mark.parametrize(
    ("text", "warning"),
    [(ENGLISH_TEXT, "not Arabic text"), ("", "empty article"), ("  \n", "empty article")],
)
def test_extract_warns_on_text_the_cli_refuses(text: str, warning: str) -> None:
    doc = newsie.extract(text)
    assert any(warning in w for w in doc.warnings), doc.warnings
    document_json(doc)


@pytest.mark.usefixtures("rules_extract")
def test_extract_of_a_good_article_has_no_warning() -> None:
    doc = newsie.extract(SHORT, published="2023-07-21")
    assert doc.warnings == [] and str(doc.published) == "2023-07-21"


@pytest.mark.usefixtures("rules_extract")
@pytest.mark.parametrize("published", ["2023-13-45", "أمس", 20230721, ["2023-07-21"]])
def test_bad_published_is_a_clear_value_error(published: object) -> None:
    with pytest.raises(ValueError, match=r"^published .* is not a YYYY-MM-DD date$") as info:
        newsie.extract(SHORT, published=published)  # type: ignore[arg-type]
    assert "validation error" not in str(info.value)
    if published == "2023-13-45":
        assert str(info.value) == "published '2023-13-45' is not a YYYY-MM-DD date"


def test_process_text_takes_dates_and_datetimes() -> None:
    pipe = _rules_pipeline()
    assert str(pipe.process_text(SHORT, published=dt.date(2023, 7, 21)).published) == "2023-07-21"
    stamp = dt.datetime(2023, 7, 21, 22, 5)
    assert str(pipe.process_text(SHORT, published=stamp).published) == "2023-07-21"
    with pytest.raises(TypeError, match="text must be a str"):
        pipe.process_text(SHORT.encode(), published=None)  # type: ignore[arg-type]


def test_a_future_published_date_does_not_resolve_relative_dates() -> None:
    doc = _rules_pipeline().process_text(SHORT, published="2099-01-01")
    assert doc.published is None or doc.published_source == "dateline"
    assert doc.warnings == ["published 2099-01-01 is in the future; not used"]
    values = [e.value for e in doc.entities if e.type == "DATE"]
    assert "2098-12-31" not in values
