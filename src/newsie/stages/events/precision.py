"""ACLED's precision codes and fatality count of an event record.

ACLED codes how precisely an event is dated (`time_precision`) and placed
(`geo_precision`), and counts `fatalities` conservatively, 0 when none are
reported. Researchers filter on these codes, so they are derived here from the
evidence the record already carries, not guessed anew.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from newsie.resources import read_tsv
from newsie.schema import Document, Entity, EventDate, EventLocation

# A range of days this long or shorter is "within a week" (time_precision 2).
_WEEK_DAYS = 7
# geo_precision of a named place whose kind is unknown (an NER name).
_UNKNOWN_KIND = 2


@lru_cache(maxsize=1)
def _kind_precision() -> dict[str, int]:
    return {row["kind"]: int(row["geo_precision"]) for row in read_tsv("events/geo_precision.tsv")}


# The document's entities by (start, end), in document order (Analysis.original_spans):
# an event's date and places are looked up there, not in a scan of every entity.
SpanIndex = dict[tuple[int, int], list[Entity]]


def span_index(doc: Document) -> SpanIndex:
    index: SpanIndex = {}
    for e in doc.entities:
        index.setdefault((e.start, e.end), []).append(e)
    return index


def _entity_at(index: SpanIndex, start: int | None, end: int | None, *types: str) -> Entity | None:
    if start is None or end is None:
        return None
    return next((e for e in index.get((start, end), []) if e.type in types), None)


def time_precision(doc: Document, date: EventDate | None, index: SpanIndex | None = None) -> int:
    """1: the day is stated or resolved from a relative day; 2: within a week or a
    short range; 3: a month or coarser, or a fallback: the publication date, or the
    day the article's lead gives for its news (source "article")."""
    if date is None or not date.value or date.source in ("published", "article"):
        return 3
    if len(date.value) < len("YYYY-MM-DD"):
        return 3
    entity = _entity_at(
        index if index is not None else span_index(doc), date.start, date.end, "DATE"
    )
    if entity is not None and entity.value_end and entity.value_end != entity.value:
        try:
            span = dt.date.fromisoformat(entity.value_end) - dt.date.fromisoformat(date.value)
        except ValueError:
            return 3
        return 2 if abs(span.days) <= _WEEK_DAYS else 3
    return 1


def geo_precision(
    doc: Document, locations: list[EventLocation], index: SpanIndex | None = None
) -> int:
    """The precision of the event's most precise place named in the text; 3 when it
    was placed only by its province, its country or the article's geography."""
    best = 3
    index = index if index is not None else span_index(doc)
    for loc in locations:
        if loc.source == "article" or loc.type in (None, "COUNTRY", "PROVINCE"):
            continue
        entity = _entity_at(index, loc.start, loc.end, "LOCATION")
        kind = entity.label if entity is not None else None
        best = min(best, _kind_precision().get(kind or "", _UNKNOWN_KIND))
    return best


def fatalities(killed: int | None) -> int:
    """ACLED's count: the (already conservative) killed figure, 0 when none is given."""
    return killed if killed is not None else 0
