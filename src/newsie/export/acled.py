"""ACLED-style CSV: one row per event with ACLED's column names, so that scripts
written for ACLED data read newsie's events unchanged.

What differs from ACLED's own data, and why: `event_id_cnty` is the country's ISO
alpha-3 and newsie's event id (stable across runs, not a serial number); `event_date`
is the first day of the period when only a month or a year is known (then
`time_precision` is 3); `location` is the place as the article writes it (Arabic);
`notes` is the evidence sentence; `tags` carry newsie's confidence and document id.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsie.export._common import (
    admin1_name,
    best_location,
    country_info,
    event_admin1,
    event_country,
    sentence_of,
    source_of,
)
from newsie.frames import period
from newsie.schema import Document, Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "iso",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "tags",
)
# ACLED's disorder type of each of its event types (ACLED Codebook, 2023).
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
ASSOCIATES = "; "


def acled_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """One ACLED row per event that has an ACLED event type (meetings and trainings
    have none in ACLED's codebook, and are left out)."""
    for doc in documents:
        for event in doc.events:
            if event.acled_event_type:
                yield acled_row(doc, event)


def acled_row(doc: Document, event: Event) -> dict[str, Any]:
    start, _ = period(event.date.value if event.date else None)
    alpha2 = event_country(doc, event)
    name, numeric, alpha3 = country_info(alpha2)
    place = best_location(event)
    actor1, assoc1 = _actors(event, "actor1")
    actor2, assoc2 = _actors(event, "actor2")
    tags = [f"newsie_type={event.type}", f"confidence={event.confidence:.2f}"]
    tags.append(f"doc_id={doc.doc_id}")
    if event.date:
        tags.append(f"date_source={event.date.source}")
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}-{event.event_id}",
        "event_date": start.date().isoformat() if start else "",
        "year": start.year if start else "",
        "time_precision": event.time_precision,
        "disorder_type": DISORDER_TYPES.get(event.acled_event_type or "", ""),
        "event_type": event.acled_event_type or "",
        "sub_event_type": event.acled_sub_event_type or "",
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "country": name,
        "iso": numeric if numeric is not None else "",
        "admin1": admin1_name(event_admin1(event)),
        "location": (place.text or "") if place else "",
        "latitude": place.lat if place and place.lat is not None else "",
        "longitude": place.lon if place and place.lon is not None else "",
        "geo_precision": event.geo_precision,
        "source": source_of(doc),
        "notes": " ".join(sentence_of(doc, event).split()),
        "fatalities": event.fatalities,
        "tags": "; ".join(tags),
    }


def _actors(event: Event, role: str) -> tuple[str, str]:
    """ACLED's actor and associated actors: the first named party in the role (its
    English name when newsie knows one), the others joined."""
    names = list(dict.fromkeys(a.canonical_name or a.text for a in event.actors if a.role == role))
    return (names[0] if names else "", ASSOCIATES.join(names[1:]))


def write_acled(documents: Iterable[Document], path: str | Path) -> int:
    """Write the CSV (UTF-8 with a BOM, so that Excel shows the Arabic); rows written."""
    count = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        for row in acled_rows(documents):
            writer.writerow(row)
            count += 1
    return count
