"""What the merge loop asks of every cluster for each new mention, kept up to date as
mentions join, so that comparing a mention with a cluster costs O(1) instead of a
pass over the cluster's mentions (a long article has thousands of both).

The facts are the unions and firsts of the cluster's mentions (their places, tolls,
parties, clauses, trigger heads, dates). They hold only while mentions join through
`Cluster.add` and are not changed after: `merge_mentions` drops them before the
folds that retype mentions, and a cluster without them computes everything anew.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsie.stages.events.analysis import Mention

# How directly a date was found: the lower, the better (Cluster.date).
DATE_RANK = {"sentence": 0, "paragraph": 1, "article": 2, "published": 3}


@dataclass
class ClusterFacts:
    size: int = 0
    admin1s: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    localities: set[str] = field(default_factory=set)
    actor_keys: set[str] = field(default_factory=set)
    killed: set[int] = field(default_factory=set)
    wounded: set[int] = field(default_factory=set)
    # (sentence, clause) of each mention; the trigger heads of each mention.
    clauses: set[tuple[int, int]] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    first_strong: Mention | None = None
    # The first dated mention of the best date rank, among the strong ones and among all.
    best_strong: Mention | None = None
    best_any: Mention | None = None
    min_sentence: int | None = None
    last_start: int | None = None
    in_order: bool = True  # mentions joined in text order

    def add(
        self,
        m: Mention,
        *,
        admin1s: set[str],
        countries: set[str],
        places: set[str],
        actors: set[str],
        clause: int,
        head: str,
    ) -> None:
        self.size += 1
        self.admin1s |= admin1s
        self.countries |= countries
        self.localities |= places
        self.actor_keys |= actors
        if m.killed is not None:
            self.killed.add(m.killed)
        if m.wounded is not None:
            self.wounded.add(m.wounded)
        self.clauses.add((m.sentence, clause))
        self.heads.add(head)
        strong = m.strength == "strong"
        if strong and self.first_strong is None:
            self.first_strong = m
        if m.date is not None:
            rank = DATE_RANK[m.date.source]
            if strong and (self.best_strong is None or rank < _rank(self.best_strong)):
                self.best_strong = m
            if self.best_any is None or rank < _rank(self.best_any):
                self.best_any = m
        if self.min_sentence is None or m.sentence < self.min_sentence:
            self.min_sentence = m.sentence
        if self.last_start is not None and m.start <= self.last_start:
            self.in_order = False
        self.last_start = m.start if self.last_start is None else max(self.last_start, m.start)


def _rank(m: Mention) -> int:
    return DATE_RANK[m.date.source] if m.date is not None else len(DATE_RANK)
