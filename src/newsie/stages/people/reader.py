"""Reading people from one document's tokens: a rank or office, its complement, then
the name, stopping at other entities; NER spans extend a mention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from newsie.knowledge.names import (
    given_names,
    looks_like_name_start,
    name_stopwords,
    office_adjectives,
)
from newsie.knowledge.nationalities import nationalities
from newsie.knowledge.ranks_offices import Title
from newsie.lang.ar.grammar_words import gp, gw
from newsie.registry import STATISTICAL_STAGES
from newsie.schema import Entity
from newsie.stages.people.words import (
    MAX_COMPLEMENT_TOKENS,
    MAX_NAME_TOKENS,
    rank_at,
    skip_modifiers,
    stops_name,
)
from newsie.text.normalize import norm_span
from newsie.text.offsets import norm_offsets
from newsie.text.spans import Spans

if TYPE_CHECKING:
    from newsie.schema import Document
    from newsie.text.segment import Token

# The stage the PERSON entities are written under.
STAGE = "people"


_PLACE_TYPES = ("LOCATION", "PROVINCE", "COUNTRY")


@dataclass
class PersonMention:
    start: int  # normalised offsets
    end: int
    title: str | None
    first_token: int
    last_token: int


@dataclass
class PersonReader:
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
    def read(cls, doc: Document) -> PersonReader:
        tokens = doc.tokens
        blocked = entity_token_mask(doc, tokens, exclude_types=("PERSON",))
        hard = entity_token_mask(
            doc,
            tokens,
            exclude_types=("PERSON", *_PLACE_TYPES),
            exclude_stages=tuple(STATISTICAL_STAGES),
        )
        name_ali = {
            i
            for i, t in enumerate(tokens)
            if t.text in gw("ali")
            and doc.norm.original_text(*norm_offsets(t.start, t.end)).endswith("ي")
        }
        ner_starts: set[int] = {
            norm_span(doc, e)[0]
            for e in doc.entities
            if e.type == "PERSON" and e.stage in STATISTICAL_STAGES
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

    def extend_with_ner(self, mention: PersonMention, ner_people: Spans[NerSpan]) -> None:
        """Take NER's longer end for a name the rules cut short (يوسف محمد | علي), when
        the words added are plain name words: the first NER person (in the document's
        order) that holds the mention's start and ends after it."""
        around = ner_people.containing(mention.start, mention.start + 1)
        longer = [n for n in around if n.end > mention.end]
        for _, end, _, _ in sorted(longer, key=lambda n: n.order)[:1]:
            k = mention.last_token + 1
            while k < len(self.tokens) and self.tokens[k].end <= end:
                word = self.words[k]
                if not word.isalpha() or (stops_name(word) and k not in self.name_ali):
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
            rank = rank_at(words, j)
            if rank is not None:
                title_start = tokens[j].start
                ambiguous = rank[1]
                office_only = False
                j = skip_modifiers(words, j + rank[0])
                title_end = tokens[j - 1].end
        else:
            j = skip_modifiers(words, j)
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
        title_text = self.doc.norm.original_text(*norm_offsets(title_start, title_end)) or None
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
            if rank_at(words, j) is not None:
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
            stops_name(words[j])
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
            elif stops_name(word) or word.startswith(gp("not_name_prefix")):
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


class NerSpan(NamedTuple):
    """A NER person's normalised span, its place among them, and itself."""

    start: int
    end: int
    order: int
    entity: Entity


def entity_token_mask(
    doc: Document,
    tokens: list[Token],
    exclude_types: tuple[str, ...] = (),
    exclude_stages: tuple[str, ...] = (),
    entities: list[Entity] | None = None,
) -> list[bool]:
    """For each token, whether an entity (of a type and stage not excluded) covers it;
    the document's entities, or those given."""
    covered = bytearray(len(doc.norm.text) + 1)
    for entity in doc.entities if entities is None else entities:
        if entity.type not in exclude_types and entity.stage not in exclude_stages:
            start, end = norm_span(doc, entity)
            covered[start:end] = b"\x01" * (end - start)
    if not any(covered):
        return [False] * len(tokens)
    return [covered.find(1, t.start, t.end) >= 0 for t in tokens]
