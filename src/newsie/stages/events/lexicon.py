"""Event data from resources/events/: trigger, exclusion and casualty lexicons,
event-type table and function words, loaded once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsie.knowledge.user_lexicon import TRIGGER, UserLexicon
from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.resources import read_tsv
from newsie.text.lexicon import Lexicon
from newsie.text.normalize import normalize_key

ACTOR_TYPES = ("UNIT", "BRIGADE", "ARMED_GROUP", "PERSON", "COUNTRY")
FORCE_TYPES = ("UNIT", "BRIGADE", "ARMED_GROUP")
PARTY_TYPES = ("UNIT", "BRIGADE", "ARMED_GROUP", "PERSON")
PLACE_TYPES = ("PROVINCE", "LOCATION")
PRONOUN_SUFFIXES = ("ه", "ها", "هم", "هما")

DATELINE_HEAD = re.compile(r"^\W*$")
DATELINE_TAIL = re.compile(r"^\s*(?:[،,]\s*[^\s،,(]+(?:\s[^\s،,(]+){0,3}\s*)?[(\-–—:]")
CLAUSE_BREAKS = frozenset('،,؛;:()«»"')

# How far (in words) an air-asset cue may stand from a shelling trigger it reinterprets.
CONTEXT_WINDOW = 8
# How far a number may stand before a cue that follows it (25 من الجنود قتلوا).
AFTER_CUE_WINDOW = 6
# How far back a listing verb (تضمنت) reaches over its list of items.
LISTING_WINDOW = 30
# How far before "after" (بعد) a verb of coming (جاءت) may stand.
CAME_AFTER_WINDOW = 4
# How far after a trigger a verb of extent (يشمل) may list the places it covers,
# and how many of them are kept.
SCOPE_WINDOW = 12
MAX_SCOPE_PLACES = 8
# How many more words a subject may add between a verb of saying and its date.
LONG_SUBJECT = 2
# Explicit day dates this close may be one event reported on different days.
NEXT_DAYS = 2
# An article without forces with this many sport or background sentences has no events.
OFF_TOPIC_SENTENCES = 2
TOLL_WINDOW = 30
# How many paragraphs back a figure without a trigger may find its event.
FIGURE_PARAGRAPHS = 2


# Lexicon keys of words met again and again (tokens, function words).
norm_key = lru_cache(maxsize=1 << 16)(normalize_key)


# --- data -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TriggerRule:
    type: str
    strength: str  # strong | weak | party | named | place | object | waged | context
    other_types: frozenset[str]


@dataclass(frozen=True, slots=True)
class ExclusionCue:
    kind: str
    window: int
    types: frozenset[str]  # empty: every event type


@dataclass(frozen=True, slots=True)
class EventTypeInfo:
    acled_event_type: str | None
    acled_sub_event_type: str | None
    plover_type: str | None
    casualties: bool
    by_actors: bool
    nonstate_acled_sub_event_type: str | None
    refers_to: frozenset[str]
    by_place: bool


@dataclass(frozen=True, slots=True)
class CasualtyCue:
    kind: str  # killed | wounded | both
    position: str  # before | after | toll


def inflections(form: str) -> set[str]:
    """A trigger form with the definite article on each word and, for a single
    word, pronoun suffixes (تحريرها، سيطرته): the inflections a lexicon must list."""
    key = norm_key(form)
    words = key.split()
    forms = {key}
    with_article = " ".join(
        w if w.startswith(DEFINITE_ARTICLE) or len(w) < 3 else DEFINITE_ARTICLE + w for w in words
    )
    forms.add(with_article)
    forms |= accusatives(words) | duals(words)
    if len(words) == 1 and len(key) >= 3:
        stem = key[:-1] + "ت" if key.endswith("ه") else key
        bare = stem[2:] if stem.startswith(DEFINITE_ARTICLE) else stem
        for suffix in PRONOUN_SUFFIXES:
            forms.add(bare + suffix)
    return forms


def takes_ending(w: str) -> bool:
    """An indefinite word that a case or dual ending is added to as it stands."""
    return (
        len(w) >= 3
        and not w.startswith(("ال", "ل"))
        and not w.endswith(("ه", "ا", "ى", "ء", "ات", "ين", "ون"))
    )


def accusatives(words: list[str]) -> set[str]:
    """An indefinite phrase in the accusative (قصفا مدفعيا، هجوما بريا): the alif of
    the case ending on its first word (a construct: وقفا لإطلاق النار) or on each
    indefinite word (noun and adjective). Words that take no alif are left as they are."""
    if len(words) < 2 or not takes_ending(words[0]):
        return set()
    first = " ".join([words[0] + "ا", *words[1:]])
    each = " ".join(w + "ا" if takes_ending(w) else w for w in words)
    return {first, each}


def duals(words: list[str]) -> set[str]:
    """An indefinite phrase in the dual (سيارتين مفخختين، هجومين انتحاريين، قذيفتي
    هاون): the dual ending on each word (noun and adjective) or on the first only (a
    construct, which loses its ن)."""

    def dual(w: str, ending: str) -> str | None:
        if w.endswith("ه") and len(w) >= 3 and not w.startswith(("ال", "ل")):
            return w[:-1] + "ت" + ending
        return w + ending if takes_ending(w) else None

    forms: set[str] = set()
    for ending in ("ين", "ان"):
        first = dual(words[0], ending) if len(words) >= 2 else None
        if first is None:
            continue
        forms.add(" ".join(dual(w, ending) or w for w in words))
        forms.add(" ".join([first[:-1], *words[1:]]))
    return forms


@lru_cache(maxsize=1)
def trigger_lexicon() -> Lexicon[TriggerRule]:
    """The shipped triggers with their inflections, built once and shared."""
    entries: list[tuple[str, TriggerRule]] = []
    explicit = {norm_key(row["form"]) for row in read_tsv("events/triggers.tsv")}
    for row in read_tsv("events/triggers.tsv"):
        rule = TriggerRule(row["type"], row["strength"], frozenset(row["other_types"].split()))
        for form in inflections(row["form"]):
            # A generated inflection never shadows a form listed in its own right.
            if form != norm_key(row["form"]) and form in explicit:
                continue
            entries.append((form, rule))
    return Lexicon(entries)


def user_trigger_lexicon(user: UserLexicon) -> Lexicon[TriggerRule]:
    """The shipped triggers with the user's rows (and their inflections), or the shared
    shipped lexicon when there are none: a form the user names, as a trigger or an
    entity, is theirs only."""
    if not user:
        return trigger_lexicon()
    entries = [
        (form, TriggerRule(row.event_type or "", row.strength, frozenset()))
        for row in user.of_type(TRIGGER)
        for written in row.forms
        for form in inflections(written)
    ]
    drop = user.keys | {form for form, _ in entries}
    return trigger_lexicon().overridden(drop, entries)


@lru_cache(maxsize=1)
def exclusion_lexicon() -> Lexicon[ExclusionCue]:
    return Lexicon(
        (row["cue"], ExclusionCue(row["kind"], int(row["window"]), frozenset(row["types"].split())))
        for row in read_tsv("events/exclusions.tsv")
    )


@lru_cache(maxsize=1)
def event_types() -> dict[str, EventTypeInfo]:
    return {
        row["type"]: EventTypeInfo(
            row["acled_event_type"] or None,
            row["acled_sub_event_type"] or None,
            row["plover_type"] or None,
            row["casualties"] == "1",
            row["by_actors"] == "1",
            row["nonstate_acled_sub_event_type"] or None,
            frozenset(row["refers_to"].split()),
            row["by_place"] == "1",
        )
        for row in read_tsv("events/event_types.tsv")
    }


@lru_cache(maxsize=1)
def casualty_lexicon() -> Lexicon[CasualtyCue]:
    return Lexicon(
        (row["form"], CasualtyCue(row["kind"], row["position"]))
        for row in read_tsv("events/casualties.tsv")
        if row["kind"] in ("killed", "wounded", "both")
    )


@lru_cache(maxsize=64)  # one set per role: 16 was fewer than the 36 roles
def function_words(role: str) -> frozenset[str]:
    """Normalised function words of one role (resources/events/function_words.tsv)."""
    return frozenset(
        norm_key(row["word"])
        for row in read_tsv("events/function_words.tsv")
        if row["role"] == role
    )


@lru_cache(maxsize=1)
def count_words() -> tuple[frozenset[str], dict[str, int], dict[str, int]]:
    """Words after a number that make it not a head count, scale words, and dual
    nouns that are counts by themselves."""
    rows = read_tsv("events/casualties.tsv")
    units = frozenset(norm_key(r["form"]) for r in rows if r["kind"] == "unit")
    scales = {norm_key(r["form"]): int(r["position"]) for r in rows if r["kind"] == "scale"}
    duals = {norm_key(r["form"]): int(r["position"]) for r in rows if r["kind"] == "count"}
    return units, scales, duals


@lru_cache(maxsize=1)
def fused_cue() -> re.Pattern[str]:
    """A cue written against its digits (مقتل52): one token to the tokenizer."""
    forms = sorted(
        (
            norm_key(r["form"])
            for r in read_tsv("events/casualties.tsv")
            if r["position"] == "before" and " " not in r["form"]
        ),
        key=len,
        reverse=True,
    )
    return re.compile(r"^[وف]?(?:" + "|".join(map(re.escape, forms)) + r")(\d+)$")
