"""Where an event happened: table-driven tests on sentences written for them.

Each row is a short invented report, the places in it (added by hand, so that only
the events stage's reading of them is tested), the event type to look at, and the
admin1 or country its first location must have (and a place it must not name).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from event_helpers import EntitySpec, make_doc, of_type, run, run_rules
from newsie.schema import Document
from newsie.stages.events import EventsStage
from newsie.text.normalize import normalize

MOSUL: EntitySpec = ("الموصل", "LOCATION", {"admin1": "IQ-NI", "country": "IQ"})
RAMADI: EntitySpec = ("الرمادي", "LOCATION", {"admin1": "IQ-AN", "country": "IQ"})
ISKANDARIYA: EntitySpec = ("الإسكندرية", "LOCATION", {"admin1": "IQ-BB", "country": "IQ"})
BAGHDAD: EntitySpec = ("بغداد", "LOCATION", {"admin1": "IQ-BG", "country": "IQ"})
ANBAR: EntitySpec = ("محافظة الأنبار", "PROVINCE", {"code": "IQ-AN", "country": "IQ"})
IRAQ: EntitySpec = ("العراق", "COUNTRY", {"code": "IQ"})
LIBYA: EntitySpec = ("ليبيا", "COUNTRY", {"code": "LY"})
SOMALIA: EntitySpec = ("الصومال", "COUNTRY", {"code": "SO"})
USA: EntitySpec = ("الولايات المتحدة", "COUNTRY", {"code": "US"})
GERMANY: EntitySpec = ("ألمانيا", "COUNTRY", {"code": "DE"})
ISTANBUL: EntitySpec = ("إسطنبول", "LOCATION", {"admin1": "TR-34", "country": "TR"})


@dataclass
class Case:
    name: str
    text: str
    entities: list[EntitySpec]
    type: str
    admin1: str | None = None  # expected admin1 of the first location
    country: str | None = None  # expected country of the first location
    not_admin1: str | None = None  # an admin1 no location of the event may have
    not_country: str | None = None  # a country no location of the event may have
    also_country: str | None = None  # a country one of its locations must have


CASES = [
    Case(
        "a place after في in the trigger's clause",
        "اندلعت اشتباكات عنيفة بين الجيش والمسلحين في مدينة الرمادي صباح اليوم.",
        [RAMADI],
        "ARMED_CLASH",
        admin1="IQ-AN",
    ),
    Case(
        "the dateline is where the report was filed, not where it happened",
        "الموصل (وكالات) - شن الطيران غارات جوية على مواقع للمسلحين في محافظة الأنبار.",
        [MOSUL, ANBAR],
        "AIRSTRIKE",
        admin1="IQ-AN",
        not_admin1="IQ-NI",
    ),
    Case(
        "the dateline does not place the other events of its paragraph",
        "دبي (وكالات)-- قال مسؤولون إن الوضع متوتر. واندلعت اشتباكات عنيفة صباح اليوم.\n"
        "وكانت القوات قد سيطرت على أحياء في الرمادي.",
        [("دبي", "LOCATION", {"admin1": "AE-DU", "country": "AE"}), RAMADI],
        "ARMED_CLASH",
        admin1="IQ-AN",
        not_admin1="AE-DU",
    ),
    Case(
        "a capital after a verb of saying is a government speaking",
        "أكدت بغداد أن اشتباكات اندلعت مع المسلحين في مدينة الرمادي.",
        [BAGHDAD, RAMADI],
        "ARMED_CLASH",
        admin1="IQ-AN",
        not_admin1="IQ-BG",
    ),
    Case(
        "a later clause that explains the event may place it",
        "قتل خمسة جنود في هجوم مساء أمس، وقال مسؤول إنه وقع قرب الرمادي.",
        [RAMADI],
        "ATTACK",
        admin1="IQ-AN",
    ),
    Case(
        "a capital before a verb of saying is a government, not a place",
        "وصل وفد أممي إلى إدلب أمس. وتتهم عواصم غربية الجيش بقصف مدفعي استهدف المدنيين"
        " لكن موسكو تنفي ذلك.",
        [
            ("موسكو", "LOCATION", {"admin1": "RU-MOW", "country": "RU"}),
            ("إدلب", "PROVINCE", {"code": "SY-ID", "country": "SY"}),
        ],
        "SHELLING",
        admin1="SY-ID",
        not_admin1="RU-MOW",
    ),
    Case(
        "a city measured from is a reference point, not the place",
        "اندلعت اشتباكات على بعد 40 كلم جنوب بغداد قرب بلدة الإسكندرية.",
        [BAGHDAD, ISKANDARIYA],
        "ARMED_CLASH",
        admin1="IQ-BB",
    ),
    Case(
        "each clause of a sentence keeps its own place",
        "اشتبكت القوات مع المسلحين في الرمادي، كما قصف الطيران مواقع في الموصل.",
        [RAMADI, MOSUL],
        "AIRSTRIKE",
        admin1="IQ-NI",
    ),
    Case(
        "a country after ب fused to it is a place",
        "قصفت المدفعية مواقع للمسلحين بليبيا أمس.",
        [LIBYA],
        "SHELLING",
        country="LY",
    ),
    Case(
        "a country joined by و to a country after في is a place too",
        "قال التحالف إن غاراته في العراق وسوريا أسفرت عن مقتل مدنيين.",
        [IRAQ, ("سوريا", "COUNTRY", {"code": "SY"})],
        "AIRSTRIKE",
        country="IQ",
        also_country="SY",
    ),
    Case(
        "a country that strikes is a party; the country it strikes in is the place",
        "شنت الولايات المتحدة غارة جوية على مواقع للمسلحين في الصومال.",
        [USA, SOMALIA],
        "AIRSTRIKE",
        country="SO",
        not_country="US",
    ),
    Case(
        "a name the gazetteer does not know takes the country of its adjective",
        "انفجرت سيارة مفخخة في بلدة كاراكو النيجيرية صباح اليوم.",
        [("بلدة كاراكو", "LOCATION", {})],
        "EXPLOSION",
        country="NG",
    ),
    Case(
        "the police of a country arrest in that country",
        "أوقفت الشرطة الفرنسية شخصين متورطين في هجوم وقع في ألمانيا.",
        [GERMANY],
        "ARREST",
        country="FR",
        not_country="DE",
    ),
    Case(
        "the police's country keeps a place inside it that another event names",
        "اعتقلت قوات الأمن العراقية ثلاثة متهمين بتنفيذ تفجيرات في الرمادي.",
        [RAMADI],
        "ARREST",
        admin1="IQ-AN",
    ),
    Case(
        "the authorities' country yields to a place named in the arrest's own clause",
        "اعتقلت السلطات التركية ثلاثة أشخاص في مدينة إسطنبول.",
        [ISTANBUL],
        "ARREST",
        admin1="TR-34",
    ),
    Case(
        "a place of an earlier event in the sentence is not the arrest's place",
        "خطف مسلحون رجلا في الموصل، ردا على توقيف السلطات الألمانية شقيقه.",
        [MOSUL],
        "ARREST",
        country="DE",
        not_admin1="IQ-NI",
    ),
]


def located(case: Case) -> Document:
    return run(case.text, case.entities, "2020-03-10")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_event_place(case: Case) -> None:
    events = of_type(located(case), case.type)
    assert events, f"no {case.type} event"
    locations = events[0].locations
    assert locations
    if case.admin1:
        assert locations[0].admin1 == case.admin1
    if case.country:
        assert locations[0].country == case.country
    if case.not_admin1:
        assert case.not_admin1 not in {loc.admin1 for loc in locations}
    if case.not_country:
        assert case.not_country not in {loc.country for loc in locations}
    if case.also_country:
        assert case.also_country in {loc.country for loc in locations}


def test_a_city_without_admin1_takes_that_of_its_other_mention() -> None:
    """`مدينة X` the gazetteer left unresolved is the X the article resolved."""
    text = "وصلت تعزيزات إلى الرمادي أمس. واندلعت اشتباكات عنيفة في محيط مدينة الرمادي."
    doc = make_doc(text, [], "2020-03-10")
    town, city = normalize("الرمادي").text, normalize("مدينة الرمادي").text
    first, second = doc.norm.text.find(town), doc.norm.text.find(city)
    doc.add_entity("LOCATION", first, first + len(town), "test", admin1="IQ-AN", country="IQ")
    doc.add_entity("LOCATION", second, second + len(city), "test", country="IQ")
    clash = of_type(EventsStage()(doc), "ARMED_CLASH")[0]
    assert clash.locations[0].admin1 == "IQ-AN"
    assert clash.locations[0].source == "sentence"


def test_a_later_reported_clause_does_not_place_the_event() -> None:
    """`..., وأضاف أن ...` tells of another fact: its province is not where the
    clashes were; the article's other events are."""
    text = (
        "سيطرت القوات على أحياء في الموصل.\n"
        "وقال المتحدث إن اشتباكات تدور في بساتين شمالي المدينة، "
        "وأضاف أن القوات تنتشر في محافظة الأنبار."
    )
    clash = of_type(run(text, [MOSUL, ANBAR], "2020-03-10"), "ARMED_CLASH")[0]
    assert clash.locations[0].admin1 == "IQ-NI"
    assert "IQ-AN" not in {loc.admin1 for loc in clash.locations}


def test_the_article_place_is_where_its_events_are_not_the_country_named_most() -> None:
    """A country named often as the one striking (it is the article's main country)
    is not where an unplaced strike happened: the article's other events are."""
    text = (
        "أعلنت الولايات المتحدة أنها شنت غارة جوية في الصومال.\n"
        "وقالت الولايات المتحدة إنها نفذت غارات جوية عديدة منذ العام الماضي."
    )
    doc = make_doc(text, [USA, SOMALIA], "2020-03-10")
    doc.country = "US"
    strikes = of_type(EventsStage()(doc), "AIRSTRIKE")
    assert strikes
    assert all(loc.country == "SO" for s in strikes for loc in s.locations)


def test_a_country_only_event_also_gets_the_article_admin1_in_that_country() -> None:
    text = "اندلعت اشتباكات في مدينة الرمادي.\nوشن الطيران غارات جوية في العراق أمس."
    doc = make_doc(text, [RAMADI, IRAQ], "2020-03-10")
    doc.admin1, doc.country = "IQ-AN", "IQ"
    strike = of_type(EventsStage()(doc), "AIRSTRIKE")[0]
    first = strike.locations[0]
    assert (first.country, first.source) == ("IQ", "sentence")
    assert "IQ-AN" in {loc.admin1 for loc in strike.locations}


def test_without_placed_events_the_article_place_is_that_of_its_places() -> None:
    """The country an article names most (the one speaking) is not where an
    unplaced event was, when all the places it names are in another country."""
    text = (
        "قالت السعودية إن التحقيق في الغارة الجوية انتهى أمس.\n"
        "وكان وفد من المحققين قد زار مدينة صنعاء الشهر الماضي."
    )
    sanaa: EntitySpec = ("مدينة صنعاء", "LOCATION", {"admin1": "YE-SA", "country": "YE"})
    doc = make_doc(text, [("السعودية", "COUNTRY", {"code": "SA"}), sanaa], "2020-03-10")
    doc.country = "SA"
    strike = of_type(EventsStage()(doc), "AIRSTRIKE")[0]
    assert [(loc.admin1, loc.source) for loc in strike.locations] == [("YE-SA", "article")]


@pytest.mark.parametrize(
    ("text", "etype", "country"),
    [
        ("قصفت المدفعية التركية مواقع للمسلحين بسوريا أمس.", "SHELLING", "SY"),
        ("أوقفت الشرطة الألمانية شابا متورطا في هجوم وقع في فرنسا.", "ARREST", "DE"),
        ("أعلنت واشنطن أن طائرات أمريكية شنت غارة جوية في الصومال.", "AIRSTRIKE", "SO"),
    ],
)
def test_event_country_through_the_rules_pipeline(text: str, etype: str, country: str) -> None:
    """The same rules on the places the entity stages really find."""
    events = of_type(run_rules(text, "2020-03-10"), etype)
    assert events
    assert events[0].locations[0].country == country
