"""Where it happened: the places of a mention's clause, sentence or paragraph."""

from __future__ import annotations

import bisect
import itertools
from weakref import WeakKeyDictionary

from newsie.knowledge.nationalities import nationality_adjectives
from newsie.schema import (
    EventLocation,
)
from newsie.stages.events.analysis import Analysis, Mention, Placed, bare_forms, clause_starts_of
from newsie.stages.events.lexicon import (
    MAX_SCOPE_PLACES,
    PLACE_TYPES,
    SCOPE_WINDOW,
    function_words,
    norm_key,
)
from newsie.stages.events.place_cues import (
    AUTHORITY_TYPES,
    OBJECT_PLACE_TYPES,
    article_place,
    authority_country,
    codes_of,
    country_is_place,
    country_phrase,
    is_dateline,
    is_distance_reference,
    is_locative,
    is_speaker,
    later_report_start,
    object_places,
    owned_by_sibling,
)


def location_of(ana: Analysis, p: Placed, source: str) -> EventLocation:
    e = p.entity
    admin1, country = codes_of(ana, p)
    return EventLocation(
        text=e.text,
        type=e.type,
        start=e.start,
        end=e.end,
        admin1=admin1,
        country=country,
        lat=e.lat,
        lon=e.lon,
        source=source,
    )


def usable_place(ana: Analysis, p: Placed) -> bool:
    admin1, country = codes_of(ana, p)
    return bool(admin1 or country) and not_a_date(ana, p) and in_article_countries(ana, p, country)


def in_article_countries(ana: Analysis, p: Placed, country: str | None) -> bool:
    """A place abroad counts only when the article names its country too: a
    gazetteer homonym (بيان، البلاد) in another country is not where it happened."""
    known = ana.article_countries
    return not known or country is None or country in known


def not_a_date(ana: Analysis, p: Placed) -> bool:
    """A place name inside a date (تشرين، شباط) is a month, not a place."""
    return not any(q.entity.type == "DATE" for q in ana.entities.overlapping(p.start, p.end))


def scope_places(
    ana: Analysis, m: Mention, places: list[Placed], siblings: list[Mention]
) -> list[Placed]:
    """The places a verb of extent lists soon after the trigger (هدنة تشمل محافظات
    حلب وإدلب وحماة): the event covers them all."""
    s = ana.sentences[m.sentence]
    first = ana.token_at(m.end)
    scope = function_words("scope")
    for t in ana.tokens[first : min(s.last_token, first + SCOPE_WINDOW)]:
        if any(m.end <= o.start < t.start for o in siblings):
            return []  # the verb belongs to a later trigger
        if any(b in scope for b in bare_forms(norm_key(t.text))):
            return [p for p in places if p.start >= t.end]
    return []


def locative_country(ana: Analysis, sentence: int) -> list[Placed]:
    return [
        p
        for p in ana.in_sentence(sentence, "COUNTRY")
        if p.entity.code and country_is_place(ana, p, sentence)
    ]


def territories_in(ana: Analysis, sentence: int) -> list[tuple[int, EventLocation]]:
    """`داخل الأراضي السورية`: a country named by its adjective after a word for
    its territory, which the entity stages rightly leave as no COUNTRY."""
    if sentence not in ana.territories:
        ana.territories[sentence] = find_territories(ana, sentence)
    return ana.territories[sentence]


def find_territories(ana: Analysis, sentence: int) -> list[tuple[int, EventLocation]]:
    s = ana.sentences[sentence]
    tokens = ana.tokens[s.first_token : s.last_token]
    lands = function_words("territory")
    out: list[tuple[int, EventLocation]] = []
    for k in range(len(tokens) - 1):
        if not set(bare_forms(norm_key(tokens[k].text))) & lands:
            continue
        code = nationality_adjectives().get(norm_key(tokens[k + 1].text))
        if code:
            out.append(
                (tokens[k].start, country_phrase(ana, tokens[k].start, tokens[k + 1].end, code))
            )
    return out


def mention_locations(ana: Analysis, m: Mention, siblings: list[Mention]) -> list[EventLocation]:
    """The places of the trigger's own clause, else the country of the authority
    that acted, else places elsewhere in the sentence, its countries, the paragraph's
    places and the article's main place, in that order."""
    report = later_report_start(ana, m)
    places = [
        p
        for p in ana.in_sentence(m.sentence, *PLACE_TYPES)
        if usable_place(ana, p)
        and not is_dateline(ana, p, m.sentence)
        and (report is None or p.start < report)
    ]
    covered = scope_places(ana, m, places, siblings)
    if covered:
        found = [location_of(ana, p, "sentence") for p in covered]
        return distinct_locations(found)[:MAX_SCOPE_PLACES]
    if m.type in OBJECT_PLACE_TYPES:
        taken = object_places(ana, m, places)
        if taken:
            return distinct_locations([location_of(ana, p, "sentence") for p in taken])[:4]
        # سيطر على بلدات وشن هجمات في X: X is where the later deed was.
        places = [p for p in places if not owned_by_sibling(p.start, m, siblings)]
    countries = [
        p
        for p in locative_country(ana, m.sentence)
        if (report is None or p.start < report) and not owned_by_sibling(p.start, m, siblings)
    ]
    if places:
        # A place after a locative word (في عدن، بمحافظة مأرب، قرب ميدي) is where the
        # event happened; others may be speakers or patrons (أكدت واشنطن، بقيادة واشنطن).
        places = [p for p in places if not is_speaker(ana, p, m.sentence)]
        locative = [p for p in places if is_locative(ana, p, m.sentence)]
        if not locative and countries:
            places = []  # في مدينة حدودية شرق البلاد: a country beats a bare place name
        else:
            places = locative or [p for p in places if p.start >= m.end]
    clause_starts = clause_starts_of(ana, m.sentence)
    clause = bisect.bisect_right(clause_starts, m.start)

    def elsewhere(p: Placed) -> bool:
        """In another clause, after another event's trigger, or a distance reference."""
        return (
            bisect.bisect_right(clause_starts, p.start) != clause
            or owned_by_sibling(p.start, m, siblings)
            or is_distance_reference(ana, p)
        )

    # The trigger's own clause first (كما استهدف الطيران قرية في ريف الباب), then
    # the nearest.
    places.sort(key=lambda p: (elsewhere(p), min(abs(p.start - m.end), abs(m.start - p.end))))
    if places and not elsewhere(places[0]):
        return distinct_locations([location_of(ana, p, "sentence") for p in places])[:4]
    if m.type in AUTHORITY_TYPES:
        # The authority's country keeps the sentence's places inside it (اعتقلت
        # الشرطة العراقية متهمين بتفجيرات في بغداد) and drops those abroad.
        acted = authority_country(ana, m)
        if acted:
            places = [p for p in places if codes_of(ana, p)[1] == acted.country]
            if not places:
                return [acted]
    if places:
        return distinct_locations([location_of(ana, p, "sentence") for p in places])[:4]
    found_countries = [(p.start, location_of(ana, p, "sentence")) for p in countries] + [
        t for t in territories_in(ana, m.sentence) if report is None or t[0] < report
    ]
    if found_countries:
        nearest = min(found_countries, key=lambda c: min(abs(c[0] - m.end), abs(m.start - c[0])))
        chain = coordinated(ana, countries, nearest[0])
        return [nearest[1]] + [location_of(ana, p, "sentence") for p in chain]
    return paragraph_locations(ana, m)


def coordinated(ana: Analysis, countries: list[Placed], start: int) -> list[Placed]:
    """The countries joined by و to the one at `start` (في العراق وسوريا): the
    event happened in each."""
    ordered = sorted(countries, key=lambda p: p.start)
    k = next((i for i, p in enumerate(ordered) if p.start == start), None)
    if k is None:
        return []
    out: list[Placed] = []
    for step in (1, -1):
        i = k
        while 0 <= i + step < len(ordered):
            a, b = sorted((ordered[i], ordered[i + step]), key=lambda p: p.start)
            if ana.text[a.end : b.start].strip(" ،,") not in ("و", ""):
                break
            i += step
            out.append(ordered[i])
    return out


def paragraph_locations(ana: Analysis, m: Mention) -> list[EventLocation]:
    """The nearest earlier sentence of the paragraph that names a place (not a
    speaker, not the dateline), then later ones."""
    # Only sentences that name a place can give one: the others are skipped unseen.
    named = place_sentences(ana).get(m.paragraph, [])
    k, j = bisect.bisect_left(named, m.sentence), bisect.bisect_right(named, m.sentence)
    earlier = (named[x] for x in range(k - 1, -1, -1))
    later = (named[x] for x in range(j, len(named)))
    for i in itertools.chain(earlier, later):
        places = [
            p
            for p in ana.in_sentence(i, *PLACE_TYPES)
            if usable_place(ana, p) and not is_speaker(ana, p, i) and not is_dateline(ana, p, i)
        ]
        if places:
            return distinct_locations([location_of(ana, p, "paragraph") for p in places])[:2]
    return []


def place_sentences(ana: Analysis) -> dict[int, list[int]]:
    """The sentences of each paragraph that name a place, in order; once per document."""
    if ana not in _PLACE_SENTENCES:
        found: dict[int, list[int]] = {}
        for i, paragraph in enumerate(ana.sentence_paragraph):
            if ana.in_sentence(i, *PLACE_TYPES):
                found.setdefault(paragraph, []).append(i)
        _PLACE_SENTENCES[ana] = found
    return _PLACE_SENTENCES[ana]


_PLACE_SENTENCES: WeakKeyDictionary[Analysis, dict[int, list[int]]] = WeakKeyDictionary()


def fill_article_locations(ana: Analysis, mentions: list[Mention]) -> None:
    """A mention its sentence and paragraph do not place happened where the
    article's other events did; one placed only in a country (غارات في البلاد)
    most likely in the article's main admin1 when that lies in the same country."""
    main = article_place(ana, mentions)
    if main is None:
        return
    for m in mentions:
        if not m.locations:
            m.locations = [main]
        elif (
            main.admin1
            and not any(loc.admin1 for loc in m.locations)
            and main.country in {loc.country for loc in m.locations}
        ):
            m.locations.append(main)


def distinct_locations(locations: list[EventLocation]) -> list[EventLocation]:
    out: list[EventLocation] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    for loc in locations:
        key = (loc.admin1, loc.country, norm_key(loc.text or ""))
        if key not in seen:
            seen.add(key)
            out.append(loc)
    return out
