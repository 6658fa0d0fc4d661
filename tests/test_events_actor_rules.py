"""Event actors: names in a trigger's sentence that the syntax makes no party of it
(or, for the two sides of a clash after بين, a party whatever their type).

Each case is a sentence written for these tests (agency style), the entities placed
in it, the event type looked at and the expected parties with their roles. The rules
tested: the pair after بين that an earlier trigger owns, the speaker of a verb of
saying, a second name of the same party (الملقب، المعروف بـ) and a group a person is close to
(القريب من), the force a coalition backs (الداعم لـ), a country heading a report, the holder of a
place (يسيطر عليها X), the main clause of a relative one (X الذي هاجم),
the body a unit is part of (X في Y), a leader's force
(القائد العام لـ X), the author of another deed (شن X غارات),
and a relative clause on another party (X الذي لاحقه Y), or one set off by commas
before the trigger (X، التي تدعم Y، ...), the speaker whose own men did the deed (ذكر X
أن جنوده ...), a place after a generic party (اتهم المتظاهرون بغداد), and two
generic sides after بين (بين السلطات والمعارضة), and the subject a verb after كما
shares with the clause before it, the speaker whose talks they are (اللقاء الذي
جمعه), the side whose toll a clause after the deed tells (فيما قتل ثلاثة من X), and
the force whose spokesman announces an arrest (أعلن المتحدث باسم X ...);
and an attack whose author goes unnamed is not the article's force's, while an event
naming no party is of the side of the deed of its type told just before it."""

from __future__ import annotations

import pytest

from event_helpers import EntitySpec, of_type, run

ARMY: EntitySpec = ("الجيش العراقي", "UNIT", {"country": "IQ"})
POLICE: EntitySpec = ("الشرطة الاتحادية", "UNIT", {"country": "IQ"})
ISIS: EntitySpec = ("داعش", "ARMED_GROUP", {})
PKK: EntitySpec = ("حزب العمال الكردستاني", "ARMED_GROUP", {})
MINISTER: EntitySpec = ("سامي نور", "PERSON", {})
PRESIDENT: EntitySpec = ("خالد عمر", "PERSON", {})
ALIAS: EntitySpec = ("أبو علي", "PERSON", {})
IRAQ: EntitySpec = ("العراق", "COUNTRY", {"code": "IQ"})
MOSUL: EntitySpec = ("الموصل", "LOCATION", {"admin1": "IQ-NI", "country": "IQ"})

CASES: list[tuple[str, list[EntitySpec], str, dict[str, str]]] = [
    # The two sides after بين belong to the clash before them, not to the arrest after.
    (
        "وتجددت المواجهات بين الجيش العراقي وداعش في الموصل بعد اعتقال الشرطة الاتحادية"
        " قياديا في التنظيم.",
        [ARMY, ISIS, POLICE, MOSUL],
        "ARREST",
        {"الشرطة الاتحادية": "actor1", "داعش": "actor2"},
    ),
    (
        "وتجددت المواجهات بين الجيش العراقي وداعش خلال حملة الاعتقالات في الموصل.",
        [ARMY, ISIS, MOSUL],
        "ARMED_CLASH",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # A pair after بين that another noun owns is what that noun lies between.
    (
        "وبدأ الجيش العراقي دورة تدريبية لسد الثغرات الأمنية بين الشرطة الاتحادية وداعش في الموصل.",
        [ARMY, POLICE, ISIS, MOSUL],
        "TRAINING",
        {"الجيش العراقي": "actor1"},
    ),
    # ... but the two sides of a war are those of its battles.
    (
        "وشن الجيش العراقي هجوما واسعا على الموصل في أكبر معركة في الحرب المستمرة منذ"
        " سنوات بين الجيش العراقي وداعش.",
        [ARMY, ISIS, MOSUL],
        "MILITARY_OPERATION",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # The occupying force named by its nationality is a party as written.
    (
        "وأصيب ثلاثة مدنيين في قصف الاحتلال الإسرائيلي لمنزل في رفح.",
        [],
        "SHELLING",
        {"الاحتلال الإسرائيلي": "actor1"},
    ),
    # The force a coalition backs only describes the coalition.
    (
        "وشنت طائرات التحالف الداعم للجيش العراقي غارات على مواقع داعش قرب الموصل.",
        [("للجيش العراقي", "UNIT", {"country": "IQ"}), ISIS, MOSUL],
        "AIRSTRIKE",
        {"طائرات التحالف": "actor1", "داعش": "actor2"},
    ),
    # A country a report opens with is its heading, not a side of the talks.
    (
        "العراق: الجيش العراقي والشرطة الاتحادية يعقدان اجتماعا لبحث أمن الموصل",
        [IRAQ, ARMY, POLICE, MOSUL],
        "MEETING",
        {"الجيش العراقي": "actor1", "الشرطة الاتحادية": "actor2"},
    ),
    # The group that holds a place only says whose the place is.
    (
        "وقصف الجيش العراقي مناطق يسيطر عليها داعش قرب الموصل.",
        [ARMY, ISIS, MOSUL],
        "SHELLING",
        {"الجيش العراقي": "actor1"},
    ),
    # ... unless holding it is the deed itself.
    (
        "وقال ضابط إن الموصل التي سيطر عليها داعش أمس شهدت نزوحا واسعا.",
        [ISIS, MOSUL],
        "TERRITORY_CHANGE",
        {"داعش": "actor1"},
    ),
    # A trigger in a relative clause tells of its antecedent's deed, not of the main
    # clause's parties.
    (
        "وتلاحق الشرطة الاتحادية فلول داعش الذي هاجم حاجزا في الموصل أمس.",
        [ISIS, MOSUL, POLICE],
        "ATTACK",
        {"داعش": "actor1"},
    ),
    (
        "وطارد الجيش العراقي عناصر داعش المتحالف مع جماعات محلية الذي شن هجوما على الموصل.",
        [ARMY, ISIS, MOSUL],
        "ATTACK",
        {"داعش": "actor1"},
    ),
    # A party inside a relative clause on another party is one of that clause's verb.
    (
        "وسقطت الموصل بيد داعش الذي لاحقه فيها الجيش العراقي بعد أعوام.",
        [ISIS, ARMY, MOSUL],
        "TERRITORY_CHANGE",
        {"داعش": "actor1"},
    ),
    (
        "وشنت طائرات التحالف غارات على مواقع داعش الذي يتحصن في أحياء تحاصرها الشرطة الاتحادية.",
        [ISIS, POLICE],
        "AIRSTRIKE",
        {"طائرات التحالف": "actor1", "داعش": "actor2"},
    ),
    # ... but the second side after بين follows a relative clause on the first.
    (
        "واندلعت اشتباكات بين الشرطة الاتحادية التي تنتشر في الموصل وداعش.",
        [ISIS, POLICE, MOSUL],
        "ARMED_CLASH",
        {"الشرطة الاتحادية": "actor1", "داعش": "actor2"},
    ),
    # The body a unit is part of (X في Y، X ضمن Y) is no party of its own.
    (
        "ونفذت كتيبة الرد السريع في الشرطة الاتحادية عملية دهم في الموصل أمس.",
        [("كتيبة الرد السريع", "UNIT", {"country": "IQ"}), POLICE, MOSUL],
        "MILITARY_OPERATION",
        {"كتيبة الرد السريع": "actor1"},
    ),
    # A force after a leader's title and its adjective is whose man he is.
    (
        "وبتوجيهات من القائد العام للجيش العراقي شنت طائرات التحالف غارة على مواقع داعش.",
        [("للجيش العراقي", "UNIT", {"country": "IQ"}), ISIS],
        "AIRSTRIKE",
        {"طائرات التحالف": "actor1", "داعش": "actor2"},
    ),
    # The author of another deed (بعد أن شنت X غارات) is no side of this one.
    (
        "وتجددت الاشتباكات في الموصل مع داعش بعد أن شنت طائرات التحالف الدولي غارات عليها.",
        [ISIS, MOSUL, ("التحالف الدولي", "UNIT", {})],
        "ARMED_CLASH",
        {"داعش": "actor1"},
    ),
    # Of a clash, any body named as one of the two sides after بين is a side.
    (
        "واندلعت اشتباكات مسلحة بين أنصار الحزب الوطني وآخرين من جمعية الإصلاح في بغداد أمس.",
        [("الحزب الوطني", "ORG", {}), ("جمعية الإصلاح", "ORG", {})],
        "ARMED_CLASH",
        {"الحزب الوطني": "actor1", "جمعية الإصلاح": "actor2"},
    ),
    # The speaker of a deed of force is no party of it.
    (
        "وتحدث وزير الداخلية سامي نور عن اعتقال خلية تابعة لداعش في الموصل.",
        [MINISTER, ISIS, MOSUL],
        "ARREST",
        {"داعش": "actor1"},
    ),
    (
        "وتوعد سامي نور بملاحقة منفذي اغتيال الضابط خالد عمر في الموصل.",
        [MINISTER, PRESIDENT, MOSUL],
        "KILLING",
        {"خالد عمر": "actor1"},
    ),
    # Of talks, the one who speaks is a side.
    (
        "وأكد الرئيس خالد عمر خلال اجتماع مع الوزير سامي نور في بغداد ضرورة تأمين الحدود.",
        [PRESIDENT, MINISTER],
        "MEETING",
        {"خالد عمر": "actor1", "سامي نور": "actor2"},
    ),
    # A second name of the same person is no party of its own.
    (
        "وأقال الرئيس خالد عمر قائد الشرطة سامي نور، الملقب أبو علي، من منصبه.",
        [PRESIDENT, MINISTER, ALIAS],
        "APPOINTMENT",
        {"خالد عمر": "actor1", "سامي نور": "actor2"},
    ),
    # The force a defector left is no party of what he does.
    (
        "وهاجم مسلحو داعش منزل ضابط منشق عن الجيش العراقي قرب الموصل.",
        [ARMY, ISIS, MOSUL],
        "ATTACK",
        {"داعش": "actor1"},
    ),
    # Nor is the group he joined.
    (
        "واعتقلت الشرطة الاتحادية شابا انضم إلى داعش قبل عامين في الموصل.",
        [POLICE, ISIS, MOSUL],
        "ARREST",
        {"الشرطة الاتحادية": "actor1"},
    ),
    # A man named as killed is no party of the arrest told beside his death.
    (
        "وأعلنت الشرطة الاتحادية القبض على شخصين بعد يومين من مقتل الشرطي خالد عمر في الموصل.",
        [POLICE, PRESIDENT, MOSUL],
        "ARREST",
        {"الشرطة الاتحادية": "actor1"},
    ),
    # The group a man is close to is no party of his arrest.
    (
        "واعتقلت الشرطة الاتحادية الناشط سامي نور القريب من حزب العمال الكردستاني.",
        [POLICE, MINISTER, PKK],
        "ARREST",
        {"الشرطة الاتحادية": "actor1", "سامي نور": "actor2"},
    ),
    # A name in a relative aside set off by commas is the object of the aside's verb.
    (
        "وتقوم تركيا، التي تدعم قوات الرئيس خالد عمر، بدور الوسيط، وتوصلت أمس إلى اتفاق"
        " لوقف إطلاق النار مع حزب العمال الكردستاني.",
        [("تركيا", "COUNTRY", {"code": "TR"}), PRESIDENT, PKK],
        "AGREEMENT",
        {"تركيا": "actor1", "حزب العمال الكردستاني": "actor2"},
    ),
    # ... but a party after the aside's closing comma is the main clause's.
    (
        "وقالت الشرطة الاتحادية، التي تنتشر في الموصل، إن الجيش العراقي شن هجوما على داعش.",
        [POLICE, ARMY, ISIS, MOSUL],
        "ATTACK",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # A force reporting what its own men did is their side (أن جنوده), whoever else is named.
    (
        "وذكر الجيش العراقي في بيان أن جنوده صدوا هجوما شنه داعش على قاعدة قرب الموصل.",
        [ARMY, ISIS, MOSUL],
        "ATTACK",
        {"الجيش العراقي": "actor2", "داعش": "actor1"},
    ),
    # A place right after a generic party is its object, not the party it names.
    (
        "وخرجت أمس مظاهرات حاشدة في الموصل، حيث اتهم المتظاهرون بغداد بإهمال المدينة.",
        [MOSUL, ("بغداد", "LOCATION", {"admin1": "IQ-BG", "country": "IQ"})],
        "PROTEST",
        {"المتظاهرون": "actor1"},
    ),
    # A verb after كما with no subject of its own has that of the deed told before it.
    (
        "وسيطر الجيش العراقي على قرية شمال الموصل، كما استعاد بلدة من داعش في المساء.",
        [ARMY, ISIS, MOSUL],
        "TERRITORY_CHANGE",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # ... but a party after it behind no preposition is its own subject.
    (
        "وسيطر الجيش العراقي على قرية شمال الموصل، كما قصفت أمس طائرات التحالف مواقع لداعش.",
        [ARMY, ("التحالف", "UNIT", {}), ISIS, MOSUL],
        "AIRSTRIKE",
        {"طائرات التحالف": "actor1", "داعش": "actor2"},
    ),
    # The speaker whose pronoun the talks carry (اللقاء الذي جمعه) is a party of them.
    (
        "وقال الوزير سامي نور إن اللقاء الذي جمعه بالرئيس خالد عمر أمس كان إيجابيا.",
        [MINISTER, PRESIDENT],
        "MEETING",
        {"سامي نور": "actor1", "خالد عمر": "actor2"},
    ),
    # A coordinate clause that only tells a side's toll (فيما قتل ثلاثة من X) names a
    # party of the fighting told before it.
    (
        "وشن داعش هجوما على الجيش العراقي قرب الموصل، فيما قتل ثلاثة من عناصر الشرطة الاتحادية.",
        [ISIS, ARMY, POLICE, MOSUL],
        "ATTACK",
        {"داعش": "actor1", "الجيش العراقي": "actor2", "الشرطة الاتحادية": "actor2"},
    ),
    # ... not one that tells another deed.
    (
        "وشن داعش هجوما على الجيش العراقي قرب الموصل، فيما أعلنت الشرطة الاتحادية حظر التجول.",
        [ISIS, ARMY, POLICE, MOSUL],
        "ATTACK",
        {"داعش": "actor1", "الجيش العراقي": "actor2"},
    ),
    # The force whose spokesman announces an arrest naming no other force made it ...
    (
        "وأعلن المتحدث باسم الشرطة الاتحادية أن المطلوب سامي نور اعتقل أمس في الموصل.",
        [POLICE, MINISTER, MOSUL],
        "ARREST",
        {"الشرطة الاتحادية": "actor1", "سامي نور": "actor2"},
    ),
    # ... not an attack, which a spokesman as often tells of as suffered.
    (
        "وقال المتحدث باسم الشرطة الاتحادية إن هجوما استهدف نقطة تفتيش في الموصل.",
        [POLICE, MOSUL],
        "ATTACK",
        {},
    ),
    # و before a word opens a second party, not an adjective of the first (الحكومة
    # والمعارضة); both sides after بين are parties of talks, of whatever class.
    (
        "وانطلقت أمس جولة جديدة من المفاوضات بين السلطات والمعارضة في الموصل.",
        [MOSUL],
        "MEETING",
        {"السلطات": "actor1", "المعارضة": "actor2"},
    ),
]


@pytest.mark.parametrize(("text", "entities", "etype", "expected"), CASES)
def test_actor_rules(
    text: str, entities: list[EntitySpec], etype: str, expected: dict[str, str]
) -> None:
    doc = run(text, entities, "2023-05-02")
    events = of_type(doc, etype)
    assert len(events) == 1, [(e.type, e.trigger.text) for e in doc.events]
    assert {a.text: a.role for a in events[0].actors} == expected


def test_an_attack_naming_no_party_is_not_given_the_article_force() -> None:
    doc = run(
        "بدأ الجيش العراقي عملية لتطهير الصحراء من خلايا داعش. وقال ضابط إن الجيش العراقي"
        " يتقدم نحو الحدود. وفي الأنبار، قتل جنديان في هجوم على نقطة تفتيش.",
        [ARMY, ISIS],
        "2023-05-02",
    )
    (attack,) = of_type(doc, "ATTACK")
    assert attack.actors == []


def test_the_body_names_the_parties_before_the_headline() -> None:
    doc = run(
        "اشتباكات بين الجيش والميليشيات المتطرفة في الموصل\n\nاندلعت أمس اشتباكات عنيفة"
        " بين الجيش العراقي ومسلحي داعش في الموصل أسفرت عن مقتل خمسة.",
        [ARMY, ISIS, MOSUL],
        "2023-05-02",
    )
    (clash,) = of_type(doc, "ARMED_CLASH")
    assert [a.text for a in clash.actors][:2] == ["الجيش العراقي", "داعش"]


def test_an_air_strike_naming_no_party_is_not_a_militia_s() -> None:
    doc = run(
        "سيطر داعش على قرية جنوب الموصل. وقال شهود إن داعش فرض حظر التجول في القرية."
        " وفي المساء قتل خمسة في غارة جوية على القرية.",
        [ISIS, MOSUL],
        "2023-05-02",
    )
    (strike,) = of_type(doc, "AIRSTRIKE")
    assert strike.actors == []


def test_an_air_strike_naming_no_party_is_the_army_s() -> None:
    doc = run(
        "بدأ الجيش العراقي عملية لتطهير الصحراء من خلايا داعش. وقال ضابط إن الجيش العراقي"
        " يتقدم نحو الحدود. وفي المساء قتل خمسة في غارة جوية على قرية.",
        [("الجيش العراقي", "UNIT", {"country": "IQ", "state": True}), ISIS],
        "2023-05-02",
    )
    (strike,) = of_type(doc, "AIRSTRIKE")
    assert [a.text for a in strike.actors] == ["الجيش العراقي"]


def test_the_headline_s_parties_count_only_when_the_body_names_none() -> None:
    text = (
        "اشتباكات بين الشرطة الاتحادية والمسلحين في الموصل\n\nاندلعت أمس اشتباكات عنيفة"
        " بين الجيش العراقي ومسلحي داعش في الموصل أسفرت عن مقتل خمسة."
    )
    (clash,) = of_type(run(text, [ARMY, ISIS, MOSUL, POLICE], "2023-05-02"), "ARMED_CLASH")
    assert [a.text for a in clash.actors] == ["الجيش العراقي", "داعش"]
    text = "اشتباكات بين الشرطة الاتحادية وداعش في الموصل\n\nوقتل خمسة في الاشتباكات أمس."
    (clash,) = of_type(run(text, [ISIS, MOSUL, POLICE], "2023-05-02"), "ARMED_CLASH")
    assert [a.text for a in clash.actors] == ["الشرطة الاتحادية", "داعش"]


def test_an_event_naming_no_party_is_of_the_side_of_the_one_told_just_before() -> None:
    doc = run(
        "وشنت طائرات التحالف غارة على معسكر لداعش شمال الموصل. وفي المساء قتل خمسة في"
        " غارة أخرى على قرية قرب الموصل.",
        [("التحالف", "UNIT", {}), ISIS, MOSUL],
        "2023-05-02",
    )
    first, second = of_type(doc, "AIRSTRIKE")
    assert [a.text for a in first.actors][:1] == ["طائرات التحالف"]
    assert [(a.text, a.role) for a in second.actors] == [("طائرات التحالف", "actor1")]
    # ... not of one told farther back.
    doc = run(
        "وشنت طائرات التحالف غارة على معسكر لداعش شمال الموصل. وقال شهود إن داعش فرض"
        " حظر التجول في القرية. وفي المساء قتل خمسة في غارة أخرى على قرية قرب الموصل.",
        [("التحالف", "UNIT", {}), ISIS, MOSUL],
        "2023-05-02",
    )
    assert of_type(doc, "AIRSTRIKE")[-1].actors == []
