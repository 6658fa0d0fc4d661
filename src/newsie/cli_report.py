"""`newsie report` and `newsie eval`: read an output folder, never write to it.

Registered on the main app by importing this module from newsie.cli.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from newsie.cli import _fail, app


@app.command()
def report(
    out_dir: Annotated[Path, typer.Argument(help="An output folder of `newsie run`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
    title: Annotated[str | None, typer.Option("--title", help="Title of the page.")] = None,
    max_rows: Annotated[
        int,
        typer.Option("--max-rows", min=0, help="Events listed in the table, the latest (0: all)."),
    ] = 5000,
) -> None:
    """Write one self-contained HTML page about OUT_DIR: totals, events per week,
    a map, top actors and provinces, and a searchable table. Works offline."""
    from newsie.report import build_report

    try:
        html = build_report(out_dir, title=title, max_rows=max_rows)
    except FileNotFoundError as exc:
        _fail(str(exc), 2)
    try:
        output.write_text(html, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror}", 2)
    typer.echo(f"wrote {output} ({len(html.encode()) // 1024} KB)")


@app.command("eval")
def eval_(
    out_dir: Annotated[Path, typer.Argument(help="An output folder of `newsie run`.")],
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder of gold files (<id>.json), as in the dev gold.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Score OUT_DIR against your annotated articles: P/R/F1 per entity type, events,
    actors, date and casualty accuracy, per event type (rules: README, "Measuring on
    your own gold")."""
    from newsie.evaluation import evaluate, format_table

    if not gold.is_dir():
        _fail(f"gold folder {gold} does not exist", 2)
    try:
        result = evaluate(gold, out_dir)
    except FileNotFoundError as exc:
        _fail(str(exc), 2)
    except ValueError as exc:
        _fail(str(exc), 2)
    if not result["documents"]["gold"]:
        _fail(f"no gold files (*.json) in {gold}", 2)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        typer.echo(format_table(result))
