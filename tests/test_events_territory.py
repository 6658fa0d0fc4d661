"""Territory changes: where a town changed hands (the object of the trigger, not the
other places of the sentence), takeovers of different places kept apart, and
takeovers someone can, means to or competes for, which did not happen. The sentences
are written for these tests; the entities are placed by hand."""

from __future__ import annotations

import pytest

from event_helpers import EntitySpec, of_type, place, run

ARMY: EntitySpec = ("قوات الجيش", "UNIT", {})
GUNMEN: EntitySpec = ("جماعة أنصار الحق", "ARMED_GROUP", {})
RAMADI = place("الرمادي", "IQ-AN")
BAIJI = place("بيجي", "IQ-SD")
BAGHDAD = place("بغداد", "IQ-BG")
KIRKUK: EntitySpec = ("محافظة كركوك", "PROVINCE", {"code": "IQ-KI", "country": "IQ"})
HAMRA = place("بلدة الحمرا", "SY-HM")
HOMS: EntitySpec = ("محافظة حمص", "PROVINCE", {"code": "SY-HM", "country": "SY"})

# (label, text, entities, expected admin1 sets of the territory changes, in order)
CASES = [
    (
        "the town named right after سقوط is where it happened, not where forces went next",
        "وبعد سقوط الرمادي بيد جماعة أنصار الحق توجهت قوات الجيش إلى محافظة كركوك ثم إلى بغداد.",
        [RAMADI, GUNMEN, ARMY, KIRKUK, BAGHDAD],
        [{"IQ-AN"}],
    ),
    (
        "towns joined by و after the trigger all changed hands; the later goal did not",
        "سقطت الرمادي وبيجي بيد جماعة أنصار الحق التي زحفت بعدها نحو بغداد.",
        [RAMADI, BAIJI, GUNMEN, BAGHDAD],
        [{"IQ-AN", "IQ-SD"}],
    ),
    (
        "the object of تحرير beats a place the sentence names after في",
        "أعلنت قوات الجيش تحرير الرمادي بعد أسابيع من المعارك وأقامت حفلا في بغداد.",
        [ARMY, RAMADI, BAGHDAD],
        [{"IQ-AN"}],
    ),
    (
        "a place told after a later deed of the clause is that deed's, not the takeover's",
        "واستغلت جماعة أنصار الحق الفوضى فسيطرت على بضع بلدات وشنت هجمات على مقرات في بغداد.",
        [GUNMEN, BAGHDAD],
        [set()],
    ),
    (
        "a takeover of some villages after one of a named town is another event",
        "سيطرت قوات الجيش على بلدة الحمرا في ريف محافظة حمص.\n"
        "كما استعادت القوات ثلاث قرى مجاورة من جماعة أنصار الحق.",
        [ARMY, HAMRA, HOMS, GUNMEN],
        [{"SY-HM"}, set()],
    ),
    (
        "the same takeover told again with a generic word is one event",
        "سيطرت قوات الجيش على بلدة الحمرا في ريف محافظة حمص.\n"
        "وقال مصدر عسكري إن القوات سيطرت على البلدة بعد معارك عنيفة.",
        [ARMY, HAMRA, HOMS],
        [{"SY-HM"}],
    ),
    (
        "a takeover of the whole town and of the town are one event",
        "سيطرت قوات الجيش على بلدة الحمرا فجر اليوم.\n"
        "وأكد قائد ميداني أن القوات بسطت سيطرتها على كامل بلدة الحمرا.",
        [ARMY, HAMRA],
        [{"SY-HM"}],
    ),
    (
        "a takeover someone is able to carry out did not happen",
        "وقال مسؤول إن قوات الجيش باتت تملك القوة على استعادة بلدة الحمرا.",
        [ARMY, HAMRA],
        [],
    ),
    (
        "groups competing for control of a town is no takeover",
        "تتنافس جماعة أنصار الحق وقوات الجيش على السيطرة على بلدة الحمرا منذ أشهر.",
        [ARMY, GUNMEN, HAMRA],
        [],
    ),
    (
        "control of a town by named forces, after على, is a takeover",
        "انسحب السكان بعد أيام من سيطرة قوات الجيش وجماعة أنصار الحق على بلدة الحمرا.",
        [ARMY, GUNMEN, HAMRA],
        [{"SY-HM"}],
    ),
    (
        "a town under a group's control is a state, not a takeover",
        "تقع بلدة الحمرا تحت سيطرة جماعة أنصار الحق منذ سنوات.",
        [GUNMEN, HAMRA],
        [],
    ),
    (
        "two takeovers of different towns in one clause are two events",
        "سيطرت قوات الجيش على بلدة الحمرا بعد ساعات من استعادة بلدة القصير.",
        [ARMY, HAMRA, place("بلدة القصير", "SY-HM")],
        [{"SY-HM"}, {"SY-HM"}],
    ),
    (
        "control by fire over a road takes no ground",
        "أحكمت قوات الجيش السيطرة على بلدة الحمرا، وسيطرت ناريا على الطريق المؤدي إليها.",
        [ARMY, HAMRA],
        [{"SY-HM"}],
    ),
    (
        "the time since a takeover takes it as given",
        "بعد مرور عام على سقوط الرمادي بيد جماعة أنصار الحق، لا يزال السكان نازحين.",
        [RAMADI, GUNMEN],
        [{"IQ-AN"}],
    ),
]


@pytest.mark.parametrize(
    ("label", "text", "entities", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_territory_changes(
    label: str, text: str, entities: list[EntitySpec], expected: list[set[str]]
) -> None:
    events = of_type(run(text, entities, published="2019-03-10"), "TERRITORY_CHANGE")
    found = [
        {loc.admin1 for loc in e.locations if loc.admin1 and loc.source != "article"}
        for e in events
    ]
    assert found == expected, label


# (label, text, entities, expected event types in order)
TYPE_CASES = [
    (
        "an attack forces begin on a city is a campaign",
        "بدأت قوات الجيش صباح اليوم هجوما على بلدة الحمرا من ثلاثة محاور.",
        [ARMY, HAMRA],
        ["MILITARY_OPERATION"],
    ),
    (
        "how a single attack began is no campaign",
        "وبدأ الهجوم عندما أطلق مسلحون النار على حاجز لقوات الجيش قرب بلدة الحمرا.",
        [ARMY, HAMRA],
        ["ATTACK"],
    ),
]


@pytest.mark.parametrize(
    ("label", "text", "entities", "expected"), TYPE_CASES, ids=[c[0] for c in TYPE_CASES]
)
def test_event_types(
    label: str, text: str, entities: list[EntitySpec], expected: list[str]
) -> None:
    events = run(text, entities, published="2019-03-10").events
    assert [e.type for e in events] == expected, label
