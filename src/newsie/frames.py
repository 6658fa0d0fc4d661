"""Typed pandas frames of newsie's output: documents, entities and events.

The JSON records keep dates as mixed-precision strings ("2018-06-13", "2018-06",
"2015") because that is what the article says; a frame needs real datetimes to sort,
group by month or plot. Each date here is the start of its period (`date`), with the
end of the period (`date_end`) and the precision beside it, so nothing is lost.
The column lists below are the frames' contract: an empty frame has them too, with
the same dtypes, and the Parquet export writes and restores them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from newsie.schema import COMMON_ENTITY_FIELDS, ENTITY_TYPES, EVENT_TYPES, Document, Entity, Event

if TYPE_CHECKING:
    import pandas as pd

FrameKind = Literal["documents", "entities", "events"]
# Millisecond datetimes: Parquet stores them as they are, and a year such as 1258
# (a DATE in a history paragraph) fits, which it would not in nanoseconds.
DATETIME = "datetime64[ms]"
PRECISIONS = ("day", "month", "year")

DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "str",
    "published": DATETIME,
    "published_source": "str",
    "title": "str",
    "url": "str",
    "source": "str",
    "line": "Int64",
    "country": "str",
    "admin1": "str",
    "n_entities": "int64",
    "n_events": "int64",
    "warnings": "object",
    "text": "str",
    "pipeline_version": "str",
}
ENTITY_COLUMNS: dict[str, str] = {
    "doc_id": "str",
    "published": DATETIME,
    "type": "entity_type",
    "text": "str",
    "start": "int64",
    "end": "int64",
    "stage": "str",
    "confidence": "float64",
    "canonical": "str",
    "canonical_name": "str",
    "label": "str",
    "code": "str",  # COUNTRY: ISO alpha-2; PROVINCE: ISO 3166-2
    "country": "str",  # the entity's country, whatever its type
    "admin1": "str",  # a PROVINCE's code, a LOCATION's province
    "latitude": "float64",
    "longitude": "float64",
    "value": DATETIME,  # DATE: start of the period
    "value_end": DATETIME,  # DATE: last day of the period (or of the range)
    "precision": "precision",
    "number": "Int64",  # UNIT / BRIGADE / ARMED_GROUP
    "attributes": "object",  # the other type-specific fields that are set
}
EVENT_COLUMNS: dict[str, str] = {
    "event_id": "str",
    "doc_id": "str",
    "type": "event_type",
    "date": DATETIME,
    "date_end": DATETIME,
    "date_precision": "precision",
    "date_text": "str",
    "date_source": "str",
    "time_precision": "int64",
    "published": DATETIME,
    "actor1": "str",
    "actor2": "str",
    "actors_other": "str",
    "location": "str",
    "latitude": "float64",
    "longitude": "float64",
    "admin1": "str",
    "country": "str",
    "geo_precision": "int64",
    "killed": "Int64",
    "wounded": "Int64",
    "fatalities": "int64",
    "acled_event_type": "str",
    "acled_sub_event_type": "str",
    "plover_type": "str",
    "confidence": "float64",
    "trigger": "str",
    "sentence": "str",
    "title": "str",
    "url": "str",
    "pipeline_version": "str",
}
COLUMNS: dict[str, dict[str, str]] = {
    "documents": DOCUMENT_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "events": EVENT_COLUMNS,
}
ACTOR_SEPARATOR = "; "
# Entity fields that have a column of their own; the other set ones go to `attributes`.
_ENTITY_OWN = COMMON_ENTITY_FIELDS | {"code", "country", "admin1", "lat", "lon", "number"}
_ENTITY_OWN |= {"value", "value_end", "precision"}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Frames:
    """The three frames of an output folder; `documents`, `entities`, `events`."""

    documents: pd.DataFrame
    entities: pd.DataFrame
    events: pd.DataFrame

    def __iter__(self) -> Iterator[pd.DataFrame]:
        """`docs, ents, evs = newsie.load(OUT)` unpacks like a tuple."""
        return iter((self.documents, self.entities, self.events))

    def __repr__(self) -> str:
        return (
            f"Frames(documents={len(self.documents)} rows, entities={len(self.entities)} rows, "
            f"events={len(self.events)} rows)"
        )


def load(out_dir: str | Path) -> Frames:
    """The frames of an output folder of `newsie run` (committed records only)."""
    from newsie import read_output

    return frames(read_output(out_dir))


def frames(documents: Iterable[Document]) -> Frames:
    docs = list(documents)
    return Frames(*(to_frame(docs, kind) for kind in ("documents", "entities", "events")))


def to_frame(documents: Iterable[Document], kind: FrameKind = "entities") -> pd.DataFrame:
    """One row per document, entity or event, typed as `newsie.load` gives them."""
    if kind not in COLUMNS:
        raise ValueError(f"kind must be documents, entities or events, not {kind!r}")
    docs = list(documents)
    rows: list[dict[str, Any]] = []
    for doc in docs:
        if kind == "documents":
            rows.append(_document_row(doc))
        elif kind == "entities":
            rows.extend(_entity_row(doc, ent) for ent in doc.entities)
        else:
            rows.extend(_event_row(doc, ev) for ev in doc.events)
    extra = _meta_columns(docs) if kind != "entities" else []
    return typed(rows, COLUMNS[kind], extra)


def typed(rows: list[dict[str, Any]], columns: dict[str, str], extra: list[str]) -> pd.DataFrame:
    """A frame with exactly `columns` (then `extra`, untyped), each of its dtype."""
    import pandas as pd

    names = [*columns, *extra]
    frame = pd.DataFrame.from_records(rows, columns=names) if rows else pd.DataFrame(columns=names)
    return coerce(frame, columns)


def coerce(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Give each known column its dtype (also after reading a Parquet file back)."""

    for name, kind in columns.items():
        if name in frame.columns:
            frame[name] = frame[name].astype(_dtype(kind))
    return frame


def _dtype(kind: str) -> Any:
    import pandas as pd

    if kind == "entity_type":
        return pd.CategoricalDtype(list(ENTITY_TYPES))
    if kind == "event_type":
        return pd.CategoricalDtype(list(EVENT_TYPES))
    if kind == "precision":
        return pd.CategoricalDtype(list(PRECISIONS), ordered=True)
    if kind == "str":
        return _string_dtype()
    return kind


def _string_dtype() -> str:
    """pandas 3's `str` (missing values stay missing); pandas 2 keeps text as objects,
    where `astype(str)` would turn None into "None"."""
    import pandas as pd

    return "str" if int(pd.__version__.split(".")[0]) >= 3 else "object"


# --- rows ---------------------------------------------------------------------------


def _document_row(doc: Document) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "published": _day(doc.published),
        "published_source": doc.published_source,
        "title": doc.title,
        "url": doc.url,
        "source": doc.source,
        "line": doc.line,
        "country": doc.country,
        "admin1": doc.admin1,
        "n_entities": len(doc.entities),
        "n_events": len(doc.events),
        "warnings": list(doc.warnings),
        "text": doc.text,
        "pipeline_version": doc.pipeline_version,
        **_meta(doc),
    }


def _entity_row(doc: Document, ent: Entity) -> dict[str, Any]:
    admin1 = ent.code if ent.type == "PROVINCE" else ent.admin1
    country = ent.code if ent.type == "COUNTRY" else ent.country
    start, end = period(ent.value)
    if ent.value_end:
        end = period(ent.value_end)[1]
    attributes = {
        name: value
        for name, value in ent.model_dump(mode="json", exclude_none=True).items()
        if name not in _ENTITY_OWN
    }
    return {
        "doc_id": doc.doc_id,
        "published": _day(doc.published),
        "type": ent.type,
        "text": ent.text,
        "start": ent.start,
        "end": ent.end,
        "stage": ent.stage,
        "confidence": ent.confidence,
        "canonical": ent.canonical,
        "canonical_name": ent.canonical_name,
        "label": ent.label,
        "code": ent.code,
        "country": country,
        "admin1": admin1,
        "latitude": ent.lat,
        "longitude": ent.lon,
        "value": start,
        "value_end": end,
        "precision": ent.precision,
        "number": ent.number,
        "attributes": attributes,
    }


def _event_row(doc: Document, ev: Event) -> dict[str, Any]:
    date = ev.date
    start, end = period(date.value if date else None)
    located = next((loc for loc in ev.locations if loc.lat is not None), None)
    first = ev.locations[0] if ev.locations else None
    return {
        "event_id": ev.event_id,
        "doc_id": ev.doc_id,
        "type": ev.type,
        "date": start,
        "date_end": end,
        "date_precision": (date.precision or _precision_of(date.value)) if date else None,
        "date_text": date.text if date else None,
        "date_source": date.source if date else None,
        "time_precision": ev.time_precision,
        "published": _day(doc.published),
        "actor1": actors_of(ev, "actor1"),
        "actor2": actors_of(ev, "actor2"),
        "actors_other": actors_of(ev, "other"),
        "location": first.text if first else None,
        "latitude": located.lat if located else None,
        "longitude": located.lon if located else None,
        "admin1": next((loc.admin1 for loc in ev.locations if loc.admin1), None),
        "country": next((loc.country for loc in ev.locations if loc.country), doc.country),
        "geo_precision": ev.geo_precision,
        "killed": ev.killed,
        "wounded": ev.wounded,
        "fatalities": ev.fatalities,
        "acled_event_type": ev.acled_event_type,
        "acled_sub_event_type": ev.acled_sub_event_type,
        "plover_type": ev.plover_type,
        "confidence": ev.confidence,
        "trigger": ev.trigger.text or doc.text[ev.trigger.start : ev.trigger.end],
        "sentence": ev.sentence.text or doc.text[ev.sentence.start : ev.sentence.end],
        "title": doc.title,
        "url": doc.url,
        "pipeline_version": ev.pipeline_version,
        **_meta(doc),
    }


def actors_of(event: Event, role: str) -> str | None:
    """The texts of the event's actors in `role`, joined; None when there are none."""
    names = list(dict.fromkeys(a.text for a in event.actors if a.role == role))
    return ACTOR_SEPARATOR.join(names) or None


def _meta_columns(docs: list[Document]) -> list[str]:
    return list(dict.fromkeys(name for doc in docs for name in _meta(doc)))


def _meta(doc: Document) -> dict[str, Any]:
    """The article's metadata as columns; a key that clashes with a column is prefixed."""
    taken = set(DOCUMENT_COLUMNS) | set(EVENT_COLUMNS)
    return {(f"meta_{k}" if k in taken else k): v for k, v in doc.meta.items()}


# --- dates --------------------------------------------------------------------------


def period(value: str | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """First and last day of an ISO date, month or year ("2018-06" -> June 1, June 30);
    (None, None) for anything else."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return None, None
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    try:
        if month is None:
            return dt.datetime(year, 1, 1), dt.datetime(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.datetime(year, month, 1), dt.datetime(year, month, last)
        return dt.datetime(year, month, day), dt.datetime(year, month, day)
    except ValueError:  # month 13, February 30, year 0
        return None, None


def _precision_of(value: str | None) -> str | None:
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    return "day" if match[3] else "month" if match[2] else "year"


def _day(value: dt.date | None) -> dt.datetime | None:
    return dt.datetime(value.year, value.month, value.day) if value else None
