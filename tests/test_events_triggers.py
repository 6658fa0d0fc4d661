"""An event's trigger is the phrase an annotator marks: the event noun with the
adjectives after it (غارة جوية إسرائيلية، الاشتباكات العنيفة), at most two, agreeing in
definiteness; never a verb's object, a number, a particle's complement or a noun shaped
like an adjective. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from event_helpers import EntitySpec, place, run

ARMY: EntitySpec = ("قوات الجيش", "UNIT", {})
IDLIB = place("إدلب", "SY-ID")

# (label, text, entities, the primary trigger's text)
CASES = [
    (
        "an indefinite noun takes two relation adjectives",
        "قتل خمسة مدنيين في غارة جوية روسية على ريف إدلب.",
        [IDLIB],
        "غارة جوية روسية",
    ),
    (
        "a definite noun takes a definite adjective",
        "وتواصلت الاشتباكات العنيفة بين قوات الجيش والمسلحين في إدلب.",
        [ARMY, IDLIB],
        "الاشتباكات العنيفة",
    ),
    (
        "an adjective from the list, not found by its shape",
        "اندلعت اشتباكات عنيفة بين قوات الجيش والمسلحين في إدلب.",
        [ARMY, IDLIB],
        "اشتباكات عنيفة",
    ),
    (
        "a definite noun does not take an indefinite word",
        "وأسفر القصف عنيفا عن دمار في إدلب.",
        [IDLIB],
        "القصف",
    ),
    (
        "a verb does not take its object as an adjective",
        "قصفت قوات الجيش قرية شمالية في إدلب.",
        [ARMY, IDLIB],
        "قصفت",
    ),
    (
        "a noun ending in alif maqsura is no relation adjective",
        "أدى قصف مبنى في إدلب إلى مقتل ثلاثة أشخاص.",
        [IDLIB],
        "قصف",
    ),
]


@pytest.mark.parametrize(("label", "text", "entities", "trigger"), CASES, ids=[c[0] for c in CASES])
def test_trigger_phrase(label: str, text: str, entities: list[EntitySpec], trigger: str) -> None:
    doc = run(text, entities, published="2024-03-05")
    assert doc.events, label
    event = doc.events[0]
    assert event.trigger.text == trigger, label
    assert doc.text[event.trigger.start : event.trigger.end] == event.trigger.text
    assert all(m.trigger.text for m in event.mentions)
