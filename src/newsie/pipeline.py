"""Stages and the pipeline that runs them in order.

A stage is anything with a `name` and a `__call__(doc) -> doc`. The pipeline is
an ordered list of them; any stage can be switched off by name. Stages never
call each other: each reads the Document and adds to it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

from newsie.knowledge.user_lexicon import UserLexicon, load_lexicons
from newsie.schema import Article, Document


@runtime_checkable
class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True)
class PipelineConfig:
    """Options that stage factories read. Add a field per new option."""

    ner: str = "newsie"
    options: dict[str, str] = field(default_factory=dict)
    # The user's own names (newsie.knowledge.user_lexicon); each stage takes its types.
    lexicons: UserLexicon = field(default_factory=UserLexicon)


StageFactory = Callable[[PipelineConfig], Stage]

# name -> "module:factory". The factory takes a PipelineConfig and returns a Stage.
# Order here is the order of the default pipeline.
STAGE_REGISTRY: dict[str, str] = {
    "normalize": "newsie.text.normalize:NormalizeStage",
    "segment": "newsie.text.segment:SegmentStage",
    "ner": "newsie.stages.ner:NerStage",
    "places": "newsie.stages.places:PlacesStage",
    "forces": "newsie.stages.forces:ForcesStage",
    "people": "newsie.stages.people:PeopleStage",
    "orgs": "newsie.stages.orgs:OrgsStage",
    "dates": "newsie.stages.dates:DatesStage",
    "resolve": "newsie.stages.resolve:ResolveStage",
    "events": "newsie.stages.events:EventsStage",
}

# Stages the text analysis needs; switching them off leaves nothing to work on.
REQUIRED_STAGES = ("normalize", "segment")


class StageError(Exception):
    """A stage failed on a document; carries the stage's name."""

    def __init__(self, stage: str, cause: BaseException) -> None:
        super().__init__(f"stage '{stage}' failed: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause


class Pipeline:
    """An ordered list of named stages."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages: list[Stage] = list(stages)
        names = [s.name for s in self.stages]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate stage names: {names}")

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def without(self, *names: str) -> Pipeline:
        """A copy of this pipeline with the named stages switched off."""
        _check_disable(names, self.names)
        return Pipeline(s for s in self.stages if s.name not in names)

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            try:
                result = stage(doc)
            except Exception as exc:
                raise StageError(stage.name, exc) from exc
            if not isinstance(result, Document):
                # A stage that forgets `return doc` would otherwise fail in the next one.
                cause = TypeError(f"returned {type(result).__name__}, not a Document")
                raise StageError(stage.name, cause)
            doc = result
        return doc

    def process(self, article: Article) -> Document:
        return self(Document.from_article(article))

    def process_text(self, text: str, published: object = None, doc_id: str = "text") -> Document:
        article = Article.model_validate(
            {
                "id": doc_id,
                "source": "<text>",
                "text": text,
                "published": published,
                "published_source": "input" if published else None,
            }
        )
        return self.process(article)

    @classmethod
    def default(
        cls,
        config: PipelineConfig | None = None,
        disable: Sequence[str] = (),
        lexicons: Iterable[str | Path] = (),
    ) -> Pipeline:
        """The default pipeline with every registered stage, minus `disable`, knowing the
        names in the user lexicon files `lexicons` (a bad row raises LexiconError)."""
        config = config or PipelineConfig()
        paths = list(lexicons)
        if paths:
            config = replace(config, lexicons=config.lexicons + load_lexicons(paths))
        _check_disable(disable, list(STAGE_REGISTRY))
        return cls(load_stage(name, config) for name in STAGE_REGISTRY if name not in disable)


def load_stage(name: str, config: PipelineConfig) -> Stage:
    module_name, _, factory_name = STAGE_REGISTRY[name].partition(":")
    factory: StageFactory = getattr(importlib.import_module(module_name), factory_name)
    stage = factory(config)
    if stage.name != name:
        raise ValueError(f"stage registered as '{name}' calls itself '{stage.name}'")
    return stage


def _check_disable(names: Iterable[str], available: Sequence[str]) -> None:
    unknown = set(names) - set(available)
    if unknown:
        raise ValueError(f"unknown stage(s) {sorted(unknown)}; stages are: {', '.join(available)}")
    required = set(names) & set(REQUIRED_STAGES)
    if required:
        raise ValueError(f"stage(s) {sorted(required)} cannot be switched off")
