"""Readers of the words a force's name is made of: echelon and branch words, numbers
and ordinals, name words and given-name chains, canonical names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from newsie.knowledge.military import (
    Echelon,
    branches,
    echelons,
)
from newsie.knowledge.names import (
    given_names,
    name_stopwords,
)
from newsie.knowledge.nationalities import nationalities
from newsie.lang.ar.clitics import clitic_readings
from newsie.lang.ar.grammar_words import gw
from newsie.lang.ar.numbers import NumberMatch, parse_number

ATTACHED_NUMBER = re.compile(r"^(\D+?)(\d{1,3})$")
_ORDINAL_EN = {1: "st", 2: "nd", 3: "rd"}
_MAX_FORMATION_NUMBER = 999


def stems(word: str) -> list[str]:
    """The word and its stems without proclitics (ولواء -> لواء, للفرقة -> الفرقة)."""
    return [stem for _, stem in clitic_readings(word)]


@lru_cache(maxsize=65536)
def may_open_formation(word: str) -> bool:
    """Cheap per-token test before the formation rules run."""
    triggers = _trigger_stems()
    return any(stem in triggers for stem in stems(word)) or bool(ATTACHED_NUMBER.match(word))


@lru_cache(maxsize=1)
def _trigger_stems() -> frozenset[str]:
    """Stems that can open a formation, command, council or brigade name."""
    words = {key.split()[0] for key in echelons()}
    special = gw("shura_head") | gw("cell")
    return frozenset(
        words | gw("command_head") | gw("brigade_indefinite") | gw("brigade_dual") | special
    )


@lru_cache(maxsize=65536)
def readings_with_kept(word: str) -> tuple[tuple[int, str], ...]:
    """(letters a mention leaves out, stem) for each clitic reading of a word.

    A fused لل keeps its ل in the mention (للفرقة الرابعة, as the guidelines write it).
    strip_clitics reads للفرقة as ل + الفرقة; a noun that itself starts with ل loses
    one more letter (للواء = ل + اللواء), a reading added here."""
    readings: list[tuple[int, str]] = []
    for prefix, stem in clitic_readings(word):
        readings.append((len(word) - len(stem), stem))
        if prefix.endswith("ل") and stem.startswith("ل") and len(prefix) + len(stem) == len(word):
            readings.append((len(prefix) - 1, "ال" + stem))
    return tuple(readings)


def echelon_at(words: Sequence[str], i: int) -> tuple[Echelon, int, int] | None:
    """(echelon, tokens used, proclitic length) of an echelon word at token i.

    Of several readings (وللواء: و+للواء، ول+لواء، ول+اللواء) the one that leaves the
    fewest letters out wins, so the fused article stays in the mention."""
    table = echelons()
    best: tuple[Echelon, int, int] | None = None
    for kept, stem in readings_with_kept(words[i]):
        found = table.get(stem + " " + words[i + 1]) if i + 1 < len(words) else None
        used = 2
        if found is None:
            found, used = table.get(stem), 1
        if found is not None and (best is None or kept < best[2]):
            best = (found, used, kept)
    return best


def branch_at(words: Sequence[str], i: int) -> int:
    """Number of tokens of a branch word (مشاة، المدرعة، مشاة آلي) at i, else 0."""
    table = branches()
    for length in (2, 1):
        if i + length <= len(words) and tuple(words[i : i + length]) in table:
            return length
    return 0


def number_at(words: Sequence[str], i: int) -> NumberMatch | None:
    """A formation number at i: digits or an ordinal word, not a count."""
    match = parse_number(words, i)
    if match is None:
        return None
    if not match.ordinal and not words[i].isdigit():
        return None  # a cardinal in words after a noun is a count (كتائب ثلاث)
    if not 0 < match.value <= _MAX_FORMATION_NUMBER:
        return None
    after = i + match.length
    if after < len(words) and words[after] in gw("count_noun"):
        return None
    return match


def number_list_at(words: Sequence[str], i: int) -> list[tuple[int, int, int]]:
    """Numbers of a list `20 و 22`, `20 و22`, `20، 21 و 22`: (value, first, last token)."""
    found: list[tuple[int, int, int]] = []
    first = number_at(words, i)
    if first is None:
        return found
    found.append((first.value, i, i + first.length - 1))
    j = i + first.length
    while j < len(words):
        if words[j] in ("و", "،", ",") and j + 1 < len(words):
            nxt = number_at(words, j + 1)
            if nxt is None:
                break
            found.append((nxt.value, j + 1, j + nxt.length))
            j += 1 + nxt.length
        elif conjoined_digits(words[j]) is not None:
            value = conjoined_digits(words[j]) or 0
            if not 0 < value <= _MAX_FORMATION_NUMBER:
                break
            found.append((value, j, j))
            j += 1
        else:
            break
    return found


def conjoined_digits(word: str) -> int | None:
    """`و22` (and `22و`, its mirror when right-to-left text was pasted): 22."""
    if len(word) > 1 and word.startswith("و") and word[1:].isdigit():
        return int(word[1:])
    if len(word) > 1 and word.endswith("و") and word[:-1].isdigit():
        return int(word[:-1])
    return None


def ordinal_name(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_EN.get(number % 10, "th")
    return f"{number}{suffix}"


def canonical_id(template: str, country: str | None) -> str:
    if template.startswith("*."):
        return (country.lower() + "." if country else "") + template[2:]
    return template


def person_name_end(words: Sequence[str], j: int) -> int:
    """Last token of a chain of given names and particles from j (j - 1 if none)."""
    end = j - 1
    k = j
    while k < len(words) and k - j < 5:
        if words[k] in given_names():
            end = k
        elif words[k] not in gw("name_particle") or k + 1 >= len(words):
            break
        k += 1
    return end


def is_name_word(word: str) -> bool:
    """A word that can continue a formation's or a person's name."""
    return (
        word.isalpha()
        and word not in name_stopwords()
        and word not in nationalities()
        and word not in gw("owner")
        and word not in echelons()
    )
