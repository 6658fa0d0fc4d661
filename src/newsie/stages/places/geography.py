"""The article's geography: how strongly it names each country and division, and
its main country and admin1."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsie.stages.places.context import Hit
from newsie.stages.places.gazetteer import Gazetteer

if TYPE_CHECKING:
    from newsie.schema import Document, Entity


@dataclass
class Support:
    """How strongly the article names each country and division; `by_key`: how much of the
    country counts each name brings, so that a name can be judged by the others."""

    country: Counter[str | None]
    admin1: Counter[str | None]
    by_key: dict[str, Counter[str | None]] = field(default_factory=dict)

    def without(self, key: str) -> Counter[str | None]:
        """The country counts from every name but this one."""
        own = self.by_key.get(key)
        if not own:
            return self.country
        return Counter({c: n - own[c] for c, n in self.country.items() if n - own[c] > 0})

    def count_without(self, key: str, country: str | None) -> int:
        """without(key)[country], without building the whole counter for each hit."""
        own = self.by_key.get(key)
        if not own:
            return self.country[country]
        return max(0, self.country[country] - own[country])


def article_support(text: str, hits: list[Hit], cued_keys: set[str], gaz: Gazetteer) -> Support:
    """Counts of the countries and divisions the article names unambiguously (all readings of
    the name agree), plus the countries of nisba adjectives (القوات العراقية)."""
    country: Counter[str | None] = Counter()
    admin1: Counter[str | None] = Counter()
    by_key: dict[str, Counter[str | None]] = {}
    for hit in hits:
        names = [
            n
            for n in hit.match.values
            if n.cue_level == 0 or (n.cue_level == 1 and hit.key in cued_keys)
        ]
        if not names:
            continue
        weight = 2 if any(n.place.type != "LOCATION" for n in names) else 1
        countries = {n.place.country for n in names}
        if len(countries) == 1 and None not in countries:
            code = countries.pop()
            country[code] += weight
            by_key.setdefault(hit.key, Counter())[code] += weight
        divisions = {n.place.division for n in names}
        if len(divisions) == 1 and None not in divisions:
            admin1[divisions.pop()] += weight
    for m in gaz.adjective_lexicon.find_all(text):
        country[m.values[0]] += 1
    return Support(country, admin1, by_key)


def set_geography(doc: Document, produced: list[Entity], support: Support) -> None:
    """The article's main country and admin1: the most named ones."""
    countries: Counter[str] = Counter()
    admin1: Counter[str] = Counter()
    for e in produced:
        code = e.code if e.type in ("COUNTRY", "PROVINCE") else e.admin1
        cc = e.code if e.type == "COUNTRY" else e.country
        if cc:
            countries[cc] += 1
        if e.type != "COUNTRY" and code:
            admin1[code] += 1
    for cc, n in support.country.items():
        if cc:
            countries[cc] += 0.5 * n  # type: ignore[assignment]
    if countries:
        doc.country = max(countries, key=lambda c: (countries[c], c))
    in_country = {a: n for a, n in admin1.items() if a.split("-")[0] == doc.country}
    if in_country:
        doc.admin1 = max(in_country, key=lambda a: (in_country[a], a))
