"""PLOVER/POLECAT-style JSON lines: one event a line, in the field names of the
POLECAT data set, so that tools built on PLOVER's ontology can read newsie's events.

`event_type` is newsie's PLOVER type (resources/events/event_types.tsv). PLOVER's
`mode` and `context` are newsie's reading of its own event type (MODES and CONTEXTS
below), not a separate classification: an airstrike is the `aerial` mode of ASSAULT,
a deployment has the `military` context. Fields PLOVER lacks keep newsie's names
(`newsie_type`, `confidence`, `killed`, `wounded`, `fatalities`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsie.export._common import (
    best_location,
    country_info,
    event_admin1,
    event_country,
    sentence_of,
    source_of,
)
from newsie.schema import Document, Event, EventActor

MODES: dict[str, str] = {
    "ARMED_CLASH": "small-arms",
    "ATTACK": "attack",
    "EXPLOSION": "explosive",
    "AIRSTRIKE": "aerial",
    "SHELLING": "artillery",
    "MILITARY_OPERATION": "military-operation",
    "TERRITORY_CHANGE": "occupy",
    "ARREST": "arrest",
    "ABDUCTION": "abduct",
    "KILLING": "kill",
    "DEPLOYMENT": "troops",
    "SEIZURE": "seize",
    "PROTEST": "demonstrate",
}
_MILITARY = ("ARMED_CLASH", "AIRSTRIKE", "SHELLING", "MILITARY_OPERATION", "TERRITORY_CHANGE")
CONTEXTS: dict[str, list[str]] = {
    **{t: ["military"] for t in (*_MILITARY, "DEPLOYMENT", "TRAINING")},
    **{t: ["political_violence"] for t in ("ATTACK", "EXPLOSION", "KILLING", "ABDUCTION")},
    "ARREST": ["legal"],
    "SEIZURE": ["legal"],
    "PROTEST": ["protest"],
    "MEETING": ["diplomatic"],
    "AGREEMENT": ["diplomatic"],
    "APPOINTMENT": ["political"],
}


def plover_records(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """One record per event that has a PLOVER type (appointments have none)."""
    for doc in documents:
        for event in doc.events:
            if event.plover_type:
                yield plover_record(doc, event)


def plover_record(doc: Document, event: Event) -> dict[str, Any]:
    place = best_location(event)
    alpha2 = event_country(doc, event)
    name, _, alpha3 = country_info(alpha2)
    date = event.date
    return {
        "event_id": event.event_id,
        "story_id": doc.doc_id,
        "story_date": doc.published.isoformat() if doc.published else None,
        "event_date": date.value if date else None,
        "date_precision": date.precision if date else None,
        "event_type": event.plover_type,
        "mode": MODES.get(event.type),
        "context": CONTEXTS.get(event.type, []),
        "newsie_type": event.type,
        "actor": [_actor(a) for a in event.actors if a.role == "actor1"],
        "recipient": [_actor(a) for a in event.actors if a.role == "actor2"],
        "location": {
            "name": place.text if place else None,
            "country": alpha3 or alpha2,
            "country_name": name or None,
            "admin1": event_admin1(event),
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "geo_precision": event.geo_precision,
        },
        "killed": event.killed,
        "wounded": event.wounded,
        "fatalities": event.fatalities,
        "confidence": event.confidence,
        "source": source_of(doc) or None,
        "url": doc.url,
        "event_text": sentence_of(doc, event),
    }


def _actor(actor: EventActor) -> dict[str, Any]:
    return {
        "name": actor.text,
        "canonical": actor.canonical,
        "name_en": actor.canonical_name,
        "country": country_info(actor.country)[2] or actor.country,
        "entity_type": actor.type,
    }


def write_plover(documents: Iterable[Document], path: str | Path) -> int:
    """Write the JSON lines (UTF-8, Arabic as is); records written."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for record in plover_records(documents):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
