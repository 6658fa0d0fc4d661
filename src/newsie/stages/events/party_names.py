"""How a party is written in an event record: the entity's text as an article of
record writes it (no hashtag), or the name a force goes by in the article (المقاومة
الشعبية for قوات المقاومة الشعبية)."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from newsie.schema import EventActor
from newsie.stages.events.analysis import Analysis, Placed
from newsie.stages.events.lexicon import FORCE_TYPES, function_words, norm_key
from newsie.text.offsets import OrigOffset


def actor_of(p: Placed, role: str, ana: Analysis | None = None) -> EventActor:
    e = p.entity
    country = e.code if e.type == "COUNTRY" else e.country
    text, start = as_written(e.text), e.start
    bare = bare_name(ana, p) if ana is not None else None
    if bare is not None:
        text, start = as_written(e.text[bare:]), OrigOffset(e.start + bare)
    return EventActor(
        text=text,
        type=e.type,
        role=role,
        canonical=e.canonical,
        canonical_name=e.canonical_name,
        country=country,
        start=start,
        end=e.end,
    )


def bare_name(ana: Analysis, p: Placed) -> int | None:
    """Where the name starts in a force word + name (قوات المقاومة الشعبية) when the
    article also names the force without the force word (المقاومة الشعبية): the name
    it goes by. None when the force word is part of the name (قوات سوريا الديمقراطية)."""
    words = p.entity.text.split()
    if len(words) < 2 or norm_key(words[0]) not in function_words("force_head"):
        return None
    rest = norm_key(" ".join(words[1:]))
    if rest not in force_names(ana):
        return None
    return p.entity.text.index(words[1], len(words[0]))


def force_names(ana: Analysis) -> frozenset[str]:
    """The article's force names, normalised; built once per document, not per actor."""
    if ana not in _FORCE_NAMES:
        _FORCE_NAMES[ana] = frozenset(
            norm_key(q.entity.text) for q in ana.entities if q.entity.type in FORCE_TYPES
        )
    return _FORCE_NAMES[ana]


_FORCE_NAMES: WeakKeyDictionary[Analysis, frozenset[str]] = WeakKeyDictionary()


def as_written(text: str) -> str:
    """A name as an article of record writes it: a social-media form (حركة #حماس،
    حركة_الشباب) without its hashtag and underscores; the span stays the text's."""
    return " ".join(text.replace("#", " ").replace("_", " ").split())
