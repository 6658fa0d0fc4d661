"""Date values: the normalised ISO value of a date, Hijri to Gregorian conversion
and the value of a range, kept apart from how a date is found in the text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from hijridate import Gregorian, Hijri


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised date: ISO value at a precision, plus how it was obtained."""

    value: str | None
    precision: str | None
    relative: bool = False
    qualifier: str | None = None
    value_end: str | None = None
    label: str | None = None
    # For anaphora (`23 منه`): the (year, month) this date names, if any.
    month_key: tuple[int, int] | None = None
    day: dt.date | None = None
    # The day of the month as written, in the calendar it was written in (for ranges).
    written_day: int | None = None
    # Read from a weekday name alone (`يوم الأحد`), so a numeric date after it wins.
    weekday: bool = False
    # Something the reader should know (goes to Document.warnings).
    note: str | None = None


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def day_value(day: dt.date, relative: bool = False) -> DateValue:
    return DateValue(day.isoformat(), "day", relative, month_key=(day.year, day.month), day=day)


def month_value(year: int, month: int, relative: bool = False) -> DateValue:
    return DateValue(_iso(year, month), "month", relative, month_key=(year, month))


def year_value(year: int, relative: bool = False) -> DateValue:
    return DateValue(_iso(year), "year", relative)


def unknown(relative: bool = True) -> DateValue:
    return DateValue(None, None, relative)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def hijri_to_gregorian(year: int, month: int | None = None, day: int | None = None) -> DateValue:
    """A Hijri day, month or year as a Gregorian day, month or year.

    A Hijri month or year straddles two Gregorian ones; we take the one holding its
    middle, which is the one most of it falls in.
    """
    try:
        if day is not None and month is not None:
            g = Hijri(year, month, day).to_gregorian()
            return day_value(dt.date(g.year, g.month, g.day))
        if month is not None:
            start = Hijri(year, month, 1).to_gregorian()
            middle = dt.date(start.year, start.month, start.day) + dt.timedelta(days=14)
            return month_value(middle.year, middle.month)
        start = Hijri(year, 1, 1).to_gregorian()
        middle = dt.date(start.year, start.month, start.day) + dt.timedelta(days=177)
        return year_value(middle.year)
    except (ValueError, OverflowError):
        return unknown(relative=False)


def gregorian_to_hijri(day: dt.date) -> tuple[int, int] | None:
    """(Hijri year, Hijri month) of a Gregorian day; None outside hijridate's range."""
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return int(hijri.year), int(hijri.month)


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int  # normalised offsets
    end: int
    date: DateValue


def with_changes(date: DateValue, **changes: Any) -> DateValue:
    return replace(date, **changes)


def in_year_of(start: DateValue, end: DateValue) -> DateValue:
    """The start of a range written without its year (`14 يونيو حتى 15 يوليو 2018`)
    takes the end's year, or the year before when it would fall after the end."""
    if start.value is None or end.value is None or start.precision == "year":
        return start
    year = int(end.value[:4])
    if start.value[4:] > end.value[4:]:
        year -= 1
    value = f"{year:04d}{start.value[4:]}"
    day = (
        start.day.replace(year=year)
        if start.day and safe_date(year, start.day.month, start.day.day)
        else None
    )
    key = (year, start.month_key[1]) if start.month_key else None
    return with_changes(start, value=value, relative=False, day=day, month_key=key)


def date_range(start: DateValue, end: DateValue) -> DateValue:
    """One value for a range: the month or year both ends share, else the start."""
    label = f"{start.value}/{end.value}"
    relative = start.relative or end.relative
    if start.value is None or end.value is None:
        return DateValue(None, None, relative, label=None)
    if start.value == end.value:
        return with_changes(start, relative=relative)
    if start.precision == end.precision == "day" and start.value[:7] == end.value[:7]:
        y, m = int(start.value[:4]), int(start.value[5:7])
        return DateValue(_iso(y, m), "month", relative, label=label, month_key=(y, m))
    return DateValue(
        start.value,
        start.precision,
        relative,
        value_end=end.value,
        label=label,
        month_key=end.month_key,
    )
