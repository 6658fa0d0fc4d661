"""What the words around a gazetteer hit say about it: a cue word or proclitic, an
organisation head, an NER span, a list of names sharing a plural cue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from newsie.stages.places.gazetteer import Cue, Name, strip_proclitic
from newsie.text.lexicon import LexiconMatch
from newsie.text.spans import Range, Spans

_WORD_BEFORE = re.compile(r"(\w+)[ \t]*$")
# Characters before a name searched for the cue word (longer than any cue word).
_WINDOW = 24


@dataclass
class Hit:
    """A gazetteer hit with what its context says about it."""

    match: LexiconMatch[Name]
    start: int
    end: int
    cue_role: str | None = None
    cue_start: int | None = None
    cue_generic: bool = False
    in_list: bool = False
    ner: bool = False
    ner_person: bool = False
    org_head: bool = False
    # The cue came down a list (مدن وبلدات حمص، القصير): the name is not the plural's complement.
    listed: bool = False
    # The only cue is a ب proclitic: enough for a village, not for a word (بحجة، بصور).
    by_clitic: bool = False

    @property
    def key(self) -> str:
        return self.match.key

    @property
    def names(self) -> list[Name]:
        """The readings of the name; after a club or newspaper head only a country's."""
        if self.org_head:
            return [n for n in self.match.values if n.place.type == "COUNTRY"]
        return list(self.match.values)

    @property
    def cued(self) -> bool:
        return self.cue_role is not None or self.ner


_QUOTED_OUTLET_BEFORE = re.compile(r"(?<!\w)لـ? ?[\"«“”]$")
_CLOSING_QUOTES = frozenset('"»”“')


def hit_context(
    cues: dict[str, Cue],
    text: str,
    match: LexiconMatch[Name],
    ner: Spans[Range],
    persons: Spans[Range],
) -> Hit:
    hit = Hit(match, match.start, match.end)
    window = max(0, match.word_start - _WINDOW)
    before = _WORD_BEFORE.search(text[window : match.word_start])
    if before:
        word, clitic = strip_proclitic(before.group(1), cues)
        cue = cues.get(word)
        if cue and cue.role == "org_head":
            hit.org_head = True
        elif cue:
            hit.cue_role = cue.role
            hit.cue_generic = cue.generic
            if cue.part_of_name and not match.prefix_length:
                hit.cue_start = window + before.start(1) + clitic
    clitics = text[match.word_start : match.start]
    if hit.cue_role is None and match.prefix_length and clitics.rstrip("ل").endswith("ب"):
        hit.cue_role = "context"
        hit.by_clitic = True
    # قال مصدر لـ"الرياض": a quoted name after لـ is the newspaper the source spoke to.
    if (
        _QUOTED_OUTLET_BEFORE.search(text, window, match.word_start)
        and text[match.end : match.end + 1] in _CLOSING_QUOTES
    ):
        hit.org_head = True
    hit.ner = bool(ner.containing(match.start, match.end))
    hit.ner_person = bool(persons.containing(match.start, match.end))
    return hit


def joined(text: str, prev: Hit, hit: Hit) -> bool:
    """Two names in one list: `A وB`, `A، B`, `A و B`."""
    gap = text[prev.end : hit.match.word_start].strip()
    if gap in ("،", ","):
        return True
    if gap == "و":
        return True
    return gap == "" and hit.match.prefix_length > 0 and text[hit.match.word_start] == "و"


def mark_lists(text: str, hits: list[Hit]) -> None:
    """محافظات بغداد والأنبار وكركوك: names joined by و/، after a plural cue share it."""
    for prev, hit in pairwise(hits):
        if not (prev.cue_role in ("province_plural", "location_plural") or prev.in_list):
            continue
        if joined(text, prev, hit) and hit.cue_role is None:
            plural = (
                prev.cue_role if prev.cue_role in ("province_plural", "location_plural") else None
            )
            hit.cue_role = plural or prev.cue_role
            hit.listed = True
            hit.in_list = hit.cue_role == "province_plural"
