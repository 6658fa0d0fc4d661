"""Numbers written in digits or in Arabic words, read from normalised tokens.

Brigade numbers (`اللواء الخامس عشر`), ordinal days (`الخامس من تموز`) and
casualty counts (`خمسة وعشرين قتيلا`) all need the same reader. The words are
data (resources/numbers.tsv); this module only knows how they combine:
unit [عشر] | unit و tens | hundred [و rest] | N آلاف [و rest].
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsie.resources import read_tsv
from newsie.text.normalize import normalize_key

_DIGITS = re.compile(r"^(?:ال)?(\d{1,9})$")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    value: int
    length: int  # tokens consumed
    ordinal: bool


@dataclass(frozen=True, slots=True)
class _Word:
    value: int
    kind: str
    ordinal: bool


@lru_cache(maxsize=1)
def _words() -> dict[str, _Word]:
    return {
        normalize_key(row["word"]): _Word(int(row["value"]), row["kind"], row["ordinal"] == "1")
        for row in read_tsv("numbers.tsv")
    }


def number_word(word: str) -> tuple[int, str, bool] | None:
    """(value, kind, ordinal) of a single normalised number word, else None."""
    found = _words().get(word)
    return (found.value, found.kind, found.ordinal) if found else None


def parse_number(words: Sequence[str], i: int) -> NumberMatch | None:
    """Read a number starting at words[i] (normalised tokens), or None."""
    if i >= len(words):
        return None
    m = _DIGITS.match(words[i])
    if m:
        return NumberMatch(int(m.group(1)), 1, False)
    lexicon = _words()
    total = 0
    j = i
    ordinal = False
    while j < len(words):
        word = words[j]
        if j > i:
            # Continuation parts are joined by و: خمسة وعشرين، مئة وخمسون.
            if not (word.startswith("و") and word[1:] in lexicon):
                break
            word = word[1:]
        atom = lexicon.get(word)
        if atom is None:
            break
        if j == i:
            ordinal = atom.ordinal
        nxt = lexicon.get(words[j + 1]) if j + 1 < len(words) else None
        if atom.kind in ("unit", "bound"):
            value = atom.value
            step = 1
            if nxt is not None and nxt.kind == "unit" and nxt.value == 10 and atom.value < 10:
                value += 10  # teens: خمسة عشر، الخامس عشر، احدى عشرة
                step = 2
            elif atom.kind == "bound" and not _followed_by_tens(words, j + 1):
                break  # احد / اثنا alone are not numbers
            elif nxt is not None and nxt.value in (100, 1000) and not nxt.ordinal:
                value *= nxt.value  # ثلاث مئة، خمسة آلاف
                step = 2
            total += value
            j += step
        else:
            total += atom.value
            j += 1
    if j == i:
        return None
    return NumberMatch(total, j - i, ordinal)


def _followed_by_tens(words: Sequence[str], j: int) -> bool:
    if j >= len(words) or not words[j].startswith("و"):
        return False
    atom = _words().get(words[j][1:])
    return atom is not None and atom.kind == "tens"
