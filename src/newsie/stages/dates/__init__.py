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

Modules: `vocabulary` (the date words, from data), `values` (ISO values, Hijri
conversion, ranges), `reader` (the token view of a sentence and its small readers),
`relative` and `explicit` (the phrase rules), `grammar` (which rule reads each token),
`documents` (whole texts, numeric dates, datelines) and `stage`.
"""

from newsie.stages.dates.documents import extract_dates, find_dateline, find_dates
from newsie.stages.dates.stage import DatesStage
from newsie.stages.dates.values import DateMatch, DateValue, gregorian_to_hijri, hijri_to_gregorian

__all__ = [
    "DateMatch",
    "DateValue",
    "DatesStage",
    "extract_dates",
    "find_dateline",
    "find_dates",
    "gregorian_to_hijri",
    "hijri_to_gregorian",
]
