"""Arabic orthography: which characters are folded together before matching.

camel-tools folds alef forms, alef maksura and teh marbuta and drops diacritics; the
tables here add what Arabic news needs beyond that (Persian and Kurdish letters, Arabic-
Indic digits, invisible marks, hashtags). `newsie.text.normalize` applies them one
character at a time to keep the map back to the original offsets.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
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
