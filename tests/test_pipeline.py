"""The stage protocol: order, switching stages off, and failures with the stage's name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ARTICLE_IRAQ, ARTICLE_SYRIA, ARTICLE_YEMEN, write_txt
from newsie.pipeline import (
    REQUIRED_STAGES,
    Pipeline,
    PipelineConfig,
    Stage,
    StageError,
    load_stage,
)
from newsie.registry import REGISTRY, RegistryError, stage
from newsie.runner import run_folder
from newsie.schema import Article, Document
from newsie.text.normalize import NormalizeStage
from newsie.text.segment import SegmentStage

MARKER = "حاجز"


class RecordingStage:
    """Appends its name to extras['trace'] so tests see the order stages ran in."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Document) -> Document:
        doc.extras.setdefault("trace", []).append(self.name)
        return doc


class BoomStage:
    """Fails on articles that mention MARKER; registered by tests as 'boom'."""

    name = "boom"

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config

    def __call__(self, doc: Document) -> Document:
        if MARKER in doc.norm.text:
            raise ZeroDivisionError("cannot divide the checkpoint")
        start = doc.norm.text.index(doc.tokens[0].text)
        doc.add_entity("LOCATION", start, start + len(doc.tokens[0].text), stage=self.name)
        return doc


class ForgetfulStage:
    """Forgets to return the document."""

    name = "forgetful"

    def __init__(self, config: PipelineConfig) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        return None  # type: ignore[return-value]


class MisnamedStage:
    name = "something-else"

    def __init__(self, config: PipelineConfig) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        return doc


def article(text: str = ARTICLE_IRAQ, doc_id: str = "a") -> Article:
    return Article(id=doc_id, source="<test>", text=text)


@pytest.fixture
def with_boom() -> Iterator[None]:
    """Register BoomStage after segment, and nothing heavy after it."""
    with REGISTRY.scope(keep=REQUIRED_STAGES):
        stage("boom", requires=("doc.tokens",), provides=("LOCATION",))(BoomStage)
        yield


def test_stage_protocol() -> None:
    assert isinstance(NormalizeStage(), Stage)
    assert isinstance(RecordingStage("x"), Stage)
    assert not isinstance(object(), Stage)


def test_stages_run_in_order() -> None:
    stages = [NormalizeStage(), SegmentStage(), RecordingStage("one"), RecordingStage("two")]
    doc = Pipeline(stages).process(article())
    assert doc.extras["trace"] == ["one", "two"]
    assert doc.norm.text and doc.sentences and doc.tokens


def test_disable_by_name(with_boom: None) -> None:
    full = Pipeline.default()
    assert full.names == ["normalize", "segment", "boom"]
    assert Pipeline.default(disable=["boom"]).names == ["normalize", "segment"]
    assert full.without("boom").names == ["normalize", "segment"]
    assert full.names == ["normalize", "segment", "boom"]  # `without` copies
    doc = Pipeline.default(disable=["boom"]).process(article(ARTICLE_SYRIA))
    assert doc.entities == []


def test_unknown_stage_is_an_error_naming_the_stages() -> None:
    with pytest.raises(ValueError, match=r"unknown stage\(s\) nre; .*normalize"):
        Pipeline.default(disable=["nre"])
    with pytest.raises(ValueError, match="unknown"):
        Pipeline([NormalizeStage()]).without("segment")


@pytest.mark.parametrize("name", REQUIRED_STAGES)
def test_required_stages_cannot_be_switched_off(name: str) -> None:
    with pytest.raises(ValueError, match="cannot be switched off"):
        Pipeline.default(disable=[name])


def test_duplicate_stage_names_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Pipeline([RecordingStage("x"), RecordingStage("x")])


def test_stage_error_carries_the_stage_name_and_cause(with_boom: None) -> None:
    pipeline = Pipeline.default()
    with pytest.raises(StageError) as info:
        pipeline.process(article(ARTICLE_IRAQ + " عند " + MARKER))
    assert info.value.stage == "boom"
    assert isinstance(info.value.cause, ZeroDivisionError)
    assert "boom" in str(info.value) and "ZeroDivisionError" in str(info.value)


def test_a_stage_that_returns_nothing_fails_itself() -> None:
    pipeline = Pipeline([NormalizeStage(), ForgetfulStage(PipelineConfig()), SegmentStage()])
    with pytest.raises(StageError) as info:
        pipeline.process(article())
    assert info.value.stage == "forgetful"
    assert "NoneType" in str(info.value)


def test_analysis_layers_before_their_stage_raise() -> None:
    doc = Document.from_article(article())
    with pytest.raises(RuntimeError, match="normalize"):
        _ = doc.norm
    with pytest.raises(RuntimeError, match="segment"):
        _ = doc.tokens
    with pytest.raises(RuntimeError, match="segment"):
        _ = doc.sentences


def test_stage_factories_get_the_config(with_boom: None, monkeypatch: pytest.MonkeyPatch) -> None:
    config = PipelineConfig(ner="none", options={"k": "v"})
    stage = load_stage("boom", config)
    assert isinstance(stage, BoomStage)
    assert stage.config is config


def test_a_stage_must_call_itself_by_its_registered_name() -> None:
    with REGISTRY.scope(), pytest.raises(RegistryError, match="calls itself"):
        stage("misnamed")(MisnamedStage)
    assert "misnamed" not in REGISTRY


def test_a_factory_function_whose_stage_has_another_name_fails_to_load() -> None:
    with REGISTRY.scope():
        stage("misnamed")(lambda config: MisnamedStage(config))
        with pytest.raises(ValueError, match="calls itself"):
            load_stage("misnamed", PipelineConfig())


def test_process_text_sets_published() -> None:
    pipeline = Pipeline([NormalizeStage(), SegmentStage()])
    doc = pipeline.process_text(ARTICLE_YEMEN, published="2024-10-13", doc_id="y")
    assert str(doc.published) == "2024-10-13"
    assert doc.published_source == "input"
    assert doc.doc_id == "y"
    assert pipeline.process_text(ARTICLE_YEMEN).published_source is None


def test_stage_error_becomes_an_error_record_and_the_run_goes_on(
    with_boom: None, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    write_txt(src, "1-first", ARTICLE_IRAQ)
    write_txt(src, "2-bad", ARTICLE_SYRIA + " عند " + MARKER)
    write_txt(src, "3-last", ARTICLE_YEMEN)
    out = tmp_path / "out"
    summary = run_folder(src, out, Pipeline.default())
    assert summary.articles == 2 and summary.errors == 1
    assert summary.entities == {"LOCATION": 2}
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [d["doc_id"] for d in docs] == ["1-first", "3-last"]
    (error,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert error["stage"] == "boom"
    assert error["doc_id"] == "2-bad"
    assert error["path"].endswith("2-bad.txt")
    assert "ZeroDivisionError" in error["reason"]
    assert "2-bad.txt" in summary.error_reasons[0]
