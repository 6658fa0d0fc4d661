"""newsie on Dask: bags of articles and records, for archives larger than one machine.

    import newsie.dask as nd
    articles = nd.read_articles(["archive/2015/", "wires/*.jsonl.gz"])
    records = nd.extract(articles)                        # a bag of document records
    events = nd.to_dataframe(records, kind="events")      # a Dask DataFrame

Each Dask worker process builds the pipeline once (newsie.dask.engine's per-process
cache), with torch at one thread. A bad article becomes an error record in the bag
(`{"error": {...}}`), never a failed task. `newsie run --engine dask` uses the same
workers with the local engine's incremental state, lock and output files.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from newsie.dask.engine import DaskEngineError, worker_pipeline
from newsie.io.readers import iter_input_files, read_isolated
from newsie.runner.work import PipelineSpec
from newsie.schema import Article, ErrorRecord

__all__ = ["DaskEngineError", "extract", "read_articles", "to_dataframe"]


def _input_files(paths: str | Path | Sequence[str | Path]) -> list[tuple[str, str]]:
    """(file, root its ids are relative to) for files, folders and glob patterns."""
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files: list[tuple[str, str]] = []
    for item in items:
        matches = sorted(glob.glob(str(item))) if glob.has_magic(str(item)) else [str(item)]
        for match in matches:
            path = Path(match)
            root = path if path.is_dir() else path.parent
            files.extend((str(f), str(root)) for f in iter_input_files(path))
    return files


def _read_one(entry: tuple[str, str]) -> list[Article | ErrorRecord]:
    path, root = entry
    return list(read_isolated(Path(path), Path(root)))


def read_articles(paths: str | Path | Sequence[str | Path]) -> Any:
    """A Dask bag of Article (and ErrorRecord, for inputs that cannot be read), one
    partition per file: .txt, .json, .jsonl, .jsonl.gz and .json.gz, as `newsie run`
    reads them. Folders are walked on the client; files are read on the workers."""
    import dask.bag as db

    files = _input_files(paths)
    if not files:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(files, npartitions=len(files)).map(_read_one).flatten()


def _extract_one(item: Article | ErrorRecord, spec: PipelineSpec) -> dict[str, Any]:
    from newsie.runner.work import process_article

    if isinstance(item, ErrorRecord):
        return {"error": item.model_dump(mode="json")}
    outcome = process_article(worker_pipeline(spec), item, 0)
    if not outcome.ok:
        return {"error": json.loads(outcome.lines["errors.jsonl"][0])}
    record: dict[str, Any] = json.loads(outcome.lines["documents.jsonl"][0])
    record["events"] = [json.loads(line) for line in outcome.lines["events.jsonl"]]
    return record


def extract(articles: Any, spec: PipelineSpec | None = None) -> Any:
    """A bag of document records (documents.jsonl's fields plus `events`) from a bag
    of articles; failures are `{"error": {path, line, doc_id, stage, reason}}`."""
    return articles.map(_extract_one, spec=spec or PipelineSpec())


def _frame_of(records: Iterable[dict[str, Any]], kind: str) -> Any:
    import pandas as pd

    from newsie.frames import to_frame
    from newsie.schema import Document

    if kind == "errors":
        columns = list(ErrorRecord.model_fields)
        return pd.DataFrame([r["error"] for r in records if "error" in r], columns=columns)
    docs = [Document.model_validate(r) for r in records if "error" not in r]
    return to_frame(docs, kind=kind)  # type: ignore[arg-type]


def to_dataframe(
    records: Any, kind: Literal["documents", "entities", "events", "errors"] = "events"
) -> Any:
    """A Dask DataFrame of one kind of row, with the columns and dtypes of `newsie.load`
    (errors: errors.jsonl's fields)."""
    import dask
    import dask.dataframe as dd

    meta = _frame_of([], kind)
    parts = [dask.delayed(_frame_of)(part, kind) for part in records.to_delayed()]
    return dd.from_delayed(parts, meta=meta, verify_meta=False)
