"""Pairing gold events with output events, one to one.

An article may report several events of one type; which output event stands for
which gold event must not depend on the order the pipeline wrote them in. So the
pairs are a maximum bipartite matching (augmenting paths, gold events in file
order), each gold event trying first the output events whose triggers share most
of its trigger's words; the date, toll and actors are then compared pair by pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsie.evaluation.text import norm_tokens
from newsie.schema import Event

GoldEvent = dict[str, Any]


def gold_places(gold: GoldEvent) -> tuple[set[str], set[str]]:
    """The gold event's first-level divisions and country."""
    admin1 = set(gold.get("admin1") or [])
    countries = {gold["country"]} if gold.get("country") else set()
    return admin1, countries


def event_places(event: Event) -> tuple[set[str], set[str]]:
    admin1 = {loc.admin1 for loc in event.locations if loc.admin1}
    countries = {loc.country for loc in event.locations if loc.country}
    return admin1, countries


def same_place(gold: GoldEvent, event: Event) -> bool:
    """The output event is at the gold event's place: a shared first-level division;
    when the gold gives only a country, that country (or a division inside it); when
    the gold gives no place, any place."""
    g_admin1, g_countries = gold_places(gold)
    s_admin1, s_countries = event_places(event)
    if g_admin1:
        return bool(g_admin1 & s_admin1)
    if g_countries:
        return bool(g_countries & s_countries) or any(
            code.split("-")[0] in g_countries for code in s_admin1
        )
    return True


def trigger_overlap(gold: GoldEvent, event: Event) -> float:
    """Share of the gold trigger's words found in any of the event's triggers."""
    wanted = set(norm_tokens(gold.get("trigger") or ""))
    if not wanted:
        return 0.0
    spans = [m.trigger for m in event.mentions] or [event.trigger]
    found: set[str] = set()
    for span in spans:
        found.update(norm_tokens(span.text or ""))
    return len(wanted & found) / len(wanted)


def match_events(
    gold: Sequence[GoldEvent], events: Sequence[Event], *, by_place: bool
) -> list[tuple[GoldEvent, Event]]:
    """The largest set of one-to-one (gold, output) pairs of the same type, and
    also at a compatible place when `by_place`."""
    choices: list[list[int]] = []
    for g in gold:
        # Most shared trigger words first; among equals, the output's order.
        ranked = sorted(
            (-trigger_overlap(g, ev), i)
            for i, ev in enumerate(events)
            if ev.type == g.get("type") and (not by_place or same_place(g, ev))
        )
        choices.append([i for _, i in ranked])
    holder: dict[int, int] = {}  # output index -> gold index

    def augment(gi: int, visited: set[int]) -> bool:
        for si in choices[gi]:
            if si in visited:
                continue
            visited.add(si)
            if si not in holder or augment(holder[si], visited):
                holder[si] = gi
                return True
        return False

    for gi in range(len(gold)):
        augment(gi, set())
    return [(gold[gi], events[si]) for si, gi in sorted(holder.items(), key=lambda p: p[1])]
