"""The wheel carries the default NER model.

`pip wheel` builds the project (from a copy of the checkout, so that no build/ folder is left
in the repository or reused from an earlier build), `pip install --target` installs it into a
bare folder, and a fresh interpreter with that folder first on its path imports the installed
package, finds the model inside it and runs the default pipeline with NER on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from newsie.stages import ner

REPO = Path(__file__).resolve().parents[1]
MODEL_FILES = (ner.MODEL_FILE, ner.PRETRAIN_FILE)

pytestmark = pytest.mark.skipif(
    not all((REPO / "models" / name).exists() for name in MODEL_FILES),
    reason="shipped NER model not built (scripts/train_ner.py)",
)

# Not part of the build: version control, virtual environments, caches, earlier builds, the
# sample data and the tests themselves.
_NOT_BUILT = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    "data",
    "tests",
)

# Run by the installed package: which newsie was imported, where it found the model, and what
# the default pipeline's ner stage tagged.
_PROBE = """
import json
from newsie import __file__ as package_file
from newsie.pipeline import Pipeline
from newsie.schema import Article, Document
from newsie.stages.ner import models_dir

pipeline = Pipeline.default()
text = "قتل ثلاثة جنود في هجوم على نقطة تفتيش في كركوك أمس. وقال جو بايدن في واشنطن إن الوضع خطير."
doc = Document.from_article(Article(id="probe", source="<probe>", text=text))
tagged = []
for stage in pipeline.stages:
    doc = stage(doc)
    if stage.name == "ner":
        tagged = [[e.type, e.text] for e in doc.entities if e.stage == "ner"]
print(json.dumps({
    "package": package_file,
    "models": str(models_dir()),
    "stages": pipeline.names,
    "tagged": tagged,
    "entities": [[e.type, e.text] for e in doc.entities],
}, ensure_ascii=False))
"""


def _pip(*args: str, cwd: Path) -> None:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pip", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("checkout") / "newsie"
    shutil.copytree(REPO, source, ignore=_NOT_BUILT)
    out = tmp_path_factory.mktemp("wheel")
    _pip("wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source), cwd=out)
    (built,) = out.glob("newsie-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    _pip(
        "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel), cwd=target
    )
    return target


def test_wheel_carries_the_model_and_every_module(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    for name in MODEL_FILES:
        assert sizes.get(f"newsie/models/{name}") == (REPO / "models" / name).stat().st_size
    assert "newsie/models/README.md" in sizes  # the model's licence and attribution
    modules = {
        "newsie/" + path.relative_to(REPO / "src" / "newsie").as_posix()
        for path in (REPO / "src" / "newsie").rglob("*.py")
    }
    assert modules <= set(sizes), sorted(modules - set(sizes))
    runtime_data = {
        "newsie/resources/" + path.relative_to(REPO / "src" / "newsie" / "resources").as_posix()
        for path in (REPO / "src" / "newsie" / "resources").rglob("*.tsv")
    }
    assert runtime_data <= set(sizes), sorted(runtime_data - set(sizes))


def test_wheel_leaves_out_build_only_inputs(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    built_from = {path.name for path in (REPO / "scripts" / "gazetteer").glob("*.tsv")}
    assert built_from  # the gazetteer's hand-written tables live beside their build script
    assert not [name for name in names if name.rsplit("/", 1)[-1] in built_from]


def test_installed_package_finds_its_model_and_tags_names(installed: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEWSIE_MODELS"}
    env["PYTHONPATH"] = str(installed)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=installed.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(probe["package"]).is_relative_to(installed)
    models = Path(probe["models"])
    assert models == installed / "newsie" / "models"
    assert all((models / name).is_file() for name in MODEL_FILES)
    assert "ner" in probe["stages"]
    tagged = {tuple(pair) for pair in probe["tagged"]}
    assert ("PERSON", "جو بايدن") in tagged
    assert ("LOCATION", "كركوك") in tagged
    assert ["PERSON", "جو بايدن"] in probe["entities"]
