"""Forces stage: named actors, the formation grammar, brigades and rank-vs-brigade.

Sentences are written for these tests in the style of Arabic security news.
"""

from __future__ import annotations

import pytest

from conftest import assert_offsets
from newsie.pipeline import Pipeline
from newsie.schema import Document, Entity
from newsie.stages.forces import ForcesStage, ordinal_name
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage

FORCES = ("UNIT", "BRIGADE", "ARMED_GROUP")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline([NormalizeStage(), SegmentStage(), ForcesStage()])


def run(pipeline: Pipeline, text: str) -> Document:
    doc = pipeline.process_text(text)
    assert_offsets(doc)
    assert all(e.stage == "forces" for e in doc.entities)
    return doc


def forces(doc: Document) -> list[Entity]:
    return [e for e in doc.entities if e.type in FORCES]


def only(doc: Document, text: str) -> Entity:
    found = [e for e in doc.entities if e.text == text]
    assert len(found) == 1, [(e.type, e.text) for e in doc.entities]
    return found[0]


# --- named actors -------------------------------------------------------------------------


def test_peshmerga_pmf_and_federal_forces_are_iraqi_state_units(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "وشاركت قوات البيشمركة والحشد الشعبي والقوات الاتحادية في العملية.",
    )
    peshmerga = only(doc, "قوات البيشمركة")
    assert (peshmerga.type, peshmerga.canonical, peshmerga.country) == (
        "UNIT",
        "iq.peshmerga",
        "IQ",
    )
    assert peshmerga.state is True and peshmerga.canonical_name == "Peshmerga"
    assert only(doc, "الحشد الشعبي").canonical == "iq.pmf"
    assert only(doc, "القوات الاتحادية").canonical == "iq.federal_forces"


def test_spelling_variants_share_one_canonical_actor(pipeline: Pipeline) -> None:
    doc = run(pipeline, "اشتبكت البشمركة مع داعش، ثم تقدمت البيشمركة نحو مواقع تنظيم الدولة.")
    assert {e.canonical for e in doc.entities if e.type == "UNIT"} == {"iq.peshmerga"}
    groups = [e for e in doc.entities if e.type == "ARMED_GROUP"]
    assert {e.text for e in groups} == {"داعش", "تنظيم الدولة"}
    assert {e.canonical for e in groups} == {"isis"}
    assert all(e.state is False for e in groups)


def test_nationality_adjective_joins_the_force_and_gives_its_country(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قتل جنديان من القوات الخاصة الأردنية في كمين، وتقدم الجيش العراقي.")
    special = only(doc, "القوات الخاصة الأردنية")
    assert (special.canonical, special.country) == ("jo.special_forces", "JO")
    army = only(doc, "الجيش العراقي")
    assert (army.canonical, army.country, army.echelon) == ("iq.army", "IQ", "force")


def test_forces_plus_adjective_alone_is_a_unit(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وصلت قوات إماراتية إلى الميناء، وانسحبت القوات العراقية من المعبر.")
    assert only(doc, "قوات إماراتية").country == "AE"
    assert only(doc, "القوات العراقية").canonical == "iq.forces"


def test_head_word_before_a_group_is_part_of_the_mention(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وتصدت القوات لهجوم شنته ميليشيات الحوثي وعناصر تنظيم داعش.")
    assert only(doc, "ميليشيات الحوثي").canonical == "ye.houthis"
    assert only(doc, "تنظيم داعش").canonical == "isis"


def test_houthis_hezbollah_and_nusra_are_armed_groups(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "وقالت مصادر إن الحوثيين وحزب الله وجبهة النصرة وقوات سوريا الديمقراطية تبادلوا الاتهامات.",
    )
    found = {e.text: e for e in forces(doc)}
    assert found["الحوثيين"].canonical == "ye.houthis"
    assert found["حزب الله"].canonical == "lb.hezbollah"
    assert found["جبهة النصرة"].country == "SY"
    assert found["قوات سوريا الديمقراطية"].canonical == "sy.sdf"
    assert all(e.type == "ARMED_GROUP" and e.state is False for e in found.values())


def test_rebel_army_names_are_armed_groups(pipeline: Pipeline) -> None:
    doc = run(pipeline, "سيطر الجيش السوري الحر وفصائل المعارضة على البلدة.")
    assert only(doc, "الجيش السوري الحر").type == "ARMED_GROUP"
    assert only(doc, "فصائل المعارضة").type == "ARMED_GROUP"


def test_ambiguous_bare_names_need_support(pipeline: Pipeline) -> None:
    doc = run(pipeline, "استقبل الطلاب المدرب بحماس كبير، وأعلن التحالف الوطني مرشحه للرئاسة.")
    assert forces(doc) == []
    doc = run(pipeline, "قصفت طائرات التحالف العربي مواقع الحوثيين، وقال التحالف إن الغارات دقيقة.")
    assert {e.canonical for e in forces(doc) if e.type == "UNIT"} == {
        "intl.arab_coalition",
        "intl.coalition",
    }


def test_force_names_inside_other_names_are_not_forces(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "اجتمع مجلس الأمن الوطني، وفاز نادي الشرطة، وشارك حزب القوات اللبنانية في الحكومة.",
    )
    assert forces(doc) == []


# --- formation grammar --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "kind", "echelon", "number"),
    [
        ("تقدمت الفرقة الرابعة نحو المدينة", "الفرقة الرابعة", "UNIT", "division", 4),
        ("انسحب اللواء الخامس عشر من المنطقة", "اللواء الخامس عشر", "BRIGADE", "brigade", 15),
        ("وصل الفوج الثالث إلى المعسكر", "الفوج الثالث", "UNIT", "regiment", 3),
        ("هاجمت الكتيبة الحادية عشرة الموقع", "الكتيبة الحادية عشرة", "UNIT", "battalion", 11),
        ("تمركزت السرية الثانية قرب الجسر", "السرية الثانية", "UNIT", "company", 2),
        ("أعلن اللواء الحادي والعشرين جاهزيته", "اللواء الحادي والعشرين", "BRIGADE", "brigade", 21),
        ("تقدم الكتيبة 102 مُشاة من المحور", "الكتيبة 102 مُشاة", "UNIT", "battalion", 102),
        ("وقاد لواء المشاة 15 الهجوم", "لواء المشاة 15", "BRIGADE", "brigade", 15),
        ("قصف اللواء ٨٤ مواقع المسلحين", "اللواء ٨٤", "BRIGADE", "brigade", 84),
        ("قالت المنطقة العسكرية الأولى إن", "المنطقة العسكرية الأولى", "UNIT", "command", 1),
        ("تحرك الفيلق الخامس نحو الجبهة", "الفيلق الخامس", "UNIT", "corps", 5),
    ],
)
def test_numbered_formations(
    pipeline: Pipeline, text: str, mention: str, kind: str, echelon: str, number: int
) -> None:
    entity = only(run(pipeline, text), mention)
    assert (entity.type, entity.echelon, entity.number) == (kind, echelon, number)


def test_counts_are_not_formation_numbers(pipeline: Pipeline) -> None:
    doc = run(pipeline, "أرسلت الوزارة كتائب ثلاث وقوات قوامها لواء 20 ألف مقاتل.")
    assert [e for e in doc.entities if e.number is not None] == []


def test_owner_gives_the_formation_its_country(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وصل الفوج الثالث التابع للجيش العراقي إلى قضاء تلعفر.")
    regiment = only(doc, "الفوج الثالث")
    assert (regiment.country, regiment.canonical) == ("IQ", "iq.regiment.3")
    assert regiment.canonical_name == "3rd Regiment (IQ)"


def test_operations_commands(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "أعلنت قيادة عمليات نينوى وغرفة عمليات عمر المختار التابعة للجيش بدء الهجوم "
        "على غرفة عمليات لعصابات داعش.",
    )
    assert only(doc, "قيادة عمليات نينوى").echelon == "command"
    assert only(doc, "غرفة عمليات عمر المختار").type == "UNIT"
    assert not [e for e in doc.entities if "لعصابات" in e.text]


def test_shura_councils_are_armed_groups(pipeline: Pipeline) -> None:
    doc = run(pipeline, "اشتبك مجلس شورى مجاهدي الزاوية مع مجلس مقاتلي سرت وضواحيها.")
    assert only(doc, "مجلس شورى مجاهدي الزاوية").type == "ARMED_GROUP"
    assert only(doc, "مجلس مقاتلي سرت وضواحيها").state is False


def test_youth_council_is_armed_only_after_shura(pipeline: Pipeline) -> None:
    doc = run(pipeline, "ونظم مجلس شباب منطقة الباحة ملتقى ثقافيا للطلاب.")
    assert doc.entities_of("ARMED_GROUP") == []
    doc = run(pipeline, "وتبنى مجلس شورى شباب الإسلام الهجوم على الحاجز.")
    assert only(doc, "مجلس شورى شباب الإسلام").type == "ARMED_GROUP"


# --- brigades -----------------------------------------------------------------------------


def test_dual_brigades_give_one_entity_each(pipeline: Pipeline) -> None:
    text = "وبدأت وحدات من لوائي الدعم المشترك 3 و 4 الانتشار قرب خطوط التماس في الشمال."
    doc = run(pipeline, text)
    brigades = sorted(doc.entities_of("BRIGADE"), key=lambda e: e.start)
    assert [e.number for e in brigades] == [3, 4]
    assert brigades[0].text == "لوائي الدعم المشترك 3"
    assert brigades[1].text == "4"
    assert brigades[0].canonical != brigades[1].canonical


def test_lists_of_brigades(pipeline: Pipeline) -> None:
    doc = run(pipeline, "شاركت الألوية 5 و 6 و7 في العملية.")
    assert [e.number for e in doc.entities_of("BRIGADE")] == [5, 6, 7]


def test_brigade_number_glued_to_the_word(pipeline: Pipeline) -> None:
    doc = run(pipeline, "انتشرت قوات لواءي45 و46 على الحدود.")
    assert sorted(e.number or 0 for e in doc.entities_of("BRIGADE")) == [45, 46]


def test_named_brigades(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "تقدمت ألوية العمالقة ولواء اليرموك وقال قائد لواء الإمام محمد بن سعود الآلي إن ...",
    )
    assert only(doc, "ألوية العمالقة").canonical == "ye.giants_brigades"
    assert only(doc, "لواء اليرموك").number is None
    assert only(doc, "لواء الإمام محمد بن سعود الآلي").type == "BRIGADE"


def test_banner_and_district_readings_of_liwa(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قاتلوا تحت لواء التوحيد، وزار متصرف لواء الرمثا المدرسة.")
    assert doc.entities_of("BRIGADE") == []


def test_anaphora_links_to_the_brigades_named_before(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "انتشرت قوات لوائي التنسيق المشترك 20 و 22 في المنطقة. وسيخضع اللواءين لدورة تدريبية. "
        "ووصل اللواء 84 إلى الموصل، وأعلن اللواء المذكور السيطرة على الحي.",
    )
    anaphors = [e for e in doc.entities_of("BRIGADE") if e.label == "anaphor"]
    by_text: dict[str, set[int | None]] = {}
    for e in anaphors:
        by_text.setdefault(e.text, set()).add(e.number)
    assert by_text == {"اللواءين": {20, 22}, "اللواء المذكور": {84}}
    named = {e.number: e.canonical for e in doc.entities_of("BRIGADE") if e.label != "anaphor"}
    assert all(e.canonical == named[e.number] for e in anaphors)


# --- rank versus brigade ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "أعلن اللواء عبد الخالق طلعت أن التحضيرات اكتملت",
        "قال اللواء الركن حسين الحواتمة إن الوضع مستقر",
        "وأكد اللواء محمد الخالدي قائد الشرطة",
        "صرح لواء ركن سعد العتيبي للصحفيين",
        "وكان اللواء جعفر محمد سعد قد قتل في انفجار",
        "ونقل عن اللواء علي محسن الأحمر قوله",
    ],
)
def test_liwa_before_a_person_is_a_rank(pipeline: Pipeline, text: str) -> None:
    assert run(pipeline, text).entities_of("BRIGADE") == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("تقدم اللواء الخامس نحو الجسر", 5),
        ("انسحب اللواء 44 من المدينة", 44),
        ("هاجم اللواء المدرع مواقع المسلحين", None),
        ("وصل لواء المشاة الآلي إلى المعسكر", None),
        ("قصف لواء الصاعقة مواقع المتمردين", None),
        ("اشتبك اللواء الثالث مشاة مع المسلحين", 3),
        ("وصلت تعزيزات من اللواء السادس عشر", 16),
    ],
)
def test_liwa_before_a_number_branch_or_name_is_a_brigade(
    pipeline: Pipeline, text: str, number: int | None
) -> None:
    brigades = run(pipeline, text).entities_of("BRIGADE")
    assert len(brigades) == 1
    assert brigades[0].number == number
    assert brigades[0].canonical


def test_ordinal_names() -> None:
    assert [ordinal_name(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "102nd",
    ]


def test_every_force_carries_a_canonical_actor(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "أعلن جهاز مكافحة الإرهاب العراقي أن قوات حرس الحدود والشرطة الاتحادية وعناصر "
        "الحرس الثوري الإيراني وحزب العمال الكردستاني وحركة الشباب وبوكو حرام ذكروا.",
    )
    found = forces(doc)
    assert len(found) >= 6
    for entity in found:
        assert entity.canonical and entity.canonical_name
        assert entity.state is not None
    assert only(doc, "جهاز مكافحة الإرهاب العراقي").canonical == "iq.counter_terrorism"
    assert only(doc, "الحرس الثوري الإيراني").country == "IR"


def test_fused_article_keeps_its_lam(pipeline: Pipeline) -> None:
    doc = run(
        pipeline, "انضم الجنود للفرقة الرابعة ثم للواء الخامس التابع للمنطقة العسكرية السابعة."
    )
    assert [(e.text, e.number) for e in forces(doc)] == [
        ("للفرقة الرابعة", 4),
        ("للواء الخامس", 5),
        ("للمنطقة العسكرية السابعة", 7),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "سيبث فيه الجهاز أول إعلان تلفزيوني",
        "وكان الزعيم يطمح لقيادة أول حكومة",
        "شاركت فرقة الأولى في المهرجان",
        "قدمت الفرقة الموسيقية عرضها الأول",
    ],
)
def test_ordinals_must_agree_with_their_noun(pipeline: Pipeline, text: str) -> None:
    assert forces(run(pipeline, text)) == []


def test_command_of_a_force(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأعلنت قيادة التحالف العربي أن طائرات تابعة لقيادة القوات الجوية شاركت.")
    coalition = only(doc, "قيادة التحالف العربي")
    assert (coalition.echelon, coalition.canonical) == ("command", "intl.arab_coalition.command")
    assert only(doc, "قيادة القوات الجوية").echelon == "command"


def test_numbered_formations_default_to_state_forces(pipeline: Pipeline) -> None:
    doc = run(pipeline, "تقدم اللواء 44 والفرقة الرابعة نحو المدينة.")
    assert [e.state for e in forces(doc)] == [True, True]


def test_operations_rooms_and_terrorist_cells(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "أعلنت غرفة العمليات المركزية أن مقاتليها صدوا الهجوم، وفككت الشرطة خلية إرهابية. "
        "وقالت خلية الأزمة إن الوضع مستقر.",
    )
    assert only(doc, "غرفة العمليات المركزية").echelon == "command"
    assert only(doc, "خلية إرهابية").type == "ARMED_GROUP"
    assert not [e for e in doc.entities if "الأزمة" in e.text]


def test_bare_mentions_inherit_the_country_named_once(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "قصفت القوات الجوية العراقية مواقع التنظيم، وقالت القوات الجوية إن الضربات دقيقة.",
    )
    assert {e.canonical for e in doc.entities_of("UNIT")} == {"iq.air_force"}


def test_club_names_in_a_sports_article_are_not_forces(pipeline: Pipeline) -> None:
    sports = (
        "فاز الشرطة على الزوراء بهدف نظيف في مباراة الدوري، وقال المدرب إن اللاعب "
        "سجل الهدف في الشوط الثاني، ويلتقي الفريق مع حرس الحدود في الجولة المقبلة."
    )
    assert forces(run(pipeline, sports)) == []
    security = "قتل شرطي في هجوم مسلح على دورية تابعة للشرطة، وأعلن حرس الحدود اعتقال مسلحين."
    assert {e.text for e in forces(run(pipeline, security))} == {"للشرطة", "حرس الحدود"}


def test_named_battalions_are_armed_groups(pipeline: Pipeline) -> None:
    doc = run(pipeline, "هاجمت كتيبة الفاروق وكتائب ثوار الزنتان مواقع الجيش وكتيبة المشاة.")
    assert only(doc, "كتيبة الفاروق").type == "ARMED_GROUP"
    assert only(doc, "كتائب ثوار الزنتان").state is False
    assert not [e for e in doc.entities if "المشاة" in e.text]


def test_police_commands(pipeline: Pipeline) -> None:
    doc = run(pipeline, "أعلنت قيادة شرطة الأنبار ومديرية شرطة كركوك وغرفة عمليات الطوارئ.")
    assert only(doc, "قيادة شرطة الأنبار").echelon == "command"
    assert only(doc, "مديرية شرطة كركوك").type == "UNIT"
    assert not [e for e in doc.entities if "الطوارئ" in e.text]
