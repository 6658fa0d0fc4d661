"""Stages and the pipeline that runs them in order.

A stage is anything with a `name` and a `__call__(doc) -> doc`. The pipeline is
an ordered list of them; any stage can be switched off by name, unless a stage
still on requires what it provides (newsie.registry). Stages never call each
other: each reads the Document and adds to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

from newsie.io.checks import check_text, usable_published
from newsie.knowledge.user_lexicon import UserLexicon, load_lexicons
from newsie.registry import REGISTRY, PipelineError, StageSpec, plan, unmet
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


# The stages themselves are registered in newsie.registry (`@stage`), each with what
# it requires and provides; the default pipeline orders and checks them from there.

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
            twice = sorted({n for n in names if names.count(n) > 1})
            raise ValueError(f"duplicate stage names: {', '.join(twice)}")

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def without(self, *names: str) -> Pipeline:
        """A copy of this pipeline with the named stages switched off; a PipelineError
        when a stage left on requires what only they provided."""
        _check_disable(names, self.names)
        kept = [s for s in self.stages if s.name not in names]
        # Only new gaps: a hand-built pipeline may leave providers out on purpose.
        before = unmet([_spec_of(s) for s in self.stages])
        lost = {
            name: new
            for name, lacks in unmet([_spec_of(s) for s in kept]).items()
            if (new := tuple(i for i in lacks if i not in before.get(name, ())))
        }
        if lost:
            needs = "; ".join(f"stage '{n}' needs {', '.join(lacks)}" for n, lacks in lost.items())
            raise PipelineError(f"{needs}: switch those stages off too", lost)
        return Pipeline(kept)

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
        """Process one article's text with the input checks of `newsie run`: a text it
        would refuse (empty, not Arabic, too large) and a publication date in the future
        or before 1900 (then not used) give warnings on the Document; lone surrogates
        are replaced. A `published` that is no date raises a ValueError naming it."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        warnings: list[str] = []
        date = usable_published(published, warnings)
        reason = check_text(text)
        if reason:
            warnings.append(reason)
        article = Article(
            id=str(doc_id),
            source="<text>",
            text=text,
            published=date,
            published_source="input" if date else None,
            warnings=warnings,
        )
        return self.process(article)

    @classmethod
    def default(
        cls,
        config: PipelineConfig | None = None,
        disable: Sequence[str] = (),
        lexicons: Iterable[str | Path] = (),
    ) -> Pipeline:
        """The default pipeline: every registered stage but `disable`, in an order that
        gives each what it requires (a PipelineError names the stage and what it lacks),
        knowing the names in the user lexicon files `lexicons` (a bad row raises
        LexiconError)."""
        config = config or PipelineConfig()
        paths = list(lexicons)
        if paths:
            config = replace(config, lexicons=config.lexicons + load_lexicons(paths))
        ordered = plan_default(disable)
        return cls(load_stage(spec.name, config) for spec in ordered)


def plan_default(disable: Sequence[str] = ()) -> list[StageSpec]:
    """The registered stages but `disable`, ordered; a ValueError or PipelineError for
    options that cannot work. Checked before any stage module is imported: a refused
    pipeline loads no model."""
    _check_disable(disable, REGISTRY.names())
    enabled = [spec for spec in REGISTRY if spec.name not in disable]
    return list(plan(enabled, known=REGISTRY))


def load_stage(name: str, config: PipelineConfig) -> Stage:
    """The registered stage `name`, built from `config` (imports its module)."""
    stage = REGISTRY.get(name).load()(config)
    if stage.name != name:
        raise ValueError(f"stage registered as '{name}' calls itself '{stage.name}'")
    return stage


def _spec_of(stage: Stage) -> StageSpec | None:
    """The declarations of a registered stage's class; None for an ad hoc stage."""
    spec = getattr(stage, "stage_spec", None)
    return spec if isinstance(spec, StageSpec) else None


def _check_disable(names: Iterable[str], available: Sequence[str]) -> None:
    unknown = set(names) - set(available)
    if unknown:
        raise ValueError(
            f"unknown stage(s) {', '.join(sorted(unknown))}; stages are: {', '.join(available)}"
        )
    required = set(names) & set(REQUIRED_STAGES)
    if required:
        raise ValueError(f"stage(s) {', '.join(sorted(required))} cannot be switched off")
