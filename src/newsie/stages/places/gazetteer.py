"""The gazetteer: places, their names and the cue words around them, read from
resources/places/ and the user's lexicon into one Lexicon."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from newsie.knowledge.nationalities import nationality_adjectives
from newsie.knowledge.user_lexicon import UserLexicon
from newsie.lang.ar.calendar import month_words
from newsie.lang.ar.clitics import PLACE_PROCLITICS
from newsie.resources import read_tsv
from newsie.text.lexicon import Lexicon
from newsie.text.normalize import normalize_key


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. `type` is COUNTRY, PROVINCE or LOCATION; `code` is the ISO code
    of a country or division; LOCATION has `admin1` and `country`."""

    type: str
    code: str | None
    country: str | None
    admin1: str | None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    geonames_id: int | None = None
    kind: str = ""
    seat: str = ""
    # From the user's lexicon: trusted without the guards against namesakes.
    user: bool = False

    @property
    def division(self) -> str | None:
        """The first-level division this place is, or lies in."""
        return self.code if self.type == "PROVINCE" else self.admin1


@dataclass(frozen=True, slots=True)
class Name:
    """A surface form of a place. `cue_level` 1: also a common word, needs evidence;
    2: a generic word (العاصمة، الشمال) or very short name, a place only right after a
    division or settlement word."""

    place: Place
    cue_level: int


@dataclass(frozen=True, slots=True)
class Cue:
    """A word before a place name (cues.tsv): its role, whether it belongs in the entity's text,
    and whether it is generic (منطقة also just means "area": it does not vouch for a division)."""

    role: str
    part_of_name: bool
    generic: bool


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: Lexicon[Name]
    adjectives: dict[str, str]
    adjective_lexicon: Lexicon[str]
    cues: dict[str, Cue]
    directions: Lexicon[str]
    provinces: dict[str, Place]
    arab_countries: frozenset[str]


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _forms(field: str) -> list[tuple[str, int]]:
    out = []
    for form in field.split("|"):
        name = form.lstrip("*")
        if name:
            level = len(form) - len(name)
            if len(normalize_key(name).replace(" ", "")) <= 2:
                level = 2
            out.append((name, level))
    return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    entries: list[tuple[str, Name]] = []
    for row in read_tsv("places/countries.tsv"):
        country = Place("COUNTRY", row["code"], row["code"], None)
        entries += [(form, Name(country, cue)) for form, cue in _forms(row["names"])]
    provinces: dict[str, Place] = {}
    for row in read_tsv("places/provinces.tsv"):
        province = Place(
            "PROVINCE",
            row["code"],
            row["country"],
            row["code"],
            _float(row["lat"]),
            _float(row["lon"]),
            kind="province",
            seat=normalize_key(row["seat"]),
        )
        provinces[row["code"]] = province
        entries += [(form, Name(province, cue)) for form, cue in _forms(row["names"])]
    for row in read_tsv("places/locations.tsv"):
        division = row["kind"] == "province" and bool(row["admin1"])
        location = Place(
            "PROVINCE" if division else "LOCATION",
            row["admin1"] if division else None,
            row["country"] or None,
            row["admin1"] or None,
            _float(row["lat"]),
            _float(row["lon"]),
            int(row["population"] or 0),
            int(row["geonames_id"]) if row["geonames_id"] else None,
            row["kind"],
        )
        entries += [(form, Name(location, cue)) for form, cue in _forms(row["names"])]
    adjectives = nationality_adjectives()
    cues = {
        normalize_key(r["word"]): Cue(r["role"], r["part_of_name"] == "1", r["generic"] == "1")
        for r in read_tsv("places/cues.tsv")
        if r["role"] != "direction"
    }
    directions = Lexicon(
        (r["word"], r["word"]) for r in read_tsv("places/cues.tsv") if r["role"] == "direction"
    )
    # A cue word is never a name by itself (مدينة is also an alternate name of Medina).
    # Nor is a month name (تشرين، شباط are also Syrian villages): the language's month names.
    months = month_words()
    entries = [
        (form, name)
        for form, name in entries
        if normalize_key(form) not in cues and normalize_key(form) not in months
    ]
    return Gazetteer(
        Lexicon(entries),
        adjectives,
        Lexicon(adjectives.items()),
        cues,
        directions,
        provinces,
        frozenset(p.country for p in provinces.values() if p.country),
    )


def user_gazetteer(user: UserLexicon) -> Gazetteer:
    """The gazetteer with the user's places: a form the user names is theirs only."""
    gaz = load_gazetteer()
    if not user:
        return gaz
    entries = [
        (
            form,
            Name(
                Place(
                    "LOCATION",
                    None,
                    row.country,
                    row.admin1,
                    row.lat,
                    row.lon,
                    kind=row.kind or "user",
                    user=True,
                ),
                0,
            ),
        )
        for form, row in user.entries("LOCATION")
    ]
    return replace(gaz, names=gaz.names.overridden(user.keys, entries))


def strip_proclitic(word: str, known: dict[str, Cue]) -> tuple[str, int]:
    """(word without a proclitic, length of the proclitic) when the stem is a known cue."""
    if word in known:
        return word, 0
    for prefix in PLACE_PROCLITICS:
        if word.startswith(prefix) and word[len(prefix) :] in known:
            return word[len(prefix) :], len(prefix)
    return word, 0
