"""Clusters turned into Event records with ACLED/PLOVER codes and confidence."""

from __future__ import annotations

from newsie.schema import (
    Event,
    EventMention,
    Span,
)
from newsie.stages.events.actors import article_force, cluster_actors, initiator_is_nonstate
from newsie.stages.events.analysis import Analysis
from newsie.stages.events.confidence import event_confidence
from newsie.stages.events.lexicon import event_types
from newsie.stages.events.locations import distinct_locations
from newsie.stages.events.merging import Cluster
from newsie.stages.events.precision import fatalities, geo_precision, time_precision
from newsie.text.offsets import norm_offsets


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
    actors = cluster_actors(cluster.mentions, primary) or article_force(ana, primary)
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
    )
    event.confidence = event_confidence(event, len(doc.text))
    return event
