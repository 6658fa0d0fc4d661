"""Where it happened: the places of a mention's clause, sentence or paragraph."""

from __future__ import annotations

import bisect

from newsie.schema import (
    EventLocation,
)
from newsie.stages.events.actors import country_is_actor
from newsie.stages.events.analysis import Analysis, Mention, Placed, bare_forms, clause_starts_of
from newsie.stages.events.lexicon import (
    DATELINE_HEAD,
    DATELINE_TAIL,
    MAX_SCOPE_PLACES,
    PLACE_TYPES,
    SCOPE_WINDOW,
    function_words,
    norm_key,
)
from newsie.stages.places import nationality_adjectives


def location_of(p: Placed, source: str) -> EventLocation:
    e = p.entity
    if e.type == "PROVINCE":
        admin1 = e.code
        country = e.country or (e.code.split("-")[0] if e.code else None)
    elif e.type == "COUNTRY":
        admin1, country = None, e.code
    else:
        admin1 = e.admin1
        country = e.country or (e.admin1.split("-")[0] if e.admin1 else None)
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


def is_dateline(ana: Analysis, p: Placed, sentence: int) -> bool:
    """`دبي، الإمارات (CNN)--`: the place an article was filed from, at the start."""
    s = ana.sentences[sentence]
    if ana.text[s.start : p.start].strip(" ،,-()") and not DATELINE_HEAD.match(
        ana.text[s.start : p.start]
    ):
        return False
    rest = ana.text[p.end : p.end + 40]
    return bool(DATELINE_TAIL.match(rest))


def is_locative(ana: Analysis, p: Placed, sentence: int) -> bool:
    k = ana.token_at(p.start)
    word_start = ana.tokens[k].start if k < len(ana.tokens) else p.start
    prefix = ana.text[word_start : p.start]
    if "ب" in prefix:
        return True
    prev = ana.words_before(word_start, sentence, 2)
    place = function_words("place")
    return any(set(bare_forms(norm_key(t.text))) & place for t in prev)  # وفي منطقة صرواح


def usable_place(ana: Analysis, p: Placed) -> bool:
    e = p.entity
    return (
        bool(e.code or e.admin1 or e.country)
        and not_a_date(ana, p)
        and in_article_countries(ana, p)
    )


def in_article_countries(ana: Analysis, p: Placed) -> bool:
    """A place abroad counts only when the article names its country too: a
    gazetteer homonym (بيان، البلاد) in another country is not where it happened."""
    e = p.entity
    country = e.country or ((e.code or e.admin1 or "").split("-")[0] or None)
    known = ana.article_countries
    return not known or country is None or country in known


def not_a_date(ana: Analysis, p: Placed) -> bool:
    """A place name inside a date (تشرين، شباط) is a month, not a place."""
    return not any(
        q.entity.type == "DATE" and q.start < p.end and p.start < q.end for q in ana.entities
    )


def scope_places(
    ana: Analysis, m: Mention, places: list[Placed], siblings: list[Mention]
) -> list[Placed]:
    """The places a verb of extent lists soon after the trigger (وقف إطلاق النار الذي
    ... يشمل ولايات دارفور والنيل الأزرق وجنوب كردفان): the event covers them all."""
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
        if p.entity.code and not country_is_actor(ana, p, sentence)
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
            start, end = ana.doc.norm.to_original(tokens[k].start, tokens[k + 1].end)
            out.append(
                (
                    tokens[k].start,
                    EventLocation(
                        text=ana.doc.text[start:end],
                        type="COUNTRY",
                        start=start,
                        end=end,
                        country=code,
                        source="sentence",
                    ),
                )
            )
    return out


def is_speaker(ana: Analysis, p: Placed, sentence: int) -> bool:
    """A capital right after a verb of saying or إن/أن is the government speaking
    (أكدت بغداد، إن واشنطن تعتقد), and a place right before one is where it spoke
    (وفي واشنطن أعلن مسؤول): neither is where the event happened."""
    after = ana.token_at(p.end)
    end = min(after + 2, ana.sentences[sentence].last_token)
    following = [t for t in ana.tokens[after:end] if t.is_word and t.text not in ".!؟"][:1]
    if following and any(
        c.start < following[0].end and following[0].start < c.end for c in ana.report_cues
    ):
        return True  # وفي واشنطن، أعلن مسؤول: where the statement was made
    prev = ana.words_before(p.start, sentence, 1)
    if not prev:
        return False
    word = norm_key(prev[0].text)
    if set(bare_forms(word)) & function_words("complementiser"):
        return True
    return any(c.start < prev[0].end and prev[0].start < c.end for c in ana.report_cues)


def mention_locations(ana: Analysis, m: Mention, siblings: list[Mention]) -> list[EventLocation]:
    places = [
        p
        for p in ana.in_sentence(m.sentence, *PLACE_TYPES)
        if usable_place(ana, p) and not is_dateline(ana, p, m.sentence)
    ]
    covered = scope_places(ana, m, places, siblings)
    if covered:
        return distinct_locations([location_of(p, "sentence") for p in covered])[:MAX_SCOPE_PLACES]
    if places:
        # A place after a locative word (في عدن، بمحافظة مأرب، قرب ميدي) is where the
        # event happened; others may be speakers or patrons (أكدت واشنطن، بقيادة واشنطن).
        places = [p for p in places if not is_speaker(ana, p, m.sentence)]
        locative = [p for p in places if is_locative(ana, p, m.sentence)]
        if not locative and locative_country(ana, m.sentence):
            places = []  # في منطقة حدودية شرق سوريا beats a place named after the trigger
        else:
            places = locative or [p for p in places if p.start >= m.end]
    if places:
        # The trigger's own clause first (كما استهدف الطيران قرية في ريف الباب), then
        # the nearest.
        clause_starts = clause_starts_of(ana, m.sentence)
        clause = bisect.bisect_right(clause_starts, m.start)
        places.sort(
            key=lambda p: (
                bisect.bisect_right(clause_starts, p.start) != clause,
                min(abs(p.start - m.end), abs(m.start - p.end)),
            )
        )
        return distinct_locations([location_of(p, "sentence") for p in places])[:4]
    countries = [
        (p.start, location_of(p, "sentence")) for p in locative_country(ana, m.sentence)
    ] + territories_in(ana, m.sentence)
    if countries:
        nearest = min(countries, key=lambda c: min(abs(c[0] - m.end), abs(m.start - c[0])))
        return [nearest[1]]
    # The paragraph: the nearest earlier sentence that names a place, then later ones.
    same_para = [i for i in range(len(ana.sentences)) if ana.sentence_paragraph[i] == m.paragraph]
    earlier = [i for i in same_para if i < m.sentence][::-1]
    later = [i for i in same_para if i > m.sentence]
    for i in earlier + later:
        places = [
            p
            for p in ana.in_sentence(i, *PLACE_TYPES)
            if usable_place(ana, p) and not is_speaker(ana, p, i)
        ]
        if places:
            return distinct_locations([location_of(p, "paragraph") for p in places])[:2]
    doc = ana.doc
    if doc.admin1 or doc.country:
        country = doc.country or (doc.admin1.split("-")[0] if doc.admin1 else None)
        return [EventLocation(admin1=doc.admin1, country=country, source="article")]
    return []


def distinct_locations(locations: list[EventLocation]) -> list[EventLocation]:
    out: list[EventLocation] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    for loc in locations:
        key = (loc.admin1, loc.country, norm_key(loc.text or ""))
        if key not in seen:
            seen.add(key)
            out.append(loc)
    return out
