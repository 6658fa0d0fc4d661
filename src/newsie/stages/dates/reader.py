"""The token view of one sentence: tokens tagged with the date vocabulary and the
small readers (numbers, day, month and year groups, future cues) that the date
rules are built from."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from typing import Any

from newsie.lang.ar.clitics import CONJUNCTIONS
from newsie.lang.ar.numbers import parse_number
from newsie.stages.dates.vocabulary import (
    FUTURE_VERB,
    FUTURE_WINDOW,
    HIJRI_MAX,
    HIJRI_MIN,
    MAX_YEAR,
    MIN_YEAR,
    NUMBER_PREFIX,
    NUMBER_TOKEN,
    load_vocab,
)
from newsie.text.lexicon import LexiconMatch
from newsie.text.normalize import normalize_key

_NO_KINDS: dict[str, list[str]] = {}


class Tok:
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


def _prefix_length(word: str) -> int:
    """Length of a clitic or article glued to a number (`و2017`, `الـ24`)."""
    if NUMBER_TOKEN.match(word):
        m = NUMBER_PREFIX.match(word)
        return len(m.group()) if m else 0
    return 0


def tag_tokens(
    tokens: Sequence[tuple[str, int, int]], hits: Sequence[LexiconMatch[Any]]
) -> list[Tok]:
    """Tokens carrying the date vocabulary hits that start in them."""
    toks = [Tok(t, s, e) for t, s, e in tokens]
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


class SentenceReader:
    """One sentence's tokens and the readers the date rules share."""

    def __init__(
        self,
        text: str,
        toks: list[Tok],
        published: dt.date | None,
        state: dict[str, tuple[int, ...]],
        cues: list[int],
    ) -> None:
        self.text = text
        self.toks = toks
        self.words = [t.text for t in toks]
        self.published = published
        self.state = state
        self.vocab = load_vocab()
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
        m = NUMBER_TOKEN.match(self.toks[i].text)
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
        low = MIN_YEAR if bare else 1000
        if not (low <= year <= MAX_YEAR or HIJRI_MIN <= year <= HIJRI_MAX):
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
        first = max(0, i - FUTURE_WINDOW)
        if any(FUTURE_VERB.match(w) and not self._not_verb(w) for w in self.words[first:i]):
            return True
        low = self.toks[first].start
        high = self.toks[i].start
        k = bisect.bisect_left(self.cues, low)  # the cue starts come sorted
        return k < len(self.cues) and self.cues[k] < high

    def _not_verb(self, word: str) -> bool:
        stem = word[1:] if word[0] in "وف" else word
        return stem in self.vocab.not_verbs or word in self.vocab.not_verbs
