"""The merge loop: each mention joins the event it refers back to (a definite
mention), else the first event of its type that accepts it, else starts one; then
the folds of generic and retyped events into the events they name."""

from __future__ import annotations

from collections.abc import Callable

from newsie.stages.events.analysis import Analysis, Mention
from newsie.stages.events.cluster_facts import ClusterFacts
from newsie.stages.events.lexicon import PLACE_TYPES, event_types
from newsie.stages.events.merging import (
    Cluster,
    dates_compatible,
    localities,
    localities_agree,
    location_admin1s,
    mention_places,
    places_compatible,
    trigger_head,
)


def find_antecedent(
    ana: Analysis, clusters: list[Cluster], m: Mention, recent: Recent | None = None
) -> Cluster | None:
    """The event a definite mention (الهجوم، هذا الهجوم) refers back to when it adds
    nothing of its own (no toll in its sentence, no place or date of its own that
    disagrees; figures in the sentences after it go with it to the event): the
    latest earlier event of its type, else one named with the same word (هجوما
    انتحاريا ... الهجوم), else one of a type it may stand for (event_types.tsv,
    refers_to)."""
    if m.toll_here:
        return None  # a toll of its own sentence is news
    refers_to = event_types()[m.type].refers_to
    head = trigger_head(ana, m)
    own = location_admin1s([loc for loc in m.locations if loc.source == "sentence"])
    # Else its paragraph's (وفي صرواح، ... المدفعية): a place told just before it.
    own = own or location_admin1s([loc for loc in m.locations if loc.source == "paragraph"])
    by_place = event_types()[m.type].by_place
    places = mention_places(ana, m)

    def agrees(c: Cluster) -> bool:
        facts = c.live()
        theirs = facts.admin1s if facts is not None else location_admin1s(c.locations())
        if own and theirs and not own & theirs:
            return False
        if by_place and places and not places & localities(ana, c):
            return False  # السيطرة على مدينة أخرى: another town taken
        return (
            m.date is None
            or m.date.source == "published"
            or dates_compatible(c.known_date(), m.date)
        )

    if recent is not None and recent.all_before(m):
        return recent.antecedent(m, head, refers_to, agrees)
    ranked: list[tuple[int, int, Cluster]] = []
    for c in clusters:
        earlier = [x for x in c.mentions if x.start < m.start]
        if not earlier:
            continue
        if c.type == m.type:
            tier = 0  # a weak cue before it (استهداف ... الهجوم) is the same event
        elif not any(x.strength == "strong" for x in earlier):
            continue
        elif any(trigger_head(ana, x) == head for x in earlier):
            tier = 1
        elif c.type in refers_to and any(x.sentence < m.sentence for x in earlier):
            # Not an event of another type named beside it (المداهمة ... بتدبير الهجوم).
            tier = 2
        else:
            continue
        if agrees(c):
            ranked.append((tier, -max(x.start for x in earlier), c))
    return min(ranked, key=lambda r: r[:2])[2] if ranked else None


class Recent:
    """The merge loop's clusters by type, the one with the latest mention last, and by
    the trigger heads of their mentions: a definite mention looks for what it refers
    to from the latest back, tier by tier (find_antecedent), and stops at the first
    that agrees, instead of ranking every cluster. Holds while mentions come in text
    order and join through `Cluster.add` (their facts are live)."""

    def __init__(self) -> None:
        self.by_type: dict[str, dict[int, Cluster]] = {}
        self.by_head: dict[str, dict[int, Cluster]] = {}
        self.last = -1
        self.ordered = True

    def joined(self, ana: Analysis, c: Cluster, m: Mention) -> None:
        """`m` was added to `c`: `c` is now the latest of its type."""
        self.ordered = self.ordered and m.start > self.last and c.live() is not None
        self.last = max(self.last, m.start)
        latest = self.by_type.setdefault(c.type, {})
        latest.pop(id(c), None)
        latest[id(c)] = c
        self.by_head.setdefault(trigger_head(ana, m), {})[id(c)] = c

    def all_before(self, m: Mention) -> bool:
        return self.ordered and m.start > self.last

    def antecedent(
        self, m: Mention, head: str, refers_to: frozenset[str], agrees: Callable[[Cluster], bool]
    ) -> Cluster | None:
        for c in reversed(self.by_type.get(m.type, {}).values()):
            if agrees(c):
                return c  # tier 0: its type, the latest that agrees
        named = [
            c
            for c in self.by_head.get(head, {}).values()
            if c.type != m.type and _facts(c).first_strong is not None
        ]
        for c in sorted(named, key=lambda c: -(_facts(c).last_start or 0)):
            if agrees(c):
                return c  # tier 1: named with the same word
        standing = [
            c
            for t in refers_to - {m.type}
            for c in self.by_type.get(t, {}).values()
            if _facts(c).first_strong is not None
            and head not in _facts(c).heads
            and (_facts(c).min_sentence or 0) < m.sentence
        ]
        for c in sorted(standing, key=lambda c: -(_facts(c).last_start or 0)):
            if agrees(c):
                return c  # tier 2: a type it may stand for
        return None


def _facts(c: Cluster) -> ClusterFacts:
    facts = c.live()
    assert facts is not None, "Recent holds clusters whose mentions joined through add"
    return facts


def fold_generic(ana: Analysis, clusters: list[Cluster]) -> list[Cluster]:
    """An event told only with a generic word (قصف، هجوم) that yields to a specific
    type (trigger other_types) is that type's event when the article has one at a
    compatible place and date (الجيش يقصف مواقع المتطرفين ... غارات جوية على بنغازي)."""

    def yields_to(c: Cluster) -> frozenset[str]:
        if any(m.killed is not None or m.wounded is not None for m in c.mentions):
            return frozenset()
        if all(m.definite for m in c.mentions):
            return frozenset()  # الهجوم with no antecedent: find_antecedent's business
        return frozenset.intersection(*(m.other_types for m in c.mentions)) - {c.type}

    generic = {id(c): yields_to(c) for c in clusters}
    # The clusters that may take others in, by type (which the fold does not change).
    takers: dict[str, list[int]] = {}
    for i, o in enumerate(clusters):
        if not generic[id(o)]:
            takers.setdefault(o.type, []).append(i)
    kept: list[Cluster] = []
    for c in clusters:
        target = None
        if generic[id(c)]:
            candidates = sorted(i for t in generic[id(c)] for i in takers.get(t, []))
            target = next(
                (
                    o
                    for o in (clusters[i] for i in candidates)
                    if not generic[id(o)]
                    and o.type in generic[id(c)]
                    and any(m.strength == "strong" for m in o.mentions)
                    # The better told event: a detail (طائرات مسيرة) of the attack
                    # the article is about does not swallow it.
                    and len(o.mentions) >= len(c.mentions)
                    and places_compatible(o.locations(), c.locations())
                    and localities_agree(ana, o, c)
                    and dates_compatible(o.known_date(), c.known_date())
                ),
                None,
            )
        if target is not None:
            target.mentions.extend(c.mentions)  # after its own: they keep the type
        else:
            kept.append(c)
    return kept


def fold_retyped(ana: Analysis, clusters: list[Cluster]) -> list[Cluster]:
    """The word a context cue retyped (بدأت القوات هجوما على المدينة: a campaign) names
    the same event where no cue retypes it: a headline (القوات تشن هجوما على المدينة)
    or a later الهجوم without a toll of its own joins the retyped event when places
    and dates agree (a definite mention's own place is often another party's)."""
    # The clusters with a retyped mention of each trigger head. The fold adds to a
    # cluster only mentions that are not retyped, so this holds throughout.
    retyped: dict[str, list[Cluster]] = {}
    for o in clusters:
        for head in dict.fromkeys(trigger_head(ana, x) for x in o.mentions if x.retyped):
            retyped.setdefault(head, []).append(o)
    kept: list[Cluster] = []
    for c in clusters:
        heads = {trigger_head(ana, m) for m in c.mentions}
        target = None
        if len(heads) == 1 and all(m.killed is None and m.wounded is None for m in c.mentions):
            target = next(
                (
                    o
                    for o in retyped.get(next(iter(heads)), [])
                    if o is not c
                    and o.type != c.type
                    and any(x.retyped and trigger_head(ana, x) in heads for x in o.mentions)
                    and not any(x.retyped for x in c.mentions)
                    and (
                        all(m.definite for m in c.mentions)
                        or places_compatible(o.locations(), c.locations())
                    )
                    and dates_compatible(o.known_date(), c.known_date())
                ),
                None,
            )
        if target is not None:
            for m in c.mentions:
                m.type = target.type
            target.mentions.extend(c.mentions)
        else:
            kept.append(c)
    return kept


# Types an article names with a bare definite noun as background (المعارك، التفجيرات،
# العمليات العسكرية); a takeover or a meeting names its object or its parties.
BACKGROUND_TYPES = frozenset({"ARMED_CLASH", "EXPLOSION", "MILITARY_OPERATION"})


def unanchored(ana: Analysis, m: Mention) -> bool:
    """`لعب دورا في المعارك ضد التنظيم`: a definite mention with nothing before it to
    refer to and no place, date, toll or pair of parties in its own sentence is
    background."""
    return (
        m.definite
        and m.type in BACKGROUND_TYPES
        and not m.toll_here
        and m.killed is None
        and m.wounded is None
        and len(m.actors) < 2
        and not ana.in_sentence(m.sentence, *PLACE_TYPES, "COUNTRY")
        and (m.date is None or m.date.source != "sentence")
    )


def merge_mentions(ana: Analysis, mentions: list[Mention]) -> list[Cluster]:
    clusters: list[Cluster] = []
    by_type: dict[str, list[Cluster]] = {}  # in order of creation, as `clusters`
    recent = Recent()
    for m in mentions:
        antecedent = find_antecedent(ana, clusters, m, recent) if m.definite else None
        if antecedent is None and unanchored(ana, m):
            m.strength = "weak"
        if antecedent is None and m.demonstrative:
            # هذه الهجمات with nothing before it to point at: the article told of
            # it without a trigger word (or not at all); it only corroborates.
            m.strength = "weak"
        if antecedent is not None:
            # Its places from the paragraph or article are not news about the event.
            m.locations = [loc for loc in m.locations if loc.source == "sentence"]
            antecedent.add(ana, m)
            recent.joined(ana, antecedent, m)
            continue
        # A cluster of another type never accepts: only those of its type are asked.
        for c in by_type.setdefault(m.type, []):
            if c.accepts(ana, m):
                c.add(ana, m)
                recent.joined(ana, c, m)
                break
        else:
            clusters.append(Cluster.start(ana, m))
            by_type[m.type].append(clusters[-1])
            recent.joined(ana, clusters[-1], m)
    for c in clusters:
        c.facts = None  # the folds change mentions' types: no facts past here
    clusters = fold_generic(ana, clusters)
    clusters = fold_retyped(ana, clusters)
    # Ambiguous cues only corroborate: an event needs one unambiguous mention, and
    # events are listed in the order of their first unambiguous mention.
    kept = [c for c in clusters if any(m.strength == "strong" for m in c.mentions)]
    return sorted(kept, key=lambda c: next(m.start for m in c.mentions if m.strength == "strong"))
