"""Organisations stage: named lexicon, head-noun grammar, adjectives, other stages' spans.

Sentences are written for these tests in the style of Arabic news.
"""

from __future__ import annotations

import pytest

from conftest import assert_offsets
from newsie.pipeline import Pipeline
from newsie.resources import read_tsv
from newsie.schema import Document, Entity
from newsie.stages.forces import ForcesStage
from newsie.stages.orgs import OrgsStage, heads, named_lexicon
from newsie.stages.people import PeopleStage
from newsie.stages.places import PlacesStage
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(
        [
            NormalizeStage(),
            SegmentStage(),
            PlacesStage(),
            ForcesStage(),
            PeopleStage(),
            OrgsStage(),
        ]
    )


def run(pipeline: Pipeline, text: str, country: str | None = None) -> Document:
    if country is None:
        doc = pipeline.process_text(text)
    else:  # an article whose metadata names its country
        doc = pipeline.without("orgs").process_text(text)
        doc.country = country
        doc = OrgsStage()(doc)
    assert_offsets(doc)
    return doc


def orgs(doc: Document) -> list[Entity]:
    return sorted(doc.entities_of("ORG"), key=lambda e: e.start)


def org_texts(doc: Document) -> list[str]:
    return [e.text for e in orgs(doc)]


# --- lexicon --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "canonical"),
    [
        ("وأدانت الأمم المتحدة الهجوم على المدنيين.", "الأمم المتحدة", "un"),
        ("وقال متحدث باسم اليونيسف إن الأطفال يعانون.", "اليونيسف", "un.unicef"),
        ("ودعا مجلس الأمن الدولي إلى وقف إطلاق النار.", "مجلس الأمن الدولي", "un.sc"),
        ("وقدمت المفوضية السامية لشؤون اللاجئين مساعدات.", None, "un.unhcr"),
        ("ونقلت وكالة رويترز عن مصدر أمني قوله.", "وكالة رويترز", "reuters"),
        ("وذكرت وكالة الأنباء السعودية (واس) أن الملك استقبل الوفد.", None, "sa.spa"),
        ("وارتفع سهم أرامكو في التعاملات المبكرة.", "أرامكو", "sa.aramco"),
        ("وفرض الفيفا غرامة على الاتحاد المحلي.", "الفيفا", "fifa"),
    ],
)
def test_named_organisations(
    pipeline: Pipeline, text: str, expected: str | None, canonical: str
) -> None:
    doc = run(pipeline, text)
    found = {e.canonical: e for e in orgs(doc)}
    assert canonical in found
    if expected is not None:
        assert found[canonical].text == expected
    assert found[canonical].stage == "orgs"
    assert found[canonical].canonical_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # proclitics stay outside the name; the fused لل stays inside
        ("ووجه الوزير رسالة للأمم المتحدة بشأن اللاجئين.", "للأمم المتحدة"),
        ("واتهمت الحكومة الجماعة بالارتباط بالأمم المتحدة سابقا.", "الأمم المتحدة"),
        ("وأكد المتحدث أن منظمة الصحة العالمية وصلت.", "منظمة الصحة العالمية"),
        ("وطالب الناشطون ومنظمة العفو الدولية بالإفراج عنهم.", "منظمة العفو الدولية"),
    ],
)
def test_lexicon_hits_behind_clitics(pipeline: Pipeline, text: str, expected: str) -> None:
    assert expected in org_texts(run(pipeline, text))


def test_nationality_adjective_joins_a_named_body_and_gives_its_country(
    pipeline: Pipeline,
) -> None:
    doc = run(pipeline, "وصوت مجلس النواب العراقي على قانون الموازنة.")
    (org,) = orgs(doc)
    assert org.text == "مجلس النواب العراقي"
    assert org.country == "IQ"
    assert org.canonical == "iq.parliament"


def test_national_body_without_adjective_takes_the_article_country(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وناقش البرلمان مشروع القانون في جلسة طارئة.", country="LB")
    (org,) = orgs(doc)
    assert org.text == "البرلمان"
    assert org.canonical == "lb.parliament"


def test_bare_club_names_only_in_sports_articles(pipeline: Pipeline) -> None:
    politics = "وأكد الأهلي من المواطنين دعمهم للحكومة في مواجهة الأزمة."
    assert "الأهلي" not in org_texts(run(pipeline, politics))
    sports = (
        "فاز الأهلي على الزمالك بهدفين في مباراة الدوري. وسجل اللاعب الهدف الأول في الشوط "
        "الثاني من المباراة، وتصدر الفريق جدول الدوري بعد الفوز في الملعب أمام الجمهور."
    )
    assert {"الأهلي", "الزمالك"} <= set(org_texts(run(pipeline, sports)))


# --- grammar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعلنت وزارة الدفاع الروسية اليوم أن قواتها قصفت مواقع.", "وزارة الدفاع الروسية"),
        ("وقال مصدر في وزارة الداخلية إن التحقيقات مستمرة.", "وزارة الداخلية"),
        (
            "وأعلنت وزارة التعليم العالي والبحث العلمي نتائج القبول.",
            "وزارة التعليم العالي والبحث العلمي",
        ),
        ("وأوضح بيان لوزارة الصحة أن عدد المصابين ارتفع.", "وزارة الصحة"),
        ("وتسلمت هيئة النزاهة ملفات الفساد.", "هيئة النزاهة"),
        ("وأكد المتحدث باسم الحكومة العراقية أن الرواتب ستصرف.", "الحكومة العراقية"),
        ("ورحب بالقرار مسؤول في الحكومة الليبية المؤقتة.", "الحكومة الليبية المؤقتة"),
        ("وقضت المحكمة الدستورية العليا بعدم دستورية القانون.", "المحكمة الدستورية العليا"),
        ("وأكدت المنظمة الدولية للهجرة وصول المهاجرين.", "المنظمة الدولية للهجرة"),
        ("ونظرت محكمة جنايات القاهرة في القضية.", "محكمة جنايات القاهرة"),
        ("وقرر الاتحاد المصري لكرة القدم تأجيل المباراة.", "الاتحاد المصري لكرة القدم"),
        ("وأفاد مركز الإعلام الأمني بأن القوات تقدمت.", "مركز الإعلام الأمني"),
        ("واجتمع مجلس محافظة البصرة لمناقشة الخدمات.", "مجلس محافظة البصرة"),
        ("ونظمت جامعة بغداد مؤتمرا علميا.", "جامعة بغداد"),
        ("وأعلنت الخارجية الروسية رفضها للعقوبات.", "الخارجية الروسية"),
        ("وفاز المنتخب المغربي على نظيره بهدف.", "المنتخب المغربي"),
    ],
)
def test_grammar_extents(pipeline: Pipeline, text: str, expected: str) -> None:
    assert expected in org_texts(run(pipeline, text))


def test_grammar_name_stops_at_time_words_and_particles(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقالت وزارة الخارجية الأحد إن السفير غادر.")
    assert org_texts(doc) == ["وزارة الخارجية"]


def test_grammar_name_keeps_the_nationality_country(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقال متحدث باسم وزارة الخارجية الفرنسية إن باريس تتابع الوضع.")
    (org,) = [e for e in orgs(doc) if e.text.startswith("وزارة")]
    assert org.text == "وزارة الخارجية الفرنسية"
    assert org.country == "FR"
    assert org.canonical is not None and org.canonical.startswith("fr.")
    assert org.label == "ministry"


def test_coordination_does_not_swallow_the_next_name(pipeline: Pipeline) -> None:
    doc = run(pipeline, "ورحبت وزارة الخارجية والأمم المتحدة بالاتفاق.")
    assert org_texts(doc) == ["وزارة الخارجية", "الأمم المتحدة"]


def test_minister_title_is_not_a_ministry(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقال وزير الخارجية الروسي إن بلاده مستعدة للحوار.")
    assert org_texts(doc) == []


def test_qualified_noun_is_not_an_elliptic_ministry(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وانتقد الكاتب السياسة الخارجية الأمريكية في المنطقة.")
    assert org_texts(doc) == []


@pytest.mark.parametrize(
    "text",
    [
        "وقالت الحكومة إن الوضع تحت السيطرة.",
        "وأكدت الوزارة في بيانها أن التحقيق مستمر.",
        "وتعمل الشركة في مجال النفط منذ سنوات.",
        "وأعلنت المنظمة الدولية عن برنامج جديد.",
        "وقال مسؤول في شركة إيطالية قرب مدينة ميلانو إن العمل توقف.",
        "وتراجعت حركة السير في شوارع المدينة بسبب الأمطار.",
        "وتمكنت القوات من عبور قناة السويس في ساعات.",
    ],
)
def test_no_org_for_bare_common_words(pipeline: Pipeline, text: str) -> None:
    assert org_texts(run(pipeline, text)) == []


# --- other stages' entities -------------------------------------------------------------


def test_no_org_over_armed_groups_and_forces(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وتبنت حركة الشباب الهجوم، فيما تصدت قوات الجيش العراقي لتنظيم داعش.")
    assert org_texts(doc) == []
    assert doc.entities_of("ARMED_GROUP")


def test_no_org_over_a_place(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وعبرت السفينة قناة السويس باتجاه البحر الأحمر.")
    assert org_texts(doc) == []
    assert any(e.text == "قناة السويس" for e in doc.entities_of("LOCATION"))


def test_org_never_overlaps_rule_entities(pipeline: Pipeline) -> None:
    text = (
        "وقال العقيد أحمد المسماري إن وزارة الدفاع الليبية وقوات الجيش الليبي "
        "ومجلس شورى ثوار بنغازي ومنظمة الصحة العالمية تابعت الوضع في بنغازي."
    )
    doc = run(pipeline, text)
    others = [e for e in doc.entities if e.type != "ORG"]
    for org in orgs(doc):
        for other in others:
            if other.type in ("LOCATION", "PROVINCE", "COUNTRY"):
                inside = org.start <= other.start and other.end <= org.end
                assert inside or other.end <= org.start or org.end <= other.start
            else:
                assert other.end <= org.start or org.end <= other.start
    assert "وزارة الدفاع الليبية" in org_texts(doc)
    assert "منظمة الصحة العالمية" in org_texts(doc)


# --- data and registry ------------------------------------------------------------------


def test_resources_are_well_formed() -> None:
    for row in read_tsv("orgs/named.tsv"):
        assert row["form"] and row["canonical"] and row["name_en"] and row["kind"]
        assert row["country"] in ("", "*") or len(row["country"]) == 2
        assert row["context"] in ("", "sports")
    assert len(named_lexicon()) > 300
    for head in heads().values():
        assert head.complement in ("any", "field", "adjective", "never")
    kinds = {row["kind"] for row in read_tsv("orgs/words.tsv")}
    assert kinds == {"adjective", "adjective_weak", "field", "stop", "office", "not_complement"}


def test_country_after_the_head_gives_the_organisation_country(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقالت حكومة لبنان إن منتخب مصر الأولمبي سيصل غدا.")
    found = {e.text: e for e in orgs(doc)}
    assert found["حكومة لبنان"].country == "LB"
    assert found["منتخب مصر الأولمبي"].country == "EG"
