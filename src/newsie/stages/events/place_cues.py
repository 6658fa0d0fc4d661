"""Cues that tell where a mention happened from the words around a place: datelines,
speakers, locative words, distance references, other events' places, the country of
the authority that acted, and the article's own main place."""

from __future__ import annotations

import bisect
from collections import Counter
from weakref import WeakKeyDictionary

from newsie.knowledge.nationalities import nationality_adjectives
from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.schema import EventLocation
from newsie.stages.events.analysis import Analysis, Mention, Placed, bare_forms
from newsie.stages.events.lexicon import (
    CLAUSE_BREAKS,
    DATELINE_HEAD,
    DATELINE_TAIL,
    PLACE_TYPES,
    function_words,
    norm_key,
)
from newsie.text.offsets import norm_offsets
from newsie.text.segment import Token

# Events a country's own police or authorities carry out at home (أوقفت الشرطة X).
AUTHORITY_TYPES = frozenset({"ARREST", "SEIZURE"})
# How many words either side of the trigger the authority may stand.
AUTHORITY_WINDOW = 6
# Events whose trigger takes the place as its object (سقوط X، تحرير X، السيطرة على X).
OBJECT_PLACE_TYPES = frozenset({"TERRITORY_CHANGE"})

# Per document: a place's name without generic words -> the codes it was resolved to.
_ALIASES: WeakKeyDictionary[Analysis, dict[str, set[tuple[str | None, str | None]]]] = (
    WeakKeyDictionary()
)


def words_of(ana: Analysis, first: int, last: int) -> list[set[str]]:
    """The readings (bare forms) of tokens first..last-1."""
    return [set(bare_forms(norm_key(t.text))) for t in ana.tokens[first:last]]


def place_key(text: str) -> str:
    """A place name without the words that do not tell places apart (مدينة، ريف)."""
    generic = function_words("place_generic")
    words = [w for w in norm_key(text).split() if not set(bare_forms(w)) & generic]
    return " ".join(words)


def codes_of(ana: Analysis, p: Placed) -> tuple[str | None, str | None]:
    """(admin1, country) of a place; a name the gazetteer left without an admin1
    (مدينة X) takes the one the article's other mention of X has, if unambiguous."""
    e = p.entity
    if e.type == "PROVINCE":
        return e.code, e.country or (e.code.split("-")[0] if e.code else None)
    if e.type == "COUNTRY":
        return None, e.code
    admin1 = e.admin1
    country = e.country or (admin1.split("-")[0] if admin1 else None)
    if admin1 is None:
        found = aliases(ana).get(place_key(e.text), set())
        if len(found) == 1:
            alias_admin1, alias_country = next(iter(found))
            if country is None or country == alias_country:
                return alias_admin1, alias_country
    if country is None:
        country = adjective_after(ana, p.end)
    return admin1, country


def adjective_after(ana: Analysis, pos: int) -> str | None:
    """`بلدة X الألمانية`: the country a nationality adjective right after a name gives."""
    k = ana.token_at(pos)
    if k >= len(ana.tokens) or ana.text[pos : ana.tokens[k].start].strip():
        return None
    adjectives = nationality_adjectives()
    return next(
        (adjectives[b] for b in bare_forms(norm_key(ana.tokens[k].text)) if b in adjectives), None
    )


def aliases(ana: Analysis) -> dict[str, set[tuple[str | None, str | None]]]:
    if ana not in _ALIASES:
        table: dict[str, set[tuple[str | None, str | None]]] = {}
        for q in ana.entities:
            e = q.entity
            admin1 = e.code if e.type == "PROVINCE" else e.admin1
            if e.type in PLACE_TYPES and admin1:
                key = place_key(e.text)
                if key:
                    table.setdefault(key, set()).add((admin1, admin1.split("-")[0]))
        _ALIASES[ana] = table
    return _ALIASES[ana]


def is_dateline(ana: Analysis, p: Placed, sentence: int) -> bool:
    """`دبي، الإمارات (CNN)--`: the place an article was filed from, at the start."""
    s = ana.sentences[sentence]
    if ana.text[s.start : p.start].strip(" ،,-()") and not DATELINE_HEAD.match(
        ana.text[s.start : p.start]
    ):
        return False
    rest = ana.text[p.end : p.end + 40]
    return bool(DATELINE_TAIL.match(rest))


def word_start(ana: Analysis, pos: int) -> int:
    """Start of the token holding `pos` (a place's span may begin after a clitic, بسوريا)."""
    k = bisect.bisect_right(ana.token_starts, pos) - 1
    return ana.tokens[k].start if k >= 0 and pos < ana.tokens[k].end else pos


def is_locative(ana: Analysis, p: Placed, sentence: int) -> bool:
    """After ب or a word of place (في، قرب، بمحافظة، وفي منطقة X)."""
    start = word_start(ana, p.start)
    if "ب" in ana.text[start : p.start]:
        return True
    prev = ana.words_before(start, sentence, 2)
    place = function_words("place")
    return any(set(bare_forms(norm_key(t.text))) & place for t in prev)


def object_places(ana: Analysis, m: Mention, places: list[Placed]) -> list[Placed]:
    """`سقوط المدينة`، `تحرير بلدة X وقرية Y`، `السيطرة على X`: the places a territory
    trigger takes as its object (right after it, or after على or a generic word of
    place), and those joined to them by و, are the ones that changed hands, whatever
    other places the sentence names after في or إلى."""
    ordered = sorted((p for p in places if p.start >= m.end), key=lambda p: p.start)
    if not ordered:
        return []
    allowed = function_words("place_generic") | {norm_key("على")}
    first = ordered[0]
    between = words_of(ana, ana.token_at(m.end), ana.token_at(word_start(ana, first.start)))
    clitics = ana.text[word_start(ana, first.start) : first.start]
    if clitics or any(not (w & allowed) for w in between):
        return []
    out = [first]
    for p in ordered[1:]:
        gap = ana.text[out[-1].end : p.start].strip(" ،,")
        if gap not in ("و", "") and not (gap.startswith("و") and words_are(gap[1:], allowed)):
            break
        out.append(p)
    return out


# How far after a territory trigger its object (after على, or the word right after it)
# is looked for, and how many of its words tell it apart.
OBJECT_WINDOW = 4
OBJECT_WORDS = 2


def object_words(ana: Analysis, m: Mention) -> set[str]:
    """The distinctive words of what a territory trigger took, whether or not the
    entity stages named it a place: `استولوا على مدينة X الساحلية` -> {X, الساحلية},
    `استعادت قريتين` -> {قريتين}; empty for a pronoun (تحريرها) or a generic word
    (السيطرة على المدينة). Two takeovers whose objects share no word are two events."""
    if m.type not in OBJECT_PLACE_TYPES:
        return set()
    k, last = ana.token_at(m.end), ana.sentences[m.sentence].last_token
    on = norm_key("على")
    if not ana.text[m.start : m.end].endswith(on):
        ahead = words_of(ana, k, min(last, k + OBJECT_WINDOW))
        breaks = [i for i, t in enumerate(ana.tokens[k : k + len(ahead)]) if not t.is_word]
        limit = min(breaks, default=len(ahead))
        k += next((i + 1 for i, w in enumerate(ahead[:limit]) if on in w), 0)
    skip = ("DATE", "UNIT", "BRIGADE", "ARMED_GROUP", "PERSON", "COUNTRY")
    generic = function_words("place_generic") | function_words("extent")
    stop = (
        function_words("locative")
        | function_words("after")
        | function_words("since")
        | function_words("during")
        | function_words("complementiser")
    )
    out: set[str] = set()
    for t in ana.tokens[k : min(last, k + OBJECT_WINDOW)]:
        if not t.is_word or t.text in CLAUSE_BREAKS:
            break
        if any(p.entity.type in skip for p in ana.entities.overlapping(t.start, t.end)):
            if out:
                break
            continue  # the subject or the day between a verb and its object
        readings = set(bare_forms(norm_key(t.text)))
        if readings & stop:
            break
        if readings & function_words("force_head") and not out:
            continue  # an unnamed subject (استعادت القوات بلدة X)
        word = norm_key(t.text)
        bare = word[2:] if word.startswith(DEFINITE_ARTICLE) and len(word) > 4 else word
        if (readings | {bare}) & generic or t.text.isdigit():
            continue
        out.add(bare)
        if len(out) == OBJECT_WORDS:
            break
    return out


def words_are(text: str, allowed: frozenset[str]) -> bool:
    """Every word of `text` is one of `allowed` (in one of its readings)."""
    words = text.split()
    return bool(words) and all(set(bare_forms(norm_key(w))) & allowed for w in words)


def country_is_place(ana: Analysis, p: Placed, sentence: int) -> bool:
    """A country after ب or a locative word (في العراق، بسوريا، شرق البلاد) is where
    something happened, not a party; so is one joined by و to such a country (في
    العراق وسوريا)."""
    start = word_start(ana, p.start)
    clitics = ana.text[start : p.start]
    if clitics.endswith("ب"):
        return True
    prev = ana.words_before(start, sentence, 1)
    if not prev:
        return False
    words = function_words("locative") | function_words("place")
    if set(bare_forms(norm_key(prev[0].text))) & words:
        return True
    if not clitics.startswith("و"):
        return False
    before = [
        q
        for q in ana.entities.overlapping(prev[0].start, prev[0].end)
        if q.entity.type == "COUNTRY"
    ]
    return bool(before) and country_is_place(ana, before[0], sentence)


def is_speaker(ana: Analysis, p: Placed, sentence: int) -> bool:
    """A capital right after a verb of saying or إن/أن is the government speaking
    (أكدت بغداد، إن العاصمة تعتقد، تتهم أنقرة), and a place right before one is the
    government or where it spoke (لكن العاصمة تنفي، وفي العاصمة، أعلن متحدث):
    neither is where the event happened."""
    after = ana.token_at(p.end)
    end = min(after + 2, ana.sentences[sentence].last_token)
    following = [t for t in ana.tokens[after:end] if t.is_word and t.text not in ".!؟"][:1]
    # A verb joined by و/ف (بالمدينة وتعلن) goes on with the subject before the place.
    joined = bool(following) and norm_key(following[0].text).startswith(("و", "ف"))
    if following and not joined and says(ana, following[0]):
        return True
    prev = ana.words_before(word_start(ana, p.start), sentence, 1)
    if not prev:
        return False
    if set(bare_forms(norm_key(prev[0].text))) & function_words("complementiser"):
        return True
    return says(ana, prev[0])


def says(ana: Analysis, t: Token) -> bool:
    """A verb of saying: a report cue (قال، أكدت) or a present one (تقول، تنفي)."""
    if set(bare_forms(norm_key(t.text))) & function_words("saying"):
        return True
    return bool(ana.report_cues.overlapping(t.start, t.end))


def is_distance_reference(ana: Analysis, p: Placed) -> bool:
    """`قرب بلدة X على بعد 20 كلم جنوب المدينة Y`: Y only measures where X lies, and
    may be in another province."""
    k = ana.token_at(p.start)
    words = words_of(ana, max(0, k - 4), k)[::-1]
    units, compass = function_words("distance"), function_words("compass")
    for i, w in enumerate(words):
        if w & units:
            return True
        if not (w & compass or "من" in w):
            return False
        if i >= 2:
            return False
    return False


def owned_by_sibling(start: int, m: Mention, siblings: list[Mention]) -> bool:
    """A place after another trigger and on the far side of it or before this one
    is that event's place (اعتقلت الشرطة شخصين متورطين بهجوم في مدينة X؛ خطف
    مسلحون رجلا في X، ردا على اعتقال السلطات شقيقه: X is where the attack or the
    abduction was)."""
    return any(
        o.end <= start and (m.end <= o.start or start < m.start) for o in siblings if o is not m
    )


def later_report_start(ana: Analysis, m: Mention) -> int | None:
    """Where a later clause that adds another statement begins (..., وأضاف أن ...،
    وتابع أن ...): it tells of another fact, and its places are not this event's.
    (A clause that explains, قال إنه وقع في X, may still place it.)"""
    s = ana.sentences[m.sentence]
    comps, adding = function_words("complementiser"), function_words("adding")
    first = ana.token_at(m.end)
    for k in range(first, s.last_token):
        if set(bare_forms(norm_key(ana.tokens[k].text))) & adding and any(
            w & comps for w in words_of(ana, k + 1, min(k + 4, s.last_token))
        ):
            return ana.tokens[k].start
    return None


def authority_country(ana: Analysis, m: Mention) -> EventLocation | None:
    """`أوقفت الشرطة الإيطالية ...`: the police or authorities of a country arrest
    and seize in that country; their adjective tells where."""
    s = ana.sentences[m.sentence]
    k = ana.token_at(m.start)
    first = max(s.first_token, k - AUTHORITY_WINDOW)
    last = min(s.last_token, ana.token_at(m.end) + AUTHORITY_WINDOW)
    authority = function_words("authority")
    adjectives = nationality_adjectives()
    tokens = ana.tokens[first:last]
    for i, t in enumerate(tokens):
        if not set(bare_forms(norm_key(t.text))) & authority:
            continue
        for nxt in tokens[i + 1 : i + 3]:
            readings = bare_forms(norm_key(nxt.text))
            code = next((adjectives[b] for b in readings if b in adjectives), None)
            if code:
                return country_phrase(ana, t.start, nxt.end, code)
    return None


def country_phrase(ana: Analysis, start: int, end: int, code: str) -> EventLocation:
    """A country named by a phrase with its adjective (الأراضي السورية، الشرطة الإيطالية),
    which the entity stages rightly leave as no COUNTRY: normalised offsets in."""
    first, last = ana.doc.norm.to_original(*norm_offsets(start, end))
    return EventLocation(
        text=ana.doc.text[first:last],
        type="COUNTRY",
        start=first,
        end=last,
        country=code,
        source="sentence",
    )


def article_place(ana: Analysis, mentions: list[Mention]) -> EventLocation | None:
    """Where the article's events happen, for a mention without a place of its own:
    the country and admin1 its other mentions were placed in most (not the country it
    names most: a country that strikes abroad, غارة أمريكية، is named often), else
    the article's main country and admin1."""
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    for m in mentions:
        found = [loc for loc in m.locations if loc.source != "article"]
        countries.update({loc.country for loc in found if loc.country})
        admin1s.update({loc.admin1 for loc in found if loc.admin1})
    doc = ana.doc
    if not countries:
        # No mention is placed: the country of the places the article names (not
        # of its capitals that speak, nor of its dateline).
        for p in ana.entities:
            sentence = ana.sentence_of(p.start)
            if (
                p.entity.type in PLACE_TYPES
                and sentence is not None
                and not is_speaker(ana, p, sentence)
                and not is_dateline(ana, p, sentence)
            ):
                place_admin1, place_country = codes_of(ana, p)
                if place_country:
                    countries[place_country] += 1
                if place_admin1:
                    admin1s[place_admin1] += 1
    if not countries:
        if not (doc.admin1 or doc.country):
            return None
        country = doc.country or (doc.admin1.split("-")[0] if doc.admin1 else None)
        return EventLocation(admin1=doc.admin1, country=country, source="article")
    country = max(countries, key=lambda c: (countries[c], c == doc.country, c))
    inside = {a: n for a, n in admin1s.items() if a.split("-")[0] == country}
    if doc.admin1 and doc.admin1.split("-")[0] == country:
        admin1: str | None = doc.admin1
    else:
        admin1 = max(inside, key=lambda a: (inside[a], a)) if inside else None
    return EventLocation(admin1=admin1, country=country, source="article")
