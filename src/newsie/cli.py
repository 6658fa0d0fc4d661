"""The `newsie` command line: run, extract, schema.

Exit codes: 0 everything processed, 1 some inputs failed (the rest written),
2 usage error (bad option, missing folder, unknown stage).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsie.io.readers import InputError, check_text, decode_bytes
from newsie.knowledge.user_lexicon import LexiconError
from newsie.pipeline import Pipeline, PipelineConfig, PipelineError, StageError
from newsie.registry import REGISTRY
from newsie.runner import RunSummary, count_input_files, run_folder
from newsie.schema import Article, output_schemas

app = typer.Typer(
    help="newsie: Arabic security news to structured, geocoded, dated event records.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)

DisableOption = Annotated[
    list[str] | None,
    typer.Option(
        "--disable",
        "-d",
        help="Switch a stage off by name (repeatable). Stages: "
        + ", ".join(REGISTRY.names())
        + ". Stages that need a switched-off one must be switched off too.",
    ),
]
NerOption = Annotated[
    str,
    typer.Option(
        "--ner", help="NER backend: newsie (shipped model), none, stanza-official, camel."
    ),
]
LexiconOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--lexicon",
        "-l",
        help="A TSV file of your own names (groups, people, places, triggers); repeatable. "
        "See the README, 'Your own names'.",
    ),
]


def _build_pipeline(
    disable: list[str] | None, ner: str, lexicons: list[Path] | None = None
) -> Pipeline:
    try:
        return Pipeline.default(
            PipelineConfig(ner=ner), disable=disable or (), lexicons=lexicons or ()
        )
    except LexiconError as exc:
        # One unwrapped line: the file:line must survive a narrow terminal.
        err.print(f"error: lexicon {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    except PipelineError as exc:
        # One line per stage and what it lacks: keep the lines whole.
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    except (ValueError, RuntimeError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def run(
    in_dir: Annotated[Path, typer.Argument(help="Folder of articles (.txt, .json, .jsonl).")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("data/out"),
    disable: DisableOption = None,
    ner: NerOption = "newsie",
    lexicon: LexiconOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Process every article under IN_DIR into OUT_DIR (documents, events, errors)."""
    if not in_dir.exists():
        err.print(f"[red]error:[/red] input folder {in_dir} does not exist")
        raise typer.Exit(2)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot create output folder {out_dir}: {exc.strerror}")
        raise typer.Exit(2) from exc
    pipeline = _build_pipeline(disable, ner, lexicon)
    total = count_input_files(in_dir)
    with Progress(
        TextColumn("[bold]newsie[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)
        files_seen: set[str] = set()

        def advance(path: str) -> None:
            if path not in files_seen:
                files_seen.add(path)
                progress.update(task, description=Path(path).name, advance=1)

        try:
            summary = run_folder(in_dir, out_dir, pipeline, on_item=advance)
        except OSError as exc:
            # Disk full, folder removed ...: the previous output files stay as they were.
            err.print(f"[red]error:[/red] output not written: {exc}")
            raise typer.Exit(1) from exc
    _print_summary(summary, out_dir)
    raise typer.Exit(1 if summary.errors else 0)


def _print_summary(summary: RunSummary, out_dir: Path) -> None:
    table = Table(title=f"newsie run -> {out_dir}", show_header=False)
    table.add_row("articles", str(summary.articles))
    table.add_row("errors", str(summary.errors))
    table.add_row(
        "entities", ", ".join(f"{k} {v}" for k, v in sorted(summary.entities.items())) or "0"
    )
    table.add_row("events", ", ".join(f"{k} {v}" for k, v in sorted(summary.events.items())) or "0")
    table.add_row("time", f"{summary.seconds:.2f} s ({summary.articles_per_second:.1f} articles/s)")
    err.print(table)
    for reason in summary.error_reasons[:20]:
        err.print(f"[yellow]error:[/yellow] {reason}")
    if len(summary.error_reasons) > 20:
        err.print(f"... and {len(summary.error_reasons) - 20} more in errors.jsonl")


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="Article text file, or - for standard input.")],
    published: Annotated[
        str | None, typer.Option("--published", "-p", help="Publication date YYYY-MM-DD.")
    ] = None,
    disable: DisableOption = None,
    ner: NerOption = "newsie",
    lexicon: LexiconOption = None,
) -> None:
    """Process one article and print its document (with events) as JSON."""
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        text, _ = decode_bytes(data)
    except (OSError, InputError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    date = None
    if published:
        try:
            date = dt.date.fromisoformat(published)
        except ValueError as exc:
            err.print(f"[red]error:[/red] --published {published!r} is not YYYY-MM-DD")
            raise typer.Exit(2) from exc
    reason = check_text(text)
    if reason:
        err.print(f"[red]error:[/red] {reason}")
        raise typer.Exit(1)
    pipeline = _build_pipeline(disable, ner, lexicon)
    doc_id = "stdin" if file == "-" else Path(file).stem
    article = Article(
        id=doc_id,
        source=file,
        text=text,
        published=date,
        published_source="input" if date else None,
    )
    try:
        doc = pipeline.process(article)
    except StageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    record = doc.to_record()
    record["events"] = [e.model_dump(mode="json") for e in doc.events]
    typer.echo(json.dumps(record, ensure_ascii=False, indent=1))


@app.command()
def schema() -> None:
    """Print the JSON Schema of documents.jsonl, events.jsonl and errors.jsonl."""
    typer.echo(json.dumps(output_schemas(), ensure_ascii=False, indent=1))


models_app = typer.Typer(help="NER models: status and installation.", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("status")
def models_status() -> None:
    """Show which NER backends (--ner) can run on this machine."""
    from newsie.stages.ner import BACKENDS, NerBackendError, check_backend

    for backend in BACKENDS:
        try:
            check_backend(backend)
            typer.echo(f"{backend}: ready")
        except NerBackendError as exc:
            typer.echo(f"{backend}: {exc}")


@models_app.command("install")
def models_install(
    backend: Annotated[str, typer.Argument(help="Backend to install: stanza-official.")],
    target: Annotated[
        Path | None, typer.Option("--dir", help="Folder (default: $NEWSIE_STANZA_DIR).")
    ] = None,
) -> None:
    """Download a third-party NER model (needs network; newsie never downloads at run time)."""
    from newsie.stages.ner import NerBackendError, install_stanza_official

    if backend != "stanza-official":
        hint = {
            "camel": "install CAMeL Tools' data with `camel_data -i ner-arabert`",
            "newsie": "the newsie model ships in models/ (rebuild: scripts/train_ner.py)",
            "none": "nothing to install",
        }.get(backend, "known: stanza-official")
        err.print(f"[red]error:[/red] cannot install '{backend}': {hint}")
        raise typer.Exit(2)
    try:
        folder = install_stanza_official(target)
    except NerBackendError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    typer.echo(f"stanza-official installed in {folder}")
    if target is not None:
        typer.echo(f"set NEWSIE_STANZA_DIR={folder} so that --ner stanza-official finds it")


def main() -> None:
    app()
