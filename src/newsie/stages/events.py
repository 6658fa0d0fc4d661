"""Stage: typed, located, dated event records with actors and casualties.

Runs last, on the entities the other stages found. A trigger lexicon (data, in
resources/events/) marks candidate mentions; exclusion cues drop negated,
hypothetical and background mentions and triggers that are part of a name;
arguments are attached from the sentence, then the paragraph, then the article;
mentions of the same real event are merged into one record that keeps every
mention's evidence. All matching is on the normalised text; every span written
out is mapped back to the original text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from newsie.resources import read_tsv
from newsie.schema import (
    Document,
    Entity,
    Event,
    EventActor,
    EventDate,
    EventLocation,
    EventMention,
    Span,
)
from newsie.stages.places import nationality_adjectives
from newsie.text.lexicon import Lexicon, LexiconMatch
from newsie.text.normalize import normalize_key
from newsie.text.numbers import parse_number
from newsie.text.segment import DEFINITE_ARTICLE, Sentence, Token, paragraphs, strip_clitics

ACTOR_TYPES = ("UNIT", "BRIGADE", "ARMED_GROUP", "PERSON", "COUNTRY")
FORCE_TYPES = ("UNIT", "BRIGADE", "ARMED_GROUP")
PARTY_TYPES = ("UNIT", "BRIGADE", "ARMED_GROUP", "PERSON")
PLACE_TYPES = ("PROVINCE", "LOCATION")
PRONOUN_SUFFIXES = ("ه", "ها", "هم", "هما")

_DATELINE_HEAD = re.compile(r"^\W*$")
_DATELINE_TAIL = re.compile(r"^\s*(?:[،,]\s*[^\s،,(]+(?:\s[^\s،,(]+){0,3}\s*)?[(\-–—:]")
_CLAUSE_BREAKS = frozenset('،,؛;:()«»"')

# How far (in words) an air-asset cue may stand from a shelling trigger it reinterprets.
_CONTEXT_WINDOW = 8
# How far a number may stand before a cue that follows it (25 من الجنود قتلوا).
_AFTER_CUE_WINDOW = 6
# How far back a listing verb (تضمنت) reaches over its list of items.
_LISTING_WINDOW = 30
# How far before "after" (بعد) a verb of coming (جاءت) may stand.
_CAME_AFTER_WINDOW = 4
# How far after a trigger a verb of extent (يشمل) may list the places it covers,
# and how many of them are kept.
_SCOPE_WINDOW = 12
_MAX_SCOPE_PLACES = 8
# How many more words a subject may add between a verb of saying and its date.
_LONG_SUBJECT = 2
# Explicit day dates this close may be one event reported on different days.
_NEXT_DAYS = 2
# An article without forces with this many sport or background sentences has no events.
_OFF_TOPIC_SENTENCES = 2
_TOLL_WINDOW = 30
# How many paragraphs back a figure without a trigger may find its event.
_FIGURE_PARAGRAPHS = 2


# Lexicon keys of words met again and again (tokens, function words).
_key = lru_cache(maxsize=1 << 16)(normalize_key)


# --- data -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TriggerRule:
    type: str
    strength: str  # strong | weak | party | named | context
    other_types: frozenset[str]


@dataclass(frozen=True, slots=True)
class ExclusionCue:
    kind: str
    window: int
    types: frozenset[str]  # empty: every event type


@dataclass(frozen=True, slots=True)
class EventTypeInfo:
    acled_event_type: str | None
    acled_sub_event_type: str | None
    plover_type: str | None
    casualties: bool
    by_actors: bool
    nonstate_acled_sub_event_type: str | None
    refers_to: frozenset[str]


@dataclass(frozen=True, slots=True)
class CasualtyCue:
    kind: str  # killed | wounded | both
    position: str  # before | after | toll


def _inflections(form: str) -> set[str]:
    """A trigger form with the definite article on each word and, for a single
    word, pronoun suffixes (تحريرها، سيطرته): the inflections a lexicon must list."""
    key = _key(form)
    words = key.split()
    forms = {key}
    with_article = " ".join(
        w if w.startswith(DEFINITE_ARTICLE) or len(w) < 3 else DEFINITE_ARTICLE + w for w in words
    )
    forms.add(with_article)
    if len(words) == 1 and len(key) >= 3:
        stem = key[:-1] + "ت" if key.endswith("ه") else key
        bare = stem[2:] if stem.startswith(DEFINITE_ARTICLE) else stem
        for suffix in PRONOUN_SUFFIXES:
            forms.add(bare + suffix)
    return forms


@lru_cache(maxsize=1)
def trigger_lexicon() -> Lexicon[TriggerRule]:
    entries: list[tuple[str, TriggerRule]] = []
    explicit = {_key(row["form"]) for row in read_tsv("events/triggers.tsv")}
    for row in read_tsv("events/triggers.tsv"):
        rule = TriggerRule(row["type"], row["strength"], frozenset(row["other_types"].split()))
        for form in _inflections(row["form"]):
            # A generated inflection never shadows a form listed in its own right.
            if form != _key(row["form"]) and form in explicit:
                continue
            entries.append((form, rule))
    return Lexicon(entries)


@lru_cache(maxsize=1)
def exclusion_lexicon() -> Lexicon[ExclusionCue]:
    return Lexicon(
        (row["cue"], ExclusionCue(row["kind"], int(row["window"]), frozenset(row["types"].split())))
        for row in read_tsv("events/exclusions.tsv")
    )


@lru_cache(maxsize=1)
def event_types() -> dict[str, EventTypeInfo]:
    return {
        row["type"]: EventTypeInfo(
            row["acled_event_type"] or None,
            row["acled_sub_event_type"] or None,
            row["plover_type"] or None,
            row["casualties"] == "1",
            row["by_actors"] == "1",
            row["nonstate_acled_sub_event_type"] or None,
            frozenset(row["refers_to"].split()),
        )
        for row in read_tsv("events/event_types.tsv")
    }


@lru_cache(maxsize=1)
def casualty_lexicon() -> Lexicon[CasualtyCue]:
    return Lexicon(
        (row["form"], CasualtyCue(row["kind"], row["position"]))
        for row in read_tsv("events/casualties.tsv")
        if row["kind"] in ("killed", "wounded", "both")
    )


@lru_cache(maxsize=16)
def function_words(role: str) -> frozenset[str]:
    """Normalised function words of one role (resources/events/function_words.tsv)."""
    return frozenset(
        _key(row["word"]) for row in read_tsv("events/function_words.tsv") if row["role"] == role
    )


@lru_cache(maxsize=1)
def _count_words() -> tuple[frozenset[str], dict[str, int], dict[str, int]]:
    """Words after a number that make it not a head count, scale words, and dual
    nouns that are counts by themselves."""
    rows = read_tsv("events/casualties.tsv")
    units = frozenset(_key(r["form"]) for r in rows if r["kind"] == "unit")
    scales = {_key(r["form"]): int(r["position"]) for r in rows if r["kind"] == "scale"}
    duals = {_key(r["form"]): int(r["position"]) for r in rows if r["kind"] == "count"}
    return units, scales, duals


@lru_cache(maxsize=1)
def _fused_cue() -> re.Pattern[str]:
    """A cue written against its digits (مقتل52): one token to the tokenizer."""
    forms = sorted(
        (
            _key(r["form"])
            for r in read_tsv("events/casualties.tsv")
            if r["position"] == "before" and " " not in r["form"]
        ),
        key=len,
        reverse=True,
    )
    return re.compile(r"^[وف]?(?:" + "|".join(map(re.escape, forms)) + r")(\d+)$")


# --- per-document analysis ------------------------------------------------------------


@dataclass
class _Placed:
    """An entity with its span in the normalised text."""

    entity: Entity
    start: int
    end: int


@dataclass
class _Mention:
    type: str
    strength: str
    other_types: frozenset[str]
    start: int
    end: int
    sentence: int
    paragraph: int
    actors: list[EventActor] = field(default_factory=list)
    locations: list[EventLocation] = field(default_factory=list)
    date: EventDate | None = None
    killed: int | None = None
    wounded: int | None = None
    # Casualty figures were found in its own sentence (not only in later ones).
    toll_here: bool = False
    # Casualty figures of its own sentence, beside an unambiguous cue, were given to it.
    own_toll: bool = False
    # The date was lowered to its month: the day is unknown (مؤخرا، reported later).
    vague_date: bool = False
    # A definite or demonstrative mention (الهجوم، هذا الهجوم) that may refer back.
    definite: bool = False
    # After a demonstrative (هذا الهجوم، تلك الاشتباكات): it must refer back.
    demonstrative: bool = False


class _Analysis:
    """The document's text layers and entities, indexed for argument lookup."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.norm.text
        self.sentences: list[Sentence] = doc.sentences
        self.tokens: list[Token] = doc.tokens
        self.sentence_starts = [s.start for s in self.sentences]
        self.token_starts = [t.start for t in self.tokens]
        paras = paragraphs(self.text)
        para_starts = [p[0] for p in paras]
        self.sentence_paragraph = [
            max(0, bisect.bisect_right(para_starts, s.start) - 1) for s in self.sentences
        ]
        self.entities: list[_Placed] = []
        for entity in doc.entities:
            ns, ne = doc.norm.from_original(entity.start, entity.end)
            if ne > ns:
                self.entities.append(_Placed(entity, ns, ne))
        self.entities.sort(key=lambda p: (p.start, p.end))
        # One pass of the exclusion lexicon serves every rule that reads its cues.
        self.exclusion_cues = exclusion_lexicon().find(self.text)
        self.report_cues = [c for c in self.exclusion_cues if c.values[0].kind == "report"]
        self.recent_cues = [c for c in self.exclusion_cues if c.values[0].kind == "recent"]
        self.lead_sentences = self._lead()
        # Per-sentence memos of _clause_starts and _territories.
        self.clause_starts: dict[int, list[int]] = {}
        self.territories: dict[int, list[tuple[int, EventLocation]]] = {}
        self.recent_lead = any(self.recent_sentence(i) for i in self.lead_sentences)
        self.article_countries: set[str] = {
            p.entity.code for p in self.entities if p.entity.type == "COUNTRY" and p.entity.code
        }
        if self.article_countries and doc.country:
            self.article_countries.add(doc.country)

    def _lead(self) -> set[int]:
        """The article's first sentence, and the next paragraph's first one when the
        first paragraph is a headline (one sentence without final punctuation)."""
        if not self.sentences:
            return set()
        lead = {0}
        in_first = [i for i, p in enumerate(self.sentence_paragraph) if p == 0]
        headline = self.text[self.sentences[0].start : self.sentences[0].end].rstrip()
        if len(in_first) == 1 and not headline.endswith((".", "!", "؟")):
            nxt = next((i for i, p in enumerate(self.sentence_paragraph) if p == 1), None)
            if nxt is not None:
                lead.add(nxt)
        return lead

    def recent_sentence(self, i: int) -> bool:
        s = self.sentences[i]
        return any(s.start <= c.start < s.end for c in self.recent_cues)

    def is_lead(self, m: _Mention) -> bool:
        return m.sentence in self.lead_sentences

    def sentence_of(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return i
        return None

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after `pos`."""
        return bisect.bisect_left(self.token_starts, pos)

    def in_sentence(self, i: int, *types: str) -> list[_Placed]:
        s = self.sentences[i]
        return [p for p in self.entities if p.entity.type in types and s.start <= p.start < s.end]

    def words_before(self, pos: int, sentence: int, n: int) -> list[Token]:
        """Up to n tokens before `pos` in the sentence, stopping at a clause break."""
        first = self.sentences[sentence].first_token
        out: list[Token] = []
        j = self.token_at(pos) - 1
        while j >= first and len(out) < n:
            tok = self.tokens[j]
            if tok.text in _CLAUSE_BREAKS:
                break
            out.append(tok)
            j -= 1
        return out


@lru_cache(maxsize=1 << 16)
def _bare(word: str) -> tuple[str, ...]:
    """A token and its readings without proclitics (و ف ب ل ك, fused لل); the future
    prefix س is a verb's, not a clitic a trigger or function word hides behind."""
    return tuple(dict.fromkeys(stem for prefix, stem in strip_clitics(word) if "س" not in prefix))


# --- exclusions -----------------------------------------------------------------------


def _has_preposition_l(text: str, hit: LexiconMatch[TriggerRule]) -> bool:
    """The trigger carries ل (لتمشيط، للسيطرة): usually a purpose, not an event."""
    prefix = text[hit.word_start : hit.start]
    if "ل" in prefix:
        return True
    return text.startswith("لل", hit.start) and hit.key.startswith(DEFINITE_ARTICLE)


def _excluded(
    ana: _Analysis,
    hit: LexiconMatch[TriggerRule],
    sentence: int,
    cues: list[LexiconMatch[ExclusionCue]],
) -> bool:
    s = ana.sentences[sentence]
    before = ana.words_before(hit.word_start, sentence, _LISTING_WINDOW)  # nearest first
    undergo = False
    for cue in cues:
        if cue.start >= s.end or cue.end <= s.start:
            continue
        for rule in cue.values:
            if rule.kind in ("report", "campaign", "recent") or (
                rule.types and hit.values[0].type not in rule.types
            ):
                continue
            if rule.window == -1:
                if cue.start <= hit.start and hit.end <= cue.end:
                    return True
            elif rule.window == 0:
                if rule.kind == "generic" or cue.end <= hit.word_start:
                    return True
            elif cue.end <= hit.word_start:
                # Words between the cue's last word and the trigger, within the clause.
                distance = next(
                    (k + 1 for k, t in enumerate(before) if t.start < cue.end <= t.end), None
                )
                if distance is None or distance > rule.window:
                    continue
                if rule.kind == "undergo":
                    undergo = undergo or distance == 1
                elif rule.kind in ("head", "target"):
                    # Right before the trigger, or before a number that precedes it
                    # (تفكيك 21 عبوة ناسفة).
                    if distance == 1 or (distance == 2 and before[0].text.isdigit()):
                        return True
                elif rule.kind == "listing":
                    if distance >= 2:
                        return True
                else:
                    return True
    if _came_after(before):
        return True
    return _has_preposition_l(ana.text, hit) and not (undergo or _after_undergo(ana, hit, cues))


def _came_after(before: list[Token]) -> bool:
    """`وجاءت تنحية عطا بعد مواجهات`، `جاء الهجوم عقب سيطرة`: what an event came
    after is its background, told to explain it, not news of its own."""
    if not before or not set(_bare(_key(before[0].text))) & function_words("after"):
        return False
    came = function_words("came")
    return any(set(_bare(_key(t.text))) & came for t in before[1 : 1 + _CAME_AFTER_WINDOW])


def _after_undergo(
    ana: _Analysis, hit: LexiconMatch[TriggerRule], cues: list[LexiconMatch[ExclusionCue]]
) -> bool:
    """`تصدت المقاومة والجيش امس، لهجمات`: a verb of undergoing or repelling a few
    words back, across a comma, governs the ل of the trigger."""
    k = ana.token_at(hit.word_start)
    window = [t for t in ana.tokens[max(0, k - 6) : k] if t.is_word][-4:]
    if not window:
        return False
    lo = window[0].start
    return any(
        lo <= c.start < hit.word_start and any(r.kind == "undergo" for r in c.values) for c in cues
    )


def _inside_entity(ana: _Analysis, start: int, end: int) -> bool:
    """A trigger inside a name (حركة تحرير السودان، قيادة العمليات المشتركة)."""
    return any(p.start <= start and end <= p.end and p.entity.type != "DATE" for p in ana.entities)


# --- arguments ------------------------------------------------------------------------


def _actors(ana: _Analysis, m: _Mention) -> list[EventActor]:
    placed = [
        p
        for p in ana.in_sentence(m.sentence, *ACTOR_TYPES)
        if p.entity.type != "COUNTRY" or _country_is_actor(ana, p, m.sentence)
    ]
    if not placed:
        return []
    s = ana.sentences[m.sentence]
    tokens = ana.tokens[s.first_token : s.last_token]
    words = [t.text for t in tokens]
    starts = [t.start for t in tokens]
    roles: dict[int, str] = {}

    # بين X و Y: the two parties of a clash.
    for k, w in enumerate(words):
        if function_words("between") & set(_bare(w)):
            after = [p for p in placed if p.start > starts[k]]
            if after:
                roles.setdefault(id(after[0]), "actor1")
                for p in after[1:2]:
                    roles.setdefault(id(p), "actor2")
    for p in placed:
        if id(p) in roles:
            continue
        k = bisect.bisect_left(starts, p.start)
        prev = [b for j in range(max(0, k - 2), k) for b in _bare(words[j])]
        if any(w in function_words("target") for w in prev):
            roles[id(p)] = "actor2"
        elif any(w in function_words("agent") for w in prev):
            roles[id(p)] = "actor1"
    if "actor1" not in roles.values():
        # The nearest party before the trigger is its subject (SVO); else the first
        # one right after it (VSO, or the genitive of a verbal noun: هجوم داعش).
        before = [p for p in placed if p.end <= m.start and id(p) not in roles]
        after = [p for p in placed if p.start >= m.end and id(p) not in roles]
        if before:
            roles[id(before[-1])] = "actor1"
        elif after:
            roles[id(after[0])] = "actor1"
    actors: list[EventActor] = []
    seen: set[str] = set()
    for p in placed:
        key = p.entity.canonical or _key(p.entity.text)
        if key in seen:
            continue
        seen.add(key)
        actors.append(_actor(p.entity, roles.get(id(p), "actor2")))
    return actors[:8]


def _actor(e: Entity, role: str) -> EventActor:
    country = e.code if e.type == "COUNTRY" else e.country
    return EventActor(
        text=e.text,
        type=e.type,
        role=role,
        canonical=e.canonical,
        canonical_name=e.canonical_name,
        country=country,
        start=e.start,
        end=e.end,
    )


def _country_is_actor(ana: _Analysis, p: _Placed, sentence: int) -> bool:
    """A country is a party unless it is a place (في العراق، بسوريا، إلى اليمن)."""
    prev = ana.words_before(p.start, sentence, 1)
    if prev and _key(prev[0].text) in (function_words("locative") | function_words("place")):
        return False  # في العراق، شرق سوريا
    word_start = (
        ana.tokens[ana.token_at(p.start)].start
        if ana.token_at(p.start) < len(ana.tokens)
        else p.start
    )
    return not ana.text[word_start : p.start].endswith("ب")


def _location(p: _Placed, source: str) -> EventLocation:
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


def _is_dateline(ana: _Analysis, p: _Placed, sentence: int) -> bool:
    """`دبي، الإمارات (CNN)--`: the place an article was filed from, at the start."""
    s = ana.sentences[sentence]
    if ana.text[s.start : p.start].strip(" ،,-()") and not _DATELINE_HEAD.match(
        ana.text[s.start : p.start]
    ):
        return False
    rest = ana.text[p.end : p.end + 40]
    return bool(_DATELINE_TAIL.match(rest))


def _is_locative(ana: _Analysis, p: _Placed, sentence: int) -> bool:
    k = ana.token_at(p.start)
    word_start = ana.tokens[k].start if k < len(ana.tokens) else p.start
    prefix = ana.text[word_start : p.start]
    if "ب" in prefix:
        return True
    prev = ana.words_before(word_start, sentence, 2)
    place = function_words("place")
    return any(set(_bare(_key(t.text))) & place for t in prev)  # وفي منطقة صرواح


def _usable_place(ana: _Analysis, p: _Placed) -> bool:
    e = p.entity
    return (
        bool(e.code or e.admin1 or e.country)
        and _not_a_date(ana, p)
        and _in_article_countries(ana, p)
    )


def _in_article_countries(ana: _Analysis, p: _Placed) -> bool:
    """A place abroad counts only when the article names its country too: a
    gazetteer homonym (بيان، البلاد) in another country is not where it happened."""
    e = p.entity
    country = e.country or ((e.code or e.admin1 or "").split("-")[0] or None)
    known = ana.article_countries
    return not known or country is None or country in known


def _not_a_date(ana: _Analysis, p: _Placed) -> bool:
    """A place name inside a date (تشرين، شباط) is a month, not a place."""
    return not any(
        q.entity.type == "DATE" and q.start < p.end and p.start < q.end for q in ana.entities
    )


def _scope_places(
    ana: _Analysis, m: _Mention, places: list[_Placed], siblings: list[_Mention]
) -> list[_Placed]:
    """The places a verb of extent lists soon after the trigger (وقف إطلاق النار الذي
    ... يشمل ولايات دارفور والنيل الأزرق وجنوب كردفان): the event covers them all."""
    s = ana.sentences[m.sentence]
    first = ana.token_at(m.end)
    scope = function_words("scope")
    for t in ana.tokens[first : min(s.last_token, first + _SCOPE_WINDOW)]:
        if any(m.end <= o.start < t.start for o in siblings):
            return []  # the verb belongs to a later trigger
        if any(b in scope for b in _bare(_key(t.text))):
            return [p for p in places if p.start >= t.end]
    return []


def _locative_country(ana: _Analysis, sentence: int) -> list[_Placed]:
    return [
        p
        for p in ana.in_sentence(sentence, "COUNTRY")
        if p.entity.code and not _country_is_actor(ana, p, sentence)
    ]


def _territories(ana: _Analysis, sentence: int) -> list[tuple[int, EventLocation]]:
    """`داخل الأراضي السورية`: a country named by its adjective after a word for
    its territory, which the entity stages rightly leave as no COUNTRY."""
    if sentence not in ana.territories:
        ana.territories[sentence] = _find_territories(ana, sentence)
    return ana.territories[sentence]


def _find_territories(ana: _Analysis, sentence: int) -> list[tuple[int, EventLocation]]:
    s = ana.sentences[sentence]
    tokens = ana.tokens[s.first_token : s.last_token]
    lands = function_words("territory")
    out: list[tuple[int, EventLocation]] = []
    for k in range(len(tokens) - 1):
        if not set(_bare(_key(tokens[k].text))) & lands:
            continue
        code = nationality_adjectives().get(_key(tokens[k + 1].text))
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


def _is_speaker(ana: _Analysis, p: _Placed, sentence: int) -> bool:
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
    word = _key(prev[0].text)
    if set(_bare(word)) & function_words("complementiser"):
        return True
    return any(c.start < prev[0].end and prev[0].start < c.end for c in ana.report_cues)


def _locations(ana: _Analysis, m: _Mention, siblings: list[_Mention]) -> list[EventLocation]:
    places = [
        p
        for p in ana.in_sentence(m.sentence, *PLACE_TYPES)
        if _usable_place(ana, p) and not _is_dateline(ana, p, m.sentence)
    ]
    covered = _scope_places(ana, m, places, siblings)
    if covered:
        return _distinct([_location(p, "sentence") for p in covered])[:_MAX_SCOPE_PLACES]
    if places:
        # A place after a locative word (في عدن، بمحافظة مأرب، قرب ميدي) is where the
        # event happened; others may be speakers or patrons (أكدت واشنطن، بقيادة واشنطن).
        places = [p for p in places if not _is_speaker(ana, p, m.sentence)]
        locative = [p for p in places if _is_locative(ana, p, m.sentence)]
        if not locative and _locative_country(ana, m.sentence):
            places = []  # في منطقة حدودية شرق سوريا beats a place named after the trigger
        else:
            places = locative or [p for p in places if p.start >= m.end]
    if places:
        # The trigger's own clause first (كما استهدف الطيران قرية في ريف الباب), then
        # the nearest.
        clause_starts = _clause_starts(ana, m.sentence)
        clause = bisect.bisect_right(clause_starts, m.start)
        places.sort(
            key=lambda p: (
                bisect.bisect_right(clause_starts, p.start) != clause,
                min(abs(p.start - m.end), abs(m.start - p.end)),
            )
        )
        return _distinct([_location(p, "sentence") for p in places])[:4]
    countries = [
        (p.start, _location(p, "sentence")) for p in _locative_country(ana, m.sentence)
    ] + _territories(ana, m.sentence)
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
            if _usable_place(ana, p) and not _is_speaker(ana, p, i)
        ]
        if places:
            return _distinct([_location(p, "paragraph") for p in places])[:2]
    doc = ana.doc
    if doc.admin1 or doc.country:
        country = doc.country or (doc.admin1.split("-")[0] if doc.admin1 else None)
        return [EventLocation(admin1=doc.admin1, country=country, source="article")]
    return []


def _distinct(locations: list[EventLocation]) -> list[EventLocation]:
    out: list[EventLocation] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    for loc in locations:
        key = (loc.admin1, loc.country, _key(loc.text or ""))
        if key not in seen:
            seen.add(key)
            out.append(loc)
    return out


def _event_date(p: _Placed, source: str) -> EventDate:
    e = p.entity
    return EventDate(
        value=e.value,
        text=e.text,
        start=e.start,
        end=e.end,
        precision=e.precision or _precision(e.value),
        source=source,
    )


def _precision(value: str | None) -> str | None:
    if not value:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(value))


def _statement_date(ana: _Analysis, p: _Placed, sentence: int) -> bool:
    """A date right after a verb of saying (قالت مصادر عسكرية، السبت، إن) dates
    the report, not the event; commas around the date do not matter here."""
    first = ana.sentences[sentence].first_token
    k = ana.token_at(p.start)
    words = [t for t in ana.tokens[max(first, k - 8) : k] if t.is_word][::-1]  # nearest first
    complementisers = function_words("complementiser")
    for cue in ana.report_cues:
        for rule in cue.values:
            for distance, t in enumerate(words, start=1):
                if not t.start < cue.end <= t.end:
                    continue
                if distance <= rule.window:
                    return True
                # A longer subject (اتهم الحشد الشعبي العراقي الاثنين) before the date,
                # as long as the reported clause (إن ...) has not begun.
                between = {_key(w.text) for w in words[: distance - 1]}
                if distance <= rule.window + _LONG_SUBJECT and not between & complementisers:
                    return True
    # A date fronted before the verb (والخميس، قال مسؤولون إن ...).
    end = ana.token_at(p.end)
    following = [t for t in ana.tokens[end : end + 3] if t.is_word][:1]
    return bool(following) and any(
        cue.start >= following[0].start and cue.end <= following[0].end for cue in ana.report_cues
    )


def _date(ana: _Analysis, m: _Mention, siblings: list[_Mention]) -> tuple[EventDate | None, bool]:
    """The date of the sentence nearest the trigger (not the date of a statement,
    nor one beyond a trigger of another type: الهجوم بعد أسبوع من عملية أمنية في
    2 آذار dates the operation), else the last date earlier in the paragraph, else
    the publication date. An event said to be recent (مؤخرا), or dated only by a
    later statement about it, happened on an unknown day: its month is given, and
    the second value says the day was dropped."""
    date, statement_only = _nearest_date(ana, m, siblings)
    if date is None:
        return None, False
    recent = ana.recent_sentence(m.sentence)
    if date.source == "published" and (recent or ana.recent_lead):
        return _month_of(date), True
    if date.source == "sentence" and (recent or (statement_only and not ana.is_lead(m))):
        return _month_of(date), True
    return date, False


def _month_of(date: EventDate) -> EventDate:
    if not date.value or len(date.value) < 7:
        return date
    return date.model_copy(update={"value": date.value[:7], "precision": "month"})


def _nearest_date(
    ana: _Analysis, m: _Mention, siblings: list[_Mention]
) -> tuple[EventDate | None, bool]:
    """The event's date and whether the sentence's only dates are those of statements."""
    dates = [p for p in ana.in_sentence(m.sentence, "DATE") if p.entity.value]
    events_dates = [p for p in dates if not _statement_date(ana, p, m.sentence)]
    statement_only = bool(dates) and not events_dates
    dates = [
        p
        for p in events_dates or dates
        if not any(
            o.type != m.type and min(m.end, p.end) <= o.start and o.end <= max(m.start, p.start)
            for o in siblings
        )
    ]
    if dates:
        nearest = min(dates, key=lambda p: min(abs(p.start - m.end), abs(m.start - p.end)))
        # A span of two days (ليل الأحد الاثنين) is dated by its first day.
        k = dates.index(nearest)
        if k > 0 and not ana.text[dates[k - 1].end : nearest.start].strip(" -–/"):
            nearest = dates[k - 1]
        # A finer date that agrees with it wins (صباح اليوم الاثنين 07 مارس 2016).
        finer = [
            p
            for p in dates
            if p.entity.value
            and nearest.entity.value
            and len(p.entity.value) > len(nearest.entity.value)
            and p.entity.value.startswith(nearest.entity.value)
        ]
        return _event_date(finer[0] if finer else nearest, "sentence"), statement_only
    for i in range(m.sentence - 1, -1, -1):
        if ana.sentence_paragraph[i] != m.paragraph:
            break
        dates = [p for p in ana.in_sentence(i, "DATE") if p.entity.value]
        if dates:
            return _event_date(dates[-1], "paragraph"), False
    published = ana.doc.published
    if isinstance(published, dt.date):
        day = EventDate(value=published.isoformat(), precision="day", source="published")
        return day, False
    return None, False


# --- casualties -----------------------------------------------------------------------


def _count_at(words: list[str], i: int) -> tuple[int, int] | None:
    """(head count, tokens used) starting at words[i]: a number not followed by a
    unit, scaled (53 ألفا), with a coordinated second count (مئة عنصر و22 جنديا)."""
    units, scales, duals = _count_words()
    if words[i] in duals:
        return duals[words[i]], 1
    found = parse_number(words, i)
    if found is None or found.ordinal or found.value <= 0:
        return None
    value = found.value
    nxt = i + found.length
    if nxt < len(words):
        follower = words[nxt]
        pair = f"{follower} {words[nxt + 1]}" if nxt + 1 < len(words) else follower
        if follower in units or pair in units:
            return None
        if follower in scales:
            value *= scales[follower]
            nxt += 1
    # One or two words of the counted noun, then و and another count.
    for j in range(nxt, min(len(words), nxt + 3)):
        if words[j] in _CLAUSE_BREAKS:
            break
        if words[j].startswith("و") and len(words[j]) > 1:
            rest = [words[j][1:], *words[j + 1 : j + 3]]
            second = parse_number(rest, 0)
            if second is not None and not second.ordinal and second.value > 0:
                after = j + second.length
                if not (after < len(words) and words[after] in units):
                    value += second.value
            break
    return value, nxt - i


def _sentence_casualties(
    ana: _Analysis, sentence: int, cues: list[LexiconMatch[CasualtyCue]]
) -> list[tuple[str, int, int]]:
    """(kind, count, position) of the casualty figures of one sentence."""
    s = ana.sentences[sentence]
    tokens = ana.tokens[s.first_token : s.last_token]
    words = [t.text for t in tokens]
    starts = [t.start for t in tokens]
    out: list[tuple[str, int, int]] = []
    for cue in cues:
        if not (s.start <= cue.start < s.end):
            continue
        rule = cue.values[0]
        if rule.kind == "both":
            continue
        first = bisect.bisect_left(starts, cue.end)  # first token after the cue
        cue_token = bisect.bisect_right(starts, cue.word_start) - 1
        count: int | None = None
        if rule.position == "before":
            j = first
            while j < len(words) and j < first + 4:
                count = _value(_count_at(words, j))
                if (
                    count is None
                    and j == first
                    and j + 1 < len(words)
                    and not words[j + 1].isdigit()
                ):
                    # The noun before its number word: مقتل مدنيين اثنين.
                    count = _value(_count_at(words, j + 1))
                if count is not None or words[j] not in function_words("filler"):
                    break
                j += 1
        elif rule.position == "toll":
            for j in range(first, min(len(words), first + _TOLL_WINDOW)):
                if words[j] in function_words("toll_to"):
                    k = j + 1
                    while k < len(words) and words[k] in function_words("filler"):
                        k += 1
                    count = _value(_count_at(words, k)) if k < len(words) else None
                    break
        else:
            for j in range(cue_token - 1, max(-1, cue_token - 1 - _AFTER_CUE_WINDOW), -1):
                if words[j] in _CLAUSE_BREAKS or words[j] in (".", "؟", "!"):
                    break
                count = _value(_count_at(words, j))
                if count is not None:
                    # The scale word of a bigger number (53 ألفا): read it whole.
                    whole = _count_at(words, j - 1) if j > 0 else None
                    if whole is not None and whole[1] >= 2 and whole[0] > count:
                        count = whole[0]
                    break
        if count is not None:
            out.append((rule.kind, count, cue.start))
    fused = _fused_cue()
    for k, w in enumerate(words):
        m = fused.match(w)
        if m:
            found = _count_at([m.group(1), *words[k + 1 :]], 0)
            kind = casualty_lexicon().get(w[: m.start(1)].lstrip("وف") or w)
            if found is not None and kind:
                out.append((kind[0].kind, found[0], starts[k]))
    return out


def _value(found: tuple[int, int] | None) -> int | None:
    return found[0] if found is not None else None


def _attach_casualties(
    ana: _Analysis, mentions: list[_Mention], cues: list[LexiconMatch[CasualtyCue]]
) -> None:
    """Give each sentence's figures to its nearest violent mention (the first one
    when the figures follow them all). Figures in a sentence without one continue
    the last violent mention before them: added to it in the same paragraph (3 more
    of the other side), else taken as a new total."""
    types = event_types()
    violent = [m for m in mentions if types[m.type].casualties]
    campaign = {
        i
        for c in ana.exclusion_cues
        if c.values[0].kind == "campaign" and (i := ana.sentence_of(c.start)) is not None
    }
    for i in range(len(ana.sentences)):
        figures = _sentence_casualties(ana, i, cues) if i not in campaign else []
        if not figures:
            continue
        weak_only = any(m.sentence == i and m.strength == "weak" for m in violent) and not any(
            m.sentence == i and m.strength == "strong" for m in violent
        )
        if weak_only and not _operation_toll(ana, i, violent):
            continue  # the toll of a whole war or campaign (أدى النزاع إلى مقتل الآلاف)
        local = [m for m in violent if m.sentence == i]
        paragraph = ana.sentence_paragraph[i]
        mode = "max"
        if not local:
            earlier = [
                m
                for m in violent
                if m.sentence < i and paragraph - m.paragraph <= _FIGURE_PARAGRAPHS
            ]
            if not earlier:
                continue
            local = [earlier[-1]]
            mode = "add" if earlier[-1].paragraph == paragraph else "max"
        per_mention: dict[int, list[tuple[str, int, int]]] = {}
        strong = [k for k, m in enumerate(local) if m.strength == "strong"] or [0]
        clause_starts = _clause_starts(ana, i)
        for figure in figures:
            clause = bisect.bisect_right(clause_starts, figure[2])
            # Several events in one sentence (قتل خمسة جراء استهداف ...، كما استهدف
            # الطيران ...، مما أدى إلى مقتل شخصين): a figure goes to its own clause's event.
            same_clause = [
                k
                for k, m in enumerate(local)
                if bisect.bisect_right(clause_starts, m.start) == clause
            ]
            if same_clause and len(same_clause) < len(local):
                chosen = min(same_clause, key=lambda k: abs(local[k].start - figure[2]))
            elif all(m.start < figure[2] for m in local):
                # After every trigger (دار قتال ... في اليوم الثاني من الهجوم ... ما أسفر
                # عن مقتل 39): the toll of the sentence's main, first, event.
                chosen = strong[0]
            else:
                chosen = min(range(len(local)), key=lambda k: abs(local[k].start - figure[2]))
            per_mention.setdefault(chosen, []).append(figure)
        for k, own in per_mention.items():
            target = local[k]
            target.toll_here = target.toll_here or target.sentence == i
            target.own_toll = target.sentence == i and not weak_only
            for kind, count, _ in _distinct_figures(own):
                old = target.killed if kind == "killed" else target.wounded
                value = (
                    count if old is None else (old + count if mode == "add" else max(old, count))
                )
                if kind == "killed":
                    target.killed = value
                else:
                    target.wounded = value


def _operation_toll(ana: _Analysis, sentence: int, violent: list[_Mention]) -> bool:
    """Figures beside only ambiguous cues belong to them when a force is named and
    no cue is a word for a whole war (مقتل 17 مسلحا من داعش ضمن عمليات شرقي الفلوجة,
    not أسفر النزاع عن مقتل الآلاف)."""
    if not ana.in_sentence(sentence, *FORCE_TYPES):
        return False
    war = function_words("war")
    return not any(
        m.sentence == sentence and set(_bare(_key(ana.text[m.start : m.end]))) & war
        for m in violent
    )


def _clause_starts(ana: _Analysis, sentence: int) -> list[int]:
    """Where the clauses of a sentence that a coordinator opens (كما، فيما، بينما)
    begin, for telling apart the events of one sentence."""
    if sentence in ana.clause_starts:
        return ana.clause_starts[sentence]
    s = ana.sentences[sentence]
    coordinators = function_words("clause")
    ana.clause_starts[sentence] = [
        t.start for t in ana.tokens[s.first_token : s.last_token] if _key(t.text) in coordinators
    ]
    return ana.clause_starts[sentence]


def _distinct_figures(figures: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """One figure per (kind, count): a number restated counts once; different
    numbers of one kind for one mention are summed (losses on both sides)."""
    seen: dict[tuple[str, int], tuple[str, int, int]] = {}
    for f in figures:
        seen.setdefault((f[0], f[1]), f)
    summed: dict[str, tuple[str, int, int]] = {}
    for kind, count, pos in seen.values():
        if kind in summed:
            summed[kind] = (kind, summed[kind][1] + count, summed[kind][2])
        else:
            summed[kind] = (kind, count, pos)
    return list(summed.values())


# --- merging --------------------------------------------------------------------------


def _admin1s(locations: list[EventLocation]) -> set[str]:
    return {loc.admin1 for loc in locations if loc.admin1 and loc.source != "article"}


def _countries(locations: list[EventLocation]) -> set[str]:
    return {loc.country for loc in locations if loc.country}


def _places_compatible(a: list[EventLocation], b: list[EventLocation]) -> bool:
    aa, ba = _admin1s(a), _admin1s(b)
    if aa and ba:
        return bool(aa & ba)
    ac, bc = _countries(a), _countries(b)
    return not (ac and bc) or bool(ac & bc)


def _dates_compatible(a: EventDate | None, b: EventDate | None) -> bool:
    """Explicit dates agree when one contains the other (2018-07 and 2018-07-06).
    A publication-date fallback agrees with a date that contains it or is a day
    or two earlier: a mention dated days or years before is another event."""
    if a is None or b is None or not a.value or not b.value:
        return True
    if a.source == "published" and b.source == "published":
        return True
    if a.source == "published" or b.source == "published":
        published, other = (a.value, b.value) if a.source == "published" else (b.value, a.value)
        if published[: len(other)] == other:
            return True
        return _days_apart(published, other) <= _NEXT_DAYS
    if a.value.startswith(b.value) or b.value.startswith(a.value):
        return True
    # A report dated by its statement (السبت) and one dated by the fighting (ليل الخميس).
    return _days_apart(a.value, b.value) <= _NEXT_DAYS


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return _NEXT_DAYS + 1


def _actor_keys(actors: list[EventActor]) -> set[str]:
    return {a.canonical or _key(a.text) for a in actors}


@dataclass
class _Cluster:
    mentions: list[_Mention]
    # The date of another event this one happened during (اعتقلوا خلال الاحتجاجات).
    anchored: EventDate | None = None

    @property
    def type(self) -> str:
        return self.mentions[0].type

    def locations(self) -> list[EventLocation]:
        return [loc for m in self.mentions for loc in m.locations]

    def date(self) -> EventDate | None:
        """The first unambiguous mention's date; an explicit date of another
        mention replaces a publication-date fallback."""
        first = next(m for m in self.mentions if m.strength == "strong").date
        if first is not None and first.source != "published":
            return first
        if self.anchored is not None:
            return self.anchored
        rank = {"sentence": 0, "paragraph": 1, "article": 2, "published": 3}
        strong = [m for m in self.mentions if m.strength == "strong"]
        dated = [m for m in strong or self.mentions if m.date is not None]
        best_mention = (
            min(dated, key=lambda m: rank[m.date.source] if m.date else len(rank))
            if dated
            else None
        )
        best = best_mention.date if best_mention is not None else None
        if (
            best_mention is not None
            and not best_mention.vague_date
            and first is not None
            and first.value
            and best is not None
            and best.value
            and first.value.startswith(best.value)
        ):
            return first  # the publication day is finer than "March 2016"
        return best

    def known_date(self) -> EventDate | None:
        if any(m.strength == "strong" for m in self.mentions):
            return self.date()
        return self.mentions[0].date

    def _other_toll(self, m: _Mention) -> bool:
        """The mention and the event both give casualty figures, and they differ."""
        for kind in ("killed", "wounded"):
            theirs = getattr(m, kind)
            own = {getattr(x, kind) for x in self.mentions} - {None}
            if theirs is not None and own and theirs not in own:
                return True
        return False

    def accepts(self, m: _Mention) -> bool:
        if m.type != self.type:
            return False
        if not _places_compatible(self.locations(), m.locations):
            return False
        # A new, indefinite mention at another locality with a toll of its own
        # (مقتل 2 في غارات على مدينة الباب after مقتل 5 بغارة على بلدة كفر داعل) is
        # another event of the same type, not a detail of the first.
        if not m.definite and self._other_toll(m):
            theirs_places = _place_words(m.locations)
            own_places = {w for x in self.mentions for w in _place_words(x.locations)}
            if theirs_places and own_places and not theirs_places & own_places:
                return False
        # A mention dated only by the publication date refers back to the event
        # (الاحتجاجات) whatever the event's date.
        if (m.date is None or m.date.source != "published") and not _dates_compatible(
            self.known_date(), m.date
        ):
            return False
        # Appointments, arrests, meetings of different people are different events
        # (event_types.tsv, by_actors).
        own = _actor_keys([a for x in self.mentions for a in x.actors])
        theirs = _actor_keys(m.actors)
        by_actors = event_types()[m.type].by_actors
        return not (own and theirs and by_actors and not own & theirs)


def _place_words(locations: list[EventLocation]) -> set[str]:
    """The distinctive words of the locality (not province) a mention's own sentence
    names nearest its trigger; empty when it names none. `ريف حلب الغربي` and `حلب`
    share حلب; `بلدة كفر داعل` and `مدينة الباب` share nothing."""
    generic = function_words("place_generic")
    nearest = next(
        (loc for loc in locations if loc.source == "sentence" and loc.type == "LOCATION"), None
    )
    if nearest is None:
        return set()
    words: set[str] = set()
    for w in _key(nearest.text or "").split():
        bare = w[2:] if w.startswith(DEFINITE_ARTICLE) and len(w) > 4 else w
        if w not in generic and bare not in generic:
            words.add(bare)
    return words


def _trigger_head(ana: _Analysis, m: _Mention) -> str:
    """The trigger's first word without the article or accusative alif (هجوما، الهجوم)."""
    word = _key(ana.text[m.start : m.end]).split()[0]
    if word.startswith(DEFINITE_ARTICLE) and len(word) > 4:
        word = word[2:]
    return word[:-1] if word.endswith("ا") and len(word) > 3 else word


def _antecedent(ana: _Analysis, clusters: list[_Cluster], m: _Mention) -> _Cluster | None:
    """The event a definite mention (الهجوم، هذا الهجوم) refers back to when it adds
    nothing of its own (no toll in its sentence, no place or date of its own that
    disagrees; figures in the sentences after it go with it to the event): the
    latest earlier event of its type, else one named with the same word (هجوما
    انتحاريا ... الهجوم), else one of a type it may stand for (event_types.tsv,
    refers_to)."""
    if m.toll_here:
        return None  # a toll of its own sentence is news
    refers_to = event_types()[m.type].refers_to
    head = _trigger_head(ana, m)
    own = _admin1s([loc for loc in m.locations if loc.source == "sentence"])
    ranked: list[tuple[int, int, _Cluster]] = []
    for c in clusters:
        earlier = [x for x in c.mentions if x.start < m.start]
        if not earlier:
            continue
        if c.type == m.type:
            tier = 0  # a weak cue before it (استهداف ... الهجوم) is the same event
        elif not any(x.strength == "strong" for x in earlier):
            continue
        elif any(_trigger_head(ana, x) == head for x in earlier):
            tier = 1
        elif c.type in refers_to and any(x.sentence < m.sentence for x in earlier):
            # Not an event of another type named beside it (المداهمة ... بتدبير الهجوم).
            tier = 2
        else:
            continue
        theirs = _admin1s(c.locations())
        if own and theirs and not own & theirs:
            continue
        if (
            m.date is not None
            and m.date.source != "published"
            and not _dates_compatible(c.known_date(), m.date)
        ):
            continue
        ranked.append((tier, -max(x.start for x in earlier), c))
    return min(ranked, key=lambda r: r[:2])[2] if ranked else None


def _localities_agree(a: _Cluster, b: _Cluster) -> bool:
    """Neither names a locality, or they share one (الفحيص and السلط do not)."""
    own = {w for m in a.mentions for w in _place_words(m.locations)}
    theirs = {w for m in b.mentions for w in _place_words(m.locations)}
    return not own or not theirs or bool(own & theirs)


def _fold_generic(clusters: list[_Cluster]) -> list[_Cluster]:
    """An event told only with a generic word (قصف، هجوم) that yields to a specific
    type (trigger other_types) is that type's event when the article has one at a
    compatible place and date (الجيش يقصف مواقع المتطرفين ... غارات جوية على بنغازي)."""

    def yields_to(c: _Cluster) -> frozenset[str]:
        if any(m.killed is not None or m.wounded is not None for m in c.mentions):
            return frozenset()
        if all(m.definite for m in c.mentions):
            return frozenset()  # الهجوم with no antecedent: _antecedent's business
        return frozenset.intersection(*(m.other_types for m in c.mentions)) - {c.type}

    generic = {id(c): yields_to(c) for c in clusters}
    kept: list[_Cluster] = []
    for c in clusters:
        target = None
        if generic[id(c)]:
            target = next(
                (
                    o
                    for o in clusters
                    if not generic[id(o)]
                    and o.type in generic[id(c)]
                    and any(m.strength == "strong" for m in o.mentions)
                    # The better told event: a detail (طائرات مسيرة) of the attack
                    # the article is about does not swallow it.
                    and len(o.mentions) >= len(c.mentions)
                    and _places_compatible(o.locations(), c.locations())
                    and _localities_agree(o, c)
                    and _dates_compatible(o.known_date(), c.known_date())
                ),
                None,
            )
        if target is not None:
            target.mentions.extend(c.mentions)  # after its own: they keep the type
        else:
            kept.append(c)
    return kept


def _merge(ana: _Analysis, mentions: list[_Mention]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for m in mentions:
        antecedent = _antecedent(ana, clusters, m) if m.definite else None
        if antecedent is None and m.demonstrative:
            # هذه الهجمات with nothing before it to point at: the article told of
            # it without a trigger word (or not at all); it only corroborates.
            m.strength = "weak"
        if antecedent is not None:
            # Its places from the paragraph or article are not news about the event.
            m.locations = [loc for loc in m.locations if loc.source == "sentence"]
            antecedent.mentions.append(m)
            continue
        for c in clusters:
            if c.accepts(m):
                c.mentions.append(m)
                break
        else:
            clusters.append(_Cluster([m]))
    clusters = _fold_generic(clusters)
    # Ambiguous cues only corroborate: an event needs one unambiguous mention, and
    # events are listed in the order of their first unambiguous mention.
    kept = [c for c in clusters if any(m.strength == "strong" for m in c.mentions)]
    return sorted(kept, key=lambda c: next(m.start for m in c.mentions if m.strength == "strong"))


# --- the stage ------------------------------------------------------------------------


class EventsStage:
    """Stage: event records from trigger mentions and the document's entities."""

    name = "events"

    def __init__(self, config: object = None) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        ana = _Analysis(doc)
        mentions = _find_mentions(ana)
        if not _is_security_news(ana, mentions):
            doc.events = []
            return doc
        by_sentence: dict[int, list[_Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        for m in mentions:
            m.actors = _actors(ana, m)
            m.locations = _locations(ana, m, by_sentence[m.sentence])
            m.date, m.vague_date = _date(ana, m, by_sentence[m.sentence])
        _attach_casualties(ana, mentions, casualty_lexicon().find(ana.text))
        for m in mentions:
            # An ambiguous cue with a toll of its own beside an unambiguous one
            # (كما استهدف الطيران ...، مما أدى إلى مقتل شخصين) is an event itself.
            if m.strength == "weak" and m.own_toll:
                m.strength = "strong"
        _fill_article_actors(ana, mentions)
        clusters = _merge(ana, mentions)
        _anchor_dates(ana, clusters)
        doc.events = [_to_event(ana, c, i) for i, c in enumerate(clusters)]
        return doc


def _anchor_dates(ana: _Analysis, clusters: list[_Cluster]) -> None:
    """An event without a date of its own that happened during another event of
    the sentence (خلال تلك الاحتجاجات، أثناء المعارك) takes that event's date."""
    owner = {id(m): c for c in clusters for m in c.mentions}
    for cluster in clusters:
        own = cluster.date()
        if own is not None and own.source != "published":
            continue
        for m in cluster.mentions:
            for other in (o for c in clusters if c is not cluster for o in c.mentions):
                if other.sentence != m.sentence or other.start <= m.end:
                    continue
                before = ana.words_before(other.start, other.sentence, 2)
                if not any(_key(t.text) in function_words("during") for t in before):
                    continue
                date = owner[id(other)].date()
                if date is not None and date.source != "published":
                    cluster.anchored = date
                    break
            if cluster.anchored is not None:
                break


def _is_security_news(ana: _Analysis, mentions: list[_Mention]) -> bool:
    """Sport and culture pages use the same words (هجمة، تظاهرة، لقاء) for other
    things. An article is off-topic when several of its sentences carry sport or
    background cues and it names no armed force or group."""
    if any(p.entity.type in FORCE_TYPES for p in ana.entities):
        return True
    types = event_types()
    if sum(1 for m in mentions if m.strength == "strong" and types[m.type].casualties) >= 2:
        return True
    off_topic = {
        i
        for c in ana.exclusion_cues
        if c.values[0].kind == "generic" and (i := ana.sentence_of(c.start)) is not None
    }
    return len(off_topic) < _OFF_TOPIC_SENTENCES


# A short name in quotes right after the trigger: عملية "السهم الذهبي" is a named
# operation; a long quotation (عمليات "قنص المتمردين لهم وباستخدام عبوات") is not a name.
_QUOTED_NAME = re.compile(r"\s*[\"«“']\s*\w+(?:\s+\w+){0,3}\s*[\"»”']")


def _find_mentions(ana: _Analysis) -> list[_Mention]:
    text = ana.text
    hits = trigger_lexicon().find(text)
    cues = ana.exclusion_cues
    context = [h for h in hits if h.values[0].strength == "context"]
    found: list[_Mention] = []
    for hit in hits:
        rule = hit.values[0]
        if rule.strength == "context":
            continue
        sentence = ana.sentence_of(hit.start)
        if sentence is None or _inside_entity(ana, hit.start, hit.end):
            continue
        if _excluded(ana, hit, sentence, cues):
            continue
        event_type = _reinterpreted(ana, hit, rule, sentence, context)
        strength = rule.strength
        if strength == "party":
            named = ana.in_sentence(sentence, *PARTY_TYPES)
            strength = "strong" if named else "weak"
        elif strength == "named":
            quoted = _QUOTED_NAME.match(text, hit.end) is not None
            by_forces = bool(ana.in_sentence(sentence, *FORCE_TYPES))
            strength = "strong" if quoted and by_forces else "weak"
        found.append(
            _Mention(
                type=event_type,
                strength=strength,
                # A trigger a context cue made specific yields no more.
                other_types=rule.other_types if event_type == rule.type else frozenset(),
                start=hit.start,
                end=hit.end,
                sentence=sentence,
                paragraph=ana.sentence_paragraph[sentence],
                definite=_is_definite(ana, hit, sentence),
                demonstrative=_after_demonstrative(ana, hit, sentence),
            )
        )
    # A generic trigger yields to a specific one in its sentence (استهدف + غارة).
    by_sentence: dict[int, set[str]] = {}
    for m in found:
        by_sentence.setdefault(m.sentence, set()).add(m.type)
    return [m for m in found if not (m.other_types & (by_sentence[m.sentence] - {m.type}))]


def _is_definite(ana: _Analysis, hit: LexiconMatch[TriggerRule], sentence: int) -> bool:
    """الهجوم، للهجوم، هذا الهجوم: a mention that may refer to an event told before."""
    if ana.text.startswith(DEFINITE_ARTICLE, hit.start):
        return True
    if ana.text[hit.word_start : hit.start].endswith("ل") and ana.text.startswith("ل", hit.start):
        return True  # the fused article of للهجوم
    return _after_demonstrative(ana, hit, sentence)


def _after_demonstrative(ana: _Analysis, hit: LexiconMatch[TriggerRule], sentence: int) -> bool:
    before = ana.words_before(hit.word_start, sentence, 1)
    return bool(before) and _key(before[0].text) in function_words("demonstrative")


def _reinterpreted(
    ana: _Analysis,
    hit: LexiconMatch[TriggerRule],
    rule: TriggerRule,
    sentence: int,
    context: list[LexiconMatch[TriggerRule]],
) -> str:
    """The trigger's type, or the type a nearby context cue turns it into."""
    s = ana.sentences[sentence]
    here = ana.token_at(hit.start)
    for c in context:
        crule = c.values[0]
        if rule.type not in crule.other_types or not (s.start <= c.start < s.end):
            continue
        if abs(ana.token_at(c.start) - here) <= _CONTEXT_WINDOW:
            return crule.type
    return rule.type


def _fill_article_actors(ana: _Analysis, mentions: list[_Mention]) -> None:
    """A mention without a party in its sentence takes those of the paragraph's
    nearest earlier mention, else the force the article is about (named most,
    at least twice)."""
    forces = Counter(
        p.entity.canonical or _key(p.entity.text)
        for p in ana.entities
        if p.entity.type in FORCE_TYPES
    )
    main: EventActor | None = None
    if forces:
        key, n = forces.most_common(1)[0]
        if n >= 2:
            entity = next(
                p.entity
                for p in ana.entities
                if p.entity.type in FORCE_TYPES
                and (p.entity.canonical or _key(p.entity.text)) == key
            )
            main = _actor(entity, "other")
    last_in_paragraph: dict[int, list[EventActor]] = {}
    for m in mentions:
        if m.actors:
            last_in_paragraph[m.paragraph] = m.actors
            continue
        borrowed = last_in_paragraph.get(m.paragraph)
        if borrowed:
            m.actors = [a.model_copy(update={"role": "other"}) for a in borrowed]
        elif main is not None:
            m.actors = [main]


def _initiator_is_nonstate(ana: _Analysis, actors: list[EventActor]) -> bool:
    """actor1 is an armed group, or a force the forces stage marked non-state."""
    initiator = next((a for a in actors if a.role == "actor1"), None)
    if initiator is None:
        return False
    if initiator.type == "ARMED_GROUP":
        return True
    entity = next(
        (p.entity for p in ana.entities if p.entity.start == initiator.start),
        None,
    )
    return entity is not None and entity.state is False


def _span(ana: _Analysis, start: int, end: int) -> Span:
    s, e = ana.doc.norm.to_original(start, end)
    return Span(start=s, end=e, text=ana.doc.text[s:e])


def _to_event(ana: _Analysis, cluster: _Cluster, index: int) -> Event:
    doc = ana.doc
    info = event_types()[cluster.type]
    primary = next(m for m in cluster.mentions if m.strength == "strong")
    sentence = ana.sentences[primary.sentence]
    locations = _distinct(
        sorted(
            cluster.locations(),
            key=lambda loc: {"sentence": 0, "paragraph": 1, "article": 2}[loc.source],
        )
    )
    actors: list[EventActor] = []
    seen: set[str] = set()
    for m in cluster.mentions:
        for a in m.actors:
            key = a.canonical or _key(a.text)
            if key not in seen:
                seen.add(key)
                actors.append(a)
    killed = [m.killed for m in cluster.mentions if m.killed is not None]
    wounded = [m.wounded for m in cluster.mentions if m.wounded is not None]
    return Event(
        event_id=f"{doc.doc_id}#{index}",
        doc_id=doc.doc_id,
        type=cluster.type,
        date=cluster.date(),
        locations=locations,
        actors=actors,
        killed=max(killed) if killed else None,
        wounded=max(wounded) if wounded else None,
        trigger=_span(ana, primary.start, primary.end),
        sentence=_span(ana, sentence.start, sentence.end),
        mentions=[
            EventMention(
                trigger=_span(ana, m.start, m.end),
                sentence=_span(ana, ana.sentences[m.sentence].start, ana.sentences[m.sentence].end),
            )
            for m in cluster.mentions
        ],
        acled_event_type=info.acled_event_type,
        acled_sub_event_type=(
            info.nonstate_acled_sub_event_type
            if info.nonstate_acled_sub_event_type and _initiator_is_nonstate(ana, actors)
            else info.acled_sub_event_type
        ),
        plover_type=info.plover_type,
        confidence=_confidence(cluster, primary, locations, actors),
    )


def _confidence(
    cluster: _Cluster,
    primary: _Mention,
    locations: list[EventLocation],
    actors: list[EventActor],
) -> float:
    """Higher when the evidence is unambiguous, repeated, placed and has parties."""
    score = 0.5
    if any(loc.source == "sentence" for loc in locations):
        score += 0.15
    if actors:
        score += 0.1
    if primary.date is not None and primary.date.source == "sentence":
        score += 0.05
    score += min(0.15, 0.05 * (len(cluster.mentions) - 1))
    return round(min(0.95, score), 2)
