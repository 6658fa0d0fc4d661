"""Casualty figures read from one sentence: who was counted, how many, and whether
the number is a running or period total rather than one incident's toll.

Counts follow ACLED's conservative reading: `أكثر من N` and `نحو N` are N, a vague
`عشرات` is 10, `مئات` 100, and a sentence saying nobody was hurt gives 0 and 0."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from newsie.resources import read_tsv
from newsie.stages.events.analysis import Analysis
from newsie.stages.events.counts import (
    CLAUSE_PUNCTUATION,
    casualty_words,
    count_after,
    count_at,
    count_before,
    fillers,
    object_count,
)
from newsie.stages.events.lexicon import (
    TOLL_WINDOW,
    CasualtyCue,
    casualty_lexicon,
    function_words,
    fused_cue,
    norm_key,
)
from newsie.text.lexicon import Lexicon, LexiconMatch
from newsie.text.spans import Spans

# How many words a total word (ارتفعت، منذ بدء) may stand before or after its figure.
TALLY_WINDOW = 12


@dataclass(frozen=True, slots=True)
class Figure:
    kind: str  # killed | wounded
    count: int
    pos: int  # where its cue starts in the normalised text
    # A running or period total (ارتفعت الحصيلة إلى 14، منذ بدء الحملة), not a toll
    # of one incident.
    tally: bool = False
    # The total counts a whole war or campaign (منذ بدء الحرب، منذ عام 2011).
    campaign: bool = False
    # A vague plural (العشرات): a precise figure of the event replaces it.
    vague: bool = False
    # Where the words of a total begin (ارتفعت، منذ بدء، حصيلة القتلى): the event it
    # counts is named after them (ارتفعت حصيلة قتلى الغارات إلى 40).
    opener: int | None = None
    # Read after a verb of losing men (خسرت القوات 12 جنديا): the loser is named.
    losses: bool = False


@lru_cache(maxsize=1)
def none_lexicon() -> Lexicon[str]:
    """Phrases that say nobody was killed or hurt (دون وقوع إصابات)."""
    return Lexicon(
        (row["form"], "none") for row in read_tsv("events/casualties.tsv") if row["kind"] == "none"
    )


def sentence_figures(
    ana: Analysis, sentence: int, cues: Spans[LexiconMatch[CasualtyCue]]
) -> list[Figure]:
    """The casualty figures of one sentence, in text order."""
    s = ana.sentences[sentence]
    tokens = ana.tokens[s.first_token : s.last_token]
    words = [t.text for t in tokens]
    starts = [t.start for t in tokens]
    cue_words = after_cues()
    verbs = casualty_words().get("verb", {})
    losses = casualty_words().get("losses", {})
    lost: set[int] = set()  # where the cues of losses are
    raw: list[tuple[str, tuple[int, bool], int, bool]] = []
    for cue in cues.starting_in(s.start, s.end):
        rule = cue.values[0]
        if rule.kind == "both":
            continue
        first = bisect.bisect_left(starts, cue.end)  # first token after the cue
        cue_token = bisect.bisect_right(starts, cue.word_start) - 1
        if joined(words, cue_token, first, rule.kind):
            continue  # قتلوا وأصيبوا: one count of both
        count: tuple[int, bool] | None = None
        if norm_key(ana.text[cue.start : cue.end]) in losses:
            count = object_count(words, first, people=True)
            lost.add(cue.start)
        elif rule.position == "before":
            count = count_after(words, first, cue_words)
            if count is None and norm_key(ana.text[cue.start : cue.end]) in verbs:
                count = object_count(words, first)
        elif rule.position == "toll":
            for j in range(first, min(len(words), first + TOLL_WINDOW)):
                if words[j] in function_words("toll_to"):
                    k = j + 1
                    while k < len(words) and words[k] in fillers() | {'"', "«"}:
                        k += 1
                    found = count_at(words, k) if k < len(words) else None
                    count = (found[0], False) if found is not None else None
                    break
        else:
            count = count_before(words, cue_token)
            if count is None and rule.position == "either":
                count = count_after(words, first, cue_words)  # قتلوا 8 مسلحين
            dual = casualty_words().get("dual", {})
            if count is None and norm_key(ana.text[cue.start : cue.end]) in dual:
                count = dual[norm_key(ana.text[cue.start : cue.end])], False  # لقيا حتفهما
        kind = attempted_kind(words, cue_token, rule.kind)
        if count is not None and kind is not None:
            raw.append((kind, count, cue.start, rule.position == "toll"))
    fused = fused_cue()
    for k, w in enumerate(words):
        m = fused.match(w)
        if m:
            found = count_at([m.group(1), *words[k + 1 :]], 0)
            head = w[: m.start(1)].lstrip("وف") or w
            rules = casualty_lexicon().get(head)
            if found is not None and rules and rules[0].kind != "both" and head not in losses:
                raw.append((rules[0].kind, (found[0], False), starts[k], False))
    for hit in none_lexicon().find(ana.text[s.start : s.end]):
        raw.append(("killed", (0, False), s.start + hit.start, False))
        raw.append(("wounded", (0, False), s.start + hit.start, False))
    campaigns = [
        c.start
        for c in ana.exclusion_cues.starting_in(s.start, s.end)
        if c.values[0].kind == "campaign"
    ]
    rise = casualty_words().get("rise", {})
    total = casualty_words().get("total", {})
    war = function_words("war")
    rises = [starts[k] for k, w in enumerate(words) if w in rise]
    campaigns += [starts[k] for k, w in enumerate(words) if w in total or w in war]
    # A period (خلال ثلاثة أسابيع، منذ أشهر): the figure is its total, not an incident's.
    since, period = casualty_words().get("since", {}), casualty_words().get("period", {})
    campaigns += [
        starts[k]
        for k, w in enumerate(words)
        if w in since and any(x in period for x in words[k + 1 : k + 4])
    ]
    figures = []
    for who, (value, vague), pos, toll in sorted(raw, key=lambda f: f[2]):
        openers = [c for c in campaigns if _same_clause(tokens, pos, c)]
        campaign = bool(openers)
        # A rise governs the number after it (بمقتل 2 ارتفعت الحصيلة إلى 7: 2 is the
        # incident's, 7 the total).
        openers += [r for r in rises if r < pos and _same_clause(tokens, pos, r)]
        if toll:
            openers.append(pos)
        opener = min(openers) if openers else None
        figures.append(Figure(who, value, pos, bool(openers), campaign, vague, opener, pos in lost))
    return figures


def attempted_kind(words: list[str], cue_token: int, kind: str) -> str | None:
    """The kind a killing word counts after the words before it: the victims of an
    attempted killing in a court's words (الشروع في قتل 9 آخرين) were wounded; an
    attempt (محاولة قتل 3) killed nobody (None)."""
    if kind != "killed" or cue_token < 1:
        return kind
    classes = casualty_words()
    before = words[cue_token - 1]
    if before in classes.get("attempt", {}):
        return None
    if cue_token >= 2 and before == "في":
        doer = words[cue_token - 2]
        if doer in classes.get("attempted", {}) or doer[1:] in classes.get("attempted", {}):
            return "wounded"
    return kind


@lru_cache(maxsize=1)
def after_cues() -> frozenset[str]:
    """Cues that follow their number (قتلى، جرحى): a number before one is its count."""
    return frozenset(
        norm_key(r["form"])
        for r in read_tsv("events/casualties.tsv")
        if r["kind"] in ("killed", "wounded", "both") and r["position"] in ("after", "either")
    )


@lru_cache(maxsize=1)
def after_pairs() -> dict[str, str]:
    """One-word cues that follow their number (قتلوا، جرحى), and their kind."""
    return {
        norm_key(r["form"]): r["kind"]
        for r in read_tsv("events/casualties.tsv")
        if r["kind"] in ("killed", "wounded")
        and r["position"] in ("after", "either")
        and " " not in r["form"]
    }


def joined(words: list[str], cue_token: int, first: int, kind: str) -> bool:
    """Two cues that follow one number, joined by و (قتلوا وأصيبوا، قتلى وجرحى): a
    count of both, neither a killed nor a wounded one."""
    pairs = after_pairs()
    here = words[cue_token] if 0 <= cue_token < len(words) else ""
    if pairs.get(here) is None and pairs.get(here[1:]) is None:
        return False
    nxt = words[first] if first < len(words) else ""
    if nxt.startswith("و") and pairs.get(nxt[1:], kind) != kind:
        return True
    prev = words[cue_token - 1] if cue_token > 0 else ""
    return here.startswith("و") and pairs.get(prev, kind) != kind


def _same_clause(tokens: list, a: int, b: int) -> bool:
    """Two positions of a sentence with no clause punctuation between them and at
    most TALLY_WINDOW words apart."""
    lo, hi = min(a, b), max(a, b)
    between = [t for t in tokens if lo <= t.start < hi]
    return len(between) <= TALLY_WINDOW and not any(t.text in CLAUSE_PUNCTUATION for t in between)


def distinct_figures(figures: list[Figure]) -> dict[str, int]:
    """One count per kind: a number restated counts once; different numbers of one
    kind for one event are summed (losses on both sides)."""
    seen: dict[str, set[int]] = {}
    for f in figures:
        seen.setdefault(f.kind, set()).add(f.count)
    return {kind: sum(counts) for kind, counts in seen.items()}
