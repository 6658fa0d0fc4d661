"""Parties named by a common noun, not a name: the generic actors ACLED codes
(Unidentified Armed Group, Protesters, a foreign air force, the police), such as
مسلحون مجهولون، المتظاهرون، طائرات التحالف، قوات الأمن.

They are read from the trigger's own clause, near the trigger, and become event
actors only: no document entity is made of them. A force word with its adjectives
(القوات النظامية، فصائل كردية) is such a party as written; a bare one with the article
(وتصدت القوات، مقاتلي التنظيم) stands for the force the article named before it, and
the event takes that named force."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from newsie.lang.ar.clitics import CONJUNCTIONS
from newsie.resources import read_tsv
from newsie.schema import Entity
from newsie.stages.events.analysis import Analysis, Mention, Placed, bare_forms, first_of, of_role
from newsie.stages.events.lexicon import FORCE_TYPES, function_words, norm_key
from newsie.text.offsets import norm_offsets
from newsie.text.segment import Token

# A generic party stands at most this many words from its trigger (a subject, an
# object, or the agent after على يد); farther ones belong to other statements.
WINDOW = 15
# Words a phrase spans at most: head and modifiers (الوحدات الأمنية والعسكرية).
MAX_MODIFIERS = 2
# Adjectives a definite head takes at most (القوات الشرعية اليمنية).
MAX_ADJECTIVES = 3


# Entity types that, right after a generic phrase, do not name its party.
NOT_NAMING = frozenset({"DATE", "LOCATION", "PROVINCE"})


@dataclass(frozen=True)
class Word:
    kind: str
    cls: str
    type: str
    # Flags (generic_actors.tsv, refers): "adj" = a phrase with any adjective after it,
    # "nation" = with a nationality only, "indefinite" = also without the article; entity
    # types = bare with the article, the named force of these types it stands for.
    refers: frozenset[str]

    @property
    def definite_use(self) -> bool:
        return bool(self.refers)

    @property
    def types(self) -> frozenset[str]:
        return self.refers - {"adj", "nation", "indefinite"}

    def takes(self, word: str) -> bool:
        """The word after the head is an adjective this head makes a phrase with."""
        return "adj" in self.refers or ("nation" in self.refers and nationality(word))


@dataclass(frozen=True)
class Phrase:
    """A generic actor found at a token: its span, class and type, the index of the
    word after it, and the named force it stands for (a bare القوات، التنظيم)."""

    start: int
    end: int
    cls: str
    type: str
    next: int
    antecedent: Placed | None = None


def word_key(form: str) -> str:
    """A form without the article, normalised: the lexicon's key."""
    key = norm_key(form)
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


@lru_cache(maxsize=1)
def generic_lexicon() -> tuple[dict[str, Word], dict[str, Word]]:
    """Heads and modifiers of generic actors (generic_actors.tsv)."""
    heads: dict[str, Word] = {}
    modifiers: dict[str, Word] = {}
    for row in read_tsv("events/generic_actors.tsv"):
        if row["kind"] == "nationality":
            continue
        refers = frozenset(row["refers"].split()) - {"-"}
        word = Word(row["kind"], row["class"], row["type"], refers)
        (modifiers if row["kind"] == "modifier" else heads)[word_key(row["form"])] = word
    return heads, modifiers


def lookup(text: str, table: dict[str, Word]) -> tuple[Word, str] | None:
    """The entry a token is (behind its proclitics), and the form matched."""
    for form in bare_forms(text):
        word = table.get(word_key(form))
        if word is not None:
            return word, form
    return None


def generic_parties(
    ana: Analysis, m: Mention, lo: int, hi: int, classes: frozenset[str], paired: bool = False
) -> list[Placed]:
    """Generic actors of the classes an event type takes, in [lo, hi) near the trigger;
    with `paired`, the two sides after the trigger's بين of any class (مفاوضات بين
    السلطات والمعارضة)."""
    if not classes:
        return []
    s = ana.sentences[m.sentence]
    toks = ana.tokens[s.first_token : s.last_token]
    trig = next((i for i, t in enumerate(toks) if t.end > m.start), len(toks))
    trig_end = next((i for i, t in enumerate(toks) if t.start >= m.end), len(toks))
    between = first_of(toks, "between", m.end, hi)
    side = between + 1 if paired and between is not None else -1
    out: list[Placed] = []
    i = 0
    while i < len(toks):
        phrase = phrase_at(ana, toks, i, s.first_token)
        if phrase is None:
            i += 1
            continue
        near = trig - WINDOW <= i < trig or trig_end <= i < trig_end + WINDOW
        # بين X و Y: the first side right after بين, the second right after the first.
        is_side = i == side
        if is_side:
            side = phrase.next
        inside = lo <= phrase.start < hi and (phrase.cls in classes or is_side)
        if near and inside and not after_source(ana, toks[i], m.sentence):
            if phrase.antecedent is not None:
                # The named force, placed where the common noun stands for it.
                out.append(Placed(phrase.antecedent.entity, phrase.start, phrase.end))
            else:
                out.append(placed(ana, phrase.start, phrase.end, phrase.type))
        i = phrase.next
    return out


def phrase_at(ana: Analysis, toks: list[Token], i: int, first: int) -> Phrase | None:
    """The generic actor a head at toks[i] opens."""
    heads, modifiers = generic_lexicon()
    found = lookup(toks[i].text, heads)
    if found is None:
        return None
    head, form = found
    start = toks[i].end - len(form)
    after = toks[i + 1].start if i + 1 < len(toks) else -1
    named = next((p for p in ana.entities.starting_at(after) if p.entity.type != "DATE"), None)
    if head.cls == "air" and named is not None and named.entity.type in FORCE_TYPES:
        # طائرات التحالف العربي: the force's aircraft, the way ACLED names the party.
        nxt = max(i + 2, ana.token_at(named.end) - first)
        return Phrase(start, named.end, head.cls, type_of(head.cls), nxt)
    cls, j = head.cls, i + 1
    while j < len(toks) and j - i <= MAX_MODIFIERS:
        mod = lookup(toks[j].text, modifiers)
        if mod is None and j > i + 1 and head.refers and nationality(toks[j].text):
            j += 1  # طائرة مسيرة أمريكية: a nationality after a modifier
            continue
        if mod is None:
            break
        if j == i + 1 and conjunct(toks[j].text, mod[1]):
            break  # السلطات والمعارضة: a second party, not an adjective
        if j == i + 1 and head.kind == "needs_modifier":
            cls = mod[0].cls  # قوات الأمن، فصائل المعارضة
        j += 1
    if j == i + 1 and head.definite_use:
        if norm_key(form) != word_key(form):
            return definite_phrase(ana, toks, i, start, head, word_key(form))
        if "indefinite" in head.refers:
            return indefinite_phrase(ana, toks, i, start, head)
        return None
    end = toks[j - 1].end
    after = toks[j].start if j < len(toks) else -1
    # A place after the phrase is its object or where it stands (اتهم المتظاهرون
    # طهران), not the party it names.
    named = next(
        (p for p in ana.entities.starting_at(after) if p.entity.type not in NOT_NAMING), None
    )
    if head.kind in ("needs_modifier", "definite") and j == i + 1:
        return None
    if named is not None or ana.entities.overlapping(start, end):
        return None  # مسلحي داعش، قوات الجيش: the named party is the party
    return Phrase(start, end, cls, type_of(cls), j)


def conjunct(token: str, form: str) -> bool:
    """The word is the form behind the conjunction و or ف (والمعارضة)."""
    return len(token) > len(form) and token[0] in CONJUNCTIONS and token.endswith(form)


def definite_phrase(
    ana: Analysis, toks: list[Token], i: int, start: int, head: Word, key: str
) -> Phrase | None:
    """A head with the article (القوات، التنظيم) and no lexicon modifier: with
    adjectives after it (القوات النظامية، التنظيم المتطرف) a party as written; bare,
    the force named before it that it stands for (هاجمت القوات، مقاتلي التنظيم)."""
    if ana.entities.overlapping(start, toks[i].end):
        return None  # inside a name: القوات المسلحة الأردنية
    j = i + 1
    while j < len(toks) and j - i <= MAX_ADJECTIVES and adjective(ana, toks, j):
        if not head.takes(toks[j].text):
            break  # النظام السوري, not النظام الانتخابي
        j += 1
    if j > i + 1:
        # Aircraft stay aircraft (الطائرات الأمريكية): a party of air strikes only.
        cls = head.cls if head.cls == "air" else "force"
        return Phrase(start, toks[j - 1].end, cls, head.type, j)
    if not head.types or (j < len(toks) and adjective(ana, toks, j)):
        return None  # الحركة الاحتجاجية: an adjective this head takes no phrase with
    after = toks[j].start if j < len(toks) else -1
    if any(p.entity.type != "DATE" for p in ana.entities.starting_at(after)):
        return None  # القوات X: the name after it is the party
    if j < len(toks) and of_role(toks[j].text, "dependent"):
        return None  # القوات التابعة لـ X: X is the force meant
    found = antecedent(ana, start, head, key)
    if found is None:
        return None
    return Phrase(start, toks[i].end, "force", found.entity.type, i + 1, found)


def indefinite_phrase(
    ana: Analysis, toks: list[Token], i: int, start: int, head: Word
) -> Phrase | None:
    """A head without the article and adjectives after it (فصائل فلسطينية، جماعة
    منافسة): a party as written. Bare, it refers to no one (أرسلت قوات)."""
    j = i + 1
    while j < len(toks) and j - i <= MAX_ADJECTIVES and adjective(ana, toks, j, False):
        if not head.takes(toks[j].text):
            break
        j += 1
    if j == i + 1 or ana.entities.overlapping(start, toks[j - 1].end):
        return None
    return Phrase(start, toks[j - 1].end, head.cls if head.cls == "air" else "force", head.type, j)


# The shapes of an adjective after the article: a relation adjective (الحكومية،
# اليمني), a participle of a derived verb (المتطرفة، المستقلة) or of form III with its
# feminine ending (المهاجمة), a passive participle (المحظورة). A verbal noun (التقدم،
# السيطرة) or a place (المدينة) after the subject has none of them.
ADJECTIVE = re.compile(r"^ال(?:.{2,}(?:ي|يه|يين|يون)|مت.{3,}|مست.{3,}|م.ا..ه|م..و.ه?)$")
# Shapes shared by verbal nouns: form III (مكافحة، مواجهة: a participle too, told apart
# by the object after the verbal noun) and a defective verb's (حماية، رعاية).
FORM_III = re.compile(r"^الم.ا..ه$")
VERBAL_NOUN = re.compile(r"^ال..ايه$")


def adjective(ana: Analysis, toks: list[Token], j: int, definite: bool = True) -> bool:
    """A word with the article after a definite noun (without it after an indefinite
    one), shaped as its adjective (القوات الحكومية، قوات حكومية), unless it is a name, a
    date, a relative pronoun or a dependence word."""
    t = toks[j]
    key = norm_key(t.text)
    if not definite:
        if key.startswith("ال") or len(key) < 4:
            return False  # على، إلى: particles, no adjectives
        key = "ال" + key
    if not ADJECTIVE.match(key) or key in function_words("not_adjective"):
        return False
    if key in function_words("dependent") | function_words("affiliation"):
        return False
    if VERBAL_NOUN.match(key):
        return False  # قوات حماية: a verbal noun of the defective verb
    nxt = toks[j + 1].text if j + 1 < len(toks) else ""
    if FORM_III.match(key) and norm_key(nxt).startswith("ال"):
        return False  # قوات مكافحة الإرهاب: the verbal noun of form III, with its object
    return not ana.entities.containing(t.start, t.start + 1)


@lru_cache(maxsize=1)
def nationalities() -> frozenset[str]:
    """Nationality adjectives whose people have a broken plural (روسي: روس)."""
    return frozenset(
        word_key(row["form"])
        for row in read_tsv("events/generic_actors.tsv")
        if row["kind"] == "nationality"
    )


def nationality(word: str) -> bool:
    """A nationality adjective (السوري، الروسية): its people are in the lexicon."""
    heads, _ = generic_lexicon()
    stem = word_key(norm_key(word)).removesuffix("ه")
    people = (heads.get(stem + end) for end in ("ون", "ين"))
    return stem in nationalities() or any(w is not None and w.cls == "people" for w in people)


def antecedent(ana: Analysis, at: int, head: Word, key: str) -> Placed | None:
    """The last force named before `at` that a bare head can stand for: one whose
    name starts with the head's word (تنظيم داعش for التنظيم), else one of its types."""
    index = _force_index(ana)
    same = _last_before(index.by_word.get(key, []), at)
    if same is not None:
        return same
    found = [p for t in head.types if (p := _last_before(index.by_type.get(t, []), at))]
    return max(found, key=lambda p: (p.start, p.end), default=None)


@dataclass
class _ForceIndex:
    """The article's forces that are no part of a longer name, by the bare forms of
    their first word (names of two words or more) and by type, in text order."""

    by_word: dict[str, list[Placed]]
    by_type: dict[str, list[Placed]]


_FORCE_INDEX: WeakKeyDictionary[Analysis, _ForceIndex] = WeakKeyDictionary()


def _force_index(ana: Analysis) -> _ForceIndex:
    index = _FORCE_INDEX.get(ana)
    if index is None:
        index = _ForceIndex({}, {})
        for p in ana.entities:
            if p.entity.type not in FORCE_TYPES or in_longer(ana, p):
                continue
            words = p.entity.text.split()
            if len(words) > 1:
                for key in {word_key(f) for f in bare_forms(words[0])}:
                    index.by_word.setdefault(key, []).append(p)
            index.by_type.setdefault(p.entity.type, []).append(p)
        _FORCE_INDEX[ana] = index
    return index


def _last_before(spans: list[Placed], at: int) -> Placed | None:
    """The last span (in text order) that ends at or before `at`."""
    lo, hi = 0, len(spans)
    while lo < hi:  # the first span starting at or after `at`
        mid = (lo + hi) // 2
        if spans[mid].start < at:
            lo = mid + 1
        else:
            hi = mid
    for i in range(lo - 1, -1, -1):
        if spans[i].end <= at:
            return spans[i]
    return None


def in_longer(ana: Analysis, p: Placed) -> bool:
    """The span lies inside a longer entity (part of another name)."""
    return any(q.end - q.start > p.end - p.start for q in ana.entities.containing(p.start, p.end))


def type_of(cls: str) -> str:
    """The type of a class (the type its heads carry)."""
    heads, _ = generic_lexicon()
    return next(w.type for w in heads.values() if w.cls == cls)


def after_source(ana: Analysis, t: Token, sentence: int) -> bool:
    """بحسب مصادر الأمن، المتحدث باسم المتظاهرين: the source of the report; جماعة
    مقربة من الحكومة: whose side a named party is, no party itself."""
    prev = ana.words_before(t.start, sentence, 2)
    cues = function_words("source") | function_words("affiliation")
    for w in prev:
        if norm_key(w.text) in function_words("complementiser"):
            return False  # قالت مصادر إن المسلحين ...: the subject of the reported words
        if set(bare_forms(w.text)) & cues:
            return True
    return False


def placed(ana: Analysis, start: int, end: int, etype: str) -> Placed:
    """A generic party as a Placed span with an entity of its own (not the document's)."""
    o_start, o_end = ana.doc.norm.to_original(*norm_offsets(start, end))
    entity = Entity(
        type=etype,
        text=ana.doc.norm.original[o_start:o_end],
        start=o_start,
        end=o_end,
        stage="events",
        label="generic",
    )
    return Placed(entity, start, end)
