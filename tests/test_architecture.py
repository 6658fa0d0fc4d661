"""The import rules of issue 15: stages share knowledge through `newsie.lang` and
`newsie.knowledge`, never by importing each other, so a stage can be switched off,
replaced or split without reaching into another one's module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
STAGES = SRC / "newsie" / "stages"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module `source` imports (type-only and function-level imports included),
    relative imports resolved against `module`; `from p import x` gives p and p.x, as x
    may be a submodule."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def stage_of(module: str) -> str | None:
    """The stage a module belongs to: newsie.stages.places -> places, and every module
    of a stage package (newsie.stages.events.dates) -> that package (events)."""
    parts = module.split(".")
    if parts[:2] != ["newsie", "stages"] or len(parts) < 3:
        return None
    return parts[2]


def foreign_stage_imports(path: Path) -> list[str]:
    """Imports of `path` that reach into a stage other than its own."""
    module = _module_name(path)
    own = stage_of(module)
    imported = imported_modules(path.read_text(encoding="utf-8"), module, path.stem == "__init__")
    return sorted(name for name in imported if stage_of(name) is not None and stage_of(name) != own)


def _modules(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))


def test_the_walk_sees_every_kind_of_import() -> None:
    source = """
from newsie.stages.places import nationality_adjectives
from newsie.stages import forces
import newsie.stages.people
from ..resolve import STATISTICAL_STAGES
from . import lexicon
from newsie.text.normalize import normalize_key
def late():
    from newsie.stages.dates import DatesStage
"""
    imported = imported_modules(source, "newsie.stages.events.x")
    foreign = {name for name in imported if stage_of(name) not in (None, "events")}
    assert {
        "newsie.stages.places",
        "newsie.stages.forces",
        "newsie.stages.people",
        "newsie.stages.resolve",
        "newsie.stages.dates",
    } <= foreign
    assert "newsie.stages.events.lexicon" in imported
    assert stage_of("newsie.stages.events.lexicon") == "events"
    assert stage_of("newsie.text.normalize") is None


@pytest.mark.parametrize("path", _modules(STAGES), ids=lambda p: str(p.relative_to(STAGES)))
def test_no_stage_imports_another_stage(path: Path) -> None:
    assert foreign_stage_imports(path) == [], (
        "a stage imports another stage: move what they share to newsie.lang.ar "
        "(language) or newsie.knowledge (world knowledge)"
    )


@pytest.mark.parametrize("package", ["lang", "knowledge", "text"])
def test_shared_packages_import_no_stage(package: str) -> None:
    offenders = {
        _module_name(path): sorted(
            name
            for name in imported_modules(path.read_text(encoding="utf-8"), _module_name(path))
            if stage_of(name) is not None or name == "newsie.stages"
        )
        for path in _modules(SRC / "newsie" / package)
    }
    assert {m: names for m, names in offenders.items() if names} == {}


def test_language_facts_do_not_depend_on_world_knowledge() -> None:
    for path in _modules(SRC / "newsie" / "lang"):
        imported = imported_modules(path.read_text(encoding="utf-8"), _module_name(path))
        assert not any(name.startswith("newsie.knowledge") for name in imported), path
