"""Parties named by a common noun, not a name: the generic actors ACLED codes
(Unidentified Armed Group, Protesters, a foreign air force, the police), such as
مسلحون مجهولون، المتظاهرون، طائرات التحالف، قوات الأمن.

They are read from the trigger's own clause, near the trigger, and become event
actors only: no document entity is made of them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsie.resources import read_tsv
from newsie.schema import Entity
from newsie.stages.events.analysis import Analysis, Mention, Placed, bare_forms
from newsie.stages.events.lexicon import FORCE_TYPES, function_words, norm_key
from newsie.text.offsets import norm_offsets
from newsie.text.segment import Token

# A generic party stands at most this many words from its trigger (a subject, an
# object, or the agent after على يد); farther ones belong to other statements.
WINDOW = 8
# Words a phrase spans at most: head and modifiers (الوحدات الأمنية والعسكرية).
MAX_MODIFIERS = 2


@dataclass(frozen=True)
class Word:
    kind: str
    cls: str
    type: str


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
        word = Word(row["kind"], row["class"], row["type"])
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
    ana: Analysis, m: Mention, lo: int, hi: int, classes: frozenset[str]
) -> list[Placed]:
    """Generic actors of the classes an event type takes, in [lo, hi) near the trigger."""
    if not classes:
        return []
    s = ana.sentences[m.sentence]
    toks = ana.tokens[s.first_token : s.last_token]
    trig = next((i for i, t in enumerate(toks) if t.end > m.start), len(toks))
    trig_end = next((i for i, t in enumerate(toks) if t.start >= m.end), len(toks))
    out: list[Placed] = []
    i = 0
    while i < len(toks):
        phrase = phrase_at(ana, toks, i, s.first_token)
        if phrase is None:
            i += 1
            continue
        start, end, cls, j = phrase
        near = trig - WINDOW <= i < trig or trig_end <= i < trig_end + WINDOW
        inside = lo <= start < hi and cls in classes
        if near and inside and not after_source(ana, toks[i], m.sentence):
            out.append(placed(ana, start, end, type_of(cls)))
        i = j
    return out


def phrase_at(
    ana: Analysis, toks: list[Token], i: int, first: int
) -> tuple[int, int, str, int] | None:
    """The generic actor a head at toks[i] opens: span, class, index of the next word."""
    heads, modifiers = generic_lexicon()
    found = lookup(toks[i].text, heads)
    if found is None:
        return None
    head, form = found
    start = toks[i].end - len(form)
    after = toks[i + 1].start if i + 1 < len(toks) else -1
    named = next(iter(ana.entities.starting_at(after)), None)
    if head.cls == "air" and named is not None and named.entity.type in FORCE_TYPES:
        # طائرات التحالف العربي: the force's aircraft, the way ACLED names the party.
        return start, named.end, head.cls, max(i + 2, ana.token_at(named.end) - first)
    cls, j = head.cls, i + 1
    while j < len(toks) and j - i <= MAX_MODIFIERS:
        mod = lookup(toks[j].text, modifiers)
        if mod is None:
            break
        if j == i + 1 and head.kind == "needs_modifier":
            cls = mod[0].cls  # قوات الأمن، فصائل المعارضة
        j += 1
    end = toks[j - 1].end
    after = toks[j].start if j < len(toks) else -1
    named = next(iter(ana.entities.starting_at(after)), None)
    if head.kind == "needs_modifier" and j == i + 1:
        return None
    if named is not None or ana.entities.overlapping(start, end):
        return None  # مسلحي داعش، قوات الجيش: the named party is the party
    return start, end, cls, j


def type_of(cls: str) -> str:
    """The type of a class (the type its heads carry)."""
    heads, _ = generic_lexicon()
    return next(w.type for w in heads.values() if w.cls == cls)


def after_source(ana: Analysis, t: Token, sentence: int) -> bool:
    """بحسب مصادر الأمن، المتحدث باسم المتظاهرين: the source of the report."""
    prev = ana.words_before(t.start, sentence, 2)
    return any(set(bare_forms(w.text)) & function_words("source") for w in prev)


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
