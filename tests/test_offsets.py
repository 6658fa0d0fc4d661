"""newsie.text.offsets: the two offset systems as types. At run time they are plain ints
(the output does not change); mypy refuses a normalised offset where an original one is
expected, and the other way round."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from newsie.schema import Article, Document, Entity
from newsie.text.normalize import norm_span, normalize
from newsie.text.offsets import NormOffset, OrigOffset, norm_offsets

SRC = Path(__file__).resolve().parents[1] / "src"

# Diacritics and a tatweel: normalised and original offsets differ.
TEXT = "قُتِلَ جنديان في كـركوك"


def test_offsets_are_plain_ints_at_run_time() -> None:
    start, end = norm_offsets(3, 7)
    assert (start, end) == (3, 7) and type(start) is int and type(end) is int
    assert NormOffset(5) == OrigOffset(5) == 5


def test_round_trip_through_the_one_api() -> None:
    norm = normalize(TEXT)
    n_start = NormOffset(norm.text.index("كركوك"))
    n_end = NormOffset(n_start + len("كركوك"))
    o_start, o_end = norm.to_original(n_start, n_end)
    assert TEXT[o_start:o_end] == "كـركوك"
    assert (o_start, o_end) != (n_start, n_end)  # the shift the types guard against
    assert norm.from_original(o_start, o_end) == (n_start, n_end)
    assert norm.original_text(n_start, n_end) == "كـركوك"


def test_add_entity_takes_normalised_offsets_and_stores_original_ones() -> None:
    doc = Document.from_article(Article(id="d", source="-", text=TEXT))
    doc.norm = normalize(TEXT)
    n_start = doc.norm.text.index("كركوك")
    entity = doc.add_entity("LOCATION", *norm_offsets(n_start, n_start + 5), stage="test")
    assert entity.text == "كـركوك" == TEXT[entity.start : entity.end]
    assert norm_span(doc, entity) == (n_start, n_start + 5)
    # The JSON field stays a plain integer.
    assert Entity.model_json_schema()["properties"]["start"] == {
        "minimum": 0,
        "title": "Start",
        "type": "integer",
    }


_MISUSE = """
from newsie.text.normalize import normalize
from newsie.text.offsets import NormOffset, OrigOffset

norm = normalize("x")
o_start, o_end = norm.to_original(NormOffset(0), NormOffset(1))
norm.to_original(o_start, o_end)  # original offsets where normalised ones belong
n_start, n_end = norm.from_original(OrigOffset(0), OrigOffset(1))
norm.from_original(n_start, n_end)  # and the other way round
norm.to_original(0, 1)  # a bare int must be declared as one or the other
"""


def test_mypy_refuses_an_offset_of_the_other_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "misuse.py"
    snippet.write_text(textwrap.dedent(_MISUSE), encoding="utf-8")
    monkeypatch.setenv("MYPYPATH", str(SRC))
    out, _, status = api.run(
        [
            str(snippet),
            "--follow-imports=silent",
            "--ignore-missing-imports",
            "--cache-dir",
            str(tmp_path / "cache"),
        ]
    )
    assert status == 1, out
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 6, out  # two arguments on each of the three bad calls
    assert all('"to_original"' in e or '"from_original"' in e for e in errors), out
    assert any('type "OrigOffset"; expected "NormOffset"' in e for e in errors), out
    assert any('type "NormOffset"; expected "OrigOffset"' in e for e in errors), out
