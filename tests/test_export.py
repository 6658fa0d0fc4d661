"""newsie export: the ACLED-style CSV loads in pandas with exactly ACLED's columns,
the PLOVER lines carry type, mode, context, actor, recipient, date and place, and the
Parquet folder reads back equal to the frames, dtypes included."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import newsie
from newsie.cli import app
from newsie.export import ACLED_COLUMNS, acled_rows, plover_records, read_parquet, write_parquet
from newsie.frames import frames
from newsie.schema import Document
from view_helpers import raw_output, sample_doc

ACLED = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "iso",
    "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities", "tags",
]  # fmt: skip


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    return CliRunner()


def test_acled_csv_of_data_raw(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "acled.csv"
    done = cli.invoke(app, ["export", str(raw_output()), "--format", "acled", "-o", str(target)])
    assert done.exit_code == 0, done.output
    frame = pd.read_csv(target, encoding="utf-8-sig")
    assert list(frame.columns) == ACLED == list(ACLED_COLUMNS)
    docs = newsie.read_output(raw_output())
    assert len(frame) == sum(1 for d in docs for e in d.events if e.acled_event_type) > 0
    assert frame["event_id_cnty"].is_unique
    assert pd.to_datetime(frame["event_date"], format="%Y-%m-%d").notna().all()
    assert (frame["year"] == pd.to_datetime(frame["event_date"]).dt.year).all()
    assert set(frame["time_precision"]) <= {1, 2, 3} and set(frame["geo_precision"]) <= {1, 2, 3}
    assert set(frame["country"]) <= {"Iraq", "Syria", "Yemen", "Libya"}
    by_country = dict(zip(frame["country"], frame["iso"], strict=True))
    assert by_country.get("Syria", 760) == 760 and by_country.get("Iraq", 368) == 368
    assert set(frame["disorder_type"]) <= {
        "Political violence",
        "Demonstrations",
        "Strategic developments",
        "Political violence; Demonstrations",
    }
    assert frame["fatalities"].dtype == "int64" and (frame["fatalities"] >= 0).all()
    assert frame["notes"].str.len().gt(0).all() and frame["tags"].str.contains("confidence=").all()


def test_acled_row_of_a_built_document() -> None:
    (row,) = acled_rows([sample_doc()])
    assert row["event_id_cnty"] == "IRQ-kirkuk-1#0"
    assert row["event_date"] == "2023-07-01" and row["year"] == 2023  # month: its first day
    assert row["time_precision"] == 3 and row["geo_precision"] == 2
    assert row["disorder_type"] == "Political violence"
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert row["actor1"] == "Islamic State" and row["assoc_actor_1"] == ""
    assert row["actor2"] == "اللواء 20" and row["assoc_actor_2"] == "قيادة عمليات كركوك"
    assert (row["country"], row["iso"]) == ("Iraq", 368)
    assert row["admin1"] == "Kirkūk"  # the ISO 3166-2 name of IQ-KI
    assert (row["location"], row["latitude"], row["longitude"]) == ("كركوك", 35.4, 44.4)
    assert row["source"] == "وكالة الأنباء" and row["fatalities"] == 3
    assert row["notes"].startswith("كركوك - قتل ثلاثة جنود")


def test_acled_source_falls_back_to_the_url_host() -> None:
    (row,) = acled_rows([sample_doc(meta={})])
    assert row["source"] == "example.org"


def test_plover_lines(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    done = cli.invoke(app, ["export", str(raw_output()), "-f", "plover", "-o", str(target)])
    assert done.exit_code == 0, done.output
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    events = {e.event_id: e for d in newsie.read_output(raw_output()) for e in d.events}
    assert lines and len(lines) == sum(1 for e in events.values() if e.plover_type)
    for rec in lines:
        event = events[rec["event_id"]]
        assert rec["event_type"] == event.plover_type and rec["newsie_type"] == event.type
        assert {"mode", "context", "actor", "recipient", "event_date", "location"} <= set(rec)
        assert isinstance(rec["context"], list)
        assert {"country", "admin1", "lat", "lon"} <= set(rec["location"])
        assert rec["event_date"] == (event.date.value if event.date else None)
    assert any(rec["actor"] for rec in lines) and any(rec["recipient"] for rec in lines)
    assert {rec["location"]["country"] for rec in lines} <= {"IRQ", "SYR", "YEM", "LBY"}


def test_plover_record_of_a_built_document() -> None:
    (rec,) = plover_records([sample_doc()])
    assert (rec["event_type"], rec["mode"], rec["context"]) == (
        "ASSAULT",
        "attack",
        ["political_violence"],
    )
    assert [a["name"] for a in rec["actor"]] == ["تنظيم داعش"]
    assert rec["actor"][0]["name_en"] == "Islamic State"
    assert [a["name"] for a in rec["recipient"]] == ["اللواء 20", "قيادة عمليات كركوك"]
    assert rec["recipient"][0]["country"] == "IRQ"
    assert rec["location"]["country"] == "IRQ" and rec["location"]["admin1"] == "IQ-KI"
    assert rec["event_date"] == "2023-07" and rec["date_precision"] == "month"
    assert rec["story_date"] == "2023-07-24" and rec["killed"] == 3


def test_parquet_round_trip_of_data_raw(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "pq"
    done = cli.invoke(app, ["export", str(raw_output()), "-f", "parquet", "-o", str(target)])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in target.iterdir()) == [
        "documents.parquet",
        "entities.parquet",
        "events.parquet",
    ]
    expected = newsie.load(raw_output())
    back = read_parquet(target)
    for want, got in zip(expected, back, strict=True):
        pd.testing.assert_frame_equal(want, got)
    # Plain pandas reads the files too, with the datetimes as datetimes.
    plain = pd.read_parquet(target / "events.parquet")
    assert pd.api.types.is_datetime64_dtype(plain["date"])


def test_parquet_round_trip_of_nested_and_mixed_metadata(tmp_path: Path) -> None:
    docs: list[Document] = [
        sample_doc(meta={"outlet": "أ", "tags": ["أمن", "العراق"], "n": 3}),
        sample_doc(meta={"outlet": None, "tags": {"k": 1}, "n": "three"}),
    ]
    docs[1].doc_id = "kirkuk-2"
    want = frames(docs)
    write_parquet(want, tmp_path)
    got = read_parquet(tmp_path)
    for a, b in zip(want, got, strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert got.events["tags"].tolist() == [["أمن", "العراق"], {"k": 1}]
    assert got.entities["attributes"].iloc[1] == {"echelon": "brigade"}


def test_export_min_confidence_and_default_target(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    doc = sample_doc()
    (out / "documents.jsonl").write_text(json.dumps(doc.to_record()) + "\n", encoding="utf-8")
    (out / "events.jsonl").write_text(doc.events[0].model_dump_json() + "\n", encoding="utf-8")
    assert cli.invoke(app, ["export", str(out)]).exit_code == 0  # acled, into OUT_DIR
    with (out / "acled.csv").open(encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 1
    done = cli.invoke(app, ["export", str(out), "--min-confidence", "0.95"])
    assert done.exit_code == 0
    assert pd.read_csv(out / "acled.csv", encoding="utf-8-sig").empty


def test_export_of_a_folder_that_is_no_output(cli: CliRunner, tmp_path: Path) -> None:
    done = cli.invoke(app, ["export", str(tmp_path / "nothing")])
    assert done.exit_code == 2
    assert "not an output folder" in done.output
    done = cli.invoke(app, ["export", str(tmp_path), "-f", "xml"])
    assert done.exit_code == 2
