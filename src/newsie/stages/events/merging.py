"""Mentions of one real event merged into one cluster; one record per incident."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from newsie.lang.ar.calendar import month_words
from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.schema import (
    EventActor,
    EventDate,
    EventLocation,
)
from newsie.stages.events.analysis import Analysis, Mention, clause_starts_of
from newsie.stages.events.cluster_facts import DATE_RANK, ClusterFacts
from newsie.stages.events.lexicon import (
    NEXT_DAYS,
    event_types,
    function_words,
    norm_key,
)
from newsie.stages.events.place_cues import object_words

# --- merging --------------------------------------------------------------------------


def location_admin1s(locations: list[EventLocation]) -> set[str]:
    return {loc.admin1 for loc in locations if loc.admin1 and loc.source != "article"}


def location_countries(locations: list[EventLocation]) -> set[str]:
    """Countries the mention's own sentence or paragraph names: the article's
    country is a guess (from a nationality word of the headline) that must not
    keep a headline apart from the lead that tells the same event."""
    return {loc.country for loc in locations if loc.country and loc.source != "article"}


def places_compatible(a: list[EventLocation], b: list[EventLocation]) -> bool:
    aa, ba = location_admin1s(a), location_admin1s(b)
    if aa and ba:
        return bool(aa & ba)
    ac, bc = location_countries(a), location_countries(b)
    return not (ac and bc) or bool(ac & bc)


def place_sets_compatible(aa: set[str], ac: set[str], ba: set[str], bc: set[str]) -> bool:
    """places_compatible on the admin1s and countries of each side."""
    if aa and ba:
        return bool(aa & ba)
    return not (ac and bc) or bool(ac & bc)


def dates_compatible(a: EventDate | None, b: EventDate | None) -> bool:
    """Explicit dates agree when one contains the other (2018-07 and 2018-07-06).
    A publication-date fallback agrees with a date that contains it or is a day
    or two earlier: a mention dated days or years before is another event."""
    if a is None or b is None or not a.value or not b.value:
        return True
    if a.source == "published" and b.source == "published":
        return True
    if a.source == "published" or b.source == "published":
        published, other = (a.value, b.value) if a.source == "published" else (b.value, a.value)
        if published[: len(other)] == other:
            return True
        return days_apart(published, other) <= NEXT_DAYS
    if a.value.startswith(b.value) or b.value.startswith(a.value):
        return True
    if calendar_day(a) and calendar_day(b):
        return False  # في 20 آذار and في 21 آذار: two days the article tells apart
    # A report dated by its statement (السبت) and one dated by the fighting (ليل الخميس).
    return days_apart(a.value, b.value) <= NEXT_DAYS


def calendar_day(d: EventDate) -> bool:
    """A day given by its number or month (في 20 آذار), not by a weekday or
    yesterday, which a report may count from its own day."""
    if d.precision != "day" or d.source not in ("sentence", "paragraph") or not d.text:
        return False
    words = set(norm_key(d.text).split())
    return any(ch.isdigit() for ch in d.text) or bool(words & month_words())


def days_apart(a: str, b: str) -> int:
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return NEXT_DAYS + 1


def actor_keys(actors: list[EventActor]) -> set[str]:
    return {a.canonical or norm_key(a.text) for a in actors}


@dataclass
class Cluster:
    mentions: list[Mention]
    # The date of another event this one happened during (اعتقلوا خلال الاحتجاجات).
    anchored: EventDate | None = None
    # Kept by `add` in the merge loop (cluster_facts); None elsewhere.
    facts: ClusterFacts | None = field(default=None, repr=False, compare=False)

    @property
    def type(self) -> str:
        return self.mentions[0].type

    def live(self) -> ClusterFacts | None:
        """The facts, when every mention joined through `add`."""
        facts = self.facts
        return facts if facts is not None and facts.size == len(self.mentions) else None

    def add(self, ana: Analysis, m: Mention) -> None:
        facts = self.live()
        self.mentions.append(m)
        if facts is None:
            self.facts = None
            return
        facts.add(
            m,
            admin1s=location_admin1s(m.locations),
            countries=location_countries(m.locations),
            places=mention_places(ana, m),
            actors=actor_keys(m.actors),
            clause=clause_of(ana, m),
            head=trigger_head(ana, m),
        )

    @classmethod
    def start(cls, ana: Analysis, m: Mention) -> Cluster:
        cluster = cls([], facts=ClusterFacts())
        cluster.add(ana, m)
        return cluster

    def locations(self) -> list[EventLocation]:
        return [loc for m in self.mentions for loc in m.locations]

    def date(self) -> EventDate | None:
        """The first unambiguous mention's date; an explicit date of another
        mention replaces a publication-date fallback."""
        facts = self.live()
        if facts is not None and facts.first_strong is not None:
            first = facts.first_strong.date
        else:
            first = next(m for m in self.mentions if m.strength == "strong").date
        if first is not None and first.source != "published":
            return first
        if self.anchored is not None:
            return self.anchored
        rank = DATE_RANK
        best_mention: Mention | None
        if facts is not None:
            best_mention = facts.best_strong if facts.first_strong else facts.best_any
        else:
            strong = [m for m in self.mentions if m.strength == "strong"]
            dated = [m for m in strong or self.mentions if m.date is not None]
            best_mention = (
                min(dated, key=lambda m: rank[m.date.source] if m.date else len(rank))
                if dated
                else None
            )
        best = best_mention.date if best_mention is not None else None
        if (
            best_mention is not None
            and not best_mention.vague_date
            and first is not None
            and first.value
            and best is not None
            and best.value
            and first.value.startswith(best.value)
        ):
            return first  # the publication day is finer than "March 2016"
        return best

    def known_date(self) -> EventDate | None:
        facts = self.live()
        if facts is not None:
            strong = facts.first_strong is not None
        else:
            strong = any(m.strength == "strong" for m in self.mentions)
        if strong:
            return self.date()
        return self.mentions[0].date

    def _other_toll(self, m: Mention) -> bool:
        """The mention and the event both give casualty figures, and they differ."""
        facts = self.live()
        for kind in ("killed", "wounded"):
            theirs = getattr(m, kind)
            if facts is not None:
                own: set[int | None] = set(facts.killed if kind == "killed" else facts.wounded)
            else:
                own = {getattr(x, kind) for x in self.mentions} - {None}
            if theirs is not None and own and theirs not in own:
                return True
        return False

    def accepts(self, ana: Analysis, m: Mention) -> bool:
        if m.type != self.type:
            return False
        facts = self.live()
        if facts is None:
            if not places_compatible(self.locations(), m.locations):
                return False
        elif not place_sets_compatible(
            facts.admin1s,
            facts.countries,
            location_admin1s(m.locations),
            location_countries(m.locations),
        ):
            return False
        # A new, indefinite mention at another locality with a toll of its own
        # (مقتل 2 في غارات على قرية ... after مقتل 5 بغارة على بلدة ...) is another
        # event of the same type, not a detail of the first; for types told apart
        # by place (event_types.tsv, by_place) a sentence of its own suffices, and
        # a definite one that found no antecedent (السيطرة على بلدة أخرى) is new too.
        # Two takeovers of things told apart (السيطرة على بلدة X بعد استعادة قرية Y) are
        # two events even in one clause.
        by_place = event_types()[m.type].by_place and (
            bool(cached_object_words(ana, m))
            or (
                (m.sentence, clause_of(ana, m)) not in facts.clauses
                if facts is not None
                else all(
                    x.sentence != m.sentence or clause_of(ana, x) != clause_of(ana, m)
                    for x in self.mentions
                )
            )
        )
        if by_place or (not m.definite and self._other_toll(m)):
            theirs_places, own_places = mention_places(ana, m), localities(ana, self)
            if theirs_places and own_places and not theirs_places & own_places:
                return False
        # A mention dated only by the publication date refers back to the event
        # (الاحتجاجات) whatever the event's date.
        if (m.date is None or m.date.source != "published") and not dates_compatible(
            self.known_date(), m.date
        ):
            return False
        # Appointments, arrests, meetings of different people are different events
        # (event_types.tsv, by_actors).
        own = (
            facts.actor_keys
            if facts is not None
            else actor_keys([a for x in self.mentions for a in x.actors])
        )
        theirs = actor_keys(m.actors)
        by_actors = event_types()[m.type].by_actors
        return not (own and theirs and by_actors and not own & theirs)


def clause_of(ana: Analysis, m: Mention) -> int:
    """Which coordinated clause (كما، فيما، بينما) of its sentence a mention is in."""
    return bisect.bisect_right(clause_starts_of(ana, m.sentence), m.start)


def place_words(locations: list[EventLocation]) -> set[str]:
    """The distinctive words of the locality (not province) a mention's own sentence
    names nearest its trigger; empty when it names none. `ريف حلب الغربي` and `حلب`
    share حلب; `بلدة الشيخ مسكين` and `مدينة الباب` share nothing."""
    generic = function_words("place_generic")
    nearest = next(
        (loc for loc in locations if loc.source == "sentence" and loc.type == "LOCATION"), None
    )
    if nearest is None:
        return set()
    words: set[str] = set()
    for w in norm_key(nearest.text or "").split():
        bare = w[2:] if w.startswith(DEFINITE_ARTICLE) and len(w) > 4 else w
        if w not in generic and bare not in generic:
            words.add(bare)
    return words


def trigger_head(ana: Analysis, m: Mention) -> str:
    """The trigger's first word without the article or accusative alif (هجوما، الهجوم)."""
    word = norm_key(ana.text[m.start : m.end]).split()[0]
    if word.startswith(DEFINITE_ARTICLE) and len(word) > 4:
        word = word[2:]
    return word[:-1] if word.endswith("ا") and len(word) > 3 else word


def mention_places(ana: Analysis, m: Mention) -> set[str]:
    """What a territory trigger took (named or not), else its nearest locality."""
    return cached_object_words(ana, m) or place_words(m.locations)


def cached_object_words(ana: Analysis, m: Mention) -> set[str]:
    """object_words, worked out once per mention and type (read only)."""
    memo = _OBJECT_WORDS.setdefault(ana, {})
    key = (m.start, m.end, m.sentence, m.type)
    if key not in memo:
        memo[key] = object_words(ana, m)
    return memo[key]


_OBJECT_WORDS: WeakKeyDictionary[Analysis, dict[tuple[int, int, int, str], set[str]]] = (
    WeakKeyDictionary()
)


def localities(ana: Analysis, c: Cluster) -> set[str]:
    facts = c.live()
    if facts is not None:
        return facts.localities
    return {w for m in c.mentions for w in mention_places(ana, m)}


def localities_agree(ana: Analysis, a: Cluster, b: Cluster) -> bool:
    """Neither names a locality, or they share one (الفحيص and السلط do not)."""
    own, theirs = localities(ana, a), localities(ana, b)
    return not own or not theirs or bool(own & theirs)
