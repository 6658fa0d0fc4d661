"""User lexicons: the user's own names in a TSV file, found by the stage that owns each
type, winning over shipped rows, with errors that name file and line.

Names, places and sentences are invented for these tests (حراس الفجر الأحمر is no
real group; تل الزيتونة no real village)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsie
from conftest import assert_offsets, disable_args
from newsie.cli import app
from newsie.knowledge.user_lexicon import LexiconError, UserLexicon, load_lexicons
from newsie.pipeline import Pipeline, PipelineConfig
from newsie.schema import Document, Entity
from newsie.stages.events import EventsStage
from newsie.stages.events.lexicon import trigger_lexicon

HEADER = "type\tform\tcanonical\tname_en\tcountry\tadmin1\tlat\tlon\tevent_type\tstrength"
ROWS = [
    "ARMED_GROUP\tحراس الفجر الأحمر|الفجر الأحمر\tgroup:red_dawn\tRed Dawn Brigades\tSY",
    "UNIT\tسرية الصقر الجبلي\t\tMountain Falcon Company\tSY",
    "PERSON\tسالم الفجري\t\tSalem al-Fajri",
    "ORG\tجمعية النخيل الخضراء\t\tGreen Palms Society",
    "LOCATION\tتل الزيتونة\t\t\t\tSY-DR\t32.71\t36.12",
    "TRIGGER\tفزعة\t\t\t\t\t\t\tARMED_CLASH\tstrong",
]
GROUP_TEXT = "درعا - اشتبك مسلحون من حراس الفجر الأحمر مع قوات الجيش السوري في ريف درعا الغربي."
NO_NER = ("ner",)


def write_lexicon(folder: Path, rows: list[str], name: str = "mine.tsv") -> Path:
    path = folder / name
    path.write_text("# names for the tests\n" + HEADER + "\n" + "\n".join(rows) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def lexicon_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_lexicon(tmp_path_factory.mktemp("lex"), ROWS)


@pytest.fixture(scope="module")
def pipeline(lexicon_file: Path) -> Pipeline:
    return Pipeline.default(disable=NO_NER, lexicons=[lexicon_file])


@pytest.fixture(scope="module")
def shipped() -> Pipeline:
    return Pipeline.default(disable=NO_NER)


def entity(doc: Document, text: str) -> Entity:
    found = [e for e in doc.entities if e.text == text]
    assert len(found) == 1, [(e.type, e.text, e.stage) for e in doc.entities]
    return found[0]


def run(pipeline: Pipeline, text: str) -> Document:
    doc = pipeline.process_text(text)
    assert_offsets(doc)
    return doc


# --- each type is found ----------------------------------------------------------------


def test_armed_group_found_only_with_the_lexicon(pipeline: Pipeline, shipped: Pipeline) -> None:
    group = entity(run(pipeline, GROUP_TEXT), "حراس الفجر الأحمر")
    assert (group.type, group.canonical, group.canonical_name) == (
        "ARMED_GROUP",
        "group:red_dawn",
        "Red Dawn Brigades",
    )
    assert (group.state, group.country, group.label, group.stage) == (False, "SY", "user", "forces")
    assert not any("الفجر" in e.text for e in run(shipped, GROUP_TEXT).entities)


def test_second_form_and_proclitic(pipeline: Pipeline) -> None:
    doc = run(
        pipeline, "وأعلن الفجر الأحمر مسؤوليته عن الهجوم، وقال إن مقاتلي الفجر الأحمر انسحبوا."
    )
    groups = [e for e in doc.entities if e.canonical == "group:red_dawn"]
    assert [e.text for e in groups] == ["الفجر الأحمر", "الفجر الأحمر"]


def test_unit_is_a_state_force(pipeline: Pipeline) -> None:
    unit = entity(
        run(pipeline, "وصلت سرية الصقر الجبلي إلى المنطقة صباح اليوم."), "سرية الصقر الجبلي"
    )
    assert (unit.type, unit.state, unit.echelon, unit.canonical_name) == (
        "UNIT",
        True,
        "force",
        "Mountain Falcon Company",
    )


def test_person_takes_the_rank_before_it(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقال القائد الميداني سالم الفجري إن الهجوم فشل.")
    person = entity(doc, "سالم الفجري")
    assert (person.type, person.canonical_name, person.label) == (
        "PERSON",
        "Salem al-Fajri",
        "user",
    )
    assert person.title and person.title.startswith("القائد")
    alone = entity(run(pipeline, "وأكد سالم الفجري الخبر."), "سالم الفجري")
    assert alone.type == "PERSON" and alone.title is None


def test_org_found(pipeline: Pipeline) -> None:
    org = entity(
        run(pipeline, "وزعت جمعية النخيل الخضراء مساعدات على الأهالي."), "جمعية النخيل الخضراء"
    )
    assert (org.type, org.canonical, org.canonical_name, org.label) == (
        "ORG",
        "جمعية النخيل الخضراء",
        "Green Palms Society",
        "user",
    )


def test_location_with_geography(pipeline: Pipeline) -> None:
    # No cue word, no NER: the gazetteer's guards for small places do not apply to it.
    place = entity(run(pipeline, "سقطت قذيفتان على تل الزيتونة مساء أمس."), "تل الزيتونة")
    assert (place.type, place.admin1, place.country, place.lat, place.lon) == (
        "LOCATION",
        "SY-DR",
        "SY",
        32.71,
        36.12,
    )


def test_trigger_makes_an_event(pipeline: Pipeline, shipped: Pipeline) -> None:
    text = (
        "درعا - قتل ثلاثة أشخاص في فزعة بين مسلحين من حراس الفجر الأحمر وعناصر من الجيش "
        "السوري قرب تل الزيتونة."
    )
    events = run(pipeline, text).events
    assert [e.type for e in events] == ["ARMED_CLASH"]
    assert "red_dawn" in json.dumps([a.model_dump() for a in events[0].actors])
    assert not any(m.trigger.text == "فزعة" for e in run(shipped, text).events for m in e.mentions)


# --- user rows win ---------------------------------------------------------------------


def test_user_row_beats_shipped_rows(tmp_path: Path, shipped: Pipeline) -> None:
    path = write_lexicon(
        tmp_path,
        [
            "ARMED_GROUP\tداعش\tgroup:mine",  # shipped: canonical isis
            "ORG\tالجيش السوري الحر\tfsa.office",  # shipped: an ARMED_GROUP
            "LOCATION\tتدمر\t\t\t\tSY-HM\t34.0\t37.0",  # shipped: Palmyra, SY-HI
            "TRIGGER\tاشتباكات\t\t\t\t\t\t\tPROTEST",  # shipped: ARMED_CLASH
        ],
    )
    mine = Pipeline.default(disable=NO_NER, lexicons=[path])
    text = (
        "حمص - اندلعت اشتباكات في مدينة تدمر بين عناصر داعش وممثلين عن الجيش السوري الحر، "
        "وأصيب عشرة أشخاص."
    )
    doc = run(mine, text)
    assert entity(doc, "داعش").canonical == "group:mine"
    assert entity(doc, "الجيش السوري الحر").type == "ORG"
    assert entity(doc, "مدينة تدمر").admin1 == "SY-HM"
    assert "PROTEST" in {e.type for e in doc.events}
    before = run(shipped, text)
    assert entity(before, "داعش").canonical == "isis"
    assert entity(before, "الجيش السوري الحر").type == "ARMED_GROUP"
    assert entity(before, "مدينة تدمر").admin1 == "SY-HI"


def test_pipelines_do_not_share_user_rows(pipeline: Pipeline, shipped: Pipeline) -> None:
    text = "سقطت قذيفتان على تل الزيتونة حيث تنتشر حراس الفجر الأحمر، في فزعة ليلية."
    assert {"حراس الفجر الأحمر", "تل الزيتونة"} <= {e.text for e in run(pipeline, text).entities}
    plain = run(shipped, text)
    assert not {"حراس الفجر الأحمر", "تل الزيتونة"} & {e.text for e in plain.entities}
    # The user's trigger lives in its pipeline's events stage, not in the shared lexicon.
    assert "فزعه" not in trigger_lexicon()
    mine, plain_stage = (
        next(s for s in p.stages if isinstance(s, EventsStage)) for p in (pipeline, shipped)
    )
    assert "فزعه" in mine.triggers
    assert plain_stage.triggers is trigger_lexicon()


def test_two_user_pipelines_keep_their_own_rows(tmp_path: Path, pipeline: Pipeline) -> None:
    other = write_lexicon(
        tmp_path,
        ["ARMED_GROUP\tسرايا الشفق\tgroup:dusk", "TRIGGER\tنفرة\t\t\t\t\t\t\tATTACK"],
        "other.tsv",
    )
    second = Pipeline.default(disable=NO_NER, lexicons=[other])
    text = (
        "درعا - قتل خمسة أشخاص في نفرة شنتها سرايا الشفق، وفي فزعة أخرى بين حراس الفجر "
        "الأحمر وعناصر الجيش السوري قتل اثنان."
    )
    for _ in range(2):  # alternate, as a notebook with two pipelines would
        mine, theirs = run(pipeline, text), run(second, text)
        assert "group:red_dawn" in {e.canonical for e in mine.entities}
        assert "group:dusk" not in {e.canonical for e in mine.entities}
        assert "group:dusk" in {e.canonical for e in theirs.entities}
        assert "group:red_dawn" not in {e.canonical for e in theirs.entities}
        mine_triggers = {m.trigger.text for e in mine.events for m in e.mentions}
        their_triggers = {m.trigger.text for e in theirs.events for m in e.mentions}
        assert "فزعة" in mine_triggers and "نفرة" not in mine_triggers
        assert "نفرة" in their_triggers and "فزعة" not in their_triggers


def test_config_carries_the_rows(lexicon_file: Path) -> None:
    config = PipelineConfig(lexicons=load_lexicons([lexicon_file]))
    assert len(config.lexicons.rows) == len(ROWS)
    assert not PipelineConfig().lexicons
    assert PipelineConfig().lexicons == UserLexicon()


# --- bad rows --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("MILITIA\tكتائب النور", "type 'MILITIA'"),
        ("ARMED_GROUP\t", "empty form"),
        ("ARMED_GROUP\tكتائب النور||النور", "empty form"),
        ("LOCATION\tتل النور\t\t\t\tSY-DR\t32.7", "both lat and lon"),
        ("LOCATION\tتل النور\t\t\t\tSY-DR\tشمال\t36.1", "lat 'شمال' is not a number"),
        ("LOCATION\tتل النور\t\t\t\tSY-QQ", "not a first-level division"),
        ("LOCATION\tتل النور\t\t\tIQ\tSY-DR", "not in country IQ"),
        ("ARMED_GROUP\tكتائب النور\t\t\tSYR", "not an ISO 3166-1"),
        ("ARMED_GROUP\tكتائب النور\t\t\t\tSY-DR", "'admin1' does not apply to type ARMED_GROUP"),
        ("TRIGGER\tنفرة\t\t\t\t\t\t\tRIOT", "event_type 'RIOT'"),
        ("TRIGGER\tنفرة\t\t\t\t\t\t\tPROTEST\tcertain", "strength 'certain'"),
        ("ORG\tجمعية النور" + "\t" * 12 + "x", "cells, but the header has"),
    ],
)
def test_bad_row_names_file_and_line(tmp_path: Path, row: str, reason: str) -> None:
    path = write_lexicon(tmp_path, ["PERSON\tنور الهدى الفجري", row])
    with pytest.raises(LexiconError) as info:
        load_lexicons([path])
    assert (info.value.path, info.value.line) == (str(path), 4)  # comment, header, row, row
    assert str(info.value).startswith(f"{path}:4: ")
    assert reason in str(info.value)


def test_bad_header_and_duplicates(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("type\tname\nPERSON\tسالم\n", "utf-8")
    with pytest.raises(LexiconError, match=r"bad.tsv:1: unknown column 'name'"):
        load_lexicons([bad])
    first = write_lexicon(tmp_path, ["ORG\tجمعية النور"], "a.tsv")
    second = write_lexicon(tmp_path, ["PERSON\tجمعيه النور"], "b.tsv")  # same after normalising
    with pytest.raises(
        LexiconError, match=r"b.tsv:3: form 'جمعيه النور' is already listed at .*a.tsv:3"
    ):
        load_lexicons([first, second])
    with pytest.raises(LexiconError, match=r"missing.tsv: cannot read"):
        load_lexicons([tmp_path / "missing.tsv"])


def test_pipeline_default_raises_lexicon_error(tmp_path: Path) -> None:
    path = write_lexicon(tmp_path, ["UNIT\tسرية النور", "GROUP\tسرايا النور"])
    with pytest.raises(LexiconError, match=r"mine.tsv:4"):
        Pipeline.default(disable=NO_NER, lexicons=[path])


def test_readme_example_loads(tmp_path: Path) -> None:
    """The README's example file is a valid lexicon whose names are all found."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    block = readme.split("```tsv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "my_names.tsv"
    path.write_text(block, "utf-8")
    rows = load_lexicons([path]).rows
    assert {row.type for row in rows} == {
        "ARMED_GROUP",
        "UNIT",
        "PERSON",
        "ORG",
        "LOCATION",
        "TRIGGER",
    }
    doc = Pipeline.default(disable=NO_NER, lexicons=[path]).process_text(
        "درعا - قتل ثلاثة في فزعة بين حراس الفجر الأحمر وسرية الصقر الجبلي قرب تل الزيتونة، "
        "وقال سالم الفجري إن جمعية النخيل الخضراء أسعفت الجرحى."
    )
    assert {"user"} == {e.label for e in doc.entities if e.type in ("ARMED_GROUP", "ORG")}
    assert {e.type for e in doc.entities if e.label in ("user", "town")} >= {
        "ARMED_GROUP",
        "UNIT",
        "PERSON",
        "ORG",
        "LOCATION",
    }
    assert [e.type for e in doc.events] == ["ARMED_CLASH"]


# --- CLI and library -------------------------------------------------------------------


def test_cli_extract_finds_the_group(lexicon_file: Path) -> None:
    args = ["extract", "-", "--lexicon", str(lexicon_file), *disable_args()]
    result = CliRunner().invoke(app, args, input=GROUP_TEXT)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    groups = [e for e in record["entities"] if e.get("canonical") == "group:red_dawn"]
    assert [e["text"] for e in groups] == ["حراس الفجر الأحمر"]
    plain = json.loads(CliRunner().invoke(app, args[:2] + args[4:], input=GROUP_TEXT).stdout)
    assert not any(e.get("canonical") == "group:red_dawn" for e in plain["entities"])


def test_cli_bad_lexicon_exits_2(tmp_path: Path) -> None:
    path = write_lexicon(tmp_path, ["ARMED_GROUP\tكتائب النور", "LOCATION\tتل النور\t\t\t\tXX"])
    result = CliRunner().invoke(
        app, ["extract", "-", "--lexicon", str(path), *disable_args()], input=GROUP_TEXT
    )
    assert result.exit_code == 2
    assert f"{path}:4: admin1 'XX' is not an ISO 3166-2 code" in result.output


def test_cli_run_with_two_lexicons(tmp_path: Path, lexicon_file: Path) -> None:
    other = write_lexicon(tmp_path, ["ARMED_GROUP\tسرايا الشفق\tgroup:dusk"], "other.tsv")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GROUP_TEXT + " وتبنت سرايا الشفق الهجوم.", "utf-8")
    out = tmp_path / "out"
    args = ["run", str(folder), "-o", str(out), "-q", *disable_args()]
    result = CliRunner().invoke(app, [*args, "--lexicon", str(lexicon_file), "-l", str(other)])
    assert result.exit_code == 0, result.output
    (doc,) = newsie.read_output(out)
    assert {"group:red_dawn", "group:dusk"} <= {e.canonical for e in doc.entities}


@pytest.mark.slow
def test_subprocess_extract_with_default_stages(lexicon_file: Path) -> None:
    """The issue's done-when, as a user types it (with the NER model)."""
    result = subprocess.run(
        [sys.executable, "-m", "newsie", "extract", "-", "--lexicon", str(lexicon_file)],
        input=GROUP_TEXT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    entities = json.loads(result.stdout)["entities"]
    assert any(e["text"] == "حراس الفجر الأحمر" and e["type"] == "ARMED_GROUP" for e in entities)


def test_library_extract(lexicon_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str | Path]] = []
    real = Pipeline.default

    def without_ner(*args: object, lexicons: Sequence[str | Path] = (), **kw: object) -> Pipeline:
        calls.append(list(lexicons))
        return real(disable=NO_NER, lexicons=lexicons)

    monkeypatch.setattr(Pipeline, "default", without_ner)
    newsie._default_pipeline.cache_clear()
    try:
        doc = newsie.extract(GROUP_TEXT, lexicons=[lexicon_file])
        newsie.extract(GROUP_TEXT, lexicons=[lexicon_file])
    finally:
        newsie._default_pipeline.cache_clear()
    assert entity(doc, "حراس الفجر الأحمر").canonical == "group:red_dawn"
    assert calls == [[str(lexicon_file)]]  # built once while the file is unchanged
