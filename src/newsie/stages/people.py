"""People stage: officers and officials named after their rank or office.

Security news names people as `العقيد أحمد المسماري` or `وزير الصحة التونسي سالم
العياري`: the rank or office is a strong cue that a name follows, and generic NER
often keeps the rank inside the name or misses rare names. This stage

- reads rank (+ modifiers such as ركن) or office (+ its complement: الدفاع، باسم
  الجيش الليبي) and then the name, stopping at particles, verbs of saying, offices,
  nationality adjectives and other entities; the rank or office goes to `title`;
- adopts the NER stage's PERSON spans that overlap (one mention, rule boundaries) and
  trims a rank that NER left inside a name;
- links later mentions of a full name, or of its last name alone (`الزوي`), to the
  full name (`canonical`), so events can count a person once.

`اللواء` before a number, an ordinal or a branch is a brigade: the forces stage has
claimed those spans already, and a rank inside a forces entity is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from newsie.knowledge.military import (
    FORCE_TYPES,
    context_words,
    echelons,
    is_sports_article,
)
from newsie.knowledge.names import (
    given_names,
    looks_like_name_start,
    name_stopwords,
    office_adjectives,
)
from newsie.knowledge.nationalities import nationalities
from newsie.knowledge.ranks_offices import (
    Title,
    cue_lexicon,
    office_lexicon,
    rank_lexicon,
    rank_table,
)
from newsie.knowledge.user_lexicon import UserRow, lexicons_of
from newsie.lang.ar.clitics import (
    CONJUNCTIONS,
    clitic_readings,
)
from newsie.lang.ar.grammar_words import gp, gw
from newsie.registry import stage
from newsie.schema import Entity
from newsie.text.lexicon import Lexicon
from newsie.text.normalize import norm_span, normalize_key

if TYPE_CHECKING:
    from newsie.schema import Document
    from newsie.text.segment import Token

STAGE = "people"
MAX_NAME_TOKENS = 5
MAX_COMPLEMENT_TOKENS = 6
# Closed-class words (name particles, prefixes ...) are data: forces/grammar_words.tsv.
# Conjunctions a repeated name or a last name may carry (وياور، فالزوي).
_LINK_PREFIXES = ("", *CONJUNCTIONS)
_PLACE_TYPES = ("LOCATION", "PROVINCE", "COUNTRY")


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Single words that are ranks or office heads: a name never runs into them."""
    words: set[str] = set()
    for lexicon in (rank_lexicon(), office_lexicon()):
        for key in lexicon.keys():  # noqa: SIM118 - a Lexicon is not a dict
            first = key.split()[0]
            words.add(first)
            if not first.startswith("ال"):
                words.add("ال" + first)
    return frozenset(words)


def _stops_name(word: str) -> bool:
    return (
        not word.isalpha()
        or word in name_stopwords()
        or word in _title_words()
        or word in echelons()
        or (word.startswith("ال") and word in nationalities())
        or (
            word.startswith("و")
            and word not in given_names()
            and (word[1:] in given_names() or word[1:] in name_stopwords())
        )
    )


@dataclass
class PersonMention:
    start: int  # normalised offsets
    end: int
    title: str | None
    first_token: int
    last_token: int


@dataclass
class _Reader:
    """One document's tokens and what other stages found in them, for the name rules."""

    doc: Document
    tokens: list[Token]
    words: list[str]
    # Tokens inside an entity of another stage (not PERSON) ...
    blocked: list[bool]
    # ... of a place or an NER guess only: names are often place names too (الصيادي),
    # and NER may take a name for an organisation.
    soft: list[bool]
    # Tokens where `علي` is the name, not `على` (on): both normalise to علي.
    name_ali: set[int]
    ner_starts: set[int]

    @classmethod
    def read(cls, doc: Document) -> _Reader:
        tokens = doc.tokens
        blocked = _entity_token_mask(doc, tokens, exclude_types=("PERSON",))
        hard = _entity_token_mask(
            doc, tokens, exclude_types=("PERSON", *_PLACE_TYPES), exclude_stages=("ner",)
        )
        name_ali = {
            i
            for i, t in enumerate(tokens)
            if t.text in gw("ali") and doc.norm.original_text(t.start, t.end).endswith("ي")
        }
        ner_starts = {
            norm_span(doc, e)[0] for e in doc.entities if e.type == "PERSON" and e.stage == "ner"
        }
        return cls(
            doc=doc,
            tokens=tokens,
            words=[t.text for t in tokens],
            blocked=blocked,
            soft=[b and not h for b, h in zip(blocked, hard, strict=True)],
            name_ali=name_ali,
            ner_starts=ner_starts,
        )

    def extend_with_ner(self, mention: PersonMention, ner_people: list[Entity]) -> None:
        """Take NER's longer end for a name the rules cut short (يوسف محمد | علي), when
        the words added are plain name words."""
        for entity in ner_people:
            start, end = norm_span(self.doc, entity)
            if not (start <= mention.start < end and end > mention.end):
                continue
            k = mention.last_token + 1
            while k < len(self.tokens) and self.tokens[k].end <= end:
                word = self.words[k]
                if not word.isalpha() or (_stops_name(word) and k not in self.name_ali):
                    return
                k += 1
            if k - 1 > mention.last_token and self.tokens[k - 1].end == end:
                mention.end = end
                mention.last_token = k - 1
            return

    # -- rank / office + name ---------------------------------------------------------------
    def after_cue(
        self, first: int, last: int, title: Title, cue_start: int
    ) -> PersonMention | None:
        """The person named after a rank or office cue at tokens first..last, if any."""
        if title.kind == "modifier":
            return None
        words, tokens = self.words, self.tokens
        ambiguous = title.ambiguous
        office_only = title.kind in ("head", "standalone", "descriptor", "verb")
        title_start = cue_start
        j = last + 1
        if title.kind == "verb":
            title_end = title_start  # a reporting verb is not a title
        elif office_only:
            j = self.complement(j, title.kind == "head")
            title_end = tokens[j - 1].end
            if j + 1 < len(words) and words[j] in ("،", ",") and words[j + 1] in given_names():
                j += 1  # وزير الصحة التونسي، سالم العياري
            # An office is often followed by a rank: المتحدث باسم الجيش العقيد أحمد المسماري.
            rank = _rank_at(words, j)
            if rank is not None:
                title_start = tokens[j].start
                ambiguous = rank[1]
                office_only = False
                j = _modifiers(words, j + rank[0])
                title_end = tokens[j - 1].end
        else:
            j = _modifiers(words, j)
            title_end = tokens[j - 1].end
        if j >= len(words) or (self.blocked[j] and not self.soft[j]):
            return None
        name_end = self.name_end(j, strong=not office_only and title.kind == "rank")
        if name_end < j:
            return None
        first_word = words[j]
        confirmed = first_word in given_names() or tokens[j].start in self.ner_starts
        if (ambiguous or office_only) and not confirmed:
            return None  # وزير الدفاع يزور ...: offices are followed by too much else
        if (
            first_word.startswith(("ال", "و", *gp("not_name_prefix")))
            and first_word not in given_names()
        ):
            return None  # أرض اللواء بالجيزة
        if len(first_word) < 2:
            return None
        if (
            name_end == j
            and first_word in nationalities()
            and tokens[j].start not in self.ner_starts
        ):
            return None  # زعيم تركي: a Turkish leader, not Turki
        title_text = self.doc.norm.original_text(title_start, title_end) or None
        return PersonMention(tokens[j].start, tokens[name_end].end, title_text, first, name_end)

    def complement(self, j: int, head: bool) -> int:
        """Skip an office's complement: باسم الجيش الليبي، الداخلية الأردني، لغرفة عمليات ..."""
        words, blocked = self.words, self.blocked
        used = 0
        while j < len(words) and used < MAX_COMPLEMENT_TOKENS:
            word = words[j]
            if blocked[j] and self.soft[j] and word in given_names():
                break  # a name NER or the gazetteer took for something else
            if blocked[j]:
                j += 1  # a force, place or organisation named in the office
                continue
            used += 1
            if word in gw("bi_ism"):
                j += 1  # المتحدث باسم (not the given name باسم)
                continue
            if word in given_names():
                break  # the name begins (الرئيس الباجي قايد السبسي)
            if _rank_at(words, j) is not None:
                break  # المتحدث باسم الجيش العقيد ...: the rank belongs to the person
            if word.startswith(("ال", "لل")) or word in gw("bi_ism"):
                if word in name_stopwords() and word not in office_adjectives():
                    break
                j += 1
                continue
            if head and word.startswith("وال"):
                j += 1  # وزير الوظيفة العمومية والحوكمة
                continue
            if (
                head
                and word in gw("complement_preposition")
                and j + 1 < len(words)
                and (words[j + 1].startswith("ال") or blocked[j + 1])
            ):
                j += 1
                continue
            if (
                head
                and word.startswith(("ب", "ل"))
                and (
                    word[1:].startswith("ال")
                    or (j + 1 < len(words) and words[j + 1].startswith("ال"))
                )
            ):
                j += 1  # باسم الجيش، لجماعة الإخوان: the office's organisation
                continue
            break
        return j

    def name_end(self, j: int, strong: bool) -> int:
        """Index of the last token of a name starting at j (j - 1 when there is none).

        A family name with ال ends the name (أحمد الزين لبحث ...) unless it is the
        second half of a compound (عبد الخالق، نور الدين); a third name follows a
        father's name; a word that looks like a verb or carries a preposition ends it.
        `strong`: a military rank stands before the name (ياور after الفريق is a name).
        """
        words = self.words
        if j not in self.name_ali and (
            _stops_name(words[j])
            or not (looks_like_name_start(words[j]) or words[j] in given_names())
        ):
            return j - 1
        end = j
        k = j + 1
        while k < len(words) and k - j < MAX_NAME_TOKENS:
            word = words[k]
            prev = words[k - 1]
            after_particle = prev in gw("name_particle")
            if self.blocked[k] and not self.soft[k]:
                break
            if k in self.name_ali or (after_particle and word.isalpha()):
                pass  # عبد الملك، أبو بكر: a title word after a particle is a name
            elif k - j == 1 and word in nationalities() and words[j] in given_names():
                pass  # نبيل العربي، محمد المصري: nisba family names
            elif _stops_name(word) or word.startswith(gp("not_name_prefix")):
                break
            elif (
                k - j >= 2
                and words[k - 2] in gw("lineage")
                and not (word.startswith("ال") or word in gw("name_particle"))
            ):
                break  # محمد بن سلمان معبرة: after بن X comes بن, a family name or nothing
            elif word.startswith("و") and word not in given_names():
                break  # وأعاد: the conjunction starts a new clause
            elif (
                word.startswith(gp("future_prefix"))
                and len(word) >= 5
                and word not in given_names()
            ):
                break  # بومبيو ستعتمد: a future verb
            elif not after_particle and word not in given_names():
                if k - j >= 2 and word.startswith("ل"):
                    break  # لدعمه: a preposition, not a name
                if word.startswith("ال"):
                    # A family name with ال follows the first name, a father's name or a
                    # compound (عبد الفتاح السيسي), not any word (دونالد ترامب المثيرة).
                    ok = (
                        k - j == 1
                        or prev in given_names()
                        or prev in gw("compound_second")
                        or words[k - 2] in gw("name_particle")
                    )
                    if not ok or word.endswith("يه"):
                        break  # الطبية، الرياضية: an adjective, not a family name
                elif k - j >= 2 and not (
                    prev in given_names()
                    or prev in gw("compound_second")
                    or words[k - 2] in gw("name_particle")
                ):
                    break  # a third name follows a father's name (سالم أحمد حسن)
                elif word.startswith(gp("verb_prefix")) and not strong:
                    break  # الملك سلمان يقدم (names in ي are given names: يوسف، ياسر)
            end = k
            k += 1
            compound = after_particle or word in gw("compound_second")
            if word.startswith("ال") and not compound:
                break
        while end > j and words[end] in gw("name_particle"):
            end -= 1
        return end


@stage(
    "people",
    # names inside a force or place entity are not read as persons
    requires=(
        *("doc.norm", "doc.tokens"),
        *("UNIT", "BRIGADE", "ARMED_GROUP", "COUNTRY", "PROVINCE", "LOCATION"),
    ),
    provides=("PERSON",),
    after=("ner", "dates"),  # NER persons are merged; dates block names like other entities
)
class PeopleStage:
    """Stage: PERSON mentions with `title`, merged with NER, linked by surname."""

    name = STAGE

    def __init__(self, config: object = None) -> None:
        user = lexicons_of(config).entries("PERSON")
        # The user's own people, found by name alone; None keeps the default path as it was.
        self._user_names: Lexicon[UserRow] | None = Lexicon(user) if user else None

    def __call__(self, doc: Document) -> Document:
        reader = _Reader.read(doc)
        tokens = reader.tokens
        by_start = {t.start: i for i, t in enumerate(tokens)}
        by_end = {t.end: i for i, t in enumerate(tokens)}
        mentions: list[PersonMention] = []
        claimed = [False] * len(tokens)
        text = doc.norm.text
        user = self._user_mentions(doc, reader, by_start, by_end, claimed)
        cues = cue_lexicon().find(text)
        sports = is_sports_article(reader.words)
        for cue in cues:
            if sports and cue.values[0].ambiguous:
                continue  # الفريق is the team in a sports article
            first = by_start.get(cue.word_start)
            last = by_end.get(cue.end)
            if first is None or last is None:
                continue
            if any(reader.blocked[first : last + 1]) or any(claimed[first : last + 1]):
                continue
            if first > 0 and _bare_in(reader.words[first - 1], context_words("named_after")):
                continue  # طريق الملك عبدالله، مستشفى الملك خالد: a place's name
            mention = reader.after_cue(first, last, cue.values[0], cue.start)
            if mention is not None and user and _took_title(mention, user):
                continue
            if mention is not None:
                mentions.append(mention)
                for k in range(first, mention.last_token + 1):
                    claimed[k] = True

        ner_people = [e for e in doc.entities if e.type == "PERSON" and e.stage == "ner"]
        for mention in mentions:
            reader.extend_with_ner(mention, ner_people)
        self._adopt_ner(doc, mentions + [m for m, _ in user], ner_people)
        persons = [
            doc.add_entity("PERSON", m.start, m.end, STAGE, title=m.title, label="rank-or-office")
            for m in mentions
        ]
        persons += [
            doc.add_entity(
                "PERSON",
                m.start,
                m.end,
                STAGE,
                title=m.title,
                canonical=row.canonical_id,
                canonical_name=row.display_name,
                country=row.country,
                label="user",
            )
            for m, row in user
        ]
        self._link_names(doc, persons, reader.words, tokens)
        return doc

    def _user_mentions(
        self,
        doc: Document,
        reader: _Reader,
        by_start: dict[int, int],
        by_end: dict[int, int],
        claimed: list[bool],
    ) -> list[tuple[PersonMention, UserRow]]:
        """Names of the user's lexicon, outside other rule stages' entities; their tokens
        are claimed before the rank and office rules read names."""
        if self._user_names is None:
            return []
        found: list[tuple[PersonMention, UserRow]] = []
        for hit in self._user_names.find(doc.norm.text):
            first, last = by_start.get(hit.word_start), by_end.get(hit.end)
            if first is None or last is None:
                continue
            if any(
                b and not s
                for b, s in zip(
                    reader.blocked[first : last + 1], reader.soft[first : last + 1], strict=True
                )
            ):
                continue  # inside a force's or an organisation's name
            found.append((PersonMention(hit.start, hit.end, None, first, last), hit.values[0]))
            for k in range(first, last + 1):
                claimed[k] = True
        return found

    # -- NER --------------------------------------------------------------------------------
    def _adopt_ner(
        self, doc: Document, mentions: list[PersonMention], ner_people: list[Entity]
    ) -> None:
        """One mention per name: drop NER spans (PERSON, or an ORG/LOC guess) that the
        rules read as a person too, and NER persons inside a force's name; trim a rank
        NER kept at the start of a name."""
        spans = [doc.norm.to_original(m.start, m.end) for m in mentions]
        force_spans = [(e.start, e.end) for e in doc.entities if e.type in FORCE_TYPES]
        drop: set[int] = set()
        for entity in doc.entities:
            if entity.stage != "ner":
                continue
            overlaps_rule = any(entity.start < e and s < entity.end for s, e in spans)
            inside_force = entity.type == "PERSON" and any(
                s <= entity.start and entity.end <= e for s, e in force_spans
            )
            if overlaps_rule or inside_force:
                drop.add(id(entity))
        if drop:
            doc.entities[:] = [e for e in doc.entities if id(e) not in drop]
        for entity in doc.entities:
            if entity.type != "PERSON" or entity.stage != "ner" or " " not in entity.text:
                continue
            titles: list[str] = []
            name = entity.text
            while " " in name:
                head, _, rest = name.partition(" ")
                hit = rank_table().get(normalize_key(head))
                if hit is None or not rest.strip():
                    break
                titles.append(head)
                name = rest.lstrip()
            if titles:
                entity.title = entity.title or " ".join(titles)
                entity.start = entity.end - len(name)
                entity.text = name

    # -- later mentions -------------------------------------------------------------------
    def _link_names(
        self, doc: Document, persons: list[Entity], words: list[str], tokens: list[Token]
    ) -> None:
        """Full names repeated and last names alone, linked to the full name."""
        people = persons + [e for e in doc.entities if e.type == "PERSON" and e.stage == "ner"]
        full: dict[str, str] = {}
        surnames: dict[str, set[str]] = {}
        for person in people:
            key = normalize_key(person.text)
            parts = key.split()
            if len(parts) < 2:
                continue
            canonical = full.setdefault(key, person.canonical or person.text)
            person.canonical = canonical
            surname = parts[-1]
            if (
                len(surname) >= 3
                and surname not in name_stopwords()
                and parts[-2] not in gw("name_particle")
                # In long names (عبد الرحمن مصطفى أحمد صادق) a last word that is also a
                # given name is a forefather's name, not a family name to link.
                and (len(parts) <= 3 or surname not in given_names())
            ):
                surnames.setdefault(surname, set()).add(canonical)
        for person in people:
            if person.canonical is None:
                key = normalize_key(person.text)
                key_owners = surnames.get(key, set())
                owner = next(iter(key_owners)) if len(key_owners) == 1 else None
                person.canonical = full.get(key) or owner or person.text
        if not full:
            return
        taken = _entity_token_mask(doc, tokens)
        first_words = {key.split()[0] for key in full}
        # Every form (with و / ف) that can open a repeated name or be a linked surname.
        openers = {p + w for w in first_words | set(surnames) for p in _LINK_PREFIXES}
        i = 0
        while i < len(words):
            if taken[i]:
                i += 1
                continue
            word = words[i]
            if word not in openers:
                i += 1
                continue
            starts_full = any(
                word.startswith(p) and word[len(p) :] in first_words for p in _LINK_PREFIXES
            )
            repeat = self._full_name_at(words, i, full) if starts_full else None
            if repeat is not None:
                length, canonical = repeat
                if not any(taken[i : i + length]):
                    start = tokens[i].start + _link_prefix(words[i], canonical)
                    doc.add_entity(
                        "PERSON",
                        start,
                        tokens[i + length - 1].end,
                        STAGE,
                        canonical=canonical,
                        title=None,
                        label="repeat",
                    )
                    i += length
                    continue
            for prefix in _LINK_PREFIXES:
                if not words[i].startswith(prefix):
                    continue
                stem = words[i][len(prefix) :]
                owners = surnames.get(stem)
                if owners and len(owners) == 1 and not _after_other_name(words, i):
                    (canonical,) = owners
                    doc.add_entity(
                        "PERSON",
                        tokens[i].start + len(prefix),
                        tokens[i].end,
                        STAGE,
                        canonical=canonical,
                        label="surname",
                        confidence=0.8,
                    )
                    break
            i += 1

    def _full_name_at(
        self, words: list[str], i: int, full: dict[str, str]
    ) -> tuple[int, str] | None:
        for length in range(MAX_NAME_TOKENS, 1, -1):
            if i + length > len(words):
                continue
            for prefix in _LINK_PREFIXES:
                if not words[i].startswith(prefix):
                    continue
                key = " ".join([words[i][len(prefix) :], *words[i + 1 : i + length]])
                if key in full:
                    return length, full[key]
        return None


def _took_title(mention: PersonMention, user: list[tuple[PersonMention, UserRow]]) -> bool:
    """Whether a rank or office mention reads a name of the user's lexicon: the user's
    mention takes its title (العقيد + a listed name) and the rule mention is dropped."""
    for known, _ in user:
        if mention.start < known.end and known.start < mention.end:
            known.title = known.title or mention.title
            return True
    return False


def _bare_in(word: str, table: frozenset[str]) -> bool:
    """Whether the word, or its stem without proclitics, is in the table."""
    return any(stem in table for _, stem in clitic_readings(word))


def _modifiers(words: list[str], j: int) -> int:
    """Skip rank modifiers (ركن، الركن، مهندس ...) after a rank."""
    table = rank_table()
    while j < len(words):
        hit = table.get(words[j])
        if hit is None or hit.kind not in ("modifier", "honorific"):
            break
        j += 1
    return j


def _link_prefix(word: str, canonical: str) -> int:
    for prefix in CONJUNCTIONS:
        if word.startswith(prefix) and not normalize_key(canonical).startswith(prefix):
            return len(prefix)
    return 0


def _after_other_name(words: list[str], i: int) -> bool:
    """`علي صالح`, `حماد سالمان غنيم`: a last name inside another person's name is not
    the one met before. Words of saying, titles and particles may stand before it."""
    if i == 0:
        return False
    prev = words[i - 1]
    if prev in given_names():
        return True
    return (
        prev.isalpha()
        and not prev.startswith(("ال", "و", "ف"))  # وهاجم صالح: a verb, not a name
        and prev not in name_stopwords()
        and prev not in _title_words()
        and prev not in office_lexicon()
    )


def _rank_at(words: list[str], j: int) -> tuple[int, bool] | None:
    """(tokens, ambiguous) of a rank starting at token j."""
    for length in (2, 1):
        if j + length > len(words):
            continue
        hit = rank_table().get(" ".join(words[j : j + length]))
        if hit is not None and hit.kind == "rank":
            return length, hit.ambiguous
    return None


def _entity_token_mask(
    doc: Document,
    tokens: list[Token],
    exclude_types: tuple[str, ...] = (),
    exclude_stages: tuple[str, ...] = (),
) -> list[bool]:
    """For each token, whether an entity (of a type and stage not excluded) covers it."""
    covered = bytearray(len(doc.norm.text) + 1)
    for entity in doc.entities:
        if entity.type not in exclude_types and entity.stage not in exclude_stages:
            start, end = norm_span(doc, entity)
            covered[start:end] = b"\x01" * (end - start)
    if not any(covered):
        return [False] * len(tokens)
    return [covered.find(1, t.start, t.end) >= 0 for t in tokens]
