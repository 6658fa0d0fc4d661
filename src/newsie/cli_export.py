"""`newsie export`: an output folder as an ACLED-style CSV, PLOVER/POLECAT-style JSON
lines, or Parquet of the typed frames. Kept out of cli.py so that the command and its
formats live with the exports; cli.py only registers it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)


class ExportFormat(StrEnum):
    acled = "acled"
    plover = "plover"
    parquet = "parquet"


DEFAULT_NAMES = {"acled": "acled.csv", "plover": "plover.jsonl", "parquet": "parquet"}


def export(
    out_dir: Annotated[Path, typer.Argument(help="An output folder of `newsie run`.")],
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="acled: ACLED-style CSV; plover: PLOVER/POLECAT-style JSON lines; "
            "parquet: a folder of documents/entities/events .parquet files.",
            case_sensitive=False,
        ),
    ] = ExportFormat.acled,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write (a folder for parquet). Default: OUT_DIR/acled.csv, "
            "OUT_DIR/plover.jsonl or OUT_DIR/parquet/.",
        ),
    ] = None,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Keep only events at least this confident (0.8: precision over coverage).",
        ),
    ] = 0.0,
) -> None:
    """Export OUT_DIR's events for other tools: ACLED-style CSV, PLOVER JSON lines, Parquet."""
    import newsie
    from newsie.export import write_acled, write_parquet, write_plover
    from newsie.frames import frames

    try:
        docs = newsie.read_output(out_dir)
    except FileNotFoundError:
        err.print(
            f"error: {out_dir} is not an output folder of `newsie run` (no documents.jsonl)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(2) from None
    if min_confidence > 0:
        for doc in docs:
            doc.events = [e for e in doc.events if e.confidence >= min_confidence]
    target = output or out_dir / DEFAULT_NAMES[format.value]
    try:
        if format is ExportFormat.parquet:
            written = write_parquet(frames(docs), target)
            what = f"{len(written)} files ({sum(len(d.events) for d in docs)} events)"
        elif format is ExportFormat.acled:
            what = f"{write_acled(docs, target)} events"
        else:
            what = f"{write_plover(docs, target)} events"
    except OSError as exc:
        err.print(f"error: cannot write {target}: {exc.strerror or exc}", markup=False)
        raise typer.Exit(1) from exc
    err.print(f"wrote {what} to {target}", markup=False, highlight=False)
