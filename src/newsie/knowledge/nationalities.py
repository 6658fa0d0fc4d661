"""Nationality adjectives: which country a nisba (العراقي، الليبيين) names.

One table for every stage: places reads adjectives as countries, forces and orgs give
their mentions a country with them, people stop a name at one, events place actors.
"""

from __future__ import annotations

from functools import lru_cache

from newsie.lang.ar.clitics import DEFINITE_ARTICLE, PLACE_PROCLITICS
from newsie.resources import read_tsv
from newsie.text.normalize import normalize_key


@lru_cache(maxsize=1)
def nationality_adjectives() -> dict[str, str]:
    """Normalised nisba adjective (every inflected form: العراقي، العراقية، العراقيين ...)
    -> ISO alpha-2, from the gazetteer build (places/adjectives.tsv)."""
    return {normalize_key(r["form"]): r["code"] for r in read_tsv("places/adjectives.tsv")}


def country_of_adjective(word: str) -> str | None:
    """ISO country of a nisba adjective (العراقية، الليبيين، للسوريين -> IQ, LY, SY), else
    None; a proclitic is read off, and a fused لل read back as ل + ال."""
    key = normalize_key(word)
    adjectives = nationality_adjectives()
    if key in adjectives:
        return adjectives[key]
    for prefix in PLACE_PROCLITICS:
        if key.startswith(prefix) and key[len(prefix) :] in adjectives:
            return adjectives[key[len(prefix) :]]
        if prefix.endswith("ل") and key.startswith(prefix + "ل"):
            fused = DEFINITE_ARTICLE + key[len(prefix) + 1 :]
            if fused in adjectives:
                return adjectives[fused]
    return None


@lru_cache(maxsize=1)
def nationalities() -> dict[str, str]:
    """Country adjectives and group ones (كردي، عربي: '' as they name no country), every
    form normalised: what a force or a person's name may be qualified by."""
    table = dict(nationality_adjectives())
    for row in read_tsv("forces/nationalities.tsv"):
        stem = normalize_key(row["adjective"])
        for form in (stem, stem + "ه", stem + "ين", stem + "ون"):
            table.setdefault(form, row["country"])
            table.setdefault(DEFINITE_ARTICLE + form, row["country"])
    return table
