"""Organisations stage: ministries, governments, UN bodies, parties, media, companies.

Generic NER finds the organisations it was trained on and misses the many that news
builds by grammar (`وزارة الداخلية الليبية`, `المحكمة الجنائية الدولية`). This stage
finds ORG mentions with two rule layers over the normalised text:

1. a lexicon of named organisations (resources/orgs/named.tsv) with canonical ids,
   English names and countries; a nationality adjective after a hit joins the mention
   and gives its country (`مجلس النواب العراقي`); bare club names (`الأهلي`) count only
   in sports articles;
2. a small grammar over tokens (resources/orgs/heads.tsv, words.tsv): a head noun
   (`وزارة`, `هيئة`, `شركة` ...) in construct with a definite noun or a place, or a
   definite head with an organisation adjective (`الحكومة العراقية`), then adjectives,
   one coordinated noun (`والبلديات`), a field phrase with ل (`لحقوق الإنسان`) and a
   nationality adjective; it stops at verbs, particles, punctuation and other heads.

The forces and people stages run first: an ORG never overlaps their entities, and a
place may stand inside an ORG (`جامعة بغداد`) but an ORG never cuts through a place.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsie.knowledge.military import is_sports_article
from newsie.knowledge.names import name_stopwords
from newsie.knowledge.nationalities import nationality_adjectives
from newsie.knowledge.ranks_offices import (
    office_lexicon,
    rank_lexicon,
)
from newsie.knowledge.user_lexicon import UserLexicon, lexicons_of
from newsie.lang.ar.clitics import DEFINITE_ARTICLE, clitic_readings
from newsie.registry import STATISTICAL_STAGES, stage
from newsie.resources import read_tsv
from newsie.text.lexicon import Lexicon
from newsie.text.normalize import norm_span, normalize_key
from newsie.text.offsets import norm_offsets
from newsie.text.spans import Range, Spans, first_disjoint

if TYPE_CHECKING:
    from newsie.schema import Document
    from newsie.text.segment import Token

STAGE = "orgs"
# Entities of the earlier rule stages an ORG must not overlap.
BLOCKING_TYPES = frozenset({"UNIT", "BRIGADE", "ARMED_GROUP", "PERSON"})
PLACE_TYPES = frozenset({"COUNTRY", "PROVINCE", "LOCATION"})
# Stages whose entities are guesses (they yield to rule entities in the resolve stage).
MAX_NAME_TOKENS = 9
# Indefinite nouns between a head and its definite complement (محكمة جنايات القاهرة).
MAX_CONSTRUCT_CHAIN = 2
MAX_CONSTRUCT_CHAIN_BEFORE_NOUN = 1
# Prefixes that are not clitics of a name (the future prefix of verbs).
_NOT_NAME_CLITICS = frozenset({"س", "وس"})
_NISBA_ENDINGS = ("ي", "يه", "يين", "يون")
_PLURAL_ENDINGS = ("ين", "ون", "ات")
_PRONOUN_ENDINGS = ("ها", "هم", "هما", "نا", "كم")


@dataclass(frozen=True, slots=True)
class NamedOrg:
    canonical: str  # '*.' prefix: country from an adjective or the article
    name_en: str
    country: str  # '' none, '*' from an adjective or the article
    kind: str
    sports_only: bool


@dataclass(frozen=True, slots=True)
class Head:
    name_en: str
    label: str
    definite: bool
    nationality_alone: bool
    complement: str  # any | field | adjective | never
    elliptic: bool


@dataclass
class Candidate:
    start: int  # normalised offsets
    end: int
    fields: dict[str, Any] = field(default_factory=dict)
    from_lexicon: bool = False


# --- data ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def named_lexicon() -> Lexicon[NamedOrg]:
    """Named organisations by surface form."""
    return Lexicon(
        (
            row["form"],
            NamedOrg(
                canonical=row["canonical"],
                name_en=row["name_en"],
                country=row["country"],
                kind=row["kind"],
                sports_only=row.get("context") == "sports",
            ),
        )
        for row in read_tsv("orgs/named.tsv")
    )


def user_named_lexicon(user: UserLexicon) -> Lexicon[NamedOrg]:
    """The shipped organisations with the user's: a form the user names is theirs only."""
    if not user:
        return named_lexicon()
    entries = [
        (form, NamedOrg(row.canonical_id, row.display_name, row.country or "", "user", False))
        for form, row in user.entries("ORG")
    ]
    return named_lexicon().overridden(user.keys, entries)


@lru_cache(maxsize=1)
def heads() -> dict[str, Head]:
    """Head nouns by normalised form (indefinite, or with ال for elliptic heads)."""
    table: dict[str, Head] = {}
    for row in read_tsv("orgs/heads.tsv"):
        table[normalize_key(row["form"])] = Head(
            name_en=row["name_en"],
            label=row["label"],
            definite=row["definite"] == "1",
            nationality_alone=row["nationality_alone"] == "1",
            complement=row["complement"],
            elliptic=row["office_before"] == "1",
        )
    return table


@lru_cache(maxsize=8)
def grammar_words(kind: str) -> frozenset[str]:
    """Words of one kind in orgs/words.tsv (adjective, field, stop, office)."""
    return frozenset(
        normalize_key(row["word"]) for row in read_tsv("orgs/words.tsv") if row["kind"] == kind
    )


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """Words a complement never runs into: particles, verbs of saying, time words, ranks."""
    titles = {key.split()[0] for key in rank_lexicon().keys()}  # noqa: SIM118
    titles |= {DEFINITE_ARTICLE + word for word in titles if not word.startswith(DEFINITE_ARTICLE)}
    titles |= {key.split()[0] for key in office_lexicon().keys()}  # noqa: SIM118
    return name_stopwords() | grammar_words("stop") | frozenset(titles)


# --- token tests ------------------------------------------------------------------------


def _is_definite_word(word: str) -> bool:
    return word.startswith(DEFINITE_ARTICLE) and len(word) > 3 and word.isalpha()


def _is_field(word: str) -> bool:
    """A field noun with or without ال (الإعلام، حقوق)."""
    fields = grammar_words("field")
    return word in fields or (word.startswith(DEFINITE_ARTICLE) and word[2:] in fields)


def _head_of(word: str) -> tuple[int, Head, bool] | None:
    """(length of the head stem, head, definite) when the token is a head noun,
    possibly behind proclitics (ووزارة، للحكومة)."""
    table = heads()
    for prefix, stem in clitic_readings(word):
        if prefix in _NOT_NAME_CLITICS:
            continue
        head = table.get(stem)
        if head is not None and head.complement != "adjective":
            return len(stem), head, False
        if head is not None and stem.startswith(DEFINITE_ARTICLE):
            return len(stem), head, True
        if stem.startswith(DEFINITE_ARTICLE):
            head = table.get(stem[2:])
            if head is not None and head.definite:
                return len(stem), head, True
    return None


def _opens_name(word: str) -> bool:
    """Whether the token is a head that starts a new name (not an elliptic ministry,
    which inside a name is a complement: وزارة الدفاع)."""
    reading = _head_of(word)
    return reading is not None and not reading[1].elliptic


@lru_cache(maxsize=1)
def org_adjectives() -> frozenset[str]:
    """Organisation adjectives, strong and weak."""
    return grammar_words("adjective") | grammar_words("adjective_weak")


def _continues_name(word: str, closed: bool) -> bool:
    """An adjective after the complement: any nisba, or only a listed organisation
    adjective once a nationality or a field phrase has closed the name."""
    if closed:
        return word in org_adjectives() and word not in _stop_words()
    return _is_adjective(word)


def _may_chain(word: str) -> bool:
    """An indefinite noun inside a construct name (جنايات، تنسيقيات): not an indefinite
    adjective (شركة إيطالية), not a word with a pronoun (بلاده) or with a preposition
    and article (بالمدينة)."""
    if not word.isalpha() or len(word) < 3 or word in _stop_words():
        return False
    if word.endswith(_NISBA_ENDINGS) or word.endswith(_PRONOUN_ENDINGS):
        return False
    # بالمدينة، للاستثمار: a preposition and the article open a new phrase
    return not any(
        stem.startswith(DEFINITE_ARTICLE) for prefix, stem in clitic_readings(word) if prefix
    )


def _is_adjective(word: str) -> bool:
    """A definite adjective that may continue a name (nisba or organisation adjective)."""
    if not _is_definite_word(word) or word in _stop_words():
        return False
    return (
        word in org_adjectives()
        or word in nationality_adjectives()
        or word.endswith(_NISBA_ENDINGS)
    )


# --- the stage ----------------------------------------------------------------------------


@stage(
    "orgs",
    # doc.country and a country after the head give an organisation its country;
    # forces and persons block, places end a name
    requires=(
        *("doc.norm", "doc.sentences", "doc.tokens", "doc.country"),
        *("COUNTRY", "PROVINCE", "LOCATION", "UNIT", "BRIGADE", "ARMED_GROUP", "PERSON"),
    ),
    provides=("ORG",),
)
class OrgsStage:
    """Stage: ORG mentions from the named lexicon and the head-noun grammar."""

    name = STAGE

    def __init__(self, config: object = None) -> None:
        self._named = user_named_lexicon(lexicons_of(config))

    def __call__(self, doc: Document) -> Document:
        text = doc.norm.text
        tokens = doc.tokens
        if not tokens:
            return doc
        view = _DocView(doc, tokens, self._named)
        candidates = self._lexicon_candidates(doc, text, view)
        candidates += self._grammar_candidates(doc, view)
        for cand in _settle(candidates):
            doc.add_entity("ORG", *norm_offsets(cand.start, cand.end), STAGE, **cand.fields)
        return doc

    # -- lexicon ---------------------------------------------------------------------------
    def _lexicon_candidates(self, doc: Document, text: str, view: _DocView) -> list[Candidate]:
        sports = None
        found: list[Candidate] = []
        for hit in self._named.find_all(text):
            org = hit.values[0]
            first = _first_token_at(view.starts, hit.start)
            reading = _head_of(view.words[first])
            if (
                reading is not None
                and reading[1].elliptic
                and not view.may_be_elliptic_ministry(first)
            ):
                continue  # السياسة الخارجية الأمريكية
            if org.sports_only:
                if sports is None:
                    sports = is_sports_article(view.words)
                if not sports:
                    continue
            end, adjective_country = hit.end, None
            last = view.by_end.get(hit.end)
            if last is not None:
                adjective = view.nationality_at(last + 1)
                if adjective is not None:
                    end, adjective_country = view.tokens[last + 1].end, adjective
            if view.conflicts(hit.start, end):
                if end == hit.end or view.conflicts(hit.start, hit.end):
                    continue
                end, adjective_country = hit.end, None
            country = org.country
            if country == "*":
                country = adjective_country or doc.country or ""
            found.append(
                Candidate(
                    hit.start,
                    end,
                    {
                        "canonical": _canonical(org.canonical, country),
                        "canonical_name": org.name_en,
                        "country": country or None,
                        "label": org.kind,
                    },
                    from_lexicon=True,
                )
            )
        return found

    # -- grammar ---------------------------------------------------------------------------
    def _grammar_candidates(self, doc: Document, view: _DocView) -> list[Candidate]:
        found: list[Candidate] = []
        for i, word in enumerate(view.words):
            reading = _head_of(word)
            if reading is None:
                continue
            stem_length, head, definite = reading
            start = view.tokens[i].end - stem_length
            if view.conflicts(start, view.tokens[i].end):
                continue
            if definite:
                last, country = self._definite_name(view, i, head)
            else:
                last, country = self._construct_name(view, i, head)
            if last is None:
                continue
            end = view.tokens[last].end
            if view.conflicts(start, end):
                continue
            key = normalize_key(doc.norm.text[start:end])
            if definite and key.startswith("لل"):
                key = DEFINITE_ARTICLE + key[2:]  # للحكومة -> الحكومة
            found.append(
                Candidate(
                    start,
                    end,
                    {
                        "canonical": (country.lower() + "." if country else "") + "org:" + key,
                        "canonical_name": f"{head.name_en} {key}",
                        "country": country,
                        "label": head.label,
                    },
                )
            )
        return found

    def _construct_name(self, view: _DocView, i: int, head: Head) -> tuple[int | None, str | None]:
        """Last token of `head + indefinite? + (definite noun | place | named org) + tail`."""
        if head.complement in ("never", "adjective"):
            return None, None
        j, chain = i + 1, 0
        while j < len(view.words) and view.same_sentence(i, j):
            if view.blocked[j]:
                return None, None
            word = view.words[j]
            if head.complement == "field" and j == i + 1 and not _is_field(word):
                return None, None
            place_last = view.place_last.get(j)
            if place_last is not None and chain <= MAX_CONSTRUCT_CHAIN:
                # حكومة إقليم كردستان، محكمة جنايات القاهرة: a place ends the complement
                country = view.country_of_place.get(j) if chain == 0 else None
                return view.extend(place_last, country, coordination=False, closed=False)
            named_last = view.named_last.get(j)
            if named_last is not None and chain == 0:
                return view.extend(named_last, coordination=False)  # شركة غوغل
            if word in _stop_words() or _opens_name(word):
                return None, None
            if _is_definite_word(word):
                if chain > MAX_CONSTRUCT_CHAIN_BEFORE_NOUN or word in grammar_words(
                    "not_complement"
                ):
                    return None, None
                return view.extend(j)
            if not _may_chain(word) or chain == MAX_CONSTRUCT_CHAIN:
                return None, None
            chain += 1
            j += 1
        return None, None

    def _definite_name(self, view: _DocView, i: int, head: Head) -> tuple[int | None, str | None]:
        """Last token of `ال+head + adjective + tail` (الحكومة العراقية)."""
        if head.elliptic and not view.may_be_elliptic_ministry(i):
            return None, None
        j = i + 1
        if j >= len(view.words) or not view.same_sentence(i, j) or view.blocked[j]:
            return None, None
        word = view.words[j]
        nationality = view.nationality_at(j)
        if head.elliptic and not word.endswith("ه"):
            return None, None  # the ministry is feminine: الخارجية الروسية
        if nationality is not None:
            last, country = view.extend(j, nationality, coordination=False)
            # الاتحاد المصري لكرة القدم: a nationality alone names only some heads
            if head.nationality_alone or last > j:
                return last, country
            return None, None
        if word in _stop_words():
            return None, None
        if word in grammar_words("adjective"):
            return view.extend(j, coordination=False)
        if word in grammar_words("adjective_weak"):
            # المنظمة الدولية للهجرة, but not bare المنظمة الدولية
            last, country = view.extend(j, coordination=False)
            return (last, country) if last > j else (None, None)
        return None, None


class _DocView:
    """Token-level view of a document for the grammar: words, sentences, other stages'
    entities."""

    def __init__(self, doc: Document, tokens: list[Token], named: Lexicon[NamedOrg]) -> None:
        self.tokens = tokens
        self.words = [t.text for t in tokens]
        self.by_end = {t.end: i for i, t in enumerate(tokens)}
        self.starts = starts = [t.start for t in tokens]
        self.sentence_of = [0] * len(tokens)
        for number, sentence in enumerate(doc.sentences):
            for k in range(sentence.first_token, sentence.last_token):
                self.sentence_of[k] = number
        # Tokens where a lexicon name starts: a name does not swallow the next one.
        self.named_last: dict[int, int] = {}
        for hit in named.find(doc.norm.text):
            if not hit.values[0].sports_only:
                first = _first_token_at(starts, hit.start)
                self.named_last[first] = _first_token_at(starts, hit.end - 1)
        self.blocked = [False] * len(tokens)
        self.place_last: dict[int, int] = {}
        # A country right after a head is the organisation's country (حكومة لبنان).
        self.country_of_place: dict[int, str] = {}
        self.blocking_spans: list[tuple[int, int]] = []
        self.place_spans: list[tuple[int, int]] = []
        for entity in doc.entities:
            if entity.stage in STATISTICAL_STAGES:
                continue
            s, e = norm_span(doc, entity)
            covered: list[int] = []
            k = _first_token_at(starts, s)
            while k < len(tokens) and tokens[k].start < e:
                if _overlap(tokens[k].start, tokens[k].end, s, e):
                    covered.append(k)
                k += 1
            if entity.type in BLOCKING_TYPES:
                self.blocking_spans.append((s, e))
                for k in covered:
                    self.blocked[k] = True
            elif entity.type in PLACE_TYPES:
                self.place_spans.append((s, e))
                # a place behind a preposition (بنيويورك) is not a construct complement
                if covered and tokens[covered[0]].start == s:
                    self.place_last[covered[0]] = covered[-1]
                    if entity.type == "COUNTRY" and entity.code:
                        self.country_of_place[covered[0]] = entity.code
        # Indexed: conflicts() is asked for every candidate name.
        self.blocking = Spans(Range(s, e) for s, e in self.blocking_spans)
        self.places = Spans(Range(s, e) for s, e in self.place_spans)

    def same_sentence(self, i: int, j: int) -> bool:
        return self.sentence_of[i] == self.sentence_of[j]

    def conflicts(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a forces/person entity or cuts through a place
        (a place strictly inside the name is fine: جامعة بغداد)."""
        if self.blocking.overlapping(start, end):
            return True
        return any(
            not (start <= s and e <= end and e - s < end - start)
            for s, e in self.places.overlapping(start, end)
        )

    def nationality_at(self, j: int) -> str | None:
        """Country of a definite nationality adjective at token j."""
        if (
            j >= len(self.words)
            or not self.words[j].startswith(DEFINITE_ARTICLE)
            or self.blocked[j]
        ):
            return None
        if j > 0 and not self.same_sentence(j - 1, j):
            return None
        word = self.words[j]
        if word.endswith(_PLURAL_ENDINGS) and not (
            j > 0 and self.words[j - 1].endswith(_PLURAL_ENDINGS)
        ):
            return None  # اتحاد الفنانين التونسيين, but not برشلونة الإسبانيين
        return nationality_adjectives().get(word)

    def may_be_elliptic_ministry(self, i: int) -> bool:
        """`الخارجية` alone means the ministry unless a title or a noun it qualifies
        stands before it (وزير الخارجية، السياسة الخارجية)."""
        if i == 0 or not self.same_sentence(i - 1, i):
            return True
        before = [stem for _, stem in clitic_readings(self.words[i - 1])]
        if any(stem in grammar_words("office") for stem in before):
            return False
        return not any(_is_definite_word(stem) for stem in before)

    def extend(
        self,
        j: int,
        country: str | None = None,
        *,
        coordination: bool = True,
        closed: bool | None = None,
    ) -> tuple[int, str | None]:
        """Last token of the name whose complement ends at token j: adjectives, one
        coordinated noun (construct names only), one field phrase with ل, a
        nationality adjective."""
        last = j
        coordinated, field_phrase = not coordination, False
        # After a nationality or a field phrase only a listed adjective may follow
        # (المحكمة الأمريكية العليا), not any nisba (الخارجية الأمريكية الدبلوماسيين).
        if closed is None:
            closed = country is not None
        phrase_end = -1
        k = j + 1
        while k < len(self.words) and k - j < MAX_NAME_TOKENS and self.same_sentence(j, k):
            if self.blocked[k] or k in self.place_last:
                break
            word = self.words[k]
            nationality = self.nationality_at(k)
            if nationality is not None and not closed:
                country = nationality
                closed = True
                last = k
            elif _continues_name(word, closed) or (last == phrase_end and _is_adjective(word)):
                last = k  # one nisba may qualify the field: للطيران المدني
            elif (
                not coordinated
                and not closed
                and word.startswith("وال")
                and _is_definite_word(word[1:])
            ):
                if word[1:] in _stop_words() or _opens_name(word) or k in self.named_last:
                    break
                coordinated = True
                last = k
            elif not field_phrase and (phrase_last := self._field_phrase(k)) is not None:
                field_phrase = closed = True
                last = k = phrase_end = phrase_last
            else:
                break
            k = last + 1
        return last, country

    def _field_phrase(self, k: int) -> int | None:
        """Last token of `لل+field` or `ل+field + definite noun` at token k (للهجرة،
        لحقوق الإنسان، لكرة القدم)."""
        word = self.words[k]
        if word.startswith("لل") and _is_field(DEFINITE_ARTICLE + word[2:]):
            return k
        if word.startswith("ل") and _is_field(word[1:]):
            nxt = k + 1
            if (
                nxt < len(self.words)
                and self.same_sentence(k, nxt)
                and not self.blocked[nxt]
                and _is_definite_word(self.words[nxt])
                and self.words[nxt] not in _stop_words()
            ):
                return nxt
        return None


def _first_token_at(starts: list[int], offset: int) -> int:
    """Index of the token that holds `offset` (a clitic may precede it)."""
    return max(bisect_right(starts, offset) - 1, 0)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _canonical(template: str, country: str) -> str:
    if template.startswith("*."):
        return (country.lower() + "." if country else "") + template[2:]
    return template


def _settle(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping mentions, longest first; on a tie the lexicon's (it knows the
    organisation's id and English name)."""
    ranked = sorted(candidates, key=lambda c: (c.start - c.end, not c.from_lexicon, c.start))
    return sorted(first_disjoint(ranked), key=lambda c: c.start)
