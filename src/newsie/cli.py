"""The `newsie` command line: run, status, extract, schema, models.

Exit codes: 0 everything processed, 1 some inputs failed (the rest written),
2 usage error (bad option, missing folder, unknown stage), 3 the output folder is
locked by another run, 4 the run itself failed (disk full, a worker that cannot
load), 128 + the signal when SIGTERM or Ctrl-C stopped it after a commit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from newsie.cli_display import RunBar, print_status, print_summary
from newsie.cli_export import export
from newsie.cli_help import main_options
from newsie.dask.engine import DaskEngineError
from newsie.io.checks import usable_published
from newsie.io.readers import InputError, check_text, decode_bytes
from newsie.knowledge.user_lexicon import LexiconError
from newsie.pipeline import Pipeline, PipelineConfig, PipelineError, StageError
from newsie.registry import REGISTRY
from newsie.runner import (
    OutputLocked,
    PipelineSpec,
    RunFailed,
    RunOptions,
    read_status,
    run_folder,
)
from newsie.schema import Article, output_schemas

app = typer.Typer(
    help="newsie: Arabic security news to structured, geocoded, dated event records.",
    no_args_is_help=True,
    add_completion=False,
)
app.callback()(main_options)
err = Console(stderr=True)

DisableOption = Annotated[
    list[str] | None,
    typer.Option(
        "--disable",
        "-d",
        metavar="STAGE",
        help="Switch a stage off by name (repeatable). Stages: "
        + ", ".join(REGISTRY.names())
        + ". Stages that need a switched-off one must be switched off too.",
    ),
]
NerOption = Annotated[
    str,
    typer.Option(
        "--ner",
        metavar="BACKEND",
        help="NER backend: newsie (shipped model), none, stanza-official, camel.",
    ),
]
LexiconOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--lexicon",
        "-l",
        metavar="FILE",
        help="A TSV file of your own names (groups, people, places, triggers); repeatable. "
        "See the README, 'Your own names'.",
    ),
]


def _build_pipeline(
    disable: list[str] | None, ner: str, lexicons: list[Path] | None = None
) -> Pipeline:
    """The pipeline `extract` runs; bad options exit 2 as `run`'s do (_check_spec)."""
    try:
        return Pipeline.default(
            PipelineConfig(ner=ner), disable=disable or (), lexicons=lexicons or ()
        )
    except LexiconError as exc:
        _fail(f"lexicon {exc}", 2)
    except (PipelineError, ValueError, RuntimeError) as exc:  # RuntimeError: an NER backend
        _fail(str(exc), 2)


def _default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@app.command()
def run(
    in_dir: Annotated[Path, typer.Argument(help="Folder of articles (.txt, .json, .jsonl, .gz).")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("data/out"),
    disable: DisableOption = None,
    ner: NerOption = "newsie",
    lexicon: LexiconOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="Worker processes (default: the machine's cores); 0 runs in this process.",
        ),
    ] = None,
    reprocess: Annotated[
        bool, typer.Option("--reprocess", help="Redo every article, changed or not.")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Drop the records of articles no longer in IN_DIR.")
    ] = False,
    article_timeout: Annotated[
        float,
        typer.Option("--article-timeout", min=0, help="Seconds an article may take (0: no limit)."),
    ] = 60.0,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles per commit.")
    ] = 32,
    json_summary: Annotated[
        bool, typer.Option("--json-summary", help="Print a JSON summary as stdout's last line.")
    ] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local (this machine) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: tcp://HOST:8786 (a running cluster) or local:N "
            "(a local cluster of N worker processes; default local:WORKERS).",
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="jsonl, or parquet: the JSONL files plus partitioned Parquet in OUT_DIR/parquet.",
        ),
    ] = "jsonl",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Process the new and changed articles under IN_DIR into OUT_DIR.

    Articles done by an earlier run into OUT_DIR and unchanged since are skipped.
    Exit codes: 0 done, 1 some inputs failed, 2 usage, 3 OUT_DIR locked by another
    run, 4 the run failed, 130/143 stopped by Ctrl-C/SIGTERM (after a commit).
    """
    if not in_dir.exists():
        _fail(f"input folder {in_dir} does not exist", 2)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create output folder {out_dir}: {exc.strerror}", 2)
    spec = PipelineSpec(ner=ner, disable=tuple(disable or ()), lexicons=_paths(lexicon))
    _check_spec(spec)
    if engine not in ("local", "dask"):
        _fail(f"--engine must be local or dask, not {engine!r}", 2)
    if scheduler and engine != "dask":
        _fail("--scheduler needs --engine dask", 2)
    if output_format not in ("jsonl", "parquet"):
        _fail(f"--format must be jsonl or parquet, not {output_format!r}", 2)
    options = RunOptions(
        engine=engine,
        scheduler=scheduler,
        output_format=output_format,
        workers=_default_workers() if workers is None else workers,
        reprocess=reprocess,
        prune=prune,
        batch_size=batch_size,
        article_timeout=article_timeout or None,
    )
    with RunBar(err, enabled=not quiet and err.is_terminal) as bar:
        try:
            summary = run_folder(in_dir, out_dir, spec, options, progress=bar)
        except OutputLocked as exc:
            _fail(str(exc), 3)
        except (RunFailed, DaskEngineError, OSError, sqlite3.Error) as exc:
            # Disk full, folder removed, a worker that cannot load ...: what was
            # committed stays; the next run goes on from there.
            _fail(f"run failed: {type(exc).__name__}: {exc}", 4)
        except Exception as exc:  # a bug outside the per-article boundary
            _fail(f"run failed (a bug in newsie, please report): {type(exc).__name__}: {exc}", 4)
    print_summary(err, summary, out_dir)
    if json_summary:
        typer.echo(json.dumps(summary.to_json()))
    if summary.interrupted is not None:
        raise typer.Exit(128 + summary.interrupted)
    raise typer.Exit(1 if summary.errors else 0)


def _paths(lexicons: list[Path] | None) -> tuple[str, ...]:
    return tuple(str(p) for p in lexicons or ())


def _check_spec(spec: PipelineSpec) -> None:
    """Refuse bad options before any model loads or any worker starts."""
    try:
        spec.check()
    except LexiconError as exc:
        _fail(f"lexicon {exc}", 2)
    except (PipelineError, ValueError, RuntimeError) as exc:  # RuntimeError: an NER backend
        _fail(str(exc), 2)


def _fail(message: str, code: int) -> NoReturn:
    # One unwrapped line: a file:line or a stage list must survive a narrow terminal.
    err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def status(
    out_dir: Annotated[Path, typer.Argument(help="An output folder of `newsie run`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What OUT_DIR holds (documents, events by type, errors) and how its last run went."""
    try:
        info = read_status(out_dir)
    except FileNotFoundError as exc:
        _fail(str(exc), 2)
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False))
    else:
        print_status(Console(), info)


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
    warnings: list[str] = []
    if published:
        try:
            dt.date.fromisoformat(published)
            date = usable_published(published, warnings)  # out of range: a warning
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
        warnings=warnings,
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


app.command()(export)

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


import newsie.cli_report  # noqa: E402, F401  (registers `report` and `eval`)


def main() -> None:
    app()
