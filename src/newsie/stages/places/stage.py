"""The places pipeline stage: COUNTRY, PROVINCE and LOCATION entities, including
borders and places said to lie in a city, and the article's geography."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import TYPE_CHECKING

from newsie.knowledge.nationalities import country_of_adjective
from newsie.knowledge.user_lexicon import ENTITY_TYPES, lexicons_of
from newsie.registry import STATISTICAL_STAGES, stage
from newsie.stages.places.context import Hit, hit_context, joined, mark_lists
from newsie.stages.places.disambiguation import (
    STRONG_ROLES,
    choose,
    fill_ner,
    foreign_to,
    local_namesake,
    localised_place,
    unvouched_world_city,
)
from newsie.stages.places.gazetteer import Place, strip_proclitic, user_gazetteer
from newsie.stages.places.geography import article_support, set_geography
from newsie.text.lexicon import Lexicon
from newsie.text.normalize import normalize_key
from newsie.text.offsets import norm_offsets
from newsie.text.spans import Range, Spans

if TYPE_CHECKING:
    from newsie.schema import Document, Entity


STAGE_NAME = "places"


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
        ner_norm: list[tuple[int, int]] = [
            doc.norm.from_original(e.start, e.end)
            for e in doc.entities
            if e.stage in STATISTICAL_STAGES and e.type in ("LOCATION", "COUNTRY", "PROVINCE")
        ]
        persons: list[tuple[int, int]] = [
            doc.norm.from_original(e.start, e.end)
            for e in doc.entities
            if e.stage in STATISTICAL_STAGES and e.type == "PERSON"
        ]
        if self._user_names is not None:
            persons += [(m.start, m.end) for m in self._user_names.find(text)]
        # Indexed: each hit asks which of them hold it.
        ner_spans = Spans(Range(*span) for span in ner_norm)
        person_spans = Spans(Range(*span) for span in persons)
        hits = [
            hit_context(gaz.cues, text, m, ner_spans, person_spans) for m in gaz.names.find(text)
        ]
        # A city named in a newspaper, club or team (صحيفة الرياض، نادي سطيف) is the ORG stage's;
        # a country there (منتخب مصر) stays: it gives the organisation its country.
        hits = [
            h for h in hits if not h.org_head or any(n.place.type == "COUNTRY" for n in h.names)
        ]
        # Inside a person's name (عز الدين، أبو بكر) a place name is a name unless cued as a place.
        hits = [h for h in hits if not h.ner_person or h.cue_role in STRONG_ROLES]
        mark_lists(text, hits)
        cued_keys = {h.key for h in hits if h.cued and not h.by_clitic}
        support = article_support(text, hits, cued_keys, gaz)
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
        emitted: list[tuple[Hit, Entity]] = []
        localised: list[tuple[Hit, Entity]] = []
        previous: tuple[Hit, Place] | None = None
        for hit in hits:
            joined_to = (
                previous[1].type
                if previous is not None and joined(text, previous[0], hit)
                else None
            )
            coordinated = (
                previous is not None
                and joined_to == "PROVINCE"
                and any(n.place.country == previous[1].country for n in hit.match.values)
            )
            name = choose(
                hit, cued_keys, support, coordinated or hit.key in named_divisions, joined_to
            )
            if name is None:
                continue
            if unvouched_world_city(name.place, hit, support, gaz.arab_countries):
                continue
            place: Place | None = name.place
            home = foreign_to(name.place, hit, support, gaz.provinces)
            if home is not None:
                place = local_namesake(name.place, hit, home)
                if place is None:
                    continue
            else:
                place = localised_place(name.place, support)
            entity = self._emit(doc, text, hit, place)
            produced.append(entity)
            (localised if home is not None else emitted).append((hit, entity))
            previous = (hit, place)
        self._inside(text, localised, emitted)
        self._borders(doc, text, produced)
        fill_ner(doc, gaz, support, STAGE_NAME)
        set_geography(doc, produced, support)
        return doc

    # --- output ----------------------------------------------------------------------------
    def _emit(self, doc: Document, text: str, hit: Hit, place: Place) -> Entity:
        start, end = hit.start, hit.end
        if hit.cue_start is not None and (
            (place.type == "PROVINCE" and hit.cue_role == "province")
            or (place.type == "LOCATION" and hit.cue_role in ("location", "facility", "province"))
        ):
            start = hit.cue_start
        if place.type == "LOCATION" and hit.cue_role == "facility":
            end = self._extend_direction(text, end)
        if place.type == "COUNTRY":
            return doc.add_entity("COUNTRY", *norm_offsets(start, end), STAGE_NAME, code=place.code)
        if place.type == "PROVINCE":
            return doc.add_entity(
                "PROVINCE",
                *norm_offsets(start, end),
                STAGE_NAME,
                code=place.code,
                country=place.country,
                lat=place.lat,
                lon=place.lon,
            )
        return doc.add_entity(
            "LOCATION",
            *norm_offsets(start, end),
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
        localised: list[tuple[Hit, Entity]],
        emitted: list[tuple[Hit, Entity]],
    ) -> None:
        """A local namesake said to lie in a city (منطقة صلاح الدين جنوبي العاصمة الليبية طرابلس)
        takes that city's division: only cue words, العاصمة and adjectives may come between."""
        # The emitted places of each country, in text order (hits come sorted, disjoint).
        by_country: dict[str | None, list[tuple[Hit, Entity]]] = {}
        for h, e in emitted:
            by_country.setdefault(e.country, []).append((h, e))
        starts = {c: [h.start for h, _ in pairs] for c, pairs in by_country.items()}
        for hit, entity in localised:
            pairs = by_country.get(entity.country, [])
            k = bisect.bisect_left(starts.get(entity.country, []), hit.end)
            if k == len(pairs):
                continue
            city_hit, city = pairs[k]
            gap = text[hit.end : city_hit.match.word_start].split()
            if len(gap) > _MAX_INSIDE_GAP or not all(self._linking(word) for word in gap):
                continue
            entity.admin1 = city.code if city.type == "PROVINCE" else city.admin1

    def _linking(self, word: str) -> bool:
        """A word that may stand between a place and the city it lies in."""
        gaz = self.gazetteer
        stem, _ = strip_proclitic(word, gaz.cues)
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
        # Spans of the LOCATION entities so far (and of the borders found here).
        located = {(e.start, e.end) for e in produced if e.type == "LOCATION"}
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
            span = norm_offsets(m.start("head"), end)
            if doc.norm.to_original(*span) in located:
                continue
            produced.append(doc.add_entity("LOCATION", *span, STAGE_NAME, label="border"))
            located.add((produced[-1].start, produced[-1].end))


_BORDER = re.compile(r"(?<!\w)(?:[وفب]|وب)?(?P<head>(?:ال)?حدود|الشريط الحدودي) (?:(?:مع|بين) )?")
_WORD_AT = re.compile(r"\w+")


# Words between a place and the city it lies in (منطقة X جنوبي العاصمة الليبية طرابلس).
_CAPITAL_WORDS = frozenset(("العاصمه", "عاصمه"))
_MAX_INSIDE_GAP = 4
