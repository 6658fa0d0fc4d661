"""Event actors: which named parties an event takes, and with which role.

Each case is a sentence written for these tests (agency style), the entities placed
in it (or None: the rules-only pipeline finds them), the event type looked at and
the expected parties with their roles (actor1 initiator, actor2 target)."""

from __future__ import annotations

from typing import Any

import pytest

from event_helpers import EntitySpec, of_type, run, run_rules

ARMY: EntitySpec = ("الجيش العراقي", "UNIT", {"country": "IQ"})
LEB_ARMY: EntitySpec = ("الجيش اللبناني", "UNIT", {"country": "LB"})
POLICE: EntitySpec = ("الشرطة الاتحادية", "UNIT", {"country": "IQ"})
ISIS: EntitySpec = ("داعش", "ARMED_GROUP", {})
SDF: EntitySpec = ("قوات سوريا الديمقراطية", "ARMED_GROUP", {"country": "SY"})
SYRIA: EntitySpec = ("سوريا", "COUNTRY", {"code": "SY"})
IRAQ: EntitySpec = ("العراق", "COUNTRY", {"code": "IQ"})
TURKEY: EntitySpec = ("تركيا", "COUNTRY", {"code": "TR"})
PKK: EntitySpec = ("حزب العمال الكردستاني", "ARMED_GROUP", {})
PARTY: EntitySpec = ("الحزب الوطني", "ORG", {})
SPOKESMAN: EntitySpec = ("يحيى رسول", "PERSON", {})
LEADER: EntitySpec = ("خالد عمر", "PERSON", {})
MINISTER: EntitySpec = ("سامي نور", "PERSON", {})
BRIGADE: EntitySpec = ("لواء الفتح", "ARMED_GROUP", {})
GROUP: EntitySpec = ("جماعة أنصار الدين", "ARMED_GROUP", {})
MOSUL: EntitySpec = ("الموصل", "LOCATION", {"admin1": "IQ-NI", "country": "IQ"})
ANBAR: EntitySpec = ("الأنبار", "PROVINCE", {"code": "IQ-AN", "country": "IQ"})

CASES: list[tuple[str, list[EntitySpec] | None, str, dict[str, str]]] = [
    # A country inside a group's name is no party of its own.
    (
        "شنت قوات سوريا الديمقراطية هجوما على مواقع داعش في الموصل أمس.",
        [SDF, SYRIA, ISIS, MOSUL],
        "ATTACK",
        {"قوات سوريا الديمقراطية": "actor1", "داعش": "actor2"},
    ),
    # The same through the whole rules-only pipeline.
    (
        "شنت قوات سوريا الديمقراطية هجوما على مواقع داعش في ريف دير الزور أمس.",
        None,
        "ATTACK",
        {"قوات سوريا الديمقراطية": "actor1", "داعش": "actor2"},
    ),
    # The spokesman and the force he speaks for are not parties of what he reports.
    (
        "وقال المتحدث باسم الجيش العراقي يحيى رسول إن مسلحي داعش هاجموا دورية"
        " من الشرطة الاتحادية قرب الموصل.",
        [ARMY, SPOKESMAN, ISIS, POLICE, MOSUL],
        "ATTACK",
        {"داعش": "actor1", "الشرطة الاتحادية": "actor2"},
    ),
    # A force announcing its own deed (أعلن X أنه ...) is its author.
    (
        "وأعلن الجيش العراقي أنه اعتقل خمسة من عناصر داعش في الموصل.",
        [ARMY, ISIS, MOSUL],
        "ARREST",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # A force reporting a deed that names no other party is its author.
    (
        "وذكر الجيش العراقي في بيان أن جنوده قصفوا بالمدفعية مخابئ في جبال حمرين.",
        [ARMY],
        "SHELLING",
        {"الجيش العراقي": "actor1"},
    ),
    # Passive voice: killed by the fire of X (بنيران X) makes X the initiator.
    (
        "قتل ثلاثة جنود بنيران داعش خلال اشتباكات مع الجيش العراقي غربي الأنبار.",
        [ISIS, ARMY, ANBAR],
        "ARMED_CLASH",
        {"داعش": "actor1", "الجيش العراقي": "actor2"},
    ),
    # بين X و Y: both sides of a clash.
    (
        "اندلعت مواجهات عنيفة بين الشرطة الاتحادية ومسلحي داعش في الموصل.",
        [POLICE, ISIS, MOSUL],
        "ARMED_CLASH",
        {"الشرطة الاتحادية": "actor1", "داعش": "actor2"},
    ),
    # The genitive of a verbal noun is its initiator (هجوم داعش).
    (
        "أسفر هجوم داعش على مقر الشرطة الاتحادية في الموصل عن مقتل شرطيين.",
        [ISIS, POLICE, MOSUL],
        "ATTACK",
        {"داعش": "actor1", "الشرطة الاتحادية": "actor2"},
    ),
    # A country that is the place of the fighting is no party.
    (
        "تواصلت الاشتباكات بين الجيش العراقي وداعش في العراق منذ أسابيع.",
        [ARMY, ISIS, IRAQ],
        "ARMED_CLASH",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # A minister quoted about a battle is not one of its sides.
    (
        "وأكد الوزير سامي نور أن الجيش العراقي قصف مواقع داعش بالمدفعية قرب الموصل.",
        [MINISTER, ARMY, ISIS, MOSUL],
        "SHELLING",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # A force named after its leader (قوات فلان) is a party though a person is named.
    (
        "شنت قوات خالد عمر هجوما على مواقع الجيش العراقي جنوب الموصل فجر اليوم.",
        [LEADER, ARMY, MOSUL],
        "ATTACK",
        {"خالد عمر": "actor1", "الجيش العراقي": "actor2"},
    ),
    # An arrested person is a party of the arrest.
    (
        "اعتقل الجيش اللبناني المطلوب خالد عمر في بلدة حدودية.",
        [LEB_ARMY, LEADER],
        "ARREST",
        {"الجيش اللبناني": "actor1", "خالد عمر": "actor2"},
    ),
    # VSO: the party right after the verb is its subject, whatever the verb's cue.
    (
        "هاجمت قوات خالد عمر مواقع الجيش العراقي جنوب الموصل فجر اليوم.",
        [LEADER, ARMY, MOSUL],
        "ATTACK",
        {"خالد عمر": "actor1", "الجيش العراقي": "actor2"},
    ),
    # ... but a person right after an arrest is the one arrested.
    (
        "أسفرت المداهمة عن اعتقال خالد عمر على يد الشرطة الاتحادية في الموصل.",
        [LEADER, POLICE, MOSUL],
        "ARREST",
        {"الشرطة الاتحادية": "actor1", "خالد عمر": "actor2"},
    ),
    # A group a party is said to be linked to (المرتبطة بتنظيم X) takes no part.
    (
        "هاجمت جماعة أنصار الدين المرتبطة بتنظيم داعش دورية من الجيش العراقي قرب الموصل.",
        [GROUP, ISIS, ARMY, MOSUL],
        "ATTACK",
        {"جماعة أنصار الدين": "actor1", "الجيش العراقي": "actor2"},
    ),
    # منذ أن is a conjunction: what precedes it is no speaker's report.
    (
        "أصيب عشرة أشخاص برصاص الشرطة الاتحادية منذ أن اندلعت الاحتجاجات في الموصل.",
        [POLICE, MOSUL],
        "PROTEST",
        {"الشرطة الاتحادية": "actor1"},
    ),
    # A unit's parent force (X التابع لـ Y) names whose it is, not another side; the
    # first party before the trigger is its subject.
    (
        "وقصف لواء الفتح التابع لقوات سوريا الديمقراطية بقذائف الهاون مواقع داعش قرب الموصل.",
        [BRIGADE, SDF, ISIS, MOSUL],
        "SHELLING",
        {"لواء الفتح": "actor1", "داعش": "actor2"},
    ),
    # ... while the owner of a target (مواقع تابعة لـ X) is the side attacked.
    (
        "قصف الجيش العراقي بالمدفعية مواقع تابعة لداعش قرب الموصل.",
        [ARMY, ISIS, MOSUL],
        "SHELLING",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # An appointment is one person's of another; the force is the post.
    (
        "وعين رئيس الوزراء سامي نور اللواء خالد عمر قائدا في الشرطة الاتحادية خلفا لسلفه.",
        [MINISTER, LEADER, POLICE],
        "APPOINTMENT",
        {"سامي نور": "actor1", "خالد عمر": "actor2"},
    ),
    # Generic actors (no name): unknown gunmen as the subject of an abduction.
    (
        "وكان مسلحون مجهولون قد اختطفوا مهندسا أجنبيا على طريق المطار في بغداد أمس.",
        [],
        "ABDUCTION",
        {"مسلحون مجهولون": "actor1"},
    ),
    # ... the agent after على يد, beside a named victim.
    (
        "اغتيل القيادي خالد عمر على يد مسلحين مجهولين قرب منزله في الموصل.",
        [LEADER, MOSUL],
        "KILLING",
        {"مسلحين مجهولين": "actor1", "خالد عمر": "actor2"},
    ),
    # Aircraft of a named force are one party, named the way the article writes it.
    (
        "شنت طائرات التحالف الدولي غارات جوية على مواقع داعش غربي الأنبار.",
        [("التحالف الدولي", "ARMED_GROUP", {}), ISIS, ANBAR],
        "AIRSTRIKE",
        {"طائرات التحالف الدولي": "actor1", "داعش": "actor2"},
    ),
    # Warplanes with an adjective (مقاتلات حربية) are a party of the strike.
    (
        "وقصفت مقاتلات حربية مواقع داعش في ريف الموصل فجر اليوم.",
        [ISIS, MOSUL],
        "AIRSTRIKE",
        {"مقاتلات حربية": "actor1", "داعش": "actor2"},
    ),
    # Security forces named by a common noun and a modifier (الوحدات الأمنية).
    (
        "ونفذت الوحدات الأمنية حملة دهم وتفتيش في أحياء الموصل بحثا عن مطلوبين.",
        [MOSUL],
        "MILITARY_OPERATION",
        {"الوحدات الأمنية": "actor1"},
    ),
    # A bare head that needs a modifier (قوات، طائرات) is no party alone.
    (
        "ونفذت القوات حملة دهم وتفتيش في أحياء الموصل بحثا عن مطلوبين.",
        [MOSUL],
        "MILITARY_OPERATION",
        {},
    ),
    # A common noun followed by a name (مسلحي داعش) leaves the name as the party.
    (
        "هاجم مسلحو داعش دورية من الشرطة الاتحادية قرب الموصل.",
        [ISIS, POLICE, MOSUL],
        "ATTACK",
        {"داعش": "actor1", "الشرطة الاتحادية": "actor2"},
    ),
    # The source of a report is no party, even when it is a common noun.
    (
        "وقال مصدر في قوات الأمن إن مجهولين اختطفوا تاجرا في الموصل.",
        [MOSUL],
        "ABDUCTION",
        {"مجهولين": "actor1"},
    ),
    # Protesters are parties of a protest; a generic far from the trigger is not.
    (
        "خرج المحتجون في مظاهرات حاشدة وسط البصرة للمطالبة بتحسين الخدمات.",
        [("البصرة", "LOCATION", {"admin1": "IQ-BA", "country": "IQ"})],
        "PROTEST",
        {"المحتجون": "actor1"},
    ),
    # A nation named by its people is a side of a war.
    (
        "واندلعت معارك عنيفة بين الإيرانيين والقوات العراقية على طول الحدود.",
        [("القوات العراقية", "UNIT", {"country": "IQ"})],
        "ARMED_CLASH",
        {"الإيرانيين": "actor1", "القوات العراقية": "actor2"},
    ),
    # A social-media form of a name (حركة #حماس) is the name as written.
    (
        "قصف الجيش الإسرائيلي مواقع تابعة لحركة #حماس شمال قطاع غزة.",
        [("الجيش الإسرائيلي", "UNIT", {"country": "IL"}), ("حركة #حماس", "ARMED_GROUP", {})],
        "SHELLING",
        {"الجيش الإسرائيلي": "actor1", "حركة حماس": "actor2"},
    ),
    # An organisation is a party of talks (الأمم المتحدة), not of fighting.
    (
        "وعقد الوزير سامي نور اجتماعا مع ممثلي الأمم المتحدة في بغداد لبحث ملف النازحين.",
        [MINISTER, ("الأمم المتحدة", "ORG", {}), ("بغداد", "LOCATION", {"country": "IQ"})],
        "MEETING",
        {"سامي نور": "actor1", "الأمم المتحدة": "actor2"},
    ),
    # The pair after بين are the parties of an agreement; the enemy they agree to fight
    # is none.
    (
        "ووقعت الحكومة اتفاقا بين الجيش العراقي والشرطة الاتحادية لتنسيق العمليات ضد داعش.",
        [ARMY, POLICE, ISIS],
        "AGREEMENT",
        {"الجيش العراقي": "actor1", "الشرطة الاتحادية": "actor2"},
    ),
    # The party of another clause (فيما ...) belongs to that clause's event.
    (
        "قصف الجيش العراقي مواقع داعش غربي الأنبار، فيما نفذت الشرطة الاتحادية"
        " حملة اعتقالات في الموصل.",
        [ARMY, ISIS, ANBAR, POLICE, MOSUL],
        "SHELLING",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # What talks are about (بشأن سوريا) is no party of them.
    (
        "وعقد الوزير سامي نور اجتماعا مع ممثلي الأمم المتحدة في بغداد بشأن سوريا.",
        [MINISTER, ("الأمم المتحدة", "ORG", {}), ("بغداد", "LOCATION", {"country": "IQ"}), SYRIA],
        "MEETING",
        {"سامي نور": "actor1", "الأمم المتحدة": "actor2"},
    ),
    # The country of an embassy (في سفارة العراق) is where the talks sit, no party.
    (
        "وعقد الوزير سامي نور اجتماعا في سفارة العراق مع ممثلي الأمم المتحدة.",
        [MINISTER, IRAQ, ("الأمم المتحدة", "ORG", {})],
        "MEETING",
        {"سامي نور": "actor1", "الأمم المتحدة": "actor2"},
    ),
    # A group after a leader's title (زعيم جماعة X فلان) is whose man he is, no party.
    (
        "واعتقلت الشرطة الاتحادية زعيم جماعة أنصار الدين خالد عمر في الموصل.",
        [POLICE, GROUP, LEADER, MOSUL],
        "ARREST",
        {"الشرطة الاتحادية": "actor1", "خالد عمر": "actor2"},
    ),
    # The accuser (X يتهم Y بشن ...) takes no part in the strike it accuses another of.
    (
        "الجيش اللبناني يتهم داعش بشن هجوم على مواقعه قرب الحدود.",
        [LEB_ARMY, ISIS],
        "ATTACK",
        {"داعش": "actor1"},
    ),
    # The subject of another deed of the sentence (بعد يوم من اعتقال الشرطة X) is
    # that deed's, not this one's.
    (
        "وقصف الجيش العراقي مواقع داعش غربي الأنبار بعد يوم من اعتقال الشرطة الاتحادية"
        " خمسة مطلوبين.",
        [ARMY, ISIS, ANBAR, POLICE],
        "SHELLING",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # A definite force word with adjectives is a party as written.
    (
        "وقصفت القوات النظامية بالمدفعية مواقع داعش قرب الموصل.",
        [ISIS, MOSUL],
        "SHELLING",
        {"القوات النظامية": "actor1", "داعش": "actor2"},
    ),
    (
        "وتبنت الجماعة المتشددة الهجوم على دورية من الجيش العراقي في الأنبار.",
        [ARMY, ANBAR],
        "ATTACK",
        {"الجماعة المتشددة": "actor1", "الجيش العراقي": "actor2"},
    ),
    # Bare, it stands for the force of its kind named last before it.
    (
        "اشتبك الجيش العراقي مع داعش قرب الموصل. وقصفت القوات بالمدفعية مواقع التنظيم في الأنبار.",
        [ARMY, ISIS, MOSUL, ANBAR],
        "SHELLING",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    # A verbal noun after it is its object, not its adjective.
    (
        "قاتلت الشرطة الاتحادية مسلحين في الموصل. وواصلت القوات الهجوم على مواقع داعش.",
        [POLICE, ISIS, MOSUL],
        "ATTACK",
        {"الشرطة الاتحادية": "actor1", "داعش": "actor2"},
    ),
    # With nothing named before it of its kind, it is no party.
    (
        "وشنت القوات هجوما على مواقع داعش قرب الموصل.",
        [ISIS, MOSUL],
        "ATTACK",
        {"داعش": "actor2"},
    ),
    # A country that is the subject of the deed is a party (قصفت تركيا، شنت تركيا)...
    (
        "وقصفت تركيا مواقع لحزب العمال الكردستاني شمال العراق.",
        [TURKEY, PKK, IRAQ],
        "SHELLING",
        {"تركيا": "actor1", "حزب العمال الكردستاني": "actor2"},
    ),
    (
        "وشنت تركيا غارات جوية على مواقع لحزب العمال الكردستاني.",
        [TURKEY, PKK],
        "AIRSTRIKE",
        {"تركيا": "actor1", "حزب العمال الكردستاني": "actor2"},
    ),
    # ... but not where it happened nor what was struck.
    (
        "وقصف الجيش العراقي مواقع لحزب العمال الكردستاني داخل تركيا.",
        [ARMY, PKK, TURKEY],
        "SHELLING",
        {"الجيش العراقي": "actor1", "حزب العمال الكردستاني": "actor2"},
    ),
    # A country announcing its own deed (أعلن العراق تحرير ...) is its author.
    (
        "وأعلن العراق تحرير الموصل من سيطرة داعش بعد معارك استمرت أشهرا.",
        [IRAQ, MOSUL, ISIS],
        "TERRITORY_CHANGE",
        {"العراق": "actor1", "داعش": "actor2"},
    ),
    # A body led by a force word (عناصر X، أنصار X) stands for its armed men.
    (
        "اندلعت اشتباكات بين أنصار الحزب الوطني وعناصر داعش في الموصل.",
        [PARTY, ISIS, MOSUL],
        "ARMED_CLASH",
        {"الحزب الوطني": "actor1", "داعش": "actor2"},
    ),
    # A regime named by its nationality, and aircraft by theirs, are parties as written.
    (
        "وشنت الطائرات الروسية غارات على مواقع داعش في ريف إدلب.",
        [ISIS],
        "AIRSTRIKE",
        {"الطائرات الروسية": "actor1", "داعش": "actor2"},
    ),
    (
        "وقالت مصادر محلية إن غارات جوية نفذها النظام السوري استهدفت بلدة في ريف إدلب.",
        [],
        "AIRSTRIKE",
        {"النظام السوري": "actor1"},
    ),
    # Without the article too (فصائل كردية، طائرات تركية).
    (
        "وشنت طائرات تركية غارات على مواقع لحزب العمال الكردستاني.",
        [PKK],
        "AIRSTRIKE",
        {"طائرات تركية": "actor1", "حزب العمال الكردستاني": "actor2"},
    ),
    (
        "واندلعت اشتباكات بين فصائل كردية وعناصر داعش قرب الموصل.",
        [ISIS, MOSUL],
        "ARMED_CLASH",
        {"فصائل كردية": "actor1", "داعش": "actor2"},
    ),
    # A drone, and a nationality after the aircraft's modifier, are part of the party.
    (
        "وشنت طائرة مسيرة أمريكية غارة على مواقع داعش قرب الموصل.",
        [ISIS, MOSUL],
        "AIRSTRIKE",
        {"طائرة مسيرة أمريكية": "actor1", "داعش": "actor2"},
    ),
    # Aircraft named by anything but a nationality are no party (الطيران المدني).
    (
        "وشنت الطائرات الروسية غارات على مواقع داعش، فيما علق الطيران المدني رحلاته.",
        [ISIS],
        "AIRSTRIKE",
        {"الطائرات الروسية": "actor1", "داعش": "actor2"},
    ),
    # A force glued to the preposition ب says whose man someone is, no party.
    (
        "قتل ضابط بالجيش العراقي في هجوم شنه داعش على حاجز قرب الموصل.",
        [ARMY, ISIS, MOSUL],
        "ATTACK",
        {"داعش": "actor1"},
    ),
    # The pair after بين of a later clash is that clash's, not the earlier deed's.
    (
        "وسيطر الجيش العراقي على البلدة بعد اشتباكات بين الشرطة الاتحادية وعناصر داعش.",
        [ARMY, POLICE, ISIS],
        "TERRITORY_CHANGE",
        {"الجيش العراقي": "actor1"},
    ),
    # A date right after a generic party does not hide it (المسلحون يوم الأحد).
    (
        "وهاجم المسلحون يوم الأحد دورية من الشرطة الاتحادية قرب الموصل.",
        [POLICE, MOSUL, ("يوم الأحد", "DATE", {"value": "2023-04-30"})],
        "ATTACK",
        {"المسلحون": "actor1", "الشرطة الاتحادية": "actor2"},
    ),
    # A movement with an adjective it takes no phrase with is not the one named before.
    (
        "وقالت حركة الشباب إنها صامدة. ونظمت الحركة الاحتجاجية مظاهرة قرب الموصل.",
        [("حركة الشباب", "ARMED_GROUP", {}), MOSUL],
        "PROTEST",
        {},
    ),
    # The subject of words a source reports is a party, not the source (قالت مصادر إن X).
    (
        "وقالت مصادر إن الجيش العراقي قصف مواقع داعش قرب الموصل.",
        [ARMY, ISIS, MOSUL],
        "SHELLING",
        {"الجيش العراقي": "actor1", "داعش": "actor2"},
    ),
    (
        "وقالت مصادر إن مسلحين هاجموا دورية من الشرطة الاتحادية قرب الموصل.",
        [POLICE, MOSUL],
        "ATTACK",
        {"مسلحين": "actor1", "الشرطة الاتحادية": "actor2"},
    ),
    # A regime word with another adjective is no party (النظام الانتخابي).
    (
        "وخرجت مظاهرات في بغداد احتجاجا على النظام الانتخابي الجديد.",
        [],
        "PROTEST",
        {},
    ),
    # A named party that a generic party is close to (مقربة من X) is no party.
    (
        "وتبنت جماعة مسلحة مقربة من النظام الإيراني الهجوم على الحاجز.",
        [],
        "ATTACK",
        {"جماعة مسلحة": "actor1"},
    ),
]


@pytest.mark.parametrize(("text", "entities", "etype", "expected"), CASES)
def test_event_actors(
    text: str, entities: list[EntitySpec] | None, etype: str, expected: dict[str, Any]
) -> None:
    published = "2023-05-02"
    doc = run(text, entities, published) if entities is not None else run_rules(text, published)
    events = of_type(doc, etype)
    assert len(events) == 1, [(e.type, e.trigger.text) for e in doc.events]
    roles = {a.text: a.role for a in events[0].actors}
    assert roles == expected


def test_actor_spans_point_into_the_text() -> None:
    text = "شنت قوات سوريا الديمقراطية هجوما على مواقع داعش في الموصل أمس."
    doc = run(text, [SDF, SYRIA, ISIS, MOSUL], "2023-05-02")
    for actor in doc.events[0].actors:
        assert actor.start is not None and actor.end is not None
        assert doc.text[actor.start : actor.end] == actor.text


def test_no_party_is_borrowed_from_another_sentence() -> None:
    doc = run(
        "اشتبك الجيش العراقي مع داعش في الموصل. وفي الأنبار قتل شخصان في انفجار عبوة ناسفة.",
        [ARMY, ISIS, MOSUL, ANBAR],
        "2023-05-02",
    )
    (explosion,) = of_type(doc, "EXPLOSION")
    assert explosion.actors == []


def test_an_event_naming_no_party_is_the_article_force_s() -> None:
    doc = run(
        "بدأ الجيش العراقي عملية لتطهير الصحراء من خلايا داعش. وقال ضابط إن الجيش العراقي"
        " يتقدم نحو الحدود. وفي الأنبار، تم تدمير ثلاثة أنفاق بقصف مدفعي عنيف.",
        [ARMY, ISIS, ANBAR],
        "2023-05-02",
    )
    (shelling,) = of_type(doc, "SHELLING")
    assert [(a.text, a.role) for a in shelling.actors] == [("الجيش العراقي", "actor1")]


def test_a_protest_naming_no_party_takes_no_force() -> None:
    doc = run(
        "قصف الجيش العراقي مواقع داعش قرب الموصل. ورد الجيش العراقي على الهجوم."
        " وفي الأنبار خرجت مظاهرات حاشدة للمطالبة بالخدمات.",
        [ARMY, ISIS, MOSUL, ANBAR],
        "2023-05-02",
    )
    (protest,) = of_type(doc, "PROTEST")
    assert protest.actors == []


def test_a_force_goes_by_the_name_the_article_also_gives_it_bare() -> None:
    resistance: EntitySpec = ("قوات المقاومة الشعبية", "ARMED_GROUP", {})
    bare: EntitySpec = ("المقاومة الشعبية", "ARMED_GROUP", {})
    doc = run(
        "استعادت قوات المقاومة الشعبية السيطرة على مطار المدينة بعد معارك مع داعش."
        " وتنتشر المقاومة الشعبية منذ أمس في الأحياء الشرقية.",
        [resistance, bare, ISIS],
        "2023-05-02",
    )
    (takeover,) = of_type(doc, "TERRITORY_CHANGE")
    first = takeover.actors[0]
    assert (first.text, first.role) == ("المقاومة الشعبية", "actor1")
    assert doc.text[first.start : first.end] == first.text


def test_a_force_word_that_is_part_of_the_name_stays() -> None:
    doc = run(
        "شنت قوات سوريا الديمقراطية هجوما على مواقع داعش. وتقول سوريا إن الهجوم فشل.",
        [SDF, SYRIA, ISIS],
        "2023-05-02",
    )
    (attack,) = of_type(doc, "ATTACK")
    assert attack.actors[0].text == "قوات سوريا الديمقراطية"
