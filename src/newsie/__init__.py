"""newsie: Arabic security news to structured, geocoded, dated event records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from newsie.knowledge.user_lexicon import LexiconError
from newsie.pipeline import Pipeline, PipelineConfig, PipelineError
from newsie.schema import PIPELINE_VERSION, Article, Document, Entity, ErrorRecord, Event

if TYPE_CHECKING:
    import pandas as pd

__version__ = PIPELINE_VERSION
__all__ = [
    "Article",
    "Document",
    "Entity",
    "ErrorRecord",
    "Event",
    "LexiconError",
    "Pipeline",
    "PipelineConfig",
    "PipelineError",
    "__version__",
    "extract",
    "read_output",
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


def to_frame(
    documents: Iterable[Document], kind: Literal["entities", "events"] = "entities"
) -> pd.DataFrame:
    """One row per entity (or per event), with the document id and date."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for doc in documents:
        if kind == "entities":
            for ent in doc.entities:
                rows.append(
                    {
                        "doc_id": doc.doc_id,
                        "published": doc.published,
                        **ent.model_dump(mode="json"),
                    }
                )
        elif kind == "events":
            for ev in doc.events:
                row = ev.model_dump(mode="json")
                date = row.pop("date") or {}
                row["date"] = date.get("value")
                row["date_text"] = date.get("text")
                row["date_source"] = date.get("source")
                row["admin1"] = sorted(
                    {loc["admin1"] for loc in row["locations"] if loc.get("admin1")}
                )
                row["country"] = next(
                    (loc["country"] for loc in row["locations"] if loc.get("country")), None
                )
                row["actor_names"] = [a["text"] for a in row["actors"]]
                rows.append(row)
        else:
            raise ValueError(f"kind must be 'entities' or 'events', not {kind!r}")
    return pd.DataFrame(rows)
