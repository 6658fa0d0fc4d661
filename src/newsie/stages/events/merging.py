"""Mentions of one real event merged into one cluster; one record per incident."""

from __future__ import annotations

from newsie.stages.events.analysis import Analysis, Mention
from newsie.stages.events.clusters import Cluster, dates_compatible, place_words
from newsie.stages.events.coreference import (
    another,
    find_antecedent,
    fold_generic,
    fold_retyped,
    told_apart,
    unanchored,
)

# Other event modules import these from here.
__all__ = ["Cluster", "dates_compatible", "merge_mentions", "place_words"]


def merge_mentions(ana: Analysis, mentions: list[Mention]) -> list[Cluster]:
    clusters: list[Cluster] = []
    for m in mentions:
        if another(ana, m):
            clusters.append(Cluster([m]))  # هجوم آخر: not one told before
            continue
        apart = told_apart(ana, clusters, m)
        antecedent = find_antecedent(ana, clusters, m, apart) if m.definite else None
        if antecedent is None and unanchored(ana, m):
            m.strength = "weak"
        if antecedent is None and m.demonstrative:
            # هذه الهجمات with nothing before it to point at: the article told of
            # it without a trigger word (or not at all); it only corroborates.
            m.strength = "weak"
        if antecedent is not None:
            # Its places from the paragraph or article are not news about the event.
            m.locations = [loc for loc in m.locations if loc.source == "sentence"]
            antecedent.mentions.append(m)
            continue
        for c in clusters:
            if not any(c is a for a in apart) and c.accepts(ana, m):
                c.mentions.append(m)
                break
        else:
            clusters.append(Cluster([m]))
    clusters = fold_generic(ana, clusters)
    clusters = fold_retyped(ana, clusters)
    # Ambiguous cues only corroborate: an event needs one unambiguous mention, and
    # events are listed in the order of their first unambiguous mention.
    kept = [c for c in clusters if any(m.strength == "strong" for m in c.mentions)]
    return sorted(kept, key=lambda c: next(m.start for m in c.mentions if m.strength == "strong"))
