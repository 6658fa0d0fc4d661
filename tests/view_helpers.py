"""Shared by the display, frames, export and notebook tests: data/raw's output (made
once per test session, rules only), and a small document built by hand whose every
entity and event is known."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from newsie.runner import PipelineSpec, RunOptions, run_folder
from newsie.schema import (
    Document,
    Entity,
    Event,
    EventActor,
    EventDate,
    EventLocation,
    Span,
)

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"


@lru_cache(maxsize=1)
def raw_output() -> Path:
    """`newsie run data/raw --ner none --workers 0` into a temporary folder."""
    out = Path(tempfile.mkdtemp(prefix="newsie-view-"))
    atexit.register(shutil.rmtree, out, True)
    summary = run_folder(
        RAW, out, PipelineSpec(ner="none"), RunOptions(workers=0, handle_signals=False)
    )
    assert summary.errors == 0
    return out


# An invented agency paragraph, with markup in it as a scraped page may leave.
TEXT = (
    "كركوك - قتل ثلاثة جنود من اللواء 20 في هجوم شنه تنظيم داعش على نقطة تفتيش "
    "في قضاء الحويجة يوم الأحد <script>alert(1)</script> & فر المهاجمون.\n"
    "وأعلنت قيادة عمليات كركوك في تموز 2023 عن حملة تفتيش."
)


def span(text: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def entity(type_: str, text: str, stage: str = "test", **fields: object) -> Entity:
    start, end = span(text)
    return Entity(type=type_, text=text, start=start, end=end, stage=stage, **fields)  # type: ignore[arg-type]


def sample_doc(meta: dict[str, object] | None = None) -> Document:
    """A document with one entity of most types, one nested in another, and an event."""
    doc = Document(
        doc_id="kirkuk-1",
        source="kirkuk-1.txt",
        text=TEXT,
        published="2023-07-24",
        title="هجوم على نقطة تفتيش في الحويجة",
        url="https://example.org/a?x=1&y=<2>",
        meta=meta if meta is not None else {"outlet": "وكالة الأنباء", "category": "أمن"},
        country="IQ",
        admin1="IQ-KI",
    )
    doc.entities = [
        entity("PROVINCE", "كركوك", stage="places", code="IQ-KI", country="IQ", lat=35.4, lon=44.4),
        entity("BRIGADE", "اللواء 20", stage="forces", number=20, echelon="brigade", country="IQ"),
        entity("ARMED_GROUP", "تنظيم داعش", stage="forces", canonical="isis", state=False),
        entity("LOCATION", "قضاء الحويجة", stage="places", admin1="IQ-KI", country="IQ"),
        entity("DATE", "يوم الأحد", stage="dates", value="2023-07-23", precision="day"),
        entity("UNIT", "قيادة عمليات كركوك", stage="forces", country="IQ"),
        entity("DATE", "تموز 2023", stage="dates", value="2023-07", precision="month"),
    ]
    # The province inside the unit's name: a nested mark.
    start = TEXT.index("كركوك", TEXT.index("قيادة عمليات"))
    doc.entities.append(
        Entity(
            type="PROVINCE", text="كركوك", start=start, end=start + 5, stage="places", code="IQ-KI"
        )
    )
    trig = span("هجوم")
    sentence_end = TEXT.index("\n")
    doc.events = [
        Event(
            event_id="kirkuk-1#0",
            doc_id="kirkuk-1",
            type="ATTACK",
            date=EventDate(value="2023-07", text="تموز 2023", precision="month"),
            locations=[
                EventLocation(text="قضاء الحويجة", type="LOCATION", admin1="IQ-KI", country="IQ"),
                EventLocation(
                    text="كركوك", type="PROVINCE", admin1="IQ-KI", country="IQ", lat=35.4, lon=44.4
                ),
            ],
            actors=[
                EventActor(
                    text="تنظيم داعش",
                    type="ARMED_GROUP",
                    role="actor1",
                    canonical="isis",
                    canonical_name="Islamic State",
                ),
                EventActor(text="اللواء 20", type="BRIGADE", role="actor2", country="IQ"),
                EventActor(text="قيادة عمليات كركوك", type="UNIT", role="actor2", country="IQ"),
            ],
            killed=3,
            fatalities=3,
            time_precision=3,
            geo_precision=2,
            trigger=Span(start=trig[0], end=trig[1], text="هجوم"),
            sentence=Span(start=0, end=sentence_end),
            acled_event_type="Violence against civilians",
            acled_sub_event_type="Attack",
            plover_type="ASSAULT",
            confidence=0.9,
        )
    ]
    return doc
