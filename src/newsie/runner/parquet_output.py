"""`newsie run --format parquet`: the committed output, also as partitioned Parquet.

OUT/parquet/{documents,entities,events}/part-NNNNN.parquet, one part per few
thousand documents, with newsie.load's columns and one schema across the parts, so
that `dask.dataframe.read_parquet(OUT/parquet/events)` and `pandas.read_parquet`
read each folder whole. The JSONL files stay the record of what is committed; the
Parquet folders are rebuilt from them after each run, beside the old ones, and
swapped in by a rename.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsie.runner.output import iter_output_rows
from newsie.runner.state import STATE_DIR
from newsie.schema import Document

if TYPE_CHECKING:
    import pandas as pd

PARQUET_DIR = "parquet"
KINDS = ("documents", "entities", "events")


def write_partitioned(out_dir: Path, documents_per_part: int = 5000) -> Path:
    """Rebuild OUT/parquet from OUT's committed records; returns the folder."""
    from newsie.frames import to_frame

    out_dir = Path(out_dir)
    meta_keys = _meta_keys(out_dir)
    tmp = out_dir / STATE_DIR / (PARQUET_DIR + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for kind in KINDS:
        (tmp / kind).mkdir(parents=True)
    part = 0
    for docs in _chunks(_documents(out_dir), documents_per_part):
        for kind in KINDS:
            frame = to_frame(docs, kind)  # type: ignore[arg-type]
            _write_part(_with_meta_columns(frame, kind, meta_keys), tmp / kind, part)
        part += 1
    if part == 0:  # no documents: still one (empty) part, so the folders can be read
        for kind in KINDS:
            frame = to_frame([], kind)  # type: ignore[arg-type]
            _write_part(_with_meta_columns(frame, kind, meta_keys), tmp / kind, 0)
    final = out_dir / PARQUET_DIR
    old = out_dir / STATE_DIR / (PARQUET_DIR + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def _meta_keys(out_dir: Path) -> list[str]:
    """Every metadata key of the documents (a first pass), so every part has the same
    columns whatever metadata its own articles carry."""
    keys: dict[str, None] = {}
    for row in iter_output_rows(out_dir, "documents.jsonl"):
        keys.update(dict.fromkeys(row.get("meta") or {}))
    return list(keys)


def _documents(out_dir: Path) -> Iterator[Document]:
    """Documents with their events, streaming both files side by side: a document's
    event lines follow the same order as the documents (they are appended together)."""
    events = iter_output_rows(out_dir, "events.jsonl")
    pending = next(events, None)
    for row in iter_output_rows(out_dir, "documents.jsonl"):
        mine: list[dict[str, Any]] = []
        while pending is not None and pending["doc_id"] == row["doc_id"]:
            mine.append(pending)
            pending = next(events, None)
        yield Document.model_validate({**row, "events": mine})
    if pending is not None:
        raise ValueError(
            f"events.jsonl is not in the documents' order (event {pending['event_id']}); "
            "run `newsie run --reprocess` to rewrite the output"
        )


def _chunks(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for doc in docs:
        chunk.append(doc)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _with_meta_columns(frame: pd.DataFrame, kind: str, meta_keys: list[str]) -> pd.DataFrame:
    from newsie.frames import COLUMNS

    if kind == "entities":
        return frame
    extra = [k for k in meta_keys if k not in COLUMNS[kind]]
    frame = frame.reindex(columns=[*COLUMNS[kind], *extra])
    for name in extra:  # text in every part, whatever values this part's articles hold
        column = frame[name].astype(object)
        frame[name] = column.where(column.notna(), None)
    return frame


def _write_part(frame: pd.DataFrame, folder: Path, part: int) -> None:
    """One part file; columns of objects become text (JSON for dicts and lists), and
    a column that is empty in this part is typed as text, not as Parquet's null."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = frame.copy()
    for name in frame.columns:
        if frame[name].dtype == object:
            frame[name] = frame[name].map(_as_text)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = [
        pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in table.schema
    ]
    table = table.cast(pa.schema(fields, metadata=table.schema.metadata))
    pq.write_table(table, folder / f"part-{part:05d}.parquet")


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value != value:  # NaN from a reindexed column
        return None
    return json.dumps(value, ensure_ascii=False, default=str)
