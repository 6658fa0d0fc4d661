"""Killed and wounded figures, given to the incident they count.

A figure goes to an event named in its own sentence (in its own clause when the
sentence tells of several); a running or period total goes only to the event its
clause names (the campaign it counts), never to one incident. A figure in a sentence
without an event word continues the event the article was just telling of."""

from __future__ import annotations

import bisect

from newsie.schema import EventDate, EventLocation
from newsie.stages.events.analysis import Analysis, Mention, bare_forms, clause_starts_of
from newsie.stages.events.counts import CLAUSE_PUNCTUATION, casualty_words
from newsie.stages.events.figures import Figure, distinct_figures, sentence_figures
from newsie.stages.events.lexicon import (
    FIGURE_PARAGRAPHS,
    FORCE_TYPES,
    CasualtyCue,
    event_types,
    function_words,
    norm_key,
)
from newsie.stages.events.merging import dates_compatible, place_words
from newsie.text.lexicon import LexiconMatch
from newsie.text.spans import Spans

# How many words may stand between an event word and the relative pronoun that opens
# its result clause (هجوم على السوق، الذي أسفر عن مقتل ...), and between the pronoun and
# the casualty cue.
RELATIVE_GAP = 2
RELATIVE_REACH = 4
# How many words after a killing word its victim (a person, a title) may stand, past
# the killers (اغتال مسلحون مجهولون رئيس المجلس).
KILLED_REACH = 3
# How far (in characters) a figure may follow another to continue its count
# (مقتل 25 شخصا وإصابة العشرات).
COORDINATED_CHARS = 40


def attach_casualties(
    ana: Analysis, mentions: list[Mention], cues: Spans[LexiconMatch[CasualtyCue]]
) -> None:
    """Set killed/wounded on the violent mentions the sentences' figures count."""
    types = event_types()
    violent = [m for m in mentions if types[m.type].casualties]
    war = function_words("war")
    given: list[tuple[Mention, Figure, int]] = []  # figures given so far, with their sentence
    vague: dict[int, set[str]] = {}  # per mention (id): kinds whose figure is vague
    by_sentence: dict[int, list[Mention]] = {}
    for m in violent:
        by_sentence.setdefault(m.sentence, []).append(m)
    for i in range(len(ana.sentences)):
        figures = sentence_figures(ana, i, cues)
        if not figures:
            continue
        local = [m for m in by_sentence.get(i, []) if not trailing(ana, i, m, figures)]
        weak_only = bool(local) and all(m.strength == "weak" for m in local)
        # A loser named by a verb of losing men (فقدت القوات 9 من عناصرها في الحملة) is a
        # party to the operation, as a named force is.
        operation = weak_only and (operation_toll(ana, i, local) or any(f.losses for f in figures))
        if weak_only and not operation:
            continue  # the toll of a whole war or campaign (أدى النزاع إلى مقتل الآلاف)
        own: dict[int, list[Figure]] = {}
        loose: list[Figure] = []
        last: tuple[Figure, int | None] | None = None
        for figure in figures:
            if last is not None and coordinated(ana, i, last[0], figure, local):
                k = last[1]  # مقتل 25 وإصابة العشرات: one result, one event
            else:
                k = figure_target(ana, i, figure, local, figures)
            last = figure, k
            if k is not None and figure.tally and is_war(ana, local[k], war):
                continue
            if k is not None:
                own.setdefault(k, []).append(figure)
            elif not figure.campaign:
                loose.append(figure)
        for k, figs in own.items():
            target = local[k]
            # A toll makes a definite mention news of its own, but not one after a
            # demonstrative (قتل 9 مسلحين في هذه الاشتباكات): that one refers back.
            target.toll_here = target.toll_here or not (weak_only or target.demonstrative)
            target.own_toll = target.own_toll or not weak_only
            apply(target, figs, "max", vague.setdefault(id(target), set()))
            given.extend((target, f, i) for f in figs)
        if loose:
            continued = continuation(ana, i, violent, given, loose)
            if continued is not None and not same_time(ana, i, continued[0]):
                continued = None  # وفي عام 2016 قتل 5 جنود: an earlier incident
            if continued is not None:
                target, mode = continued
                apply(target, loose, mode, vague.setdefault(id(target), set()))
                given.extend((target, f, i) for f in loose)
    for m in mentions:
        if m.type == "KILLING" and m.killed is None and killing_of_one(ana, m):
            m.killed = 1


def killing_of_one(ana: Analysis, m: Mention) -> bool:
    """A targeted killing of one named or titled person, not an attempt (اغتيال رئيس
    المجلس، إعدام الصحفي X; not محاولة اغتيال): one dead, as ACLED counts it."""
    words = casualty_words()
    at = ana.token_at(m.start)
    if at > 0 and norm_key(ana.tokens[at - 1].text) in words.get("attempt", {}):
        return False
    after = ana.token_at(m.end)
    near = ana.tokens[after : after + KILLED_REACH]
    if any(t.text in CLAUSE_PUNCTUATION for t in near):
        near = near[: next(k for k, t in enumerate(near) if t.text in CLAUSE_PUNCTUATION)]
    if not near:
        return False
    if any(norm_key(t.text) in words.get("one", {}) | words.get("title", {}) for t in near):
        return True
    return any(
        p.entity.type == "PERSON" for p in ana.entities.starting_in(m.end, near[-1].start + 1)
    )


def apply(target: Mention, figures: list[Figure], mode: str, vague: set[str]) -> None:
    """mode: max (the larger figure: a restated or risen toll), add (the other side's
    losses), keep (a later report does not replace the first figure). A vague plural
    (العشرات) only fills a gap; a precise figure replaces it. `vague`: the kinds
    whose figure on the target is vague."""
    for kind in ("killed", "wounded"):
        own = [f for f in figures if f.kind == kind]
        if not own:
            continue
        precise = [f for f in own if not f.vague]
        count = distinct_figures(precise or own)[kind]
        old = target.killed if kind == "killed" else target.wounded
        if old is None or (kind in vague and precise) or (mode == "keep" and old == 0):
            value = count
        elif not precise:
            continue
        elif mode == "add":
            value = old + count
        elif mode == "max":
            value = max(old, count)
        else:
            continue
        if precise:
            vague.discard(kind)
        else:
            vague.add(kind)
        if kind == "killed":
            target.killed = value
        else:
            target.wounded = value


def figure_target(
    ana: Analysis, sentence: int, figure: Figure, local: list[Mention], figures: list[Figure]
) -> int | None:
    """Index in `local` of the event a figure of the sentence counts, or None."""
    if not local:
        return None
    s = ana.sentences[sentence]
    tokens = ana.tokens[s.first_token : s.last_token]
    if figure.tally:
        # A total belongs to the event its own clause names (ارتفعت حصيلة قتلى الغارات إلى 40).
        same = [
            k
            for k, m in enumerate(local)
            if plain_clause(tokens, m.start, figure.pos)
            and (figure.opener is None or m.start > figure.opener)
        ]
        if not same:
            return None
        return min(same, key=lambda k: abs(local[k].start - figure.pos))
    clause_starts = clause_starts_of(ana, sentence)
    clause = bisect.bisect_right(clause_starts, figure.pos)
    # Several events in one sentence (قتل خمسة في غارة على قرية، فيما قتل اثنان في
    # قصف على مدينة): a figure goes to its own clause's event.
    candidates = [
        k for k, m in enumerate(local) if bisect.bisect_right(clause_starts, m.start) == clause
    ]
    if not candidates or len(candidates) == len(local):
        candidates = list(range(len(local)))
    before = [k for k in candidates if local[k].start < figure.pos]
    if before:
        nearest = max(before, key=lambda k: local[k].start)
        if relative_link(ana, tokens, local[nearest], figure.pos):
            return nearest  # هجوم على السوق، الذي أسفر عن مقتل 5
        if listing(local, [f for f in figures if not f.tally]):
            return nearest  # استهداف X، ما أسفر عن مقتل 3، واستهداف Y، ما أسفر عن ...
    if len(before) == len(candidates):
        # After every event word (اندلعت اشتباكات ... خلال الهجوم على المدينة، ما أسفر
        # عن مقتل 9): the toll of the sentence's main, first, event.
        strong = [k for k in candidates if local[k].strength == "strong"] or candidates
        return strong[0]
    return min(candidates, key=lambda k: abs(local[k].start - figure.pos))


def coordinated(
    ana: Analysis, sentence: int, first: Figure, then: Figure, local: list[Mention]
) -> bool:
    """A figure right after another one, with no clause break or event word between
    them (أسفر عن مقتل 25 شخصا وإصابة العشرات): it counts the same event."""
    if first.tally or then.tally or then.pos - first.pos > COORDINATED_CHARS:
        return False
    if any(first.pos < m.start < then.pos for m in local):
        return False
    s = ana.sentences[sentence]
    return plain_clause(ana.tokens[s.first_token : s.last_token], first.pos, then.pos)


def trailing(ana: Analysis, sentence: int, m: Mention, figures: list[Figure]) -> bool:
    """An ambiguous cue in a clause after every figure of the sentence (مقتل 3 مسلحين،
    وتبين أنهم خططوا لتنفيذ هجمات): it does not claim the figures before it."""
    last = max(f.pos for f in figures)
    if m.strength != "weak" or m.start < last:
        return False
    s = ana.sentences[sentence]
    return not plain_clause(ana.tokens[s.first_token : s.last_token], last, m.start)


def plain_clause(tokens: list, a: int, b: int) -> bool:
    """No clause punctuation between two positions of a sentence."""
    lo, hi = min(a, b), max(a, b)
    return not any(lo <= t.start < hi and t.text in CLAUSE_PUNCTUATION for t in tokens)


def relative_link(ana: Analysis, tokens: list, m: Mention, pos: int) -> bool:
    """The figure is in a relative clause of the event word (X، الذي أسفر عن ...) or
    in the result its verb opens right after it (هجوم أسفر عن مقتل 5)."""
    words = casualty_words()
    opens = {**words.get("relative", {}), **words.get("result", {})}
    after = [t for t in tokens if m.end <= t.start < pos]
    for gap, tok in enumerate(after):
        if norm_key(tok.text) in opens:
            rest = after[gap + 1 :]
            return len(rest) <= RELATIVE_REACH and not any(
                t.text in CLAUSE_PUNCTUATION for t in rest
            )
        words_so_far = [t for t in after[:gap] if t.text not in CLAUSE_PUNCTUATION]
        if len(words_so_far) >= RELATIVE_GAP:
            return False
    return False


def listing(local: list[Mention], figures: list[Figure]) -> bool:
    """Event word, figure, event word, figure: a list of incidents with their tolls."""
    followed = {
        max((k for k, m in enumerate(local) if m.start < f.pos), key=lambda k: local[k].start)
        for f in figures
        if any(m.start < f.pos for m in local)
    }
    return len(followed) >= 2


def is_war(ana: Analysis, m: Mention, war: frozenset[str]) -> bool:
    return bool(set(bare_forms(norm_key(ana.text[m.start : m.end]))) & war)


def operation_toll(ana: Analysis, sentence: int, local: list[Mention]) -> bool:
    """Figures beside only ambiguous cues belong to them when a force is named and
    no cue is a word for a whole war (مقتل 9 مسلحين في عمليات للجيش جنوب المدينة,
    not أسفر النزاع عن مقتل الآلاف)."""
    if not ana.in_sentence(sentence, *FORCE_TYPES):
        return False
    war = function_words("war")
    return not any(is_war(ana, m, war) for m in local)


def continuation(
    ana: Analysis,
    sentence: int,
    violent: list[Mention],
    given: list[tuple[Mention, Figure, int]],
    loose: list[Figure],
) -> tuple[Mention, str] | None:
    """The event figures without an event word of their own count, and how they
    combine with its figures (apply's mode): a restated figure stays where it was;
    else the event at the place the sentence names, the event the previous figures
    counted or the last one told of, nearby; else the article's main event, or its only
    incident however far back."""
    paragraph = ana.sentence_paragraph[sentence]
    if all(any((f.kind, f.count) == (g.kind, g.count) for _, g, _ in given) for f in loose):
        return None  # ارتفعت الحصيلة إلى 14 after a sentence that gave 14
    earlier = [m for m in violent if m.sentence < sentence]
    near = [m for m in earlier if paragraph - m.paragraph <= FIGURE_PARAGRAPHS]
    tally = any(f.tally for f in loose)
    places = sentence_places(ana, sentence)
    if places:
        at_place = [
            m for m in earlier if m.strength == "strong" and place_words(m.locations) & places
        ]
        if at_place:
            last = max(m.sentence for m in at_place)
            target = next(m for m in at_place if m.sentence == last)
            return target, "max" if tally else mode_for(ana, sentence, target.sentence)
    if given and paragraph - ana.sentence_paragraph[given[-1][2]] <= FIGURE_PARAGRAPHS:
        return given[-1][0], "max" if tally else mode_for(ana, sentence, given[-1][2])
    if near and (near[-1].paragraph == paragraph or sentence - near[-1].sentence <= 1):
        return near[-1], "max" if tally else "add"
    lead = [m for m in earlier if m.strength == "strong" and ana.is_lead(m)]
    if lead and near:
        return lead[0], "max" if tally else "keep"
    strong = [m for m in violent if m.strength == "strong"]
    if len(strong) == 1 and strong[0] in earlier and not tally:
        return strong[0], "keep"  # the one incident the article tells of
    if near:
        return near[-1], "max" if tally else "keep"
    return None


def same_time(ana: Analysis, sentence: int, m: Mention) -> bool:
    """The sentence names no date, or one the event's date agrees with."""
    values = [p.entity.value for p in ana.in_sentence(sentence, "DATE") if p.entity.value]
    return not values or any(
        dates_compatible(EventDate(value=v, source="sentence"), m.date) for v in values
    )


def mode_for(ana: Analysis, sentence: int, previous: int) -> str:
    """Figures right after the previous ones (same paragraph or next sentence) are
    the other side's losses and add up; a later paragraph's figure is another
    report of the same toll, and the first one stands."""
    same = ana.sentence_paragraph[sentence] == ana.sentence_paragraph[previous]
    if same or sentence - previous <= 1:
        return "add"
    return "keep"


def sentence_places(ana: Analysis, sentence: int) -> set[str]:
    """The distinctive words of the localities a sentence names."""
    words: set[str] = set()
    for p in ana.in_sentence(sentence, "LOCATION"):
        loc = EventLocation(text=p.entity.text, type="LOCATION", source="sentence")
        words |= place_words([loc])
    return words
