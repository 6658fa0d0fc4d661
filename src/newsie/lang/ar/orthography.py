"""Arabic orthography: which characters are folded together before matching.

camel-tools folds alef forms, alef maksura and teh marbuta and drops diacritics; the
tables here add what Arabic news needs beyond that (Persian and Kurdish letters, Arabic-
Indic digits, invisible marks, hashtags). `newsie.text.normalize` applies them one
character at a time to keep the map back to the original offsets.

Importing camel-tools' normalisers costs 0.6 s (its character sets walk all of Unicode),
a third of a cold `newsie extract`. So the folds of the scripts news is written in are
kept in resources/orthography/characters.tsv, written from camel-tools by
`scripts/build_character_table.py` (tests/test_normalize.py checks that it still
equals camel-tools' output); a character outside those blocks goes through camel-tools.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from newsie.resources import read_tsv

TABLE = "orthography/characters.tsv"
# The Unicode blocks the table covers: Latin, Arabic (with its supplement, extended-A
# and presentation forms) and general punctuation. [start, end) code points.
COVERED = (
    (0x0000, 0x0250),
    (0x0600, 0x0780),
    (0x08A0, 0x0900),
    (0x2000, 0x2070),
    (0xFB50, 0xFE00),
    (0xFE70, 0xFF00),
)

_EXTRA = str.maketrans(
    {
        # Persian and Kurdish letters that stand for Arabic ones in Arabic news.
        "ک": "ك",
        "ی": "ي",
        "ە": "ه",
        "ھ": "ه",
        "ۆ": "و",
        "ۇ": "و",
        "ڕ": "ر",
        "ڵ": "ل",
        "ێ": "ي",
        "ٱ": "ا",
        # Arabic-Indic and Persian digits.
        **{chr(0x660 + i): str(i) for i in range(10)},
        **{chr(0x6F0 + i): str(i) for i in range(10)},
        # Arabic punctuation that has a plain equivalent the rules expect.
        "٫": ".",
        "٬": ",",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        # Hashtags join words with underscores (#ميليشيا_الحوثي).
        "_": " ",
    }
)

# Invisible characters that only get in the way of matching, and the hashtag sign
# that web news puts before names (بمحافظة #البيضاء).
_DROP = {
    "#",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
    "\u0640",
}


@lru_cache(maxsize=8192)
def normalize_char(ch: str) -> str:
    """Normalised form of one character (possibly empty or several characters)."""
    folded = _table().get(ch)
    if folded is not None:
        return folded
    if covered(ch):
        return ch
    return fold(ch)


def covered(ch: str) -> bool:
    code = ord(ch)
    return any(start <= code < end for start, end in COVERED)


def _codes(text: str) -> str:
    return " ".join(f"{ord(c):04X}" for c in text)


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """The covered characters that normalising changes, and what they become."""
    return {
        chr(int(row["char"], 16)): "".join(chr(int(c, 16)) for c in row["normalised"].split())
        for row in read_tsv(TABLE)
    }


def table_rows() -> list[tuple[str, str]]:
    """(char, normalised) of every covered character that fold() changes, as code points."""
    rows = []
    for start, end in COVERED:
        for code in range(start, end):
            folded = fold(chr(code))
            if folded != chr(code):
                rows.append((f"{code:04X}", _codes(folded)))
    return rows


def fold(ch: str) -> str:
    """A character's normalised form, computed with camel-tools."""
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
        normalize_unicode,
    )

    if ch in _DROP:
        return ""
    out = normalize_unicode(ch)
    out = dediac_ar(out)
    out = normalize_alef_ar(out)
    out = normalize_alef_maksura_ar(out)
    out = normalize_teh_marbuta_ar(out)
    out = out.translate(_EXTRA)
    # A lone combining mark that camel-tools does not know is still not a letter;
    # presentation forms such as U+FE71 decompose to a tatweel plus a vowel.
    return "".join(c for c in out if unicodedata.category(c) != "Mn" and c not in _DROP)
