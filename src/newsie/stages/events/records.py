"""Clusters turned into Event records with ACLED/PLOVER codes and confidence."""

from __future__ import annotations

from newsie.schema import (
    Event,
    EventActor,
    EventLocation,
    EventMention,
    Span,
)
from newsie.stages.events.actors import cluster_actors, initiator_is_nonstate
from newsie.stages.events.analysis import Analysis, Mention
from newsie.stages.events.lexicon import event_types
from newsie.stages.events.locations import distinct_locations
from newsie.stages.events.merging import Cluster


def span_of(ana: Analysis, start: int, end: int) -> Span:
    s, e = ana.doc.norm.to_original(start, end)
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
    actors = cluster_actors(cluster.mentions, primary)
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
        trigger=span_of(ana, primary.start, primary.end),
        sentence=span_of(ana, sentence.start, sentence.end),
        mentions=[
            EventMention(
                trigger=span_of(ana, m.start, m.end),
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
        confidence=event_confidence(cluster, primary, locations, actors),
    )


def event_confidence(
    cluster: Cluster,
    primary: Mention,
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
