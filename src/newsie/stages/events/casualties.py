"""Killed and wounded figures, given to the incident they count."""

from __future__ import annotations

import bisect

from newsie.lang.ar.numbers import parse_number
from newsie.stages.events.analysis import Analysis, Mention, bare_forms, clause_starts_of
from newsie.stages.events.lexicon import (
    AFTER_CUE_WINDOW,
    CLAUSE_BREAKS,
    FIGURE_PARAGRAPHS,
    FORCE_TYPES,
    TOLL_WINDOW,
    CasualtyCue,
    casualty_lexicon,
    count_words,
    event_types,
    function_words,
    fused_cue,
    norm_key,
)
from newsie.text.lexicon import LexiconMatch

# --- casualties -----------------------------------------------------------------------


def count_at(words: list[str], i: int) -> tuple[int, int] | None:
    """(head count, tokens used) starting at words[i]: a number not followed by a
    unit, scaled (53 ألفا), with a coordinated second count (مئة عنصر و22 جنديا)."""
    units, scales, duals = count_words()
    if words[i] in duals:
        return duals[words[i]], 1
    found = parse_number(words, i)
    if found is None or found.ordinal or found.value <= 0:
        return None
    value = found.value
    nxt = i + found.length
    if nxt < len(words):
        follower = words[nxt]
        pair = f"{follower} {words[nxt + 1]}" if nxt + 1 < len(words) else follower
        if follower in units or pair in units:
            return None
        if follower in scales:
            value *= scales[follower]
            nxt += 1
    # One or two words of the counted noun, then و and another count.
    for j in range(nxt, min(len(words), nxt + 3)):
        if words[j] in CLAUSE_BREAKS:
            break
        if words[j].startswith("و") and len(words[j]) > 1:
            rest = [words[j][1:], *words[j + 1 : j + 3]]
            second = parse_number(rest, 0)
            if second is not None and not second.ordinal and second.value > 0:
                after = j + second.length
                if not (after < len(words) and words[after] in units):
                    value += second.value
            break
    return value, nxt - i


def sentence_casualties(
    ana: Analysis, sentence: int, cues: list[LexiconMatch[CasualtyCue]]
) -> list[tuple[str, int, int]]:
    """(kind, count, position) of the casualty figures of one sentence."""
    s = ana.sentences[sentence]
    tokens = ana.tokens[s.first_token : s.last_token]
    words = [t.text for t in tokens]
    starts = [t.start for t in tokens]
    out: list[tuple[str, int, int]] = []
    for cue in cues:
        if not (s.start <= cue.start < s.end):
            continue
        rule = cue.values[0]
        if rule.kind == "both":
            continue
        first = bisect.bisect_left(starts, cue.end)  # first token after the cue
        cue_token = bisect.bisect_right(starts, cue.word_start) - 1
        count: int | None = None
        if rule.position == "before":
            j = first
            while j < len(words) and j < first + 4:
                count = count_value(count_at(words, j))
                if (
                    count is None
                    and j == first
                    and j + 1 < len(words)
                    and not words[j + 1].isdigit()
                ):
                    # The noun before its number word: مقتل مدنيين اثنين.
                    count = count_value(count_at(words, j + 1))
                if count is not None or words[j] not in function_words("filler"):
                    break
                j += 1
        elif rule.position == "toll":
            for j in range(first, min(len(words), first + TOLL_WINDOW)):
                if words[j] in function_words("toll_to"):
                    k = j + 1
                    while k < len(words) and words[k] in function_words("filler"):
                        k += 1
                    count = count_value(count_at(words, k)) if k < len(words) else None
                    break
        else:
            for j in range(cue_token - 1, max(-1, cue_token - 1 - AFTER_CUE_WINDOW), -1):
                if words[j] in CLAUSE_BREAKS or words[j] in (".", "؟", "!"):
                    break
                count = count_value(count_at(words, j))
                if count is not None:
                    # The scale word of a bigger number (53 ألفا): read it whole.
                    whole = count_at(words, j - 1) if j > 0 else None
                    if whole is not None and whole[1] >= 2 and whole[0] > count:
                        count = whole[0]
                    break
        if count is not None:
            out.append((rule.kind, count, cue.start))
    fused = fused_cue()
    for k, w in enumerate(words):
        m = fused.match(w)
        if m:
            found = count_at([m.group(1), *words[k + 1 :]], 0)
            kind = casualty_lexicon().get(w[: m.start(1)].lstrip("وف") or w)
            if found is not None and kind:
                out.append((kind[0].kind, found[0], starts[k]))
    return out


def count_value(found: tuple[int, int] | None) -> int | None:
    return found[0] if found is not None else None


def attach_casualties(
    ana: Analysis, mentions: list[Mention], cues: list[LexiconMatch[CasualtyCue]]
) -> None:
    """Give each sentence's figures to its nearest violent mention (the first one
    when the figures follow them all). Figures in a sentence without one continue
    the last violent mention before them: added to it in the same paragraph (3 more
    of the other side), else taken as a new total."""
    types = event_types()
    violent = [m for m in mentions if types[m.type].casualties]
    campaign = {
        i
        for c in ana.exclusion_cues
        if c.values[0].kind == "campaign" and (i := ana.sentence_of(c.start)) is not None
    }
    for i in range(len(ana.sentences)):
        figures = sentence_casualties(ana, i, cues) if i not in campaign else []
        if not figures:
            continue
        weak_only = any(m.sentence == i and m.strength == "weak" for m in violent) and not any(
            m.sentence == i and m.strength == "strong" for m in violent
        )
        if weak_only and not operation_toll(ana, i, violent):
            continue  # the toll of a whole war or campaign (أدى النزاع إلى مقتل الآلاف)
        local = [m for m in violent if m.sentence == i]
        paragraph = ana.sentence_paragraph[i]
        mode = "max"
        if not local:
            earlier = [
                m
                for m in violent
                if m.sentence < i and paragraph - m.paragraph <= FIGURE_PARAGRAPHS
            ]
            if not earlier:
                continue
            local = [earlier[-1]]
            mode = "add" if earlier[-1].paragraph == paragraph else "max"
        per_mention: dict[int, list[tuple[str, int, int]]] = {}
        strong = [k for k, m in enumerate(local) if m.strength == "strong"] or [0]
        clause_starts = clause_starts_of(ana, i)
        for figure in figures:
            clause = bisect.bisect_right(clause_starts, figure[2])
            # Several events in one sentence (قتل خمسة جراء استهداف ...، كما استهدف
            # الطيران ...، مما أدى إلى مقتل شخصين): a figure goes to its own clause's event.
            same_clause = [
                k
                for k, m in enumerate(local)
                if bisect.bisect_right(clause_starts, m.start) == clause
            ]
            if same_clause and len(same_clause) < len(local):
                chosen = min(same_clause, key=lambda k: abs(local[k].start - figure[2]))
            elif all(m.start < figure[2] for m in local):
                # After every trigger (دار قتال ... في اليوم الثاني من الهجوم ... ما أسفر
                # عن مقتل 39): the toll of the sentence's main, first, event.
                chosen = strong[0]
            else:
                chosen = min(range(len(local)), key=lambda k: abs(local[k].start - figure[2]))
            per_mention.setdefault(chosen, []).append(figure)
        for k, own in per_mention.items():
            target = local[k]
            target.toll_here = target.toll_here or target.sentence == i
            target.own_toll = target.sentence == i and not weak_only
            for kind, count, _ in distinct_figures(own):
                old = target.killed if kind == "killed" else target.wounded
                value = (
                    count if old is None else (old + count if mode == "add" else max(old, count))
                )
                if kind == "killed":
                    target.killed = value
                else:
                    target.wounded = value


def operation_toll(ana: Analysis, sentence: int, violent: list[Mention]) -> bool:
    """Figures beside only ambiguous cues belong to them when a force is named and
    no cue is a word for a whole war (مقتل 17 مسلحا من داعش ضمن عمليات شرقي الفلوجة,
    not أسفر النزاع عن مقتل الآلاف)."""
    if not ana.in_sentence(sentence, *FORCE_TYPES):
        return False
    war = function_words("war")
    return not any(
        m.sentence == sentence and set(bare_forms(norm_key(ana.text[m.start : m.end]))) & war
        for m in violent
    )


def distinct_figures(figures: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """One figure per (kind, count): a number restated counts once; different
    numbers of one kind for one mention are summed (losses on both sides)."""
    seen: dict[tuple[str, int], tuple[str, int, int]] = {}
    for f in figures:
        seen.setdefault((f[0], f[1]), f)
    summed: dict[str, tuple[str, int, int]] = {}
    for kind, count, pos in seen.values():
        if kind in summed:
            summed[kind] = (kind, summed[kind][1] + count, summed[kind][2])
        else:
            summed[kind] = (kind, count, pos)
    return list(summed.values())
