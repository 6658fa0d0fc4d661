"""examples/quickstart.ipynb runs headless (nbclient, a fresh kernel) from the examples
folder, its Document cell shows HTML, and its paths also resolve from the repository
root. Skipped where the notebook tooling (the `dev` extra) is not installed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "examples" / "quickstart.ipynb"


def _cells(nb: Any, tag: str) -> list[Any]:
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def test_quickstart_runs_headless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    out = tmp_path / "out"
    monkeypatch.setenv("NEWSIE_QUICKSTART_OUT", str(out))
    # The kernel imports this checkout's newsie, as the tests do.
    src = str(REPO / "src")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
    )
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    (display,) = _cells(nb, "display")
    html = "".join(
        o["data"]["text/html"] for o in display.outputs if "text/html" in o.get("data", {})
    )
    assert 'dir="rtl"' in html and '<mark class="newsie-ent"' in html
    assert any(
        "image/png" in o.get("data", {})
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert (out / "documents.jsonl").exists()
    assert (out / "acled.csv").exists() and (out / "plover.jsonl").exists()
    assert sorted(p.name for p in (out / "parquet").iterdir()) == [
        "documents.parquet",
        "entities.parquet",
        "events.parquet",
    ]


@pytest.mark.parametrize("cwd", [REPO, REPO / "examples"])
def test_quickstart_paths_resolve_from_root_and_examples(
    cwd: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbformat = pytest.importorskip("nbformat")
    (paths,) = _cells(nbformat.read(NOTEBOOK, as_version=4), "paths")
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("NEWSIE_QUICKSTART_OUT", str(tmp_path))
    namespace: dict[str, Any] = {}
    exec(compile(paths.source, "quickstart-paths", "exec"), namespace)  # the plain Python cell
    assert namespace["RAW"] == REPO / "data" / "raw"
    assert namespace["OUT"] == tmp_path
