"""Which place a gazetteer hit means, if any: evidence for names that are also words,
the reading the article supports best, namesakes of foreign places; and the
geography of the NER stage's places."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsie.claims import claim_edit
from newsie.registry import STATISTICAL_STAGES
from newsie.stages.places.context import Hit
from newsie.stages.places.gazetteer import Gazetteer, Name, Place
from newsie.stages.places.geography import Support
from newsie.text.normalize import normalize_key

if TYPE_CHECKING:
    from newsie.schema import Document


# Population at which a place is well known enough to be named without any cue.
KNOWN_POPULATION = 100_000
# Below this population (or unknown), a place named without a cue must lie in a named division.
SMALL_POPULATION = 10_000
# A city outside the Arab world this large (or a capital) is known without its country named.
WORLD_KNOWN_POPULATION = 1_000_000


# Kinds of gazetteer places that are settlements or admin units rather than hand-listed landmarks.
_SETTLEMENT_KINDS = frozenset(("town", "community", "subdistrict", "district"))
STRONG_ROLES = frozenset(("province", "province_plural", "location", "location_plural"))
_PLACE_ROLES = STRONG_ROLES | {"facility"}


def choose(
    hit: Hit,
    cued_keys: set[str],
    support: Support,
    means_province: bool = False,
    joined_to: str | None = None,
) -> Name | None:
    names = list(hit.names)
    if joined_to:
        # In a list of places of one type (النيجر وتشاد ومالي) the type is evidence enough.
        names = [n for n in names if n.place.type == joined_to] or names
    evidence = hit.cued or hit.key in cued_keys or joined_to is not None
    # A ب proclitic vouches for a name that is also a word only in an article that names its
    # country otherwise (بحماة in a story on Syria, not بحجة "on the pretext" elsewhere).
    word_evidence = evidence and not (
        hit.by_clitic
        and not hit.ner
        and hit.key not in cued_keys
        and not any(
            support.count_without(hit.key, n.place.country) for n in names if n.cue_level == 1
        )
    )
    role = hit.cue_role
    if len(hit.key) <= 2 and hit.match.prefix_length:
        return None  # باب is not ب + إب
    # A generic word needs a singular division or settlement word: مدن البلاد is not a place.
    strong = (
        role in ("province", "location") or hit.in_list or (hit.listed and role in STRONG_ROLES)
    )
    # A division word (not منطقة "area") vouches for a generic word only as a division:
    # لولاية جديدة is "for a new term", not the village جديدة.
    division_only = role == "province" and not hit.cue_generic
    usable = [
        n
        for n in names
        if n.cue_level == 0
        or (n.cue_level == 1 and word_evidence)
        or (n.cue_level == 2 and strong and (not division_only or n.place.type == "PROVINCE"))
    ]
    if not usable:
        return None
    provinces = [n for n in usable if n.place.type == "PROVINCE"]
    countries = [n for n in usable if n.place.type == "COUNTRY"]
    locations = [n for n in usable if n.place.type == "LOCATION"]
    if provinces and (role in ("province", "province_plural") or hit.in_list):
        return best_name(provinces, support)
    if countries and role not in ("location", "location_plural", "facility"):
        if not locations or role == "country":
            return best_name(countries, support)
        country = best_name(countries, support)
        location = best_name(locations, support)
        return (
            country
            if support.country[country.place.code] >= support.country[location.place.country]
            else location
        )
    if provinces and role not in ("location", "location_plural", "facility"):
        province = best_name(provinces, support)
        if locations and not means_province:
            # A namesake in a country the article names more wins (طرابلس in a Lebanese story).
            other = best_name(locations, support)
            if support.country[other.place.country] > support.country[province.place.country]:
                return other
        # The city reading of a division's name: its seat, or a large city of that country.
        pair = [
            n
            for n in locations
            if n.place.country == province.place.country
            and (
                (n.place.admin1 == province.place.code and province.place.seat == hit.key)
                or n.place.population >= KNOWN_POPULATION
            )
        ]
        if pair and not means_province:
            return best_name(pair, support)
        if pair or not locations:
            return province
        location = best_name(locations, support)
        if support.country[location.place.country] <= support.country[province.place.country]:
            return province
    if locations:
        location = best_name(locations, support)
        if not _plausible(location, evidence, support):
            return None
        return location
    if provinces:
        return best_name(provinces, support)
    return None


def best_name(names: list[Name], support: Support) -> Name:
    """The candidate in the divisions the article names, else a large city, else the one in
    the countries it names, then the most populous."""
    return max(
        names,
        key=lambda n: (
            support.admin1[n.place.division],
            n.place.population >= KNOWN_POPULATION,
            support.country[n.place.country],
            n.place.type != "LOCATION" or n.place.kind not in _SETTLEMENT_KINDS,
            n.place.population,
        ),
    )


def localised_place(place: Place, support: Support) -> Place:
    """A village of a country the article hardly names, in an article about another country, is
    more likely a namesake of an unlisted local place: keep the mention, drop the geography."""
    if (
        place.type != "LOCATION"
        or place.user
        or place.kind not in _SETTLEMENT_KINDS
        or place.population >= KNOWN_POPULATION
        or support.country[place.country] * 4 > max(support.country.values(), default=0)
    ):
        return place
    return Place("LOCATION", None, None, None, kind=place.kind)


def foreign_to(place: Place, hit: Hit, support: Support, provinces: dict[str, Place]) -> str | None:
    """The article's country when `place` is foreign to the article: a small place or a division
    (not a country, large city, division seat or landmark) of a country no other name in the
    article points to, while the other names point to another country. A division named with an
    explicit division word (محافظة ديالى) stands. Else None."""
    if place.type == "COUNTRY" or place.country is None or place.user:
        return None
    division = provinces.get(place.division or "")
    if division is not None and division.seat == hit.key and hit.cued and not hit.by_clitic:
        return None  # ريف درعا، مدينة كركوك: the city and its division are well known
    if place.type == "LOCATION" and (
        place.population >= KNOWN_POPULATION or place.kind not in _SETTLEMENT_KINDS
    ):
        return None
    if place.type == "PROVINCE" and hit.cue_role == "province" and not hit.cue_generic:
        return None
    others = support.without(hit.key)
    others.pop(None, None)
    if not others or others[place.country] > 0:
        return None
    return max(others, key=lambda c: (others[c], c or ""))


def unvouched_world_city(
    place: Place, hit: Hit, support: Support, arab_countries: frozenset[str]
) -> bool:
    """A city outside the Arab world, neither a capital nor a metropolis, named without a cue in
    an article that never names its country: far more often a person, club or word (موشي، يورك،
    رين، مانشستر يونايتد) than the place."""
    return (
        place.type == "LOCATION"
        and not place.user
        and place.country not in arab_countries
        and place.kind in ("city", "town")
        and place.population < WORLD_KNOWN_POPULATION
        and not hit.cued
        and support.count_without(hit.key, place.country) == 0
    )


def local_namesake(place: Place, hit: Hit, country: str) -> Place | None:
    """A foreign reading replaced by a place of the article's country whose division is unknown,
    when a place cue says it is a place (منطقة، حي، مدينة); else nothing."""
    if hit.cue_role not in _PLACE_ROLES:
        return None
    kind = place.kind if place.type == "LOCATION" else ""
    return Place("LOCATION", None, country, None, kind=kind)


def _plausible(name: Name, evidence: bool, support: Support) -> bool:
    """Precision guard for small places, whose names are often also words or personal names
    (البركة، عز الدين): without a cue, a town must lie in a country the article names, and a
    village or sub-district in a division it names."""
    place = name.place
    if (
        evidence
        or place.user
        or place.population >= KNOWN_POPULATION
        or place.kind not in _SETTLEMENT_KINDS
    ):
        return True
    if place.population >= SMALL_POPULATION or place.kind == "district":
        return support.country[place.country] > 0
    return support.admin1[place.admin1] > 0


def fill_ner(doc: Document, gaz: Gazetteer, support: Support, stage: str) -> None:
    """NER places without geography get admin1/country from the gazetteer when it knows them:
    `stage` claims those fields for resolve to set."""
    for entity in doc.entities:
        if entity.stage not in STATISTICAL_STAGES or entity.type != "LOCATION" or entity.admin1:
            continue
        key = normalize_key(entity.text)
        names = list(gaz.names.get(key))
        if not names:
            words = key.split(" ", 1)
            if len(words) == 2 and words[0] in gaz.cues:
                names = list(gaz.names.get(words[1]))
        # The NER reading is evidence for a name that is also a word, not for a generic word.
        names = [n for n in names if n.cue_level <= 1]
        if not names:
            continue
        best = best_name(names, support)
        place = best.place
        fields: dict[str, Any] = {
            "country": entity.country or place.country,
            "admin1": place.division,
        }
        if entity.lat is None:
            fields["lat"], fields["lon"] = place.lat, place.lon
        if entity.geonames_id is None:
            fields["geonames_id"] = place.geonames_id
        claim_edit(doc, stage, entity, "the gazetteer knows this NER place", **fields)
