"""Who took part: the parties of a mention from its own clause, with roles.

A party is a force, group or (for some event types) a person or state named in the
clause of the trigger, not inside a longer name, not the source of the report
(المتحدث باسم X، بحسب X) and not the speaker of reported words (قال X إن ...)."""

from __future__ import annotations

from functools import lru_cache
from weakref import WeakKeyDictionary

from newsie.resources import read_tsv
from newsie.schema import EventActor
from newsie.stages.events.analysis import (
    Analysis,
    Mention,
    Placed,
    clause_starts_of,
    of_role,
)
from newsie.stages.events.generic_actors import generic_parties
from newsie.stages.events.lexicon import ACTOR_TYPES, FORCE_TYPES, function_words, norm_key
from newsie.stages.events.party_clauses import (
    between_pair,
    between_sides,
    dropped_subject,
    in_aside,
    in_other_relative,
    in_relative_clause,
    nested,
    paired_before,
    paired_by_other,
    paired_elsewhere,
    toll_clause_end,
)
from newsie.stages.events.party_cues import (
    is_party,
    own_talks,
    owned_by_other,
    previous_bare,
    right_after_trigger,
    spokesman_force,
)
from newsie.stages.events.party_names import actor_of

# A mention names at most this many parties; an event takes the parties of its first
# strong mention and fills up to CLUSTER_FILL from its other mentions.
MAX_ACTORS = 4
CLUSTER_FILL = 3


@lru_cache(maxsize=1)
def article_force_types() -> dict[str, bool]:
    """Event types that fall back on the article's force, and whether only on a state
    force (actor_types.tsv: 1 any force, state only a state force)."""
    return {
        row["event_type"]: row["article_force"] == "state"
        for row in read_tsv("events/actor_types.tsv")
        if row["article_force"] in ("1", "state")
    }


@lru_cache(maxsize=1)
def between_only_types() -> frozenset[str]:
    """Event types whose parties are only the pair after بين when one is named."""
    return frozenset(
        row["event_type"]
        for row in read_tsv("events/actor_types.tsv")
        if row["between_only"] == "1"
    )


# --- candidates -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def party_types() -> dict[str, frozenset[str]]:
    """Entity types that can be parties of each event type (actor_types.tsv)."""
    return {
        row["event_type"]: frozenset(row["parties"].split())
        for row in read_tsv("events/actor_types.tsv")
    }


@lru_cache(maxsize=1)
def generic_classes() -> dict[str, frozenset[str]]:
    """Classes of generic actors each event type takes (actor_types.tsv)."""
    return {
        row["event_type"]: frozenset(row["generic"].split()) - {"-"}
        for row in read_tsv("events/actor_types.tsv")
    }


def clause_of(ana: Analysis, m: Mention) -> tuple[int, int]:
    """The span of the coordinate clause (كما، فيما، بينما) holding the trigger."""
    s = ana.sentences[m.sentence]
    starts = clause_starts_of(ana, m.sentence)
    lo = max([c for c in starts if c <= m.start], default=s.start)
    hi = min([c for c in starts if c > m.start], default=s.end)
    return lo, hi


def reported_from(ana: Analysis, m: Mention, lo: int) -> tuple[int, bool] | None:
    """The last complementiser between the clause start and the trigger (قال ... إن)
    and whether it carries the speaker as its subject pronoun (أعلن الجيش أنه ...)."""
    s = ana.sentences[m.sentence]
    found: tuple[int, bool] | None = None
    toks = ana.tokens[s.first_token : s.last_token]
    prev = ""
    for i, t in enumerate(toks):
        if t.start >= m.start:
            break
        key = norm_key(t.text)
        # منذ أن، بعد أن: a conjunction, not the start of reported words.
        if (
            t.start >= lo
            and key in function_words("complementiser")
            and not of_role(prev, "conjunction_an")
        ):
            # ذكر الجيش أن جنوده ...: the speaker's men, as with أنه.
            own = i + 1 < len(toks) and norm_key(toks[i + 1].text) in function_words("own_force")
            found = (t.start, own or key in function_words("complementiser_pronoun"))
        prev = t.text
    return found


# --- parties and roles ----------------------------------------------------------------


def mention_actors(
    ana: Analysis, m: Mention, neighbours: list[Mention] | None = None
) -> list[EventActor]:
    """The parties named in the trigger's own clause, outside the speaker's words and
    not the subject of another deed of the sentence (neighbours: its other mentions)."""
    _TOLD.setdefault(ana, {}).setdefault(m.sentence, []).append(m)
    allowed = party_types().get(m.type, frozenset())
    lo, hi = clause_of(ana, m)
    hi = toll_clause_end(ana, m, hi)
    sides = between_sides(ana, m, hi) if m.type in between_only_types() else set()
    placed = [
        p
        for p in ana.in_sentence(m.sentence, *(set(ACTOR_TYPES) | allowed | {"ORG"}))
        if lo <= p.start < hi
        and not nested(ana, p)
        and is_party(ana, p, m, allowed | ({"ORG"} if p.start in sides else frozenset()))
        and not owned_by_other(ana, p, m, neighbours or [])
    ]
    generic = generic_parties(
        ana, m, lo, hi, generic_classes().get(m.type, frozenset()), m.type in between_only_types()
    )
    # A force that a generic party spans (طائرات التحالف) is no party of its own.
    placed = [p for p in placed if not any(g.start <= p.start < g.end for g in generic)]
    placed = sorted(placed + generic, key=lambda p: p.start)
    placed = [
        p
        for p in placed
        if not paired_by_other(ana, p, m, neighbours or [])
        and not paired_before(ana, p, m, neighbours or [], lo)
        and (m.type in between_only_types() or not paired_elsewhere(ana, p, m))
    ]
    placed = in_relative_clause(ana, m, placed)
    placed = [p for p in placed if not in_other_relative(ana, m, p, placed)]
    placed = [p for p in placed if not in_aside(ana, m, p, lo)]
    reported = reported_from(ana, m, lo)
    if reported is not None:
        at, pronoun = reported
        # The speaker of قال X إن ... is no party; that of أعلن X أنه ... is the subject,
        # and so is a force reporting a deed that names no other party (ذكر الجيش أن
        # جنوده ...).
        kept = [p for p in placed if p.start > at or (pronoun and p.entity.type in FORCE_TYPES)]
        if own_talks(ana, m):
            # لقائه بـ X، اللقاء الذي جمعه بـ X: the talks of the speaker, the subject.
            kept = [p for p in placed if p.start < at][:1] + [p for p in kept if p.start > at]
        placed = kept or [p for p in placed if p.entity.type in FORCE_TYPES][-1:]
    placed = sorted(spokesman_force(ana, m, lo, placed) + placed, key=lambda p: p.start)
    subject = dropped_subject(ana, m, placed, neighbours or [])
    if not placed:
        return [subject] if subject is not None else []
    pair = between_pair(ana, m, placed)
    if m.type in between_only_types() and pair:
        placed = pair  # اتفاق بين X و Y ... ضد Z: Z is what they agreed on, no party
    roles = assign_roles(ana, m, placed)
    actors: list[EventActor] = []
    seen: set[str] = set()
    if subject is not None:
        # The subject told before is the initiator; the parties named here its targets.
        roles = dict.fromkeys(roles, "actor2")
        actors.append(subject)
        seen.add(subject.canonical or norm_key(subject.text))
    for p in placed:
        key = p.entity.canonical or norm_key(p.entity.text)
        if key not in seen:
            seen.add(key)
            actors.append(actor_of(p, roles.get(id(p), "actor2"), ana))
    return actors[:MAX_ACTORS]


def assign_roles(ana: Analysis, m: Mention, placed: list[Placed]) -> dict[int, str]:
    """actor1 initiator, actor2 target, by the function words around each party."""
    s = ana.sentences[m.sentence]
    roles: dict[int, str] = {}
    # بين X و Y: the two parties of a clash.
    for t in ana.tokens[s.first_token : s.last_token]:
        if of_role(t.text, "between"):
            after = [p for p in placed if p.start > t.start]
            if after:
                roles.setdefault(id(after[0]), "actor1")
                for p in after[1:2]:
                    roles.setdefault(id(p), "actor2")
    subject_first = any(p.end <= m.start for p in placed)
    for p in placed:
        if id(p) in roles:
            continue
        person = p.entity.type == "PERSON"
        if not subject_first and right_after_trigger(ana, p, m, person):
            # VSO or a verbal noun's genitive: هاجمت قوات X، استهدف X، هجوم X على ...
            # (a person right after اعتقال، اغتيال is the one arrested or killed)
            roles[id(p)] = "actor1"
            subject_first = True
            continue
        # The nearest cue decides: على يد X (agent) before هجوم على X (target).
        for words in previous_bare(ana, p, m.sentence, 2):
            if words & function_words("agent"):
                roles[id(p)] = "actor1"
                break
            if words & function_words("target"):
                roles[id(p)] = "actor2"
                break
    if "actor1" not in roles.values():
        # The clause's first party before the trigger is its subject (SVO: X، مدعوما
        # بـ Y، تقدم نحو Z); else the first one right after it (VSO, or the genitive
        # of a verbal noun: هجوم داعش).
        before = [p for p in placed if p.end <= m.start and id(p) not in roles]
        after = [p for p in placed if p.start >= m.end and id(p) not in roles]
        if before:
            roles[id(before[0])] = "actor1"
        elif after:
            roles[id(after[0])] = "actor1"
    return roles


def cluster_actors(
    mentions: list[Mention], primary: Mention, headline: frozenset[int] = frozenset()
) -> list[EventActor]:
    """The parties of an event: those of its primary mention, then those of its other
    mentions while fewer than CLUSTER_FILL are known (a later sentence about the
    same event often names the side the first one left out, and also many a force
    that took no part). A headline names the sides short or by a label (دحر
    الميليشيات): the body's first mention that names a party goes first, and the
    headline's parties count only when the body names none."""
    if primary.sentence in headline:
        body = next(
            (
                x
                for x in mentions
                if x.strength == "strong" and x.sentence not in headline and x.actors
            ),
            None,
        )
        primary = body or primary
    others = [x for x in mentions if x is not primary]
    if primary.sentence not in headline:
        others = [x for x in others if x.sentence not in headline]
    actors = fill_actors([primary, *others], primary)
    if not actors and primary.sentence not in headline:
        actors = fill_actors([x for x in mentions if x.sentence in headline], None)
    return actors


def fill_actors(mentions: list[Mention], primary: Mention | None) -> list[EventActor]:
    """All the parties of the first mention, then others' up to CLUSTER_FILL."""
    actors: list[EventActor] = []
    seen: set[str] = set()
    for m in mentions:
        for a in m.actors:
            key = a.canonical or norm_key(a.text)
            if key in seen or (m is not primary and len(actors) >= CLUSTER_FILL):
                continue
            seen.add(key)
            actors.append(a)
    return actors


def headline_sentences(ana: Analysis) -> frozenset[int]:
    """The sentences of the first paragraph when it is a headline (the lead then
    holds the next paragraph's first sentence too)."""
    if ana not in _HEADLINE:
        first = (i for i, p in enumerate(ana.sentence_paragraph) if p == 0)
        _HEADLINE[ana] = frozenset(first if len(ana.lead_sentences) > 1 else ())
    return _HEADLINE[ana]


# Found once per document, not once per event.
_HEADLINE: WeakKeyDictionary[Analysis, frozenset[int]] = WeakKeyDictionary()


def initiator_is_nonstate(ana: Analysis, actors: list[EventActor]) -> bool:
    """actor1 is an armed group, or a force the forces stage marked non-state."""
    initiator = next((a for a in actors if a.role == "actor1"), None)
    if initiator is None:
        return False
    if initiator.type == "ARMED_GROUP":
        return True
    if initiator.start is None:
        return False
    first = ana.first_at_original_start().get(initiator.start)
    return first is not None and first.entity.state is False


# The mentions mention_actors has read, per document and sentence.
_TOLD: WeakKeyDictionary[Analysis, dict[int, list[Mention]]] = WeakKeyDictionary()


def told_before(ana: Analysis, m: Mention) -> list[EventActor]:
    """The initiator of a deed of the same type told in the mention's sentence or the
    one before: a follow-up that names no party (شنت طائرات X غارتين على ... وقال مصدر
    إن الغارتين استهدفتا ...) tells of the same side."""
    told = _TOLD.get(ana, {})
    earlier = [
        x
        for x in [*told.get(m.sentence - 1, []), *told.get(m.sentence, [])]
        if x.type == m.type and x.start < m.start and x.actors
    ]
    if not earlier:
        return []
    last = max(earlier, key=lambda x: x.start)
    return [a for a in last.actors if a.role == "actor1"][:1]


def article_force(ana: Analysis, m: Mention) -> list[EventActor]:
    """For an event none of whose mentions names a party: the initiator of the deed of
    its type told just before, else the force the article is about (named most often,
    at least twice)."""
    before = told_before(ana, m)
    if before:
        return before
    if m.type not in article_force_types():
        return []
    if ana not in _MAIN_FORCE:
        _MAIN_FORCE[ana] = main_force(ana)
    force = _MAIN_FORCE[ana]
    if force is None:
        return []
    if article_force_types()[m.type] and (
        force.entity.type == "ARMED_GROUP" or force.entity.state is False
    ):
        return []  # an air strike naming no party is a state's, a militia its target
    return [actor_of(force, "actor1", ana)]


# The article's main force, found once per document (not once per event without parties).
_MAIN_FORCE: WeakKeyDictionary[Analysis, Placed | None] = WeakKeyDictionary()


def main_force(ana: Analysis) -> Placed | None:
    """The force named most often (at least twice, no tie), not inside another name."""
    counts: dict[str, list[Placed]] = {}
    for p in ana.entities:
        if p.entity.type in FORCE_TYPES and not nested(ana, p):
            counts.setdefault(p.entity.canonical or norm_key(p.entity.text), []).append(p)
    best = max(counts.values(), key=len, default=[])
    if len(best) < 2 or sum(len(v) == len(best) for v in counts.values()) > 1:
        return None
    return best[0]
