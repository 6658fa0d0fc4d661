"""Military vocabulary: echelons (لواء، فرقة، كتيبة), branches (مشاة، مدرعة) and the
context words that tell a military article from a sports one. Forces builds formations
from it; people and orgs need it to tell a rank or a club from a unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.resources import read_tsv
from newsie.text.normalize import normalize_key

# Entity types of armed actors.
FORCE_TYPES = ("UNIT", "BRIGADE", "ARMED_GROUP")

_SPORTS_MIN_CUES = 4
_SPORTS_MAX_MILITARY_CUES = 2


@dataclass(frozen=True, slots=True)
class Echelon:
    echelon: str
    type: str
    number_required: bool
    name_en: str


@lru_cache(maxsize=1)
def echelons() -> dict[str, Echelon]:
    """Echelon words by normalised form; multi-word forms are keyed with a space."""
    table: dict[str, Echelon] = {}
    for row in read_tsv("forces/echelons.tsv"):
        key = normalize_key(row["form"])
        value = Echelon(row["echelon"], row["type"], row["number"] == "required", row["name_en"])
        table[key] = value
        if not row["form"].startswith(DEFINITE_ARTICLE):  # not the key: ألوية -> الويه
            table[DEFINITE_ARTICLE + key] = value
    return table


@lru_cache(maxsize=1)
def branches() -> dict[tuple[str, ...], str]:
    return {
        tuple(normalize_key(row["form"]).split()): row["name_en"]
        for row in read_tsv("forces/branches.tsv")
    }


@lru_cache(maxsize=8)
def context_words(kind: str) -> frozenset[str]:
    return frozenset(
        normalize_key(row["word"])
        for row in read_tsv("forces/context_words.tsv")
        if row["kind"] == kind
    )


def is_sports_article(words: Sequence[str]) -> bool:
    """Several sports cues and almost no military ones: الشرطة and الجيش are then clubs
    and الفريق is the team."""
    sports, military = context_words("sports"), context_words("military")
    n_sports = n_military = 0
    for word in words:
        if word in sports:
            n_sports += 1
        elif word in military:
            n_military += 1
    return n_sports >= _SPORTS_MIN_CUES and n_military <= _SPORTS_MAX_MILITARY_CUES
