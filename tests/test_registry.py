"""The stage registry: declarations, the order and checks the pipeline derives from
them, the error when a needed stage is switched off, and third-party stages."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ARTICLES, heavy_stages
from newsie.cli import app
from newsie.pipeline import Pipeline, PipelineConfig, PipelineError, load_stage
from newsie.registry import (
    BUILTIN_STAGES,
    REGISTRY,
    RegistryError,
    StageRegistry,
    StageSpec,
    plan,
    stage,
)
from newsie.schema import Document
from newsie.stages import ner
from newsie.stages.ner import NerStage
from newsie.stages.places import PlacesStage


class CheckpointStage:
    """A third-party stage: a checkpoint (حاجز) is a LOCATION."""

    name = "checkpoints"

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config

    def __call__(self, doc: Document) -> Document:
        start = doc.norm.text.find("حاجز")
        if start >= 0:
            doc.add_entity("LOCATION", start, start + 4, stage=self.name, label="checkpoint")
        return doc


class CountCheckpoints:
    """Reads what another third-party stage provides."""

    name = "count_checkpoints"

    def __init__(self, config: PipelineConfig) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        doc.extras["checkpoints"] = sum(e.label == "checkpoint" for e in doc.entities)
        return doc


class Undecorated:
    name = "undecorated"

    def __init__(self, config: PipelineConfig) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        return doc


@pytest.fixture
def scoped() -> Iterator[StageRegistry]:
    """Registrations made in a test end with it."""
    with REGISTRY.scope() as registry:
        yield registry


def declared(factory: object) -> StageSpec:
    """What @stage recorded on a factory."""
    recorded = getattr(factory, "stage_spec", None)
    assert isinstance(recorded, StageSpec)
    return recorded


def spec(name: str, **declared: tuple[str, ...]) -> StageSpec:
    return StageSpec(name, f"nowhere:{name}", **declared)


def order(*specs: StageSpec) -> list[str]:
    return [s.name for s in plan(specs)]


# --- the declarations -------------------------------------------------------------------


def test_builtin_declarations_agree_with_the_stage_classes() -> None:
    """Each module's @stage repeats its line of BUILTIN_STAGES; loading checks it."""
    for builtin in BUILTIN_STAGES:
        factory = builtin.load()
        assert declared(factory) == builtin
        assert getattr(factory, "name", None) == builtin.name


def test_decorator_records_its_metadata() -> None:
    assert declared(NerStage).requires == ("doc.norm", "doc.sentences", "doc.tokens")
    assert declared(PlacesStage).after == ("ner",)
    assert "doc.country" in declared(PlacesStage).provides
    assert REGISTRY.get("places").doc  # the README line


def test_the_readme_table_shows_the_declarations() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    readme = readme.split("## How it works", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \|[^|]*\|([^|]*)\|([^|]*)\|$", readme, flags=re.M)
    table = {name: (requires, provides) for name, requires, provides in rows}
    assert list(table) == [s.name for s in BUILTIN_STAGES]
    for builtin in BUILTIN_STAGES:
        requires, provides = table[builtin.name]
        required, _, after = requires.partition("(after")
        assert re.findall(r"`([^`]+)`", required) == list(builtin.requires), builtin.name
        assert re.findall(r"`([^`]+)`", provides) == list(builtin.provides), builtin.name
        if builtin.name != "resolve":  # "after every stage that adds entities"
            assert re.findall(r"`([^`]+)`", after) == list(builtin.after), builtin.name


def test_a_class_without_a_name_gets_the_registered_one(scoped: StageRegistry) -> None:
    class Anonymous:
        def __init__(self, config: PipelineConfig) -> None:
            del config

        def __call__(self, doc: Document) -> Document:
            return doc

    stage("anonymous", requires=("doc.norm",))(Anonymous)
    assert load_stage("anonymous", PipelineConfig()).name == "anonymous"


def test_ner_provides_every_type_its_labels_map_to() -> None:
    assert set(ner.LABEL_TO_TYPE.values()) <= set(REGISTRY.get("ner").provides)


def test_each_stage_adds_only_entity_types_it_provides() -> None:
    pipeline = Pipeline.default(PipelineConfig(ner="none"), disable=heavy_stages())
    seen = {(e.stage, e.type) for text in ARTICLES for e in pipeline.process_text(text).entities}
    assert {name for name, _ in seen} >= {"places", "forces", "dates"}
    for name, entity_type in seen:
        assert entity_type in REGISTRY.get(name).provides, (name, entity_type)


def test_a_decorator_that_disagrees_with_the_declaration_fails(scoped: StageRegistry) -> None:
    scoped.add(StageSpec("undecorated", f"{__name__}:Undecorated", provides=("X",)))
    with pytest.raises(RegistryError, match="disagrees with its declaration"):
        stage("undecorated", provides=("Y",))(Undecorated)


def test_a_disagreement_found_at_load_time_fails(scoped: StageRegistry) -> None:
    """Decorated while the declaration was out of scope: loading still compares."""
    with REGISTRY.scope(keep=()):
        stage("undecorated", provides=("Y",))(Undecorated)
    scoped.add(StageSpec("undecorated", f"{__name__}:Undecorated", provides=("X",)))
    try:
        with pytest.raises(RegistryError, match="disagrees with its declaration"):
            load_stage("undecorated", PipelineConfig())
    finally:
        del Undecorated.stage_spec  # type: ignore[attr-defined]


def test_a_declared_factory_without_its_decorator_fails_to_load(scoped: StageRegistry) -> None:
    scoped.add(StageSpec("undecorated", f"{__name__}:Undecorated"))
    with pytest.raises(RegistryError, match="not decorated"):
        load_stage("undecorated", PipelineConfig())


def test_a_name_is_registered_once(scoped: StageRegistry) -> None:
    with pytest.raises(RegistryError, match="already registered"):
        stage("dates")(lambda config: CheckpointStage(config))


def test_scope_undoes_registrations() -> None:
    with REGISTRY.scope(keep=("normalize", "segment")):
        assert REGISTRY.names() == ["normalize", "segment"]
        stage("checkpoints", requires=("doc.norm",), provides=("LOCATION",))(CheckpointStage)
        assert "checkpoints" in REGISTRY
    assert "checkpoints" not in REGISTRY
    assert REGISTRY.names() == [s.name for s in BUILTIN_STAGES]


def test_the_default_stage_modules_are_imported_only_when_enabled() -> None:
    code = (
        "import sys\n"
        "from newsie.pipeline import Pipeline\n"
        "from newsie.registry import REGISTRY\n"
        "assert 'ner' in REGISTRY and REGISTRY.get('events').requires\n"
        "assert not [m for m in sys.modules if m.startswith('newsie.stages')], 'eager'\n"
        "Pipeline.default(disable=['ner'])\n"
        "assert 'newsie.stages.ner' not in sys.modules\n"
        "assert 'newsie.stages.dates' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr


# --- ordering ---------------------------------------------------------------------------


def test_dates_runs_right_after_segment() -> None:
    names = [s.name for s in plan(list(REGISTRY))]
    assert names.index("dates") == names.index("segment") + 1


def test_every_stage_runs_after_what_it_requires_and_its_after_stages() -> None:
    ordered = plan(list(REGISTRY))
    for i, s in enumerate(ordered):
        earlier = ordered[:i]
        later = {p.name for p in ordered[i + 1 :]}
        for item in s.requires:
            assert any(p.satisfies(item) for p in earlier), (s.name, item)
            assert not any(p.satisfies(item) for p in ordered[i + 1 :]), (s.name, item)
        assert not set(s.after) & later, s.name


def test_resolve_runs_after_every_stage_that_adds_entities() -> None:
    ordered = [s.name for s in plan(list(REGISTRY))]
    adders = [s.name for s in REGISTRY if any(p.isupper() for p in s.provides)]
    assert adders and all(ordered.index(n) < ordered.index("resolve") for n in adders)


def test_order_is_registration_order_where_declarations_allow() -> None:
    a, b, c = spec("a"), spec("b"), spec("c")
    assert order(a, b, c) == ["a", "b", "c"]
    # b reads what c provides: c moves before it, the rest keeps its place.
    b_needs = spec("b", requires=("X",))
    assert order(a, b_needs, spec("c", provides=("X",))) == ["a", "c", "b"]
    assert order(spec("a", after=("c",)), b, c) == ["b", "c", "a"]
    # A waiting stage lets the next ready one go first.
    assert order(a, b, spec("c", before=("a",))) == ["b", "c", "a"]


def test_a_requirement_waits_for_every_provider() -> None:
    names = order(
        spec("reader", requires=("X",)), spec("p1", provides=("X",)), spec("p2", provides=("X",))
    )
    assert names == ["p1", "p2", "reader"]


def test_a_stage_name_stands_for_what_it_provides() -> None:
    assert order(spec("b", requires=("a",)), spec("a")) == ["a", "b"]


def test_after_a_switched_off_stage_is_no_constraint() -> None:
    assert order(spec("a", after=("gone",))) == ["a"]


def test_a_cycle_is_an_error() -> None:
    with pytest.raises(PipelineError, match="wait for each other"):
        plan([spec("a", after=("b",)), spec("b", after=("a",))])


# --- switching stages off ---------------------------------------------------------------


def test_disabling_places_names_the_stages_that_need_it() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline.default(disable=["places", *heavy_stages()])
    assert "doc.country" in info.value.missing["forces"]
    assert "doc.country" in info.value.missing["orgs"]
    message = str(info.value)
    assert re.search(r"stage 'forces' needs doc\.country.*\(provided by (ner, )?places\)", message)
    assert "switch off forces, people, orgs, events as well" in message


def test_switching_off_the_dependents_too_is_accepted() -> None:
    off = ["places", "forces", "people", "orgs", "events", *heavy_stages()]
    assert Pipeline.default(disable=off).names == ["normalize", "segment", "dates", "resolve"]


def test_a_requirement_nobody_provides_is_an_error(scoped: StageRegistry) -> None:
    stage("count_checkpoints", requires=("checkpoints",))(CountCheckpoints)
    with pytest.raises(PipelineError, match="stage 'count_checkpoints' needs checkpoints"):
        Pipeline.default(disable=heavy_stages())


def test_without_refuses_to_drop_a_needed_stage() -> None:
    pipeline = Pipeline.default(disable=heavy_stages())
    with pytest.raises(PipelineError, match="stage 'events' needs DATE"):
        pipeline.without("dates")
    assert "orgs" not in pipeline.without("orgs").names  # nothing needs ORG


def test_without_keeps_a_hand_built_pipeline_it_does_not_break() -> None:
    """Unit-test pipelines leave providers out on purpose: only a new gap is an error."""
    from newsie.stages.dates import DatesStage
    from newsie.stages.events import EventsStage
    from newsie.stages.forces import ForcesStage
    from newsie.text.normalize import NormalizeStage
    from newsie.text.segment import SegmentStage

    pipeline = Pipeline([NormalizeStage(), SegmentStage(), DatesStage(), ForcesStage()])
    assert pipeline.without("dates").names == ["normalize", "segment", "forces"]
    with_events = Pipeline([*pipeline.stages, EventsStage()])
    with pytest.raises(PipelineError, match=r"^stage 'events' needs DATE: "):
        with_events.without("dates")


def test_cli_names_the_stage_and_what_it_lacks() -> None:
    args = ["extract", "-", "--disable", "places", *(f"--disable={n}" for n in heavy_stages())]
    result = CliRunner().invoke(app, args, input="قتل جندي في بغداد")
    assert result.exit_code == 2
    assert "stage 'forces' needs doc.country" in result.stderr


def test_cli_help_lists_the_stages() -> None:
    result = CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in ("normalize", "dates", "places", "events"):
        assert name in result.output


# --- third-party stages -----------------------------------------------------------------


def test_a_registered_stage_runs_in_the_default_pipeline(scoped: StageRegistry) -> None:
    register = stage(
        "checkpoints",
        requires=("doc.norm",),
        provides=("LOCATION", "checkpoints"),
        before=("resolve",),
    )
    register(CheckpointStage)
    # Registered after the built-ins, the reader would come last anyway; it names the stage.
    stage("count_checkpoints", requires=("checkpoints",))(CountCheckpoints)
    pipeline = Pipeline.default(disable=heavy_stages())
    names = pipeline.names
    assert names.index("checkpoints") < names.index("resolve")
    assert names.index("count_checkpoints") > names.index("checkpoints")
    doc = pipeline.process_text("اعتقلت القوات مسلحا عند حاجز قرب بغداد.")
    found = [(e.text, e.stage) for e in doc.entities if e.label == "checkpoint"]
    assert found == [("حاجز", "checkpoints")]
    assert doc.extras["checkpoints"] == 1
    with pytest.raises(PipelineError, match="stage 'count_checkpoints' needs checkpoints"):
        Pipeline.default(disable=["checkpoints", *heavy_stages()])


def test_a_reader_registered_before_its_provider_runs_after_it(scoped: StageRegistry) -> None:
    stage("count_checkpoints", requires=("checkpoints",))(CountCheckpoints)
    stage("checkpoints", requires=("doc.norm",), provides=("checkpoints",))(CheckpointStage)
    names = Pipeline.default(disable=heavy_stages()).names
    assert names[-2:] == ["checkpoints", "count_checkpoints"]


def test_a_factory_function_can_be_registered(scoped: StageRegistry) -> None:
    made: list[PipelineConfig] = []

    @stage("checkpoints", requires=("doc.norm",), provides=("LOCATION",))
    def make(config: PipelineConfig) -> CheckpointStage:
        made.append(config)
        return CheckpointStage(config)

    config = PipelineConfig(options={"k": "v"})
    assert isinstance(load_stage("checkpoints", config), CheckpointStage)
    assert made == [config]
    assert declared(make).provides == ("LOCATION",)


class LateStage:
    """A stand-in for a built-in stage whose module is first imported inside a scope."""

    def __init__(self, config: PipelineConfig) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        return doc


def test_a_builtin_imported_inside_a_scope_stays_out_of_it() -> None:
    """A light test registry (scope(keep=...)) must not gain a built-in whose module
    happens to be imported for the first time inside it (say, to check a backend)."""
    registry = StageRegistry([StageSpec("late", f"{__name__}:LateStage")])
    with registry.scope(keep=()):
        stage("late", registry=registry)(LateStage)  # what the module's import does
        assert registry.names() == []
    assert registry.names() == ["late"]
    assert registry.get("late").load() is LateStage  # bound to the decorated class
