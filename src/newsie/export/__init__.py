"""Exports of newsie's output for other tools: ACLED-style CSV, PLOVER/POLECAT-style
JSON lines, and Parquet of the typed frames (`newsie export`)."""

from newsie.export.acled import ACLED_COLUMNS, acled_rows, write_acled
from newsie.export.parquet import read_parquet, write_parquet
from newsie.export.plover import plover_records, write_plover

FORMATS = ("acled", "plover", "parquet")

__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "acled_rows",
    "plover_records",
    "read_parquet",
    "write_acled",
    "write_parquet",
    "write_plover",
]
