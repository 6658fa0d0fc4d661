"""Clitic-aware dictionary matching shared by every lexicon stage.

One Aho-Corasick automaton per lexicon finds every entry in a single pass over
the normalised text. A hit counts only on word boundaries, where the left
boundary may sit behind proclitics (و ف ب ل ك and their pairs), and an entry
that starts with ال also matches its fused form after ل (`للجيش`). Overlapping
hits are resolved longest first.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.text.normalize import normalize_key
from newsie.text.segment import has_clitic_boundary, has_right_boundary
from newsie.text.spans import first_disjoint

T = TypeVar("T")

_SPACE_RUN = re.compile(r"[ \t]{2,}")
# What becomes one space: a run of blanks, or a tab (a single space stays as it is).
_BLANKS = re.compile(r"[ \t]{2,}|\t")


@dataclass(frozen=True, slots=True)
class LexiconMatch(Generic[T]):
    """A hit in normalised text. `start` is where the entry starts (after any
    proclitic, but including the ل of a fused لل); `word_start` includes the
    proclitics."""

    start: int
    end: int
    word_start: int
    key: str
    values: tuple[T, ...]

    @property
    def prefix_length(self) -> int:
        return self.start - self.word_start


class Lexicon(Generic[T]):
    """Entries are (surface form, value); forms are normalised on the way in."""

    def __init__(self, entries: Iterable[tuple[str, T]], *, fused_article: bool = True) -> None:
        self._fused_article = fused_article
        self._values: dict[str, list[T]] = {}
        for form, value in entries:
            key = normalize_key(form)
            if key:
                self._values.setdefault(key, []).append(value)
        self._automaton = ahocorasick.Automaton()
        for key in self._values:
            self._automaton.add_word(key, (key, len(key)))
            if fused_article and key.startswith(DEFINITE_ARTICLE) and len(key) > 3:
                fused = "لل" + key[2:]
                if fused not in self._values:
                    self._automaton.add_word(fused, (key, len(fused)))
        if self._values:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, form: str) -> bool:
        return normalize_key(form) in self._values

    def get(self, form: str) -> tuple[T, ...]:
        return tuple(self._values.get(normalize_key(form), ()))

    def keys(self) -> Iterable[str]:
        return self._values.keys()

    def overridden(self, drop: Collection[str], entries: Iterable[tuple[str, T]]) -> Lexicon[T]:
        """A new lexicon without the normalised keys in `drop`, plus `entries`: how a
        user's rows win over the shipped ones of the same form."""
        kept = [
            (key, value)
            for key, values in self._values.items()
            if key not in drop
            for value in values
        ]
        return Lexicon([*kept, *entries], fused_article=self._fused_article)

    def find_all(self, text: str) -> list[LexiconMatch[T]]:
        """Every hit on word boundaries, overlapping ones included."""
        if not self._values:
            return []
        search, back = _collapse_spaces(text)
        hits: list[LexiconMatch[T]] = []
        for last, (key, length) in self._automaton.iter(search):
            s, e = last - length + 1, last + 1
            if not has_right_boundary(search, e):
                continue
            word_start = has_clitic_boundary(search, s)
            if word_start is None:
                continue
            values = tuple(self._values[key])
            if back is None:
                hits.append(LexiconMatch(s, e, word_start, key, values))
            else:
                hits.append(LexiconMatch(back[s], back[e - 1] + 1, back[word_start], key, values))
        return hits

    def find(self, text: str) -> list[LexiconMatch[T]]:
        """Non-overlapping hits, longest first, in text order."""
        return longest_first(self.find_all(text))


def longest_first(hits: Iterable[LexiconMatch[T]]) -> list[LexiconMatch[T]]:
    """Non-overlapping hits, the longer (then the earlier) winning, in text order."""
    ranked = sorted(hits, key=lambda h: (-(h.end - h.start), h.start))
    return sorted(first_disjoint(ranked), key=lambda h: h.start)


def _collapse_spaces(text: str) -> tuple[str, list[int] | None]:
    """Text with runs of spaces folded to one, and the map back (None if unchanged)."""
    if not _SPACE_RUN.search(text):
        return text, None
    out: list[str] = []
    back: list[int] = []
    pos = 0
    for run in _BLANKS.finditer(text):
        out += (text[pos : run.start()], " ")
        back += range(pos, run.start() + 1)
        pos = run.end()
    out.append(text[pos:])
    back += range(pos, len(text) + 1)
    return "".join(out), back
