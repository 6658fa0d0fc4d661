"""Closed-class words by role (resources/forces/grammar_words.tsv): name particles and
lineage words (أبو، بن), verb and future prefixes, and the fixed words of force names
(قيادة، لواء، مجلس شورى). The forces and people rules are built on the same table, so
both read it here."""

from __future__ import annotations

from functools import lru_cache

from newsie.resources import read_tsv
from newsie.text.normalize import normalize_key


@lru_cache(maxsize=1)
def _grammar_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for row in read_tsv("forces/grammar_words.tsv"):
        word = row["word"] if row["role"].endswith("_prefix") else normalize_key(row["word"])
        table.setdefault(row["role"], []).append(word)
    return {role: tuple(words) for role, words in table.items()}


@lru_cache(maxsize=64)
def gw(role: str) -> frozenset[str]:
    """Closed-class words of a role in grammar_words.tsv (normalised)."""
    return frozenset(_grammar_table()[role])


@lru_cache(maxsize=16)
def gp(role: str) -> tuple[str, ...]:
    """Word beginnings of a `*_prefix` role in grammar_words.tsv, for str.startswith."""
    return _grammar_table()[role]
