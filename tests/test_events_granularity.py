"""Granularity of event records: one record per distinct incident (ACLED coding).

Strikes on two towns are two events; the same strike told again (a headline, its
lead, a definite mention) is one. The sentences are written for these tests; the
entities are placed by hand so that only event detection and merging are tested.
"""

from __future__ import annotations

import pytest

from event_helpers import EntitySpec, make_doc, place, run
from newsie.stages.events import EventsStage
from newsie.stages.events.lexicon import accusatives, duals, inflections, norm_key

ARMY: EntitySpec = ("قوات الجيش", "UNIT", {})
ISIS: EntitySpec = ("تنظيم داعش", "ARMED_GROUP", {})
SHABAB: EntitySpec = ("حركة الشباب", "ARMED_GROUP", {})
TOWN_A = place("بلدة كفرنبل", "SY-ID")
TOWN_B = place("مدينة سراقب", "SY-ID")
CITY_A = place("مدينة الشرقاط", "IQ-SD")
CITY_B = place("بلدة القيارة", "IQ-SD")
SOMALIA: EntitySpec = ("الصومال", "COUNTRY", {"code": "SO"})

CASES = [
    # (label, text, entities, expected event types in order)
    (
        "air strikes on two towns in two sentences",
        "شنت طائرات حربية غارات على بلدة كفرنبل صباح اليوم. "
        "كما شنت طائرات أخرى غارات على مدينة سراقب.",
        [TOWN_A, TOWN_B],
        ["AIRSTRIKE", "AIRSTRIKE"],
    ),
    (
        "air strikes on two towns in two clauses of one sentence",
        "شنت طائرات حربية غارات على بلدة كفرنبل صباح اليوم، "
        "فيما شنت طائرات أخرى غارات على مدينة سراقب.",
        [TOWN_A, TOWN_B],
        ["AIRSTRIKE", "AIRSTRIKE"],
    ),
    (
        "one raid on two towns named together",
        "شنت طائرات حربية غارات على بلدة كفرنبل ومدينة سراقب صباح اليوم.",
        [TOWN_A, TOWN_B],
        ["AIRSTRIKE"],
    ),
    (
        "the same town struck, told twice",
        "شنت طائرات حربية غارات على بلدة كفرنبل صباح اليوم. "
        "وقال ناشطون إن غارات عنيفة استهدفت بلدة كفرنبل وأحياءها السكنية.",
        [TOWN_A],
        ["AIRSTRIKE"],
    ),
    (
        "shelling of two towns",
        "قصفت قوات الجيش بلدة كفرنبل بقذائف الهاون. وقصفت مدينة سراقب براجمات الصواريخ.",
        [ARMY, TOWN_A, TOWN_B],
        ["SHELLING", "SHELLING"],
    ),
    (
        "two towns taken, the second told with a definite noun",
        "سيطرت قوات الجيش على مدينة الشرقاط يوم الأحد. "
        "وأعلنت القوات السيطرة على بلدة القيارة بعد معارك مع تنظيم داعش.",
        [ARMY, ISIS, CITY_A, CITY_B],
        ["TERRITORY_CHANGE", "TERRITORY_CHANGE", "ARMED_CLASH"],
    ),
    (
        "one town taken, told again with a definite noun",
        "سيطرت قوات الجيش على مدينة الشرقاط يوم الأحد. "
        "وقال ضابط إن السيطرة على مدينة الشرقاط تمت دون خسائر.",
        [ARMY, CITY_A],
        ["TERRITORY_CHANGE"],
    ),
    (
        "shelling told again in a paragraph about another province",
        "قصفت قوات الجيش بلدة كفرنبل بقذائف الهاون.\n"
        "وفي مدينة الشرقاط شمالا تعيش الأسر أوضاعا صعبة. "
        "وقالت مصادر محلية إن المدفعية دمرت عربة للمسلحين.",
        [ARMY, TOWN_A, CITY_A],
        ["SHELLING", "SHELLING"],
    ),
    (
        "a headline and its lead are one strike",
        "غارة أمريكية تقتل 4 مسلحين\n"
        "قال الجيش الأمريكي إنه شن غارة جوية قتلت أربعة مسلحين من حركة الشباب في الصومال.",
        [("الجيش الأمريكي", "UNIT", {}), SHABAB, SOMALIA],
        ["AIRSTRIKE"],
    ),
    (
        "a rocket attack is shelling, not a generic attack",
        "شن الحرس الثوري هجوما صاروخيا على مقار للمسلحين قرب مدينة سراقب.",
        [("الحرس الثوري", "UNIT", {}), TOWN_B],
        ["SHELLING"],
    ),
    (
        "a ground offensive in the accusative",
        "بدأت قوات الجيش هجوما بريا على مواقع تنظيم داعش قرب مدينة الشرقاط.",
        [ARMY, ISIS, CITY_A],
        ["MILITARY_OPERATION"],
    ),
    (
        "two clashes counted apart, each with its own toll",
        "تواصل قوات الجيش عملياتها في ريف المحافظة. "
        "وقالت مصادر إن اشتباكات عنيفة مع تنظيم داعش أدت إلى مقتل 7 مسلحين. "
        "وذكرت مصادر أخرى أن 15 من عناصر التنظيم قتلوا في معارك قرب مدينة الشرقاط "
        "خلال اليومين الماضيين.",
        [ARMY, ISIS, CITY_A],
        ["ARMED_CLASH", "ARMED_CLASH"],
    ),
    (
        "one clash told twice with the same toll",
        "تواصل قوات الجيش عملياتها في ريف المحافظة. "
        "وقالت مصادر إن اشتباكات عنيفة مع تنظيم داعش أدت إلى مقتل 7 مسلحين. "
        "وأكد مصدر عسكري مقتل 7 مسلحين في اشتباكات مع قوات الجيش.",
        [ARMY, ISIS],
        ["ARMED_CLASH"],
    ),
    (
        "another attack is told as another",
        "هاجم مسلحون موقعا لقوات الجيش في مدينة الشرقاط فجر اليوم. "
        "وقتل جنديان في هجوم آخر على دورية عسكرية.",
        [ARMY, CITY_A],
        ["ATTACK", "ATTACK"],
    ),
    (
        "a similar strike is another strike",
        "قتل قيادي في تنظيم داعش بغارة جوية على سيارته قرب مدينة الشرقاط. "
        "كما قتل مسؤول آخر في التنظيم بغارة مماثلة.",
        [ISIS, CITY_A],
        ["AIRSTRIKE", "AIRSTRIKE"],
    ),
    (
        "an abduction days before the one the clause tells",
        "خطف مسلحون ثلاثة عمال في مدينة الشرقاط يوم الأحد، "
        "بعد أيام من خطفهم سائقا في المدينة نفسها.",
        [CITY_A],
        ["ABDUCTION", "ABDUCTION"],
    ),
    (
        "a person arrested, then named by one name",
        "أعلنت الشرطة اعتقال المعارض خالد يوسف النمر في العاصمة يوم الأحد. "
        "وأكد مصدر أمني اعتقال النمر بتهمة التحريض.",
        [("خالد يوسف النمر", "PERSON", {}), ("النمر", "PERSON", {})],
        ["ARREST"],
    ),
    (
        "two people arrested in two sentences",
        "أعلنت الشرطة اعتقال المعارض خالد يوسف النمر في العاصمة يوم الأحد. "
        "وأكد مصدر أمني اعتقال الناشط سامي حداد بتهمة التحريض.",
        [("خالد يوسف النمر", "PERSON", {}), ("سامي حداد", "PERSON", {})],
        ["ARREST", "ARREST"],
    ),
    (
        "a peace deal signed years after a ceasefire",
        "وافقت الحكومة وجبهة التحرير على وقف إطلاق النار في الإقليم. "
        "ووقعت الحكومة اتفاق سلام مع جبهة التحرير بعد ذلك بعدة أشهر.",
        [("الحكومة", "ORG", {}), ("جبهة التحرير", "ARMED_GROUP", {})],
        ["AGREEMENT", "AGREEMENT"],
    ),
    (
        "a town shelled again the next day",
        "قصفت قوات الجيش بلدة كفرنبل بقذائف الهاون يوم الأحد. "
        "وفي اليوم التالي قصفت القوات البلدة براجمات الصواريخ.",
        [ARMY, TOWN_A],
        ["SHELLING", "SHELLING"],
    ),
    (
        "the next day's statement tells of the attack told before",
        "هاجم مسلحون موقعا لقوات الجيش في مدينة الشرقاط يوم الأحد. "
        "وفي اليوم التالي قال الجيش إن الهجوم أسفر عن مقتل جنديين.",
        [ARMY, CITY_A],
        ["ATTACK"],
    ),
    (
        "a superlative rates the offensive its sentence tells",
        "بدأت قوات الجيش هجوما على مدينة الشرقاط في أكبر معركة منذ عامين.",
        [ARMY, CITY_A],
        ["MILITARY_OPERATION"],
    ),
    (
        "a superlative word alone still tells the event",
        "قتل 20 جنديا في أسوأ هجوم على قوات الجيش منذ سنوات.",
        [ARMY],
        ["ATTACK"],
    ),
    (
        "recovering money is no event",
        "أعلنت الوزارة استرداد أموال منهوبة من حسابات في الخارج.",
        [],
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_one_record_per_incident(
    text: str, entities: list[EntitySpec], expected: list[str]
) -> None:
    doc = run(text, entities, published="2019-03-04")
    assert sorted(e.type for e in doc.events) == sorted(expected)


def test_headline_joins_its_lead_whatever_the_article_country() -> None:
    """The article's country is a guess (here from the headline's nationality
    word); it must not keep the headline's strike apart from the lead's."""
    doc = make_doc(
        "غارة أمريكية تقتل 4 مسلحين\n"
        "قال الجيش الأمريكي إنه شن غارة جوية قتلت أربعة مسلحين من حركة الشباب في الصومال.",
        [("الجيش الأمريكي", "UNIT", {}), SHABAB, SOMALIA],
        published="2019-03-04",
    )
    doc.country = "US"
    doc = EventsStage()(doc)
    assert [e.type for e in doc.events] == ["AIRSTRIKE"]


def test_towns_struck_keep_their_own_places() -> None:
    doc = run(
        "شنت طائرات حربية غارات على بلدة كفرنبل صباح اليوم. "
        "كما شنت طائرات أخرى غارات على مدينة سراقب.",
        [TOWN_A, TOWN_B],
        published="2019-03-04",
    )
    places = [{loc.text for loc in e.locations} for e in doc.events]
    assert places == [{"بلدة كفرنبل"}, {"مدينة سراقب"}]


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("قصف مدفعي", {"قصفا مدفعيا"}),  # noun and adjective
        ("وقف لإطلاق النار", {"وقفا لاطلاق النار"}),  # a construct: the first word only
        ("عملية عسكرية", set()),  # words in ة take no alif
        ("قصف", set()),  # one word: listed forms only
    ],
)
def test_accusative_inflections(form: str, expected: set[str]) -> None:
    generated = accusatives(norm_key(form).split())
    assert expected <= generated
    assert not expected or expected <= inflections(form)
    if not expected:
        assert generated == set()


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("سيارة مفخخة", {"سيارتين مفخختين", "سيارتان مفخختان"}),
        ("هجوم انتحاري", {"هجومين انتحاريين"}),
        ("قذيفة هاون", {"قذيفتي هاون", "قذيفتين هاون"}),  # a construct
    ],
)
def test_dual_inflections(form: str, expected: set[str]) -> None:
    assert expected <= duals(norm_key(form).split())
    assert expected <= inflections(form)


def test_two_car_bombs_are_an_explosion() -> None:
    doc = run(
        "فجر مسلحون سيارتين مفخختين قرب مدينة الشرقاط صباح اليوم.",
        [CITY_A],
        published="2019-03-04",
    )
    assert [e.type for e in doc.events] == ["EXPLOSION"]


def test_clashes_counted_apart_keep_their_own_tolls() -> None:
    doc = run(
        "تواصل قوات الجيش عملياتها في ريف المحافظة. "
        "وقالت مصادر إن اشتباكات عنيفة مع تنظيم داعش أدت إلى مقتل 7 مسلحين. "
        "وذكرت مصادر أخرى أن 15 من عناصر التنظيم قتلوا في معارك قرب مدينة الشرقاط "
        "خلال اليومين الماضيين.",
        [ARMY, ISIS, CITY_A],
        published="2019-03-04",
    )
    assert sorted(e.killed or 0 for e in doc.events) == [7, 15]
