"""Which entities of a trigger's clause can be its parties: the cues that make a name
no party (the source of a report, a group that only says whose a man or unit is, what
talks are about, the accuser, the subject of another deed) and the word order that
makes one the subject of the trigger."""

from __future__ import annotations

import re
from functools import lru_cache

from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.resources import read_tsv
from newsie.stages.events.analysis import Analysis, Mention, Placed, bare_forms, of_role
from newsie.stages.events.generic_actors import in_longer
from newsie.stages.events.lexicon import ACTOR_TYPES, FORCE_TYPES, function_words, norm_key
from newsie.text.segment import Token


def previous_words(ana: Analysis, p: Placed, sentence: int, n: int) -> list[Token]:
    """Up to n words before an entity (within its clause), nearest first."""
    k = ana.token_at(p.start)
    # An entity behind a proclitic (بتنظيم X) starts inside its first word.
    if k > 0 and ana.tokens[k - 1].start < p.start < ana.tokens[k - 1].end:
        k -= 1
    start = ana.tokens[k].start if k < len(ana.tokens) else p.start
    return ana.words_before(start, sentence, n)


def previous_bare(ana: Analysis, p: Placed, sentence: int, n: int) -> list[set[str]]:
    """Bare forms of up to n words before an entity, nearest first."""
    return [set(bare_forms(t.text)) for t in previous_words(ana, p, sentence, n)]


def right_after_trigger(ana: Analysis, p: Placed, m: Mention, led: bool = False) -> bool:
    """The party follows the trigger directly, or after a force word (هاجمت قوات X);
    with `led`, only after a force word."""
    headed = False
    for t in previous_words(ana, p, m.sentence, 2):
        if t.start < m.end and m.start < t.end:  # the trigger, behind و or not
            return headed or not led
        if not of_role(t.text, "force_head"):
            return False
        headed = True
    return False


def is_party(ana: Analysis, p: Placed, m: Mention, allowed: frozenset[str]) -> bool:
    prev = previous_bare(ana, p, m.sentence, 2)
    # قوات فلان، عناصر حزب X: a force named after its leader or its party.
    led = bool(prev) and bool(prev[0] & function_words("force_head"))
    # قصفت تركيا: a country or body that is the subject of a deed of force is its party.
    state = p.entity.type in ("COUNTRY", "ORG") and "UNIT" in allowed and state_subject(ana, p, m)
    led_in = p.entity.type in ("PERSON", "ORG") and led
    if p.entity.type not in allowed and not led_in and not state:
        return False
    if any(words & function_words("source") for words in before_complementiser(prev)):
        return False  # المتحدث باسم الجيش، بحسب مصادر الشرطة
    if any(words & function_words("affiliation") for words in prev):
        return False  # جماعة ... المرتبطة بتنظيم X: X describes the group
    if dependent_of_party(ana, p, m.sentence):
        return False  # لواء X التابع لجيش Y: Y only says whose X is
    if prev and prev[0] & (function_words("topic") | function_words("seat")):
        return False  # اجتماع بشأن اليمن: what the talks are about
    if p.entity.type != "PERSON" and titled(prev):
        return False  # زعيم تنظيم X فلان، القيادي في حركة X: whose man he is
    if accuser(ana, p, m):
        return False  # X يتهم Y بشن غارة: X only accuses
    # تحدث الرئيس فلان عن اعتقال ...: he speaks of a deed of force (of talks, the
    # speaker is often a side: أكد الوزير فلان عقب لقائه ...).
    talks = "ORG" in allowed or "UNIT" not in allowed
    if p.entity.type == "PERSON" and not talks and speaker(ana, p, m):
        return False
    if inside_other(ana, p, m.sentence):
        return False  # خلية X في جهاز Y: Y only says where X belongs
    if holder(ana, p, m):
        return False  # قصف مناطق يسيطر عليها X: X only says whose the place is
    if alias(ana, p, m.sentence):
        return False  # فلان، المعروف بـ أبو X: the same party by another name
    if p.entity.type == "PERSON" and m.type not in dead_party_types() and dead(ana, p, m):
        return False  # اعتقال قاتل الشرطي فلان: the dead man is no party of the arrest
    if behind_bi(ana, p):
        return False  # جندي بالجيش، ضابط بقوات X، ندد بالحركة: whose man or what is meant
    if p.entity.type == "COUNTRY":
        return country_is_actor(ana, p, m.sentence)
    return True


# Words at most between a verb of saying and its subject: a title and its adjective
# (قال وزير الداخلية الأردني فلان).
SPEAKER_REACH = 4


def speaker(ana: Analysis, p: Placed, m: Mention) -> bool:
    """The person is the subject of a verb of saying or warning, with at most a title
    between them and the trigger not between (أكد الرئيس فلان، وتوعد فلان)."""
    for t in previous_words(ana, p, m.sentence, SPEAKER_REACH):
        if t.start < m.end and m.start < t.end:
            return False
        words = set(bare_forms(t.text))
        if words & function_words("complementiser"):
            return False
        if words & function_words("speaking"):
            return True
    return False


def inside_other(ana: Analysis, p: Placed, sentence: int) -> bool:
    """The entity follows في or ضمن right after another party (مديرية الإعلام في الجيش،
    كتيبة ضمن قوات X): the body the first is part of."""
    words = previous_words(ana, p, sentence, 1)
    if not words or not of_role(words[0].text, "within"):
        return False
    cue = words[0].start
    return any(
        q.entity.type in ACTOR_TYPES and q.end <= cue and not ana.text[q.end : cue].strip()
        for q in ana.entities.ending_in(blank_before(ana.text, cue), cue + 1)
    )


def holder(ana: Analysis, p: Placed, m: Mention) -> bool:
    """The entity follows a verb or participle of control and its object (يسيطر عليها،
    الخاضعة لسيطرة) that is not the trigger: it holds the place named before."""
    prev = previous_words(ana, p, m.sentence, 2)
    if len(prev) < 2 or any(t.start < m.end and m.start < t.end for t in prev):
        return False
    return of_role(prev[0].text, "control_object") and of_role(prev[1].text, "control")


def alias(ana: Analysis, p: Placed, sentence: int) -> bool:
    """The entity follows a word of naming (المعروف، الملقب) right after another entity
    of its type: the other name of that one."""
    for t in previous_words(ana, p, sentence, 2):
        if of_role(t.text, "alias"):
            start = blank_before(ana.text, t.start, " ،,")
            return any(
                q.entity.type == p.entity.type and q.end >= start
                for q in ana.entities.ending_in(start, t.start + 1)
            )
    return False


@lru_cache(maxsize=1)
def dead_party_types() -> frozenset[str]:
    """Event types a person named as killed is a party of (actor_types.tsv, dead)."""
    return frozenset(
        row["event_type"] for row in read_tsv("events/actor_types.tsv") if row["dead"] == "1"
    )


def dead(ana: Analysis, p: Placed, m: Mention) -> bool:
    """The person follows a noun of death, maybe with his rank between (مقتل فلان،
    اغتيال الضابط فلان), and not as the trigger itself."""
    for t in previous_words(ana, p, m.sentence, 2):
        if t.start < m.end and m.start < t.end:
            return False
        if of_role(t.text, "death"):
            return True
    return False


def behind_bi(ana: Analysis, p: Placed) -> bool:
    """The entity is glued to the preposition ب (بالجيش، وبقوات X)."""
    k = ana.token_at(p.start)
    if k == 0 or not ana.tokens[k - 1].start < p.start < ana.tokens[k - 1].end:
        return False
    return ana.text[ana.tokens[k - 1].start : p.start] in ("ب", "وب", "فب")


def state_subject(ana: Analysis, p: Placed, m: Mention) -> bool:
    """A country (or body) that is the subject of the deed: right after a verb trigger
    of the feminine perfect (قصفت تركيا، أوقفت هيئة X); a country also after a verb of
    waging or announcing before the trigger (شنت تركيا غارات، أعلن العراق تحرير)."""
    before = previous_words(ana, p, m.sentence, 1)
    if not before:
        return False
    verb = norm_key(before[0].text)
    if before[0].start < m.end and m.start < before[0].end:
        return verb.endswith("ت") and not verb.endswith("ات")
    if p.entity.type != "COUNTRY" or p.end > m.start:
        return False
    words = set(bare_forms(before[0].text))
    if words & function_words("agent"):
        return True  # شنت تركيا غارات
    # أعلن العراق تحرير ...: the one announcing its own deed, no other party between.
    return bool(words & function_words("announcing")) and not any(
        p.end <= q.start < m.start and q.entity.type in ACTOR_TYPES for q in ana.entities
    )


def before_complementiser(prev: list[set[str]]) -> list[set[str]]:
    """The words before an entity, nearest first, up to a complementiser: in قالت
    مصادر إن الجيش ... the army is the subject of the reported words, not the source."""
    out: list[set[str]] = []
    for words in prev:
        if words & function_words("complementiser"):
            break
        out.append(words)
    return out


def titled(prev: list[set[str]]) -> bool:
    """The entity follows a leader's title (زعيم X، القيادي في X، القائد العام لـ X): it
    is a person's group."""
    if prev and prev[0] & function_words("title"):
        return True
    # في or the title's adjective (العام، الميداني) between them.
    linked = bool(prev) and (
        "في" in prev[0] or any(w.startswith(DEFINITE_ARTICLE) for w in prev[0])
    )
    return len(prev) > 1 and linked and bool(prev[1] & function_words("title"))


def accuser(ana: Analysis, p: Placed, m: Mention) -> bool:
    """The entity is the subject of a verb of accusing or denying before the trigger
    (X يتهم Y، اتهم X Y; not Y, the object)."""
    if p.end > m.start:
        return False
    k = ana.token_at(p.end)
    if k < len(ana.tokens) and ana.tokens[k].start < m.start and accusing(ana.tokens[k]):
        return True  # X يتهم Y
    before = previous_words(ana, p, m.sentence, 1)
    if not before or not accusing(before[0]):
        return False
    verb = before[0].start
    first = ana.sentences[m.sentence].start
    # اتهم X Y: X is the subject unless a party of the sentence stands before the verb
    # (Z يتهم X).
    return not any(
        q.entity.type in ACTOR_TYPES
        and first <= q.start
        and q.end <= verb
        and not ana.text[q.end : verb].strip()
        for q in ana.entities.ending_in(blank_before(ana.text, verb), verb + 1)
    )


def accusing(t: Token) -> bool:
    return of_role(t.text, "accusing")


def dependent_of_party(ana: Analysis, p: Placed, sentence: int) -> bool:
    """The entity follows a party and a word of dependence (X التابع لـ، X الموالية
    لـ), or a word of backing after any noun (طائرات التحالف الداعم لـ)."""
    words = previous_words(ana, p, sentence, 1)
    if words and of_role(words[0].text, "backing"):
        return True
    if not words or not of_role(words[0].text, "dependent"):
        return False
    cue = words[0].start
    return any(
        q.entity.type in ACTOR_TYPES and q.end <= cue and not ana.text[q.end : cue].strip(' "«»')
        for q in ana.entities.ending_in(blank_before(ana.text, cue, ' "«»'), cue + 1)
    )


def blank_before(text: str, pos: int, chars: str | None = None) -> int:
    """Where the run of `chars` (white space when None) that ends at `pos` begins: an
    entity with only those between it and `pos` ends there or after."""
    i = pos
    while i > 0 and (text[i - 1].isspace() if chars is None else text[i - 1] in chars):
        i -= 1
    return i


# Characters at most between a country heading a report and its colon.
HEADING_REACH = 8


def country_is_actor(ana: Analysis, p: Placed, sentence: int) -> bool:
    """A country is a party unless it is a place (في العراق، بسوريا، إلى اليمن) or the
    heading a report opens with (العراق: اشتباكات في ...)."""
    opening = not ana.text[ana.sentences[sentence].start : p.start].strip()
    if opening and re.match(r" *:", ana.text[p.end : p.end + HEADING_REACH]):
        return False
    prev = ana.words_before(p.start, sentence, 1)
    if prev and norm_key(prev[0].text) in (function_words("locative") | function_words("place")):
        return False  # في العراق، شرق سوريا
    word_start = (
        ana.tokens[ana.token_at(p.start)].start
        if ana.token_at(p.start) < len(ana.tokens)
        else p.start
    )
    return not ana.text[word_start : p.start].endswith("ب")


# Words at most between the author of a deed and its trigger (شن X صباح اليوم غارات).
WAGED_REACH = 6


def owned_by_other(ana: Analysis, p: Placed, m: Mention, neighbours: list[Mention]) -> bool:
    """The party follows another sure trigger of the sentence directly (... بعد يوم من
    اعتقال الشرطة X): it is the subject of that deed, not of this one."""
    if right_after_trigger(ana, p, m):
        return False
    return any(
        n is not m
        and n.type != m.type
        and n.strength == "strong"
        and not (n.start < m.end and m.start < n.end)
        and (right_after_trigger(ana, p, n) or waged(ana, p, m, n))
        for n in neighbours
    )


def waged(ana: Analysis, p: Placed, m: Mention, n: Mention) -> bool:
    """The party stands between a verb of waging and another trigger (بعد أن شنت طائرات
    X غارات، بعد أن نفذ X هجوما): the author of that deed, not a side of this one."""
    if not (p.end <= n.start and (m.end <= p.start or n.end <= m.start)):
        return False
    if len(ana.text[p.end : n.start].split()) > WAGED_REACH:
        return False
    return any(of_role(t.text, "waging") for t in previous_words(ana, p, m.sentence, 2))


def own_talks(ana: Analysis, m: Mention) -> bool:
    """The trigger carries the pronoun of the one who met (لقائه، اجتماعهما) or a relative
    clause after it does (اللقاء الذي جمعه بـ X): the talks are those of the sentence's
    subject, even when it is the speaker."""
    k = ana.token_at(m.start)
    toks = ana.tokens[k : min(k + 3, ana.sentences[m.sentence].last_token)]
    own = function_words("own_talks")
    if any(norm_key(t.text) in own for t in toks if t.start < m.end):
        return True
    after = [t for t in toks if t.start >= m.end][:2]
    return len(after) == 2 and of_role(after[0].text, "relative") and norm_key(after[1].text) in own


@lru_cache(maxsize=1)
def spokesman_types() -> frozenset[str]:
    """Event types a force announces as its own deeds (actor_types.tsv, spokesman)."""
    return frozenset(
        row["event_type"] for row in read_tsv("events/actor_types.tsv") if row["spokesman"] == "1"
    )


def spokesman_force(ana: Analysis, m: Mention, lo: int, placed: list[Placed]) -> list[Placed]:
    """The force the source of the report speaks for (أعلن المتحدث باسم الشرطة القبض على
    ...), before the trigger in its clause, when the deed is one a force tells of as its
    own and its clause names no other force: its author."""
    if m.type not in spokesman_types() or any(p.entity.type in FORCE_TYPES for p in placed):
        return []
    for p in ana.in_sentence(m.sentence, *FORCE_TYPES):
        if lo <= p.start and p.end <= m.start and not in_longer(ana, p):
            words = previous_bare(ana, p, m.sentence, 1)
            if words and words[0] & function_words("source"):
                return [p]
    return []
