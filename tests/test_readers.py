"""Reading input folders: layouts, ids, order, encodings and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import (
    ARTICLE_IRAQ,
    ARTICLE_LIBYA,
    ARTICLE_SYRIA,
    ARTICLE_YEMEN,
    ENGLISH_TEXT,
    write_jsonl,
    write_txt,
)
from newsie.io import checks, readers
from newsie.io.readers import InputError, check_text, decode_bytes, read_folder
from newsie.schema import Article, ErrorRecord

SHORT = "قتل جندي وأصيب اثنان في هجوم على حاجز للجيش قرب بغداد"


def read_all(root: Path) -> tuple[list[Article], list[ErrorRecord]]:
    items = list(read_folder(root))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def only_error(root: Path) -> ErrorRecord:
    articles, errors = read_all(root)
    assert articles == []
    assert len(errors) == 1, errors
    assert errors[0].stage == "read"
    return errors[0]


# --- layouts, ids and order ----------------------------------------------------


def test_reads_folder_recursively_with_metadata(good_folder: Path) -> None:
    articles, errors = read_all(good_folder)
    assert errors == []
    by_id = {a.id: a for a in articles}
    assert set(by_id) == {"iraq", "sub/syria", "yemen-1", "libya-1"}
    iraq = by_id["iraq"]
    assert iraq.text == ARTICLE_IRAQ
    assert iraq.published is not None and iraq.published.isoformat() == "2024-05-08"
    assert iraq.published_source == "input"
    assert iraq.title == "نينوى"
    assert iraq.line is None
    assert by_id["sub/syria"].text == ARTICLE_SYRIA
    assert by_id["yemen-1"].text == ARTICLE_YEMEN
    assert str(by_id["yemen-1"].published) == "2024-10-13"
    libya = by_id["libya-1"]
    assert libya.text == ARTICLE_LIBYA
    assert libya.line == 1
    assert libya.published is None and libya.published_source is None
    assert libya.source.endswith("wire.jsonl")


def test_input_order_is_sorted_relative_path_then_line(tmp_path: Path) -> None:
    write_txt(tmp_path, "b", ARTICLE_SYRIA)
    write_txt(tmp_path, "a", ARTICLE_IRAQ)
    write_txt(tmp_path / "c", "z", ARTICLE_LIBYA)
    write_jsonl(tmp_path, "d", [{"text": ARTICLE_YEMEN}, {"text": ARTICLE_IRAQ}])
    ids = [a.id for a in read_all(tmp_path)[0]]
    assert ids == ["a", "b", "c/z", "d-1", "d-2"]
    # Reading twice gives the same ids in the same order.
    assert [a.id for a in read_all(tmp_path)[0]] == ids


def test_jsonl_ids_fall_back_to_file_and_line(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path,
        "feed",
        [{"id": "", "text": ARTICLE_IRAQ}, "", {"id": 42, "text": ARTICLE_SYRIA}],
    )
    articles, errors = read_all(tmp_path)
    assert errors == []
    # Blank line 2 is skipped but still counted.
    assert [(a.id, a.line) for a in articles] == [("feed-1", 1), ("42", 3)]


def test_hidden_files_meta_files_and_other_suffixes_are_not_articles(tmp_path: Path) -> None:
    write_txt(tmp_path, "a", ARTICLE_IRAQ, {"published": "2024-01-02"})
    write_txt(tmp_path / ".cache", "b", ARTICLE_SYRIA)
    (tmp_path / ".hidden.txt").write_text(ARTICLE_YEMEN, encoding="utf-8")
    (tmp_path / "notes.md").write_text(ARTICLE_LIBYA, encoding="utf-8")
    assert readers.iter_input_files(tmp_path) == [tmp_path / "a.txt"]


def test_upper_case_suffix_is_read(tmp_path: Path) -> None:
    (tmp_path / "ARCHIVE.TXT").write_text(ARTICLE_IRAQ, encoding="utf-8")
    articles, errors = read_all(tmp_path)
    assert errors == []
    assert [a.id for a in articles] == ["ARCHIVE"]


def test_a_single_file_can_be_the_input(tmp_path: Path) -> None:
    path = write_txt(tmp_path, "one", ARTICLE_IRAQ, {"published": "2024-05-08"})
    articles, errors = read_all(path)
    assert errors == []
    assert [a.id for a in articles] == ["one"]
    assert str(articles[0].published) == "2024-05-08"


def test_published_timestamps_are_cut_to_dates(tmp_path: Path) -> None:
    write_jsonl(tmp_path, "f", [{"text": ARTICLE_IRAQ, "published": "2024-03-05T22:10:00+03:00"}])
    (article,) = read_all(tmp_path)[0]
    assert str(article.published) == "2024-03-05"


def test_bad_published_value_is_a_warning_not_an_error(tmp_path: Path) -> None:
    write_txt(tmp_path, "a", ARTICLE_IRAQ, {"published": "الأحد الماضي"})
    (article,) = read_all(tmp_path)[0]
    assert article.published is None
    assert len(article.warnings) == 1 and "published" in article.warnings[0]


# --- encodings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected_family"),
    [
        (ARTICLE_IRAQ.encode("utf-8"), "utf"),
        (b"\xef\xbb\xbf" + ARTICLE_IRAQ.encode("utf-8"), "utf"),
        (ARTICLE_IRAQ.encode("utf-16"), "utf"),
        (b"\xff\xfe" + ARTICLE_IRAQ.encode("utf-16-le"), "utf"),
        (b"\xfe\xff" + ARTICLE_IRAQ.encode("utf-16-be"), "utf"),
        (ARTICLE_IRAQ.encode("cp1256"), "1256"),
        (ARTICLE_IRAQ.encode("iso-8859-6"), "8859"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "cp1256", "iso-8859-6"],
)
def test_decode_detects_encodings(data: bytes, expected_family: str) -> None:
    text, encoding = decode_bytes(data)
    assert text == ARTICLE_IRAQ  # BOM removed, nothing garbled
    assert expected_family in encoding.replace("_", "-").replace("-", "")


@pytest.mark.parametrize("encoding", ["cp1256", "iso-8859-6"])
def test_short_single_byte_arabic_is_not_misread(encoding: str) -> None:
    # Short texts are where statistical detectors guess wrong (Thai, Cyrillic ...).
    text, _ = decode_bytes(SHORT.encode(encoding))
    assert text == SHORT


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1256", "iso-8859-6"]
)
def test_files_in_each_encoding_read_to_the_same_article(tmp_path: Path, encoding: str) -> None:
    data = ARTICLE_IRAQ.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    write_txt(tmp_path, "a", data, {"published": "2024-05-08"})
    (article,) = read_all(tmp_path)[0]
    assert article.text == ARTICLE_IRAQ


def test_utf16_jsonl_is_split_into_lines_after_decoding(tmp_path: Path) -> None:
    rows = [{"id": f"n{i}", "text": t} for i, t in enumerate((ARTICLE_IRAQ, ARTICLE_SYRIA))]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    (tmp_path / "wide.jsonl").write_bytes(text.encode("utf-16"))
    articles, errors = read_all(tmp_path)
    assert errors == []
    assert [(a.id, a.text, a.line) for a in articles] == [
        ("n0", ARTICLE_IRAQ, 1),
        ("n1", ARTICLE_SYRIA, 2),
    ]


def test_meta_json_may_be_in_another_encoding(tmp_path: Path) -> None:
    write_txt(tmp_path, "a", ARTICLE_IRAQ)
    meta = json.dumps({"published": "2024-05-08", "title": "هجوم قرب الحضر"}, ensure_ascii=False)
    (tmp_path / "a.meta.json").write_bytes(meta.encode("utf-16"))
    (article,) = read_all(tmp_path)[0]
    assert article.title == "هجوم قرب الحضر"
    assert str(article.published) == "2024-05-08"


# --- bad inputs: one clear error each, and the rest is read ---------------------


def test_empty_file(tmp_path: Path) -> None:
    write_txt(tmp_path, "empty", b"")
    error = only_error(tmp_path)
    assert "empty" in error.reason
    assert error.path.endswith("empty.txt")
    assert error.doc_id == "empty"


def test_whitespace_only_file(tmp_path: Path) -> None:
    write_txt(tmp_path, "blank", " \n\t\u00a0\r\n  ")
    assert "empty" in only_error(tmp_path).reason


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00", "gzip"),
    ],
    ids=["pdf", "png", "docx", "gzip"],
)
def test_binary_file_renamed_txt(tmp_path: Path, header: bytes, kind: str) -> None:
    write_txt(tmp_path, "scan", header + bytes(range(256)))
    error = only_error(tmp_path)
    assert "binary" in error.reason and kind in error.reason


def test_binary_file_renamed_jsonl_is_one_error_not_one_per_line(tmp_path: Path) -> None:
    (tmp_path / "image.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\n\x00\x01\n" * 20)
    error = only_error(tmp_path)
    assert "PNG" in error.reason


def test_binary_file_without_magic_header(tmp_path: Path) -> None:
    write_txt(tmp_path, "blob", bytes(range(256)) * 8)
    assert "binary" in only_error(tmp_path).reason


def test_damaged_utf8_is_undecodable_not_mojibake(tmp_path: Path) -> None:
    data = ARTICLE_IRAQ.encode("utf-8")
    write_txt(tmp_path, "cut", data[:41] + b"\xff\xfe\xff" + data[41:])
    error = only_error(tmp_path)
    assert "undecodable" in error.reason


def test_undecodable_bytes_raise_input_error() -> None:
    data = ARTICLE_SYRIA.encode("utf-8")
    with pytest.raises(InputError, match="undecodable"):
        decode_bytes(data[:30] + b"\xc0\xc1" + data[30:])


def test_malformed_json_lines_report_their_line_numbers(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path,
        "feed",
        [
            {"id": "ok-1", "text": ARTICLE_IRAQ},
            '{"id": "broken", "text": "قتل ثلاثة',
            {"id": "ok-2", "text": ARTICLE_SYRIA},
            "[1, 2",
            '"just a string"',
        ],
    )
    articles, errors = read_all(tmp_path)
    assert [a.id for a in articles] == ["ok-1", "ok-2"]
    assert [e.line for e in errors] == [2, 4, 5]
    assert all(e.path.endswith("feed.jsonl") for e in errors)
    assert "malformed JSON" in errors[0].reason and "malformed JSON" in errors[1].reason
    assert "expected a JSON object" in errors[2].reason


def test_malformed_json_file_reports_line(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text('{\n  "text": "هجوم",\n  oops\n}', encoding="utf-8")
    error = only_error(tmp_path)
    assert "malformed JSON" in error.reason
    assert error.line == 3


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ({"id": "no-text", "title": "عنوان فقط"}, "missing 'text'"),
        ({"id": "null-text", "text": None}, "missing 'text'"),
        ({"id": "list-text", "text": ["قتل", "جندي"]}, "not a string"),
    ],
)
def test_missing_or_wrong_text_field(tmp_path: Path, row: dict[str, object], reason: str) -> None:
    write_jsonl(tmp_path, "feed", [row, {"id": "fine", "text": ARTICLE_LIBYA}])
    articles, errors = read_all(tmp_path)
    assert [a.id for a in articles] == ["fine"]
    assert len(errors) == 1
    assert reason in errors[0].reason
    assert errors[0].line == 1 and errors[0].doc_id == row["id"]


def test_non_arabic_text(tmp_path: Path) -> None:
    write_txt(tmp_path, "english", ENGLISH_TEXT)
    error = only_error(tmp_path)
    assert "not Arabic" in error.reason


def test_text_without_letters(tmp_path: Path) -> None:
    write_txt(tmp_path, "numbers", "2024-05-08 12:30 ... 17 / 35 !!")
    assert "no letters" in only_error(tmp_path).reason


def test_mostly_arabic_text_with_english_names_is_accepted() -> None:
    assert check_text(ARTICLE_IRAQ + " (Reuters, AFP)") is None


def test_huge_txt_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 500)
    write_txt(tmp_path, "huge", ARTICLE_IRAQ * 3)
    write_txt(tmp_path, "small", ARTICLE_SYRIA[:100])
    articles, errors = read_all(tmp_path)
    assert [a.id for a in articles] == ["small"]
    assert len(errors) == 1 and "too large" in errors[0].reason
    assert errors[0].doc_id == "huge"


def test_huge_jsonl_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    write_jsonl(
        tmp_path,
        "feed",
        [{"text": ARTICLE_IRAQ * 5}, {"text": ARTICLE_SYRIA[:120]}],
    )
    articles, errors = read_all(tmp_path)
    assert [(a.id, a.line) for a in articles] == [("feed-2", 2)]
    assert len(errors) == 1 and errors[0].line == 1 and "too large" in errors[0].reason


def test_huge_article_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "MAX_ARTICLE_CHARS", 200)
    write_jsonl(tmp_path, "feed", [{"text": ARTICLE_IRAQ}])
    error = only_error(tmp_path)
    assert "too large" in error.reason and error.line == 1


def test_duplicate_ids(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path,
        "feed",
        [{"id": "dup", "text": ARTICLE_IRAQ}, {"id": "dup", "text": ARTICLE_SYRIA}],
    )
    articles, errors = read_all(tmp_path)
    assert [a.text for a in articles] == [ARTICLE_IRAQ]  # the first one wins
    assert len(errors) == 1
    assert "duplicate" in errors[0].reason and errors[0].doc_id == "dup"
    assert errors[0].line == 2


def test_same_id_from_two_files(tmp_path: Path) -> None:
    write_txt(tmp_path, "report", ARTICLE_IRAQ)
    (tmp_path / "report.json").write_text(
        json.dumps({"text": ARTICLE_SYRIA}, ensure_ascii=False), encoding="utf-8"
    )
    articles, errors = read_all(tmp_path)
    assert [a.source for a in articles] == [str(tmp_path / "report.json")]
    assert len(errors) == 1 and errors[0].path == str(tmp_path / "report.txt")


@pytest.mark.parametrize(
    "meta",
    ['{"published": "2024-05-08", ', "[1, 2, 3]", "\x89PNG\r\n"],
    ids=["truncated", "not-an-object", "binary"],
)
def test_unreadable_meta_is_a_warning(tmp_path: Path, meta: str) -> None:
    write_txt(tmp_path, "a", ARTICLE_IRAQ, meta)
    articles, errors = read_all(tmp_path)
    assert errors == []
    (article,) = articles
    assert article.published is None
    assert len(article.warnings) == 1
    assert "a.meta.json" in article.warnings[0]


def test_each_bad_input_gives_one_error_and_the_rest_is_read(tmp_path: Path) -> None:
    write_txt(tmp_path, "01-good", ARTICLE_IRAQ)
    write_txt(tmp_path, "02-empty", "")
    write_txt(tmp_path, "03-pdf", b"%PDF-1.4\n" + bytes(200))
    write_txt(tmp_path, "04-cp1256", ARTICLE_LIBYA, encoding="cp1256")
    write_txt(tmp_path, "05-english", ENGLISH_TEXT)
    write_jsonl(tmp_path, "06-feed", [{"text": ARTICLE_SYRIA}, "{nope", {"title": "x"}])
    write_txt(tmp_path, "07-good", ARTICLE_YEMEN)
    items = list(read_folder(tmp_path))
    kinds = [
        (type(i).__name__, i.id if isinstance(i, Article) else Path(i.path).name) for i in items
    ]
    assert kinds == [
        ("Article", "01-good"),
        ("ErrorRecord", "02-empty.txt"),
        ("ErrorRecord", "03-pdf.txt"),
        ("Article", "04-cp1256"),
        ("ErrorRecord", "05-english.txt"),
        ("Article", "06-feed-1"),
        ("ErrorRecord", "06-feed.jsonl"),
        ("ErrorRecord", "06-feed.jsonl"),
        ("Article", "07-good"),
    ]
    assert all(i.reason for i in items if isinstance(i, ErrorRecord))


def test_unreadable_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_txt(tmp_path, "locked", ARTICLE_IRAQ)
    real_read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    error = only_error(tmp_path)
    assert "cannot read" in error.reason
