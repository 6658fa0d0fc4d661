"""Places: countries, first-level divisions and other locations, geocoded.

One Aho-Corasick pass over the normalised text finds every gazetteer name; the
rest is deciding what each hit means, with precision first:

- a name that is also a common word (صور، السلام) needs evidence: a place cue
  before it (مدينة، في، شمال ...), a `ب` proclitic where the article names the
  place's country otherwise (not بحجة "on the pretext"), an NER location on the same
  span, or another cued mention of the same name in the article; a generic word
  (البلاد) needs a singular division or settlement word, not a plural (مدن البلاد);
- a city outside the Arab world, neither capital nor metropolis, needs a cue or its
  country named (موشي، يورك، مانشستر يونايتد are people, words and clubs);
- a name shared by several places goes to the one in the countries and
  divisions the article names most, then to the most populous;
- a city named like its division (كركوك، عدن) is PROVINCE after محافظة/ولاية,
  in a list of divisions (محافظات بغداد والأنبار وكركوك، في مأرب وشبوة وعدن),
  or once the article has named the division so (more often than it names the city
  so: مدينة الحديدة); otherwise LOCATION with the division as admin1;
- a small village named without any cue must lie in a division the article
  names, and one in a country the article hardly names keeps no geography;
- structural phrases make one LOCATION: facility + place (مطار عدن الدولي),
  ريف + place (ريف درعا الشرقي), and borders (الحدود السورية، الحدود مع إيران);
- a name after a newspaper/club/team head (صحيفة الرياض، نادي سطيف) is part of an
  organisation, and a name inside an NER person is part of a name: neither is a place;
- a small place or division of a country the rest of the article never names, in an
  article about another country (منطقة صلاح الدين in a story on Tripoli), is a local
  namesake: with a place cue it becomes a LOCATION of the article's country (and of the
  division of the city it is said to lie in), without one it is dropped. The article's
  countries come from the other names, so a name never vouches for itself;
- month names (تشرين، شباط) are never places.

The article's main country and admin1 are the most supported ones.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from newsie.knowledge.nationalities import (
    country_of_adjective,
    nationality_adjectives,
)
from newsie.knowledge.user_lexicon import ENTITY_TYPES, UserLexicon, lexicons_of
from newsie.lang.ar.calendar import month_words
from newsie.lang.ar.clitics import PLACE_PROCLITICS
from newsie.registry import stage
from newsie.resources import read_tsv
from newsie.text.lexicon import Lexicon, LexiconMatch
from newsie.text.normalize import normalize_key

if TYPE_CHECKING:
    from newsie.schema import Document, Entity

STAGE_NAME = "places"
# Population at which a place is well known enough to be named without any cue.
KNOWN_POPULATION = 100_000
# Below this population (or unknown), a place named without a cue must lie in a named division.
SMALL_POPULATION = 10_000
# A city outside the Arab world this large (or a capital) is known without its country named.
WORLD_KNOWN_POPULATION = 1_000_000

_WORD_BEFORE = re.compile(r"(\w+)[ \t]*$")
# Characters before a name searched for the cue word (longer than any cue word).
_WINDOW = 24


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


def _strip_proclitic(word: str, known: dict[str, Cue]) -> tuple[str, int]:
    """(word without a proclitic, length of the proclitic) when the stem is a known cue."""
    if word in known:
        return word, 0
    for prefix in PLACE_PROCLITICS:
        if word.startswith(prefix) and word[len(prefix) :] in known:
            return word[len(prefix) :], len(prefix)
    return word, 0


@dataclass
class _Hit:
    """A gazetteer hit with what its context says about it."""

    match: LexiconMatch[Name]
    start: int
    end: int
    cue_role: str | None = None
    cue_start: int | None = None
    cue_generic: bool = False
    in_list: bool = False
    ner: bool = False
    ner_person: bool = False
    org_head: bool = False
    # The cue came down a list (مدن وبلدات حمص، القصير): the name is not the plural's complement.
    listed: bool = False
    # The only cue is a ب proclitic: enough for a village, not for a word (بحجة، بصور).
    by_clitic: bool = False

    @property
    def key(self) -> str:
        return self.match.key

    @property
    def names(self) -> list[Name]:
        """The readings of the name; after a club or newspaper head only a country's."""
        if self.org_head:
            return [n for n in self.match.values if n.place.type == "COUNTRY"]
        return list(self.match.values)

    @property
    def cued(self) -> bool:
        return self.cue_role is not None or self.ner


@stage(
    "places",
    requires=("doc.norm",),
    provides=("COUNTRY", "PROVINCE", "LOCATION", "doc.country", "doc.admin1"),
    after=("ner",),  # NER places and persons are evidence when NER is on
)
class PlacesStage:
    """Stage: COUNTRY, PROVINCE and LOCATION entities, and the article's geography."""

    name = STAGE_NAME

    def __init__(self, config: object = None) -> None:
        user = lexicons_of(config)
        self.gazetteer = user_gazetteer(user)
        # The user's other names (groups, people ...): a place inside one is part of it.
        names = [(form, row.type) for form, row in user.entries(*ENTITY_TYPES)]
        self._user_names = Lexicon(n for n in names if n[1] != "LOCATION") if user else None

    def __call__(self, doc: Document) -> Document:
        text = doc.norm.text
        gaz = self.gazetteer
        ner_norm = [
            doc.norm.from_original(e.start, e.end)
            for e in doc.entities
            if e.stage == "ner" and e.type in ("LOCATION", "COUNTRY", "PROVINCE")
        ]
        persons = [
            doc.norm.from_original(e.start, e.end)
            for e in doc.entities
            if e.stage == "ner" and e.type == "PERSON"
        ]
        if self._user_names is not None:
            persons += [(m.start, m.end) for m in self._user_names.find(text)]
        hits = [self._context(text, m, ner_norm, persons) for m in gaz.names.find(text)]
        # A city named in a newspaper, club or team (صحيفة الرياض، نادي سطيف) is the ORG stage's;
        # a country there (منتخب مصر) stays: it gives the organisation its country.
        hits = [
            h for h in hits if not h.org_head or any(n.place.type == "COUNTRY" for n in h.names)
        ]
        # Inside a person's name (عز الدين، أبو بكر) a place name is a name unless cued as a place.
        hits = [h for h in hits if not h.ner_person or h.cue_role in _STRONG_ROLES]
        _mark_lists(text, hits)
        cued_keys = {h.key for h in hits if h.cued and not h.by_clitic}
        support = _article_support(text, hits, cued_keys, gaz)
        # Divisions the article names as such (محافظة كركوك): later bare mentions mean them too.
        # Unless it names the city so more often (مدينة الحديدة ... محافظة الحديدة).
        as_division = Counter(
            h.key
            for h in hits
            if h.cue_role in ("province", "province_plural") or h.in_list
            if any(n.place.type == "PROVINCE" and n.place.seat == h.key for n in h.match.values)
        )
        as_city = Counter(h.key for h in hits if h.cue_role == "location" and not h.listed)
        named_divisions = {key for key, n in as_division.items() if n >= as_city[key]}
        produced: list[Entity] = []
        emitted: list[tuple[_Hit, Entity]] = []
        localised: list[tuple[_Hit, Entity]] = []
        previous: tuple[_Hit, Place] | None = None
        for hit in hits:
            joined_to = (
                previous[1].type
                if previous is not None and _joined(text, previous[0], hit)
                else None
            )
            coordinated = (
                previous is not None
                and joined_to == "PROVINCE"
                and any(n.place.country == previous[1].country for n in hit.match.values)
            )
            name = self._choose(
                hit, cued_keys, support, coordinated or hit.key in named_divisions, joined_to
            )
            if name is None:
                continue
            if _unvouched_world_city(name.place, hit, support, gaz.arab_countries):
                continue
            place: Place | None = name.place
            home = _foreign_to(name.place, hit, support, gaz.provinces)
            if home is not None:
                place = _local_namesake(name.place, hit, home)
                if place is None:
                    continue
            else:
                place = _localised(name.place, support)
            entity = self._emit(doc, text, hit, place)
            produced.append(entity)
            (localised if home is not None else emitted).append((hit, entity))
            previous = (hit, place)
        self._inside(text, localised, emitted)
        self._borders(doc, text, produced)
        _fill_ner(doc, gaz, support)
        _set_geography(doc, produced, support)
        return doc

    # --- context ---------------------------------------------------------------------------
    def _context(
        self,
        text: str,
        match: LexiconMatch[Name],
        ner: list[tuple[int, int]],
        persons: list[tuple[int, int]],
    ) -> _Hit:
        hit = _Hit(match, match.start, match.end)
        window = max(0, match.word_start - _WINDOW)
        before = _WORD_BEFORE.search(text[window : match.word_start])
        if before:
            word, clitic = _strip_proclitic(before.group(1), self.gazetteer.cues)
            cue = self.gazetteer.cues.get(word)
            if cue and cue.role == "org_head":
                hit.org_head = True
            elif cue:
                hit.cue_role = cue.role
                hit.cue_generic = cue.generic
                if cue.part_of_name and not match.prefix_length:
                    hit.cue_start = window + before.start(1) + clitic
        clitics = text[match.word_start : match.start]
        if hit.cue_role is None and match.prefix_length and clitics.rstrip("ل").endswith("ب"):
            hit.cue_role = "context"
            hit.by_clitic = True
        # قال مصدر لـ"الرياض": a quoted name after لـ is the newspaper the source spoke to.
        if (
            _QUOTED_OUTLET_BEFORE.search(text, window, match.word_start)
            and text[match.end : match.end + 1] in _CLOSING_QUOTES
        ):
            hit.org_head = True
        hit.ner = any(s <= match.start and match.end <= e for s, e in ner)
        hit.ner_person = any(s <= match.start and match.end <= e for s, e in persons)
        return hit

    # --- choice ----------------------------------------------------------------------------
    def _choose(
        self,
        hit: _Hit,
        cued_keys: set[str],
        support: _Support,
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
        others = support.without(hit.key)
        word_evidence = evidence and not (
            hit.by_clitic
            and not hit.ner
            and hit.key not in cued_keys
            and not any(others[n.place.country] for n in names if n.cue_level == 1)
        )
        role = hit.cue_role
        if len(hit.key) <= 2 and hit.match.prefix_length:
            return None  # باب is not ب + إب
        # A generic word needs a singular division or settlement word: مدن البلاد is not a place.
        strong = (
            role in ("province", "location")
            or hit.in_list
            or (hit.listed and role in _STRONG_ROLES)
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
            return _best(provinces, support)
        if countries and role not in ("location", "location_plural", "facility"):
            if not locations or role == "country":
                return _best(countries, support)
            country = _best(countries, support)
            location = _best(locations, support)
            return (
                country
                if support.country[country.place.code] >= support.country[location.place.country]
                else location
            )
        if provinces and role not in ("location", "location_plural", "facility"):
            province = _best(provinces, support)
            if locations and not means_province:
                # A namesake in a country the article names more wins (طرابلس in a Lebanese story).
                other = _best(locations, support)
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
                return _best(pair, support)
            if pair or not locations:
                return province
            location = _best(locations, support)
            if support.country[location.place.country] <= support.country[province.place.country]:
                return province
        if locations:
            location = _best(locations, support)
            if not _plausible(location, evidence, support):
                return None
            return location
        if provinces:
            return _best(provinces, support)
        return None

    # --- output ----------------------------------------------------------------------------
    def _emit(self, doc: Document, text: str, hit: _Hit, place: Place) -> Entity:
        start, end = hit.start, hit.end
        if hit.cue_start is not None and (
            (place.type == "PROVINCE" and hit.cue_role == "province")
            or (place.type == "LOCATION" and hit.cue_role in ("location", "facility", "province"))
        ):
            start = hit.cue_start
        if place.type == "LOCATION" and hit.cue_role == "facility":
            end = self._extend_direction(text, end)
        if place.type == "COUNTRY":
            return doc.add_entity("COUNTRY", start, end, STAGE_NAME, code=place.code)
        if place.type == "PROVINCE":
            return doc.add_entity(
                "PROVINCE",
                start,
                end,
                STAGE_NAME,
                code=place.code,
                country=place.country,
                lat=place.lat,
                lon=place.lon,
            )
        return doc.add_entity(
            "LOCATION",
            start,
            end,
            STAGE_NAME,
            admin1=place.admin1,
            country=place.country,
            lat=place.lat,
            lon=place.lon,
            geonames_id=place.geonames_id,
            label=place.kind or None,
        )

    def _inside(
        self,
        text: str,
        localised: list[tuple[_Hit, Entity]],
        emitted: list[tuple[_Hit, Entity]],
    ) -> None:
        """A local namesake said to lie in a city (منطقة صلاح الدين جنوبي العاصمة الليبية طرابلس)
        takes that city's division: only cue words, العاصمة and adjectives may come between."""
        for hit, entity in localised:
            after = [
                (h, e) for h, e in emitted if h.start >= hit.end and e.country == entity.country
            ]
            if not after:
                continue
            city_hit, city = min(after, key=lambda pair: pair[0].start)
            gap = text[hit.end : city_hit.match.word_start].split()
            if len(gap) > _MAX_INSIDE_GAP or not all(self._linking(word) for word in gap):
                continue
            entity.admin1 = city.code if city.type == "PROVINCE" else city.admin1

    def _linking(self, word: str) -> bool:
        """A word that may stand between a place and the city it lies in."""
        gaz = self.gazetteer
        stem, _ = _strip_proclitic(word, gaz.cues)
        cue = gaz.cues.get(stem)
        if cue is not None and cue.role in ("context", "location", "province"):
            return True
        return normalize_key(word) in _CAPITAL_WORDS or country_of_adjective(word) is not None

    def _extend_direction(self, text: str, end: int) -> int:
        """Take in a following الشرقي / الدولي / العسكري (ريف درعا الشرقي, مطار عدن الدولي)."""
        after = text[end : end + 40]
        for m in self.gazetteer.directions.find(after):
            if m.word_start == 1 and after[0] == " " and m.prefix_length == 0:
                return end + m.end
        return end

    def _borders(self, doc: Document, text: str, produced: list[Entity]) -> None:
        """الحدود السورية، الحدود مع الأردن، حدود إيران: a border is a LOCATION."""
        if "حدود" not in text and "الحدودي" not in text:
            return
        for m in _BORDER.finditer(text):
            tail_start = m.end()
            end = None
            adjective = _WORD_AT.match(text, tail_start)
            if adjective and adjective.group() in self.gazetteer.adjectives:
                end = adjective.end()
            else:
                for hit in self.gazetteer.names.find(text[tail_start : tail_start + 40]):
                    countries = [n for n in hit.values if n.place.type == "COUNTRY"]
                    if hit.word_start == 0 and hit.prefix_length == 0 and countries:
                        end = tail_start + hit.end
                    break
            if end is None:
                continue
            start = m.start("head")
            if any(e.type == "LOCATION" and _same(doc, e, start, end) for e in produced):
                continue
            produced.append(doc.add_entity("LOCATION", start, end, STAGE_NAME, label="border"))


_QUOTED_OUTLET_BEFORE = re.compile(r"(?<!\w)لـ? ?[\"«“”]$")
_CLOSING_QUOTES = frozenset('"»”“')
_BORDER = re.compile(r"(?<!\w)(?:[وفب]|وب)?(?P<head>(?:ال)?حدود|الشريط الحدودي) (?:(?:مع|بين) )?")
_WORD_AT = re.compile(r"\w+")


def _same(doc: Document, entity: Entity, norm_start: int, norm_end: int) -> bool:
    start, end = doc.norm.to_original(norm_start, norm_end)
    return entity.start == start and entity.end == end


@dataclass
class _Support:
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


def _article_support(text: str, hits: list[_Hit], cued_keys: set[str], gaz: Gazetteer) -> _Support:
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
    return _Support(country, admin1, by_key)


def _best(names: list[Name], support: _Support) -> Name:
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


def _localised(place: Place, support: _Support) -> Place:
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


def _foreign_to(
    place: Place, hit: _Hit, support: _Support, provinces: dict[str, Place]
) -> str | None:
    """The article's country when `place` is foreign to the article: a small place or a division
    (not a country, large city, division seat or landmark) of a country no other name in the
    article points to, while the other names point to another country. A division named with an
    explicit division word (محافظة صلاح الدين) stands. Else None."""
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


def _unvouched_world_city(
    place: Place, hit: _Hit, support: _Support, arab_countries: frozenset[str]
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
        and support.without(hit.key)[place.country] == 0
    )


def _local_namesake(place: Place, hit: _Hit, country: str) -> Place | None:
    """A foreign reading replaced by a place of the article's country whose division is unknown,
    when a place cue says it is a place (منطقة، حي، مدينة); else nothing."""
    if hit.cue_role not in _PLACE_ROLES:
        return None
    kind = place.kind if place.type == "LOCATION" else ""
    return Place("LOCATION", None, country, None, kind=kind)


def _plausible(name: Name, evidence: bool, support: _Support) -> bool:
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


# Kinds of gazetteer places that are settlements or admin units rather than hand-listed landmarks.
_SETTLEMENT_KINDS = frozenset(("town", "community", "subdistrict", "district"))
_STRONG_ROLES = frozenset(("province", "province_plural", "location", "location_plural"))
_PLACE_ROLES = _STRONG_ROLES | {"facility"}
# Words between a place and the city it lies in (منطقة X جنوبي العاصمة الليبية طرابلس).
_CAPITAL_WORDS = frozenset(("العاصمه", "عاصمه"))
_MAX_INSIDE_GAP = 4


def _joined(text: str, prev: _Hit, hit: _Hit) -> bool:
    """Two names in one list: `A وB`, `A، B`, `A و B`."""
    gap = text[prev.end : hit.match.word_start].strip()
    if gap in ("،", ","):
        return True
    if gap == "و":
        return True
    return gap == "" and hit.match.prefix_length > 0 and text[hit.match.word_start] == "و"


def _mark_lists(text: str, hits: list[_Hit]) -> None:
    """محافظات بغداد والأنبار وكركوك: names joined by و/، after a plural cue share it."""
    for prev, hit in pairwise(hits):
        if not (prev.cue_role in ("province_plural", "location_plural") or prev.in_list):
            continue
        if _joined(text, prev, hit) and hit.cue_role is None:
            plural = (
                prev.cue_role if prev.cue_role in ("province_plural", "location_plural") else None
            )
            hit.cue_role = plural or prev.cue_role
            hit.listed = True
            hit.in_list = hit.cue_role == "province_plural"


def _fill_ner(doc: Document, gaz: Gazetteer, support: _Support) -> None:
    """NER places without geography get admin1/country from the gazetteer when it knows them."""
    for entity in doc.entities:
        if entity.stage != "ner" or entity.type != "LOCATION" or entity.admin1:
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
        best = _best(names, support)
        place = best.place
        entity.country = entity.country or place.country
        entity.admin1 = place.division
        if entity.lat is None:
            entity.lat, entity.lon = place.lat, place.lon
        if entity.geonames_id is None:
            entity.geonames_id = place.geonames_id


def _set_geography(doc: Document, produced: list[Entity], support: _Support) -> None:
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
