"""Finding event mentions: trigger hits, the cues that exclude them (negation,
hypothesis, background, names) and the type a context cue gives them."""

from __future__ import annotations

import bisect
import re

from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.stages.events.analysis import Analysis, Mention, bare_forms
from newsie.stages.events.cue_strength import seized_follows, waged
from newsie.stages.events.lexicon import (
    CAME_AFTER_WINDOW,
    CLAUSE_BREAKS,
    CONTEXT_WINDOW,
    FORCE_TYPES,
    LISTING_WINDOW,
    OFF_TOPIC_SENTENCES,
    PARTY_TYPES,
    PLACE_TYPES,
    ExclusionCue,
    TriggerRule,
    event_types,
    function_words,
    norm_key,
)
from newsie.text.lexicon import Lexicon, LexiconMatch
from newsie.text.segment import Token
from newsie.text.spans import Spans

# --- exclusions -----------------------------------------------------------------------


def has_preposition_l(text: str, hit: LexiconMatch[TriggerRule]) -> bool:
    """The trigger carries ل (لتمشيط، للسيطرة): usually a purpose, not an event."""
    prefix = text[hit.word_start : hit.start]
    if "ل" in prefix:
        return True
    return text.startswith("لل", hit.start) and hit.key.startswith(DEFINITE_ARTICLE)


def excluded(
    ana: Analysis,
    hit: LexiconMatch[TriggerRule],
    sentence: int,
    cues: Spans[LexiconMatch[ExclusionCue]],
) -> bool:
    s = ana.sentences[sentence]
    before = ana.words_before(hit.word_start, sentence, LISTING_WINDOW)  # nearest first
    undergo = False
    for cue in cues.overlapping(s.start, s.end):
        if cue.start >= s.end or cue.end <= s.start:
            continue
        for rule in cue.values:
            if rule.kind in NOT_EXCLUSIONS or (rule.types and hit.values[0].type not in rule.types):
                continue
            if rule.kind == "follows":
                if cue.start >= hit.end and words_to(
                    ana, hit.end, cue.start, sentence, rule.window
                ) < (rule.window):
                    return True
                continue
            if rule.window == -1:
                if cue.start <= hit.start and hit.end <= cue.end:
                    return True
            elif rule.window == 0:
                if rule.kind == "found":
                    if cue.end <= hit.word_start and carries_pronoun(ana, hit):
                        return True
                elif rule.kind == "generic" or cue.end <= hit.word_start:
                    return True
            elif cue.end <= hit.word_start:
                # Words between the cue's last word and the trigger, within the clause.
                distance = next(
                    (k + 1 for k, t in enumerate(before) if t.start < cue.end <= t.end), None
                )
                if distance is None or distance > rule.window:
                    continue
                if rule.kind == "undergo":
                    undergo = undergo or distance == 1
                elif rule.kind in ("head", "target"):
                    # Right before the trigger, or before a number that precedes it
                    # (تفكيك 21 عبوة ناسفة).
                    if distance == 1 or (distance == 2 and before[0].text.isdigit()):
                        return True
                elif rule.kind == "listing":
                    if distance >= 2:
                        return True
                elif not (rule.kind in ("negation", "hypothetical") and factive(cue, hit, cues)):
                    return True
    if came_after(before):
        return True
    return has_preposition_l(ana.text, hit) and not (undergo or after_undergo(ana, hit, cues))


# Cue kinds that do not exclude triggers: they date, count or retype events.
NOT_EXCLUSIONS = frozenset(
    {"report", "campaign", "recent", "affirmative", "offensive", "launch", "factive"}
)


def factive(
    cue: LexiconMatch[ExclusionCue],
    hit: LexiconMatch[TriggerRule],
    cues: Spans[LexiconMatch[ExclusionCue]],
) -> bool:
    """`دعت إلى التحقيق في الهجوم`، `هدد بالرد على الهجوم`: a phrase between a
    negation or hypothesis and the trigger that takes the event as given."""
    return any(
        cue.end <= c.start and c.end <= hit.word_start and c.values[0].kind == "factive"
        for c in cues.overlapping(cue.end, hit.word_start)
    )


# Quotes often wrap a word or two of a clause (هجوم "بيولوجي" جرى إحباطه): no break.
QUOTES = frozenset('«»"')


def words_to(ana: Analysis, end: int, pos: int, sentence: int, limit: int = 1 << 30) -> int:
    """How many words stand between a trigger's end and a cue after it in its clause
    (a large number when a clause break comes first). Counting stops at `limit`: to
    ask whether fewer than `limit` words stand between, the first ones suffice."""
    s = ana.sentences[sentence]
    n = 0
    for k in range(ana.token_at(end), s.last_token):
        tok = ana.tokens[k]
        if tok.start >= pos:
            return n
        if tok.text in CLAUSE_BREAKS and tok.text not in QUOTES:
            break
        if tok.is_word:
            n += 1
            if n >= limit:
                return n
    return 1 << 30


PRONOUNS = frozenset({"ه", "ها", "هم", "هما"})


def carries_pronoun(ana: Analysis, hit: LexiconMatch[TriggerRule]) -> bool:
    """تفجيرها، فجروه: the trigger's object is a thing named before it."""
    word = ana.text[hit.start : hit.end]
    return len(word) > 4 and any(word.endswith(p) for p in PRONOUNS)


def came_after(before: list[Token]) -> bool:
    """`وجاء القرار بعد اشتباكات`، `جاء الهجوم عقب سيطرة`: what an event came
    after is its background, told to explain it, not news of its own."""
    if not before or not set(bare_forms(norm_key(before[0].text))) & function_words("after"):
        return False
    came = function_words("came")
    return any(set(bare_forms(norm_key(t.text))) & came for t in before[1 : 1 + CAME_AFTER_WINDOW])


def after_undergo(
    ana: Analysis, hit: LexiconMatch[TriggerRule], cues: Spans[LexiconMatch[ExclusionCue]]
) -> bool:
    """`تصدت القوات، فجر اليوم، لهجوم`: a verb of undergoing or repelling a few
    words back, across a comma, governs the ل of the trigger."""
    k = ana.token_at(hit.word_start)
    window = [t for t in ana.tokens[max(0, k - 10) : k] if t.is_word][-6:]
    if not window:
        return False
    lo = window[0].start
    return any(
        any(r.kind == "undergo" for r in c.values) for c in cues.starting_in(lo, hit.word_start)
    )


def inside_entity(ana: Analysis, start: int, end: int) -> bool:
    """A trigger inside a name (هيئة تحرير الشام، قيادة العمليات المشتركة)."""
    return any(p.entity.type != "DATE" for p in ana.entities.containing(start, end))


def is_security_news(ana: Analysis, mentions: list[Mention]) -> bool:
    """Sport and culture pages use the same words (هجمة، تظاهرة، لقاء) for other
    things. An article is off-topic when several of its sentences carry sport or
    background cues and it names no armed force or group."""
    if any(p.entity.type in FORCE_TYPES for p in ana.entities):
        return True
    types = event_types()
    if sum(1 for m in mentions if m.strength == "strong" and types[m.type].casualties) >= 2:
        return True
    off_topic = {
        i
        for c in ana.exclusion_cues
        if c.values[0].kind == "generic" and (i := ana.sentence_of(c.start)) is not None
    }
    return len(off_topic) < OFF_TOPIC_SENTENCES


# A short name in quotes right after the trigger: عملية "السهم الذهبي" is a named
# operation; a long quotation (عمليات "قنص المتمردين لهم وباستخدام عبوات") is not a name.
SPACE = re.compile(r"\s+")
QUOTED_NAME = re.compile(r"\s*[\"«“']\s*\w+(?:\s+\w+){0,3}\s*[\"»”']")


def find_mentions(ana: Analysis, triggers: Lexicon[TriggerRule]) -> list[Mention]:
    text = ana.text
    hits = triggers.find(text)
    cues = ana.exclusion_cues
    context = Spans(h for h in hits if h.values[0].strength == "context")
    found: list[Mention] = []
    for hit in hits:
        rule = hit.values[0]
        if rule.strength == "context":
            continue
        sentence = ana.sentence_of(hit.start)
        if sentence is None or inside_entity(ana, hit.start, hit.end):
            continue
        if excluded(ana, hit, sentence, cues):
            continue
        if rule.strength == "place" and not place_follows(ana, hit.end):
            continue  # سقوط قتلى، سقطت قذيفة: not a place that fell
        event_type = reinterpreted(ana, hit, rule, sentence, context)
        strength = "strong" if rule.strength == "place" else rule.strength
        if strength == "weak" and agent_then_on(ana, hit.end):
            strength = "strong"  # سيطرة المسلحين على البلدة: a deed with its doer
        if strength == "party":
            named = ana.in_sentence(sentence, *PARTY_TYPES)
            strength = "strong" if named else "weak"
        elif strength == "object":
            strength = "strong" if seized_follows(ana, hit.end, sentence) else "weak"
        elif strength == "waged":
            if not waged(ana, hit, sentence):
                continue  # ضربة موجعة، ضربات الجزاء: no strike a party carried out
            strength = "strong"
        elif strength == "named":
            quoted = QUOTED_NAME.match(text, hit.end) is not None
            by_forces = bool(ana.in_sentence(sentence, *FORCE_TYPES))
            strength = "strong" if quoted and by_forces else "weak"
        found.append(
            Mention(
                type=event_type,
                strength=strength,
                # A trigger a context cue made specific yields no more.
                other_types=rule.other_types if event_type == rule.type else frozenset(),
                start=hit.start,
                end=hit.end,
                sentence=sentence,
                paragraph=ana.sentence_paragraph[sentence],
                definite=is_definite(ana, hit, sentence),
                demonstrative=after_demonstrative(ana, hit, sentence),
                retyped=event_type != rule.type,
            )
        )
    # A generic trigger yields to a specific one in its sentence (استهدف + غارة), unless
    # it names the earlier event the other answers (قصفت ... ردا على هجوم ...).
    by_sentence: dict[int, set[str]] = {}
    for m in found:
        by_sentence.setdefault(m.sentence, set()).add(m.type)
    kept = [
        m
        for m in found
        if not (m.other_types & (by_sentence[m.sentence] - {m.type})) or answered(ana, m)
    ]
    # `بدأت القوات هجوما على المدينة في أكبر معركة منذ سنوات`: a word after a superlative
    # rates the event its sentence tells with another violent word; it is no event itself.
    types = event_types()
    return [
        m
        for m in kept
        if not (
            after_superlative(ana, m)
            and any(
                x.sentence == m.sentence
                and x.type != m.type
                and x.strength == "strong"
                and types[x.type].casualties
                for x in kept
            )
        )
    ]


def after_superlative(ana: Analysis, m: Mention) -> bool:
    """أكبر معركة، أعنف هجوم، أسوأ هجوم (function_words.tsv, superlative)."""
    k = bisect.bisect_right(ana.token_starts, m.start) - 1
    word_start = ana.tokens[k].start if k >= 0 else m.start
    before = ana.words_before(word_start, m.sentence, 1)
    return bool(before) and norm_key(before[0].text) in function_words("superlative")


def answered(ana: Analysis, m: Mention) -> bool:
    """The mention follows `ردا على`، `انتقاما لـ`: an earlier event that another answers."""
    k = bisect.bisect_right(ana.token_starts, m.start) - 1
    word_start = ana.tokens[k].start if k >= 0 else m.start
    before = ana.words_before(word_start, m.sentence, 2)
    response = function_words("response")
    return any(set(bare_forms(norm_key(t.text))) & response for t in before)


def place_follows(ana: Analysis, end: int) -> bool:
    """A town or province is named right after the trigger (سقوط الموصل، سقطت بغداد)."""
    space = SPACE.match(ana.text, end)
    at = space.end() if space else end
    return any(p.entity.type in PLACE_TYPES for p in ana.entities.starting_at(at))


def agent_then_on(ana: Analysis, end: int) -> bool:
    """A named force or person right after the trigger and على right after it
    (سيطرة قوات X على، سيطرة الحوثيين على): a deed with its doer and its object, not
    a state (تحت سيطرة الحوثيين) or a word of its own."""
    space = SPACE.match(ana.text, end)
    at = space.end() if space else end
    while True:
        agent = next(
            (p for p in ana.entities.starting_at(at) if p.entity.type in PARTY_TYPES), None
        )
        if agent is None:
            return False
        k = ana.token_at(agent.end)
        if k >= len(ana.tokens):
            return False
        word = norm_key(ana.tokens[k].text)
        if word == norm_key("على"):
            return True
        # Doers joined by و (سيطرة الكتيبة الأولى ورجال العشائر على).
        if not word.startswith("و"):
            return False
        at = ana.tokens[k].start + 1


def is_definite(ana: Analysis, hit: LexiconMatch[TriggerRule], sentence: int) -> bool:
    """الهجوم، للهجوم، هذا الهجوم: a mention that may refer to an event told before."""
    if ana.text.startswith(DEFINITE_ARTICLE, hit.start):
        return True
    if ana.text[hit.word_start : hit.start].endswith("ل") and ana.text.startswith("ل", hit.start):
        return True  # the fused article of للهجوم
    return after_demonstrative(ana, hit, sentence)


def after_demonstrative(ana: Analysis, hit: LexiconMatch[TriggerRule], sentence: int) -> bool:
    before = ana.words_before(hit.word_start, sentence, 1)
    return bool(before) and norm_key(before[0].text) in function_words("demonstrative")


def launched(ana: Analysis, hit: LexiconMatch[TriggerRule], sentence: int) -> bool:
    """`بدأت القوات هجوما على المدينة`: an indefinite attack a verb of beginning
    governs is a campaign (`بدأ الهجوم عندما` tells how one attack began)."""
    if is_definite(ana, hit, sentence):
        return False
    before = ana.words_before(hit.word_start, sentence, LISTING_WINDOW)
    # Only a cue ending in one of those words counts.
    for c in ana.exclusion_cues.overlapping(before[-1].start, before[0].end) if before else []:
        rule = c.values[0]
        if rule.kind != "launch" or c.end > hit.word_start:
            continue
        distance = next((k + 1 for k, t in enumerate(before) if t.start < c.end <= t.end), None)
        if distance is not None and distance <= rule.window:
            return True
    return False


def reinterpreted(
    ana: Analysis,
    hit: LexiconMatch[TriggerRule],
    rule: TriggerRule,
    sentence: int,
    context: Spans[LexiconMatch[TriggerRule]],
) -> str:
    """The trigger's type, or the type a nearby context cue turns it into."""
    s = ana.sentences[sentence]
    if rule.type == "ATTACK" and any(
        r.kind == "offensive"
        and c.start >= hit.end
        and words_to(ana, hit.end, c.start, sentence, r.window) < r.window
        for c in ana.exclusion_cues.starting_in(s.start, s.end)
        for r in c.values
    ):
        # الهجوم الذي تشنه القوات منذ أسبوع: a campaign, not a single attack.
        return "MILITARY_OPERATION"
    if rule.type == "ATTACK" and launched(ana, hit, sentence):
        return "MILITARY_OPERATION"
    here = ana.token_at(hit.start)
    for c in context.starting_in(s.start, s.end):
        crule = c.values[0]
        if rule.type not in crule.other_types or not (s.start <= c.start < s.end):
            continue
        if abs(ana.token_at(c.start) - here) <= CONTEXT_WINDOW:
            return crule.type
    return rule.type
