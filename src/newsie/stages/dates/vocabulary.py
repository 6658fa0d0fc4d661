"""The date vocabulary: the word lists of resources/dates/ and the calendar names,
loaded once into a Lexicon, plus the patterns and limits the grammar shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsie.lang.ar.calendar import month_names, weekday_names
from newsie.resources import read_tsv
from newsie.text.lexicon import Lexicon
from newsie.text.normalize import normalize_key

# Numbers written as tokens: optional clitic, article or a glued في, digits, optional era
# letter (`ال24`, `و2017`, `في15`, `1436ه`, `2015م`).
NUMBER_TOKEN = re.compile(r"^(?:وفي|في|وال|بال|لل|ال|[وفبلك])?(\d{1,4})(ه|م)?$")
NUMBER_PREFIX = re.compile(r"^(?:وفي|في|وال|بال|لل|ال|[وفبلك])?")
# Numeric dates: day/month/year (the order used across the Arab world) and ISO. A year
# between 1300 and 1500 is Hijri (`23-7-1435هـ`).
DMY = re.compile(
    r"(?<![\d/.\-])(\d{1,2}) ?([/.\-]) ?(\d{1,2}) ?\2 ?(\d{4})(?:(ه)|م)?(?![\d/\-\w]|\.\d)"
)
NUMERIC_HINT = re.compile(r"\d ?[/.\-] ?\d")
YMD = re.compile(r"(?<![\d/.\-])(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?![\d/\-\w]|\.\d)")
# A future verb: س + imperfect prefix + a stem of three letters or more (سيعقد، ستبدأ).
FUTURE_VERB = re.compile(r"^[وف]?س[يتن][^\W\d_]{3,}$")
DASHES = {"-", "–", "—"}
DIGIT = re.compile(r"\d")
# Vocabulary that can open a date phrase; other tokens are skipped quickly.
STARTERS = frozenset(
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
        "same_day",
    }
)
# Vocabulary that makes a sentence worth parsing (with years written in digits).
ANCHORS = STARTERS - {
    *("qualifier", "this", "part_of_day", "day_word", "between", "same_day"),
} | {"anaphor_month"}
YEAR_DIGITS = re.compile(r"(?<!\d)(?:1[3-9]|20|21)\d\d(?!\d)")
# How far before a weekday a future verb still governs it (tokens).
FUTURE_WINDOW = 25
MIN_YEAR, MAX_YEAR = 1900, 2100
HIJRI_MIN, HIJRI_MAX = 1300, 1500


# Closed classes of single words looked up by token rather than with the Lexicon.
_WORD_SETS = ("intro", "month_intro", "not_today", "not_before_today", "era")
# Relative day words; their value in words.tsv is the offset from the publication day.
RELATIVE_DAYS = ("today", "yesterday", "day_before_yesterday", "tomorrow", "day_after_tomorrow")


@dataclass(frozen=True, slots=True)
class _Vocab:
    lexicon: Lexicon[tuple[str, str]]
    months: dict[str, tuple[int, str, int]]  # key -> (month, calendar, ambiguity)
    future_cues: Lexicon[str]
    not_verbs: frozenset[str]
    word_sets: dict[str, dict[str, str]]


@lru_cache(maxsize=1)
def load_vocab() -> _Vocab:
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
