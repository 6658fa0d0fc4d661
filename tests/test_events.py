"""Tests of the events stage on sentences written for these tests.

The entities are added by hand, so that the tests exercise only event detection,
argument attachment, casualties, merging and offsets, not the stages that find
places, forces and dates.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from event_helpers import EntitySpec, make_doc, of_type, run
from newsie.pipeline import Pipeline
from newsie.resources import read_tsv
from newsie.schema import PIPELINE_VERSION, Document, Event
from newsie.stages.events import EventsStage, event_types, trigger_lexicon

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
SAMPLES = REPO.parent / "shared" / "data" / "news" / "samples"

ARMY: EntitySpec = ("الجيش العراقي", "UNIT", {})
ISIS: EntitySpec = ("داعش", "ARMED_GROUP", {})
MOSUL: EntitySpec = ("الموصل", "LOCATION", {"admin1": "IQ-NI", "country": "IQ"})
RAMADI: EntitySpec = ("الرمادي", "LOCATION", {"admin1": "IQ-AN", "country": "IQ"})
ANBAR: EntitySpec = ("محافظة الأنبار", "PROVINCE", {"code": "IQ-AN", "country": "IQ"})


# --- registry and data ---------------------------------------------------------------


def test_every_trigger_type_has_a_mapping_row() -> None:
    types = event_types()
    rule_types = {row["type"] for row in read_tsv("events/triggers.tsv")}
    assert rule_types == set(types)
    assert len(trigger_lexicon()) > len(read_tsv("events/triggers.tsv"))  # inflections added
    assert types["AIRSTRIKE"].acled_sub_event_type == "Air/drone strike"
    assert types["MEETING"].acled_event_type is None
    assert types["MEETING"].plover_type == "CONSULT"


# --- triggers, mapping, roles, places -------------------------------------------------


def test_clash_between_two_parties_is_typed_mapped_and_located() -> None:
    doc = run(
        "اندلعت اشتباكات عنيفة بين الجيش العراقي وتنظيم داعش في قضاء الرطبة غربي محافظة الأنبار.",
        [ARMY, ISIS, ANBAR],
    )
    assert [e.type for e in doc.events] == ["ARMED_CLASH"]
    event = doc.events[0]
    assert event.event_id == "t#0"
    assert event.acled_event_type == "Battles"
    assert event.acled_sub_event_type == "Armed clash"
    assert event.plover_type == "ASSAULT"
    assert event.pipeline_version == PIPELINE_VERSION
    assert 0.0 <= event.confidence <= 1.0
    roles = {a.text: a.role for a in event.actors}
    assert roles == {"الجيش العراقي": "actor1", "داعش": "actor2"}
    assert event.locations[0].admin1 == "IQ-AN"
    assert event.locations[0].source == "sentence"


def test_attacker_and_target_roles() -> None:
    doc = run(
        "شن تنظيم داعش هجوما على نقطة تفتيش تابعة لقوات الجيش العراقي قرب الرمادي.",
        [ISIS, ARMY, RAMADI],
    )
    # The checkpoint is the target of the attack, not a deployment.
    assert [e.type for e in doc.events] == ["ATTACK"]
    roles = {a.text: a.role for a in doc.events[0].actors}
    assert roles["داعش"] == "actor1"
    assert roles["الجيش العراقي"] == "actor2"


def test_clitics_suffixes_and_air_assets() -> None:
    doc = run(
        "وقصفت الطائرات الحربية مواقع داعش في الموصل، بعد أيام من تحريرها على يد الجيش العراقي.",
        [ISIS, MOSUL, ARMY],
    )
    # قصف by aircraft is an air strike; تحريرها is تحرير with a pronoun suffix.
    assert {e.type for e in doc.events} == {"AIRSTRIKE", "TERRITORY_CHANGE"}


def test_location_falls_back_to_the_paragraph_then_the_article() -> None:
    text = (
        "شهدت مدينة الموصل توترا أمنيا. واندلعت اشتباكات بين الجيش العراقي وداعش.\n"
        "واعتقلت القوات عشرة مطلوبين."
    )
    doc = make_doc(text, [MOSUL, ARMY, ISIS])
    doc.admin1, doc.country = "IQ-NI", "IQ"
    doc = EventsStage()(doc)
    clash = of_type(doc, "ARMED_CLASH")[0]
    assert (clash.locations[0].admin1, clash.locations[0].source) == ("IQ-NI", "paragraph")
    arrest = of_type(doc, "ARREST")[0]
    assert (arrest.locations[0].admin1, arrest.locations[0].source) == ("IQ-NI", "article")


# --- exclusions -----------------------------------------------------------------------


def test_negated_mentions_are_not_events() -> None:
    doc = run(
        "نفى المتحدث باسم الجيش العراقي وقوع اشتباكات مع داعش في الموصل.", [ARMY, ISIS, MOSUL]
    )
    assert doc.events == []
    doc = run(
        "أكد الجيش العراقي أن الاجتماع الأخير لم يتطرق إلى أي إعادة انتشار للقوات في الموصل.",
        [ARMY, MOSUL],
    )
    assert [e.type for e in doc.events] == ["MEETING"]


def test_generic_background_and_hypotheticals_are_not_events() -> None:
    doc = run(
        "تعد الفراغات الأمنية بين الجيش العراقي والبيشمركة تحدياً أمام نشر القوات "
        "ونصب نقاط التفتيش.",
        [ARMY],
    )
    assert doc.events == []
    doc = run("وناقش القادة كيفية البدء بعمليات عسكرية ضد داعش في الموصل.", [ISIS, MOSUL])
    assert of_type(doc, "MILITARY_OPERATION") == []


def test_triggers_inside_names_and_purposes_are_not_events() -> None:
    doc = run(
        "أعلنت قيادة العمليات المشتركة افتتاح مراكز التنسيق مع الجيش العراقي لتمشيط المناطق.",
        [("قيادة العمليات المشتركة", "UNIT", {}), ARMY],
    )
    assert doc.events == []


def test_sport_pages_have_no_events() -> None:
    doc = run("وسجل اللاعب هدف الفوز بعد هجمة سريعة في الدقيقة 80 من المباراة أمام منتخب الكويت.")
    assert doc.events == []


def test_ambiguous_cue_alone_is_not_an_event_but_corroborates() -> None:
    assert run("وبحث الجيش العراقي سبل التنسيق مع البيشمركة.", [ARMY]).events == []
    doc = run(
        "عقد الجيش العراقي اجتماعا مع البيشمركة في الموصل. وتناول اللقاء التنسيق الأمني في الموصل.",
        [ARMY, MOSUL],
    )
    meetings = of_type(doc, "MEETING")
    assert len(meetings) == 1
    assert [m.trigger.text for m in meetings[0].mentions] == ["اجتماعا", "اللقاء", "التنسيق الأمني"]


# --- casualties -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        ("أسفرت الاشتباكات بين الجيش العراقي وداعش عن مقتل 25 جنديا وإصابة 35 آخرين.", 25, 35),
        ("قتل خمسة وعشرون مسلحا من داعش في اشتباكات مع الجيش العراقي.", 25, None),
        ("سقوط ثلاثة قتلى في اشتباكات بين الجيش العراقي وداعش.", 3, None),
        ("قالت مصادر طبية إن شخصين قتلا في اشتباكات بين الجيش العراقي وداعش.", 2, None),
        ("أعلن الجيش العراقي مقتل 8 جنود و14 مسلحا من داعش في اشتباكات عنيفة.", 22, None),
        ("ارتفعت حصيلة قتلى الاشتباكات بين الجيش العراقي وداعش في الموصل إلى 11 شخصا.", 11, None),
        ("أدت الاشتباكات بين الجيش العراقي وداعش إلى إصابة نحو 5 آلاف شخص بجروح.", None, 5000),
        # A combined figure is neither a killed nor a wounded count.
        ("أسفرت الاشتباكات بين الجيش العراقي وداعش عن مقتل وإصابة 60 عنصرا.", None, None),
        # Distances and durations are not head counts.
        ("دارت اشتباكات بين الجيش العراقي وداعش على بعد 4 كلم من الموصل لمدة 3 ساعات.", None, None),
    ],
)
def test_casualty_counts(sentence: str, killed: int | None, wounded: int | None) -> None:
    entities = [ARMY, ISIS] + ([MOSUL] if "الموصل" in sentence else [])
    clash = of_type(run(sentence, entities), "ARMED_CLASH")[0]
    assert (clash.killed, clash.wounded) == (killed, wounded)


def test_figures_in_a_following_sentence_add_to_the_event() -> None:
    doc = run(
        "قتل 17 مسلحا من داعش في اشتباكات مع الجيش العراقي في الموصل. "
        "وأشارت مصادر محلية إلى مقتل 3 من الجيش العراقي وإصابة 7 آخرين.",
        [ISIS, ARMY, MOSUL],
    )
    clash = of_type(doc, "ARMED_CLASH")[0]
    assert (clash.killed, clash.wounded) == (20, 7)


# --- dates ----------------------------------------------------------------------------


DATE_SUNDAY: EntitySpec = ("يوم الأحد", "DATE", {"value": "2021-07-18", "precision": "day"})
DATE_JULY: EntitySpec = ("20 يوليو/تموز 2021", "DATE", {"value": "2021-07-20", "precision": "day"})


def test_date_from_the_sentence() -> None:
    doc = run(
        "شن داعش هجوما على الجيش العراقي في الموصل يوم الأحد.",
        [ISIS, ARMY, MOSUL, DATE_SUNDAY],
        published="2021-07-21",
    )
    date = doc.events[0].date
    assert date is not None
    assert (date.value, date.source, date.text) == ("2021-07-18", "sentence", "يوم الأحد")


def test_date_from_an_earlier_sentence_of_the_paragraph() -> None:
    doc = run(
        "شهدت الموصل في 20 يوليو/تموز 2021 توترا أمنيا. واندلعت اشتباكات بين الجيش العراقي وداعش.",
        [MOSUL, DATE_JULY, ARMY, ISIS],
        published="2021-07-21",
    )
    date = of_type(doc, "ARMED_CLASH")[0].date
    assert date is not None
    assert (date.value, date.source) == ("2021-07-20", "paragraph")


def test_date_falls_back_to_publication_then_none() -> None:
    text = "اندلعت اشتباكات بين الجيش العراقي وداعش في الموصل."
    doc = run(text, [ARMY, ISIS, MOSUL], published="2021-07-21")
    date = doc.events[0].date
    assert date is not None
    assert (date.value, date.source) == ("2021-07-21", "published")
    assert doc.published == dt.date(2021, 7, 21)
    assert run(text, [ARMY, ISIS, MOSUL]).events[0].date is None


def test_statement_date_gives_way_to_the_event_date() -> None:
    doc = run(
        "قالت مصادر عسكرية يوم الأحد إن الجيش العراقي تعرض لكمين نصبه داعش قرب الموصل "
        "في 20 يوليو/تموز 2021.",
        [ARMY, ISIS, MOSUL, DATE_SUNDAY, DATE_JULY],
    )
    date = of_type(doc, "ATTACK")[0].date
    assert date is not None and date.value == "2021-07-20"


# --- merging --------------------------------------------------------------------------


def test_mentions_of_one_event_merge_and_keep_their_evidence() -> None:
    text = (
        "اندلعت اشتباكات بين الجيش العراقي وداعش في الموصل. "
        "وأسفرت الاشتباكات عن مقتل 5 مسلحين من داعش."
    )
    doc = run(text, [ARMY, ISIS, MOSUL])
    assert len(doc.events) == 1
    event = doc.events[0]
    assert event.killed == 5
    assert [m.trigger.text for m in event.mentions] == ["اشتباكات", "الاشتباكات"]
    assert event.trigger == event.mentions[0].trigger
    assert event.mentions[1].sentence.text == "وأسفرت الاشتباكات عن مقتل 5 مسلحين من داعش."


def test_events_in_different_provinces_stay_apart() -> None:
    doc = run(
        "اندلعت اشتباكات بين الجيش العراقي وداعش في الموصل. كما اندلعت اشتباكات أخرى في الرمادي.",
        [ARMY, ISIS, MOSUL, RAMADI],
    )
    clashes = of_type(doc, "ARMED_CLASH")
    assert [c.locations[0].admin1 for c in clashes] == ["IQ-NI", "IQ-AN"]
    assert [c.event_id for c in doc.events] == ["t#0", "t#1"]


def test_a_background_event_years_earlier_stays_apart() -> None:
    doc = run(
        "سيطر داعش على الموصل. وكان داعش قد سيطر على الموصل في حزيران/يونيو 2014.",
        [ISIS, MOSUL, ("حزيران/يونيو 2014", "DATE", {"value": "2014-06"})],
        published="2021-07-21",
    )
    dates = sorted(
        e.date.value for e in of_type(doc, "TERRITORY_CHANGE") if e.date and e.date.value
    )
    assert dates == ["2014-06", "2021-07-21"]


# --- evidence offsets -----------------------------------------------------------------


def test_offsets_point_into_the_original_text() -> None:
    text = "وقــال مصدر أمني إن اِشتباكـــات عَنيفة اندلعت بين الجيش العراقي وداعش في الموصل."
    doc = run(text, [ARMY, ISIS, MOSUL])
    event = doc.events[0]
    assert event.trigger.text == "اِشتباكـــات عَنيفة"  # the noun with its adjective
    assert text[event.trigger.start : event.trigger.end] == event.trigger.text
    assert text[event.sentence.start : event.sentence.end] == event.sentence.text == text
    for mention in event.mentions:
        assert text[mention.trigger.start : mention.trigger.end] == mention.trigger.text
    for actor in event.actors:
        assert actor.start is not None and actor.end is not None
        assert text[actor.start : actor.end] == actor.text


def test_event_record_round_trips_through_json() -> None:
    doc = run("اندلعت اشتباكات بين الجيش العراقي وداعش في الموصل.", [ARMY, ISIS, MOSUL])
    line = doc.events[0].model_dump_json()
    assert Event.model_validate_json(line) == doc.events[0]
    assert json.loads(line)["type"] == "ARMED_CLASH"


# --- the project's own sample articles (end to end, every stage) ----------------------


def _raw_documents() -> dict[str, Document]:
    if not RAW.is_dir():
        pytest.skip("data/raw is not present")
    pipeline = Pipeline.default()
    docs: dict[str, Document] = {}
    for path in sorted(RAW.glob("*.txt")):
        meta_path = path.with_suffix("").with_suffix(".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        docs[path.stem] = pipeline.process_text(
            path.read_text(encoding="utf-8"), published=meta.get("published"), doc_id=path.stem
        )
    for path in sorted(RAW.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                docs[row["id"]] = pipeline.process_text(
                    row["text"], published=row.get("published"), doc_id=row["id"]
                )
    return docs


@pytest.fixture(scope="module")
def raw_docs() -> dict[str, Document]:
    return _raw_documents()


def _types(doc: Document) -> set[str]:
    return {e.type for e in doc.events}


def test_raw_anbar_checkpoint_attack(raw_docs: dict[str, Document]) -> None:
    doc = raw_docs["iraq-anbar-checkpoint-attack"]
    attack = of_type(doc, "ATTACK")[0]
    assert (attack.killed, attack.wounded) == (3, 5)
    assert "MILITARY_OPERATION" in _types(doc)
    assert "DEPLOYMENT" not in _types(doc)  # the checkpoint was the target


def test_raw_kirkuk_arrests(raw_docs: dict[str, Document]) -> None:
    doc = raw_docs["iraq-kirkuk-arrests"]
    assert {"ARREST", "SEIZURE", "AGREEMENT"} <= _types(doc)
    arrest = of_type(doc, "ARREST")[0]
    assert arrest.date is not None and arrest.date.value == "2025-01-16"


def test_raw_tripoli_clashes(raw_docs: dict[str, Document]) -> None:
    doc = raw_docs["libya-tripoli-clashes"]
    assert {"ARMED_CLASH", "DEPLOYMENT"} <= _types(doc)
    assert "APPOINTMENT" not in _types(doc)  # كلّف اللواء بالانتشار is an order
    assert any((e.killed, e.wounded) == (2, 9) for e in doc.events)


def test_raw_deir_ezzor_drone_strike(raw_docs: dict[str, Document]) -> None:
    doc = raw_docs["syria-deir-ezzor-drone-strike"]
    strike = of_type(doc, "AIRSTRIKE")[0]
    assert (strike.killed, strike.wounded) == (4, 7)
    assert strike.date is not None and strike.date.value == "2024-11-12"
    assert {"SHELLING", "ARREST"} <= _types(doc)


def test_raw_marib_attack(raw_docs: dict[str, Document]) -> None:
    doc = raw_docs["yemen-marib-houthi-attack"]
    attack = of_type(doc, "ATTACK")[0]
    assert len(attack.mentions) >= 2  # the headline attack and "هذا الهجوم" later
    assert attack.killed is None  # قتل وجرح 12 is a combined figure
    assert "SHELLING" in _types(doc)


def test_raw_agency_wire(raw_docs: dict[str, Document]) -> None:
    assert {"KILLING", "DEPLOYMENT"} <= _types(raw_docs["agency-daraa-2023-09-28"])
    assert "EXPLOSION" in _types(raw_docs["agency-diyala-2025-04-22"])


# --- the two sample articles of the shared data (read-only, skipped when absent) -------


def _sample(name: str) -> Document:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return Pipeline.default().process_text(path.read_text(encoding="utf-8"), doc_id=path.stem)


def test_sample_meetings_and_liberation() -> None:
    doc = _sample("sample-1.txt")
    types = _types(doc)
    assert {"MEETING", "TERRITORY_CHANGE"} <= types
    assert "DEPLOYMENT" not in types  # "لم تتكلم عن أي إعادة انتشار"
    liberation = of_type(doc, "TERRITORY_CHANGE")[0]
    assert liberation.date is not None and liberation.date.value == "2017"


def test_sample_agreement_deployment_training() -> None:
    doc = _sample("sample-2.txt")
    assert _types(doc) == {"AGREEMENT", "DEPLOYMENT", "TRAINING"}
    deployment = of_type(doc, "DEPLOYMENT")[0]
    numbers = {a.text for a in deployment.actors}
    assert any("20" in t or "22" in t for t in numbers)


# --- finer points of dating, merging and exclusion --------------------------------------


def test_an_event_during_another_takes_its_date() -> None:
    doc = run(
        "اندلعت احتجاجات واسعة في الخرطوم في كانون الثاني/يناير 2018. "
        "وأفرجت السلطات عن 80 سجينا كانوا اعتقلوا خلال تلك الاحتجاجات.",
        [
            ("الخرطوم", "LOCATION", {"admin1": "SD-KH", "country": "SD"}),
            ("كانون الثاني/يناير 2018", "DATE", {"value": "2018-01"}),
        ],
        published="2018-02-27",
    )
    arrest = of_type(doc, "ARREST")[0]
    assert arrest.date is not None and arrest.date.value == "2018-01"


def test_appointments_of_different_people_are_different_events() -> None:
    people: list[EntitySpec] = [
        ("أحمد علي", "PERSON", {}),
        ("محمد حسن", "PERSON", {}),
    ]
    doc = run(
        "أصدر الرئيس قرارا بتعيين أحمد علي رئيسا للأركان. وأقال الرئيس مدير المخابرات محمد حسن.",
        people,
    )
    appointments = of_type(doc, "APPOINTMENT")
    assert [[a.text for a in e.actors] for e in appointments] == [["أحمد علي"], ["محمد حسن"]]


def test_a_date_beyond_another_trigger_belongs_to_that_event() -> None:
    doc = run(
        "شن داعش هجوما على الجيش العراقي قرب الرمادي يوم الأحد. "
        "ويأتي الهجوم بعد أسبوع من عملية أمنية واسعة أطلقتها القوات العراقية في 2 آذار/مارس 2025.",
        [
            ISIS,
            ARMY,
            RAMADI,
            ("يوم الأحد", "DATE", {"value": "2025-03-09"}),
            ("2 آذار/مارس 2025", "DATE", {"value": "2025-03-02"}),
        ],
        published="2025-03-10",
    )
    attack = of_type(doc, "ATTACK")
    assert len(attack) == 1 and len(attack[0].mentions) == 2
    assert attack[0].date is not None and attack[0].date.value == "2025-03-09"
    operation = of_type(doc, "MILITARY_OPERATION")[0]
    assert operation.date is not None and operation.date.value == "2025-03-02"


def test_the_finer_of_two_agreeing_dates_wins() -> None:
    doc = run(
        "اندلعت صباح اليوم الاثنين 07 مارس 2016 اشتباكات بين الجيش العراقي وداعش.",
        [
            ARMY,
            ISIS,
            ("صباح اليوم", "DATE", {"value": "2016-03-07"}),
            ("مارس 2016", "DATE", {"value": "2016-03"}),
        ],
    )
    date = doc.events[0].date
    assert date is not None and date.value == "2016-03-07"


def test_listed_plans_weapons_and_long_background_are_not_events() -> None:
    doc = run(
        "وتضمنت خطة الجيش العراقي تعزيز التعاون وتبادل المعلومات والعمليات الأمنية المشتركة.",
        [ARMY],
    )
    assert of_type(doc, "MILITARY_OPERATION") == []
    doc = run(
        "هاجم مسلحو داعش نقطة لقوات الجيش العراقي بالأسلحة الخفيفة والقذائف الصاروخية قرب الرمادي.",
        [ISIS, ARMY, RAMADI],
    )
    assert [e.type for e in doc.events] == ["ATTACK"]
    doc = run(
        "وأعلن العراق تحرير أراضيه من داعش بعد 3 سنوات من المعارك مع الجيش العراقي.",
        [("العراق", "COUNTRY", {"code": "IQ"}), ISIS, ARMY],
    )
    assert [e.type for e in doc.events] == ["TERRITORY_CHANGE"]


def test_culture_pages_have_no_events() -> None:
    doc = run(
        "أعلنت الهيئة إلغاء تظاهرة ثقافية في صفاقس. "
        "وقال الاتحاد إن الاتفاق مع الفنانين لم يحترم في المهرجان."
    )
    assert doc.events == []


def test_cues_that_need_a_party_in_the_sentence() -> None:
    assert run("وأبدت المنظمة قلقها من انتشار انفلونزا الطيور في الموصل.", [MOSUL]).events == []
    assert (
        run("ونفى البنك المركزي في بيان مقتضب أصدره اليوم تقارير حول تحرير الدينار.").events == []
    )
    doc = run("وأعلن الجيش العراقي تحرير الموصل من داعش.", [ARMY, MOSUL, ISIS])
    assert [e.type for e in doc.events] == ["TERRITORY_CHANGE"]


def test_the_toll_of_a_whole_war_is_not_the_toll_of_the_event() -> None:
    doc = run(
        "اندلعت اشتباكات بين الجيش العراقي وداعش قرب الموصل، "
        "في نزاع أسفر عن مقتل أكثر من 15 ألف شخص منذ عام 2014.",
        [ARMY, ISIS, MOSUL],
    )
    clash = of_type(doc, "ARMED_CLASH")[0]
    assert clash.killed is None


def test_territory_taken_by_a_non_state_group_maps_to_its_acled_sub_event() -> None:
    doc = run("وسيطر تنظيم داعش على بلدة قرب الموصل.", [ISIS, MOSUL])
    assert doc.events[0].acled_sub_event_type == "Non-state actor overtakes territory"
    doc = run("واستعاد الجيش العراقي السيطرة على بلدة قرب الموصل.", [ARMY, MOSUL])
    assert doc.events[0].acled_sub_event_type == "Government regains territory"


# --- anaphora, separate events of one type, clauses ----------------------------------

ALEPPO_TOWN: EntitySpec = ("بلدة الأتارب", "LOCATION", {"admin1": "SY-HL", "country": "SY"})
AL_BAB: EntitySpec = ("مدينة الباب", "LOCATION", {"admin1": "SY-HL", "country": "SY"})
ALEPPO_COUNTRYSIDE: EntitySpec = (
    "ريف حلب الغربي",
    "LOCATION",
    {"admin1": "SY-HL", "country": "SY"},
)


def test_a_definite_mention_without_news_refers_back_to_the_event() -> None:
    doc = run(
        "انفجرت سيارة مفخخة قرب سوق شعبي في الموصل.\nودعت الحكومة إلى تحقيق عاجل بشأن الهجوم.",
        [MOSUL],
    )
    assert [e.type for e in doc.events] == ["EXPLOSION"]
    assert [m.trigger.text for m in doc.events[0].mentions][-1] == "الهجوم"


def test_a_definite_mention_joins_the_event_named_with_the_same_word() -> None:
    doc = run(
        "شنت القوات الحكومية هجوما واسعا على مواقع داعش في الموصل.\n"
        "وقال مسؤول إن الهجوم يسير وفق الخطة.",
        [ISIS, MOSUL],
    )
    assert [e.type for e in doc.events] == ["MILITARY_OPERATION"]
    assert len(doc.events[0].mentions) == 2


def test_a_definite_mention_with_its_own_toll_is_not_folded_into_another_type() -> None:
    doc = run(
        "انفجرت سيارة مفخخة في الموصل. وفي الرمادي قتل 4 جنود في الهجوم المسلح على حاجز.",
        [MOSUL, RAMADI],
    )
    assert sorted(e.type for e in doc.events) == ["ATTACK", "EXPLOSION"]
    assert of_type(doc, "ATTACK")[0].killed == 4


def test_tolls_of_two_clauses_go_to_their_own_events() -> None:
    doc = run(
        "قتل خمسة مدنيين جراء قصف مدفعي على بلدة الأتارب، فيما قتل جنديان في اشتباكات "
        "مع داعش قرب مدينة الباب.",
        [ALEPPO_TOWN, AL_BAB, ISIS],
    )
    assert of_type(doc, "SHELLING")[0].killed == 5
    assert of_type(doc, "ARMED_CLASH")[0].killed == 2


def test_strikes_at_other_localities_with_their_own_tolls_stay_apart() -> None:
    doc = run(
        "قتل خمسة مدنيين في غارة جوية على بلدة الأتارب في ريف حلب الغربي، كما قتل "
        "شخصان في غارة جوية على مدينة الباب.",
        [ALEPPO_TOWN, AL_BAB, ALEPPO_COUNTRYSIDE],
    )
    strikes = of_type(doc, "AIRSTRIKE")
    assert [(e.killed, e.locations[0].text) for e in strikes] == [
        (5, "بلدة الأتارب"),
        (2, "مدينة الباب"),
    ]


def test_a_restated_strike_at_the_same_locality_is_one_event() -> None:
    doc = run(
        "قتل خمسة مدنيين في غارة جوية على بلدة الأتارب.\n"
        "وأفاد مصدر طبي أن غارة جوية على بلدة الأتارب أدت إلى مقتل 7 مدنيين.",
        [ALEPPO_TOWN],
    )
    strikes = of_type(doc, "AIRSTRIKE")
    assert len(strikes) == 1 and strikes[0].killed == 7


# --- vague dates ----------------------------------------------------------------------


def test_a_recent_event_is_dated_to_the_month() -> None:
    doc = run(
        "نفذت قوات الأمن مؤخرا حملة مداهمة في الموصل واعتقلت عشرة مطلوبين.",
        [MOSUL],
        published="2018-08-13",
    )
    date = of_type(doc, "ARREST")[0].date
    assert date is not None
    assert (date.value, date.precision) == ("2018-08", "month")


def test_an_article_about_recent_events_dates_its_undated_events_to_the_month() -> None:
    doc = run(
        "الحكومة تكشف تفاصيل عن الخلية\n"
        "كشفت الحكومة الأحد تفاصيل عما جرى مؤخرا في الموصل.\n"
        "وقال الوزير إن قوات الأمن اعتقلت خمسة من أفراد الخلية.",
        [MOSUL, ("الأحد", "DATE", {"value": "2018-08-12"})],
        published="2018-08-13",
    )
    date = of_type(doc, "ARREST")[0].date
    assert date is not None and date.value == "2018-08"


def test_a_later_statement_date_dates_the_event_to_its_month() -> None:
    monday: EntitySpec = ("الاثنين", "DATE", {"value": "2018-07-02"})
    thursday: EntitySpec = ("الخميس", "DATE", {"value": "2018-07-05"})
    doc = run(
        "اندلعت اشتباكات بين الجيش العراقي وداعش في الموصل، وفق ما ذكرت مصادر، الاثنين.\n"
        "والخميس، قال مسؤولون إن داعش شن هجمات على مواقع الجيش العراقي في الرمادي.",
        [ARMY, ISIS, MOSUL, RAMADI, monday, thursday],
        published="2018-07-06",
    )
    clash = of_type(doc, "ARMED_CLASH")[0].date
    attack = of_type(doc, "ATTACK")[0].date
    assert clash is not None and clash.value == "2018-07-02"  # the lead: that day
    assert attack is not None and (attack.value, attack.precision) == ("2018-07", "month")


def test_a_statement_date_after_a_long_subject_and_a_night_of_two_days() -> None:
    doc = run(
        "اتهم الحشد الشعبي العراقي الاثنين التحالف الدولي بشن غارة ليل الأحد الاثنين على "
        "موقع له في الموصل.",
        [
            MOSUL,
            ("ليل الأحد", "DATE", {"value": "2018-06-17"}),
            ("الاثنين", "DATE", {"value": "2018-06-18"}),
        ],
        published="2018-06-19",
    )
    date = of_type(doc, "AIRSTRIKE")[0].date
    assert date is not None
    assert (date.value, date.text) == ("2018-06-17", "ليل الأحد")


def test_a_ceasefire_covers_every_state_it_lists() -> None:
    doc = run(
        "وتتواصل المعارك في الموصل رغم وقف إطلاق النار الذي أعلنته الحكومة والذي يشمل "
        "محافظة الأنبار ومحافظة ديالى.",
        [
            MOSUL,
            ANBAR,
            ("محافظة ديالى", "PROVINCE", {"code": "IQ-DI", "country": "IQ"}),
        ],
    )
    ceasefire = of_type(doc, "AGREEMENT")[0]
    assert [loc.admin1 for loc in ceasefire.locations] == ["IQ-AN", "IQ-DI"]
    assert of_type(doc, "ARMED_CLASH")[0].locations[0].admin1 == "IQ-NI"


def test_an_attempt_to_take_ground_is_not_a_territory_change() -> None:
    doc = run(
        "قال متحدث باسم داعش إن مقاتليه تصدوا لمحاولة الجيش العراقي السيطرة على مواقعهم "
        "قرب الموصل.",
        [ISIS, ARMY, MOSUL],
    )
    assert of_type(doc, "TERRITORY_CHANGE") == []


def test_what_an_event_came_after_is_background() -> None:
    doc = run(
        "أقال رئيس الوزراء قائد شرطة الموصل. وجاءت إقالته بعد مواجهات بين الشرطة ومحتجين.",
        [MOSUL],
    )
    assert of_type(doc, "ARMED_CLASH") == []


def test_a_toll_beside_an_operation_word_and_a_named_force() -> None:
    doc = run(
        "أعلن الجيش العراقي مقتل 17 مسلحا من داعش ضمن عمليات شرقي الرمادي.\n"
        "وأطلق الجيش العراقي عملية عسكرية واسعة في محافظة الأنبار.",
        [ARMY, ISIS, RAMADI, ANBAR],
    )
    operation = of_type(doc, "MILITARY_OPERATION")
    assert [e.killed for e in operation] == [17]
    # A war's toll beside only a word for the war stays unattached.
    doc = run(
        "أسفر النزاع بين الجيش العراقي وداعش عن مقتل 15 ألف شخص.\n"
        "واندلعت اشتباكات بين الجيش العراقي وداعش في الموصل.",
        [ARMY, ISIS, MOSUL],
    )
    assert [e.killed for e in of_type(doc, "ARMED_CLASH")] == [None]


def test_a_capital_speaking_is_not_where_the_event_happened() -> None:
    baghdad: EntitySpec = ("بغداد", "LOCATION", {"admin1": "IQ-BG", "country": "IQ"})
    washington: EntitySpec = ("واشنطن", "LOCATION", {"admin1": "US-DC", "country": "US"})
    syria: EntitySpec = ("سوريا", "COUNTRY", {"code": "SY"})
    doc = run(
        "شن التحالف بقيادة واشنطن غارة جوية على موقع في منطقة حدودية شرق سوريا، "
        "وقال مسؤول إن واشنطن تعتقد أن الغارة كانت ضرورية.\n"
        "ودانت بغداد الغارة.",
        [baghdad, washington, syria],
    )
    strikes = of_type(doc, "AIRSTRIKE")
    assert len(strikes) == 1
    assert {loc.country for loc in strikes[0].locations} == {"SY"}


def test_bombing_by_air_strikes_is_one_air_strike() -> None:
    doc = run("وذكرت مصادر محلية أن التحالف قصف بست غارات جوية مواقع لداعش في الموصل.", [MOSUL])
    assert [e.type for e in doc.events] == ["AIRSTRIKE"]


def test_places_fronted_with_wa_fi_and_places_of_statements() -> None:
    washington: EntitySpec = ("واشنطن", "LOCATION", {"admin1": "US-DC", "country": "US"})
    doc = run(
        "وفي الرمادي تصدى الجيش العراقي لهجوم داعش على مواقعه.\n"
        "وفي واشنطن أعلن مسؤول أن الهجوم فشل.",
        [RAMADI, ARMY, ISIS, washington],
    )
    attacks = of_type(doc, "ATTACK")
    assert len(attacks) == 1
    assert {loc.admin1 for loc in attacks[0].locations} == {"IQ-AN"}


def test_a_country_named_by_its_territory() -> None:
    doc = run(
        "أعلن العراق أن طائراته نفذت ضربة جوية داخل الأراضي السورية استهدفت مقرا لداعش.",
        [("العراق", "COUNTRY", {"code": "IQ"}), ISIS],
    )
    strike = of_type(doc, "AIRSTRIKE")[0]
    assert [(loc.country, loc.text) for loc in strike.locations] == [("SY", "الأراضي السورية")]


def test_a_demonstrative_with_nothing_to_point_at_is_not_an_event() -> None:
    doc = run("وقال المتحدث إنه لا يعرف من يقف وراء هذه الهجمات على حسابات المستخدمين.")
    assert doc.events == []


def test_a_decree_published_is_not_a_deployment() -> None:
    doc = run(
        "مدد الرئيس حالة الطوارئ في محافظة الأنبار بحسب مرسوم نشر اليوم في الجريدة الرسمية "
        "بعد أن قتل الجيش العراقي 5 مسلحين من داعش في اشتباكات.",
        [ANBAR, ARMY, ISIS],
    )
    assert of_type(doc, "DEPLOYMENT") == []


def test_a_generic_bombing_joins_the_air_strike_the_article_reports() -> None:
    doc = run(
        "طائرات عراقية تنفذ غارة جوية على داعش في الموصل\n"
        "أعلن الجيش العراقي قصف مواقع لداعش في الموصل.",
        [ARMY, ISIS, MOSUL],
    )
    assert [e.type for e in doc.events] == ["AIRSTRIKE"]
    assert len(doc.events[0].mentions) == 2
    # Elsewhere, or with a toll of its own, shelling stays shelling.
    doc = run(
        "طائرات عراقية تنفذ غارة جوية على داعش في الموصل\n"
        "أعلن الجيش العراقي قصف مواقع لداعش في الرمادي.",
        [ARMY, ISIS, MOSUL, RAMADI],
    )
    assert sorted(e.type for e in doc.events) == ["AIRSTRIKE", "SHELLING"]


def test_a_toll_told_after_a_definite_mention_goes_to_the_event_it_refers_to() -> None:
    doc = run(
        "انفجرت سيارة مفخخة قرب سوق شعبي في الموصل.\n"
        "ودان المحافظ الهجوم. وقالت مصادر طبية إن 5 أشخاص قتلوا.",
        [MOSUL],
    )
    assert [(e.type, e.killed) for e in doc.events] == [("EXPLOSION", 5)]


@pytest.mark.parametrize("where", ["عند", "قرب", "بالقرب من", "أمام"])
def test_a_checkpoint_where_a_bomb_went_off_is_not_a_deployment(where: str) -> None:
    doc = run(f"انفجرت سيارة مفخخة صباح اليوم {where} نقطة تفتيش للشرطة في مدخل المدينة.")
    assert "EXPLOSION" in _types(doc)
    assert of_type(doc, "DEPLOYMENT") == []


def test_a_checkpoint_set_up_is_a_deployment() -> None:
    doc = run("أقامت قوات الأمن نقطة تفتيش جديدة عند مدخل المدينة.")
    assert of_type(doc, "DEPLOYMENT") != []


@pytest.mark.parametrize(
    "text",
    [
        'أطلق الجيش العراقي عملية "السهم الذهبي" لملاحقة المسلحين غرب الأنبار.',
        "بدأ الجيش العراقي عملية «الفجر الجديد» في محافظة صلاح الدين.",
        "ويواصل الجيش العراقي عملية قادمون يا نينوى جنوب الموصل.",
    ],
)
def test_a_named_operation_is_a_military_operation(text: str) -> None:
    assert _types(run(text, [ARMY])) == {"MILITARY_OPERATION"}


def test_a_quoted_process_without_forces_is_no_operation() -> None:
    assert run("وصف الوزير عملية 'التسوية' بأنها ضرورية للبلاد.").events == []


def test_a_long_quotation_or_a_commanders_title_is_no_named_operation() -> None:
    doc = run(
        'قتل جنود الجيش العراقي في عمليات "قنص نفذها المسلحون الحوثيون بعبوات ناسفة".', [ARMY]
    )
    assert of_type(doc, "MILITARY_OPERATION") == []
    doc = run('وقال قائد عمليات "الفجر الجديد" إن الجيش العراقي يتقدم.', [ARMY])
    assert of_type(doc, "MILITARY_OPERATION") == []
