"""Ranks (العقيد، اللواء الركن) and offices (وزير الدفاع، المتحدث باسم): the titles before
a person's name. People reads them to find names, orgs to keep a title out of an
organisation's name, so they live here rather than in either stage."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.resources import read_tsv
from newsie.text.lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class Title:
    kind: str  # rank | modifier | honorific | head | standalone | descriptor | verb
    ambiguous: bool


def _rank_entries() -> list[tuple[str, Title]]:
    entries: list[tuple[str, Title]] = []
    for row in read_tsv("knowledge/ranks.tsv"):
        form = row["form"]
        ambiguity = row.get("ambiguous", "0")
        entries.append((form, Title(row["kind"], ambiguity in ("1", "2"))))
        if not form.startswith(DEFINITE_ARTICLE):
            entries.append((DEFINITE_ARTICLE + form, Title(row["kind"], ambiguity == "1")))
    return entries


def _office_entries() -> list[tuple[str, Title]]:
    return [(row["form"], Title(row["kind"], False)) for row in read_tsv("knowledge/offices.tsv")]


@lru_cache(maxsize=1)
def rank_lexicon() -> Lexicon[Title]:
    """Ranks, rank modifiers and honorifics, with their ال forms."""
    return Lexicon(_rank_entries())


@lru_cache(maxsize=1)
def office_lexicon() -> Lexicon[Title]:
    return Lexicon(_office_entries())


@lru_cache(maxsize=1)
def cue_lexicon() -> Lexicon[Title]:
    """Ranks and offices in one automaton: one pass over the text finds every cue."""
    return Lexicon(_rank_entries() + _office_entries())


@lru_cache(maxsize=1)
def rank_table() -> dict[str, Title]:
    """Ranks, modifiers and honorifics by normalised form, for token lookups."""
    lexicon = rank_lexicon()
    return {key: lexicon.get(key)[0] for key in lexicon.keys()}  # noqa: SIM118
