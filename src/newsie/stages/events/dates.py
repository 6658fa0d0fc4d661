"""When it happened: the date of a mention's clause, with background dates kept out."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from newsie.resources import read_tsv
from newsie.schema import (
    EventDate,
)
from newsie.stages.events.analysis import Analysis, Mention, Placed
from newsie.stages.events.date_cues import (
    in_cue,
    narrative_date,
    offset_days,
    opens_sentence,
    shifted,
    subordinate_between,
)
from newsie.stages.events.lexicon import CLAUSE_BREAKS, LONG_SUBJECT, function_words, norm_key
from newsie.stages.events.merging import Cluster

# Words a date may stand after the trigger it follows (سقوط المدينة في 9 نيسان).
AFTER_DATE_WORDS = 4


def entity_date(p: Placed, source: str, value: str | None = None) -> EventDate:
    e = p.entity
    return EventDate(
        value=value or e.value,
        text=e.text,
        start=e.start,
        end=e.end,
        precision=e.precision or value_precision(e.value),
        source=source,
    )


@lru_cache(maxsize=1)
def _calendar_words() -> tuple[frozenset[str], frozenset[str]]:
    """Gregorian month names and the words that name the month last named (الشهر،
    منه), and the words that tie a date to the publication date (الماضي، المقبل، هذا)."""
    months = frozenset(
        norm_key(r["form"]) for r in read_tsv("dates/months.tsv") if r["calendar"] == "gregorian"
    ) | {
        norm_key(r["form"])  # one word each; من الشهر نفسه holds الشهر
        for r in read_tsv("dates/words.tsv")
        if (r["kind"] == "anaphor_month" or (r["kind"] == "period" and r["value"] == "month"))
        and " " not in r["form"]
    }
    anchored = frozenset(
        norm_key(r["form"])
        for r in read_tsv("dates/words.tsv")
        if r["kind"] in ("direction", "this")
    )
    return months, anchored


def yearless(p: Placed) -> bool:
    """A day or month named without its year (21 آذار/مارس، الرابع من الشهر), whose
    year the dates stage took from the publication date."""
    e = p.entity
    if not e.relative or not e.value or len(e.value) < 7 or re.search(r"\d{4}", e.text):
        return False
    months, anchored = _calendar_words()
    words = {norm_key(w) for w in re.findall(r"\w+", e.text) if not w.isdigit()}
    return bool(words & months) and not words & anchored


def narrative_years(ana: Analysis) -> dict[int, str]:
    """Values of yearless dates that continue a dated narrative: after 17 شباط/فبراير
    2011, a later "20 تشرين الأول/أكتوبر" or "تشرين الثاني/نوفمبر" is in 2011, not in
    the publication year. Keyed by the date's start. Only a written year sets the
    context, so that an anniversary named on the way (في ذكرى 17 شباط) does not break
    the chain."""
    if ana.narrative_years is not None:
        return ana.narrative_years  # once per document, not once per mention
    out: dict[int, str] = {}
    ana.narrative_years = out
    context: str | None = None  # the last date with an explicit year (month or finer)
    for p in ana.entities:
        e = p.entity
        if e.type != "DATE" or not e.value or len(e.value) < 7:
            continue
        if not e.relative:
            context = e.value
            continue
        if context is None or not yearless(p) or e.value[:4] == context[:4]:
            continue
        if e.value[5:] < context[5 : len(e.value)]:  # earlier in the year: a new year
            continue
        out[p.start] = context[:4] + e.value[4:]
    return out


def value_precision(value: str | None) -> str | None:
    if not value:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(value))


def statement_date(ana: Analysis, p: Placed, sentence: int) -> bool:
    """A date right after a verb of saying (قالت مصادر عسكرية، السبت، إن) dates
    the report, not the event; commas around the date do not matter here."""
    first = ana.sentences[sentence].first_token
    k = ana.token_at(p.start)
    words = [t for t in ana.tokens[max(first, k - 8) : k] if t.is_word][::-1]  # nearest first
    complementisers = function_words("complementiser")
    # Only a cue ending in one of those words counts.
    for cue in ana.report_cues.overlapping(words[-1].start, words[0].end) if words else []:
        for rule in cue.values:
            for distance, t in enumerate(words, start=1):
                if not t.start < cue.end <= t.end:
                    continue
                if distance <= rule.window:
                    return True
                # A longer subject (اتهم الجيش الوطني في بيان له الاثنين) before the date,
                # as long as the reported clause (إن ...) has not begun.
                between = {norm_key(w.text) for w in words[: distance - 1]}
                if distance <= rule.window + LONG_SUBJECT and not between & complementisers:
                    return True
    # A date fronted before the verb (والخميس، قال مسؤولون إن ...).
    end = ana.token_at(p.end)
    following = [t for t in ana.tokens[end : end + 3] if t.is_word][:1]
    return bool(following) and any(
        cue.start >= following[0].start and cue.end <= following[0].end
        for cue in ana.report_cues.starting_in(following[0].start, following[0].end)
    )


def mention_date(
    ana: Analysis, m: Mention, siblings: list[Mention]
) -> tuple[EventDate | None, bool]:
    """The date of the sentence nearest the trigger (not the date of a statement,
    nor one beyond a trigger of another type: الهجوم بعد أسبوع من عملية أمنية في
    2 آذار dates the operation; nor one right after a nearer trigger of another
    type: قصفت الطائرات، الأحد، مواقع خرقا للهدنة dates the shelling), else the
    last date earlier in the paragraph, else the day of the article's lead, else
    the publication date. An event said to be recent (مؤخرا), or dated only by a
    later statement about it, happened on an unknown day: its month is given, and
    the second value says the day was dropped."""
    date, why = nearest_date(ana, m, siblings)
    if date is None:
        return None, False
    if why == "near":
        return date, True
    statement_only = why == "statement"
    days = offset_days(ana, m, date)
    if days and date.precision == "day":
        source = "sentence" if date.source == "sentence" else "paragraph"
        return shifted(date, days).model_copy(update={"source": source}), False
    recent = ana.recent_sentence(m.sentence)
    if date.source == "published" and (recent or ana.recent_lead):
        return month_of(date), True
    if date.source in ("paragraph", "published") and since_event(ana, m):
        return month_of(date), True
    if date.source == "sentence" and (recent or (statement_only and not ana.is_lead(m))):
        return month_of(date), True
    if date.source == "sentence" and statement_only:
        # The lead's report day (أعلن الجيش، الأحد، مقتل ...) is the event's day
        # unless another mention gives the event's own (واندلعت المواجهات ليل الخميس).
        return date.model_copy(update={"source": "paragraph"}), False
    return date, False


def since_event(ana: Analysis, m: Mention) -> bool:
    """An undated event the report counts from (اشتدت المعارك منذ وصول التعزيزات)
    happened before the day of the report, on a day the text does not give."""
    before = ana.words_before(m.start, m.sentence, 3)
    return any(norm_key(t.text) in function_words("since") for t in before)


def month_of(date: EventDate) -> EventDate:
    if not date.value or len(date.value) < 7:
        return date
    return date.model_copy(update={"value": date.value[:7], "precision": "month"})


def gap(m: Mention, p: Placed) -> int:
    """Characters between a trigger and a date, whichever comes first."""
    return min(abs(p.start - m.end), abs(m.start - p.end))


def own_date(ana: Analysis, m: Mention, p: Placed, siblings: list[Mention]) -> bool:
    """Whether a date of the sentence may date the mention: not one beyond a trigger
    of another type, nor one right after a nearer trigger of another type; a date
    that opens the sentence dates all of it."""
    if opens_sentence(ana, p, m.sentence):
        return True
    return not any(
        o.type != m.type
        and o.strength == "strong"
        and min(m.end, p.end) <= o.start
        and o.end <= max(m.start, p.start)
        for o in siblings
    ) and not any(
        o.type != m.type and o.strength == "strong" and o.end <= p.start and gap(o, p) < gap(m, p)
        for o in siblings
    )


def attached_before(ana: Analysis, m: Mention, p: Placed, siblings: list[Mention]) -> bool:
    """A date before the trigger that follows another event's trigger belongs to it
    (غارات في 20 آذار وسقوط المدينة ...), unless it opens the sentence."""
    return not opens_sentence(ana, p, m.sentence) and any(
        o.type != m.type and o.strength == "strong" and o.end <= p.start for o in siblings
    )


def right_after(ana: Analysis, m: Mention, p: Placed) -> bool:
    """A date a few words after the trigger, in the same clause (سقوط المدينة في 9 نيسان)."""
    if p.start < m.end:
        return False
    between = ana.tokens[ana.token_at(m.end) : ana.token_at(p.start)]
    words = [t for t in between if t.is_word]
    return len(words) <= AFTER_DATE_WORDS and not any(t.text in CLAUSE_BREAKS for t in between)


def nearest_date(
    ana: Analysis, m: Mention, siblings: list[Mention]
) -> tuple[EventDate | None, str]:
    """The event's date, and why it may not be its day: "statement" when the
    sentence's only dates are those of statements, "near" when the event is only
    said to come before or after a dated clause (its month is given)."""
    years = narrative_years(ana)
    dates = [
        p for p in ana.in_sentence(m.sentence, "DATE") if p.entity.value and not in_cue(ana, p)
    ]
    events_dates = [p for p in dates if not statement_date(ana, p, m.sentence)]
    why = "statement" if dates and not events_dates else ""
    candidates = [p for p in events_dates or dates if own_date(ana, m, p, siblings)]
    # اندلعت المواجهات بعدما رفض المسلحون، الأحد، تسليم أسلحتهم: Sunday is the refusal's.
    near = [
        p
        for p in candidates
        if p.start >= m.end and subordinate_between(ana, m.end, p.start, siblings)
    ]
    dates = [p for p in candidates if p not in near]
    if dates:
        nearest = min(dates, key=lambda p: gap(m, p))
        if nearest.end <= m.start and attached_before(ana, m, nearest, siblings):
            # بين غارات في 20 آذار وسقوط المدينة في 9 نيسان: a date follows what it dates.
            nearest = next((p for p in dates if right_after(ana, m, p)), nearest)
        # A span of two days (ليل الأحد الاثنين) is dated by its first day.
        k = dates.index(nearest)
        if k > 0 and not ana.text[dates[k - 1].end : nearest.start].strip(" -–/"):
            nearest = dates[k - 1]
        # A finer date that agrees with it wins (صباح اليوم الاثنين 07 مارس 2016).
        finer = [
            p
            for p in dates
            if p.entity.value
            and nearest.entity.value
            and len(p.entity.value) > len(nearest.entity.value)
            and p.entity.value.startswith(nearest.entity.value)
        ]
        chosen = finer[0] if finer else nearest
        return entity_date(chosen, "sentence", years.get(chosen.start)), why
    if near:
        return month_of(entity_date(near[0], "sentence", years.get(near[0].start))), "near"
    narrative = narrative_date(ana, m.sentence, years)
    if narrative is not None:
        return narrative, ""
    for i in range(m.sentence - 1, -1, -1):
        if ana.sentence_paragraph[i] != m.paragraph:
            break
        dates = [p for p in ana.in_sentence(i, "DATE") if p.entity.value]
        if dates:
            return entity_date(dates[-1], "paragraph", years.get(dates[-1].start)), ""
    lead = lead_date(ana)
    if lead is not None:
        return lead, ""
    published = ana.doc.published
    if isinstance(published, dt.date):
        day = EventDate(value=published.isoformat(), precision="day", source="published")
        return day, ""
    return None, ""


def lead_date(ana: Analysis) -> EventDate | None:
    """The day of the article's main story, which an undated headline or later
    sentence refers to: the first relative day of the lead (أمس، السبت) that is not
    the date of a statement. Kept as a fallback (source "published") so that
    merging treats it like the publication date."""
    for i in sorted(ana.lead_sentences):
        for p in ana.in_sentence(i, "DATE"):
            e = p.entity
            if not e.value or len(e.value) != 10 or not e.relative or yearless(p):
                continue
            if statement_date(ana, p, i) or not recent_day(ana, e.value):
                continue
            return entity_date(p, "published")
    return None


def recent_day(ana: Analysis, value: str) -> bool:
    """A day in the week up to publication (what أمس، السبت، مساء الخميس refer to)."""
    published = ana.doc.published
    if not isinstance(published, dt.date):
        return False
    return 0 <= (published - dt.date.fromisoformat(value)).days <= 7


def anchor_dates(ana: Analysis, clusters: list[Cluster]) -> None:
    """An event without a date of its own that happened during another event of
    the sentence (خلال المظاهرات، أثناء المعارك) takes that event's date; one
    whose mentions give several days, the first of them."""
    owner = {id(m): c for c in clusters for m in c.mentions}
    # The mentions of each sentence, in cluster order: only those can be `other`.
    by_sentence: dict[int, list[tuple[Cluster, Mention]]] = {}
    for c in clusters:
        for o in c.mentions:
            by_sentence.setdefault(o.sentence, []).append((c, o))
    for cluster in clusters:
        own = cluster.date()
        if own is not None and own.source != "published":
            continue
        for m in cluster.mentions:
            for other in (o for c, o in by_sentence[m.sentence] if c is not cluster):
                if other.sentence != m.sentence or other.start <= m.end:
                    continue
                before = ana.words_before(other.start, other.sentence, 2)
                if not any(norm_key(t.text) in function_words("during") for t in before):
                    continue
                date = owner[id(other)].date()
                if date is not None and date.source != "published":
                    cluster.anchored = date
                    break
            if cluster.anchored is not None:
                break
    for cluster in clusters:
        start = earliest_day(cluster)
        if start is not None and cluster.anchored is None:
            cluster.anchored = start
    for cluster in clusters:
        if cluster.anchored is None:
            cluster.anchored = referred_date(clusters, cluster)


def referred_date(clusters: list[Cluster], cluster: Cluster) -> EventDate | None:
    """An undated event told only with definite words (الانفجار وقع شرق المدينة) that
    merging kept apart, at a place the article names differently, refers back to the
    last event of its type told before it: it happened on that event's date, not on
    the day of the report."""
    own = cluster.date()
    strong = [m for m in cluster.mentions if m.strength == "strong"]
    if own is None or own.source != "published" or not all(m.definite for m in strong):
        return None
    start = strong[0].start
    earlier = [
        (max(m.start for m in c.mentions if m.start < start), c)
        for c in clusters
        if c is not cluster
        and c.type == cluster.type
        and any(m.strength == "strong" and m.start < start for m in c.mentions)
    ]
    if not earlier:
        return None
    date = max(earlier, key=lambda pair: pair[0])[1].date()
    return date if date is not None and date.source != "published" else None


def earliest_day(cluster: Cluster) -> EventDate | None:
    """An event the headline names without a date, whose mentions give several days
    (غارات بدأت مساء الأربعاء، غارة فجر الخميس), happened from the first of them."""
    first = next(m for m in cluster.mentions if m.strength == "strong").date
    if first is None or first.source != "published":
        return None
    days = [
        m.date
        for m in cluster.mentions
        if m.strength == "strong"
        and m.date is not None
        and m.date.source == "sentence"
        and not m.vague_date
        and m.date.value
        and len(m.date.value) == 10
    ]
    # One day wins too over a month given only because the day was unknown
    # (أعلن الجيش السبت إصابة جنود بتفجير ...; وأصيب الجنود، الجمعة، بتفجير ...).
    vague = any(m.vague_date and m.date and m.date.source == "sentence" for m in cluster.mentions)
    if len({d.value for d in days}) < (1 if vague else 2):
        return None
    return min(days, key=lambda d: d.value or "")
