"""Input at scale (issue 16): gzipped inputs read as streams, extra input fields kept in
`meta`, the run's own output and other newsie outputs never read, and the article count
for the progress bar."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from conftest import (
    ARTICLE_IRAQ,
    ARTICLE_LIBYA,
    ARTICLE_SYRIA,
    ARTICLE_YEMEN,
    write_jsonl,
    write_txt,
)
from newsie.io import readers
from newsie.io.readers import count_articles, iter_input_files, read_folder
from newsie.schema import Article, Document, ErrorRecord, output_schemas


def read_all(root: Path, **kwargs: object) -> tuple[list[Article], list[ErrorRecord]]:
    items = list(read_folder(root, **kwargs))  # type: ignore[arg-type]
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, ErrorRecord)],
    )


def jsonl_bytes(rows: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


# --- gzipped inputs --------------------------------------------------------------


def test_gzipped_jsonl_and_json_are_read(tmp_path: Path) -> None:
    rows = [{"id": "g1", "text": ARTICLE_IRAQ}, {"text": ARTICLE_SYRIA, "published": "2024-05-08"}]
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(jsonl_bytes(rows)))
    one = json.dumps({"text": ARTICLE_YEMEN, "title": "تعز"}, ensure_ascii=False)
    (tmp_path / "one.JSON.GZ").write_bytes(gzip.compress(one.encode("utf-8")))
    articles, errors = read_all(tmp_path)
    assert errors == []
    assert [(a.id, a.line, a.text) for a in articles] == [
        ("g1", 1, ARTICLE_IRAQ),
        ("feed-2", 2, ARTICLE_SYRIA),
        ("one", None, ARTICLE_YEMEN),
    ]
    assert str(articles[1].published) == "2024-05-08"
    assert articles[2].title == "تعز"
    assert articles[0].source.endswith("feed.jsonl.gz")


def test_gzipped_utf16_jsonl(tmp_path: Path) -> None:
    text = json.dumps({"id": "w", "text": ARTICLE_LIBYA}, ensure_ascii=False) + "\n"
    (tmp_path / "wide.jsonl.gz").write_bytes(gzip.compress(text.encode("utf-16")))
    articles, errors = read_all(tmp_path)
    assert errors == [] and [a.id for a in articles] == ["w"]


def test_truncated_gzip_keeps_the_lines_before_the_break(tmp_path: Path) -> None:
    rows = [{"id": f"t{i}", "text": ARTICLE_IRAQ + f" {i}"} for i in range(200)]
    data = gzip.compress(jsonl_bytes(rows))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    write_txt(tmp_path, "z-after", ARTICLE_SYRIA)
    articles, errors = read_all(tmp_path)
    assert 0 < len(articles) - 1 < 200  # the lines before the cut, and z-after
    assert articles[-1].id == "z-after"
    (error,) = errors
    assert "cannot decompress" in error.reason and error.path.endswith("cut.jsonl.gz")
    assert error.line == len(articles)  # the first line that could not be read


@pytest.mark.parametrize("name", ["fake.jsonl.gz", "fake.json.gz"])
def test_a_gz_file_that_is_not_gzip(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(jsonl_bytes([{"text": ARTICLE_IRAQ}]))
    articles, errors = read_all(tmp_path)
    assert articles == []
    (error,) = errors
    assert "gzip" in error.reason.lower() or "decompress" in error.reason


def test_a_gzip_bomb_is_refused_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 10_000)
    huge = json.dumps({"text": ARTICLE_IRAQ, "pad": " " * 50_000}).encode()
    (tmp_path / "bomb.json.gz").write_bytes(gzip.compress(huge))
    articles, errors = read_all(tmp_path)
    assert articles == [] and "too large" in errors[0].reason


def test_a_large_gzipped_jsonl_is_streamed(tmp_path: Path) -> None:
    """12 MB of JSONL is read with a fraction of that in memory: a line at a time."""
    row = {"text": ARTICLE_IRAQ, "html": "<p>" + "ن" * 30_000 + "</p>"}
    line = json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n"
    count = 12_000_000 // len(line)
    with gzip.open(tmp_path / "big.jsonl.gz", "wb") as fh:
        for _ in range(count):
            fh.write(line)
    tracemalloc.start()
    try:
        n = 0
        for item in read_folder(tmp_path):
            assert isinstance(item, ErrorRecord) or item.line == n + 1
            n += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == count
    assert peak < 1_500_000, peak


# --- extra input fields are kept in meta ----------------------------------------


def test_extra_fields_are_kept_in_meta_and_carried_to_the_document(tmp_path: Path) -> None:
    row = {
        "id": "m1",
        "text": ARTICLE_IRAQ,
        "url": "https://example.org/a",
        "outlet": "وكالة الأنباء",
        "category": ["أمن", "العراق"],
        "tags": {"region": "نينوى", "rank": 3},
    }
    write_jsonl(tmp_path, "feed", [row])
    meta = {"published": "2024-05-08", "outlet": "صحيفة", "author": None, "id": "ignored"}
    write_txt(tmp_path, "txt", ARTICLE_SYRIA, meta)
    articles, errors = read_all(tmp_path)
    assert errors == []
    by_id = {a.id: a for a in articles}
    assert by_id["m1"].meta == {
        "outlet": "وكالة الأنباء",
        "category": ["أمن", "العراق"],
        "tags": {"region": "نينوى", "rank": 3},
    }
    assert by_id["m1"].url == "https://example.org/a"
    assert by_id["txt"].meta == {"outlet": "صحيفة", "author": None}
    record = Document.from_article(by_id["m1"]).to_record()
    assert record["meta"]["outlet"] == "وكالة الأنباء"
    assert Document.model_validate(record).meta == by_id["m1"].meta  # read_output round trip


def test_meta_is_empty_without_extra_fields(tmp_path: Path) -> None:
    write_jsonl(tmp_path, "feed", [{"id": "x", "text": ARTICLE_IRAQ, "title": "ع"}])
    (article,) = read_all(tmp_path)[0]
    assert article.meta == {}
    assert Document.from_article(article).to_record()["meta"] == {}


def test_the_json_schema_shows_meta() -> None:
    documents = output_schemas()["documents.jsonl"]
    assert documents["properties"]["meta"]["type"] == "object"
    assert "meta" not in documents["required"]


# --- folders that are never read -------------------------------------------------


def test_excluded_folders_are_not_read(tmp_path: Path) -> None:
    write_txt(tmp_path, "a", ARTICLE_IRAQ)
    out = tmp_path / "out"
    write_jsonl(out, "documents", [{"doc_id": "a", "text": ARTICLE_IRAQ}])
    write_txt(tmp_path / "other", "b", ARTICLE_SYRIA)
    assert [a.id for a in read_all(tmp_path, exclude=[out])[0]] == ["a", "other/b"]
    assert iter_input_files(tmp_path, exclude=[str(out)]) == [
        tmp_path / "a.txt",
        tmp_path / "other" / "b.txt",
    ]
    # The same folder named another way (relative, through a symlink) is still excluded.
    (tmp_path / "link-out").symlink_to(out, target_is_directory=True)
    assert [a.id for a in read_all(tmp_path, exclude=[tmp_path / "link-out"])[0]] == [
        "a",
        "other/b",
    ]
    # An output folder that does not exist yet excludes nothing.
    assert len(iter_input_files(tmp_path, exclude=[out, tmp_path / "not-yet"])) == 2


def test_excluded_root_reads_nothing(tmp_path: Path) -> None:
    write_txt(tmp_path, "a", ARTICLE_IRAQ)
    assert list(read_folder(tmp_path, exclude=[tmp_path])) == []


def test_another_newsie_output_is_not_read(tmp_path: Path) -> None:
    write_txt(tmp_path, "a", ARTICLE_IRAQ)
    old_out = tmp_path / "runs" / "2024"
    (old_out / ".newsie").mkdir(parents=True)
    write_jsonl(old_out, "documents", [{"doc_id": "a", "text": ARTICLE_IRAQ}])
    write_txt(tmp_path / "runs", "c", ARTICLE_YEMEN)
    assert [a.id for a in read_all(tmp_path)[0]] == ["a", "runs/c"]


def test_hidden_folders_are_not_read(tmp_path: Path) -> None:
    write_txt(tmp_path / ".git", "a", ARTICLE_IRAQ)
    write_txt(tmp_path / "x" / ".cache", "b", ARTICLE_SYRIA)
    assert iter_input_files(tmp_path) == []


# --- the count for the progress bar ----------------------------------------------


def test_count_articles(tmp_path: Path) -> None:
    write_txt(tmp_path, "a", ARTICLE_IRAQ, {"published": "2024-05-08"})
    (tmp_path / "b.json").write_text(json.dumps({"text": ARTICLE_SYRIA}), encoding="utf-8")
    write_jsonl(tmp_path / "sub", "feed", [{"text": ARTICLE_YEMEN}] * 5)
    (tmp_path / "nl.jsonl").write_bytes(jsonl_bytes([{"text": ARTICLE_LIBYA}] * 3)[:-1])
    write_txt(tmp_path / "out", "skip", ARTICLE_IRAQ)
    assert count_articles(tmp_path, exclude=[tmp_path / "out"]) == 1 + 1 + 5 + 3
    items = list(read_folder(tmp_path, exclude=[tmp_path / "out"]))
    assert len(items) == 10
    assert count_articles(tmp_path / "sub" / "feed.jsonl") == 5


def test_count_articles_is_unknown_with_gzipped_jsonl(tmp_path: Path) -> None:
    write_txt(tmp_path, "a", ARTICLE_IRAQ)
    (tmp_path / "one.json.gz").write_bytes(gzip.compress(b'{"text": "x"}'))
    assert count_articles(tmp_path) == 2
    (tmp_path / "f.jsonl.gz").write_bytes(gzip.compress(jsonl_bytes([{"text": "x"}])))
    assert count_articles(tmp_path) is None


def test_count_articles_of_an_empty_folder(tmp_path: Path) -> None:
    assert count_articles(tmp_path) == 0
