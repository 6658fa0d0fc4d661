"""Casualty figures read from one sentence: who was counted, how many, and whether
the number is a running or period total rather than one incident's toll.

Counts follow ACLED's conservative reading: `أكثر من N` and `نحو N` are N, a vague
`عشرات` is 10, `مئات` 100, and a sentence saying nobody was hurt gives 0 and 0."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from newsie.lang.ar.numbers import parse_number
from newsie.resources import read_tsv
from newsie.stages.events.analysis import Analysis
from newsie.stages.events.lexicon import (
    AFTER_CUE_WINDOW,
    CLAUSE_BREAKS,
    TOLL_WINDOW,
    CasualtyCue,
    casualty_lexicon,
    count_words,
    function_words,
    fused_cue,
    norm_key,
)
from newsie.text.lexicon import Lexicon, LexiconMatch
from newsie.text.spans import Spans

# Punctuation that closes the clause a figure is counted in (quotes and brackets do not:
# «مقتل 5 جنود» is one figure of its clause).
CLAUSE_PUNCTUATION = frozenset("،,؛;:.؟!")
WORD_CLASSES = (
    "one",
    "vague",
    "filler",
    "relative",
    "rise",
    "total",
    "title",
    "attempt",
    "generic",
    "part",
    "verb",
    "stop",
    "since",
    "period",
    "attempted",
    "result",
    "dual",
)
# How far after a verb cue its object count may stand, past the subject
# (قتلت الشرطة المسلحين الثلاثة، قتلت القوات 7 مسلحين).
VERB_REACH = 6
QUOTES = frozenset({'"', "«", "(", "'"})
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


@lru_cache(maxsize=1)
def casualty_words() -> dict[str, dict[str, int]]:
    """Word classes of casualties.tsv beyond the cues: `kind -> {form: value}`."""
    out: dict[str, dict[str, int]] = {}
    for row in read_tsv("events/casualties.tsv"):
        if row["kind"] in WORD_CLASSES:
            value = int(row["position"]) if row["position"].isdigit() else 1
            out.setdefault(row["kind"], {})[norm_key(row["form"])] = value
    return out


@lru_cache(maxsize=1)
def none_lexicon() -> Lexicon[str]:
    """Phrases that say nobody was killed or hurt (دون وقوع إصابات)."""
    return Lexicon(
        (row["form"], "none") for row in read_tsv("events/casualties.tsv") if row["kind"] == "none"
    )


def fillers() -> frozenset[str]:
    return function_words("filler") | frozenset(casualty_words().get("filler", {}))


def count_at(words: list[str], i: int) -> tuple[int, int] | None:
    """(head count, tokens used) starting at words[i]: a number not followed by a
    unit, scaled (53 ألفا), with a coordinated second count (40 مسلحا و5 جنود);
    a dual noun (شخصين); a vague plural (العشرات = 10)."""
    units, scales, duals = count_words()
    if words[i] in duals:
        return duals[words[i]], 1
    classes = casualty_words()
    vague = classes.get("vague", {})
    if words[i] in vague:
        return vague[words[i]], 1
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
                counted = words[after] if after < len(words) else ""
                # 25 مدنيا و5 نساء may count the women among the 25: the
                # conservative reading adds nothing.
                part_of = words[nxt] in classes.get("generic", {}) and counted in classes.get(
                    "part", {}
                )
                if counted not in units and not part_of:
                    value += second.value
            break
    return value, nxt - i


def cue_word(word: str) -> bool:
    """A casualty cue, with or without a leading و (وجرح، وأصيب)."""
    lexicon = casualty_lexicon()
    return bool(lexicon.get(word) or (word.startswith("و") and lexicon.get(word[1:])))


def count_value(found: tuple[int, int] | None) -> int | None:
    return found[0] if found is not None else None


def _count_after(
    words: list[str], first: int, cue_words: frozenset[str]
) -> tuple[int, bool] | None:
    """The count a cue stands before (مقتل نحو 30 شخصا، مقتل شاب، مقتل «5 جنود»),
    and whether it is a vague plural."""
    skip = fillers()
    vague = casualty_words().get("vague", {})
    j = first
    while j < len(words) and j < first + 4:
        found = count_at(words, j)
        if found is not None:
            after = j + found[1]
            if after < len(words) and words[after] in cue_words:
                return None  # سقوط 3 جرحى: the cue after the number tells its kind
            return found[0], words[j] in vague
        if (
            j == first
            and j + 1 < len(words)
            and not words[j + 1].isdigit()
            and not cue_word(words[j])
        ):
            # The noun before its number word: مقتل مدنيين اثنين (not قتلوا وأصيب ثلاثة).
            second = count_value(count_at(words, j + 1))
            if second is not None:
                return second, False
        if (
            j == first
            and words[j] in casualty_words().get("one", {})
            and (j + 1 >= len(words) or count_at(words, j + 1) is None)
        ):
            return 1, False  # مقتل شاب، إصابة جندي: one person, no number
        if words[j] not in skip and words[j] not in QUOTES:
            return None
        j += 1
    return None


def _object_count(words: list[str], first: int) -> tuple[int, bool] | None:
    """The count after a verb's subject (قتلت القوات في تلك الاشتباكات 30 مسلحا);
    not past a time phrase, a coordinated clause or a clause break (قتل الوزير عام
    1995)."""
    stops = casualty_words().get("stop", {})
    for j in range(first, min(len(words), first + VERB_REACH)):
        w = words[j]
        if w in CLAUSE_BREAKS or w in CLAUSE_PUNCTUATION or w in stops:
            return None
        if j > first and w.startswith("و") and len(w) > 1 and parse_number([w], 0) is None:
            return None
        found = count_at(words, j)
        if found is not None:
            if 1900 <= found[0] <= 2100:
                return None  # a year
            return found[0], words[j] in casualty_words().get("vague", {})
    return None


def _count_before(words: list[str], cue_token: int) -> tuple[int, bool] | None:
    """The count a cue follows (9 من الجنود قتلوا، 3 قتلى، عشرات القتلى), and
    whether it is a vague plural."""
    vague = casualty_words().get("vague", {})
    seen = 0  # words passed; marks (/ داعش /، «الجيش») do not count
    for j in range(cue_token - 1, -1, -1):
        if seen >= AFTER_CUE_WINDOW:
            return None
        if words[j] in CLAUSE_BREAKS or words[j] in (".", "؟", "!"):
            return None
        seen += any(ch.isalnum() for ch in words[j])
        count = count_value(count_at(words, j))
        if count is None:
            continue
        if words[j] in vague:
            if j == cue_token - 1 or (j == cue_token - 2 and words[j + 1] == "من"):
                return count, True
            return None  # عشرات الغارات ... قتلى: the vague word counts something else
        # The scale word of a bigger number (53 ألفا): read it whole.
        whole = count_at(words, j - 1) if j > 0 else None
        if whole is not None and whole[1] >= 2 and whole[0] > count:
            count = whole[0]
        # A range (15 إلى 20 قتيلا، بين 15 و20): the lower bound.
        if j >= 2 and words[j - 1] in function_words("toll_to"):
            low = count_value(count_at(words, j - 2))
            if low is not None and low < count:
                count = low
        elif words[j].startswith("و") and j >= 1:
            low = count_value(count_at(words, j - 1))
            if low is not None and j >= 2 and words[j - 2] == "بين":
                count = min(low, count)
        return count, False
    return None


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
        if rule.position == "before":
            count = _count_after(words, first, cue_words)
            if count is None and norm_key(ana.text[cue.start : cue.end]) in verbs:
                count = _object_count(words, first)
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
            count = _count_before(words, cue_token)
            if count is None and rule.position == "either":
                count = _count_after(words, first, cue_words)  # قتلوا 8 مسلحين
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
            rules = casualty_lexicon().get(w[: m.start(1)].lstrip("وف") or w)
            if found is not None and rules and rules[0].kind != "both":
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
        figures.append(Figure(who, value, pos, bool(openers), campaign, vague, opener))
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
