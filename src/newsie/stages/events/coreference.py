"""Coreference of event mentions: a definite mention (الهجوم) and its antecedent, a
generic or retyped word and the specific event it names, background mentions."""

from __future__ import annotations

import bisect

from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.stages.events.analysis import Analysis, Mention, clause_starts_of
from newsie.stages.events.clusters import (
    Cluster,
    dates_compatible,
    localities,
    localities_agree,
    location_admin1s,
    mention_places,
    places_compatible,
)
from newsie.stages.events.date_cues import OFFSET_GAP, date_cues
from newsie.stages.events.lexicon import (
    CLAUSE_BREAKS,
    PLACE_TYPES,
    event_types,
    function_words,
    norm_key,
)


def trigger_head(ana: Analysis, m: Mention) -> str:
    """The trigger's first word without the article or accusative alif (هجوما، الهجوم)."""
    word = norm_key(ana.text[m.start : m.end]).split()[0]
    if word.startswith(DEFINITE_ARTICLE) and len(word) > 4:
        word = word[2:]
    return word[:-1] if word.endswith("ا") and len(word) > 3 else word


def another(ana: Analysis, m: Mention) -> bool:
    """`هجوم آخر`، `غارة جوية مماثلة`، `الهجمات الجديدة`: the word after the trigger (or
    after its adjective) says this is not an event told before (function_words.tsv,
    another)."""
    words = function_words("another")
    last = ana.sentences[m.sentence].last_token
    after = [t for t in ana.tokens[ana.token_at(m.end) : min(last, ana.token_at(m.end) + 3)]]
    for t in after:
        if not t.is_word or t.text in CLAUSE_BREAKS:
            return False
        word = norm_key(t.text)
        bare = word[2:] if word.startswith(DEFINITE_ARTICLE) and len(word) > 4 else word
        if bare in words:
            return True
        if not (len(bare) > 3 and bare.endswith(("ي", "يه"))):
            return False  # only an adjective (جوية، انتحاري) may stand between
    return False


def offset_apart(ana: Analysis, m: Mention) -> bool:
    """`خطفوا 5 مقاتلين بعد أيام من خطفهم 8 آخرين`: a mention right after an offset
    phrase (date_cues.tsv, offset) happened at another time than its clause's event."""
    for c in date_cues(ana).starting_in(ana.sentences[m.sentence].start, m.start):
        if c.values[0].kind != "offset" or c.end > m.start:
            continue
        between = [t for t in ana.tokens[ana.token_at(c.end) : ana.token_at(m.start)] if t.is_word]
        if len(between) <= OFFSET_GAP:
            return True
    return False


def told_later(ana: Analysis, m: Mention) -> bool:
    """A new (indefinite) mention after a phrase that moves the story on in time (وفي
    اليوم التالي، بعد ذلك بأيام) in its sentence (date_cues.tsv, next and later)."""
    if m.definite:
        return False  # وفي اليوم التالي أعلن الجيش أن الهجوم ...: the attack told before
    s = ana.sentences[m.sentence]
    starts = clause_starts_of(ana, m.sentence)
    own = bisect.bisect_right(starts, m.start)
    return any(
        c.values[0].kind in ("next", "later")
        # Before it, or after it in its clause (ووقع الطرفان اتفاقا بعد ذلك بأشهر).
        and (c.end <= m.start or bisect.bisect_right(starts, c.start) == own)
        for c in date_cues(ana).starting_in(s.start, s.end)
    )


def told_apart(ana: Analysis, clusters: list[Cluster], m: Mention) -> list[Cluster]:
    """The events a mention cannot be: for one right after an offset phrase, those
    told in its own sentence (not after such a phrase themselves); for one told later
    than what came before, those told only before its sentence."""
    apart = []
    if offset_apart(ana, m):
        apart = [
            c
            for c in clusters
            if any(x.sentence == m.sentence and not offset_apart(ana, x) for x in c.mentions)
        ]
    if told_later(ana, m):
        apart += [c for c in clusters if all(x.sentence < m.sentence for x in c.mentions)]
    return apart


def find_antecedent(
    ana: Analysis, clusters: list[Cluster], m: Mention, apart: list[Cluster]
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
    ranked: list[tuple[int, int, Cluster]] = []
    for c in clusters:
        earlier = [x for x in c.mentions if x.start < m.start]
        if not earlier or any(c is a for a in apart):
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
        theirs = location_admin1s(c.locations())
        if own and theirs and not own & theirs:
            continue
        if by_place and places and not places & localities(ana, c):
            continue  # السيطرة على مدينة أخرى: another town taken
        if (
            m.date is not None
            and m.date.source != "published"
            and not dates_compatible(c.known_date(), m.date)
        ):
            continue
        ranked.append((tier, -max(x.start for x in earlier), c))
    return min(ranked, key=lambda r: r[:2])[2] if ranked else None


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
    kept: list[Cluster] = []
    for c in clusters:
        target = None
        if generic[id(c)]:
            target = next(
                (
                    o
                    for o in clusters
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
    # The clusters holding a retyped mention, by its head word (no merge below adds one).
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
