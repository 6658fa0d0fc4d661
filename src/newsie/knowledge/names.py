"""Personal names: given names and the words that cannot be part of a name. Forces asks
whether `اللواء` opens a name (a rank) or a brigade, people reads the names, orgs keeps
name stopwords out of an organisation."""

from __future__ import annotations

from functools import lru_cache

from newsie.knowledge.military import branches, echelons
from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.resources import read_tsv
from newsie.text.normalize import normalize_key


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    return frozenset(normalize_key(row["name"]) for row in read_tsv("forces/given_names.tsv"))


@lru_cache(maxsize=1)
def name_stopwords() -> frozenset[str]:
    return frozenset(normalize_key(row["word"]) for row in read_tsv("forces/name_stopwords.tsv"))


@lru_cache(maxsize=1)
def office_adjectives() -> frozenset[str]:
    """Stopwords that may still stand inside an office (وزير الدفاع السابق)."""
    return frozenset(
        normalize_key(row["word"])
        for row in read_tsv("forces/name_stopwords.tsv")
        if row.get("kind") == "office_adjective"
    )


def looks_like_name_start(word: str) -> bool:
    """Whether a normalised token can open a person's name (اللواء أحمد ... = a rank)."""
    if word in given_names():
        return True
    if word in name_stopwords() or word.startswith(DEFINITE_ARTICLE) or not word.isalpha():
        return False
    return word not in echelons() and tuple([word]) not in branches()
