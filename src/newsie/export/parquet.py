"""Parquet of the three typed frames, for R, DuckDB, Spark or pandas without JSON.

`write_parquet(frames, DIR)` writes DIR/documents.parquet, DIR/entities.parquet and
DIR/events.parquet; `read_parquet(DIR)` gives the same Frames back, dtypes included.
Columns holding dicts or lists (`attributes`, `warnings`, nested metadata) are stored
as JSON text, named in the file's metadata, since Parquet has no column type for
"any JSON value"; reading decodes them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsie.frames import COLUMNS, Frames, coerce

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("documents", "entities", "events")
_JSON_KEY = b"newsie.json_columns"


def write_parquet(frames: Frames, folder: str | Path) -> list[Path]:
    """Write the three frames into `folder` (created); the files written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        frame: pd.DataFrame = getattr(frames, kind).copy()
        encoded = [name for name in frame.columns if _holds_json(frame[name])]
        for name in encoded:
            frame[name] = frame[name].map(_dump)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[_JSON_KEY] = json.dumps(encoded).encode()
        path = out / f"{kind}.parquet"
        pq.write_table(table.replace_schema_metadata(meta), path)
        written.append(path)
    return written


def read_parquet(folder: str | Path) -> Frames:
    """The frames `write_parquet` wrote, with their dtypes."""
    import pyarrow.parquet as pq

    frames = []
    for kind in KINDS:
        table = pq.read_table(Path(folder) / f"{kind}.parquet")
        frame = table.to_pandas()
        encoded = json.loads((table.schema.metadata or {}).get(_JSON_KEY, b"[]"))
        for name in encoded:
            frame[name] = frame[name].map(_load).astype("object")
        frames.append(coerce(frame, COLUMNS[kind]))
    return Frames(*frames)


def _holds_json(column: pd.Series) -> bool:
    """A column of objects that are not all text (dicts, lists, mixed scalars)."""
    if column.dtype != object:
        return False
    return any(v is not None and not isinstance(v, str) for v in column)


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _load(value: Any) -> Any:
    return None if value is None else json.loads(value)
