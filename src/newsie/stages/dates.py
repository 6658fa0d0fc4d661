"""Arabic temporal expressions, recognised and normalised to ISO 8601.

Why our own stage: dateparser does not read combined month names (`20 يوليو/تموز`),
needs a locale per country for `تموز`/`آب`, turns `عام 2017` into 2017 plus today's
month and day and returns fragments such as `2023 في`. Here the vocabulary is data
(resources/dates/*.tsv) found with the shared clitic-aware Lexicon, and a small
grammar over the sentence's tokens turns it into dates.

Conventions (see ../shared/spec/annotation-guidelines.md):
- `value` is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, with `precision` day/month/year; parts of
  a period (`أواخر عام 2017`) keep the period's value and set `qualifier`.
- Relative expressions (`اليوم`, `أمس`, `يوم الأحد`, `الشهر الماضي`, `قبل يومين`) are
  resolved against the publication date, given in `anchor`. A week (`الأسبوع الماضي`)
  has no ISO value of its own, so it is given as the month holding most of its days.
- `اليوم الأربعاء` / `أمس الجمعة` whose weekday does not fit the publication date are
  read as the nearest such weekday (the text is the better witness), with a warning.
- A year-less date takes the publication year; `مايو الماضي` is the last May before the
  publication month, `مايو المقبل` the next one.
- Without a publication date, relative and year-less expressions stay in the output
  with `value` None; nothing is guessed.
- Ranges: days within one month (`من 14 إلى 16 سبتمبر`) have that month as `value`, as
  the gold annotation does; other ranges have the start as `value` and the end as
  `value_end`. The exact interval is kept in `label` (`2018-09-14/2018-09-16`).
- A Hijri date becomes its Gregorian day (hijridate). A Hijri year alone (`1436 هـ`)
  becomes the Gregorian year holding its middle, i.e. the one in which most of it falls.
- A year from 1300 to 1500 is Hijri even without هـ (`18-9-1436`, `عام 1436`).
- Durations (`ثلاثة أشهر`, `منذ ثلاث سنوات`), clock times and years inside names
  (`كأس العالم 2002`) are not dates: a bare year needs a preposition, a year word or
  brackets around it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from hijridate import Gregorian, Hijri

from newsie.lang.ar.calendar import month_names, weekday_names
from newsie.lang.ar.clitics import CONJUNCTIONS
from newsie.lang.ar.numbers import number_word, parse_number
from newsie.registry import stage
from newsie.resources import read_tsv
from newsie.text.lexicon import Lexicon, LexiconMatch
from newsie.text.normalize import normalize, normalize_key
from newsie.text.segment import segment

if TYPE_CHECKING:
    from newsie.schema import Document

STAGE = "dates"

# Numbers written as tokens: optional clitic, article or a glued في, digits, optional era
# letter (`ال24`, `و2017`, `في15`, `1436ه`, `2015م`).
_NUMBER_TOKEN = re.compile(r"^(?:وفي|في|وال|بال|لل|ال|[وفبلك])?(\d{1,4})(ه|م)?$")
_NUMBER_PREFIX = re.compile(r"^(?:وفي|في|وال|بال|لل|ال|[وفبلك])?")
# Numeric dates: day/month/year (the order used across the Arab world) and ISO. A year
# between 1300 and 1500 is Hijri (`23-7-1435هـ`).
_DMY = re.compile(
    r"(?<![\d/.\-])(\d{1,2}) ?([/.\-]) ?(\d{1,2}) ?\2 ?(\d{4})(?:(ه)|م)?(?![\d/\-\w]|\.\d)"
)
_NUMERIC_HINT = re.compile(r"\d ?[/.\-] ?\d")
_YMD = re.compile(r"(?<![\d/.\-])(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?![\d/\-\w]|\.\d)")
# A future verb: س + imperfect prefix + a stem of three letters or more (سيعقد، ستبدأ).
_FUTURE_VERB = re.compile(r"^[وف]?س[يتن][^\W\d_]{3,}$")
_DASHES = {"-", "–", "—"}
_DIGIT = re.compile(r"\d")
# Vocabulary that can open a date phrase; other tokens are skipped quickly.
_STARTERS = frozenset(
    {
        "month",
        "hijri_month",
        "weekday",
        "today",
        "yesterday",
        "day_before_yesterday",
        "tomorrow",
        "day_after_tomorrow",
        "period",
        "this",
        "qualifier",
        "year_word",
        "month_word",
        "day_word",
        "part_of_day",
        "ago",
        "between",
        "count_unit",
    }
)
# Vocabulary that makes a sentence worth parsing (with years written in digits).
_ANCHORS = _STARTERS - {"qualifier", "this", "part_of_day", "day_word", "between"} | {
    "anaphor_month"
}
_YEAR_DIGITS = re.compile(r"(?<!\d)(?:1[3-9]|20|21)\d\d(?!\d)")
# How far before a weekday a future verb still governs it (tokens).
_FUTURE_WINDOW = 25
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_HIJRI_MIN, _HIJRI_MAX = 1300, 1500


# Closed classes of single words looked up by token rather than with the Lexicon.
_WORD_SETS = ("intro", "month_intro", "not_today", "not_before_today", "era")
# Relative day words; their value in words.tsv is the offset from the publication day.
_RELATIVE_DAYS = ("today", "yesterday", "day_before_yesterday", "tomorrow", "day_after_tomorrow")


@dataclass(frozen=True, slots=True)
class _Vocab:
    lexicon: Lexicon[tuple[str, str]]
    months: dict[str, tuple[int, str, int]]  # key -> (month, calendar, ambiguity)
    future_cues: Lexicon[str]
    not_verbs: frozenset[str]
    word_sets: dict[str, dict[str, str]]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    entries: list[tuple[str, tuple[str, str]]] = []
    months: dict[str, tuple[int, str, int]] = {}
    for month in month_names():
        kind = "hijri_month" if month.calendar == "hijri" else "month"
        entries.append((month.form, (kind, month.month)))
        months[normalize_key(month.form)] = (int(month.month), month.calendar, month.ambiguous)
    for form, weekday in weekday_names():
        entries.append((form, ("weekday", weekday)))
    word_sets: dict[str, dict[str, str]] = {kind: {} for kind in _WORD_SETS}
    for row in read_tsv("dates/words.tsv"):
        if row["kind"] in _WORD_SETS:
            word_sets[row["kind"]][normalize_key(row["form"])] = row["value"]
        else:
            entries.append((row["form"], (row["kind"], row["value"])))
    cues = [(r["form"], r["kind"]) for r in read_tsv("dates/future_cues.tsv") if r["kind"] == "cue"]
    not_verbs = frozenset(
        normalize_key(r["form"]) for r in read_tsv("dates/future_cues.tsv") if r["kind"] != "cue"
    )
    return _Vocab(Lexicon(entries), months, Lexicon(cues), not_verbs, word_sets)


# --- values -------------------------------------------------------------------------


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


def _day_value(day: dt.date, relative: bool = False) -> DateValue:
    return DateValue(day.isoformat(), "day", relative, month_key=(day.year, day.month), day=day)


def _month_value(year: int, month: int, relative: bool = False) -> DateValue:
    return DateValue(_iso(year, month), "month", relative, month_key=(year, month))


def _year_value(year: int, relative: bool = False) -> DateValue:
    return DateValue(_iso(year), "year", relative)


def _unknown(relative: bool = True) -> DateValue:
    return DateValue(None, None, relative)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
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
            return _day_value(dt.date(g.year, g.month, g.day))
        if month is not None:
            start = Hijri(year, month, 1).to_gregorian()
            middle = dt.date(start.year, start.month, start.day) + dt.timedelta(days=14)
            return _month_value(middle.year, middle.month)
        start = Hijri(year, 1, 1).to_gregorian()
        middle = dt.date(start.year, start.month, start.day) + dt.timedelta(days=177)
        return _year_value(middle.year)
    except (ValueError, OverflowError):
        return _unknown(relative=False)


def gregorian_to_hijri(day: dt.date) -> tuple[int, int] | None:
    """(Hijri year, Hijri month) of a Gregorian day; None outside hijridate's range."""
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return int(hijri.year), int(hijri.month)


# --- the token view of a sentence ---------------------------------------------------


_NO_KINDS: dict[str, list[str]] = {}


class _Tok:
    """A token and the lexicon hit starting in it: kind -> values, the hit's length in
    tokens and its character start (after any proclitic)."""

    __slots__ = ("end", "hit_length", "hit_start", "kinds", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.kinds = _NO_KINDS
        self.hit_length = 1
        self.hit_start = start


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int  # normalised offsets
    end: int
    date: DateValue


class _SentenceParser:
    """The date grammar over one sentence's tokens."""

    def __init__(
        self,
        text: str,
        toks: list[_Tok],
        published: dt.date | None,
        state: dict[str, tuple[int, int]],
        cues: list[int],
    ) -> None:
        self.text = text
        self.toks = toks
        self.words = [t.text for t in toks]
        self.published = published
        self.state = state
        self.vocab = _vocab()
        self.cues = cues

    # --- small readers ---------------------------------------------------------------
    def kind(self, i: int, kind: str) -> str | None:
        """The first value of a Lexicon hit of this kind starting at token i."""
        if 0 <= i < len(self.toks):
            values = self.toks[i].kinds.get(kind)
            if values:
                return values[0]
        return None

    def in_set(self, i: int, kind: str) -> str | None:
        """The value of token i (or of its stem after و/ف) in a closed class of single
        words (looked up by token: single letters such as the era mark ه would make the
        Lexicon report every ه in the text)."""
        if not 0 <= i < len(self.toks):
            return None
        words = self.vocab.word_sets[kind]
        text = self.toks[i].text
        found = words.get(text)
        if found is None and text[:1] in CONJUNCTIONS:
            found = words.get(text[1:])
        return found

    def has(self, i: int, kind: str) -> bool:
        return self.kind(i, kind) is not None

    def after(self, i: int) -> int:
        """Token index after the lexicon hit starting at i (i + 1 for a plain token)."""
        return i + self.toks[i].hit_length

    def begin(self, i: int) -> int:
        tok = self.toks[i]
        return tok.hit_start if tok.kinds else tok.start + _prefix_length(tok.text)

    def number(self, i: int) -> tuple[int, str | None] | None:
        """(value, era letter) of a number token written in digits."""
        if not 0 <= i < len(self.toks):
            return None
        m = _NUMBER_TOKEN.match(self.toks[i].text)
        if not m:
            return None
        return int(m.group(1)), m.group(2)

    def is_text(self, i: int, *texts: str) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].text in texts

    # --- components --------------------------------------------------------------------
    def day_number(self, i: int) -> tuple[int, int] | None:
        """(day, next index) of a day of the month: digits or an ordinal in words,
        followed by an optional من."""
        num = self.number(i)
        if num is not None and num[1] is None and 1 <= num[0] <= 31:
            j = i + 1
        else:
            parsed = parse_number(self.words, i) if i < len(self.words) else None
            if parsed is None or not parsed.ordinal or not 1 <= parsed.value <= 31:
                return None
            num, j = (parsed.value, None), i + parsed.length
        if self.is_text(j, "من", "ال") and not self.has(j, "anaphor_month"):
            j += 1
        return num[0], j

    def month_group(self, i: int) -> tuple[int, str, int, int] | None:
        """(month, calendar, ambiguity, next index) for a month name, including the
        combined forms `يوليو/تموز`, `تموز (يوليو)`, `يوليو تموز`, `يوليو - تموز`."""
        name = self.kind(i, "month") or self.kind(i, "hijri_month")
        if name is None:
            return None
        key = normalize_key(self.text[self.toks[i].hit_start : self.toks[self.after(i) - 1].end])
        month, calendar, ambiguity = self.vocab.months.get(key, (int(name), "gregorian", 0))
        j = self.after(i)
        # A second name for the same month.
        k = j
        closing = False
        if self.is_text(k, "/", "\\", "(", "-", "–", "،", ","):
            closing = self.toks[k].text == "("
            k += 1
        other = self.kind(k, "month")
        if other is not None and int(other) == month and calendar == "gregorian":
            k = self.after(k)
            if closing and self.is_text(k, ")"):
                k += 1
            return month, calendar, 0, k
        return month, calendar, ambiguity, j

    def year_number(self, i: int, bare: bool = False) -> tuple[int, str | None, int] | None:
        """(year, calendar or None, next index) of a year in digits with an optional era."""
        num = self.number(i)
        if num is None:
            return None
        year, era_letter = num
        low = _MIN_YEAR if bare else 1000
        if not (low <= year <= _MAX_YEAR or _HIJRI_MIN <= year <= _HIJRI_MAX):
            return None
        if len(str(year)) < 4 and bare:
            return None
        j = i + 1
        era = {"ه": "hijri", "م": "gregorian"}.get(era_letter or "")
        if era is None:
            era = self.in_set(j, "era")
            if era is not None:
                j += 1
        return year, era, j

    def year_after_word(self, i: int) -> tuple[int, str | None, int] | None:
        """A year after a month introduced by a year word: `مايو عام 2017`,
        `أكتوبر من عام 2016`, `مارس من العام 2015`."""
        j = i + 1 if self.is_text(i, "من") else i
        if not self.has(j, "year_word"):
            return None
        return self.year_number(self.after(j))

    def year_relation(self, i: int) -> tuple[int, int] | None:
        """(year offset, next index) for `من العام الماضي`, `العام الجاري`, `من هذا العام`."""
        j = i
        if self.is_text(j, "من"):
            j += 1
        if self.has(j, "this") and self.kind(j + 1, "period") == "year":
            return 0, self.after(j + 1)
        if self.kind(j, "period") == "year" and self.has(self.after(j), "direction"):
            k = self.after(j)
            return int(self.kind(k, "direction") or 0), self.after(k)
        return None

    # --- future -----------------------------------------------------------------------
    def future_before(self, i: int) -> bool:
        """Whether a future verb or cue stands in the few tokens before token i."""
        first = max(0, i - _FUTURE_WINDOW)
        if any(_FUTURE_VERB.match(w) and not self._not_verb(w) for w in self.words[first:i]):
            return True
        low = self.toks[first].start
        high = self.toks[i].start
        return any(low <= start < high for start in self.cues)

    def _not_verb(self, word: str) -> bool:
        stem = word[1:] if word[0] in "وف" else word
        return stem in self.vocab.not_verbs or word in self.vocab.not_verbs

    # --- the grammar ------------------------------------------------------------------
    def parse(self) -> list[DateMatch]:
        matches: list[DateMatch] = []
        i = 0
        n = len(self.toks)
        while i < n:
            tok = self.toks[i]
            if not (
                (tok.kinds and not _STARTERS.isdisjoint(tok.kinds))
                or tok.text == "من"
                or _DIGIT.search(tok.text)
                or number_word(tok.text)
            ):
                i += 1
                continue
            found = self.parse_at(i)
            if found is None:
                i += 1
                continue
            end_index, value = found
            start = self.begin(i)
            end = self.toks[end_index - 1].end
            matches.append(DateMatch(start, end, value))
            if value.month_key is not None:
                self.state["month"] = value.month_key
            i = end_index
        return matches

    def parse_at(self, i: int) -> tuple[int, DateValue] | None:
        tok = self.toks[i]
        rules: tuple[Callable[[int], tuple[int, DateValue] | None], ...]
        if not tok.kinds and tok.text != "من":
            # A number: a day, a year, a range of them, or `الـ24 ساعة الماضية`.
            rules = (self.range_days, self.range_years, self.explicit_with_range, self.last_hours)
        else:
            rules = (
                self.range_days,
                self.range_years,
                self.weekday_phrase,
                self.relative_day,
                self.explicit_with_range,
                self.relative_period,
                self.ago,
                self.last_hours,
            )
        for rule in rules:
            found = rule(i)
            if found is not None:
                return found
        return None

    # Explicit dates -------------------------------------------------------------------
    def explicit(self, i: int, context: bool = False) -> tuple[int, DateValue] | None:
        """A calendar date written out: [qualifier] [day] [شهر] month [year], or
        [qualifier] [عام] year. `context` says a word before already marks a date."""
        qualifier = self.kind(i, "qualifier")
        j = self.after(i) if qualifier else i
        prev_intro = context or qualifier is not None or self.in_set(i - 1, "intro") is not None
        # Day and month.
        day = self.day_number(j)
        k = day[1] if day else j
        # شهر before a month name (`شهر مارس الماضي`) makes it certainly a month.
        month_word = self.has(k, "month_word") and (
            self.has(self.after(k), "month") or self.has(self.after(k), "hijri_month")
        )
        if month_word:
            k = self.after(k)
        group = self.month_group(k)
        if group is not None:
            month, calendar, ambiguity, m = group
            strong = day is not None or month_word
            year = self.year_number(m) or self.year_after_word(m)
            if year is not None:
                strong = True
            relation = None if year else self.year_relation(m)
            direction = None
            if year is None and relation is None and self.has(m, "direction"):
                direction = int(self.kind(m, "direction") or 0)
                strong = True
            weak_context = (
                prev_intro
                or self.in_set(i - 1, "month_intro") is not None
                or self.is_text(i - 1, "(")
                or self.has(m, "range_to")
            )
            if not strong and (ambiguity > 0 or not weak_context):
                return None
            end = m
            if year is not None:
                end = year[2]
            elif relation is not None:
                end = relation[1]
            elif direction is not None:
                end = self.after(m)
            value = self.resolve_month(
                month,
                calendar,
                day[0] if day else None,
                year,
                relation[0] if relation else None,
                direction,
            )
            if qualifier and value.precision != "day":
                value = _with(value, qualifier=qualifier)
            if day is not None:
                value = _with(value, written_day=day[0])
            return end, value
        if day is not None and self.has(day[1], "anaphor_month"):
            end = self.after(day[1])
            last = self.state.get("month")
            if last is None:
                return end, _unknown(relative=False)
            found = _safe_date(last[0], last[1], day[0])
            return end, _day_value(found) if found else _unknown(relative=False)
        month_period = (
            self.kind(day[1], "period") == "month"
            or (self.has(day[1], "this") and self.kind(day[1] + 1, "period") == "month")
            if day is not None
            else False
        )
        if day is not None and month_period:
            # 15 من الشهر الجاري / الماضي
            rel = self.relative_period(day[1], allow_qualifier=False)
            if rel is not None and rel[1].month_key:
                y, mo = rel[1].month_key
                found = _safe_date(y, mo, day[0])
                if found:
                    return rel[0], _with(_day_value(found, relative=True), written_day=day[0])
            if rel is not None and rel[1].value is None:
                return rel[0], _unknown()
        if day is not None:
            return None
        # Years.
        year_word = self.has(j, "year_word")
        y = self.after(j) if year_word else j
        year = self.year_number(y, bare=not year_word)
        if year is None:
            return None
        if not year_word and not (
            prev_intro
            or self.toks[y].text.startswith(("في", "وفي"))  # في2015, glued
            or (self.is_text(j - 1, "(") and self.is_text(year[2], ")"))
            or year[1] is not None
        ):
            return None
        if self.has(year[2], "count_unit") or self.is_text(year[2], "%"):
            return None
        value = self.resolve_year(year[0], year[1])
        if qualifier:
            value = _with(value, qualifier=qualifier)
        return year[2], value

    def resolve_month(
        self,
        month: int,
        calendar: str,
        day: int | None,
        year: tuple[int, str | None, int] | None,
        year_offset: int | None,
        direction: int | None,
    ) -> DateValue:
        pub = self.published
        if calendar == "hijri":
            if year is not None:
                return hijri_to_gregorian(year[0], month, day)
            if pub is None:
                return _unknown()
            today = gregorian_to_hijri(pub)
            if today is None:
                return _unknown()
            hyear, hmonth = today
            if year_offset is not None:
                hyear += year_offset
            elif direction is not None and direction < 0 and month >= hmonth:
                hyear -= 1  # رمضان الماضي: the last Ramadan before this month
            elif direction is not None and direction > 0 and month <= hmonth:
                hyear += 1
            return _with(hijri_to_gregorian(hyear, month, day), relative=True)
        if year is not None:
            if year[1] == "hijri":
                return hijri_to_gregorian(year[0], None)
            y = year[0]
            if day is None:
                return _month_value(y, month)
            found = _safe_date(y, month, day)
            return _day_value(found) if found else _unknown(relative=False)
        if pub is None:
            return _unknown()
        if year_offset is not None:
            y = pub.year + year_offset
        elif direction is not None and direction < 0:
            if day is not None:
                y = pub.year if (month, day) < (pub.month, pub.day) else pub.year - 1
            else:
                y = pub.year if month < pub.month else pub.year - 1
        elif direction is not None and direction > 0:
            if day is not None:
                y = pub.year if (month, day) > (pub.month, pub.day) else pub.year + 1
            else:
                y = pub.year if month > pub.month else pub.year + 1
        else:
            y = pub.year
        if day is None:
            return _month_value(y, month, relative=True)
        found = _safe_date(y, month, day)
        return _day_value(found, relative=True) if found else _unknown()

    def resolve_year(self, year: int, era: str | None) -> DateValue:
        if era == "hijri" or (era is None and _HIJRI_MIN <= year <= _HIJRI_MAX and year < 1900):
            return hijri_to_gregorian(year)
        return _year_value(year)

    def explicit_with_range(self, i: int) -> tuple[int, DateValue] | None:
        first = self.explicit(i)
        if first is None:
            return None
        end, value = first
        if self.has(end, "range_to") or self.is_text(end, *_DASHES):
            second = self.explicit(self.after(end) if self.has(end, "range_to") else end + 1, True)
            if second is not None and second[1].value and value.value:
                if value.relative and (not second[1].relative or (value.value > second[1].value)):
                    value = _in_year_of(value, second[1])
                return second[0], _range(value, second[1])
        return first

    def range_days(self, i: int) -> tuple[int, DateValue] | None:
        """`(من) 5 إلى 7 تموز (2023)`, `بين 14 و16 سبتمبر`, `21 إلى 23 منه`: a day alone,
        then the end of the range, which lends it its month and year."""
        j = self.after(i) if self.has(i, "between") or self.is_text(i, "من") else i
        first = self.day_number(j)
        if first is None or self.has(first[1], "month") or self.has(first[1], "hijri_month"):
            return None
        k = first[1]
        if self.has(k, "range_to") or self.is_text(k, *_DASHES):
            k = self.after(k) if self.has(k, "range_to") else k + 1
        elif not (k < len(self.toks) and self.toks[k].text.startswith("و")):
            return None  # else و16 سبتمبر: the conjunction is a clitic of the next number
        second = self.explicit(k, True)
        if second is None or second[1].day is None:
            return None
        end_day = second[1].day
        written = second[1].written_day or end_day.day
        if first[0] > written:
            return None
        start_day = end_day - dt.timedelta(days=written - first[0])
        start = _day_value(start_day, relative=second[1].relative)
        return second[0], _range(start, second[1])

    def range_years(self, i: int) -> tuple[int, DateValue] | None:
        """`بين عامي 2014 و2017`, `من 2014 إلى 2017`, `2014-2017`."""
        j = i
        if self.has(j, "between") or self.is_text(j, "من"):
            j = self.after(j)
        if self.has(j, "year_word"):
            j = self.after(j)
        first = self.year_number(j, bare=True)
        if first is None or first[1] is not None:
            return None
        k = first[2]
        if self.has(k, "range_to") or self.is_text(k, *_DASHES):
            k = self.after(k) if self.has(k, "range_to") else k + 1
            if self.has(k, "year_word"):
                k = self.after(k)
        elif not (k < len(self.toks) and self.toks[k].text.startswith("و")):
            return None
        second = self.year_number(k, bare=True)
        if second is None or second[0] <= first[0] or second[0] - first[0] > 100:
            return None
        if j == i and self.in_set(i - 1, "intro") is None:
            return None
        return second[2], _range(_year_value(first[0]), _year_value(second[0]))

    # Relative dates -------------------------------------------------------------------
    def relative_day(self, i: int) -> tuple[int, DateValue] | None:
        """[مساء] اليوم / أمس / أمس الأول / غدا [weekday] [explicit date]."""
        j = self.after(i) if self.has(i, "part_of_day") else i
        found = next((self.kind(j, k) for k in _RELATIVE_DAYS if self.has(j, k)), None)
        if found is None:
            return None
        offset = int(found)
        end = self.after(j)
        if offset == 0 and not self.today_is_a_date(j, end):
            return None
        weekday = self.kind(end, "weekday")
        if weekday is not None:
            end = self.after(end)
        elif self.is_text(end, "(") and self.has(end + 1, "weekday") and self.is_text(end + 2, ")"):
            weekday = self.kind(end + 1, "weekday")
            end += 3  # اليوم (الخميس)
        explicit = self.explicit(end, True)
        if explicit is not None and explicit[1].precision == "day":
            return explicit
        if self.published is None:
            return end, _unknown()
        day = self.published + dt.timedelta(days=offset)
        if weekday is not None and day.weekday() != int(weekday):
            # `اليوم الأربعاء` in a paper dated Thursday (a print edition, a time zone):
            # the weekday named in the text is the better witness; take the nearest one.
            shift = (int(weekday) - day.weekday()) % 7
            shift = shift - 7 if shift > 3 else shift
            note = (
                f"dates: '{self.text[self.begin(i) : self.toks[end - 1].end]}' names a weekday"
                f" other than {day.isoformat()}'s; read as {(day + dt.timedelta(days=shift))}"
            )
            day += dt.timedelta(days=shift)
            return end, _with(_day_value(day, relative=True), note=note)
        return end, _day_value(day, relative=True)

    def today_is_a_date(self, i: int, nxt: int) -> bool:
        """`اليوم` is today, not "the day" of `اليوم التالي`, `في ذلك اليوم`, `اليوم
        الخامس`, nor the newspaper of `صحيفة اليوم` / `«اليوم»`."""
        if self.in_set(nxt, "not_today") is not None or self.has(nxt, "direction"):
            return False
        if nxt < len(self.words):
            number = parse_number(self.words, nxt)
            if number is not None and number.ordinal:
                return False
        if self.in_set(i - 1, "not_before_today") is not None:
            return False
        return not (self.is_text(i - 1, "«", '"') and self.is_text(nxt, "»", '"'))

    def weekday_phrase(self, i: int) -> tuple[int, DateValue] | None:
        """[مساء|ليلة] [يوم] الأحد [الاثنين] [الماضي|المقبل] [15 يوليو 2023]."""
        j = i
        if self.has(j, "part_of_day"):
            j = self.after(j)
        if self.has(j, "day_word") and not self.has(j, "today"):
            j = self.after(j)
        weekday = self.kind(j, "weekday")
        if weekday is None:
            return None
        end = self.after(j)
        k = end + 1 if self.is_text(end, "،", ",", "-", "(") else end
        explicit = self.explicit(k, True)
        if explicit is not None and explicit[1].precision == "day":
            end = explicit[0]
            if self.is_text(end, ")"):
                end += 1
            return end, explicit[1]
        direction = None
        if self.has(end, "direction"):
            direction = int(self.kind(end, "direction") or 0)
            end = self.after(end)
        if self.published is None:
            return end, _unknown()
        target = int(weekday)
        pub = self.published
        back = (pub.weekday() - target) % 7
        if direction is not None and direction < 0:
            day = pub - dt.timedelta(days=back or 7)
        elif (direction is not None and direction > 0) or (
            direction is None and back != 0 and self.future_before(j)
        ):
            ahead = (target - pub.weekday()) % 7
            day = pub + dt.timedelta(days=ahead or 7)
        else:
            day = pub - dt.timedelta(days=back)
        return end, _with(_day_value(day, relative=True), weekday=True)

    def relative_period(self, i: int, allow_qualifier: bool = True) -> tuple[int, DateValue] | None:
        """[qualifier] الشهر/العام/الأسبوع الماضي|الجاري|المقبل, هذا الشهر, مطلع العام."""
        j = i
        qualifier = self.kind(j, "qualifier") if allow_qualifier else None
        if qualifier:
            j = self.after(j)
        if self.has(j, "month_word") and not self.has(j, "period"):
            j = self.after(j)  # نهاية شهر ... handled by explicit; here only الشهر
        this = self.has(j, "this")
        if this:
            j = self.after(j)
        unit = self.kind(j, "period")
        if unit is None:
            return None
        end = self.after(j)
        direction = 0
        if self.has(end, "direction"):
            direction = int(self.kind(end, "direction") or 0)
            end = self.after(end)
        elif not (this or qualifier) or (unit == "week" and not this):
            # نهاية الأسبوع alone is "the weekend", mostly in general statements.
            return None
        if unit == "year" and self.year_number(end) is not None:
            return None  # العام 2015: a year, read by `explicit`
        pub = self.published
        if pub is None:
            return end, _with(_unknown(), qualifier=qualifier)
        value: DateValue
        if unit == "year":
            value = _year_value(pub.year + direction, relative=True)
        elif unit == "month":
            y, m = _add_months(pub.year, pub.month, direction)
            value = _month_value(y, m, relative=True)
        else:
            # A week is given as the month holding its middle day.
            toward = 3 if direction < 0 else -3 if direction > 0 else 0
            part = {None: 0, "early": -2, "mid": 0, "late": 2}[qualifier]
            middle = pub + dt.timedelta(days=7 * direction + toward + part)
            value = _month_value(middle.year, middle.month, relative=True)
            qualifier = None
        return end, _with(value, qualifier=qualifier)

    def ago(self, i: int) -> tuple[int, DateValue] | None:
        """قبل يومين / قبل ثلاثة أيام / قبل أسبوعين / قبل عامين (not followed by من)."""
        if not self.has(i, "ago"):
            return None
        j = self.after(i)
        count = 0
        parsed = parse_number(self.words, j) if j < len(self.words) else None
        if parsed is not None and not parsed.ordinal:
            count, j = parsed.value, j + parsed.length
        unit_info = self.kind(j, "count_unit")
        if unit_info is None:
            return None
        unit, _, carried = unit_info.partition(":")
        count = count or int(carried)
        if count == 0 or unit in ("hour", "decade"):
            return None
        end = self.after(j)
        if self.is_text(end, "من") or self.has(end, "direction"):
            return None  # قبل يومين من الانتخابات: relative to another event
        pub = self.published
        if pub is None:
            return end, _unknown()
        if unit == "day":
            return end, _day_value(pub - dt.timedelta(days=count), relative=True)
        if unit == "week":
            return end, _day_value(pub - dt.timedelta(days=7 * count), relative=True)
        if unit == "month":
            y, m = _add_months(pub.year, pub.month, -count)
            return end, _month_value(y, m, relative=True)
        return end, _year_value(pub.year - count, relative=True)

    def last_hours(self, i: int) -> tuple[int, DateValue] | None:
        """خلال الساعات الـ24 الماضية / الـ24 ساعة الماضية: the publication day."""
        j = i
        unit = self.kind(j, "count_unit")
        if unit is not None and unit.startswith("hour"):
            number = self.number(j + 1)
            end = j + 2
        else:
            number = self.number(j)
            unit = self.kind(j + 1, "count_unit")
            end = j + 2
        if number is None or unit is None or not unit.startswith("hour") or number[0] > 72:
            return None
        if self.kind(end, "direction") != "-1":
            return None
        end = self.after(end)
        if self.published is None:
            return end, _unknown()
        return end, _day_value(self.published, relative=True)


def _prefix_length(word: str) -> int:
    """Length of a clitic or article glued to a number (`و2017`, `الـ24`)."""
    if _NUMBER_TOKEN.match(word):
        m = _NUMBER_PREFIX.match(word)
        return len(m.group()) if m else 0
    return 0


def _with(date: DateValue, **changes: Any) -> DateValue:
    return replace(date, **changes)


def _in_year_of(start: DateValue, end: DateValue) -> DateValue:
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
        if start.day and _safe_date(year, start.day.month, start.day.day)
        else None
    )
    key = (year, start.month_key[1]) if start.month_key else None
    return _with(start, value=value, relative=False, day=day, month_key=key)


def _range(start: DateValue, end: DateValue) -> DateValue:
    """One value for a range: the month or year both ends share, else the start."""
    label = f"{start.value}/{end.value}"
    relative = start.relative or end.relative
    if start.value is None or end.value is None:
        return DateValue(None, None, relative, label=None)
    if start.value == end.value:
        return _with(start, relative=relative)
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


# --- whole documents --------------------------------------------------------------------


def _tag_tokens(
    tokens: Sequence[tuple[str, int, int]], hits: Sequence[LexiconMatch[Any]]
) -> list[_Tok]:
    """Tokens carrying the date vocabulary hits that start in them."""
    toks = [_Tok(t, s, e) for t, s, e in tokens]
    if not toks:
        return toks
    starts = [t.start for t in toks]
    for hit in hits:
        first = bisect.bisect_right(starts, hit.start) - 1
        last = bisect.bisect_right(starts, hit.end - 1) - 1
        if first < 0:
            continue
        tok = toks[first]
        if tok.kinds is _NO_KINDS:
            tok.kinds = {}
        for kind, value in hit.values:
            tok.kinds.setdefault(kind, []).append(value)
        tok.hit_length = last + 1 - first
        tok.hit_start = hit.start
    return toks


def find_dates(
    norm_text: str,
    published: dt.date | None,
    sentences: Sequence[tuple[int, int]] | None = None,
    tokens: Sequence[tuple[str, int, int]] | None = None,
) -> list[DateMatch]:
    """Dates in a normalised text, resolved against `published` (may be None).
    `sentences` and `tokens` (normalised offsets) are computed when not given."""
    if sentences is None or tokens is None:
        sents, toks = segment(norm_text)
        sentences = [(s.start, s.end) for s in sents]
        tokens = [(t.text, t.start, t.end) for t in toks]
    numeric = _numeric_dates(norm_text)
    masked = norm_text
    if numeric:
        for m in numeric:
            masked = masked[: m.start] + " " * (m.end - m.start) + masked[m.end :]
        tokens = [t for t in tokens if not any(m.start <= t[1] < m.end for m in numeric)]
    vocab = _vocab()
    hits = vocab.lexicon.find(masked)
    hit_starts = [h.start for h in hits]
    token_starts = [t[1] for t in tokens]
    years = [m.start() for m in _YEAR_DIGITS.finditer(masked)]
    cues: list[int] | None = None
    state: dict[str, tuple[int, int]] = {}
    found: list[DateMatch] = list(numeric)
    for s_start, s_end in sentences:
        sentence_hits = hits[
            bisect.bisect_left(hit_starts, s_start) : bisect.bisect_left(hit_starts, s_end)
        ]
        # Only sentences with a date word or a year in them are worth parsing.
        anchored = any(kind in _ANCHORS for hit in sentence_hits for kind, _ in hit.values)
        if not anchored and bisect.bisect_left(years, s_start) == bisect.bisect_left(years, s_end):
            continue
        first = bisect.bisect_left(token_starts, s_start)
        last = bisect.bisect_left(token_starts, s_end)
        if first == last:
            continue
        if cues is None:
            cues = [hit.start for hit in vocab.future_cues.find(masked)]
        tagged = _tag_tokens(tokens[first:last], sentence_hits)
        parser = _SentenceParser(masked, tagged, published, state, cues)
        found.extend(parser.parse())
    return _merge_weekday_numeric(norm_text, sorted(found, key=lambda m: m.start))


def _merge_weekday_numeric(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """`يوم الأحد 18-9-1436`: a weekday right before a numeric date is part of it."""
    out: list[DateMatch] = []
    for match in found:
        if out:
            prev = out[-1]
            gap = text[prev.end : match.start]
            if (
                prev.date.relative
                and prev.date.precision == "day"
                and not match.date.relative
                and match.date.precision == "day"
                and len(gap) <= 3
                and not gap.strip(" ،,")
                and prev.date.weekday
            ):
                out[-1] = DateMatch(prev.start, match.end, match.date)
                continue
        out.append(match)
    return out


def _numeric_dates(text: str) -> list[DateMatch]:
    out: list[DateMatch] = []
    if not _NUMERIC_HINT.search(text):
        return out
    for m in _DMY.finditer(text):
        year, month, day = int(m.group(4)), int(m.group(3)), int(m.group(1))
        if m.group(5) or _HIJRI_MIN <= year <= _HIJRI_MAX:
            if 1 <= month <= 12 and 1 <= day <= 30:
                value = hijri_to_gregorian(year, month, day)
                if value.value:
                    out.append(DateMatch(m.start(), m.end(), value))
            continue
        found = _safe_date(year, month, day)
        if found is not None and _MIN_YEAR <= found.year <= _MAX_YEAR:
            out.append(DateMatch(m.start(), m.end(), _day_value(found)))
    for m in _YMD.finditer(text):
        found = _safe_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if found is not None and _MIN_YEAR <= found.year <= _MAX_YEAR:
            out.append(DateMatch(m.start(), m.end(), _day_value(found)))
    return out


def find_dateline(norm_text: str) -> dt.date | None:
    """The date of a dateline in the article's first lines (`بغداد - 21 يوليو 2021`):
    a day-precision absolute date near the start of one of the first three lines."""
    for line in norm_text.split("\n")[:4]:
        head = line[:160]
        if not _DIGIT.search(head):
            continue
        for match in find_dates(head, None, [(0, len(head))]):
            date = match.date
            before = head[: match.start].split()
            if date.precision == "day" and not date.relative and len(before) <= 4:
                return date.day
    return None


@stage(
    "dates",
    requires=("doc.norm", "doc.sentences", "doc.tokens"),
    provides=("DATE", "doc.published"),
)
class DatesStage:
    """Stage: DATE entities with ISO values; a dateline fills a missing publication date."""

    name = STAGE

    def __init__(self, config: object = None) -> None:
        del config
        _vocab()

    def __call__(self, doc: Document) -> Document:
        norm = doc.norm.text
        if doc.published is None:
            dateline = find_dateline(norm)
            if dateline is not None:
                doc.published = dateline
                doc.published_source = "dateline"
        anchor = doc.published.isoformat() if doc.published else None
        sentences = [(s.start, s.end) for s in doc.sentences]
        tokens = [(t.text, t.start, t.end) for t in doc.tokens]
        for match in find_dates(norm, doc.published, sentences, tokens):
            date = match.date
            if date.note:
                doc.warnings.append(date.note)
            doc.add_entity(
                "DATE",
                match.start,
                match.end,
                STAGE,
                value=date.value,
                value_end=date.value_end,
                precision=date.precision,
                qualifier=date.qualifier,
                relative=date.relative,
                anchor=anchor if date.relative else None,
                label=date.label,
            )
        return doc


def extract_dates(text: str, published: dt.date | None = None) -> list[DateMatch]:
    """Dates of a raw text (normalised here); offsets are in the normalised text."""
    return find_dates(normalize(text).text, published)
