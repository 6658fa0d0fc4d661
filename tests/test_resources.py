"""The resource loader (newsie.resources): where data files are, and how TSV, YAML and JSON
files are read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import newsie
from newsie import resources
from newsie.resources import read_json, read_tsv, read_yaml, resource_path

RESOURCES = Path(newsie.__file__).parent / "resources"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., str]]:
    """resource_path() pointed at tmp_path; yields a writer: write(name, text) -> name."""
    monkeypatch.setattr(resources, "resource_path", lambda name: tmp_path / name)
    loaders = (read_tsv, read_yaml, read_json)
    for loader in loaders:
        loader.cache_clear()

    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return name

    yield write
    for loader in loaders:  # the shipped files must not see the test's rows
        loader.cache_clear()


def test_resource_path_points_into_the_package() -> None:
    path = resource_path("places/provinces.tsv")
    assert path == RESOURCES / "places" / "provinces.tsv"
    assert path.is_file()


def test_read_tsv_skips_comments_and_blank_lines(data_dir: Callable[..., str]) -> None:
    name = data_dir(
        "words.tsv",
        "# Words written for this test.\n"
        "# Columns: form, kind.\n"
        "\n"
        "form\tkind\n"
        "كركوك\tcity\n"
        "\n"
        "   \n"
        "# a comment between rows\n"
        "نينوى\tprovince\n",
    )
    assert read_tsv(name) == (
        {"form": "كركوك", "kind": "city"},
        {"form": "نينوى", "kind": "province"},
    )


def test_read_tsv_first_non_comment_line_is_the_header(data_dir: Callable[..., str]) -> None:
    name = data_dir("two.tsv", "# source: the test\nkind\tform\ncity\tكركوك\n")
    (row,) = read_tsv(name)
    assert list(row) == ["kind", "form"]


def test_read_tsv_fills_short_rows_and_drops_extra_cells(data_dir: Callable[..., str]) -> None:
    name = data_dir("ragged.tsv", "form\tcode\tnote\nكركوك\tIQ-KI\n بغداد \tIQ-BG\t x \textra\n")
    assert read_tsv(name) == (
        {"form": "كركوك", "code": "IQ-KI", "note": ""},
        {"form": "بغداد", "code": "IQ-BG", "note": "x"},  # cells are stripped
    )


def test_read_tsv_takes_quotes_literally(data_dir: Callable[..., str]) -> None:
    name = data_dir("quotes.tsv", 'form\tnote\n"الحشد"\tsaid "so"\n')
    assert read_tsv(name) == ({"form": '"الحشد"', "note": 'said "so"'},)


def test_read_tsv_header_only_gives_no_rows(data_dir: Callable[..., str]) -> None:
    assert read_tsv(data_dir("empty.tsv", "# nothing yet\nform\tkind\n")) == ()


def test_read_tsv_is_cached(data_dir: Callable[..., str]) -> None:
    name = data_dir("cached.tsv", "form\nكركوك\n")
    first = read_tsv(name)
    data_dir("cached.tsv", "form\nنينوى\n")  # changed on disk after the first read
    assert read_tsv(name) is first


def test_read_yaml_and_json(data_dir: Callable[..., str]) -> None:
    yaml_name = data_dir("conf/map.yaml", "# comment\nIQ:\n  - كركوك\n  - نينوى\n")
    json_name = data_dir("conf/map.json", '{"IQ": ["كركوك", "نينوى"]}')
    assert read_yaml(yaml_name) == {"IQ": ["كركوك", "نينوى"]}
    assert read_json(json_name) == {"IQ": ["كركوك", "نينوى"]}


def test_missing_resource_raises(data_dir: Callable[..., str]) -> None:
    with pytest.raises(FileNotFoundError):
        read_tsv("no/such.tsv")


@pytest.mark.parametrize(
    "name",
    sorted(p.relative_to(RESOURCES).as_posix() for p in RESOURCES.rglob("*.tsv")),
)
def test_every_shipped_tsv_reads_with_its_header(name: str) -> None:
    path = resource_path(name)
    header_line = next(
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    header = header_line.rstrip("\n").split("\t")
    assert all(header) and len(set(header)) == len(header), header
    rows = read_tsv(name)
    assert rows, f"{name} has no rows"
    assert all(list(row) == header for row in rows)
