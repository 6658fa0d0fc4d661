"""Rules for calendar dates written out (`15 يوليو 2023`, `عام 2017`, `رمضان الماضي`)
and ranges of days or years, resolved against the publication date when a part
is missing."""

from __future__ import annotations

import datetime as dt

from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.stages.dates.relative import RelativeDates
from newsie.stages.dates.values import (
    DateValue,
    date_range,
    day_value,
    gregorian_to_hijri,
    hijri_to_gregorian,
    in_year_of,
    month_value,
    safe_date,
    unknown,
    with_changes,
    year_value,
)
from newsie.stages.dates.vocabulary import DASHES, HIJRI_MAX, HIJRI_MIN


class ExplicitDates(RelativeDates):
    """Calendar dates written out, and ranges of them."""

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
                value = with_changes(value, qualifier=qualifier)
            if day is not None:
                value = with_changes(value, written_day=day[0])
            return end, value
        if day is not None and self.has(day[1], "anaphor_month"):
            return self.after(day[1]), self.day_of_last_month(day[0], current=False)
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
                found = safe_date(y, mo, day[0])
                if found:
                    return rel[0], with_changes(day_value(found, relative=True), written_day=day[0])
            if rel is not None and rel[1].value is None:
                return rel[0], unknown()
            if rel is None and prev_intro and self.bare_month(day[1]):
                # في العاشر من الشهر (not الأسبوع الأول من الشهر): the month named last.
                return self.after(day[1]), self.day_of_last_month(day[0], current=True)
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
            value = with_changes(value, qualifier=qualifier)
        return year[2], value

    def day_of_last_month(self, day: int, current: bool) -> DateValue:
        """A day of the month named last (`23 منه`, `الرابع من الشهر`), relative when that
        month's year was not written; `current`: the publication month when none was."""
        last = self.state.get("month")
        if last is None and current and self.published is not None:
            last = (self.published.year, self.published.month, 1)
        found = safe_date(last[0], last[1], day) if last is not None else None
        if last is None or found is None:
            return unknown(relative=False)
        return day_value(found, relative=bool(last[2]))

    def bare_month(self, i: int) -> bool:
        """الشهر with nothing after it that names which month (الجاري، الفضيل، الثامن)."""
        if self.kind(i, "period") != "month":
            return False
        k = self.after(i)
        following = self.toks[k].text if k < len(self.toks) else ""
        return not following.startswith(DEFINITE_ARTICLE) and not following[:1].isdigit()

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
                return unknown()
            today = gregorian_to_hijri(pub)
            if today is None:
                return unknown()
            hyear, hmonth = today
            if year_offset is not None:
                hyear += year_offset
            elif direction is not None and direction < 0 and month >= hmonth:
                hyear -= 1  # رمضان الماضي: the last Ramadan before this month
            elif direction is not None and direction > 0 and month <= hmonth:
                hyear += 1
            return with_changes(hijri_to_gregorian(hyear, month, day), relative=True)
        if year is not None:
            if year[1] == "hijri":
                return hijri_to_gregorian(year[0], None)
            y = year[0]
            if day is None:
                return month_value(y, month)
            found = safe_date(y, month, day)
            return day_value(found) if found else unknown(relative=False)
        if pub is None:
            return unknown()
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
            return month_value(y, month, relative=True)
        found = safe_date(y, month, day)
        return day_value(found, relative=True) if found else unknown()

    def resolve_year(self, year: int, era: str | None) -> DateValue:
        if era == "hijri" or (era is None and HIJRI_MIN <= year <= HIJRI_MAX and year < 1900):
            return hijri_to_gregorian(year)
        return year_value(year)

    def explicit_with_range(self, i: int) -> tuple[int, DateValue] | None:
        first = self.explicit(i)
        if first is None:
            return None
        end, value = first
        if self.has(end, "range_to") or self.is_text(end, *DASHES):
            second = self.explicit(self.after(end) if self.has(end, "range_to") else end + 1, True)
            if second is not None and second[1].value and value.value:
                if value.relative and (not second[1].relative or (value.value > second[1].value)):
                    value = in_year_of(value, second[1])
                return second[0], date_range(value, second[1])
        return first

    def range_days(self, i: int) -> tuple[int, DateValue] | None:
        """`(من) 5 إلى 7 تموز (2023)`, `بين 14 و16 سبتمبر`, `21 إلى 23 منه`: a day alone,
        then the end of the range, which lends it its month and year."""
        j = self.after(i) if self.has(i, "between") or self.is_text(i, "من") else i
        first = self.day_number(j)
        if first is None or self.has(first[1], "month") or self.has(first[1], "hijri_month"):
            return None
        k = first[1]
        if self.has(k, "range_to") or self.is_text(k, *DASHES):
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
        start = day_value(start_day, relative=second[1].relative)
        return second[0], date_range(start, second[1])

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
        if self.has(k, "range_to") or self.is_text(k, *DASHES):
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
        return second[2], date_range(year_value(first[0]), year_value(second[0]))
