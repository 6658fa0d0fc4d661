"""NER stage: span decoding, offset mapping, backend selection, the shipped model."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsie.pipeline import PipelineConfig
from newsie.schema import Article, Document
from newsie.stages import ner
from newsie.stages.ner import (
    NerBackendError,
    NerStage,
    check_backend,
    clitic_length,
    decode_spans,
)
from newsie.text.normalize import NormalizeStage, normalize_key
from newsie.text.segment import SegmentStage

# Diacritics and hamza forms make normalised offsets differ from original ones.
TEXT = (
    "أعلنَ رئيسُ الوزراء العراقيّ محمّد شياع السوداني أنّ الحكومة ستدعم قوات الأمن في الأنبار.\n"
    "وقال المتحدث باسم وزارة الداخلية إنّ الهجوم وقع قرب مدينة الرمادي."
)


def _doc(text: str = TEXT) -> Document:
    doc = Document.from_article(Article(id="t", source="<test>", text=text))
    return SegmentStage(None)(NormalizeStage(None)(doc))


def _fake_tagger(names: dict[str, str]):  # type: ignore[no-untyped-def]
    """A tagger that tags known multi-word names (BIOES), to test the stage's plumbing."""

    def tag(sentences: list[list[str]]) -> list[list[str]]:
        out = []
        for words in sentences:
            tags = ["O"] * len(words)
            for name, label in names.items():
                parts = name.split()
                for i in range(len(words) - len(parts) + 1):
                    if words[i : i + len(parts)] == parts:
                        if len(parts) == 1:
                            tags[i] = "S-" + label
                        else:
                            tags[i] = "B-" + label
                            for j in range(i + 1, i + len(parts) - 1):
                                tags[j] = "I-" + label
                            tags[i + len(parts) - 1] = "E-" + label
            out.append(tags)
        return out

    return tag


def _stage(monkeypatch: pytest.MonkeyPatch, names: dict[str, str]) -> NerStage:
    monkeypatch.setattr(ner, "check_backend", lambda name: None)
    monkeypatch.setattr(ner, "load_tagger", lambda name: _fake_tagger(names))
    monkeypatch.setattr(ner, "_word_ranks", lambda: {"وزاره": 900, "الداخليه": 50})
    return NerStage(PipelineConfig(ner="newsie"))


def test_decode_bioes_and_bio() -> None:
    assert list(decode_spans(["B-PER", "I-PER", "E-PER", "O", "S-GPE"])) == [
        (0, 3, "PER"),
        (4, 5, "GPE"),
    ]
    assert list(decode_spans(["B-ORG", "I-ORG", "O", "B-LOC", "B-LOC"])) == [
        (0, 2, "ORG"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
    ]
    # a stray I- starts an entity; a type change ends one
    assert list(decode_spans(["O", "I-PER", "I-ORG"])) == [(1, 2, "PER"), (2, 3, "ORG")]


def test_predictions_map_to_original_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    stage = _stage(
        monkeypatch,
        {"محمد شياع السوداني": "PER", "الانبار": "GPE", "وزاره الداخليه": "ORG", "الرمادي": "LOC"},
    )
    doc = stage(_doc())
    found = {(e.type, e.text, e.label) for e in doc.entities}
    assert found == {
        ("PERSON", "محمّد شياع السوداني", "PER"),
        ("LOCATION", "الأنبار", "GPE"),
        ("ORG", "وزارة الداخلية", "ORG"),
        ("LOCATION", "الرمادي", "LOC"),
    }
    for entity in doc.entities:
        assert doc.text[entity.start : entity.end] == entity.text
        assert entity.stage == "ner"


def test_misc_and_unknown_labels_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    stage = _stage(monkeypatch, {"العراقي": "MISC", "الحكومه": "NORP"})
    assert stage(_doc()).entities == []


def test_a_people_tagged_as_a_name_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    tags = {"روس": "PER", "للأفغان": "PER", "الألمان": "ORG", "بوتين": "PER"}
    stage = _stage(monkeypatch, {normalize_key(k): v for k, v in tags.items()})
    doc = stage(_doc("التقى بوتين مسؤولين روس وممثلين للأفغان بحضور الألمان."))
    assert [(e.type, e.text) for e in doc.entities] == [("PERSON", "بوتين")]


def test_a_span_that_begins_or_ends_on_a_particle_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tags = {"ان المواطن": "ORG", "حكومه الوفاق في": "ORG", "وزاره الداخليه": "ORG"}
    stage = _stage(monkeypatch, tags)
    doc = stage(_doc("وذكرت وزارة الداخلية أن المواطن قدم وثيقة من حكومة الوفاق في طرابلس."))
    assert [e.text for e in doc.entities] == ["وزارة الداخلية"]


def test_a_person_does_not_end_on_a_word_with_a_proclitic(monkeypatch: pytest.MonkeyPatch) -> None:
    ranks = {"هادي": 50, "ضغط": 300, "بضغط": 9000, "بلال": 700, "لال": 90000}
    monkeypatch.setattr(ner, "check_backend", lambda name: None)
    tags = {"هادي بضغط": "PER", "محمد بلال": "PER"}
    monkeypatch.setattr(ner, "load_tagger", lambda name: _fake_tagger(tags))
    monkeypatch.setattr(ner, "_word_ranks", lambda: ranks)
    doc = NerStage(PipelineConfig(ner="newsie"))(
        _doc("أعلن ولاءه للرئيس هادي بضغط من الحوثيين، وقال محمد بلال إنه يرفض ذلك.")
    )
    assert [e.text for e in doc.entities] == ["هادي", "محمد بلال"]


def test_attached_conjunction_is_left_out_of_the_name(monkeypatch: pytest.MonkeyPatch) -> None:
    ranks = {"محمد": 10, "ومحمد": 4000, "وليد": 800, "ليد": 90000, "العراق": 5, "بالعراق": 300}
    assert clitic_length("ومحمد", ranks) == 1
    assert clitic_length("بالعراق", ranks) == 1
    assert clitic_length("وليد", ranks) == 0  # a name starting with و
    assert clitic_length("واشنطن", ranks) == 0  # unknown remainder
    assert clitic_length("ساما", {"اما": 3, "ساما": 5000}) == 0  # future س is on verbs only
    assert clitic_length("بالاعبوس", ranks) == 1  # a rare place after ب + ال
    assert clitic_length("فالنسيا", {"فالنسيا": 900}) == 0  # a known name, not ف + ال
    assert clitic_length("للحوثيين", ranks) == 0  # the fused لل stays
    monkeypatch.setattr(ner, "check_backend", lambda name: None)
    monkeypatch.setattr(ner, "load_tagger", lambda name: _fake_tagger({"ومحمد الحلبوسي": "PER"}))
    monkeypatch.setattr(ner, "_word_ranks", lambda: ranks)
    doc = NerStage(PipelineConfig(ner="newsie"))(_doc("التقى الرئيس ومحمد الحلبوسي أمس."))
    assert [e.text for e in doc.entities] == ["محمد الحلبوسي"]


def test_long_sentences_are_tagged_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    tagger = _fake_tagger({"الرمادي": "LOC"})

    def recording_tagger(sentences: list[list[str]]) -> list[list[str]]:
        seen.extend(len(s) for s in sentences)
        return tagger(sentences)

    monkeypatch.setattr(ner, "check_backend", lambda name: None)
    monkeypatch.setattr(ner, "load_tagger", lambda name: recording_tagger)
    monkeypatch.setattr(ner, "_word_ranks", dict)
    text = " ".join(["وصلت القوات إلى الرمادي"] * 100)  # 400 tokens, no full stop
    doc = NerStage(PipelineConfig(ner="newsie"))(_doc(text))
    assert max(seen) <= ner.MAX_SENTENCE_TOKENS and sum(seen) == 400
    assert len(doc.entities) == 100
    assert all(e.text == "الرمادي" for e in doc.entities)


def test_backend_none_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(name: str) -> None:
        raise AssertionError("the none backend must not load a tagger")

    monkeypatch.setattr(ner, "load_tagger", fail)
    doc = NerStage(PipelineConfig(ner="none"))(_doc())
    assert doc.entities == []


@pytest.mark.parametrize(
    ("backend", "env", "hint"),
    [
        ("newsie", "NEWSIE_MODELS", "scripts/train_ner.py"),
        ("stanza-official", "NEWSIE_STANZA_DIR", "newsie models install stanza-official"),
        ("camel", "CAMELTOOLS_DATA", "camel_data -i ner-arabert"),
    ],
)
def test_missing_backend_fails_with_one_clear_line(
    backend: str, env: str, hint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(env, str(tmp_path))
    with pytest.raises(NerBackendError) as info:
        NerStage(PipelineConfig(ner=backend))
    message = str(info.value)
    assert hint in message
    assert "\n" not in message


def test_unknown_backend_is_rejected() -> None:
    with pytest.raises(NerBackendError, match="choose one of"):
        check_backend("spacy")


MODEL_READY = (ner.models_dir() / ner.MODEL_FILE).exists() and (
    ner.models_dir() / ner.PRETRAIN_FILE
).exists()


@pytest.mark.skipif(not MODEL_READY, reason="shipped NER model not built")
def test_shipped_model_finds_names() -> None:
    text = (
        "وقال الرئيس الأمريكي جو بايدن في واشنطن إن الولايات المتحدة ستواصل دعم أوكرانيا.\n"
        "وأكد المتحدث باسم منظمة الصحة العالمية أن الوضع في قطاع غزة خطير."
    )
    doc = NerStage(PipelineConfig(ner="newsie"))(_doc(text))
    found = {(e.type, e.text) for e in doc.entities}
    assert ("PERSON", "جو بايدن") in found
    assert ("LOCATION", "واشنطن") in found
    assert any(t == "ORG" and "الصحة العالمية" in s for t, s in found)
    for entity in doc.entities:
        assert doc.text[entity.start : entity.end] == entity.text


def test_third_party_backends_see_original_spelling(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def recording_tagger(sentences: list[list[str]]) -> list[list[str]]:
        seen.extend(sentences)
        return [["O"] * len(s) for s in sentences]

    monkeypatch.setattr(ner, "check_backend", lambda name: None)
    monkeypatch.setattr(ner, "load_tagger", lambda name: recording_tagger)
    NerStage(PipelineConfig(ner="camel"))(_doc("أعلنت وزارة الداخلية."))
    NerStage(PipelineConfig(ner="newsie"))(_doc("أعلنت وزارة الداخلية."))
    assert seen == [["أعلنت", "وزارة", "الداخلية", "."], ["اعلنت", "وزاره", "الداخليه", "."]]
