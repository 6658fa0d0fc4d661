"""Month and weekday names (resources/dates/): the dates stage reads them as dates, and
the places stage must not take a month (تشرين، شباط, also Syrian villages) for a place."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsie.resources import read_tsv
from newsie.text.normalize import normalize_key


@dataclass(frozen=True, slots=True)
class MonthName:
    """A written form of a month: `month` as written in the table ('1' .. '12'),
    `calendar` gregorian or hijri, `ambiguous` how much else the word can mean."""

    form: str
    month: str
    calendar: str
    ambiguous: int


@lru_cache(maxsize=1)
def month_names() -> tuple[MonthName, ...]:
    return tuple(
        MonthName(r["form"], r["month"], r["calendar"], int(r["ambiguous"]))
        for r in read_tsv("dates/months.tsv")
    )


@lru_cache(maxsize=1)
def weekday_names() -> tuple[tuple[str, str], ...]:
    """(form, weekday) pairs, as written in the table."""
    return tuple((r["form"], r["weekday"]) for r in read_tsv("dates/weekdays.tsv"))


@lru_cache(maxsize=1)
def month_words() -> frozenset[str]:
    """Month names and the first word of two-word ones (تشرين الأول -> تشرين), normalised."""
    words = set()
    for month in month_names():
        key = normalize_key(month.form)
        words.add(key)
        words.add(key.split(" ", 1)[0])
    return frozenset(words)
