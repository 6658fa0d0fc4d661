"""The date grammar of a sentence: which rule reads the phrase starting at each
token, and the day words (`اليوم`, `أمس`, `يوم الأحد`) that may lead into an
explicit date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from newsie.lang.ar.numbers import number_word, parse_number
from newsie.stages.dates.explicit import ExplicitDates
from newsie.stages.dates.values import (
    DateMatch,
    DateValue,
    day_value,
    safe_date,
    unknown,
    with_changes,
)
from newsie.stages.dates.vocabulary import DIGIT, HIJRI_MAX, HIJRI_MIN, RELATIVE_DAYS, STARTERS


class SentenceParser(ExplicitDates):
    """The date grammar over one sentence's tokens."""

    def parse(self) -> list[DateMatch]:
        matches: list[DateMatch] = []
        i = 0
        n = len(self.toks)
        while i < n:
            tok = self.toks[i]
            if not (
                (tok.kinds and not STARTERS.isdisjoint(tok.kinds))
                or tok.text == "من"
                or DIGIT.search(tok.text)
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
                self.state["month"] = (*value.month_key, int(value.relative))
            if value.day is not None:
                self.state["day"] = (value.day.month, value.day.day)
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
                self.same_day_of_year,
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

    # Day words: relative days and weekdays -------------------------------------------
    def same_day_of_year(self, i: int) -> tuple[int, DateValue] | None:
        """نفس اليوم من عام 1957 (in "on this day" lists, in retrospectives): the day
        named last, in the year written; هذا اليوم من عام 1957: the publication day's."""
        reference = self.kind(i, "same_day")
        j = self.after(i) if reference is not None else i
        if reference is None or not self.is_text(j, "من") or not self.has(j + 1, "year_word"):
            return None
        year = self.year_number(self.after(j + 1))
        if year is None or year[1] == "hijri" or HIJRI_MIN <= year[0] <= HIJRI_MAX:
            return None
        pub = self.published
        day: tuple[int, ...] | None = self.state.get("day")
        if reference == "today":
            day = (pub.month, pub.day) if pub is not None else None
        found = safe_date(year[0], day[0], day[1]) if day is not None else None
        if found is None:
            return None  # no day to refer to: the year alone is read by `explicit`
        return year[2], day_value(found)

    def relative_day(self, i: int) -> tuple[int, DateValue] | None:
        """[مساء] اليوم / أمس / أمس الأول / غدا [weekday] [explicit date]."""
        j = self.after(i) if self.has(i, "part_of_day") else i
        found = next((self.kind(j, k) for k in RELATIVE_DAYS if self.has(j, k)), None)
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
            return end, unknown()
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
            return end, with_changes(day_value(day, relative=True), note=note)
        return end, day_value(day, relative=True)

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
            return end, unknown()
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
        return end, with_changes(day_value(day, relative=True), weekday=True)
