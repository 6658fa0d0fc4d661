"""Casualty figures of events, on sentences written for these tests.

Each case is a short invented report, the event type to look at and the killed and
wounded counts it should carry: how figures are read (ACLED's conservative counts),
which event of a sentence a figure counts, and where running totals go.
"""

from __future__ import annotations

import pytest

from event_helpers import EntitySpec, of_type, run
from newsie.schema import Document

ARMY: EntitySpec = ("الجيش العراقي", "UNIT", {})
ISIS: EntitySpec = ("داعش", "ARMED_GROUP", {})
MOSUL: EntitySpec = ("الموصل", "LOCATION", {"admin1": "IQ-NI", "country": "IQ"})
RAMADI: EntitySpec = ("الرمادي", "LOCATION", {"admin1": "IQ-AN", "country": "IQ"})
ENTITIES = [ARMY, ISIS, MOSUL, RAMADI]

CASES: list[tuple[str, str, str, int | None, int | None]] = [
    # (name, text, event type, killed, wounded)
    # --- reading a figure -------------------------------------------------------------
    (
        "about_n_is_n",
        "قتل نحو 30 مسلحا من داعش في اشتباكات مع الجيش العراقي قرب الموصل.",
        "ARMED_CLASH",
        30,
        None,
    ),
    (
        "more_than_n_is_n",
        "أسفرت الاشتباكات بين الجيش العراقي وداعش عن مقتل أكثر من 40 مسلحا.",
        "ARMED_CLASH",
        40,
        None,
    ),
    (
        "dozens_is_ten_hundreds_is_a_hundred",
        "أدت الاشتباكات بين الجيش العراقي وداعش إلى مقتل العشرات وإصابة المئات.",
        "ARMED_CLASH",
        10,
        100,
    ),
    (
        "a_range_is_its_lower_bound",
        "أسفرت الاشتباكات بين الجيش العراقي وداعش عن سقوط 15 إلى 20 قتيلا.",
        "ARMED_CLASH",
        15,
        None,
    ),
    (
        "rockets_are_no_head_count",
        "قصف داعش أحياء الموصل بقذائف الهاون وأعلن الجيش العراقي سقوط 4 قذائف على المدينة.",
        "SHELLING",
        None,
        None,
    ),
    (
        "one_person_without_a_number",
        "قتل جندي من الجيش العراقي في هجوم شنه داعش على نقطة تفتيش قرب الموصل.",
        "ATTACK",
        1,
        None,
    ),
    (
        "killed_and_wounded_with_their_own_numbers",
        "قتل شخصان وأصيب عشرة في اشتباكات بين الجيش العراقي وداعش قرب الموصل.",
        "ARMED_CLASH",
        2,
        10,
    ),
    (
        "one_number_for_killed_and_wounded_together",
        "أسفرت الاشتباكات بين الجيش العراقي وداعش عن 40 شخصا قتلوا وجرحوا.",
        "ARMED_CLASH",
        None,
        None,
    ),
    (
        "an_active_verb_before_its_subject",
        "قتل الجيش العراقي 12 مسلحا من داعش في اشتباكات قرب الموصل.",
        "ARMED_CLASH",
        12,
        None,
    ),
    (
        "a_year_after_the_subject_is_no_count",
        "اندلعت اشتباكات بين الجيش العراقي وداعش قرب الموصل حيث قتل الزعيم السابق للتنظيم في 2017.",
        "ARMED_CLASH",
        None,
        None,
    ),
    (
        "people_and_a_group_that_may_be_among_them",
        "قتل 25 مدنيا و5 نساء في غارة جوية على قرية قرب الموصل.",
        "AIRSTRIKE",
        25,
        None,
    ),
    (
        "two_sides_add_up",
        "قتل 8 جنود و14 مسلحا في اشتباكات بين الجيش العراقي وداعش قرب الموصل.",
        "ARMED_CLASH",
        22,
        None,
    ),
    (
        "victims_of_attempted_killing_are_wounded",
        "انفجرت عبوة ناسفة في سوق بالموصل، ما أسفر عن مقتل 3 أشخاص والشروع في قتل 11 آخرين.",
        "EXPLOSION",
        3,
        11,
    ),
    (
        "an_attempt_to_kill_killed_nobody",
        "هاجم مسلحون من داعش نقطة للجيش العراقي قرب الموصل في محاولة قتل 4 من عناصرها.",
        "ATTACK",
        None,
        None,
    ),
    (
        "slashes_around_a_name_do_not_hide_the_number",
        "أعلن الجيش العراقي أن 9 مسلحين من تنظيم / داعش / قتلوا وجرح ثلاثة منهم في "
        "اشتباكات قرب الموصل.",
        "ARMED_CLASH",
        9,
        3,
    ),
    (
        "nobody_hurt_is_zero",
        "سقطت قذائف هاون أطلقها داعش على حي سكني في الموصل دون وقوع إصابات.",
        "SHELLING",
        0,
        0,
    ),
    (
        "a_precise_figure_replaces_a_vague_one",
        "قتل العشرات في اشتباكات بين الجيش العراقي وداعش في الموصل. "
        "وذكرت مصادر طبية أن 23 مسلحا قتلوا في الاشتباكات.",
        "ARMED_CLASH",
        23,
        None,
    ),
    # --- which event a figure counts ------------------------------------------------
    (
        "a_running_total_of_the_incident_told_just_before",
        "قتل 5 أشخاص في انفجار سيارة مفخخة في الموصل. وارتفعت حصيلة القتلى في وقت لاحق إلى 9.",
        "EXPLOSION",
        9,
        None,
    ),
    (
        "a_campaign_total_is_not_the_incident_toll",
        "قتل 3 جنود من الجيش العراقي في هجوم لداعش قرب الموصل، لترتفع حصيلة قتلى "
        "الجيش منذ بدء الحملة إلى 200.",
        "ATTACK",
        3,
        None,
    ),
    (
        "a_campaign_total_right_after_the_incident_is_not_its_toll",
        "قتل 5 مدنيين في قصف مدفعي لداعش على حي في الموصل لترتفع حصيلة القتلى منذ بدء "
        "الهجوم على المدينة إلى 105.",
        "SHELLING",
        5,
        None,
    ),
    (
        "a_running_total_names_the_event_it_counts",
        "ارتفعت حصيلة قتلى الاشتباكات بين الجيش العراقي وداعش في الموصل إلى 14 شخصا.",
        "ARMED_CLASH",
        14,
        None,
    ),
    (
        "a_period_total_in_another_clause_is_not_the_incident_toll",
        "قتل 5 مدنيين في غارة جوية على قرية قرب الموصل، وقتل أكثر من 300 شخص خلال ثلاثة أسابيع.",
        "AIRSTRIKE",
        5,
        None,
    ),
    (
        "a_period_total_in_a_sentence_of_its_own_is_dropped",
        "قتل 4 أشخاص في انفجار عبوة ناسفة في الموصل. وقتل 120 شخصا في المدينة خلال الأشهر الماضية.",
        "EXPLOSION",
        4,
        None,
    ),
    (
        "a_war_toll_in_a_sentence_of_its_own_is_dropped",
        "اندلعت اشتباكات بين الجيش العراقي وداعش في الموصل أسفرت عن مقتل 5 مسلحين. "
        "وقتل أكثر من 2000 شخص منذ بدء الحرب.",
        "ARMED_CLASH",
        5,
        None,
    ),
    (
        "the_other_side_in_the_next_sentence_adds_up",
        "قتل 17 مسلحا من داعش في اشتباكات مع الجيش العراقي في الموصل. "
        "وأشارت مصادر محلية إلى مقتل 3 من الجيش العراقي وإصابة 7 آخرين.",
        "ARMED_CLASH",
        20,
        7,
    ),
    (
        "a_protest_may_have_casualties",
        "قتل 3 متظاهرين وأصيب 20 آخرون في احتجاجات في الموصل.",
        "PROTEST",
        3,
        20,
    ),
    (
        "a_targeted_killing_of_one_official",
        "اغتال مسلحون مجهولون رئيس المجلس البلدي في الموصل.",
        "KILLING",
        1,
        None,
    ),
    # --- verbs of losing men ----------------------------------------------------------
    (
        "men_lost_are_dead",
        "خسر الجيش العراقي 12 جنديا في اشتباكات مع داعش قرب الموصل.",
        "ARMED_CLASH",
        12,
        None,
    ),
    (
        "men_lost_counted_with_min",
        "وفقدت قوات الجيش العراقي 4 من عناصرها في هجوم شنه داعش على حاجز قرب الرمادي.",
        "ATTACK",
        4,
        None,
    ),
    (
        "the_second_losers_count_is_added",
        "خسر الجيش العراقي 5 جنود وداعش 20 عنصرا في اشتباكات عنيفة قرب الموصل.",
        "ARMED_CLASH",
        25,
        None,
    ),
    (
        "things_lost_are_no_toll",
        "خسر داعش 4 قرى في اشتباكات مع الجيش العراقي قرب الموصل.",
        "ARMED_CLASH",
        None,
        None,
    ),
]


def report(text: str) -> Document:
    """The events of an invented report, with the test entities it names."""
    return run(text, [e for e in ENTITIES if e[0] in text])


@pytest.mark.parametrize(
    ("text", "etype", "killed", "wounded"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_casualties(text: str, etype: str, killed: int | None, wounded: int | None) -> None:
    events = of_type(report(text), etype)
    assert events, f"no {etype} event"
    assert (events[0].killed, events[0].wounded) == (killed, wounded)


def test_a_figure_in_a_relative_clause_counts_the_event_before_it() -> None:
    doc = report(
        "تزامنت اشتباكات بين الجيش العراقي وداعش قرب الموصل مع تفجير الرمادي، الذي أسفر "
        "عن مقتل 6 مدنيين."
    )
    assert [e.killed for e in of_type(doc, "EXPLOSION")] == [6]
    assert [e.killed for e in of_type(doc, "ARMED_CLASH")] == [None]


def test_figures_after_every_event_word_count_the_main_event() -> None:
    doc = report(
        "اندلعت اشتباكات بين الجيش العراقي وداعش قرب الموصل خلال تفجير الرمادي الذي "
        "استهدف سوقا، ما أسفر عن مقتل 9 مسلحين."
    )
    assert [e.killed for e in of_type(doc, "ARMED_CLASH")] == [9]


def test_a_list_of_incidents_gives_each_its_own_toll() -> None:
    doc = report(
        "استهدفت غارة جوية بلدة قرب الموصل، ما أسفر عن مقتل 4 مدنيين، واندلعت اشتباكات "
        "بين الجيش العراقي وداعش في الرمادي، ما أسفر عن مقتل 9 مسلحين."
    )
    assert [e.killed for e in of_type(doc, "AIRSTRIKE")] == [4]
    assert [e.killed for e in of_type(doc, "ARMED_CLASH")] == [9]


def test_a_demonstrative_with_a_toll_refers_back() -> None:
    doc = report(
        "خرجت احتجاجات في الموصل ضد البطالة. وقتل 4 متظاهرين في هذه الاحتجاجات.",
    )
    protests = of_type(doc, "PROTEST")
    assert [p.killed for p in protests] == [4]


def test_an_attempted_killing_has_no_dead() -> None:
    doc = report("نجا رئيس المجلس البلدي من محاولة اغتيال في الموصل.")
    assert all(e.killed is None for e in doc.events)


def test_figures_of_another_date_are_an_earlier_incident() -> None:
    sunday: EntitySpec = ("يوم الأحد", "DATE", {"value": "2021-07-18", "precision": "day"})
    year: EntitySpec = ("عام 2016", "DATE", {"value": "2016", "precision": "year"})
    doc = run(
        "قتل 3 جنود من الجيش العراقي في هجوم لداعش قرب الموصل يوم الأحد. "
        "وفي عام 2016 قتل 5 جنود في المنطقة نفسها.",
        [ARMY, ISIS, MOSUL, sunday, year],
        published="2021-07-21",
    )
    assert [e.killed for e in of_type(doc, "ATTACK")] == [3]


def test_a_dual_verb_without_a_number_counts_two() -> None:
    doc = report("ذكرت مصادر طبية أن شابا ووالده لقيا حتفهما في غارة جوية على قرية قرب الموصل.")
    assert [e.killed for e in of_type(doc, "AIRSTRIKE")] == [2]


def test_an_event_word_whose_verb_opens_the_result_owns_the_figure() -> None:
    doc = report("قصف الجيش العراقي مواقع داعش قرب الموصل ردا على تفجير أسفر عن جرح 4 جنود.")
    assert [e.wounded for e in of_type(doc, "EXPLOSION")] == [4]
    assert [e.wounded for e in of_type(doc, "SHELLING")] == [None]


def test_an_ambiguous_cue_after_the_figures_does_not_claim_them() -> None:
    doc = report(
        "اندلعت اشتباكات بين الجيش العراقي وداعش قرب الموصل. وأعلن الجيش العراقي مقتل "
        "6 مسلحين، وتبين أن لديهم مخططات تستهدف نقاطا أمنية."
    )
    assert [e.killed for e in of_type(doc, "ARMED_CLASH")] == [6]


def test_a_figure_joined_to_a_linked_one_counts_the_same_event() -> None:
    doc = report(
        "قصف داعش أحياء الموصل بالصواريخ، ردا على هجوم الرمادي الذي أسفر عن مقتل 12 "
        "شخصا وإصابة العشرات."
    )
    assert [(e.killed, e.wounded) for e in of_type(doc, "ATTACK")] == [(12, 10)]
    assert [(e.killed, e.wounded) for e in of_type(doc, "SHELLING")] == [(None, None)]


def test_a_late_figure_counts_the_one_incident_the_article_tells_of() -> None:
    doc = report(
        "هاجم مسلحون من داعش نقطة تفتيش للجيش العراقي قرب الموصل فجر اليوم.\n"
        "وقال مصدر أمني إن المهاجمين فروا باتجاه الصحراء.\n"
        "وتشهد المنطقة توترا أمنيا منذ أسابيع.\n"
        "وطالب وجهاء المدينة بتعزيز الحماية.\n"
        "وأشار المصدر إلى إصابة 3 من عناصر الجيش العراقي."
    )
    assert [(e.killed, e.wounded) for e in of_type(doc, "ATTACK")] == [(None, 3)]


def test_losses_in_an_operation_named_without_a_force_count() -> None:
    """فقدت البلاد N عنصرا أثناء العملية: the loser is a country, the toll the operation's."""
    doc = report(
        "أطلق الجيش العراقي عملية عسكرية في أحياء الموصل الغربية.\n"
        "وفقدت البلاد 40 عنصرا أثناء العملية، وفق وزارة الدفاع. كما قتل 200 مسلح."
    )
    assert [e.killed for e in of_type(doc, "MILITARY_OPERATION")] == [240]


def test_a_habit_is_no_incident() -> None:
    """بين الحين والآخر: strikes made now and then are not the dated strike."""
    doc = report(
        "قتل 12 مسلحا من داعش في غارة جوية على مواقع قرب الموصل.\n"
        "ويشن الجيش العراقي بين الحين والآخر ضربات جوية على مواقع التنظيم قرب الرمادي."
    )
    assert [e.killed for e in of_type(doc, "AIRSTRIKE")] == [12]
