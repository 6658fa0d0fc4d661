"""Helpers for the event tests: documents built from sentences written for the
tests, either with hand-placed entities (to test one event rule alone) or through
the rules-only pipeline (to test the rule on what the entity stages really find)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from newsie.pipeline import Pipeline, PipelineConfig
from newsie.schema import Article, Document, Event
from newsie.stages.events import EventsStage
from newsie.text.normalize import NormalizeStage, normalize
from newsie.text.segment import SegmentStage

EntitySpec = tuple[str, str, dict[str, Any]]


def place(text: str, admin1: str) -> EntitySpec:
    """A LOCATION in the first-level division `admin1` (its country from the code)."""
    return (text, "LOCATION", {"admin1": admin1, "country": admin1[:2]})


def make_doc(
    text: str, entities: Sequence[EntitySpec] = (), published: str | None = None
) -> Document:
    """A document after normalize+segment, with the given entities added at every
    occurrence of their surface form."""
    article = Article(id="t", source="<test>", text=text, published=published)
    doc = SegmentStage()(NormalizeStage()(Document.from_article(article)))
    for surface, etype, fields in entities:
        key = normalize(surface).text
        pos = doc.norm.text.find(key)
        assert pos >= 0, surface
        while pos >= 0:
            doc.add_entity(etype, pos, pos + len(key), "test", **fields)
            pos = doc.norm.text.find(key, pos + len(key))
    return doc


def run(text: str, entities: Sequence[EntitySpec] = (), published: str | None = None) -> Document:
    """The events stage alone, on hand-placed entities."""
    return EventsStage()(make_doc(text, entities, published))


@lru_cache(maxsize=1)
def _rules_pipeline() -> Pipeline:
    return Pipeline.default(PipelineConfig(ner="none"))


def run_rules(text: str, published: str | None = None) -> Document:
    """The whole rules-only pipeline (no statistical NER), events included."""
    return _rules_pipeline().process_text(text, published=published)


def of_type(doc: Document, etype: str) -> list[Event]:
    return [e for e in doc.events if e.type == etype]
