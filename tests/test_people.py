"""People stage: names after ranks and offices, NER merging, surname linking.

Sentences are written for these tests in the style of Arabic news.
"""

from __future__ import annotations

import pytest

from conftest import assert_offsets
from newsie.pipeline import Pipeline
from newsie.schema import Document, Entity
from newsie.stages.forces import ForcesStage
from newsie.stages.people import PeopleStage
from newsie.stages.resolve import ResolveStage
from newsie.text.normalize import NormalizeStage, normalize_key
from newsie.text.segment import SegmentStage


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline([NormalizeStage(), SegmentStage(), ForcesStage(), PeopleStage()])


def run(pipeline: Pipeline, text: str) -> Document:
    doc = pipeline.process_text(text)
    assert_offsets(doc)
    return doc


def people(doc: Document) -> list[Entity]:
    return sorted(doc.entities_of("PERSON"), key=lambda e: e.start)


def names(doc: Document) -> list[str]:
    return [e.text for e in people(doc)]


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("وقال الفريق جبار ياور إن القوات جاهزة", "جبار ياور", "الفريق"),
        ("أعلن اللواء عبد الكريم نوري، ممثل الوزارة، أن", "عبد الكريم نوري", "اللواء"),
        ("قال العقيد سالم الفيتوري المتحدث باسم الكتيبة", "سالم الفيتوري", "العقيد"),
        ("وأكد اللواء الركن حسين الحواتمة أن الوضع مستقر", "حسين الحواتمة", "اللواء الركن"),
        ("كلف الفريق أول مهندس ركن نور الدين حسن منصور", "نور الدين حسن منصور", None),
        ("وكان العميد مرزوق الصيادي؛ قائد اللواء، قد أصيب", "مرزوق الصيادي", "العميد"),
        ("ونقل عن اللواء علي محسن الأحمر قوله", "علي محسن الأحمر", "اللواء"),
        ("قال الرائد محمد الغامدي إن الدورية عادت", "محمد الغامدي", "الرائد"),
    ],
)
def test_rank_then_name(pipeline: Pipeline, text: str, name: str, title: str | None) -> None:
    doc = run(pipeline, text)
    found = people(doc)
    assert [e.text for e in found] == [name]
    assert found[0].stage == "people"
    if title is not None:
        assert found[0].title == title
    assert found[0].title and name not in found[0].title


def test_office_then_rank_then_name(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقال المتحدث باسم الجيش الليبي العقيد أحمد المسماري إن الطيران قصف")
    (person,) = people(doc)
    assert (person.text, person.title) == ("أحمد المسماري", "العقيد")
    assert [e.text for e in doc.entities_of("UNIT")] == ["الجيش الليبي"]


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (
            "من جهته، شكر وزير الصحة التونسي، سالم العياري، الأطباء",
            "سالم العياري",
            "وزير الصحة التونسي",
        ),
        ("أعلن الرئيس الأمريكي دونالد ترامب الاثنين أن", "دونالد ترامب", "الرئيس الأمريكي"),
        ("دعا رئيس الحكومة أحمد الزين لبحث الأزمة", "أحمد الزين", "رئيس الحكومة"),
        ("قالت المتحدثة باسم الحكومة جمانة غنيمات إن", "جمانة غنيمات", None),
        ("وكان الأمير محمد بن نايف بن عبدالعزيز قد وصل", "محمد بن نايف بن عبدالعزيز", "الأمير"),
        ("وقال زعيم الحوثيين عبد الملك الحوثي في خطاب", "عبد الملك الحوثي", None),
    ],
)
def test_office_then_name(pipeline: Pipeline, text: str, name: str, title: str | None) -> None:
    found = people(run(pipeline, text))
    assert [e.text for e in found] == [name]
    if title is not None:
        assert found[0].title == title


@pytest.mark.parametrize(
    "text",
    [
        "فاز الفريق الأول في الدوري بعد مباراة صعبة",
        "وقال الفريق يضم لاعبين من عدة دول",
        "وقال وزير الدفاع يزور بغداد غدا",
        "تم افتتاح طريق الملك عبدالله بمدينة الرياض",
        "قاتل المتطوعون تحت لواء الجيش",
        "والتقى زعيم تركي بالرئيس",
        "تقدم اللواء الخامس عشر نحو الجسر",
        "انسحب اللواء 44 من المدينة",
        "وهذا هو الرائد في مجال الطاقة",
    ],
)
def test_no_person_without_a_name(pipeline: Pipeline, text: str) -> None:
    assert names(run(pipeline, text)) == []


def test_surname_alone_is_linked_to_the_full_name(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "قال الفريق جبار ياور إن القوات جاهزة. وأضاف ياور أن التنسيق مستمر، "
        "وختم جبار ياور حديثه بالشكر.",
    )
    found = people(doc)
    assert [e.text for e in found] == ["جبار ياور", "ياور", "جبار ياور"]
    assert {e.canonical for e in found} == {"جبار ياور"}
    assert [e.label for e in found] == ["rank-or-office", "surname", "repeat"]


def test_surname_link_skips_common_words_with_prepositions(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "قال الرئيس علي عبدالله صالح إن الحل سياسي. وصوت المجلس لصالح القرار، وهاجم صالح خصومه.",
    )
    texts = names(doc)
    assert texts == ["علي عبدالله صالح", "صالح"]
    assert all(e.canonical == "علي عبدالله صالح" for e in people(doc))


def test_shared_surname_is_not_linked(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "التقى اللواء محمد الخالدي بالعميد سعد الخالدي. وقال الخالدي إن اللقاء كان مثمرا.",
    )
    assert names(doc) == ["محمد الخالدي", "سعد الخالدي"]


def _with_ner(text: str, span: str) -> Document:
    """A document after normalise + segment with one NER PERSON span added. The people
    stage only claims NER's entities; the tests below run resolve, which applies that."""
    doc = Pipeline([NormalizeStage(), SegmentStage()]).process_text(text)
    key = normalize_key(span)
    start = doc.norm.text.index(key)
    doc.add_entity("PERSON", start, start + len(key), "ner")
    return doc


def test_ner_person_overlapping_a_rule_person_is_adopted() -> None:
    doc = _with_ner("وقال العقيد أحمد المسماري إن الطيران قصف", "العقيد أحمد المسماري")
    doc = ResolveStage()(PeopleStage()(ForcesStage()(doc)))
    found = doc.entities_of("PERSON")
    assert [(e.text, e.stage, e.title) for e in found] == [("أحمد المسماري", "people", "العقيد")]


def test_ner_confirms_a_name_after_an_office() -> None:
    doc = _with_ner("وقال المبعوث الأممي غريفيث كولينز إن المحادثات ستبدأ", "غريفيث كولينز")
    doc = ResolveStage()(PeopleStage()(ForcesStage()(doc)))
    (person,) = doc.entities_of("PERSON")
    assert (person.text, person.stage, person.title) == (
        "غريفيث كولينز",
        "people",
        "المبعوث الأممي",
    )


def test_ner_rank_is_trimmed_and_ner_names_are_linked() -> None:
    doc = _with_ner("أفاد النقيب سامر قبلان بأن الدورية عادت. وأضاف قبلان أن", "النقيب سامر قبلان")
    # A rank the rules do not read before this name (ambiguous النقيب, unknown name):
    # NER's span is kept, without the rank.
    doc = ResolveStage()(PeopleStage()(ForcesStage()(doc)))
    found = sorted(doc.entities_of("PERSON"), key=lambda e: e.start)
    assert [e.text for e in found] == ["سامر قبلان", "قبلان"]
    assert found[0].title == "النقيب"
    assert found[1].canonical == "سامر قبلان"


def test_ner_person_inside_a_force_name_is_dropped() -> None:
    doc = _with_ner("أعلنت غرفة عمليات عمر المختار التقدم", "عمر المختار")
    doc = ResolveStage()(PeopleStage()(ForcesStage()(doc)))
    assert doc.entities_of("PERSON") == []
    assert [e.text for e in doc.entities_of("UNIT")] == ["غرفة عمليات عمر المختار"]


def test_reporting_verb_before_a_given_name(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقال خالد المهدي -وهو متحدث باسم القوات البحرية- إن الزوارق عادت.")
    (person,) = people(doc)
    assert (person.text, person.title) == ("خالد المهدي", None)


def test_reporting_verb_before_a_common_noun_gives_no_person(pipeline: Pipeline) -> None:
    assert names(run(pipeline, "وقال مصدر أمني إن الهجوم أسفر عن قتلى. وأكد شهود عيان ذلك.")) == []


def test_descriptor_before_a_private_person(pipeline: Pipeline) -> None:
    doc = run(pipeline, "أوقفت الشرطة المواطن حامد علي جابر يوسف المطلوب للقضاء.")
    (person,) = people(doc)
    assert (person.text, person.title) == ("حامد علي جابر يوسف", "المواطن")


def test_office_with_conjoined_and_former_parts(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "وقال وزير النقل والمواصلات السابق، صابر المرزوقي، إنه سيترشح. "
        "وأضاف المرشد العام لجماعة الإخوان المسلمين محمد بديع أن",
    )
    assert names(doc) == ["صابر المرزوقي", "محمد بديع"]


def test_nisba_family_name_after_a_given_name(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قال الأمين العام للجامعة العربية الدكتور نبيل العربي إن")
    assert names(doc) == ["نبيل العربي"]


def test_no_ranks_in_a_sports_article(pipeline: Pipeline) -> None:
    doc = run(
        pipeline,
        "حقق الفريق أول فوز له في الدوري، وقال المدرب إن الفريق محمد نور ورفاقه قدموا "
        "مباراة كبيرة وسجلوا هدفين في الشوط الأول من المباراة.",
    )
    assert [e.title for e in people(doc) if e.title and "الفريق" in e.title] == []


def test_ner_span_loses_every_title_word() -> None:
    # النقيب is ambiguous and زيدون not a listed given name: only NER reads this name.
    doc = _with_ner("أفاد النقيب الركن زيدون قبلان بأن الدورية عادت", "النقيب الركن زيدون قبلان")
    doc = ResolveStage()(PeopleStage()(doc))
    (person,) = doc.entities_of("PERSON")
    assert (person.text, person.title, person.stage) == ("زيدون قبلان", "النقيب الركن", "ner")
    assert doc.text[person.start : person.end] == person.text


def test_ner_extends_a_name_the_rules_cut_short() -> None:
    doc = _with_ner("وقال اللواء سمير زيدون قبلان إن القوات تقدمت", "سمير زيدون قبلان")
    doc = ResolveStage()(PeopleStage()(ForcesStage()(doc)))
    (person,) = doc.entities_of("PERSON")
    assert (person.text, person.title, person.stage) == ("سمير زيدون قبلان", "اللواء", "people")


def test_ner_does_not_drag_a_name_into_the_next_clause() -> None:
    doc = _with_ner("وقال اللواء سمير زيدون إن القوات تقدمت", "سمير زيدون إن")
    doc = ResolveStage()(PeopleStage()(ForcesStage()(doc)))
    assert [e.text for e in doc.entities_of("PERSON")] == ["سمير زيدون"]
