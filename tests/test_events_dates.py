"""Which date dates an event: table-driven cases on sentences written for these tests,
run through the rules-only pipeline (the dates stage resolves the DATE entities)."""

from __future__ import annotations

import pytest

from event_helpers import EntitySpec, make_doc, of_type, place, run, run_rules
from newsie.stages.events.analysis import Analysis
from newsie.stages.events.date_cues import date_cues
from newsie.stages.events.dates import mention_date
from newsie.stages.events.lexicon import trigger_lexicon
from newsie.stages.events.mentions import find_mentions

# (case, text, published, event type, expected date value)
CASES = [
    (
        "headline takes the lead's relative day",
        "هجوم مسلح على نقطة تفتيش غرب الرمادي\n"
        "هاجم مسلحون مجهولون، أمس السبت، نقطة تفتيش للجيش العراقي غرب الرمادي.",
        "2021-07-18",
        "ATTACK",
        "2021-07-17",
    ),
    (
        "an undated event later in the article takes the lead's day, not publication",
        "قصف مدفعي على أحياء سكنية في حلب\n"
        "قصفت قوات النظام، مساء الخميس، أحياء سكنية في مدينة حلب.\n"
        "وفي ريف إدلب، اعتقلت قوات الأمن ثلاثة مطلوبين.",
        "2021-07-17",
        "ARREST",
        "2021-07-15",
    ),
    (
        "the lead's statement date does not date the headline's event",
        "مقتل شرطي في هجوم بسكين\n"
        "أعلنت وزارة الداخلية، السبت، تفاصيل الهجوم الذي وقع مساء الخميس على دورية للشرطة.",
        "2021-07-17",
        "ATTACK",
        "2021-07-15",
    ),
    (
        "a headline of two short sentences: the next line is still the lead",
        "العراق.. مقتل جنديين في هجوم بالأنبار\n"
        "ذكرت مصادر أمنية عراقية، الاثنين، أن جنديين قتلا في هجوم شنه مسلحون غرب الرمادي.",
        "2021-07-19",
        "ATTACK",
        "2021-07-19",
    ),
    (
        "the event's own day in the lead paragraph beats the lead's report day",
        "مواجهات بين عشيرتين في البصرة\n"
        "اندلعت مواجهات مسلحة بين عشيرتين في شمال البصرة، وفق ما أفاد مراسلنا، الجمعة.\n"
        "واندلعت المواجهات ليل الخميس إثر خلاف على أرض زراعية.",
        "2021-07-16",
        "ARMED_CLASH",
        "2021-07-15",
    ),
    (
        "an undated event the report counts from (منذ) is given its month",
        "قتل ثلاثة جنود في هجوم على نقطة تفتيش قرب الموصل أمس الأحد.\n"
        "واشتدت المواجهات منذ وصول تعزيزات عسكرية للجيش العراقي إلى المدينة.",
        "2021-07-19",
        "DEPLOYMENT",
        "2021-07",
    ),
    (
        "an ongoing event (حاليا) is given its month",
        "وتشهد مدينة الرمادي حاليا اشتباكات متقطعة بين الجيش العراقي وتنظيم داعش.",
        "2021-07-19",
        "ARMED_CLASH",
        "2021-07",
    ),
    (
        "an undated headline event whose mentions give several days starts on the first",
        "غارات جوية على مواقع للمسلحين في ريف درعا\n"
        "قتل خمسة مسلحين في سلسلة غارات جوية على مواقع في ريف درعا.\n"
        "واستهدفت غارة جوية فجر الخميس مستودعا للذخيرة قرب بلدة نوى.\n"
        "وكانت الغارات الجوية قد بدأت مساء الأربعاء على أطراف مدينة درعا.",
        "2021-07-15",
        "AIRSTRIKE",
        "2021-07-14",
    ),
    (
        "an ambiguous cue between trigger and date does not hide the date",
        "وتعهد وزير الداخلية بكشف ملابسات اغتيال ضابط رفض المواجهة مع المهربين الأسبوع الماضي.",
        "2021-07-18",
        "KILLING",
        "2021-07",
    ),
    (
        "a day named without its year continues the narrative's year",
        "اندلعت المواجهات الأولى بين الثوار وكتائب النظام في بنغازي في 17 شباط/فبراير 2011.\n"
        "وفي 20 تشرين الأول/أكتوبر، سيطر الثوار على مدينة سرت.",
        "2021-07-18",
        "TERRITORY_CHANGE",
        "2011-10-20",
    ),
    (
        "a month named without its year continues the narrative's year",
        "اندلعت المواجهات الأولى بين الثوار وكتائب النظام في بنغازي في 17 شباط/فبراير 2011.\n"
        "واعتقل الثوار أحد قادة الكتائب في تشرين الثاني/نوفمبر جنوب البلاد.",
        "2021-07-18",
        "ARREST",
        "2011-11",
    ),
    (
        "a yearless day earlier in the year than the narrative's date is in the current year",
        "سيطر تنظيم داعش على الموصل في حزيران/يونيو 2014.\n"
        "وفي 3 آذار/مارس، اندلعت اشتباكات بين الجيش العراقي وداعش في الموصل.",
        "2021-07-18",
        "ARMED_CLASH",
        "2021-03-03",
    ),
    (
        "a month tied to publication (الماضي) keeps its year",
        "سيطر تنظيم داعش على الموصل في حزيران/يونيو 2014.\n"
        "واندلعت اشتباكات بين الجيش العراقي وداعش في الموصل في تشرين الأول/أكتوبر الماضي.",
        "2021-07-18",
        "ARMED_CLASH",
        "2020-10",
    ),
    (
        "a date that opens the sentence dates every clause of it",
        "في 12 أيار/مايو 2019، توغلت القوات التركية في ريف عفرين وسيطرت على ثلاث قرى.",
        "2021-07-18",
        "TERRITORY_CHANGE",
        "2019-05-12",
    ),
    (
        "of two events each followed by its date, the second takes the date after it",
        "استمرت الحملة شهرا بين أولى الغارات في 3 آذار/مارس 2019 "
        "وسقوط مدينة الرقة في 2 نيسان/أبريل.",
        "2021-07-18",
        "TERRITORY_CHANGE",
        "2019-04-02",
    ),
    (
        "the next day counts from the last date named before it",
        "في 5 آذار/مارس 2019، قصفت الطائرات مواقع في ريف حماة.\n"
        "وفي اليوم التالي، اندلعت اشتباكات عنيفة بين الجيش والفصائل في المنطقة.",
        "2021-07-18",
        "ARMED_CLASH",
        "2019-03-06",
    ),
    (
        "the days after a date are that date's month",
        "شنت الطائرات غارات على مدينة حمص في 9 آب/أغسطس 2016.\n"
        "وفي الأيام التالية، سقطت بلدة تلبيسة بيد الجيش دون مقاومة.",
        "2021-07-18",
        "TERRITORY_CHANGE",
        "2016-08",
    ),
    (
        "several days later (بعد عدة أيام) is the month of the last day named",
        "في 14 أيار/مايو 2016، هاجم مسلحون حاجزا للجيش قرب مدينة درنة.\n"
        "وبعد عدة أيام، اعتقلت قوات الأمن منفذي الهجوم في ضواحي المدينة.",
        "2021-07-18",
        "ARREST",
        "2016-05",
    ),
    (
        "a day of the month (في العاشر من الشهر) is in the narrative's month and year",
        "سيطر الجيش على مطار المدينة في 2 آذار/مارس 2015.\n"
        "وفي الثاني من نيسان/أبريل، قصفت المدفعية أطراف المدينة.\n"
        "وفي العاشر من الشهر، اعتقلت قوات الأمن قائد المسلحين في وسط المدينة.",
        "2021-07-18",
        "ARREST",
        "2015-04-10",
    ),
    (
        "the same day of a year (نفس اليوم من عام) is the day named before, in that year",
        "في 6 حزيران/يونيو أحيا سكان القرية ذكرى الحرب.\n"
        "وفي نفس اليوم من عام 1982 اعتقلت القوات الإسرائيلية عشرات الشبان في القرية.",
        "2021-07-18",
        "ARREST",
        "1982-06-06",
    ),
    (
        "that day (في ذلك اليوم) is the last date named before it",
        "اندلعت الحرب بين البلدين عام 1980.\nوسيطرت القوات في ذلك اليوم على مدينة البصرة.",
        "2021-07-18",
        "TERRITORY_CHANGE",
        "1980",
    ),
    (
        "an event a day before the clause's date (بعد يوم من) is the day before",
        "قتل خمسة مسلحين في مداهمة أمنية جنوب الموصل، الأربعاء، "
        "وذلك بعد يوم من اعتقال قائد الخلية في بغداد.",
        "2021-07-15",
        "ARREST",
        "2021-07-13",
    ),
    (
        "an event the morning after which (غداة) the clause happened is the day before",
        "قتل جنديان في الرمادي، الأحد، غداة هجوم شنه مسلحون على حاجز للجيش العراقي قرب الفلوجة.",
        "2021-07-19",
        "ATTACK",
        "2021-07-17",
    ),
    (
        "an event reported in an announcement a day before the clause is that day's",
        "مقتل خمسة مسلحين في مداهمة أمنية جنوب الموصل\n"
        "قتل خمسة مسلحين في مداهمة أمنية جنوب الموصل، الأربعاء.\n"
        "وجاءت المداهمة بعد يوم من إعلان الجيش العراقي أن قواته اعتقلت قائد الخلية "
        "في بغداد.",
        "2021-07-15",
        "ARREST",
        "2021-07-13",
    ),
    (
        "an event in a clause coordinated after the reported one keeps the clause's day",
        "مقتل خمسة مسلحين في مداهمة أمنية جنوب الموصل\n"
        "قتل خمسة مسلحين في مداهمة أمنية جنوب الموصل، الأربعاء.\n"
        "وجاءت المداهمة بعد يوم من إعلان الجيش العراقي أن قواته اعتقلت قائد الخلية، "
        "فيما اندلعت اشتباكات متقطعة في أحياء المدينة.",
        "2021-07-15",
        "ARMED_CLASH",
        "2021-07-14",
    ),
    (
        "a date after بعدما is its clause's: the event is given its month",
        "واندلعت الاشتباكات بعدما انتهت ليل الأحد مهلة منحها الجيش للمسلحين.",
        "2021-07-21",
        "ARMED_CLASH",
        "2021-07",
    ),
    (
        "a day a mention gives beats a month given because a statement hid the day",
        "تفجير عبوة ناسفة جنوب كركوك\n"
        "قالت مصادر أمنية إن انفجارا وقع جنوب كركوك.\n"
        "وكانت الشرطة قد أعلنت في وقت سابق الأحد إصابة ثلاثة من عناصرها بتفجير عبوة ناسفة "
        "جنوب كركوك.\n"
        "وأصيب العناصر الثلاثة، السبت، بتفجير عبوة ناسفة استهدف دوريتهم جنوب كركوك.",
        "2021-07-19",
        "EXPLOSION",
        "2021-07-17",
    ),
]


@pytest.mark.parametrize(
    ("text", "published", "etype", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_event_date(text: str, published: str, etype: str, expected: str) -> None:
    events = of_type(run_rules(text, published=published), etype)
    assert events, f"no {etype} event"
    dates = [e.date.value if e.date else None for e in events]
    assert dates[0] == expected, dates


def test_a_date_right_after_a_nearer_trigger_of_another_type_is_not_the_events() -> None:
    """قصفت ...، السبت، ... خرقت اتفاق التهدئة: Saturday dates the shelling, not the truce."""
    doc = make_doc(
        "قصفت المدفعية التركية، السبت، مواقع للمسلحين في خطوة خرقت اتفاق التهدئة بين الطرفين.",
        [("السبت", "DATE", {"value": "2021-07-10", "precision": "day", "relative": True})],
        published="2021-07-11",
    )
    ana = Analysis(doc)
    mentions = find_mentions(ana, trigger_lexicon())
    sources = {m.type: mention_date(ana, m, mentions)[0] for m in mentions}
    shelling, truce = sources["SHELLING"], sources["AGREEMENT"]
    assert shelling is not None and shelling.source == "sentence"
    assert truce is not None and truce.source != "sentence"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("وقعت الاشتباكات بعد أن رفض المسلحون تسليم أسلحتهم.", ["subordinate"]),
        # عن بعد (remotely) before أن holds no بعد أن.
        ("أسقط الجيش طائرة موجهة عن بعد أن تقترب من القاعدة.", ["other"]),
        ("وفي اليوم التالي، انسحبت القوات من البلدة.", ["next"]),
    ],
)
def test_date_cues(text: str, kinds: list[str]) -> None:
    ana = Analysis(make_doc(text, [], published="2021-07-18"))
    assert [c.values[0].kind for c in date_cues(ana)] == kinds


def test_a_definite_mention_kept_apart_by_its_place_refers_back_to_the_last_one() -> None:
    """الانفجار وقع في X after an explosion told at Y: the same day, not the report's."""
    friday: EntitySpec = ("الجمعة", "DATE", {"value": "2021-07-16", "precision": "day"})
    doc = run(
        "أصيب ثلاثة جنود عراقيين، الجمعة، بتفجير عبوة ناسفة على طريق سريع في صلاح الدين.\n"
        "وقال مسؤول محلي إن الانفجار وقع على أطراف الطارمية.",
        [friday, place("صلاح الدين", "IQ-SD"), place("الطارمية", "IQ-BG")],
        published="2021-07-18",
    )
    dates = [e.date.value if e.date else None for e in of_type(doc, "EXPLOSION")]
    assert dates and set(dates) == {"2021-07-16"}, dates
