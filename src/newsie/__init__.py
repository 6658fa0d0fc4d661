"""newsie: Arabic security news to structured, geocoded, dated event records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsie.display import render, to_displacy
from newsie.frames import Frames, load, to_frame
from newsie.knowledge.user_lexicon import LexiconError
from newsie.pipeline import Pipeline, PipelineConfig, PipelineError
from newsie.schema import PIPELINE_VERSION, Article, Document, Entity, ErrorRecord, Event

__version__ = PIPELINE_VERSION
__all__ = [
    "Article",
    "Document",
    "Entity",
    "ErrorRecord",
    "Event",
    "Frames",
    "LexiconError",
    "Pipeline",
    "PipelineConfig",
    "PipelineError",
    "__version__",
    "extract",
    "load",
    "read_output",
    "render",
    "to_displacy",
    "to_frame",
]


@lru_cache(maxsize=4)
def _default_pipeline(lexicons: tuple[tuple[str, int], ...] = ()) -> Pipeline:
    return Pipeline.default(lexicons=[path for path, _ in lexicons])


def extract(
    text: str,
    published: dt.date | str | None = None,
    doc_id: str = "text",
    lexicons: Sequence[str | Path] = (),
) -> Document:
    """Run the default pipeline on one article's text, knowing the names in the user
    lexicon files `lexicons` (the pipeline is kept until a file changes).

    The checks of `newsie run` apply (`Pipeline.process_text`): text it would refuse
    gives a warning on the Document, lone surrogates are replaced by U+FFFD, and a
    `published` that is not a YYYY-MM-DD date raises a ValueError naming the field."""
    key = tuple((str(p), _mtime(p)) for p in lexicons)
    return _default_pipeline(key).process_text(text, published=published, doc_id=doc_id)


def _mtime(path: str | Path) -> int:
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return -1  # the loader reports the missing file, naming it


def read_output(out_dir: str | Path) -> list[Document]:
    """Documents written by `newsie run`, with their events attached; only what a
    run committed (not the unfinished batch of a run that was killed)."""
    from newsie.runner.output import iter_output_rows

    out = Path(out_dir)
    if not (out / "documents.jsonl").exists():
        raise FileNotFoundError(f"{out / 'documents.jsonl'} does not exist")
    events: dict[str, list[dict[str, Any]]] = {}
    for row in iter_output_rows(out, "events.jsonl"):
        events.setdefault(row["doc_id"], []).append(row)
    return [
        Document.model_validate({**row, "events": events.get(row["doc_id"], [])})
        for row in iter_output_rows(out, "documents.jsonl")
    ]
