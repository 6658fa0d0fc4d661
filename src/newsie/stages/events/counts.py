"""Head counts read from the words after or before a casualty cue (مقتل نحو 30
شخصا، 9 من الجنود قتلوا، خسرت القوات 12 جنديا), the conservative ACLED way: `أكثر
من N` and `نحو N` are N, a vague `عشرات` is 10, `مئات` 100."""

from __future__ import annotations

from functools import lru_cache

from newsie.lang.ar.numbers import parse_number
from newsie.resources import read_tsv
from newsie.stages.events.lexicon import (
    AFTER_CUE_WINDOW,
    CLAUSE_BREAKS,
    casualty_lexicon,
    count_words,
    function_words,
    norm_key,
)

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
    "losses",
    "person",
)
# How far after a verb cue its object count may stand, past the subject
# (قتلت الشرطة المسلحين الثلاثة، قتلت القوات 7 مسلحين).
VERB_REACH = 6
QUOTES = frozenset({'"', "«", "(", "'"})


@lru_cache(maxsize=1)
def casualty_words() -> dict[str, dict[str, int]]:
    """Word classes of casualties.tsv beyond the cues: `kind -> {form: value}`."""
    out: dict[str, dict[str, int]] = {}
    for row in read_tsv("events/casualties.tsv"):
        if row["kind"] in WORD_CLASSES:
            value = int(row["position"]) if row["position"].isdigit() else 1
            out.setdefault(row["kind"], {})[norm_key(row["form"])] = value
    return out


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


def count_after(words: list[str], first: int, cue_words: frozenset[str]) -> tuple[int, bool] | None:
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


def object_count(words: list[str], first: int, people: bool = False) -> tuple[int, bool] | None:
    """The count after a verb's subject (قتلت القوات في تلك الاشتباكات 30 مسلحا);
    not past a time phrase, a coordinated clause or a clause break (قتل الوزير عام
    1995). `people`: only a count of people (a verb of losing: خسر الفريق 3 مباريات
    is no toll)."""
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
            if people:
                return people_count(words, j, found)
            return found[0], words[j] in casualty_words().get("vague", {})
    return None


def people_count(words: list[str], j: int, found: tuple[int, int]) -> tuple[int, bool] | None:
    """A loser's count of men (خسرت القوات 12 جنديا، فقدت 4 من عناصرها), with the
    count of a second loser the verb is not repeated for (خسرت القوات 12 جنديا
    والمسلحون 20 عنصرا: 32)."""
    after = j + found[1]
    if not counts_people(words, after):
        return None
    value = found[0]
    nxt = after + 1 + (words[after] == "من")
    if (
        nxt + 1 < len(words)
        and words[nxt].startswith("و")
        and parse_number([words[nxt][1:]], 0) is None
    ):
        second = count_at(words, nxt + 1)
        if second is not None and counts_people(words, nxt + 1 + second[1]):
            value += second[0]
    return value, words[j] in casualty_words().get("vague", {})


def counts_people(words: list[str], k: int) -> bool:
    """The noun at k (after من) counts people: جنديا، جنود، من عناصرها."""
    if k < len(words) and words[k] == "من":
        k += 1
    if k >= len(words):
        return False
    classes = casualty_words()
    stems = {*classes.get("one", {}), *classes.get("person", {})}
    return any(words[k].startswith(stem) and len(words[k]) - len(stem) <= 2 for stem in stems)


def count_before(words: list[str], cue_token: int) -> tuple[int, bool] | None:
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
