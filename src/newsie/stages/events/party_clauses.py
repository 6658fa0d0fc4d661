"""Which parties of a sentence belong to which of its clauses: the pair after بين (the
trigger's own sides, or those another trigger or noun owns), the relative clause that
tells of another noun's deed (X الذي سيطر على، المدينة بيد X الذي لاحقه فيها Y), and a
name inside a longer one."""

from __future__ import annotations

from functools import lru_cache

from newsie.resources import read_tsv
from newsie.schema import EventActor
from newsie.stages.events.analysis import (
    Analysis,
    Mention,
    Placed,
    clause_starts_of,
    first_of,
    last_of,
    of_role,
)
from newsie.stages.events.lexicon import ACTOR_TYPES, event_types, function_words, norm_key
from newsie.stages.events.party_cues import right_after_trigger
from newsie.text.segment import Token


def paired_by_other(ana: Analysis, p: Placed, m: Mention, neighbours: list[Mention]) -> bool:
    """The party is one of a pair after بين that a later trigger of the sentence owns
    (سيطر X على البلدة بعد اشتباكات بين Y و Z): the parties of that clash, not of this
    mention before it."""
    toks = [t for t in sentence_tokens(ana, m) if m.end <= t.start < p.start]
    at = next((t for t in reversed(toks) if of_role(t.text, "between")), None)
    if at is None or not right_after_between(ana, at, p):
        return False  # not right after بين (X or the X of بين X و Y)
    deeds = [
        n.end
        for n in neighbours
        if n is not m and n.strength == "strong" and m.end <= n.start and n.end <= at.start
    ]
    # الحرب بين X و Y: the sides of the whole war are those of its battles too.
    wars = [t.end for t in toks if t.end <= at.start and of_role(t.text, "war")]
    return bool(deeds) and max(deeds) > max(wars, default=-1)


# Words at most between a trigger and the بين of its own pair (مواجهات عنيفة جدا بين).
PAIR_REACH = 3
# Words at most between a relative pronoun and the trigger it opens (التي شنت هجوما).
RELATIVE_REACH = 2
# Words at most between an antecedent and its relative pronoun: its modifiers.
ANTECEDENT_REACH = 4


def sentence_tokens(ana: Analysis, m: Mention) -> list[Token]:
    s = ana.sentences[m.sentence]
    return ana.tokens[s.first_token : s.last_token]


def right_after_between(ana: Analysis, at: Token, p: Placed) -> bool:
    """The party is X or the Y of بين X و Y (at most one entity between بين and it)."""
    return len(ana.entities.starting_in(at.end, p.start)) <= 1


def paired_elsewhere(ana: Analysis, p: Placed, m: Mention) -> bool:
    """The party, after the trigger, is one of the pair after a بين that a noun other
    than the trigger owns (دورة تدريبية لسد الثغرات بين الجيش والشرطة): what that noun
    lies between, not a side of this deed."""
    if p.start < m.end:
        return False
    toks = sentence_tokens(ana, m)
    k = last_of(toks, "between", p.start)
    if k is None or toks[k].start < m.end or not right_after_between(ana, toks[k], p):
        return False
    # الحرب المستمرة منذ سنوات بين X و Y: the sides of the war are those of its battles.
    between = [t for t in toks[:k] if t.start >= m.end]
    if any(of_role(t.text, "war") for t in between):
        return False
    return len(between) >= PAIR_REACH


def paired_before(ana: Analysis, p: Placed, m: Mention, neighbours: list[Mention], lo: int) -> bool:
    """The party, before the trigger, is one of the pair after بين that an earlier
    trigger of the sentence owns (مواجهات بين الشرطة والمشاركين في احتجاجات): the sides
    of that clash, not of the deed named after them."""
    if p.end > m.start:
        return False
    toks = sentence_tokens(ana, m)
    k = last_of(toks, "between", p.start)
    if k is None or not right_after_between(ana, toks[k], p):
        return False
    at = toks[k]
    if at.start < lo:
        return False  # بين of another clause: فيما تواصل X ... after مواجهات بين Y و Z
    return any(
        n is not m
        and n.end <= at.start
        and sum(1 for t in toks[:k] if t.start >= n.end) < PAIR_REACH
        for n in neighbours
    )


def in_relative_clause(ana: Analysis, m: Mention, placed: list[Placed]) -> list[Placed]:
    """A trigger right after a relative pronoun (X الذي سيطر على، المدينة التي سيطر
    عليها Y) tells of a deed of its antecedent or of a party after it: the parties
    of the main clause before the antecedent are none of this one."""
    before = ana.words_before(m.start, m.sentence, RELATIVE_REACH)
    rel = next((t for t in before if of_role(t.text, "relative")), None)
    if rel is None or any(rel.end <= p.start < m.start for p in placed):
        return placed
    # The antecedent, maybe with its own modifiers (المسلحون الموالون للتنظيم الذين).
    head = [
        p
        for p in placed
        if p.end <= rel.start and len(ana.text[p.end : rel.start].split()) <= ANTECEDENT_REACH
    ][-1:]
    return [p for p in placed if p.start >= rel.end or p in head]


def in_other_relative(ana: Analysis, m: Mention, p: Placed, placed: list[Placed]) -> bool:
    """The party, after the trigger, stands in a relative clause that describes a named
    party or person, not the trigger (سقطت المدينة بيد X الذي لاحقه فيها Y): a
    party of that clause's verb. A relative clause right after the trigger tells of the
    event itself (الهجوم الذي شنه X)."""
    if p.start < m.end:
        return False
    toks = [t for t in sentence_tokens(ana, m) if m.end <= t.start < p.start]
    k = last_of(toks, "relative", p.start)
    if k is None or k <= RELATIVE_REACH:
        return False
    if last_of(toks[:k], "between", toks[k].start) is not None:
        return False  # بين X التي ... وY: the second side follows the relative clause
    at = toks[k].start
    # Its antecedent (الأكراد الذين، روسيا، التي): an entity or a party right before it.
    return any(
        q.end <= at and not ana.text[q.end : at].strip(" ،,")
        for q in [*ana.entities.ending_in(at - 3, at + 1), *placed]
    )


def in_aside(ana: Analysis, m: Mention, p: Placed, lo: int) -> bool:
    """The party, before the trigger, stands in a relative clause set off by commas
    after another noun (وتقوم روسيا، التي تدعم قوات X، بدور الوساطة ...): the object
    of the aside's verb, not a party of the main clause."""
    if p.end > m.start:
        return False
    toks = [t for t in sentence_tokens(ana, m) if lo <= t.start < m.start]
    k = last_of([t for t in toks if t.end <= p.start], "relative", p.start)
    if k is None or k == 0 or toks[k - 1].text not in ASIDE_MARKS:
        return False
    # The aside closes with a comma between the party and the trigger, none before it.
    marks = [t.start for t in toks[k + 1 :] if t.text in ASIDE_MARKS]
    return bool(marks) and marks[0] >= p.end


# Punctuation that sets off a relative aside.
ASIDE_MARKS = frozenset("،,")


def dropped_subject(
    ana: Analysis, m: Mention, placed: list[Placed], neighbours: list[Mention]
) -> EventActor | None:
    """A verb right after كما or ثم with no party before it in its clause nor right
    after it has the subject of the deed told before it (سيطرت X على البلدة، كما
    استعادت قرية ...): the initiator of the sentence's nearest earlier mention."""
    before = ana.words_before(m.start, m.sentence, 1)
    if not before or norm_key(before[0].text) not in function_words("same_subject"):
        return None
    if any(p.end <= m.start or right_after_trigger(ana, p, m) for p in placed):
        return None
    # A party after the trigger behind no preposition may be its own subject (كما قصفت
    # أمس طائرات X): only objects of a preposition (من X، على X) leave the subject out.
    after = [p for p in placed if p.start >= m.end]
    if after and not object_of_preposition(ana, after[0], m.sentence):
        return None
    earlier = [n for n in neighbours if n.end <= before[0].start and n.actors]
    if not earlier:
        return None
    return next((a for a in earlier[-1].actors if a.role == "actor1"), None)


def object_of_preposition(ana: Analysis, p: Placed, sentence: int) -> bool:
    """The word before the party is a preposition (على، ضد، من، في) or carries one
    (بالجيش، للتنظيم)."""
    words = ana.words_before(p.start, sentence, 1)
    if not words:
        return False
    if norm_key(words[0].text) in function_words("target") | function_words("locative"):
        return True
    k = ana.token_at(p.start)
    return k > 0 and ana.tokens[k - 1].start < p.start < ana.tokens[k - 1].end


def toll_clause_end(ana: Analysis, m: Mention, hi: int) -> int:
    """Where the trigger's parties end: at the next coordinate clause, unless that one
    only tells the toll of a side (اشتباكات ... فيما قتل سبعة من عناصر X): X is a
    side of the fighting told before."""
    s = ana.sentences[m.sentence]
    if hi >= s.end or not event_types()[m.type].casualties:
        return hi
    k = ana.token_at(hi)
    if k + 1 >= s.last_token or norm_key(ana.tokens[k + 1].text) not in toll_words():
        return hi
    return min([c for c in clause_starts_of(ana, m.sentence) if c > hi], default=s.end)


@lru_cache(maxsize=1)
def toll_words() -> frozenset[str]:
    """The first words of the killed and wounded cues (casualties.tsv): قتل، استشهد، لقي."""
    return frozenset(
        norm_key(row["form"].split()[0])
        for row in read_tsv("events/casualties.tsv")
        if row["kind"] in ("killed", "wounded", "both")
    )


def nested(ana: Analysis, p: Placed) -> bool:
    """A span inside a longer entity (سوريا in قوات سوريا الديمقراطية) is part of a name."""
    return any(
        q.end - q.start > p.end - p.start and q.entity.type != "DATE"
        for q in ana.entities.containing(p.start, p.end)
    )


def between_sides(ana: Analysis, m: Mention, hi: int) -> set[int]:
    """Where the two sides after the trigger's بين start (اشتباكات بين أنصار حزب X
    وأنصار حزب Y): of a clash or talks, any body named there is a side."""
    toks = sentence_tokens(ana, m)
    k = first_of(toks, "between", m.end, hi)
    if k is None:
        return set()
    after = sorted(
        q.start
        for q in ana.in_sentence(m.sentence, *ACTOR_TYPES, "ORG")
        if q.start > toks[k].start and not nested(ana, q)
    )
    return set(after[:2])


def between_pair(ana: Analysis, m: Mention, placed: list[Placed]) -> list[Placed]:
    """The two parties right after the first بين after the trigger (بين X و Y)."""
    toks = sentence_tokens(ana, m)
    k = first_of(toks, "between", m.end, ana.sentences[m.sentence].end)
    if k is None:
        return []
    after = [p for p in placed if p.start > toks[k].start][:2]
    return after if len(after) == 2 else []
