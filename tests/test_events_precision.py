"""ACLED's time_precision, geo_precision and fatalities on event records, on
sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from event_helpers import EntitySpec, run
from newsie.schema import Event

ARMY: EntitySpec = ("الجيش", "UNIT", {})
TOWN: EntitySpec = (
    "بلدة العامرية",
    "LOCATION",
    {"admin1": "IQ-AN", "country": "IQ", "label": "town"},
)
AREA: EntitySpec = (
    "ناحية الصقلاوية",
    "LOCATION",
    {"admin1": "IQ-AN", "country": "IQ", "label": "subdistrict"},
)
UNKNOWN: EntitySpec = ("وادي حوران", "LOCATION", {"admin1": "IQ-AN", "country": "IQ"})
PROVINCE: EntitySpec = ("محافظة الأنبار", "PROVINCE", {"code": "IQ-AN", "country": "IQ"})
YESTERDAY: EntitySpec = ("أمس", "DATE", {"value": "2023-03-04", "precision": "day"})
WEEKEND: EntitySpec = (
    "بين 3 و5 آذار",
    "DATE",
    {"value": "2023-03-03", "value_end": "2023-03-05", "precision": "day"},
)
MONTH: EntitySpec = ("الشهر الماضي", "DATE", {"value": "2023-02", "precision": "month"})

PUBLISHED = "2023-03-05"

# (sentence, entities, expected (time_precision, geo_precision, fatalities))
CASES: list[tuple[str, list[EntitySpec], dict[str, Any]]] = [
    (
        "اشتبك الجيش أمس مع مسلحين في بلدة العامرية، ما أدى إلى مقتل أربعة مسلحين.",
        [ARMY, YESTERDAY, TOWN],
        {"time_precision": 1, "geo_precision": 1, "fatalities": 4, "killed": 4},
    ),
    (
        "اشتبك الجيش بين 3 و5 آذار مع مسلحين في ناحية الصقلاوية.",
        [ARMY, WEEKEND, AREA],
        {"time_precision": 2, "geo_precision": 2, "fatalities": 0, "killed": None},
    ),
    (
        "اشتبك الجيش الشهر الماضي مع مسلحين في محافظة الأنبار.",
        [ARMY, MONTH, PROVINCE],
        {"time_precision": 3, "geo_precision": 3},
    ),
    (
        # No date in the text: the publication date is a fallback, ACLED's 3.
        "اشتبك الجيش مع مسلحين في وادي حوران.",
        [ARMY, UNKNOWN],
        {"time_precision": 3, "geo_precision": 2},
    ),
]


def _event(text: str, entities: list[EntitySpec]) -> Event:
    doc = run(text, entities, published=PUBLISHED)
    assert len(doc.events) == 1, [e.type for e in doc.events]
    return doc.events[0]


@pytest.mark.parametrize(("text", "entities", "expected"), CASES)
def test_precision_codes_and_fatalities(
    text: str, entities: list[EntitySpec], expected: dict[str, Any]
) -> None:
    event = _event(text, entities)
    assert {k: getattr(event, k) for k in expected} == expected


def test_precision_fields_are_in_the_json_schema() -> None:
    schema = Event.model_json_schema()["properties"]
    for field in ("time_precision", "geo_precision", "fatalities"):
        assert field in schema and schema[field]["description"]
