"""CLI polish (issue 18): --version, flags without a type in --help, --disable naming
the stages, and errors that name stages and backends without Python list reprs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsie
from newsie.cli import app
from newsie.pipeline import Pipeline, plan_default
from newsie.registry import REGISTRY


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    return CliRunner()


def flat(text: str) -> str:
    """Help text without the box drawing and line breaks rich adds."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_version(cli: CliRunner) -> None:
    for flag in ("--version", "-V"):
        done = cli.invoke(app, [flag])
        assert done.exit_code == 0
        assert done.output.strip() == f"newsie {newsie.__version__}"


@pytest.mark.parametrize("command", [[], ["run"], ["extract"], ["export"], ["status"]])
def test_help_shows_no_bool_types(cli: CliRunner, command: list[str]) -> None:
    done = cli.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert done.exit_code == 0
    assert "<bool>" not in done.output and "bool" not in flat(done.output)


def test_disable_help_lists_the_stages(cli: CliRunner) -> None:
    text = flat(cli.invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).output)
    assert "Stages: " + ", ".join(REGISTRY.names()) in text
    assert "--disable -d STAGE" in text and "--lexicon -l FILE" in text


def test_unknown_stage_is_named_plainly(cli: CliRunner, tmp_path: Path) -> None:
    done = cli.invoke(app, ["run", str(tmp_path), "-o", str(tmp_path / "o"), "-d", "nre"])
    assert done.exit_code == 2
    assert "unknown stage(s) nre; stages are: normalize," in flat(done.output)
    assert "['" not in done.output
    with pytest.raises(ValueError, match=r"^stage\(s\) normalize cannot be switched off$"):
        plan_default(["normalize"])
    with pytest.raises(KeyError, match="stages are: normalize, segment"):
        REGISTRY.get("nre")


def test_unknown_ner_backend_fails_before_any_worker(cli: CliRunner, tmp_path: Path) -> None:
    done = cli.invoke(
        app, ["run", str(tmp_path), "-o", str(tmp_path / "o"), "--ner", "spacy", "-w", "2"]
    )
    assert done.exit_code == 2
    assert "unknown NER backend 'spacy'; choose one of newsie, none" in flat(done.output)
    assert "Traceback" not in done.output
    assert not (tmp_path / "o" / ".newsie").exists()  # refused before the run began


def test_duplicate_stage_names_are_listed_once() -> None:
    class Named:
        def __init__(self, name: str) -> None:
            self.name = name

        def __call__(self, doc: object) -> object:
            return doc

    with pytest.raises(ValueError, match=r"^duplicate stage names: a$"):
        Pipeline([Named("a"), Named("b"), Named("a")])  # type: ignore[list-item]
