"""`newsie run --format parquet`: partitioned Parquet beside the JSONL files, one schema
across the parts, read whole by pandas and dask.dataframe, the same rows as newsie.load."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import newsie
from conftest import ARTICLES, heavy_stages, write_jsonl
from newsie.runner import PipelineSpec, RunOptions, run_folder
from newsie.runner.parquet_output import write_partitioned

pytest.importorskip("pyarrow")

SPEC = PipelineSpec(disable=tuple(heavy_stages()))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    rows = []
    for i, text in enumerate(ARTICLES * 2):
        row = {"id": f"a{i}", "text": text, "published": "2024-05-08"}
        if i % 3 == 0:
            row["outlet"] = "وكالة الأنباء"
        if i == 4:
            row["tags"] = ["أمن", "عاجل"]  # a list: stored as JSON text
        rows.append(row)
    write_jsonl(tmp_path / "in", "wire", rows)
    out = tmp_path / "out"
    run_folder(tmp_path / "in", out, SPEC, RunOptions(output_format="parquet"))
    return out


def test_parts_share_one_schema_and_read_whole(out: Path) -> None:
    assert (out / "parquet" / "events" / "part-00000.parquet").exists()
    folder = write_partitioned(out, documents_per_part=3)  # three parts, mixed metadata
    assert len(list((folder / "documents").glob("part-*.parquet"))) == 3
    frames = newsie.load(out)
    for kind in ("documents", "entities", "events"):
        whole = pd.read_parquet(folder / kind)
        assert len(whole) == len(getattr(frames, kind))
        assert list(whole.columns) == list(getattr(frames, kind).columns)
    docs = pd.read_parquet(folder / "documents")
    assert (docs["outlet"] == "وكالة الأنباء").sum() == 3
    assert docs.loc[docs["doc_id"] == "a4", "tags"].item() == '["أمن", "عاجل"]'
    events = pd.read_parquet(folder / "events")
    assert str(events["date"].dtype).startswith("datetime64")


def test_dask_reads_the_folders(out: Path) -> None:
    dd = pytest.importorskip("dask.dataframe")
    write_partitioned(out, documents_per_part=2)
    events = dd.read_parquet(out / "parquet" / "events").compute()
    assert sorted(events["event_id"]) == sorted(newsie.load(out).events["event_id"])


def test_a_rerun_rebuilds_the_folders(out: Path, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in", "more", [{"id": "b1", "text": ARTICLES[0]}])
    run_folder(tmp_path / "in", out, SPEC, RunOptions(output_format="parquet"))
    docs = pd.read_parquet(out / "parquet" / "documents")
    assert "b1" in set(docs["doc_id"]) and len(docs) == len(ARTICLES) * 2 + 1
    assert not (out / ".newsie" / "parquet.tmp").exists()
