"""The people pipeline stage: PERSON mentions from rank and office cues, the user's
names and the NER stage, with titles and linked later mentions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsie.claims import claim_changes, claim_drop, effective
from newsie.knowledge.military import (
    FORCE_TYPES,
    context_words,
    is_sports_article,
)
from newsie.knowledge.ranks_offices import (
    cue_lexicon,
    rank_table,
)
from newsie.knowledge.user_lexicon import UserRow, lexicons_of
from newsie.registry import STATISTICAL_STAGES, stage
from newsie.schema import Entity
from newsie.stages.people.linking import link_names
from newsie.stages.people.reader import STAGE, NerSpan, PersonMention, PersonReader
from newsie.stages.people.words import bare_in
from newsie.text.lexicon import Lexicon
from newsie.text.normalize import norm_span, normalize_key
from newsie.text.offsets import OrigOffset, norm_offsets
from newsie.text.spans import Range, Spans

if TYPE_CHECKING:
    from newsie.schema import Document


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
        reader = PersonReader.read(doc)
        tokens = reader.tokens
        by_start = {t.start: i for i, t in enumerate(tokens)}
        by_end = {t.end: i for i, t in enumerate(tokens)}
        mentions: list[PersonMention] = []
        claimed = [False] * len(tokens)
        text = doc.norm.text
        user = self._user_mentions(doc, reader, by_start, by_end, claimed)
        user_spans = Spans(m for m, _ in user)
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
            if first > 0 and bare_in(reader.words[first - 1], context_words("named_after")):
                continue  # طريق الملك عبدالله، مستشفى الملك خالد: a place's name
            mention = reader.after_cue(first, last, cue.values[0], cue.start)
            if mention is not None and user and _took_title(mention, user_spans):
                continue
            if mention is not None:
                mentions.append(mention)
                for k in range(first, mention.last_token + 1):
                    claimed[k] = True

        ner_people = [
            e for e in doc.entities if e.type == "PERSON" and e.stage in STATISTICAL_STAGES
        ]
        ner_spans = Spans(
            NerSpan(*norm_span(doc, e), order=i, entity=e) for i, e in enumerate(ner_people)
        )
        for mention in mentions:
            reader.extend_with_ner(mention, ner_spans)
        self._adopt_ner(doc, mentions + [m for m, _ in user], ner_people)
        persons = [
            doc.add_entity(
                "PERSON",
                *norm_offsets(m.start, m.end),
                STAGE,
                title=m.title,
                label="rank-or-office",
            )
            for m in mentions
        ]
        persons += [
            doc.add_entity(
                "PERSON",
                *norm_offsets(m.start, m.end),
                STAGE,
                title=m.title,
                canonical=row.canonical_id,
                canonical_name=row.display_name,
                country=row.country,
                label="user",
            )
            for m, row in user
        ]
        # NER persons as copies: the titles and links read for them are claims, which
        # resolve applies to the NER stage's entities.
        view = effective(doc, STAGE)
        copies = {
            id(e): e.model_copy()
            for e in view
            if e.type == "PERSON" and e.stage in STATISTICAL_STAGES
        }
        for copy in copies.values():
            _title_out(copy)
        entities = [copies.get(id(e), e) for e in view]
        link_names(doc, persons, reader.words, tokens, entities)
        for original in ner_people:
            if id(original) in copies:
                claim_changes(
                    doc, STAGE, original, copies[id(original)], "rank moved to title; name linked"
                )
        return doc

    def _user_mentions(
        self,
        doc: Document,
        reader: PersonReader,
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
        """One mention per name: claim NER spans (PERSON, or an ORG/LOC guess) that the
        rules read as a person too, and NER persons inside a force's name, for resolve
        to drop."""
        spans = Spans(Range(*doc.norm.to_original(*norm_offsets(m.start, m.end))) for m in mentions)
        force_spans = Spans(e for e in doc.entities if e.type in FORCE_TYPES)
        for entity in doc.entities:
            if entity.stage not in STATISTICAL_STAGES:
                continue
            if spans.overlapping(entity.start, entity.end):
                claim_drop(doc, STAGE, entity, "the rules read a person here")
            elif entity.type == "PERSON" and force_spans.containing(entity.start, entity.end):
                claim_drop(doc, STAGE, entity, "a person's name inside a force's name")


def _title_out(entity: Entity) -> None:
    """Trim a rank NER kept at the start of a person's name into its title."""
    if " " not in entity.text:
        return
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
        entity.start = OrigOffset(entity.end - len(name))
        entity.text = name


def _took_title(mention: PersonMention, user: Spans[PersonMention]) -> bool:
    """Whether a rank or office mention reads a name of the user's lexicon: the user's
    mention takes its title (العقيد + a listed name) and the rule mention is dropped."""
    for known in user.overlapping(mention.start, mention.end):
        known.title = known.title or mention.title
        return True
    return False
