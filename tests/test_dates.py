"""The date stage: a table of expressions (tests/data/date_cases.tsv) and the fields,
offsets and dateline fallback around them."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsie.pipeline import Pipeline, PipelineConfig, load_stage
from newsie.schema import Article, Document
from newsie.stages.dates import find_dateline, hijri_to_gregorian
from newsie.text.normalize import normalize

CASES_PATH = Path(__file__).parent / "data" / "date_cases.tsv"


def _load_cases() -> list[dict[str, str]]:
    with CASES_PATH.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


CASES = _load_cases()


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    config = PipelineConfig()
    return Pipeline([load_stage(name, config) for name in ("normalize", "segment", "dates")])


def _run(pipeline: Pipeline, text: str, published: str | None) -> Document:
    article = Article(
        id="t",
        source="<test>",
        text=text,
        published=published,
        published_source="input" if published else None,
    )
    return pipeline.process(article)


def test_table_is_large_and_covers_the_forms() -> None:
    assert len(CASES) >= 150
    prefixes = {case["case"].split("_")[0] for case in CASES}
    for form in (
        "greg",
        "syr",
        "mag",
        "mor",
        "comb",
        "indic",
        "ord",
        "num",
        "hijri",
        "year",
        "month",
        "rel",
        "wd",
        "week",
        "ago",
        "range",
        "leap",
        "boundary",
        "no",
        "not",
    ):
        assert form in prefixes, form


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_date_case(pipeline: Pipeline, case: dict[str, str]) -> None:
    published = None if case["published"] == "-" else case["published"]
    doc = _run(pipeline, case["text"], published)
    dates = [e for e in doc.entities if e.type == "DATE"]
    got = [e.value or "NONE" for e in dates]
    expected = [] if case["expected"] == "-" else case["expected"].split(" | ")
    assert got == expected, [(e.text, e.value) for e in dates]
    for entity in dates:
        assert case["text"][entity.start : entity.end] == entity.text
        assert entity.stage == "dates"


def test_fields_of_a_qualified_year(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "أعلن العراق في أواخر عام 2017 تحرير أراضيه.", "2021-06-15")
    (date,) = doc.entities
    assert (date.text, date.value, date.precision, date.qualifier) == (
        "أواخر عام 2017",
        "2017",
        "year",
        "late",
    )
    assert date.relative is False and date.anchor is None


def test_relative_dates_carry_their_anchor(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "قتل جنديان أمس في هجوم.", "2021-06-15")
    (date,) = doc.entities
    assert date.text == "أمس"
    assert (date.value, date.precision, date.relative, date.anchor) == (
        "2021-06-14",
        "day",
        True,
        "2021-06-15",
    )


def test_a_day_range_keeps_its_interval(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "عقد المؤتمر من 14 إلى 16 سبتمبر 2018.", None)
    (date,) = doc.entities
    assert (date.value, date.precision, date.label) == ("2018-09", "month", "2018-09-14/2018-09-16")


def test_a_year_range_has_an_end(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "تضاعف العدد بين عامي 2014 و2017.", None)
    (date,) = doc.entities
    assert (date.value, date.value_end, date.precision) == ("2014", "2017", "year")
    assert date.text == "بين عامي 2014 و2017"


def test_relative_dates_without_publication_keep_their_text(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "قتل خمسة مسلحين يوم الأحد في غارة، وأعلن الجيش اليوم الحصيلة.", None)
    assert [(e.text, e.value) for e in doc.entities] == [("يوم الأحد", None), ("اليوم", None)]
    assert all(e.relative for e in doc.entities)


def test_dateline_fills_a_missing_publication_date(pipeline: Pipeline) -> None:
    text = "مقتل مسلحين في الأنبار\nبغداد - 21 يوليو 2021\nقتل خمسة مسلحين اليوم في غارة جوية."
    doc = _run(pipeline, text, None)
    assert doc.published == dt.date(2021, 7, 21)
    assert doc.published_source == "dateline"
    assert "2021-07-21" in [e.value for e in doc.entities]
    today = next(e for e in doc.entities if e.text == "اليوم")
    assert today.value == "2021-07-21" and today.anchor == "2021-07-21"


def test_dateline_with_both_calendars() -> None:
    text = (
        "عام / خبر\nبغداد 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\nقتل عدد من المسلحين اليوم."
    )
    assert find_dateline(normalize(text).text) == dt.date(2015, 8, 10)


def test_no_dateline_in_the_body() -> None:
    text = (
        "قتل خمسة مسلحين في غارة.\nوكان التنظيم قد سيطر على المدينة في حملة طويلة "
        "بدأت قبل سنوات عدة ثم أعلن الجيش في 21 يوليو 2021 استعادتها."
    )
    assert find_dateline(normalize(text).text) is None


def test_given_publication_date_wins_over_dateline(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "بغداد - 21 يوليو 2021\nقتل خمسة مسلحين اليوم.", "2021-07-22")
    assert doc.published == dt.date(2021, 7, 22) and doc.published_source == "input"
    assert [e.value for e in doc.entities] == ["2021-07-21", "2021-07-22"]


def test_hijri_year_takes_the_gregorian_year_holding_most_of_it() -> None:
    # 1436 AH runs from 2014-10-25 to 2015-10-13: most of it is in 2015.
    assert hijri_to_gregorian(1436).value == "2015"
    # 1446 AH runs from 2024-07-07 to 2025-06-25: 178 days in 2024, 176 in 2025.
    assert hijri_to_gregorian(1446).value == "2024"
    assert hijri_to_gregorian(1445, 9, 3).value == "2024-03-13"


def test_mentions_in_a_longer_article(pipeline: Pipeline) -> None:
    text = (
        "تنظيم الدولة يتبنى هجوما في درعا\n"
        "أعلن التنظيم مسؤوليته عن الهجوم الذي قتل 14 مسلحا يوم الثلاثاء.\n"
        "وجاء الهجوم بعد انطلاق العملية العسكرية في 19 يونيو/حزيران الماضي.\n"
        "وتوصلت روسيا الجمعة إلى اتفاق لوقف إطلاق النار استمر ثلاثة أشهر.\n"
        "ومن المتوقع انضمام قرى أخرى إلى المصالحة يوم الأربعاء."
    )
    doc = _run(pipeline, text, "2018-07-10")
    assert [(e.text, e.value) for e in doc.entities] == [
        ("يوم الثلاثاء", "2018-07-10"),
        ("19 يونيو/حزيران الماضي", "2018-06-19"),
        ("الجمعة", "2018-07-06"),
        ("يوم الأربعاء", "2018-07-11"),
    ]


_PIECES = [
    "في",
    "من",
    "إلى",
    "و",
    "بين",
    "عامي",
    "عام",
    "العام",
    "الشهر",
    "الأسبوع",
    "الماضي",
    "المقبل",
    "الجاري",
    "هذا",
    "مطلع",
    "أواخر",
    "يوم",
    "اليوم",
    "أمس",
    "الأول",
    "غدا",
    "الأحد",
    "الجمعة",
    "مساء",
    "يوليو",
    "تموز",
    "/",
    "(",
    ")",
    "-",
    "كانون",
    "الثاني",
    "2",
    "رمضان",
    "شوال",
    "هـ",
    "م",
    "1436",
    "2017",
    "2014",
    "و2017",
    "15",
    "31",
    "29",
    "0",
    "الخامس",
    "عشر",
    "من",
    "منه",
    "قبل",
    "يومين",
    "ثلاث",
    "سنوات",
    "الساعات",
    "الـ24",
    "15/07/2023",
    "2023-07-15",
    "23-7-1435هـ",
    "سيعقد",
    "،",
    ".",
    "\n",
]


@given(
    words=st.lists(st.sampled_from(_PIECES), max_size=25),
    published=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))),
)
@settings(max_examples=200, deadline=None)
def test_any_mix_of_date_words_gives_consistent_entities(
    words: list[str], published: dt.date | None
) -> None:
    config = PipelineConfig()
    pipeline = Pipeline([load_stage(name, config) for name in ("normalize", "segment", "dates")])
    text = " ".join(words)
    doc = _run(pipeline, text, published.isoformat() if published else None)
    for entity in doc.entities:
        assert text[entity.start : entity.end] == entity.text
        if entity.value is not None:
            assert len(entity.value) in (4, 7, 10)
            assert entity.precision == {4: "year", 7: "month", 10: "day"}[len(entity.value)]


def test_a_weekday_that_does_not_fit_is_trusted_and_reported(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "قال المتحدث اليوم الثلاثاء إن القوات تقدمت.", "2021-06-16")
    (date,) = doc.entities
    assert date.value == "2021-06-15"
    assert any("اليوم الثلاثاء" in warning for warning in doc.warnings)
