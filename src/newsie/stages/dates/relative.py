"""Rules for periods counted from the publication date: `الشهر الماضي`,
`قبل يومين`, `خلال الساعات الـ24 الماضية`."""

from __future__ import annotations

import datetime as dt

from newsie.lang.ar.numbers import parse_number
from newsie.stages.dates.reader import SentenceReader
from newsie.stages.dates.values import (
    DateValue,
    add_months,
    day_value,
    month_value,
    unknown,
    with_changes,
    year_value,
)


class RelativeDates(SentenceReader):
    """Periods relative to the publication date."""

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
            return end, with_changes(unknown(), qualifier=qualifier)
        value: DateValue
        if unit == "year":
            value = year_value(pub.year + direction, relative=True)
        elif unit == "month":
            y, m = add_months(pub.year, pub.month, direction)
            value = month_value(y, m, relative=True)
        else:
            # A week is given as the month holding its middle day.
            toward = 3 if direction < 0 else -3 if direction > 0 else 0
            part = {None: 0, "early": -2, "mid": 0, "late": 2}[qualifier]
            middle = pub + dt.timedelta(days=7 * direction + toward + part)
            value = month_value(middle.year, middle.month, relative=True)
            qualifier = None
        return end, with_changes(value, qualifier=qualifier)

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
            return None  # قبل يومين من القمة: relative to another event
        pub = self.published
        if pub is None:
            return end, unknown()
        if unit == "day":
            return end, day_value(pub - dt.timedelta(days=count), relative=True)
        if unit == "week":
            return end, day_value(pub - dt.timedelta(days=7 * count), relative=True)
        if unit == "month":
            y, m = add_months(pub.year, pub.month, -count)
            return end, month_value(y, m, relative=True)
        return end, year_value(pub.year - count, relative=True)

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
            return end, unknown()
        return end, day_value(self.published, relative=True)
