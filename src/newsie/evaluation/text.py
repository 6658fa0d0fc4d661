"""Surface forms reduced to comparable tokens, and the relaxed text match.

Annotators copy names as written, the pipeline may cut them a little shorter or
longer, and Arabic spells one name many ways: so two forms match when, after
spelling normalisation, the tokens of one are a contiguous run of the other's.
"""

from __future__ import annotations

import re

# Harakat, Quranic marks, superscript alef and tatweel: never part of a name's identity.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_SEPARATORS = re.compile(r"[\"'«»“”‘’()\[\]{}،,.:;!?؟\-–—/\\]+")
_LETTERS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
    "ھ": "ه",
}
_DIGITS = {chr(base + d): str(d) for base in (0x660, 0x6F0) for d in range(10)}
_FOLD = str.maketrans({**_LETTERS, **_DIGITS})
# A leading conjunction, preposition and the article (وبال، فال، لل ...), when at least
# two word characters remain.
_CLITICS = re.compile(r"^(?:[وف]?[بلك]?ال|[وف]?لل)(?=\w{2,})")

Tokens = tuple[str, ...]


def norm_tokens(text: str) -> Tokens:
    """The content tokens of a surface form: marks dropped, letters folded,
    punctuation as spaces, clitic prefixes and the article removed."""
    folded = _MARKS.sub("", text).translate(_FOLD)
    return tuple(_CLITICS.sub("", token) for token in _SEPARATORS.sub(" ", folded).split())


def forms_match(a: Tokens, b: Tokens) -> bool:
    """True when the shorter token sequence occurs, contiguous, in the longer."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    width = len(short)
    return any(long_[i : i + width] == short for i in range(len(long_) - width + 1))
