"""Places stage: gazetteer matching, disambiguation rules and article geography.

The sentences are written for these tests in the style of Arabic security news.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsie.claims import apply_claims
from newsie.knowledge.nationalities import country_of_adjective
from newsie.pipeline import Pipeline
from newsie.schema import Document, Entity
from newsie.stages.places import PlacesStage, load_gazetteer
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage


@pytest.fixture(scope="module")
def places() -> PlacesStage:
    return _STAGE


_STAGE = PlacesStage()


def run(text: str, places: PlacesStage, ner: Sequence[tuple[str, str]] = ()) -> Document:
    """normalize + segment (+ NER entities given as (type, surface)) + places."""
    doc = Pipeline([NormalizeStage(), SegmentStage()]).process_text(text)
    for entity_type, surface in ner:
        start = text.index(surface)
        doc.add_entity(entity_type, start, start + len(surface), "ner")
    return places(doc)


def mine(doc: Document, entity_type: str | None = None) -> list[Entity]:
    return [
        e
        for e in doc.entities
        if e.stage == "places" and (entity_type is None or e.type == entity_type)
    ]


def by_text(doc: Document, text: str) -> Entity:
    found = [e for e in mine(doc) if e.text == text]
    assert found, f"no entity {text!r} in {[(e.type, e.text) for e in mine(doc)]}"
    return found[0]


# --- gazetteer ---------------------------------------------------------------------------------


def test_gazetteer_loads_every_arab_league_division() -> None:
    gaz = load_gazetteer()
    assert len(gaz.provinces) >= 300
    for code in ("IQ-KR", "IQ-NI", "SY-DR", "YE-AD", "LY-BA", "SD-KS", "EG-SIN"):
        assert code in gaz.provinces
        assert gaz.provinces[code].lat is not None


def test_country_adjective_points_to_country() -> None:
    assert country_of_adjective("العراقية") == "IQ"
    assert country_of_adjective("العراقيين") == "IQ"
    assert country_of_adjective("عراقيون") == "IQ"
    assert country_of_adjective("الليبي") == "LY"
    assert country_of_adjective("للسوريين") == "SY"
    assert country_of_adjective("الجيش") is None


def test_country_adjective_is_not_a_country_entity(places: PlacesStage) -> None:
    doc = run("انتشرت القوات العراقية والقوات الليبية على الحدود.", places)
    assert mine(doc, "COUNTRY") == []


# --- matching ----------------------------------------------------------------------------------


def test_countries_with_codes(places: PlacesStage) -> None:
    doc = run("زار وفد من العراق والمملكة العربية السعودية العاصمة الأردنية.", places)
    codes = {e.code for e in mine(doc, "COUNTRY")}
    assert codes == {"IQ", "SA"}
    assert by_text(doc, "المملكة العربية السعودية").code == "SA"


def test_clitics_are_left_out_of_the_text(places: PlacesStage) -> None:
    doc = run("وصل الوفد ببغداد قادما من البصرة وبغداد ولمحافظة ديالى.", places)
    texts = [e.text for e in mine(doc)]
    assert texts.count("بغداد") == 2
    assert "محافظة ديالى" in texts
    assert by_text(doc, "محافظة ديالى").code == "IQ-DI"


def test_word_boundaries(places: PlacesStage) -> None:
    doc = run("قال المتحدث البغدادي إن الكركوكيين عادوا.", places)
    assert mine(doc) == []


def test_offsets_point_into_the_original_text(places: PlacesStage) -> None:
    text = "اشتباكاتٌ عنيفة في مدينـة المَوْصِل وفي محافظةِ كركوك."
    doc = run(text, places)
    assert mine(doc)
    for e in mine(doc):
        assert text[e.start : e.end] == e.text
    assert by_text(doc, "مدينـة المَوْصِل").admin1 == "IQ-NI"


# --- disambiguation ----------------------------------------------------------------------------


def test_common_word_without_evidence_is_not_a_place(places: PlacesStage) -> None:
    doc = run("نشرت الوكالة صور الدمار الذي خلفه القصف.", places)
    assert mine(doc) == []


def test_common_word_with_a_place_cue(places: PlacesStage) -> None:
    doc = run("سقطت قذيفة في مدينة صور جنوب لبنان.", places)
    tyre = by_text(doc, "مدينة صور")
    assert (tyre.type, tyre.country, tyre.admin1) == ("LOCATION", "LB", "LB-JA")


def test_common_word_supported_by_another_mention(places: PlacesStage) -> None:
    doc = run("قصف الطيران مدينة صور صباحا. وعاد الهدوء إلى صور مساء.", places)
    assert [e.text for e in mine(doc, "LOCATION")] == ["مدينة صور", "صور"]


def test_common_word_supported_by_ner(places: PlacesStage) -> None:
    text = "عاد الهدوء إلى صور بعد ليلة من القصف."
    assert mine(run(text, places)) == []
    doc = run(text, places, ner=[("LOCATION", "صور")])
    assert [e.text for e in mine(doc, "LOCATION")] == ["صور"]


def test_generic_word_needs_a_division_word(places: PlacesStage) -> None:
    doc = run("وصل الوزير إلى العاصمة أمس.", places)
    assert mine(doc) == []
    doc = run("انتشرت الشرطة في محافظة العاصمة بالكويت.", places)
    assert by_text(doc, "محافظة العاصمة").code == "KW-KU"
    # A division word vouches for a generic word only as a division, not as a village.
    doc = run("وقال الرئيس إنه يسعى لولاية جديدة مدتها ست سنوات.", places)
    assert mine(doc) == []


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("وقع الحادث في إمارة الشارقة مساء أمس.", "إمارة الشارقة", "AE-SH"),
        ("أعلنت السلطات في ولاية وهران حالة الطوارئ.", "ولاية وهران", "DZ-31"),
        ("وصل الوزير إلى محافظة الفيوم صباحا.", "محافظة الفيوم", "EG-FYM"),
    ],
)
def test_division_word_and_a_division_name_is_the_division(
    places: PlacesStage, text: str, name: str, code: str
) -> None:
    province = by_text(run(text, places), name)
    assert (province.type, province.code) == ("PROVINCE", code)


@pytest.mark.parametrize(
    "text",
    ['سقط العشرات بين قتيل وجريح، وفق وكالة "الأناضول".', "وقالت إذاعة دمشق إن الطريق مغلق."],
)
def test_a_place_naming_a_news_outlet_is_not_a_place(places: PlacesStage, text: str) -> None:
    assert mine(run(text, places)) == []


def test_shared_name_resolved_by_named_province(places: PlacesStage) -> None:
    doc = run("اندلعت اشتباكات في ريف درعا الغربي قرب بلدة الطيبة.", places)
    taybeh = by_text(doc, "بلدة الطيبة")
    assert (taybeh.country, taybeh.admin1) == ("SY", "SY-DR")


def test_shared_name_resolved_by_country_then_population(places: PlacesStage) -> None:
    alone = run("وصل المبعوث الأممي إلى طرابلس.", places)
    assert by_text(alone, "طرابلس").country == "LY"
    lebanon = run("في شمال لبنان، وصل الجيش اللبناني إلى طرابلس.", places)
    assert by_text(lebanon, "طرابلس").country == "LB"
    assert by_text(lebanon, "طرابلس").admin1 == "LB-AS"


def test_city_and_province_of_the_same_name(places: PlacesStage) -> None:
    doc = run("قال محافظ كركوك إن الهدوء عاد إلى كركوك.", places)
    city = [e for e in mine(doc) if e.text == "كركوك"]
    assert {(e.type, e.admin1) for e in city} == {("LOCATION", "IQ-KI")}
    doc = run("أعلنت قيادة الشرطة في محافظة كركوك حظر التجوال.", places)
    province = by_text(doc, "محافظة كركوك")
    assert (province.type, province.code) == ("PROVINCE", "IQ-KI")


def test_division_named_as_such_keeps_its_bare_mentions(places: PlacesStage) -> None:
    doc = run("أعلنت السلطات في محافظة حجة حالة الطوارئ. وتشهد حجة معارك عنيفة.", places)
    assert [(e.type, e.code) for e in mine(doc)] == [("PROVINCE", "YE-HJ"), ("PROVINCE", "YE-HJ")]


def test_city_named_as_such_more_often_keeps_its_bare_mentions(places: PlacesStage) -> None:
    doc = run(
        "تقدمت القوات نحو مدينة الحديدة. وقصف الطيران مطار مدينة الحديدة، "
        "وقال مسؤول في محافظة الحديدة إن المعارك في الحديدة مستمرة.",
        places,
    )
    bare = [e for e in mine(doc) if e.text == "الحديدة"]
    assert [(e.type, e.admin1) for e in bare] == [("LOCATION", "YE-HU")]
    assert by_text(doc, "محافظة الحديدة").type == "PROVINCE"


def test_list_of_countries_is_evidence_for_a_country_that_is_also_a_word(
    places: PlacesStage,
) -> None:
    doc = run("جاء المهاجرون من دول مثل السنغال ومالي ونيجيريا.", places)
    assert [e.code for e in mine(doc, "COUNTRY")] == ["SN", "ML", "NG"]
    doc = run("قال إن الوضع المالي صعب.", places)
    assert mine(doc) == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("وقال مسؤول مالي إن المصرف رفع الفائدة.", []),  # financial, not Mali
        ("قتل جنديان في هجوم شمال مالي.", ["ML"]),
        ("وصل الوفد إلى عمان قادما من بغداد.", []),  # Amman, a city, not Oman
        ("وقال وزير خارجية سلطنة عمان إن بلاده ترحب.", ["OM"]),
        ("أكد الأب أن البنين والبنات يدرسون معا.", []),  # sons, not Benin
    ],
)
def test_a_country_whose_name_is_also_a_word_needs_evidence(
    places: PlacesStage, text: str, codes: list[str]
) -> None:
    assert [e.code for e in mine(run(text, places), "COUNTRY")] == codes


def test_data_files_name_their_sources() -> None:
    from newsie.resources import resource_path

    # The shipped gazetteer and the hand-written tables it is built from (scripts/gazetteer/).
    build_inputs = Path(__file__).resolve().parents[1] / "scripts" / "gazetteer"
    files = sorted([*resource_path("places").glob("*.tsv"), *build_inputs.glob("*.tsv")])
    assert len(files) >= 8
    for path in files:
        head = path.read_text(encoding="utf-8").splitlines()[:12]
        comments = " ".join(line for line in head if line.startswith("#"))
        assert "ource" in comments or "newsie" in comments, path.name


def test_province_named_without_a_city_reading(places: PlacesStage) -> None:
    doc = run("وصلت تعزيزات عسكرية إلى ديالى ونينوى.", places)
    assert {(e.type, e.code) for e in mine(doc)} == {("PROVINCE", "IQ-DI"), ("PROVINCE", "IQ-NI")}


def test_plural_division_word_makes_a_list_of_provinces(places: PlacesStage) -> None:
    doc = run("شملت العمليات محافظات نينوى وصلاح الدين وكركوك.", places)
    provinces = mine(doc, "PROVINCE")
    assert [e.code for e in provinces] == ["IQ-NI", "IQ-SD", "IQ-KI"]
    assert by_text(doc, "كركوك").type == "PROVINCE"


def test_kurdistan_region(places: PlacesStage) -> None:
    doc = run("قال رئيس حكومة إقليم كوردستان إن قوات البشمركة مستعدة.", places)
    assert by_text(doc, "إقليم كوردستان").code == "IQ-KR"


def test_capital_used_for_its_government_is_a_location(places: PlacesStage) -> None:
    doc = run("رحبت واشنطن بالاتفاق ودعت موسكو إلى احترامه.", places)
    assert {(e.text, e.type, e.admin1) for e in mine(doc)} == {
        ("واشنطن", "LOCATION", "US-DC"),
        ("موسكو", "LOCATION", "RU-MOW"),
    }


def test_facility_and_countryside_phrases(places: PlacesStage) -> None:
    doc = run("هبطت الطائرة في مطار عدن الدولي بعد قصف ريف درعا الشرقي.", places)
    airport = by_text(doc, "مطار عدن الدولي")
    assert (airport.type, airport.admin1) == ("LOCATION", "YE-AD")
    assert by_text(doc, "ريف درعا الشرقي").admin1 == "SY-DR"


def test_landmarks(places: PlacesStage) -> None:
    doc = run("تحصن المسلحون في جبال حمرين وقرب سد الموصل وفي جبل سنجار.", places)
    assert {e.text for e in mine(doc, "LOCATION")} >= {"جبال حمرين", "سد الموصل", "جبل سنجار"}
    assert by_text(doc, "سد الموصل").admin1 == "IQ-NI"


def test_borders_are_locations(places: PlacesStage) -> None:
    doc = run(
        "عززت القوات انتشارها على الحدود السورية والحدود مع إيران والحدود مع جنوب أفريقيا.",
        places,
    )
    borders = [e.text for e in mine(doc, "LOCATION")]
    assert "الحدود السورية" in borders
    assert "الحدود مع إيران" in borders
    assert "الحدود مع جنوب أفريقيا" in borders


def test_short_name_not_read_through_a_clitic(places: PlacesStage) -> None:
    doc = run("سيطر المسلحون على حي باب طبرق.", places)
    assert all(e.code != "YE-IB" for e in mine(doc))


def test_ner_location_gets_geography(places: PlacesStage) -> None:
    text = "عاد النازحون إلى الموصل."
    doc = Pipeline([NormalizeStage(), SegmentStage()]).process_text(text)
    start = text.index("الموصل")
    ner = doc.add_entity("LOCATION", start, start + len("الموصل"), "ner")
    places(doc)
    assert (ner.admin1, ner.country) == (None, None)  # claimed by places, set by resolve
    apply_claims(doc)
    assert (ner.admin1, ner.country) == ("IQ-NI", "IQ")
    assert len([e for e in mine(doc) if e.start == ner.start and e.end == ner.end]) == 1


def test_article_geography(places: PlacesStage) -> None:
    doc = run(
        "أعلنت السلطات اليمنية أن قواتها استعادت مواقع في محافظة مأرب. "
        "وقال مصدر في مأرب إن المعارك مستمرة في صرواح غرب مأرب.",
        places,
    )
    assert doc.country == "YE"
    assert doc.admin1 == "YE-MA"


def test_foreign_division_in_an_article_about_another_country(places: PlacesStage) -> None:
    text = (
        "اندلعت اشتباكات بين فصيلين مسلحين في منطقة صلاح الدين جنوبي العاصمة الليبية طرابلس، "
        "وأعلنت حكومة الوحدة الوطنية في ليبيا وقف إطلاق النار."
    )
    doc = run(text, places)
    assert all(e.code != "IQ-SD" and e.admin1 != "IQ-SD" for e in mine(doc))
    district = by_text(doc, "منطقة صلاح الدين")
    assert (district.type, district.country, district.admin1) == ("LOCATION", "LY", "LY-TB")


def test_foreign_division_without_a_place_cue_is_dropped(places: PlacesStage) -> None:
    doc = run("قال صلاح الدين للصحفيين في بنغازي إن الوضع في ليبيا هادئ.", places)
    assert all(e.country == "LY" for e in mine(doc) if e.country)
    assert "صلاح الدين" not in [e.text for e in mine(doc)]


def test_local_namesake_outside_a_named_city_has_no_division(places: PlacesStage) -> None:
    doc = run("تجددت الاشتباكات في منطقة صلاح الدين، وقال مسؤول ليبي إن بنغازي هادئة.", places)
    district = by_text(doc, "منطقة صلاح الدين")
    assert (district.type, district.country, district.admin1) == ("LOCATION", "LY", None)


def test_division_stays_when_its_country_is_named(places: PlacesStage) -> None:
    doc = run("شنت القوات العراقية عملية في منطقة صلاح الدين شمال بغداد.", places)
    assert by_text(doc, "منطقة صلاح الدين").code == "IQ-SD"
    doc = run("تقدمت القوات الليبية نحو سرت، فيما شهدت محافظة صلاح الدين هجوما.", places)
    assert by_text(doc, "محافظة صلاح الدين").code == "IQ-SD"


def test_month_names_are_never_places(places: PlacesStage) -> None:
    doc = run("عادت الاشتباكات في ريف حمص منذ شباط الماضي وحتى تشرين الأول.", places)
    assert [e.text for e in mine(doc) if e.text in ("شباط", "تشرين")] == []
    gaz = load_gazetteer()
    assert list(gaz.names.get("شباط")) == []


def test_common_words_with_a_village_namesake_need_a_settlement_word(
    places: PlacesStage,
) -> None:
    doc = run(
        "قالت الحكومة في بيان إن الأوضاع في البلاد مستقرة وأن بساتين المزارعين تضررت "
        "في الكويت واليمن.",
        places,
    )
    assert {e.text for e in mine(doc)} == {"الكويت", "اليمن"}


def test_city_in_a_newspaper_or_club_name_is_not_a_place(places: PlacesStage) -> None:
    doc = run(
        "نقلت صحيفة الرياض عن مصدر أن نادي سطيف سيواجه اتحاد جدة وفريق الموصل، "
        "في مباراة تقام في بغداد.",
        places,
    )
    assert [e.text for e in mine(doc)] == ["بغداد"]
    doc = run("تعادل منتخب مصر مع ضيفه.", places)
    assert [e.code for e in mine(doc, "COUNTRY")] == ["EG"]
    doc = run('وأفاد مصدر طبي لـ"الرياض" بأن غارتين استهدفتا صنعاء، ويلعب وفاق سطيف غدا.', places)
    assert [e.text for e in mine(doc)] == ["صنعاء"]


def test_place_inside_a_person_name_is_not_a_place(places: PlacesStage) -> None:
    text = "التقى الوزير عز الدين الحلبي بالسفير في حمص."
    doc = run(text, places, ner=[("PERSON", "عز الدين الحلبي")])
    assert [e.text for e in mine(doc)] == ["حمص"]


def test_fronts_name_governorates(places: PlacesStage) -> None:
    doc = run("تتواصل المعارك في جبهات مأرب والحديدة وتعز.", places)
    assert [(e.type, e.code) for e in mine(doc)] == [
        ("PROVINCE", "YE-MA"),
        ("PROVINCE", "YE-HU"),
        ("PROVINCE", "YE-TA"),
    ]


def test_clitic_b_vouches_for_a_word_only_where_its_country_is_named(
    places: PlacesStage,
) -> None:
    doc = run("رفع دعوى ضد محاميه بحجة أنه شتمها في واشنطن.", places)
    assert [e.text for e in mine(doc)] == ["واشنطن"]
    doc = run("قتل ثلاثة مدنيين بحماة وسط سوريا.", places)
    assert by_text(doc, "حماة").admin1 == "SY-HM"


def test_generic_word_after_a_plural_is_its_complement(places: PlacesStage) -> None:
    doc = run("توجه الرئيس إلى مدينة عدن، ثاني أكبر مدن البلاد.", places)
    assert [e.text for e in mine(doc)] == ["مدينة عدن"]


def test_world_city_named_like_a_person_needs_its_country_or_a_cue(
    places: PlacesStage,
) -> None:
    doc = run("قال المحلل موشي للإذاعة الإسرائيلية إن الهدنة في غزة هشة.", places)
    assert "موشي" not in [e.text for e in mine(doc)]
    doc = run("فاز فريق مانشستر يونايتد على ضيفه مساء السبت.", places)
    assert mine(doc) == []
    doc = run("وصل الوفد البريطاني إلى مانشستر قادما من لندن.", places)
    assert by_text(doc, "مانشستر").country == "GB"


def test_capital_is_known_without_its_country(places: PlacesStage) -> None:
    doc = run("عقدت المحادثات في هلسنكي بحضور الوفدين.", places)
    assert by_text(doc, "هلسنكي").country == "FI"


def test_person_shaped_village_names_need_a_cue() -> None:
    gaz = load_gazetteer()
    for name in ("ابو بكر", "عز الدين"):
        readings = [n for n in gaz.names.get(name) if n.place.type == "LOCATION"]
        assert readings
        assert all(n.cue_level >= 1 for n in readings)


_PIECES = [
    "بغداد",
    "وبغداد",
    "محافظة",
    "ديالى",
    "في",
    "مدينة",
    "صور",
    "الحدود",
    "السورية",
    "،",
    " ",
]
_NOISE = ["\u064e", "\u0640", "\u200f", "  ", "\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + _NOISE), max_size=14))
def test_offsets_hold_for_any_mix_of_names_and_noise(pieces: list[str]) -> None:
    text = " ".join(pieces)
    doc = run(text, _STAGE)
    for e in mine(doc):
        assert text[e.start : e.end] == e.text
        assert e.text.strip() == e.text
