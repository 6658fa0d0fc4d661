"""schema.py: validation of the output records, round trips, the documents.jsonl line and
the JSON Schemas `newsie schema` prints."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pydantic import ValidationError

from newsie.schema import (
    COMMON_ENTITY_FIELDS,
    ENTITY_TYPE_FIELDS,
    ENTITY_TYPES,
    EVENT_TYPES,
    PIPELINE_VERSION,
    Article,
    Document,
    DocumentRecord,
    Entity,
    ErrorRecord,
    Event,
    EventActor,
    EventDate,
    EventLocation,
    EventMention,
    Span,
    output_schemas,
)
from newsie.text.normalize import NormalizeStage

# Diacritics and a tatweel make the normalised text shorter than the original.
TEXT = "قُتِلَ جنديان في هجومٍ على حاجز للجيش في كركوك، وقال الـمتحدث إن الهجوم وقع أمس."


def _entity(**fields: Any) -> Entity:
    base: dict[str, Any] = {"type": "LOCATION", "text": "كركوك", "start": 0, "end": 5}
    return Entity.model_validate({**base, "stage": "test", **fields})


def _event(**fields: Any) -> Event:
    base: dict[str, Any] = {
        "event_id": "d-e1",
        "doc_id": "d",
        "type": "ATTACK",
        "trigger": {"start": 16, "end": 21, "text": "هجومٍ"},
        "sentence": {"start": 0, "end": len(TEXT)},
    }
    return Event.model_validate({**base, **fields})


def _document() -> Document:
    article = Article(id="d", source="d.txt", text=TEXT, published="2024-05-08", title="كركوك")
    doc = NormalizeStage()(Document.from_article(article))
    norm = doc.norm.text
    start = norm.index("كركوك")
    doc.add_entity("LOCATION", start, start + 5, stage="test", admin1="IQ-KI", country="IQ")
    start = norm.index("جنديان")
    doc.add_entity("PERSON", start, start + 6, stage="test", confidence=0.4)
    doc.events.append(
        _event(
            date=EventDate(value="2024-05-07", text="أمس", precision="day"),
            locations=[EventLocation(text="كركوك", type="LOCATION", admin1="IQ-KI")],
            actors=[EventActor(text="الجيش", type="ORG", role="actor2")],
            killed=2,
            fatalities=2,
            mentions=[EventMention(trigger=Span(start=16, end=21), sentence=Span(start=0, end=10))],
        )
    )
    return doc


# --- Entity ---------------------------------------------------------------------------------


def test_entity_defaults() -> None:
    entity = _entity()
    assert entity.confidence == 1.0
    assert entity.canonical is None and entity.admin1 is None and entity.value is None


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "PLACE"},  # not an entity type
        {"start": -1},
        {"end": -3},
        {"confidence": 1.5},
        {"confidence": -0.1},
        {"precision": "week"},
        {"qualifier": "very late"},
        {"echelon": "platoon"},
        {"colour": "red"},  # unknown fields are refused, not dropped
    ],
)
def test_entity_rejects_invalid_fields(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _entity(**fields)


def test_entity_needs_type_text_offsets_and_stage() -> None:
    with pytest.raises(ValidationError) as info:
        Entity.model_validate({})
    missing = {error["loc"][0] for error in info.value.errors() if error["type"] == "missing"}
    assert missing == {"type", "text", "start", "end", "stage"}


def test_every_entity_type_is_accepted() -> None:
    assert [_entity(type=kind).type for kind in ENTITY_TYPES] == list(ENTITY_TYPES)


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        ("PERSON", "code", "IQ"),
        ("DATE", "number", 5),
        ("UNIT", "value", "2024-05-07"),
        ("COUNTRY", "lat", 33.3),
        ("LOCATION", "echelon", "brigade"),
        ("ORG", "title", "وزير"),
        ("ARMED_GROUP", "precision", "day"),
        ("PROVINCE", "geonames_id", 99),
    ],
)
def test_entity_rejects_a_field_of_another_type(kind: str, field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as info:
        _entity(type=kind, **{field: value})
    message = str(info.value)
    assert repr(field) in message and f"{kind} entity" in message


def test_entity_field_of_another_type_may_be_null() -> None:
    # A stage may pass a field explicitly as None (people: title=None on a repeat).
    assert _entity(type="DATE", code=None, number=None, title=None).type == "DATE"


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("PERSON", {"title": "اللواء", "country": "IQ"}),
        ("UNIT", {"number": 5, "echelon": "division", "state": True, "country": "IQ"}),
        ("BRIGADE", {"number": 9, "echelon": "brigade", "state": True, "country": "SY"}),
        ("ARMED_GROUP", {"state": False, "country": "SY"}),
        ("ORG", {"country": "LY"}),
        ("COUNTRY", {"code": "IQ"}),
        ("PROVINCE", {"code": "IQ-KI", "country": "IQ", "lat": 35.4, "lon": 44.4}),
        (
            "LOCATION",
            {"admin1": "IQ-KI", "country": "IQ", "lat": 35.4, "lon": 44.4, "geonames_id": 1},
        ),
        (
            "DATE",
            {
                "value": "2024-05",
                "value_end": "2024-06",
                "precision": "month",
                "qualifier": "early",
                "relative": False,
                "anchor": "2024-05-08",
            },
        ),
    ],
)
def test_entity_accepts_the_fields_of_its_type(kind: str, fields: dict[str, Any]) -> None:
    common = {"canonical": "x", "canonical_name": "X", "confidence": 0.5, "label": "l"}
    entity = _entity(type=kind, **common, **fields)
    assert entity.model_dump(exclude_none=True).keys() >= fields.keys() | common.keys()


def test_entity_type_fields_cover_every_type_and_field() -> None:
    assert set(ENTITY_TYPE_FIELDS) == set(ENTITY_TYPES)
    declared = COMMON_ENTITY_FIELDS.union(*ENTITY_TYPE_FIELDS.values())
    assert declared == set(Entity.model_fields)
    assert not any(COMMON_ENTITY_FIELDS & fields for fields in ENTITY_TYPE_FIELDS.values())


def test_entity_json_round_trip() -> None:
    entity = _entity(
        type="DATE",
        text="أمس",
        value="2024-05-07",
        precision="day",
        relative=True,
        anchor="2024-05-08",
    )
    assert Entity.model_validate_json(entity.model_dump_json()) == entity


# --- Event ----------------------------------------------------------------------------------


def test_event_defaults() -> None:
    event = _event()
    assert event.fatalities == 0
    assert event.time_precision == 3 and event.geo_precision == 3
    assert event.confidence == 0.5
    assert event.pipeline_version == PIPELINE_VERSION
    assert event.locations == [] and event.actors == [] and event.mentions == []


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "WEDDING"},
        {"fatalities": -1},
        {"time_precision": 4},
        {"geo_precision": 0},
        {"confidence": 2.0},
        {"trigger": {"start": 1}},  # a span needs both ends
        {"actors": [{"text": "الجيش", "type": "ORG", "role": "victim"}]},
        {"locations": [{"text": "كركوك", "type": "CITY"}]},
        {"date": {"value": "2024-05-07", "source": "headline"}},
    ],
)
def test_event_rejects_invalid_fields(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _event(**fields)


def test_every_event_type_is_accepted() -> None:
    assert [_event(type=kind).type for kind in EVENT_TYPES] == list(EVENT_TYPES)


def test_event_json_round_trip() -> None:
    (event,) = _document().events
    row = json.loads(json.dumps(event.model_dump(mode="json"), ensure_ascii=False))
    assert Event.model_validate(row) == event
    assert row["actors"] == [
        {
            "text": "الجيش",
            "type": "ORG",
            "role": "actor2",
            "canonical": None,
            "canonical_name": None,
            "country": None,
            "start": None,
            "end": None,
        }
    ]


# --- Article, Document ----------------------------------------------------------------------


def test_article_parses_published_date() -> None:
    article = Article(id="a", source="a.txt", text=TEXT, published="2024-05-08")
    assert article.published == dt.date(2024, 5, 8)
    with pytest.raises(ValidationError):
        Article(id="a", source="a.txt", text=TEXT, published="2024-13-40")
    with pytest.raises(ValidationError):
        Article(id="a", source="a.txt", text=TEXT, published_source="guess")


def test_document_from_article_copies_the_record_fields() -> None:
    article = Article(
        id="a",
        source="in/a.txt",
        line=3,
        text=TEXT,
        published="2024-05-08",
        published_source="input",
        title="كركوك",
        url="https://example.org/a",
        warnings=["short article"],
    )
    doc = Document.from_article(article)
    assert (doc.doc_id, doc.source, doc.line, doc.text) == ("a", "in/a.txt", 3, TEXT)
    assert (doc.published, doc.published_source) == (dt.date(2024, 5, 8), "input")
    assert (doc.title, doc.url) == ("كركوك", "https://example.org/a")
    assert doc.warnings == ["short article"]
    doc.warnings.append("more")
    assert article.warnings == ["short article"]  # a copy, not the article's list
    assert doc.entities == [] and doc.events == []
    assert doc.pipeline_version == PIPELINE_VERSION


def test_analysis_layers_say_which_stage_is_missing() -> None:
    doc = Document.from_article(Article(id="a", source="a.txt", text=TEXT))
    with pytest.raises(RuntimeError, match="'normalize'"):
        _ = doc.norm
    with pytest.raises(RuntimeError, match="'segment'"):
        _ = doc.sentences
    with pytest.raises(RuntimeError, match="'segment'"):
        _ = doc.tokens


def test_add_entity_stores_original_offsets() -> None:
    doc = _document()
    for entity in doc.entities:
        assert doc.text[entity.start : entity.end] == entity.text
    assert [(e.type, e.text) for e in doc.entities] == [
        ("LOCATION", "كركوك"),
        ("PERSON", "جنديان"),
    ]
    # Diacritics before the name: original offsets are past the normalised ones.
    location = doc.entities[0]
    assert location.start == TEXT.index("كركوك") > doc.norm.text.index("كركوك")
    assert doc.entities_of("PERSON", "DATE") == [doc.entities[1]]


def test_document_json_round_trip_keeps_events_and_drops_analysis_layers() -> None:
    doc = _document()
    copy = Document.model_validate_json(doc.model_dump_json())
    assert copy.model_dump() == doc.model_dump()
    assert copy.events == doc.events and copy.entities == doc.entities
    with pytest.raises(RuntimeError):
        _ = copy.norm  # the normalised text is not part of the record


def test_to_record_is_the_documents_jsonl_line() -> None:
    doc = _document()
    record = doc.to_record()
    assert "events" not in record
    assert record["published"] == "2024-05-08"
    assert record["title"] == "كركوك"
    assert record["url"] is None  # document fields stay, even when null
    assert record["pipeline_version"] == PIPELINE_VERSION
    # Entities in text order, their null fields dropped.
    assert [e["text"] for e in record["entities"]] == ["جنديان", "كركوك"]
    assert record["entities"][1] == {
        "type": "LOCATION",
        "text": "كركوك",
        "start": TEXT.index("كركوك"),
        "end": TEXT.index("كركوك") + 5,
        "stage": "test",
        "confidence": 1.0,
        "admin1": "IQ-KI",
        "country": "IQ",
    }
    line = json.dumps(record, ensure_ascii=False)
    assert DocumentRecord.model_validate_json(line).entities == sorted(
        doc.entities, key=lambda e: e.start
    )


def test_document_record_refuses_events_and_unknown_fields() -> None:
    record = _document().to_record()
    with pytest.raises(ValidationError):
        DocumentRecord.model_validate({**record, "events": []})
    with pytest.raises(ValidationError):
        DocumentRecord.model_validate({**record, "summary": "..."})


def test_error_record() -> None:
    error = ErrorRecord(path="in/x.txt", line=4, stage="read", reason="empty article")
    assert ErrorRecord.model_validate(error.model_dump(mode="json")) == error
    with pytest.raises(ValidationError):
        ErrorRecord.model_validate({"path": "in/x.txt"})  # a reason is required


# --- output_schemas -------------------------------------------------------------------------


def test_output_schemas_describe_the_three_files() -> None:
    schemas = output_schemas()
    assert list(schemas) == ["documents.jsonl", "events.jsonl", "errors.jsonl"]
    json.dumps(schemas)  # plain JSON
    documents, events, errors = schemas.values()
    assert [s["title"] for s in schemas.values()] == ["DocumentRecord", "Event", "ErrorRecord"]
    assert all(
        s["type"] == "object" and s["additionalProperties"] is False for s in schemas.values()
    )
    assert set(documents["required"]) == {"doc_id", "source", "text"}
    assert "events" not in documents["properties"]
    assert documents["properties"]["entities"]["items"] == {"$ref": "#/$defs/Entity"}
    entity = documents["$defs"]["Entity"]
    assert entity["properties"]["type"]["enum"] == list(ENTITY_TYPES)
    assert set(entity["required"]) == {"type", "text", "start", "end", "stage"}
    assert events["properties"]["type"]["enum"] == list(EVENT_TYPES)
    assert set(events["required"]) == {"event_id", "doc_id", "type", "trigger", "sentence"}
    assert set(errors["required"]) == {"path", "reason"}


def test_written_rows_match_their_schema_fields() -> None:
    documents, events, _ = output_schemas().values()
    doc = _document()
    record = doc.to_record()
    assert set(record) == set(documents["properties"])
    entity_fields = set(documents["$defs"]["Entity"]["properties"])
    assert all(set(e) <= entity_fields for e in record["entities"])
    assert set(doc.events[0].model_dump(mode="json")) == set(events["properties"])


def test_entity_json_schema_states_the_per_type_rules() -> None:
    entity_schema = output_schemas()["documents.jsonl"]["$defs"]["Entity"]
    rules = {
        rule["if"]["properties"]["type"]["const"]: set(rule["then"]["properties"])
        for rule in entity_schema["allOf"]
    }
    assert set(rules) == set(ENTITY_TYPES)
    assert "code" in rules["PERSON"] and "title" not in rules["PERSON"]
    assert "number" in rules["DATE"] and "value" not in rules["DATE"]
    assert "value" in rules["UNIT"] and "echelon" not in rules["UNIT"]
    for kind, null_fields in rules.items():
        # What the schema leaves free is exactly what the model accepts.
        free = set(entity_schema["properties"]) - null_fields
        assert free == COMMON_ENTITY_FIELDS | ENTITY_TYPE_FIELDS[kind], kind
