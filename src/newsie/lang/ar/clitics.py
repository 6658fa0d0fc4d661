"""Proclitics and the article: every lexicon stage has to see `وبغداد`, `ببغداد` and
`للجيش` as the names they contain, so the sets are declared once, here."""

from __future__ import annotations

from functools import lru_cache

DEFINITE_ARTICLE = "ال"
# Proclitic sequences that may stand before a name: conjunction, then preposition.
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
NAME_PROCLITICS: frozenset[str] = frozenset(
    c + p for c in ("", *CONJUNCTIONS) for p in ("", *PREPOSITIONS)
) - {""}
# Verbs also take the future prefix س (وسيعقد).
CLITIC_PREFIXES: frozenset[str] = NAME_PROCLITICS | {"س", "وس"}
# Before a place or a nisba adjective, longest first (the places stage tries them in
# order): a conjunction with ب or ل, then single letters; ك only alone (كالعراق).
PLACE_PROCLITICS = ("وب", "فب", "ول", "فل", "و", "ف", "ب", "ل", "ك")


def strip_clitics(word: str) -> list[tuple[str, str]]:
    """Possible (prefix, stem) readings of a word, the bare reading first.

    `وللجيش` gives ('', 'وللجيش'), ('و', 'للجيش'), ('ول', 'الجيش') ...: the
    fused `لل` is read back as ل + ال so that the stem can be looked up.
    """
    readings = [("", word)]
    for prefix in sorted(CLITIC_PREFIXES, key=len):
        if len(word) > len(prefix) + 1 and word.startswith(prefix):
            stem = word[len(prefix) :]
            readings.append((prefix, stem))
            if prefix.endswith("ل") and stem.startswith("ل") and len(stem) > 2:
                readings.append((prefix, DEFINITE_ARTICLE + stem[1:]))
    return readings


@lru_cache(maxsize=65536)
def clitic_readings(word: str) -> tuple[tuple[str, str], ...]:
    """strip_clitics, cached: the rule stages ask it about every token."""
    return tuple(strip_clitics(word))
