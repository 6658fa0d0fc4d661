"""The command line (run, extract, schema, --help, exit codes) and the library's
read_output / to_frame round trip."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import newsie
from conftest import (
    ARTICLE_IRAQ,
    ARTICLE_SYRIA,
    ENGLISH_TEXT,
    disable_args,
    write_jsonl,
    write_txt,
)
from newsie.cli import app
from newsie.pipeline import REQUIRED_STAGES, PipelineConfig
from newsie.registry import REGISTRY, stage
from newsie.schema import Document, Event, EventDate, EventLocation, Span

REPO = Path(__file__).resolve().parents[1]
MARKER = "حاجز"
# The scoped test registry lives in this process: worker processes would not see it.
IN_PROCESS = ("--workers", "0")


class TagFirstWordStage:
    """Tags each article's first word as a LOCATION; fails on articles with MARKER."""

    name = "tagger"

    def __init__(self, config: PipelineConfig) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        if MARKER in doc.norm.text:
            raise KeyError("checkpoint")
        first = doc.tokens[0]
        doc.add_entity("LOCATION", first.start, first.end, stage=self.name)
        return doc


@pytest.fixture
def light_registry() -> Iterator[None]:
    """Only the core stages plus TagFirstWordStage: fast and independent of the
    extraction stages other modules register."""
    with REGISTRY.scope(keep=REQUIRED_STAGES):
        stage("tagger", requires=("doc.tokens",), provides=("LOCATION",))(TagFirstWordStage)
        yield


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def flat(text: str) -> str:
    """Console output with rich's line wrapping undone."""
    return " ".join(text.split())


def read_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- newsie run -------------------------------------------------------------------


def test_run_all_good_exits_0_with_summary(
    cli: CliRunner, light_registry: None, good_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli.invoke(app, ["run", str(good_folder), "-o", str(out), "-q", *IN_PROCESS])
    assert result.exit_code == 0, result.output
    docs = read_lines(out / "documents.jsonl")
    assert [d["doc_id"] for d in docs] == ["iraq", "sub/syria", "libya-1", "yemen-1"]
    assert read_lines(out / "errors.jsonl") == []
    assert "articles" in flat(result.stderr) and "4" in flat(result.stderr)
    assert "LOCATION 4" in flat(result.stderr)
    assert "articles/s" in flat(result.stderr)


def test_run_with_bad_inputs_exits_1_and_writes_the_rest(
    cli: CliRunner, light_registry: None, good_folder: Path, tmp_path: Path
) -> None:
    write_txt(good_folder, "empty", "")
    write_txt(good_folder, "photo", b"\x89PNG\r\n\x1a\n" + bytes(64))
    write_txt(good_folder, "english", ENGLISH_TEXT)
    write_txt(good_folder, "checkpoint", ARTICLE_IRAQ + " عند " + MARKER)
    write_jsonl(good_folder, "broken", [{"text": ARTICLE_SYRIA}, "{not json"])
    out = tmp_path / "out"
    result = cli.invoke(app, ["run", str(good_folder), "-o", str(out), *IN_PROCESS])
    assert result.exit_code == 1, result.output
    assert len(read_lines(out / "documents.jsonl")) == 5
    errors = read_lines(out / "errors.jsonl")
    assert len(errors) == 5
    by_file = {Path(str(e["path"])).name: e for e in errors}
    assert set(by_file) == {
        "empty.txt",
        "photo.txt",
        "english.txt",
        "checkpoint.txt",
        "broken.jsonl",
    }
    assert by_file["broken.jsonl"]["line"] == 2
    assert by_file["checkpoint.txt"]["stage"] == "tagger"
    assert by_file["photo.txt"]["stage"] == "read"
    assert "errors" in flat(result.stderr) and "5" in flat(result.stderr)
    assert "broken.jsonl:2" in flat(result.stderr)


@pytest.mark.parametrize(
    "failure", [OSError(28, "No space left on device"), KeyError("a bug outside any article")]
)
def test_run_that_fails_itself_exits_4(
    cli: CliRunner,
    light_registry: None,
    good_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: Exception,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr("newsie.cli.run_folder", fail)
    result = cli.invoke(app, ["run", str(good_folder), "-o", str(tmp_path / "o"), *IN_PROCESS])
    assert result.exit_code == 4
    assert "run failed" in flat(result.stderr)


def test_run_missing_input_folder_exits_2(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["run", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "does not exist" in flat(result.stderr)
    assert not (tmp_path / "out").exists()


def test_run_output_folder_that_cannot_be_created_exits_2(
    cli: CliRunner, light_registry: None, good_folder: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = cli.invoke(app, ["run", str(good_folder), "-o", str(blocker)])
    assert result.exit_code == 2
    assert "cannot create output folder" in flat(result.stderr)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_run_unknown_stage_exits_2(
    cli: CliRunner, light_registry: None, good_folder: Path, tmp_path: Path
) -> None:
    result = cli.invoke(app, ["run", str(good_folder), "-o", str(tmp_path / "o"), "-d", "nosuch"])
    assert result.exit_code == 2
    assert "nosuch" in flat(result.stderr)


def test_run_required_stage_cannot_be_disabled(
    cli: CliRunner, light_registry: None, good_folder: Path, tmp_path: Path
) -> None:
    args = ["run", str(good_folder), "-o", str(tmp_path / "o"), "--disable", "normalize"]
    result = cli.invoke(app, args)
    assert result.exit_code == 2


def test_run_bad_option_exits_2(cli: CliRunner, good_folder: Path) -> None:
    assert cli.invoke(app, ["run", str(good_folder), "--no-such-option"]).exit_code == 2
    assert cli.invoke(app, ["run"]).exit_code == 2
    assert cli.invoke(app, ["frobnicate"]).exit_code == 2


def test_run_disable_switches_a_stage_off(
    cli: CliRunner, light_registry: None, good_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["run", str(good_folder), "-o", str(out), "--disable", "tagger", *IN_PROCESS]
    result = cli.invoke(app, args)
    assert result.exit_code == 0, result.output
    docs = read_lines(out / "documents.jsonl")
    assert len(docs) == 4 and all(d["entities"] == [] for d in docs)


def test_run_again_adds_only_the_new_article(
    cli: CliRunner, light_registry: None, good_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["run", str(good_folder), "-o", str(out), "--json-summary", *IN_PROCESS]
    assert cli.invoke(app, args).exit_code == 0
    write_txt(good_folder, "extra", ARTICLE_SYRIA)
    result = cli.invoke(app, args)
    assert result.exit_code == 0
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["articles"] == 1 and summary["skipped"] == 4
    assert len(read_lines(out / "documents.jsonl")) == 5


# --- newsie extract ---------------------------------------------------------------


def test_extract_file_with_published(cli: CliRunner, light_registry: None, tmp_path: Path) -> None:
    path = write_txt(tmp_path, "nineveh", ARTICLE_IRAQ)
    result = cli.invoke(app, ["extract", str(path), "--published", "2024-05-08"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["doc_id"] == "nineveh"
    assert record["published"] == "2024-05-08"
    assert record["published_source"] == "input"
    assert record["text"] == ARTICLE_IRAQ
    assert record["events"] == []
    (entity,) = record["entities"]
    assert ARTICLE_IRAQ[entity["start"] : entity["end"]] == entity["text"]


@pytest.mark.parametrize("published", ["2099-01-01", "0001-01-01"])
def test_extract_with_an_impossible_published_date_warns(
    cli: CliRunner, light_registry: None, published: str
) -> None:
    result = cli.invoke(app, ["extract", "-", "-p", published], input=ARTICLE_SYRIA.encode())
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["published"] is None
    assert any(published in warning for warning in record["warnings"])


def test_extract_stdin(cli: CliRunner, light_registry: None) -> None:
    result = cli.invoke(
        app, ["extract", "-", "-p", "2024-06-15"], input=ARTICLE_SYRIA.encode("cp1256")
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["doc_id"] == "stdin"
    assert record["text"] == ARTICLE_SYRIA
    assert record["published"] == "2024-06-15"


def test_extract_without_published(cli: CliRunner, light_registry: None, tmp_path: Path) -> None:
    path = write_txt(tmp_path, "a", ARTICLE_IRAQ)
    result = cli.invoke(app, ["extract", str(path), "-d", "tagger"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["published"] is None and record["entities"] == []


def test_extract_errors(cli: CliRunner, light_registry: None, tmp_path: Path) -> None:
    good = write_txt(tmp_path, "a", ARTICLE_IRAQ)
    missing = cli.invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert missing.exit_code == 2
    bad_date = cli.invoke(app, ["extract", str(good), "--published", "08/05/2024"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in flat(bad_date.stderr)
    english = cli.invoke(app, ["extract", str(write_txt(tmp_path, "en", ENGLISH_TEXT))])
    assert english.exit_code == 1 and "not Arabic" in flat(english.stderr)
    binary = cli.invoke(app, ["extract", "-"], input=b"%PDF-1.5\n" + bytes(100))
    assert binary.exit_code == 2 and "binary" in flat(binary.stderr)
    failing = cli.invoke(app, ["extract", str(write_txt(tmp_path, "c", ARTICLE_IRAQ + MARKER))])
    assert failing.exit_code == 1 and "tagger" in flat(failing.stderr)
    assert cli.invoke(app, ["extract", str(good), "-d", "nosuch"]).exit_code == 2


# --- newsie schema and --help -------------------------------------------------------


def test_schema_prints_json_schemas_of_the_output_files(
    cli: CliRunner, light_registry: None, good_folder: Path, tmp_path: Path
) -> None:
    result = cli.invoke(app, ["schema"])
    assert result.exit_code == 0
    schemas = json.loads(result.stdout)
    assert {"documents.jsonl", "events.jsonl"} <= set(schemas)
    for schema in schemas.values():
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
    assert {"doc_id", "source", "text"} <= set(schemas["documents.jsonl"]["required"])
    assert "entities" in schemas["documents.jsonl"]["properties"]
    assert {"event_id", "type", "trigger"} <= set(schemas["events.jsonl"]["required"])
    # Every field of a real output line is declared in the schema.
    out = tmp_path / "out"
    assert cli.invoke(app, ["run", str(good_folder), "-o", str(out), *IN_PROCESS]).exit_code == 0
    properties = schemas["documents.jsonl"]["properties"]
    entity_properties = schemas["documents.jsonl"]["$defs"]["Entity"]["properties"]
    for row in read_lines(out / "documents.jsonl"):
        assert set(row) <= set(properties)
        for entity in row["entities"]:  # type: ignore[attr-defined]
            assert set(entity) <= set(entity_properties)


@pytest.mark.parametrize("command", [[], ["run"], ["extract"], ["schema"]])
def test_help_everywhere(cli: CliRunner, command: list[str]) -> None:
    result = cli.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    assert "--help" in result.output


def test_no_arguments_shows_help(cli: CliRunner) -> None:
    result = cli.invoke(app, [])
    assert "Usage" in result.output
    assert result.exit_code in (0, 2)


# --- the real entry point -----------------------------------------------------------


def test_python_dash_m_newsie_on_the_sample_input(tmp_path: Path) -> None:
    """The main job: every sample article in data/raw processed, nothing failing."""
    raw = REPO / "data" / "raw"
    out = tmp_path / "out"
    command = [sys.executable, "-m", "newsie", "run", str(raw), "-o", str(out), "-q"]
    done = subprocess.run(
        [*command, *disable_args()], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr
    docs = newsie.read_output(out)
    assert len(docs) >= 6
    assert all(d.published is not None for d in docs)
    for doc in docs:
        for entity in doc.entities:
            assert doc.text[entity.start : entity.end] == entity.text
    assert read_lines(out / "errors.jsonl") == []


def test_python_dash_m_newsie_usage_error_exit_code(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsie", "run", str(tmp_path / "absent")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2
    assert "does not exist" in flat(done.stderr)


# --- library: read_output and to_frame ----------------------------------------------


def _write_output(out: Path, docs: list[Document]) -> None:
    """Output files as another tool (or an older newsie) writes them: no run state."""
    with (out / "documents.jsonl").open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc.to_record(), ensure_ascii=False) + "\n")
    with (out / "events.jsonl").open("w", encoding="utf-8") as fh:
        for doc in docs:
            for event in doc.events:
                fh.write(json.dumps(event.model_dump(mode="json"), ensure_ascii=False) + "\n")


def test_library_extract(light_registry: None) -> None:
    newsie._default_pipeline.cache_clear()
    try:
        doc = newsie.extract(ARTICLE_IRAQ, published="2024-05-08")
    finally:
        newsie._default_pipeline.cache_clear()
    assert isinstance(doc, Document)
    assert str(doc.published) == "2024-05-08" and doc.published_source == "input"
    assert [e.stage for e in doc.entities] == ["tagger"]
    assert doc.norm.text.startswith("نينوي")
    assert doc.sentences and doc.tokens


def test_read_output_and_entity_frame_round_trip(
    cli: CliRunner, light_registry: None, good_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert cli.invoke(app, ["run", str(good_folder), "-o", str(out), *IN_PROCESS]).exit_code == 0
    docs = newsie.read_output(out)
    assert len(docs) == 4
    assert {d.doc_id for d in docs} == {"iraq", "sub/syria", "yemen-1", "libya-1"}
    assert all(isinstance(d, Document) for d in docs)
    frame = newsie.to_frame(docs)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == 4
    assert {"doc_id", "published", "type", "text", "start", "end", "stage"} <= set(frame.columns)
    assert set(frame["type"]) == {"LOCATION"}
    by_id = {d.doc_id: d for d in docs}
    for row in frame.itertuples():
        assert by_id[row.doc_id].text[row.start : row.end] == row.text


def test_events_frame_round_trip(tmp_path: Path) -> None:
    doc = Document(doc_id="d1", source="d1.txt", text=ARTICLE_IRAQ, published="2024-05-08")
    event = Event(
        event_id="d1-e1",
        doc_id="d1",
        type="ARMED_CLASH",
        date=EventDate(value="2024-05-08", text="يوم الأربعاء", precision="day"),
        locations=[
            EventLocation(text="نينوى", type="PROVINCE", admin1="IQ-NI", country="IQ"),
            EventLocation(text="الحضر", type="LOCATION", admin1="IQ-NI", country="IQ"),
        ],
        killed=3,
        trigger=Span(start=70, end=76, text="اشتباك"),
        sentence=Span(start=0, end=120),
    )
    doc.events.append(event)
    _write_output(tmp_path, [doc])
    (loaded,) = newsie.read_output(tmp_path)
    assert loaded.events == [event]
    frame = newsie.to_frame([loaded], kind="events")
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["event_id"] == "d1-e1" and row["type"] == "ARMED_CLASH"
    assert row["date"] == pd.Timestamp("2024-05-08") and row["date_text"] == "يوم الأربعاء"
    assert row["admin1"] == "IQ-NI" and row["country"] == "IQ"
    assert pd.isna(row["actor1"]) and row["killed"] == 3
    with pytest.raises(ValueError, match="kind"):
        newsie.to_frame([loaded], kind="mentions")  # type: ignore[arg-type]


def test_read_output_without_events_file(tmp_path: Path) -> None:
    _write_output(tmp_path, [Document(doc_id="d", source="d.txt", text=ARTICLE_SYRIA)])
    (tmp_path / "events.jsonl").unlink()
    (doc,) = newsie.read_output(tmp_path)
    assert doc.events == [] and doc.text == ARTICLE_SYRIA


# --- the shared dev set, when it is there ---------------------------------------------

SHARED = REPO.parent / "shared"


def test_dev_set_runs_and_the_scorer_reads_the_output(tmp_path: Path) -> None:
    dev = SHARED / "data" / "news" / "dev"
    scorer = SHARED / "eval" / "score.py"
    if not (dev.is_dir() and scorer.exists()):
        pytest.skip("../shared (dev set and scorer) is not available")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "newsie", "run", str(dev), "-o", str(out), "-q"]
    done = subprocess.run(
        [*command, *disable_args()], capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    articles = {p.stem for p in dev.glob("*.txt")}
    written = {d.doc_id for d in newsie.read_output(out)}
    failed = {Path(str(e["path"])).stem for e in read_lines(out / "errors.jsonl")}
    assert written | failed == articles
    # Every article with metadata is a real one and must be written.
    assert written >= {p.name.removesuffix(".meta.json") for p in dev.glob("*.meta.json")}
    scored = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(SHARED / "gold" / "dev"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert scored.returncode == 0, scored.stderr
    assert "EVENT" in scored.stdout
