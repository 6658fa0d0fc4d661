"""Dates of whole texts: numeric dates, the sentences worth parsing, a weekday joined
to a numeric date, and the dateline that may stand for a publication date."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from newsie.stages.dates.grammar import SentenceParser
from newsie.stages.dates.reader import tag_tokens
from newsie.stages.dates.values import DateMatch, day_value, hijri_to_gregorian, safe_date
from newsie.stages.dates.vocabulary import (
    ANCHORS,
    DIGIT,
    DMY,
    HIJRI_MAX,
    HIJRI_MIN,
    MAX_YEAR,
    MIN_YEAR,
    NUMERIC_HINT,
    YEAR_DIGITS,
    YMD,
    load_vocab,
)
from newsie.text.normalize import normalize
from newsie.text.segment import segment
from newsie.text.spans import Spans


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
        masked = _blanked(norm_text, numeric)
        spans = Spans(numeric)
        tokens = [t for t in tokens if not spans.containing(t[1], t[1] + 1)]
    vocab = load_vocab()
    hits = vocab.lexicon.find(masked)
    hit_starts = [h.start for h in hits]
    token_starts = [t[1] for t in tokens]
    years = [m.start() for m in YEAR_DIGITS.finditer(masked)]
    cues: list[int] | None = None
    # The last month named (year, month, relative) and day (month, day), for anaphora.
    state: dict[str, tuple[int, ...]] = {}
    found: list[DateMatch] = list(numeric)
    for s_start, s_end in sentences:
        sentence_hits = hits[
            bisect.bisect_left(hit_starts, s_start) : bisect.bisect_left(hit_starts, s_end)
        ]
        # Only sentences with a date word or a year in them are worth parsing.
        anchored = any(kind in ANCHORS for hit in sentence_hits for kind, _ in hit.values)
        if not anchored and bisect.bisect_left(years, s_start) == bisect.bisect_left(years, s_end):
            continue
        first = bisect.bisect_left(token_starts, s_start)
        last = bisect.bisect_left(token_starts, s_end)
        if first == last:
            continue
        if cues is None:
            cues = [hit.start for hit in vocab.future_cues.find(masked)]
        tagged = tag_tokens(tokens[first:last], sentence_hits)
        parser = SentenceParser(masked, tagged, published, state, cues)
        found.extend(parser.parse())
    return _merge_weekday_numeric(norm_text, sorted(found, key=lambda m: m.start))


def _blanked(text: str, spans: Sequence[DateMatch]) -> str:
    """The text with the spans turned to spaces, built once (not a copy per span)."""
    pieces: list[str] = []
    pos = 0
    for m in sorted(spans, key=lambda m: m.start):
        start, end = max(pos, m.start), max(pos, m.end)
        pieces += [text[pos:start], " " * (end - start)]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


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
    if not NUMERIC_HINT.search(text):
        return out
    for m in DMY.finditer(text):
        year, month, day = int(m.group(4)), int(m.group(3)), int(m.group(1))
        if m.group(5) or HIJRI_MIN <= year <= HIJRI_MAX:
            if 1 <= month <= 12 and 1 <= day <= 30:
                value = hijri_to_gregorian(year, month, day)
                if value.value:
                    out.append(DateMatch(m.start(), m.end(), value))
            continue
        found = safe_date(year, month, day)
        if found is not None and MIN_YEAR <= found.year <= MAX_YEAR:
            out.append(DateMatch(m.start(), m.end(), day_value(found)))
    for m in YMD.finditer(text):
        found = safe_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if found is not None and MIN_YEAR <= found.year <= MAX_YEAR:
            out.append(DateMatch(m.start(), m.end(), day_value(found)))
    return out


def find_dateline(norm_text: str) -> dt.date | None:
    """The date of a dateline in the article's first lines (`بغداد - 21 يوليو 2021`):
    a day-precision absolute date near the start of one of the first three lines."""
    for line in norm_text.split("\n")[:4]:
        head = line[:160]
        if not DIGIT.search(head):
            continue
        for match in find_dates(head, None, [(0, len(head))]):
            date = match.date
            before = head[: match.start].split()
            if date.precision == "day" and not date.relative and len(before) <= 4:
                return date.day
    return None


def extract_dates(text: str, published: dt.date | None = None) -> list[DateMatch]:
    """Dates of a raw text (normalised here); offsets are in the normalised text."""
    return find_dates(normalize(text).text, published)
