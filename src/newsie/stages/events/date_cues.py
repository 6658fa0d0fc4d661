"""Phrases that date an event against another date of the article: the next day
(وفي اليوم التالي), that same day (في ذلك اليوم، آنذاك), a day before another event
(بعد يومين من اغتيال ...), and clauses whose date is their own (بعدما رفضوا الأحد ...)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from newsie.resources import read_tsv
from newsie.schema import EventDate
from newsie.stages.events.analysis import Analysis, Mention, Placed, clause_starts_of
from newsie.stages.events.lexicon import function_words, norm_key
from newsie.text.lexicon import Lexicon, LexiconMatch
from newsie.text.spans import Spans

# Words an offset phrase may stand apart from its event by (بعد يومين من اغتيال).
OFFSET_GAP = 1


@dataclass(frozen=True, slots=True)
class DateCue:
    kind: str  # next | following | then | offset | subordinate
    days: int
    precision: str  # "" (as the date it refers to) | year


@lru_cache(maxsize=1)
def date_cue_lexicon() -> Lexicon[DateCue]:
    return Lexicon(
        (r["cue"], DateCue(r["kind"], int(r["days"] or 0), r["precision"]))
        for r in read_tsv("events/date_cues.tsv")
        if r["kind"] not in WORD_KINDS
    )


@lru_cache(maxsize=2)
def cue_words(kind: str) -> frozenset[str]:
    """The one-word cues of a kind: opening (words that may come before a date that
    opens its sentence: وفي 3 آذار، ...), statement."""
    return frozenset(
        norm_key(r["cue"]) for r in read_tsv("events/date_cues.tsv") if r["kind"] == kind
    )


@lru_cache(maxsize=4)
def date_cues(ana: Analysis) -> Spans[LexiconMatch[DateCue]]:
    return Spans(date_cue_lexicon().find(ana.text))


def in_cue(ana: Analysis, p: Placed) -> bool:
    """A date word inside a phrase that refers to another date (نفس اليوم، اليوم
    التالي) is no date of its own."""
    return bool(date_cues(ana).containing(p.start, p.end))


def opens_sentence(ana: Analysis, p: Placed, sentence: int) -> bool:
    """A date at the head of its sentence (في 3 آذار/مارس، سيطرت القوات ... ودخلت)
    dates every clause of it."""
    # Two words are enough to say no: not a scan of a long sentence for each date.
    found = itertools.islice(WORD.finditer(ana.text, ana.sentences[sentence].start, p.start), 2)
    words = [w.group() for w in found]
    return len(words) <= 1 and all(norm_key(w) in cue_words("opening") for w in words)


WORD = re.compile(r"\w+")


def subordinate_between(ana: Analysis, start: int, end: int, triggers: list[Mention]) -> bool:
    """A conjunction that opens a clause of its own (بعدما، قبل أن) lies between,
    and no trigger between it and the end (whose date it would be)."""
    return any(
        c.values[0].kind == "subordinate"
        and start <= c.word_start
        and c.end <= end
        and not any(c.end <= o.start and o.end <= end for o in triggers)
        for c in date_cues(ana).starting_in(start, end)
    )


def offset_days(ana: Analysis, m: Mention, date: EventDate) -> int:
    """Days to add to the clause's date for an event named right after an offset
    phrase (قتل جنديان الأحد، بعد يومين من اغتيال ...: two days earlier); a date
    after the phrase is the event's own (بعد أسبوع من عملية أطلقت في 2 آذار)."""
    s = ana.sentences[m.sentence]
    for c in date_cues(ana).starting_in(s.start, s.end):
        cue = c.values[0]
        if cue.kind != "offset" or c.end > m.start or ana.sentence_of(c.start) != m.sentence:
            continue
        between = [t for t in ana.tokens[ana.token_at(c.end) : ana.token_at(m.start)] if t.is_word]
        if len(between) > OFFSET_GAP and not reported(ana, between, m):
            continue
        own = [
            p
            for p in ana.in_sentence(m.sentence, "DATE")
            if p.entity.start == date.start and p.start > c.start
        ]
        return 0 if date.source == "sentence" and own else cue.days
    return 0


def reported(ana: Analysis, between: list, m: Mention) -> bool:
    """The words after an offset phrase are an announcement and the clause it reports
    (بعد يوم من إعلان الجيش أن قائد الخلية اعتقل), with no coordinated clause
    between (فيما، بينما): the event was told that day."""
    starts = clause_starts_of(ana, m.sentence)
    return (
        bool(between)
        and norm_key(between[0].text) in cue_words("statement")
        and any(norm_key(t.text) in function_words("complementiser") for t in between)
        and not any(between[0].start < c < m.start for c in starts)
    )


def shifted(date: EventDate, days: int) -> EventDate:
    if not days or not date.value or len(date.value) != 10:
        return date
    value = (dt.date.fromisoformat(date.value) + dt.timedelta(days=days)).isoformat()
    return date.model_copy(update={"value": value})


def narrative_date(ana: Analysis, sentence: int, years: dict[int, str]) -> EventDate | None:
    """The date a sentence without one of its own refers back to (وفي اليوم التالي،
    في ذلك اليوم، آنذاك): the last date named before the phrase, in any paragraph,
    moved by the phrase's days, or its month for "the days after"."""
    s = ana.sentences[sentence]
    cue = next(
        (c for c in date_cues(ana).starting_in(s.start, s.end) if c.values[0].kind in NARRATIVE),
        None,
    )
    if cue is None:
        return None
    rule = cue.values[0]
    # The day after (اليوم التالي) counts from a day, not from a year named on the way.
    size = 10 if rule.kind in ("next", "following") else 4
    last = next(
        (
            p
            for p in ana.of_type("DATE").before(cue.start)
            if len(years.get(p.start) or p.entity.value or "") >= size
            and p.end <= cue.start
            and not in_cue(ana, p)
        ),
        None,
    )
    if last is None:
        return None
    p = last
    e = p.entity
    value = years.get(p.start) or e.value or ""
    if rule.kind == "then" and e.relative and p.start not in years and this_week(ana, value):
        return None  # back then (آنذاك) is not the week of the report (أمس، الأحد)
    if rule.kind == "following" and len(value) >= 7:
        value = value[:7]
    elif rule.precision == "year":
        value = value[:4]
    elif rule.kind == "next" and len(value) == 10:
        value = (dt.date.fromisoformat(value) + dt.timedelta(days=rule.days)).isoformat()
    precision = {4: "year", 7: "month", 10: "day"}.get(len(value))
    return EventDate(
        value=value,
        text=e.text,
        start=e.start,
        end=e.end,
        precision=precision,
        source="paragraph",
    )


def this_week(ana: Analysis, value: str) -> bool:
    published = ana.doc.published
    if not isinstance(published, dt.date) or len(value) != 10:
        return False
    return 0 <= (published - dt.date.fromisoformat(value)).days <= 7


NARRATIVE = frozenset({"next", "following", "then"})
# Kinds of single words, not phrases looked for in the text.
WORD_KINDS = frozenset({"opening", "statement"})
