"""Clusters turned into Event records with ACLED/PLOVER codes and confidence."""

from __future__ import annotations

from newsie.lang.ar.numbers import number_word
from newsie.schema import (
    Event,
    EventMention,
    Span,
)
from newsie.stages.events.actors import (
    article_force,
    cluster_actors,
    headline_sentences,
    initiator_is_nonstate,
)
from newsie.stages.events.analysis import Analysis
from newsie.stages.events.confidence import event_confidence
from newsie.stages.events.generic_actors import adjective
from newsie.stages.events.lexicon import event_types, function_words, norm_key
from newsie.stages.events.locations import distinct_locations
from newsie.stages.events.merging import Cluster
from newsie.stages.events.precision import fatalities, geo_precision, time_precision
from newsie.text.offsets import norm_offsets


def trigger_span(ana: Analysis, start: int, end: int) -> Span:
    """The trigger with the adjectives after its noun, as an annotator marks it (غارة
    جوية إسرائيلية، الاشتباكات العنيفة): at most two, agreeing in definiteness."""
    last = norm_key(ana.text[start:end].split()[-1])
    definite = last.startswith("ال")
    if not definite and not _nominal(last):
        return span_of(ana, start, end)
    k = ana.token_at(end)
    for _ in range(2):
        if k >= len(ana.tokens) or ana.text[end : ana.tokens[k].start].strip():
            break
        if not _trigger_adjective(ana, k, definite):
            break
        end = ana.tokens[k].end
        k += 1
    return span_of(ana, start, end)


def _nominal(word: str) -> bool:
    """An indefinite trigger word that can take an adjective: not a verb with its
    subject's or object's ending (قصفت، خطفها، يستهدف), not a particle (على)."""
    if word in function_words("trigger_particle") or len(word) < 3:
        return False
    if word.startswith("ي") or (word.endswith("ت") and not word.endswith("ات")):
        return False
    return not word.endswith(("ها", "هم", "هما"))


def _trigger_adjective(ana: Analysis, k: int, definite: bool) -> bool:
    token = ana.tokens[k]
    key = norm_key(token.text)
    start, end = ana.doc.norm.to_original(*norm_offsets(token.start, token.end))
    if ana.doc.text[start:end].endswith("ى") or number_word(key) is not None:
        return False  # مبنى، إحدى: no relation adjectives; ثمانية: a number
    if key in function_words("not_trigger_adjective"):
        return False
    bare = key[2:] if definite and key.startswith("ال") else None if definite else key
    return bare in function_words("event_adjective") or adjective(ana, ana.tokens, k, definite)


def span_of(ana: Analysis, start: int, end: int) -> Span:
    s, e = ana.doc.norm.to_original(*norm_offsets(start, end))
    return Span(start=s, end=e, text=ana.doc.text[s:e])


def to_event(ana: Analysis, cluster: Cluster, index: int) -> Event:
    doc = ana.doc
    info = event_types()[cluster.type]
    primary = next(m for m in cluster.mentions if m.strength == "strong")
    sentence = ana.sentences[primary.sentence]
    locations = distinct_locations(
        sorted(
            cluster.locations(),
            key=lambda loc: {"sentence": 0, "paragraph": 1, "article": 2}[loc.source],
        )
    )
    actors = cluster_actors(cluster.mentions, primary, headline_sentences(ana))
    actors = actors or article_force(ana, primary)
    killed = [m.killed for m in cluster.mentions if m.killed is not None]
    wounded = [m.wounded for m in cluster.mentions if m.wounded is not None]
    date = cluster.date()
    if date is not None and date.source == "published" and date.start is not None:
        # The fallback was the day the article's lead gives for its news, not the
        # publication date itself: say where it came from.
        date = date.model_copy(update={"source": "article"})
    most_killed = max(killed) if killed else None
    event = Event(
        event_id=f"{doc.doc_id}#{index}",
        doc_id=doc.doc_id,
        type=cluster.type,
        date=date,
        locations=locations,
        actors=actors,
        killed=most_killed,
        wounded=max(wounded) if wounded else None,
        fatalities=fatalities(most_killed),
        time_precision=time_precision(doc, date, ana.original_spans()),
        geo_precision=geo_precision(doc, locations, ana.original_spans()),
        trigger=trigger_span(ana, primary.start, primary.end),
        sentence=span_of(ana, sentence.start, sentence.end),
        mentions=[
            EventMention(
                trigger=trigger_span(ana, m.start, m.end),
                sentence=span_of(
                    ana, ana.sentences[m.sentence].start, ana.sentences[m.sentence].end
                ),
            )
            for m in cluster.mentions
        ],
        acled_event_type=info.acled_event_type,
        acled_sub_event_type=(
            info.nonstate_acled_sub_event_type
            if info.nonstate_acled_sub_event_type and initiator_is_nonstate(ana, actors)
            else info.acled_sub_event_type
        ),
        plover_type=info.plover_type,
    )
    event.confidence = event_confidence(event, len(doc.text))
    return event
