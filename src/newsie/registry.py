"""The stage registry: which stages exist, what each needs and what it provides.

Modelled on spaCy's `Language.factory` (a decorator registers a factory with what it
assigns) and Stanza's processors (`REQUIRES`/`PROVIDES`, checked by the pipeline).
A stage declares with `@stage(name, requires=..., provides=...)`:

- entity types it adds or reads, in capitals: `DATE`, `COUNTRY`, `UNIT` ...;
- document layers and fields, as attribute paths: `doc.norm`, `doc.tokens`,
  `doc.country` ...;
- a stage's name, which stands for everything that stage provides.

`requires` is what the stage reads to make its own decisions: the pipeline refuses to
run it unless an earlier enabled stage provides each item, so switching off a stage
another one needs is an error, not silently worse output. `after`/`before` only order
(the stage takes the other's output into account when that stage is on, as every
stage does with the optional statistical NER). The pipeline runs the stages in a
stable topological order: registration order wherever the declarations allow it.

The built-in stages are declared below as "module:factory" strings, so the registry
knows them without importing their modules (the NER stage loads torch, camel-tools
reads its data at import); each module's own `@stage` decorator must agree with its
declaration, or the import fails. Third-party code registers more stages with the
same decorator.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from newsie.pipeline import PipelineConfig, Stage

StageFactory = Callable[["PipelineConfig"], "Stage"]
F = TypeVar("F", bound=Callable[..., Any])

# Groups the declarations below share.
_PLACES = ("COUNTRY", "PROVINCE", "LOCATION")
_FORCES = ("UNIT", "BRIGADE", "ARMED_GROUP")
_TEXT = ("doc.norm", "doc.sentences", "doc.tokens")
# Stages whose entities are statistical guesses that yield to rule entities: resolve
# settles overlaps by it, and rule stages claim such a guess's span or fields
# (newsie.claims) for resolve to drop or correct.
STATISTICAL_STAGES = frozenset({"ner"})


class RegistryError(ValueError):
    """A stage registered twice, or a stage's decorator disagreeing with its declaration."""


class PipelineError(ValueError):
    """The enabled stages cannot run: a stage lacks what only a switched-off stage
    provides, or the order constraints form a cycle. `missing` maps each such stage
    to what it lacks."""

    def __init__(self, message: str, missing: dict[str, tuple[str, ...]] | None = None) -> None:
        super().__init__(message)
        self.missing = missing or {}


@dataclass(frozen=True)
class StageSpec:
    """A registered stage: its factory (or "module:factory" until first use) and
    its declarations."""

    name: str
    factory: str | StageFactory = field(compare=False)
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    doc: str = field(default="", compare=False)

    def satisfies(self, item: str) -> bool:
        return item == self.name or item in self.provides

    def load(self) -> StageFactory:
        """The factory, importing its module the first time."""
        if not isinstance(self.factory, str):
            return self.factory
        module_name, _, attr = self.factory.partition(":")
        factory: StageFactory = getattr(importlib.import_module(module_name), attr)
        decorated = getattr(factory, "stage_spec", None)
        if decorated is None:
            raise RegistryError(f"{self.factory} is not decorated with @stage('{self.name}')")
        if decorated != self:
            raise RegistryError(
                f"@stage('{self.name}') on {self.factory} disagrees with its declaration: "
                f"declared {_declared(self)}, decorated {_declared(decorated)}"
            )
        return factory


class StageRegistry:
    """Stages by name, in registration order (the default pipeline's order where the
    declarations do not force another)."""

    def __init__(self, specs: Iterable[StageSpec] = ()) -> None:
        self._specs: dict[str, StageSpec] = {}
        # Stages a scope(keep=...) left out: a built-in module imported inside the scope
        # binds its declaration there, and does not come back into the scope.
        self._hidden: dict[str, StageSpec] = {}
        for spec in specs:
            self.add(spec)

    def add(self, spec: StageSpec) -> StageSpec:
        """Register `spec`; a built-in's decorator binds the factory to its declaration."""
        hidden = self._hidden.get(spec.name)
        if (
            hidden is not None
            and spec.name not in self._specs
            and _declares(hidden.factory, spec.factory)
        ):
            self._hidden[spec.name] = _bind(hidden, spec)
            return self._hidden[spec.name]
        known = self._specs.get(spec.name)
        if known is not None:
            if not _declares(known.factory, spec.factory):
                raise RegistryError(f"a stage named '{spec.name}' is already registered")
            spec = _bind(known, spec)
        self._specs[spec.name] = spec
        return spec

    def remove(self, name: str) -> None:
        del self._specs[name]

    def get(self, name: str) -> StageSpec:
        try:
            return self._specs[name]
        except KeyError:
            known = ", ".join(self.names())
            raise KeyError(f"no stage named '{name}'; stages are: {known}") from None

    def names(self) -> list[str]:
        return list(self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __iter__(self) -> Iterator[StageSpec]:
        return iter(list(self._specs.values()))

    @contextmanager
    def scope(self, keep: Iterable[str] | None = None) -> Iterator[StageRegistry]:
        """Registrations inside the block are undone at its end; with `keep`, only those
        stages are registered meanwhile (tests that need a light pipeline)."""
        saved, hidden = dict(self._specs), self._hidden
        if keep is not None:
            names = set(keep)
            self._specs = {n: s for n, s in saved.items() if n in names}
            self._hidden = {**hidden, **{n: s for n, s in saved.items() if n not in names}}
        try:
            yield self
        finally:
            bound = {n: s for n, s in self._hidden.items() if n in saved}
            self._specs = {n: bound.get(n, s) for n, s in saved.items()}
            self._hidden = hidden


def _declares(declared: str | StageFactory, factory: str | StageFactory) -> bool:
    """Whether the lazy "module:factory" `declared` names `factory`: the same object in
    the module or in a module of that package (newsie.stages.events -> .stage)."""
    if not isinstance(declared, str) or isinstance(factory, str):
        return False
    module, _, attr = declared.partition(":")
    own = factory.__module__
    return getattr(factory, "__qualname__", "") == attr and (
        own == module or own.startswith(module + ".")
    )


def _bind(declared: StageSpec, decorated: StageSpec) -> StageSpec:
    """A built-in's decorated factory in place of its lazy declaration, which it must
    agree with."""
    if declared != decorated:
        raise RegistryError(
            f"@stage('{decorated.name}') on {declared.factory} disagrees with its declaration "
            f"in newsie.registry: declared {_declared(declared)}, decorated "
            f"{_declared(decorated)}"
        )
    return replace(decorated, doc=declared.doc)


def _declared(spec: StageSpec) -> str:
    parts = [f"{k}={getattr(spec, k)}" for k in ("requires", "provides", "after", "before")]
    return ", ".join(parts)


def _builtin(name: str, factory: str, doc: str, **declared: tuple[str, ...]) -> StageSpec:
    return StageSpec(name, f"newsie.{factory}", doc=doc, **declared)


# The built-in stages, in the default pipeline's order. Each module's @stage repeats
# its line (the import checks they agree); see the README's "How it works".
BUILTIN_STAGES: tuple[StageSpec, ...] = (
    _builtin(
        "normalize", "text.normalize:NormalizeStage", "normalised text + offset map",
        provides=("doc.norm",),
    ),
    _builtin(
        "segment", "text.segment:SegmentStage", "sentences and tokens",
        requires=("doc.norm",), provides=("doc.sentences", "doc.tokens"),
    ),
    _builtin(
        "dates", "stages.dates:DatesStage", "dates; a dateline fills a missing publication date",
        requires=_TEXT, provides=("DATE", "doc.published"),
    ),
    _builtin(
        "ner", "stages.ner:NerStage", "statistical names the lexicons have never seen",
        requires=_TEXT, provides=("PERSON", "ORG", "LOCATION"),
    ),
    _builtin(
        "places", "stages.places:PlacesStage", "places and the article's country and admin1",
        requires=("doc.norm",), provides=(*_PLACES, "doc.country", "doc.admin1"),
        after=("ner",),
    ),
    _builtin(
        "forces", "stages.forces:ForcesStage", "units, brigades, armed groups",
        requires=("doc.norm", "doc.tokens", "doc.country", *_PLACES), provides=_FORCES,
    ),
    _builtin(
        "people", "stages.people:PeopleStage", "ranks and offices + names",
        requires=("doc.norm", "doc.tokens", *_FORCES, *_PLACES), provides=("PERSON",),
        after=("ner", "dates"),
    ),
    _builtin(
        "orgs", "stages.orgs:OrgsStage", "organisations",
        requires=(*_TEXT, "doc.country", *_PLACES, *_FORCES, "PERSON"), provides=("ORG",),
    ),
    _builtin(
        "resolve", "stages.resolve:ResolveStage", "overlaps between stages",
        after=("dates", "ner", "places", "forces", "people", "orgs"),
    ),
    _builtin(
        "events", "stages.events:EventsStage", "events with actors, place, date, casualties",
        requires=(*_TEXT, "DATE", *_PLACES, "doc.country", "doc.admin1", *_FORCES, "PERSON"),
        provides=("doc.events",),
        after=("resolve",),
    ),
)  # fmt: skip

REGISTRY = StageRegistry(BUILTIN_STAGES)


def stage(
    name: str,
    *,
    requires: Sequence[str] = (),
    provides: Sequence[str] = (),
    after: Sequence[str] = (),
    before: Sequence[str] = (),
    registry: StageRegistry | None = None,
) -> Callable[[F], F]:
    """Register a stage factory (a class or function taking a PipelineConfig).

    The factory gets a `stage_spec` attribute with the declarations; a class gets the
    registered name as its `name`, or must already use it."""

    def register(factory: F) -> F:
        own = getattr(factory, "name", name)
        if isinstance(factory, type) and own != name:
            raise RegistryError(f"stage registered as '{name}' calls itself '{own}'")
        if isinstance(factory, type):
            factory.name = name  # type: ignore[attr-defined]
        spec = StageSpec(
            name,
            factory,
            tuple(requires),
            tuple(provides),
            tuple(after),
            tuple(before),
            doc=(factory.__doc__ or "").strip().splitlines()[0] if factory.__doc__ else "",
        )
        (registry or REGISTRY).add(spec)
        factory.stage_spec = spec  # type: ignore[attr-defined]
        return factory

    return register


def plan(enabled: Sequence[StageSpec], known: Iterable[StageSpec] = ()) -> list[StageSpec]:
    """The enabled stages in a runnable order: after every enabled provider of what
    each requires and after its `after` stages, otherwise in the given order. Raises
    PipelineError naming each stage that lacks something, and the switched-off stage
    (among `known`) that would provide it."""
    missing = _lacking(enabled)
    if missing:
        raise PipelineError(_missing_message(missing, enabled, list(known)), missing)
    names = [s.name for s in enabled]
    preds: dict[str, set[str]] = {n: set() for n in names}
    for spec in enabled:
        for item in spec.requires:
            preds[spec.name] |= {p.name for p in enabled if p is not spec and p.satisfies(item)}
        preds[spec.name] |= {n for n in spec.after if n in preds and n != spec.name}
        for n in spec.before:
            if n in preds and n != spec.name:
                preds[n].add(spec.name)
    ordered: list[StageSpec] = []
    done: set[str] = set()
    while len(ordered) < len(enabled):
        ready = next((s for s in enabled if s.name not in done and preds[s.name] <= done), None)
        if ready is None:
            cycle = sorted(n for n in names if n not in done)
            raise PipelineError(
                f"stages {', '.join(cycle)} wait for each other: check their after/before"
            )
        ordered.append(ready)
        done.add(ready.name)
    return ordered


def unmet(stages: Sequence[StageSpec | None]) -> dict[str, tuple[str, ...]]:
    """For a pipeline in the given order, what each declared stage requires that no
    earlier stage provides. Stages without declarations (None) are taken on trust."""
    out: dict[str, tuple[str, ...]] = {}
    for i, spec in enumerate(stages):
        if spec is None:
            continue
        earlier = [s for s in stages[:i] if s is not None]
        lacks = tuple(r for r in spec.requires if not any(s.satisfies(r) for s in earlier))
        if lacks:
            out[spec.name] = lacks
    return out


def _lacking(enabled: Sequence[StageSpec]) -> dict[str, tuple[str, ...]]:
    """What each stage requires that no other enabled stage provides."""
    out: dict[str, tuple[str, ...]] = {}
    for spec in enabled:
        lacks = tuple(
            item
            for item in spec.requires
            if not any(p is not spec and p.satisfies(item) for p in enabled)
        )
        if lacks:
            out[spec.name] = lacks
    return out


def _missing_message(
    missing: dict[str, tuple[str, ...]],
    enabled: Sequence[StageSpec],
    known: Sequence[StageSpec],
) -> str:
    """One line per stage and what it lacks, then the smallest fix without those
    providers: every stage that needs them, directly or not, switched off too."""
    on = {s.name for s in enabled}
    off = [s for s in known if s.name not in on]
    lines = ["switched-off stages leave others without what they need:"]
    for name, lacks in missing.items():
        offered = sorted({s.name for s in off for item in lacks if s.satisfies(item)})
        hint = f" (provided by {', '.join(offered)})" if offered else ""
        lines.append(f"  stage '{name}' needs {', '.join(lacks)}{hint}")
    rest = list(enabled)
    while lack := _lacking(rest):
        rest = [s for s in rest if s.name not in lack]
    also = [s.name for s in enabled if s not in rest]
    lines.append(f"switch the providers back on, or switch off {', '.join(also)} as well")
    return "\n".join(lines)
