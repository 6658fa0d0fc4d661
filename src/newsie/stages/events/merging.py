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


# How many sentences back a mention may join or refer to an event: longer than a news
# article, so an article's mentions see all its events; a long concatenation (a
# scraped archive glued into one file) stays linear in its length.
REACH_SENTENCES = 80


class _Recent:
    """The clusters by their last mention, latest last: those within reach of a
    mention are read from the end, in the order they were made."""

    def __init__(self) -> None:
        self._by_last: dict[int, Cluster] = {}
        self._made: dict[int, int] = {}

    def touch(self, c: Cluster) -> None:
        self._made.setdefault(id(c), len(self._made))
        self._by_last.pop(id(c), None)
        self._by_last[id(c)] = c

    def within_reach(self, m: Mention) -> list[Cluster]:
        near = []
        for c in reversed(self._by_last.values()):
            if c.mentions[-1].sentence < m.sentence - REACH_SENTENCES:
                break
            near.append(c)
        return sorted(near, key=lambda c: self._made[id(c)])


def merge_mentions(ana: Analysis, mentions: list[Mention]) -> list[Cluster]:
    clusters: list[Cluster] = []
    recent = _Recent()
    for m in mentions:
        if another(ana, m):
            clusters.append(Cluster([m]))  # هجوم آخر: not one told before
            recent.touch(clusters[-1])
            continue
        near = recent.within_reach(m)
        apart = told_apart(ana, near, m)
        antecedent = find_antecedent(ana, near, m, apart) if m.definite else None
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
            recent.touch(antecedent)
            continue
        for c in near:
            if not any(c is a for a in apart) and c.accepts(ana, m):
                c.mentions.append(m)
                recent.touch(c)
                break
        else:
            clusters.append(Cluster([m]))
            recent.touch(clusters[-1])
    clusters = fold_generic(ana, clusters)
    clusters = fold_retyped(ana, clusters)
    # Ambiguous cues only corroborate: an event needs one unambiguous mention, and
    # events are listed in the order of their first unambiguous mention.
    kept = [c for c in clusters if any(m.strength == "strong" for m in c.mentions)]
    return sorted(kept, key=lambda c: next(m.start for m in c.mentions if m.strength == "strong"))
