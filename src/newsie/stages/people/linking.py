"""Later mentions of a person: a repeated full name, or a last name alone, linked to
the full name (`canonical`) so that events can count the person once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsie.knowledge.names import (
    given_names,
    name_stopwords,
)
from newsie.lang.ar.clitics import CONJUNCTIONS
from newsie.lang.ar.grammar_words import gw
from newsie.registry import STATISTICAL_STAGES
from newsie.schema import Entity
from newsie.stages.people.reader import STAGE, entity_token_mask
from newsie.stages.people.words import MAX_NAME_TOKENS, after_other_name
from newsie.text.normalize import normalize_key
from newsie.text.offsets import norm_offsets

if TYPE_CHECKING:
    from newsie.schema import Document
    from newsie.text.segment import Token


# Conjunctions a repeated name or a last name may carry (وياور، فالزوي).
_LINK_PREFIXES = ("", *CONJUNCTIONS)


def link_names(
    doc: Document,
    persons: list[Entity],
    words: list[str],
    tokens: list[Token],
    entities: list[Entity],
) -> None:
    """Full names repeated and last names alone, linked to the full name. `entities` is
    the document's entities as the stage sees them (its claims applied, NER persons as
    copies the linking may edit)."""
    people = persons + [e for e in entities if e.type == "PERSON" and e.stage in STATISTICAL_STAGES]
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
    taken = entity_token_mask(doc, tokens, entities=entities)
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
        repeat = full_name_at(words, i, full) if starts_full else None
        if repeat is not None:
            length, canonical = repeat
            if not any(taken[i : i + length]):
                start = tokens[i].start + _link_prefix(words[i], canonical)
                doc.add_entity(
                    "PERSON",
                    *norm_offsets(start, tokens[i + length - 1].end),
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
            if owners and len(owners) == 1 and not after_other_name(words, i):
                (canonical,) = owners
                doc.add_entity(
                    "PERSON",
                    *norm_offsets(tokens[i].start + len(prefix), tokens[i].end),
                    STAGE,
                    canonical=canonical,
                    label="surname",
                    confidence=0.8,
                )
                break
        i += 1


def full_name_at(words: list[str], i: int, full: dict[str, str]) -> tuple[int, str] | None:
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


def _link_prefix(word: str, canonical: str) -> int:
    for prefix in CONJUNCTIONS:
        if word.startswith(prefix) and not normalize_key(canonical).startswith(prefix):
            return len(prefix)
    return 0
