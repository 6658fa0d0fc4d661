"""Mentions of one real event merged into one cluster; one record per incident."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from newsie.lang.ar.calendar import month_words
from newsie.lang.ar.clitics import DEFINITE_ARTICLE
from newsie.schema import (
    EventActor,
    EventDate,
    EventLocation,
)
from newsie.stages.events.analysis import Analysis, Mention, clause_starts_of
from newsie.stages.events.lexicon import (
    NEXT_DAYS,
    PLACE_TYPES,
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

    @property
    def type(self) -> str:
        return self.mentions[0].type

    def locations(self) -> list[EventLocation]:
        return [loc for m in self.mentions for loc in m.locations]

    def date(self) -> EventDate | None:
        """The first unambiguous mention's date; an explicit date of another
        mention replaces a publication-date fallback."""
        first = next(m for m in self.mentions if m.strength == "strong").date
        if first is not None and first.source != "published":
            return first
        if self.anchored is not None:
            return self.anchored
        rank = {"sentence": 0, "paragraph": 1, "article": 2, "published": 3}
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
        if any(m.strength == "strong" for m in self.mentions):
            return self.date()
        return self.mentions[0].date

    def _other_toll(self, m: Mention) -> bool:
        """The mention and the event both give casualty figures, and they differ."""
        for kind in ("killed", "wounded"):
            theirs = getattr(m, kind)
            own = {getattr(x, kind) for x in self.mentions} - {None}
            if theirs is not None and own and theirs not in own:
                return True
        return False

    def accepts(self, ana: Analysis, m: Mention) -> bool:
        if m.type != self.type:
            return False
        if not places_compatible(self.locations(), m.locations):
            return False
        # A new, indefinite mention at another locality with a toll of its own
        # (مقتل 2 في غارات على قرية ... after مقتل 5 بغارة على بلدة ...) is another
        # event of the same type, not a detail of the first; for types told apart
        # by place (event_types.tsv, by_place) a sentence of its own suffices, and
        # a definite one that found no antecedent (السيطرة على بلدة أخرى) is new too.
        # Two takeovers of things told apart (السيطرة على بلدة X بعد استعادة قرية Y) are
        # two events even in one clause.
        by_place = event_types()[m.type].by_place and (
            bool(object_words(ana, m))
            or all(
                x.sentence != m.sentence or clause_of(ana, x) != clause_of(ana, m)
                for x in self.mentions
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
        own = actor_keys([a for x in self.mentions for a in x.actors])
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


def find_antecedent(ana: Analysis, clusters: list[Cluster], m: Mention) -> Cluster | None:
    """The event a definite mention (الهجوم، هذا الهجوم) refers back to when it adds
    nothing of its own (no toll in its sentence, no place or date of its own that
    disagrees; figures in the sentences after it go with it to the event): the
    latest earlier event of its type, else one named with the same word (هجوما
    انتحاريا ... الهجوم), else one of a type it may stand for (event_types.tsv,
    refers_to)."""
    if m.toll_here:
        return None  # a toll of its own sentence is news
    refers_to = event_types()[m.type].refers_to
    head = trigger_head(ana, m)
    own = location_admin1s([loc for loc in m.locations if loc.source == "sentence"])
    # Else its paragraph's (وفي صرواح، ... المدفعية): a place told just before it.
    own = own or location_admin1s([loc for loc in m.locations if loc.source == "paragraph"])
    by_place = event_types()[m.type].by_place
    places = mention_places(ana, m)
    ranked: list[tuple[int, int, Cluster]] = []
    for c in clusters:
        earlier = [x for x in c.mentions if x.start < m.start]
        if not earlier:
            continue
        if c.type == m.type:
            tier = 0  # a weak cue before it (استهداف ... الهجوم) is the same event
        elif not any(x.strength == "strong" for x in earlier):
            continue
        elif any(trigger_head(ana, x) == head for x in earlier):
            tier = 1
        elif c.type in refers_to and any(x.sentence < m.sentence for x in earlier):
            # Not an event of another type named beside it (المداهمة ... بتدبير الهجوم).
            tier = 2
        else:
            continue
        theirs = location_admin1s(c.locations())
        if own and theirs and not own & theirs:
            continue
        if by_place and places and not places & localities(ana, c):
            continue  # السيطرة على مدينة أخرى: another town taken
        if (
            m.date is not None
            and m.date.source != "published"
            and not dates_compatible(c.known_date(), m.date)
        ):
            continue
        ranked.append((tier, -max(x.start for x in earlier), c))
    return min(ranked, key=lambda r: r[:2])[2] if ranked else None


def mention_places(ana: Analysis, m: Mention) -> set[str]:
    """What a territory trigger took (named or not), else its nearest locality."""
    return object_words(ana, m) or place_words(m.locations)


def localities(ana: Analysis, c: Cluster) -> set[str]:
    return {w for m in c.mentions for w in mention_places(ana, m)}


def localities_agree(ana: Analysis, a: Cluster, b: Cluster) -> bool:
    """Neither names a locality, or they share one (الفحيص and السلط do not)."""
    own, theirs = localities(ana, a), localities(ana, b)
    return not own or not theirs or bool(own & theirs)


def fold_generic(ana: Analysis, clusters: list[Cluster]) -> list[Cluster]:
    """An event told only with a generic word (قصف، هجوم) that yields to a specific
    type (trigger other_types) is that type's event when the article has one at a
    compatible place and date (الجيش يقصف مواقع المتطرفين ... غارات جوية على بنغازي)."""

    def yields_to(c: Cluster) -> frozenset[str]:
        if any(m.killed is not None or m.wounded is not None for m in c.mentions):
            return frozenset()
        if all(m.definite for m in c.mentions):
            return frozenset()  # الهجوم with no antecedent: find_antecedent's business
        return frozenset.intersection(*(m.other_types for m in c.mentions)) - {c.type}

    generic = {id(c): yields_to(c) for c in clusters}
    kept: list[Cluster] = []
    for c in clusters:
        target = None
        if generic[id(c)]:
            target = next(
                (
                    o
                    for o in clusters
                    if not generic[id(o)]
                    and o.type in generic[id(c)]
                    and any(m.strength == "strong" for m in o.mentions)
                    # The better told event: a detail (طائرات مسيرة) of the attack
                    # the article is about does not swallow it.
                    and len(o.mentions) >= len(c.mentions)
                    and places_compatible(o.locations(), c.locations())
                    and localities_agree(ana, o, c)
                    and dates_compatible(o.known_date(), c.known_date())
                ),
                None,
            )
        if target is not None:
            target.mentions.extend(c.mentions)  # after its own: they keep the type
        else:
            kept.append(c)
    return kept


def fold_retyped(ana: Analysis, clusters: list[Cluster]) -> list[Cluster]:
    """The word a context cue retyped (بدأت القوات هجوما على المدينة: a campaign) names
    the same event where no cue retypes it: a headline (القوات تشن هجوما على المدينة)
    or a later الهجوم without a toll of its own joins the retyped event when places
    and dates agree (a definite mention's own place is often another party's)."""
    kept: list[Cluster] = []
    for c in clusters:
        heads = {trigger_head(ana, m) for m in c.mentions}
        target = None
        if len(heads) == 1 and all(m.killed is None and m.wounded is None for m in c.mentions):
            target = next(
                (
                    o
                    for o in clusters
                    if o is not c
                    and o.type != c.type
                    and any(x.retyped and trigger_head(ana, x) in heads for x in o.mentions)
                    and not any(x.retyped for x in c.mentions)
                    and (
                        all(m.definite for m in c.mentions)
                        or places_compatible(o.locations(), c.locations())
                    )
                    and dates_compatible(o.known_date(), c.known_date())
                ),
                None,
            )
        if target is not None:
            for m in c.mentions:
                m.type = target.type
            target.mentions.extend(c.mentions)
        else:
            kept.append(c)
    return kept


# Types an article names with a bare definite noun as background (المعارك، التفجيرات،
# العمليات العسكرية); a takeover or a meeting names its object or its parties.
BACKGROUND_TYPES = frozenset({"ARMED_CLASH", "EXPLOSION", "MILITARY_OPERATION"})


def unanchored(ana: Analysis, m: Mention) -> bool:
    """`لعب دورا في المعارك ضد التنظيم`: a definite mention with nothing before it to
    refer to and no place, date, toll or pair of parties in its own sentence is
    background."""
    return (
        m.definite
        and m.type in BACKGROUND_TYPES
        and not m.toll_here
        and m.killed is None
        and m.wounded is None
        and len(m.actors) < 2
        and not ana.in_sentence(m.sentence, *PLACE_TYPES, "COUNTRY")
        and (m.date is None or m.date.source != "sentence")
    )


def merge_mentions(ana: Analysis, mentions: list[Mention]) -> list[Cluster]:
    clusters: list[Cluster] = []
    for m in mentions:
        antecedent = find_antecedent(ana, clusters, m) if m.definite else None
        if antecedent is None and unanchored(ana, m):
            m.strength = "weak"
        if antecedent is None and m.demonstrative:
            # هذه الهجمات with nothing before it to point at: the article told of
            # it without a trigger word (or not at all); it only corroborates.
            m.strength = "weak"
        if antecedent is not None:
            # Its places from the paragraph or article are not news about the event.
            m.locations = [loc for loc in m.locations if loc.source == "sentence"]
            antecedent.mentions.append(m)
            continue
        for c in clusters:
            if c.accepts(ana, m):
                c.mentions.append(m)
                break
        else:
            clusters.append(Cluster([m]))
    clusters = fold_generic(ana, clusters)
    clusters = fold_retyped(ana, clusters)
    # Ambiguous cues only corroborate: an event needs one unambiguous mention, and
    # events are listed in the order of their first unambiguous mention.
    kept = [c for c in clusters if any(m.strength == "strong" for m in c.mentions)]
    return sorted(kept, key=lambda c: next(m.start for m in c.mentions if m.strength == "strong"))
