"""Who took part: the parties of a mention from its own clause, with roles."""

from __future__ import annotations

import bisect
from collections import Counter

from newsie.schema import (
    Entity,
    EventActor,
)
from newsie.stages.events.analysis import Analysis, Mention, Placed, bare_forms
from newsie.stages.events.lexicon import ACTOR_TYPES, FORCE_TYPES, function_words, norm_key

# --- arguments ------------------------------------------------------------------------


def mention_actors(ana: Analysis, m: Mention) -> list[EventActor]:
    placed = [
        p
        for p in ana.in_sentence(m.sentence, *ACTOR_TYPES)
        if p.entity.type != "COUNTRY" or country_is_actor(ana, p, m.sentence)
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
        if function_words("between") & set(bare_forms(w)):
            after = [p for p in placed if p.start > starts[k]]
            if after:
                roles.setdefault(id(after[0]), "actor1")
                for p in after[1:2]:
                    roles.setdefault(id(p), "actor2")
    for p in placed:
        if id(p) in roles:
            continue
        k = bisect.bisect_left(starts, p.start)
        prev = [b for j in range(max(0, k - 2), k) for b in bare_forms(words[j])]
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
        key = p.entity.canonical or norm_key(p.entity.text)
        if key in seen:
            continue
        seen.add(key)
        actors.append(actor_of(p.entity, roles.get(id(p), "actor2")))
    return actors[:8]


def actor_of(e: Entity, role: str) -> EventActor:
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


def country_is_actor(ana: Analysis, p: Placed, sentence: int) -> bool:
    """A country is a party unless it is a place (في العراق، بسوريا، إلى اليمن)."""
    prev = ana.words_before(p.start, sentence, 1)
    if prev and norm_key(prev[0].text) in (function_words("locative") | function_words("place")):
        return False  # في العراق، شرق سوريا
    word_start = (
        ana.tokens[ana.token_at(p.start)].start
        if ana.token_at(p.start) < len(ana.tokens)
        else p.start
    )
    return not ana.text[word_start : p.start].endswith("ب")


def fill_article_actors(ana: Analysis, mentions: list[Mention]) -> None:
    """A mention without a party in its sentence takes those of the paragraph's
    nearest earlier mention, else the force the article is about (named most,
    at least twice)."""
    forces = Counter(
        p.entity.canonical or norm_key(p.entity.text)
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
                and (p.entity.canonical or norm_key(p.entity.text)) == key
            )
            main = actor_of(entity, "other")
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


def initiator_is_nonstate(ana: Analysis, actors: list[EventActor]) -> bool:
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
