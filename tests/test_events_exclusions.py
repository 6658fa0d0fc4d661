"""Events that did not happen: metaphors, sentences of a court, denied, foiled,
expected or hypothetical events, generic statements and sport pages must not
become event records, while the plain reports next to them still do.

Sentences are written for these tests (agency style); the entities are placed
by hand so that only event detection is exercised.
"""

from __future__ import annotations

import pytest

from event_helpers import EntitySpec, run

ARMY: EntitySpec = ("الجيش العراقي", "UNIT", {})
POLICE: EntitySpec = ("الشرطة", "UNIT", {})
ISIS: EntitySpec = ("داعش", "ARMED_GROUP", {})
MINISTER: EntitySpec = ("خالد العبيدي", "PERSON", {})
KIRKUK: EntitySpec = ("كركوك", "LOCATION", {"admin1": "IQ-KI", "country": "IQ"})
MOSUL: EntitySpec = ("الموصل", "LOCATION", {"admin1": "IQ-NI", "country": "IQ"})
ENTITIES = [ARMY, POLICE, ISIS, MINISTER, KIRKUK, MOSUL]


CASES: list[tuple[str, list[str]]] = [
    # --- real events, for contrast ----------------------------------------------------
    ("اندلعت اشتباكات عنيفة بين الجيش العراقي وتنظيم داعش جنوب كركوك.", ["ARMED_CLASH"]),
    ("اعتقلت الشرطة ثلاثة مطلوبين في حي النصر وسط كركوك.", ["ARREST"]),
    ("أعلنت الشرطة أن مسلحين نفذوا هجوما على حاجز أمني في كركوك.", ["ATTACK"]),
    ("تعرضت دورية للجيش العراقي لهجوم مسلح قرب الموصل.", ["ATTACK"]),
    ("أكد ذوو الضحايا أن ضحايا الهجوم على السوق في كركوك بلغوا ستة.", ["ATTACK"]),
    ("أعدم تنظيم داعش خمسة مدنيين في ساحة عامة بالموصل.", ["KILLING"]),
    # --- metaphors and other senses of a trigger ---------------------------------------
    ("قال خالد العبيدي إن المعركة ضد الإرهاب طويلة وتحتاج إلى صبر.", []),
    ("وتستمر المعركة القضائية بين الشركتين أمام المحاكم منذ عامين.", []),
    ("وأكد الوزير أن الحرب على الفساد أولوية الحكومة في كركوك.", []),
    ("شن النائب هجوما لاذعا على الحكومة خلال جلسة البرلمان.", []),
    ("ونشر خالد العبيدي تغريدة على حسابه أشاد فيها بالجيش العراقي.", []),
    ("ونشر الجيش العراقي صورا على موقعه لتخريج دفعة جديدة من الطلاب.", []),
    ("وحصل المقاول على مليون دينار لقاء ذلك بحسب العقد.", []),
    ("وتمكن رجال الإطفاء من السيطرة على الحريق في مخزن بكركوك.", []),
    ("وأكد قائد الشرطة السيطرة على الوضع الأمني في كركوك.", []),
    ("وتلتزم القوات بقواعد الاشتباك المعمول بها.", []),
    ("ودعت الأمم المتحدة الطرفين إلى العودة إلى طاولة المفاوضات.", []),
    # --- courts and sentences ---------------------------------------------------------
    ("أصدرت محكمة الجنايات في كركوك، الأحد، حكما بالإعدام على مدان بالإرهاب.", []),
    ("وقضت محكمة في الموصل بإعدام ثلاثة عناصر من داعش.", []),
    ("وتطالب منظمات حقوقية بإلغاء عقوبة الإعدام في البلاد.", []),
    ("وصدرت بحق القيادي مذكرة اعتقال من المحكمة.", []),
    # --- denied, foiled, expected, hypothetical ---------------------------------------
    ("ونفت الشرطة وقوع اشتباكات في كركوك.", []),
    ("وأحبطت الشرطة هجوما كان يعده عناصر من داعش في كركوك.", []),
    ("وأوقفت الشرطة مشتبها به في التخطيط لهجوم جرى إحباطه في كركوك.", ["ARREST"]),
    ("ومن المتوقع أن تخرج مظاهرات في كركوك الجمعة المقبلة.", []),
    ("وأعرب خالد العبيدي عن استعداده للدخول في مفاوضات مع المعارضة.", []),
    ("وشدد المحافظ على ضرورة التوقف عن اعتقال الأبرياء في كركوك.", []),
    ("وقال خالد العبيدي إن أي هجوم على كركوك سيقابل برد حازم.", []),
    ("ويحاول التنظيم منذ أشهر السيطرة على الطريق الدولي قرب كركوك.", []),
    ("ويضم الجيش العراقي آلاف الجنود القادرين على القتال في الجبال.", []),
    ("وزود التحالف الجيش العراقي بصواريخ وقذائف مدفعية حديثة.", []),
    ("وأبقت الشرطة سيطرتها على مداخل المدينة منذ العام الماضي.", []),
    (
        "ووصلت تعزيزات للجيش العراقي إلى كركوك، لكن الأنباء عن اشتباكات عارية عن الصحة.",
        ["DEPLOYMENT"],
    ),
    # --- generic statements, sport and culture ----------------------------------------
    ("وسجل المهاجم هدفين في مرمى الفريق الضيف خلال اللقاء.", []),
    ("وشهد المهرجان عرض فيلم عن الحرب في العاصمة.", []),
]


@pytest.mark.parametrize(("text", "types"), CASES, ids=[c[0][:30] for c in CASES])
def test_only_events_that_happened_are_reported(text: str, types: list[str]) -> None:
    doc = run(text, [e for e in ENTITIES if e[0] in text], published="2019-03-10")
    assert sorted(e.type for e in doc.events) == sorted(types)


def test_foiled_plot_leaves_the_arrest_and_drops_the_attack() -> None:
    doc = run(
        "اعتقلت الشرطة خلية من داعش في كركوك. وقالت الشرطة إن الخلية خططت لهجوم "
        '"كبير" تم إحباطه قبل تنفيذه.',
        [POLICE, ISIS, KIRKUK],
        published="2019-03-10",
    )
    assert [e.type for e in doc.events] == ["ARREST"]


def test_the_strike_that_caused_explosions_is_one_event() -> None:
    doc = run(
        "شنت طائرات التحالف غارات على مواقع داعش قرب الموصل. وأسفرت الغارات عن انفجارات "
        "ضخمة في مستودعات التنظيم.",
        [ISIS, MOSUL],
        published="2019-03-10",
    )
    assert [e.type for e in doc.events] == ["AIRSTRIKE"]
