"""Word tests for the name rules: the words a name never runs into, rank modifiers,
a rank at a token, and a last name that is part of another person's name."""

from __future__ import annotations

from functools import lru_cache

from newsie.knowledge.military import echelons
from newsie.knowledge.names import (
    given_names,
    name_stopwords,
)
from newsie.knowledge.nationalities import nationalities
from newsie.knowledge.ranks_offices import (
    office_lexicon,
    rank_lexicon,
    rank_table,
)
from newsie.lang.ar.clitics import clitic_readings

MAX_NAME_TOKENS = 5
MAX_COMPLEMENT_TOKENS = 6
# Closed-class words (name particles, prefixes ...) are data: forces/grammar_words.tsv.


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Single words that are ranks or office heads: a name never runs into them."""
    words: set[str] = set()
    for lexicon in (rank_lexicon(), office_lexicon()):
        for key in lexicon.keys():  # noqa: SIM118 - a Lexicon is not a dict
            first = key.split()[0]
            words.add(first)
            if not first.startswith("ال"):
                words.add("ال" + first)
    return frozenset(words)


def stops_name(word: str) -> bool:
    return (
        not word.isalpha()
        or word in name_stopwords()
        or word in _title_words()
        or word in echelons()
        or (word.startswith("ال") and word in nationalities())
        or (
            word.startswith("و")
            and word not in given_names()
            and (word[1:] in given_names() or word[1:] in name_stopwords())
        )
    )


def bare_in(word: str, table: frozenset[str]) -> bool:
    """Whether the word, or its stem without proclitics, is in the table."""
    return any(stem in table for _, stem in clitic_readings(word))


def skip_modifiers(words: list[str], j: int) -> int:
    """Skip rank modifiers (ركن، الركن، مهندس ...) after a rank."""
    table = rank_table()
    while j < len(words):
        hit = table.get(words[j])
        if hit is None or hit.kind not in ("modifier", "honorific"):
            break
        j += 1
    return j


def after_other_name(words: list[str], i: int) -> bool:
    """`علي صالح`, `حماد سالمان غنيم`: a last name inside another person's name is not
    the one met before. Words of saying, titles and particles may stand before it."""
    if i == 0:
        return False
    prev = words[i - 1]
    if prev in given_names():
        return True
    return (
        prev.isalpha()
        and not prev.startswith(("ال", "و", "ف"))  # وهاجم صالح: a verb, not a name
        and prev not in name_stopwords()
        and prev not in _title_words()
        and prev not in office_lexicon()
    )


def rank_at(words: list[str], j: int) -> tuple[int, bool] | None:
    """(tokens, ambiguous) of a rank starting at token j."""
    for length in (2, 1):
        if j + length > len(words):
            continue
        hit = rank_table().get(" ".join(words[j : j + length]))
        if hit is not None and hit.kind == "rank":
            return length, hit.ambiguous
    return None
