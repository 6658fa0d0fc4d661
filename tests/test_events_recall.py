"""Recall of the event types news tells with compound or inflected triggers:
offensives named by what they aim at (عملية تحرير المدينة), incursions, towns
brought under control, forces stationed somewhere, arms found or seized, strikes a
party carries out. The sentences are written for
these tests; the entities are placed by hand so that only event detection is tested.
"""

from __future__ import annotations

import pytest

from event_helpers import EntitySpec, place, run

ARMY: EntitySpec = ("قوات الجيش", "UNIT", {})
POLICE: EntitySpec = ("قوات الأمن", "UNIT", {})
REBELS: EntitySpec = ("فصائل المعارضة", "ARMED_GROUP", {})
ISIS: EntitySpec = ("تنظيم داعش", "ARMED_GROUP", {})
CITY = place("مدينة الرمادي", "IQ-AN")
TOWN = place("بلدة المليحة", "SY-RD")
PORT = place("ميناء المخا", "YE-TA")
COALITION: EntitySpec = ("التحالف", "ARMED_GROUP", {})
ISRAEL: EntitySpec = ("إسرائيل", "COUNTRY", {"code": "IL"})

CASES = [
    # (label, text, entities, expected event types in order)
    (
        "an operation named by the town it is to retake is an operation",
        "أعلنت قوات الجيش انطلاق المرحلة الثانية من عملية تحرير مدينة الرمادي من تنظيم داعش.",
        [ARMY, ISIS, CITY],
        ["MILITARY_OPERATION"],
    ),
    (
        "plural operations to retake a town",
        "تواصل قوات الجيش عمليات استعادة مدينة الرمادي من قبضة تنظيم داعش.",
        [ARMY, ISIS, CITY],
        ["MILITARY_OPERATION"],
    ),
    (
        "a battle to retake a port is an operation, not a clash",
        "بدأت قوات الجيش معركة استعادة ميناء المخا بغطاء من المدفعية.",
        [ARMY, PORT],
        ["MILITARY_OPERATION"],
    ),
    (
        "a ground offensive in the accusative",
        "شنت قوات الجيش هجوما بريا على بلدة المليحة فجر اليوم.",
        [ARMY, TOWN],
        ["MILITARY_OPERATION"],
    ),
    (
        "a ground operation",
        "أطلقت قوات الجيش عملية برية في محيط بلدة المليحة.",
        [ARMY, TOWN],
        ["MILITARY_OPERATION"],
    ),
    (
        "a police raid told as an operation of raiding",
        "نفذت قوات الأمن عملية مداهمة لمنزل في بلدة المليحة.",
        [POLICE, TOWN],
        ["MILITARY_OPERATION"],
    ),
    (
        "an incursion by a named force",
        "توغلت قوات الجيش في بلدة المليحة وسط اشتباكات متقطعة.",
        [ARMY, TOWN],
        ["MILITARY_OPERATION", "ARMED_CLASH"],
    ),
    (
        "a named operation of the Yemen war without quotes",
        "تشارك قوات الجيش في عملية السهم الذهبي جنوب البلاد.",
        [ARMY],
        ["MILITARY_OPERATION"],
    ),
    (
        "a town brought under a force's control",
        "فرضت قوات الجيش سيطرتها على بلدة المليحة بعد انسحاب فصائل المعارضة.",
        [ARMY, REBELS, TOWN],
        ["TERRITORY_CHANGE"],
    ),
    (
        "the fall of a named town",
        "بعد سقوط مدينة الرمادي بيد تنظيم داعش نزح آلاف السكان.",
        [ISIS, CITY],
        ["TERRITORY_CHANGE"],
    ),
    (
        "a town fell, told with the verb",
        "سقطت بلدة المليحة بعد أسابيع من الحصار.",
        [TOWN],
        ["TERRITORY_CHANGE", "MILITARY_OPERATION"],
    ),
    (
        "the fall of casualties or of a shell is no town taken",
        "أدى القصف إلى سقوط قتلى في بلدة المليحة، كما سقطت قذيفة قرب مدينة الرمادي.",
        [TOWN, CITY],
        ["SHELLING", "SHELLING"],
    ),
    (
        "the fall of a ruler is no town taken",
        "عاد المعارض إلى بلاده بعد سقوط صدام حسين.",
        [("صدام حسين", "PERSON", {})],
        [],
    ),
    (
        "a named force stationed at a place",
        "تمركزت قوات الجيش على مداخل بلدة المليحة.",
        [ARMY, TOWN],
        ["DEPLOYMENT"],
    ),
    (
        "arms found by a named force are a seizure",
        "عثرت قوات الأمن على أسلحة وذخائر داخل مزرعة في بلدة المليحة.",
        [POLICE, TOWN],
        ["SEIZURE"],
    ),
    (
        "arms found on the suspects, a number before them",
        "داهمت قوات الأمن المزرعة وعثر بحوزتهم على 3 بنادق آلية وعبوتين ناسفتين.",
        [POLICE],
        ["MILITARY_OPERATION", "SEIZURE"],
    ),
    (
        "a seizure told with the verbal noun of seizing",
        "تمكنت قوات الأمن من ضبط 4 رشاشات خلال تفتيش سيارة في بلدة المليحة.",
        [POLICE, TOWN],
        ["SEIZURE"],
    ),
    (
        "a body found is no seizure",
        "عثرت قوات الأمن على جثة رجل مجهول الهوية قرب بلدة المليحة.",
        [POLICE, TOWN],
        [],
    ),
    (
        "arms named far from the verb of control are no seizure",
        "دعت قوات الأمن إلى ضبط الحدود ومنع عمليات تهريب الأسلحة.",
        [POLICE],
        [],
    ),
    (
        "strikes a party carries out are air strikes",
        "قالت مصادر إن طائرات التحالف نفذت ضربات على مواقع المسلحين في بلدة المليحة.",
        [COALITION, TOWN],
        ["AIRSTRIKE"],
    ),
    (
        "strikes launched, told in the pluperfect",
        "وكانت إسرائيل قد شنت ضربات على مواقع في جنوب البلاد.",
        [ISRAEL],
        ["AIRSTRIKE"],
    ),
    (
        "strikes denied are no event",
        "نفت إسرائيل أن تكون قد شنت ضربات على مواقع في جنوب البلاد.",
        [ISRAEL],
        [],
    ),
    (
        "strikes threatened are no event",
        "هددت إسرائيل بشن ضربات على مواقع في جنوب البلاد.",
        [ISRAEL],
        [],
    ),
    (
        "strikes only talked of, after the bare verbal noun, are no event",
        "لم تتخذ إسرائيل قرارا بعد بشأن شن ضربات في جنوب البلاد.",
        [ISRAEL],
        [],
    ),
    (
        "blows dealt to a group are no air strike",
        "وجهت قوات الجيش ضربات موجعة لفصائل المعارضة في بلدة المليحة.",
        [ARMY, REBELS, TOWN],
        [],
    ),
    (
        "rocket strikes stay shelling",
        "شنت قوات الجيش ضربات صاروخية على مواقع فصائل المعارضة.",
        [ARMY, REBELS],
        ["SHELLING"],
    ),
    (
        "vehicles stationed with no force named are not a deployment",
        "تمركزت سيارات الإسعاف قرب الملعب قبل المباراة.",
        [],
        [],
    ),
]


@pytest.mark.parametrize(
    ("label", "text", "entities", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_event_types(
    label: str, text: str, entities: list[EntitySpec], expected: list[str]
) -> None:
    del label
    doc = run(text, entities)
    assert [e.type for e in doc.events] == expected
