"""The one source of truth for what newsie reads and writes.

`documents.jsonl` holds one `DocumentRecord` a line, `events.jsonl` one `Event`,
`errors.jsonl` one `ErrorRecord`; `newsie schema` prints their JSON Schemas.
Field names follow ../shared/spec/output-contract.md; extra fields are ours.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from newsie.text.offsets import NormOffset, OrigOffset
from newsie.text.surrogates import replace_surrogates

if TYPE_CHECKING:
    from newsie.text.normalize import NormalizedText
    from newsie.text.segment import Sentence, Token

PIPELINE_VERSION = "0.2.0"

EntityType = Literal[
    "PERSON", "UNIT", "BRIGADE", "ARMED_GROUP", "ORG", "COUNTRY", "PROVINCE", "LOCATION", "DATE"
]
ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]

EventType = Literal[
    "ARMED_CLASH",
    "ATTACK",
    "EXPLOSION",
    "AIRSTRIKE",
    "SHELLING",
    "MILITARY_OPERATION",
    "TERRITORY_CHANGE",
    "ARREST",
    "ABDUCTION",
    "KILLING",
    "DEPLOYMENT",
    "MEETING",
    "AGREEMENT",
    "TRAINING",
    "APPOINTMENT",
    "PROTEST",
    "SEIZURE",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

Echelon = Literal[
    "force",
    "command",
    "service",
    "corps",
    "division",
    "brigade",
    "regiment",
    "battalion",
    "company",
    "other",
]


# Fields every entity may carry, whatever its type.
COMMON_ENTITY_FIELDS: frozenset[str] = frozenset(
    ("type", "text", "start", "end", "canonical", "canonical_name", "stage", "confidence", "label")
)
_FORCE_FIELDS = ("country", "number", "echelon", "state")
# The type-specific fields each entity type may set (non-null); the rest must stay null.
# Measured on the dev output: every field a stage sets on a type is listed here.
ENTITY_TYPE_FIELDS: dict[str, frozenset[str]] = {
    "PERSON": frozenset(("title", "country")),
    "UNIT": frozenset(_FORCE_FIELDS),
    "BRIGADE": frozenset(_FORCE_FIELDS),
    "ARMED_GROUP": frozenset(_FORCE_FIELDS),
    "ORG": frozenset(("country",)),
    "COUNTRY": frozenset(("code",)),
    "PROVINCE": frozenset(("code", "country", "lat", "lon")),
    "LOCATION": frozenset(("admin1", "country", "lat", "lon", "geonames_id")),
    "DATE": frozenset(("value", "value_end", "precision", "qualifier", "relative", "anchor")),
}

_TYPE_SPECIFIC_FIELDS: frozenset[str] = frozenset().union(*ENTITY_TYPE_FIELDS.values())


def _entity_type_rules(schema: dict[str, Any]) -> None:
    """The per-type rules in the JSON Schema: a field of another type is absent or null."""
    schema["allOf"] = [
        {
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {
                "properties": {
                    name: {"type": "null"} for name in sorted(_TYPE_SPECIFIC_FIELDS - allowed)
                }
            },
        }
        for kind, allowed in ENTITY_TYPE_FIELDS.items()
    ]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


_META_DESCRIPTION = (
    "the input's other fields (outlet, category, ...), as read; newsie does not use them"
)


class Article(_Model):
    """One input article as read from disk, before any analysis. Lone surrogates in
    any field are replaced by U+FFFD, with a warning, so every document encodes."""

    id: str
    source: str = Field(description="path of the file the article was read from")
    line: int | None = Field(None, description="line number in a .jsonl file")
    text: str
    published: dt.date | None = None
    published_source: Literal["input", "dateline"] | None = None
    title: str | None = None
    url: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict, description=_META_DESCRIPTION)
    warnings: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _replace_lone_surrogates(self) -> Article:
        fields = []
        for name in ("id", "source", "text", "title", "url", "meta", "warnings"):
            value, count = replace_surrogates(getattr(self, name))
            if count:
                setattr(self, name, value)
                fields.append(name)
        if fields:
            self.warnings.append(
                f"replaced lone surrogates (invalid Unicode) in {', '.join(fields)} with U+FFFD"
            )
        return self


class Entity(_Model):
    """A mention in the article. `text == article.text[start:end]` always holds."""

    model_config = ConfigDict(json_schema_extra=_entity_type_rules)

    type: EntityType
    text: str
    start: OrigOffset = Field(ge=0)
    end: OrigOffset = Field(ge=0)
    canonical: str | None = Field(None, description="stable id of the thing named")
    canonical_name: str | None = Field(None, description="English name of the thing named")
    stage: str = Field(description="the pipeline stage that produced the mention")
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    # COUNTRY / PROVINCE
    code: str | None = Field(None, description="ISO 3166-1 alpha-2 or ISO 3166-2")
    # LOCATION (and the country of forces, groups and people)
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    # DATE
    value: str | None = Field(None, description="ISO 8601 YYYY-MM-DD, YYYY-MM or YYYY")
    value_end: str | None = Field(None, description="end of a range, like value")
    precision: Literal["day", "month", "year"] | None = None
    qualifier: Literal["early", "mid", "late"] | None = None
    relative: bool | None = None
    anchor: str | None = Field(None, description="date a relative expression was resolved on")
    # UNIT / BRIGADE / ARMED_GROUP / PERSON
    number: int | None = None
    echelon: Echelon | None = None
    state: bool | None = Field(None, description="state force (True) or non-state (False)")
    title: str | None = Field(None, description="rank or office of a PERSON, as written")
    label: str | None = Field(None, description="finer label of the producing stage")

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Entity:
        """Reject a field that does not belong to the type (`code` on a PERSON ...).
        Checked when the entity is built; later assignments are not validated."""
        allowed = ENTITY_TYPE_FIELDS[self.type]
        wrong = [
            name
            for name in type(self).model_fields
            if name not in COMMON_ENTITY_FIELDS
            and name not in allowed
            and getattr(self, name) is not None
        ]
        if wrong:
            raise ValueError(
                f"field {', '.join(map(repr, wrong))} does not belong to a {self.type} entity "
                f"(a {self.type} may set {', '.join(sorted(allowed))})"
            )
        return self


class Span(_Model):
    start: int
    end: int
    text: str | None = None


class EventDate(_Model):
    value: str | None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    precision: Literal["day", "month", "year"] | None = None
    source: Literal["sentence", "paragraph", "article", "published"] = "sentence"


class EventLocation(_Model):
    text: str | None = None
    type: Literal["COUNTRY", "PROVINCE", "LOCATION"] | None = None
    start: int | None = None
    end: int | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    source: Literal["sentence", "paragraph", "article"] = "sentence"


class EventActor(_Model):
    text: str
    type: EntityType
    role: Literal["actor1", "actor2", "other"] = "other"
    canonical: str | None = None
    canonical_name: str | None = None
    country: str | None = None
    start: int | None = None
    end: int | None = None


class EventMention(_Model):
    trigger: Span
    sentence: Span


class Event(_Model):
    """One real-world event, merged over all the article's mentions of it."""

    event_id: str
    doc_id: str
    type: EventType
    date: EventDate | None = None
    locations: list[EventLocation] = Field(default_factory=list)
    actors: list[EventActor] = Field(default_factory=list)
    killed: int | None = Field(None, description="people killed, as the article states it")
    wounded: int | None = None
    fatalities: int = Field(
        0,
        ge=0,
        description="ACLED's count: killed, read conservatively (more than N = N, dozens = 10); "
        "0 when no death is reported",
    )
    time_precision: Literal[1, 2, 3] = Field(
        3,
        description="ACLED: 1 day known, 2 within a week or a short range, 3 month or coarser "
        "or only the publication date",
    )
    geo_precision: Literal[1, 2, 3] = Field(
        3,
        description="ACLED: 1 town or a point in it, 2 district or area, 3 province or country",
    )
    trigger: Span
    sentence: Span
    mentions: list[EventMention] = Field(default_factory=list)
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    plover_type: str | None = None
    confidence: float = Field(0.5, ge=0.0, le=1.0)
    pipeline_version: str = PIPELINE_VERSION


class DocumentRecord(_Model):
    """One line of documents.jsonl."""

    doc_id: str
    source: str
    line: int | None = None
    published: dt.date | None = None
    published_source: Literal["input", "dateline"] | None = None
    title: str | None = None
    url: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict, description=_META_DESCRIPTION)
    text: str
    country: str | None = Field(None, description="the article's main country (ISO alpha-2)")
    admin1: str | None = Field(None, description="the article's main first-level division")
    entities: list[Entity] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    pipeline_version: str = PIPELINE_VERSION


class Document(DocumentRecord):
    """The object the stages pass along: the record, its events, and the text
    analysis layers (normalised text, sentences, tokens) that are not written."""

    events: list[Event] = Field(default_factory=list)
    _norm: NormalizedText | None = PrivateAttr(None)
    _sentences: list[Sentence] | None = PrivateAttr(None)
    _tokens: list[Token] | None = PrivateAttr(None)
    _extras: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_article(cls, article: Article) -> Document:
        return cls(
            doc_id=article.id,
            source=article.source,
            line=article.line,
            published=article.published,
            published_source=article.published_source,
            title=article.title,
            url=article.url,
            meta=dict(article.meta),
            text=article.text,
            warnings=list(article.warnings),
        )

    # --- how it looks (newsie.display) -------------------------------------------
    def __str__(self) -> str:
        """A few lines (id, date, counts, events), not the whole article."""
        from newsie.display import summary

        return summary(self)

    def __repr__(self) -> str:
        from newsie.display import short_repr

        return short_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter's view: the article right-to-left, entities marked, events below."""
        from newsie.display import render

        return render(self)

    # --- analysis layers ------------------------------------------------------
    @property
    def norm(self) -> NormalizedText:
        if self._norm is None:
            raise RuntimeError("the 'normalize' stage has not run on this document")
        return self._norm

    @norm.setter
    def norm(self, value: NormalizedText) -> None:
        self._norm = value

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            raise RuntimeError("the 'segment' stage has not run on this document")
        return self._sentences

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            raise RuntimeError("the 'segment' stage has not run on this document")
        return self._tokens

    def set_segments(self, sentences: list[Sentence], tokens: list[Token]) -> None:
        self._sentences, self._tokens = sentences, tokens

    @property
    def extras(self) -> dict[str, Any]:
        """Scratch space where a stage leaves what later stages may read
        (e.g. the NER stage's raw spans), keyed by the stage's name."""
        return self._extras

    # --- helpers for stages ---------------------------------------------------
    def add_entity(
        self, type: str, norm_start: NormOffset, norm_end: NormOffset, stage: str, **fields: Any
    ) -> Entity:
        """Add an entity found at normalised offsets; stores original offsets."""
        start, end = self.norm.to_original(norm_start, norm_end)
        entity = Entity(
            type=type,
            text=self.text[start:end],
            start=start,
            end=end,
            stage=stage,
            **fields,
        )
        self.entities.append(entity)
        return entity

    def entities_of(self, *types: str) -> list[Entity]:
        return [e for e in self.entities if e.type in types]

    def to_record(self) -> dict[str, Any]:
        """The documents.jsonl line: the record without events, null fields dropped."""
        data = self.model_dump(mode="json", exclude={"events", "entities"})
        data["entities"] = [
            e.model_dump(mode="json", exclude_none=True)
            for e in sorted(self.entities, key=lambda e: (e.start, e.end))
        ]
        return data


class ErrorRecord(_Model):
    """One line of errors.jsonl: an input that could not be turned into a document."""

    path: str
    line: int | None = None
    doc_id: str | None = None
    stage: str | None = Field(None, description="'read' or the pipeline stage that failed")
    reason: str


def output_schemas() -> dict[str, Any]:
    """JSON Schemas of the files `newsie run` writes."""
    return {
        "documents.jsonl": DocumentRecord.model_json_schema(),
        "events.jsonl": Event.model_json_schema(),
        "errors.jsonl": ErrorRecord.model_json_schema(),
    }
