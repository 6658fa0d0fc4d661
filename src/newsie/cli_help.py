"""Help and global options of the `newsie` command: `--version`, and flags shown
without a type. Typer's rich help prints `<bool>` beside every flag (`--quiet <bool>`),
which reads as if the flag took a value; a flag's type column is left empty here."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from newsie.schema import PIPELINE_VERSION


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"newsie {PIPELINE_VERSION}")
        raise typer.Exit(0)


def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Print newsie's version and exit.",
        ),
    ] = False,
) -> None:
    """The options of `newsie` itself, before the command."""


def _hide_flag_types() -> None:
    try:
        from typer.core import TyperOption
    except ImportError:  # pragma: no cover - another typer layout: nothing to fix
        return
    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "_newsie_flags_hidden", False):
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False) and not getattr(self, "count", False):
            return None
        return shown(self, ctx)

    display_type_rich._newsie_flags_hidden = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_hide_flag_types()
