"""Resolve stage: rule entities win over overlapping NER spans; duplicates go; the
claims stages make on other stages' entities are applied here alone."""

from __future__ import annotations

from newsie.claims import Claim
from newsie.pipeline import Pipeline, Stage
from newsie.schema import Article, Document
from newsie.stages.forces import ForcesStage
from newsie.stages.people import PeopleStage
from newsie.stages.places import PlacesStage
from newsie.stages.resolve import ResolveStage, resolve_entities
from newsie.text.normalize import NormalizeStage, normalize_key
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


# --- claims: other stages' entities are dropped or edited here alone ---------------------
# Each rule is decided by the stage with the evidence, which only records a claim
# (newsie.claims); the NER entities stay as NER made them until resolve runs.


def _with_ner(text: str, *ner: tuple[str, str]) -> Document:
    """normalize + segment, with NER entities given as (type, surface)."""
    doc = _doc(text)
    for entity_type, surface in ner:
        doc.add_entity(entity_type, *_span(doc, normalize_key(surface)), stage="ner")
    return doc


def _claims(doc: Document, stage: str) -> list[Claim]:
    claims: list[Claim] = doc.extras[stage]["claims"]
    return claims


def test_places_claims_the_geography_of_a_ner_place() -> None:
    doc = _with_ner("وصلت قافلة المساعدات إلى الموصل صباح اليوم.", ("LOCATION", "الموصل"))
    (ner,) = doc.entities
    PlacesStage()(doc)
    assert (ner.admin1, ner.country) == (None, None)
    (claim,) = _claims(doc, "places")
    assert (claim.action, claim.entity, claim.fields["admin1"]) == ("edit", ner, "IQ-NI")
    ResolveStage()(doc)
    assert (ner.admin1, ner.country) == ("IQ-NI", "IQ")
    assert "places" not in doc.extras  # claims are forgotten once applied


def test_people_claims_a_ner_span_the_rules_read_as_a_person() -> None:
    text = "وصرح العميد خالد الشمري بأن الوحدات أكملت انتشارها."
    doc = ForcesStage()(_with_ner(text, ("PERSON", "العميد خالد الشمري")))
    PeopleStage()(doc)
    ner = [e for e in doc.entities if e.stage == "ner"]
    assert [e.text for e in ner] == ["العميد خالد الشمري"]  # still there after people
    (claim,) = _claims(doc, "people")
    assert (claim.action, claim.entity, claim.why) == (
        "drop",
        ner[0],
        "the rules read a person here",
    )
    ResolveStage()(doc)
    assert [(e.text, e.stage) for e in doc.entities_of("PERSON")] == [("خالد الشمري", "people")]
    assert doc.extras["resolve"]["claimed"] == 1


def test_people_claims_a_ner_person_inside_a_force_name() -> None:
    text = "أعلنت غرفة عمليات صلاح الدين سيطرتها على التلة."
    doc = ForcesStage()(_with_ner(text, ("PERSON", "صلاح الدين")))
    assert [e.text for e in doc.entities_of("UNIT")] == ["غرفة عمليات صلاح الدين"]
    PeopleStage()(doc)
    assert [e.text for e in doc.entities_of("PERSON")] == ["صلاح الدين"]
    (claim,) = _claims(doc, "people")
    assert claim.action == "drop"
    ResolveStage()(doc)
    assert doc.entities_of("PERSON") == []
    assert doc.extras["resolve"]["claimed"] == 1


def test_people_claims_the_rank_at_the_start_of_a_ner_person() -> None:
    # النقيب is ambiguous and مهيار not a listed given name: the rules leave the name to NER.
    text = "أكد النقيب الركن مهيار عوجان أن الطريق آمن."
    doc = _with_ner(text, ("PERSON", "النقيب الركن مهيار عوجان"))
    (ner,) = doc.entities
    PeopleStage()(doc)
    assert (ner.text, ner.title) == ("النقيب الركن مهيار عوجان", None)
    ResolveStage()(doc)
    assert (ner.text, ner.title, ner.stage) == ("مهيار عوجان", "النقيب الركن", "ner")
    assert doc.text[ner.start : ner.end] == ner.text
    assert doc.entities_of("PERSON") == [ner]


def test_people_claims_the_link_of_a_ner_person_to_a_full_name() -> None:
    text = "استقبل الوزير وفدا برئاسة سامر عوجان. وقال عوجان إن اللقاء كان مثمرا."
    doc = _with_ner(text, ("PERSON", "سامر عوجان"))
    (ner,) = doc.entities
    PeopleStage()(doc)
    assert ner.canonical is None
    ResolveStage()(doc)
    assert ner.canonical == "سامر عوجان"
    persons = sorted(doc.entities_of("PERSON"), key=lambda e: e.start)
    assert [(e.text, e.canonical) for e in persons] == [
        ("سامر عوجان", "سامر عوجان"),
        ("عوجان", "سامر عوجان"),
    ]


class _FakeNer:
    """A NER stage that reads fixed names, so the test needs no model."""

    name = "ner"

    def __init__(self, *names: tuple[str, str]) -> None:
        self.names = names

    def __call__(self, doc: Document) -> Document:
        for entity_type, surface in self.names:
            doc.add_entity(entity_type, *_span(doc, normalize_key(surface)), stage="ner")
        return doc


class _Watch:
    """Runs a stage and fails when it removed or changed an entity another stage made."""

    def __init__(self, inner: Stage) -> None:
        self.inner, self.name = inner, inner.name

    def __call__(self, doc: Document) -> Document:
        others = {id(e): (e, e.model_dump()) for e in doc.entities if e.stage != self.name}
        doc = self.inner(doc)
        if self.name != "resolve":
            present = {id(e) for e in doc.entities}
            for key, (entity, dump) in others.items():
                assert key in present, f"{self.name} removed {entity.stage}'s {entity.text}"
                assert entity.model_dump() == dump, f"{self.name} edited {entity.text}"
        return doc


def test_no_stage_but_resolve_removes_or_edits_another_stages_entity() -> None:
    text = (
        "وصرح العميد خالد الشمري بأن الوحدات أكملت انتشارها قرب الموصل. وأعلنت غرفة عمليات "
        "صلاح الدين سيطرتها على التلة. وأكد النقيب الركن مهيار عوجان أن الطريق آمن، وقال "
        "عوجان إن الهدوء عاد."
    )
    ner = _FakeNer(
        ("PERSON", "العميد خالد الشمري"),
        ("LOCATION", "الموصل"),
        ("PERSON", "صلاح الدين"),
        ("PERSON", "النقيب الركن مهيار عوجان"),
    )
    default = Pipeline.default(disable=["ner"])
    stages: list[Stage] = []
    for stage in default.stages:
        stages.append(_Watch(stage))
        if stage.name == "dates":
            stages.append(_Watch(ner))
    doc = Pipeline(stages).process_text(text)
    assert doc.extras["resolve"]["claimed"] == 2  # the claims were made, and applied
    (trimmed,) = [e for e in doc.entities if e.stage == "ner"]
    assert (trimmed.text, trimmed.title) == ("مهيار عوجان", "النقيب الركن")
