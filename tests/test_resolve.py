"""Resolve stage: rule entities win over overlapping NER spans; duplicates go."""

from __future__ import annotations

from newsie.schema import Article, Document
from newsie.stages.resolve import ResolveStage, resolve_entities
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage

TEXT = "التقى وزير الدفاع العراقي ثابت العباسي في بغداد بوفد من حلف شمال الأطلسي يوم الأحد."


def _doc(text: str = TEXT) -> Document:
    doc = Document.from_article(Article(id="t", source="<test>", text=text))
    return SegmentStage(None)(NormalizeStage(None)(doc))


def _span(doc: Document, surface: str) -> tuple[int, int]:
    start = doc.norm.text.index(surface)
    return start, start + len(surface)


def test_rule_entity_beats_overlapping_ner_span() -> None:
    doc = _doc()
    doc.add_entity("LOCATION", *_span(doc, "في بغداد"), stage="ner", label="GPE")
    doc.add_entity("PROVINCE", *_span(doc, "بغداد"), stage="places", code="IQ-BG")
    kept = resolve_entities(doc.entities)
    assert [(e.type, e.text, e.stage) for e in kept] == [("PROVINCE", "بغداد", "places")]


def test_ner_fills_names_no_rule_found() -> None:
    doc = _doc()
    doc.add_entity("PERSON", *_span(doc, "ثابت العباسي"), stage="ner", label="PER")
    doc.add_entity("ORG", *_span(doc, "حلف شمال الاطلسي"), stage="ner", label="ORG")
    doc.add_entity("PROVINCE", *_span(doc, "بغداد"), stage="places", code="IQ-BG")
    kept = resolve_entities(doc.entities)
    assert sorted(e.text for e in kept) == ["بغداد", "ثابت العباسي", "حلف شمال الأطلسي"]


def test_duplicates_keep_the_rule_entity() -> None:
    doc = _doc()
    span = _span(doc, "ثابت العباسي")
    doc.add_entity("PERSON", *span, stage="people", title="وزير الدفاع")
    doc.add_entity("PERSON", *span, stage="people", title="وزير الدفاع", confidence=0.5)
    kept = resolve_entities(doc.entities)
    assert len(kept) == 1
    assert kept[0].confidence == 1.0


def test_duplicate_with_higher_confidence_replaces_earlier() -> None:
    doc = _doc()
    span = _span(doc, "بغداد")
    doc.add_entity("LOCATION", *span, stage="places", confidence=0.4)
    doc.add_entity("LOCATION", *span, stage="places", confidence=0.9)
    kept = resolve_entities(doc.entities)
    assert [e.confidence for e in kept] == [0.9]


def test_same_span_different_types_from_rules_are_both_kept() -> None:
    doc = _doc("قال محافظ بغداد إن محافظة بغداد آمنة.")
    span = _span(doc, "بغداد")
    doc.add_entity("PROVINCE", *span, stage="places", code="IQ-BG")
    doc.add_entity("LOCATION", *span, stage="places", admin1="IQ-BG")
    assert len(resolve_entities(doc.entities)) == 2


def test_stage_records_what_it_dropped() -> None:
    doc = _doc()
    doc.add_entity("LOCATION", *_span(doc, "بغداد"), stage="ner", label="GPE")
    doc.add_entity("PROVINCE", *_span(doc, "بغداد"), stage="places", code="IQ-BG")
    doc = ResolveStage(None)(doc)
    assert len(doc.entities) == 1
    assert doc.extras["resolve"] == {"dropped": 1, "claimed": 0}
