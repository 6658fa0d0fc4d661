"""Typed frames: newsie.load and to_frame give datetimes, categoricals, actor and place
columns and the article's metadata, usable without pd.to_datetime."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

import newsie
from newsie.frames import (
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    EVENT_COLUMNS,
    Frames,
    period,
    to_frame,
)
from newsie.schema import ENTITY_TYPES, EVENT_TYPES
from view_helpers import raw_output, sample_doc


def test_period_of_iso_dates() -> None:
    assert period("2018-06-13") == (dt.datetime(2018, 6, 13), dt.datetime(2018, 6, 13))
    assert period("2024-02") == (dt.datetime(2024, 2, 1), dt.datetime(2024, 2, 29))
    assert period("2015") == (dt.datetime(2015, 1, 1), dt.datetime(2015, 12, 31))
    for bad in (None, "", "2018-13", "2023-02-30", "18-06", "2018-W23"):
        assert period(bad) == (None, None)


def test_load_of_data_raw_is_typed() -> None:
    frames = newsie.load(raw_output())
    assert isinstance(frames, Frames)
    docs, ents, events = frames  # unpacks like a tuple
    assert len(docs) == 7 and len(events) == sum(docs["n_events"]) > 0
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert list(ents.columns) == list(ENTITY_COLUMNS)
    assert list(docs.columns) == list(DOCUMENT_COLUMNS)
    for frame, name in ((events, "date"), (events, "date_end"), (events, "published")):
        assert pd.api.types.is_datetime64_dtype(frame[name]), name
    assert pd.api.types.is_datetime64_dtype(docs["published"])
    assert pd.api.types.is_datetime64_dtype(ents["value"])
    assert isinstance(events["type"].dtype, pd.CategoricalDtype)
    assert list(events["type"].cat.categories) == list(EVENT_TYPES)
    assert list(ents["type"].cat.categories) == list(ENTITY_TYPES)
    assert set(events["date_precision"].dropna()) <= {"day", "month", "year"}
    # Every event of data/raw has a date (its own or the article's): none lost.
    assert events["date"].notna().all()
    assert (events["date"] <= events["date_end"]).all()
    days = events[events["date_precision"] == "day"]
    assert len(days) and (days["date"] == days["date_end"]).all()
    # Grouping by month works on the column as it is.
    assert events.groupby(events["date"].dt.to_period("M")).size().sum() == len(events)
    assert events["latitude"].dtype == "float64" and events["latitude"].notna().any()
    assert events["killed"].dtype == "Int64" and events["fatalities"].dtype == "int64"
    assert events["actor1"].notna().any() and events["title"].notna().all()
    assert set(events["admin1"].dropna()) <= set(ents["admin1"].dropna())


def test_event_row_of_a_built_document() -> None:
    doc = sample_doc(meta={"outlet": "وكالة", "category": "أمن", "title": "clash", "n": 3})
    frame = to_frame([doc], kind="events")
    row = frame.iloc[0]
    assert row["date"] == pd.Timestamp("2023-07-01")
    assert row["date_end"] == pd.Timestamp("2023-07-31")
    assert row["date_precision"] == "month" and row["date_text"] == "تموز 2023"
    assert row["published"] == pd.Timestamp("2023-07-24")
    assert row["actor1"] == "تنظيم داعش"
    assert row["actor2"] == "اللواء 20; قيادة عمليات كركوك"
    assert pd.isna(row["actors_other"])
    # The first place with coordinates gives latitude / longitude; the first named one
    # gives location.
    assert (row["latitude"], row["longitude"]) == (35.4, 44.4)
    assert row["location"] == "قضاء الحويجة" and row["admin1"] == "IQ-KI"
    assert row["country"] == "IQ" and row["killed"] == 3 and row["trigger"] == "هجوم"
    assert row["sentence"].startswith("كركوك - قتل") and "\n" not in row["sentence"]
    # Metadata become columns; a key that clashes with a column is prefixed.
    assert row["outlet"] == "وكالة" and row["category"] == "أمن" and row["n"] == 3
    assert row["title"] == doc.title and row["meta_title"] == "clash"
    docs = to_frame([doc], kind="documents")
    assert docs.loc[0, "outlet"] == "وكالة" and docs.loc[0, "meta_title"] == "clash"


def test_entity_rows_are_tidy() -> None:
    frame = to_frame([sample_doc()], kind="entities")
    assert list(frame.columns) == list(ENTITY_COLUMNS)
    by_text: dict[tuple[str, str], Any] = {}
    for r in frame.itertuples():
        by_text.setdefault((str(r.type), str(r.text)), r)  # the first of each
    province = by_text[("PROVINCE", "كركوك")]
    assert province.code == "IQ-KI" and province.admin1 == "IQ-KI" and province.country == "IQ"
    assert province.latitude == 35.4
    brigade = by_text[("BRIGADE", "اللواء 20")]
    assert brigade.number == 20 and brigade.attributes == {"echelon": "brigade"}
    assert by_text[("ARMED_GROUP", "تنظيم داعش")].attributes == {"state": False}
    month = by_text[("DATE", "تموز 2023")]
    assert month.value == pd.Timestamp("2023-07-01")
    assert month.value_end == pd.Timestamp("2023-07-31") and month.precision == "month"
    day = by_text[("DATE", "يوم الأحد")]
    assert day.value == day.value_end == pd.Timestamp("2023-07-23")
    assert pd.isna(by_text[("UNIT", "قيادة عمليات كركوك")].value)


@pytest.mark.parametrize("kind", ["documents", "entities", "events"])
def test_empty_frames_have_the_columns_and_dtypes(kind: str) -> None:
    empty = to_frame([], kind=kind)  # type: ignore[arg-type]
    full = to_frame([sample_doc()], kind=kind)  # type: ignore[arg-type]
    assert len(empty) == 0
    known = [c for c in full.columns if c in empty.columns]
    assert list(empty.columns) == known
    assert (empty.dtypes == full[known].dtypes).all()


def test_to_frame_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="documents, entities or events"):
        to_frame([sample_doc()], kind="mentions")  # type: ignore[arg-type]
