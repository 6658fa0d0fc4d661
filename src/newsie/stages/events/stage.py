"""The events stage: mentions -> arguments -> casualties -> clusters -> records."""

from __future__ import annotations

from newsie.knowledge.user_lexicon import lexicons_of
from newsie.registry import stage
from newsie.schema import (
    Document,
)
from newsie.stages.events.actors import mention_actors
from newsie.stages.events.analysis import Analysis, Mention
from newsie.stages.events.casualties import attach_casualties
from newsie.stages.events.dates import anchor_dates, mention_date
from newsie.stages.events.lexicon import casualty_lexicon, user_trigger_lexicon
from newsie.stages.events.locations import fill_article_locations, mention_locations
from newsie.stages.events.mentions import find_mentions, is_security_news
from newsie.stages.events.merging import merge_mentions
from newsie.stages.events.records import to_event
from newsie.text.spans import Spans

# --- the stage ------------------------------------------------------------------------


@stage(
    "events",
    requires=(
        *("doc.norm", "doc.sentences", "doc.tokens", "DATE"),
        *("COUNTRY", "PROVINCE", "LOCATION", "doc.country", "doc.admin1"),
        *("UNIT", "BRIGADE", "ARMED_GROUP", "PERSON"),
    ),
    provides=("doc.events",),
    after=("resolve",),
)
class EventsStage:
    """Stage: event records from trigger mentions and the document's entities."""

    name = "events"

    def __init__(self, config: object = None) -> None:
        # This stage's trigger words: the shipped ones, with the user's rows if any.
        self.triggers = user_trigger_lexicon(lexicons_of(config))

    def __call__(self, doc: Document) -> Document:
        ana = Analysis(doc)
        mentions = find_mentions(ana, self.triggers)
        if not is_security_news(ana, mentions):
            doc.events = []
            return doc
        by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        for m in mentions:
            m.actors = mention_actors(ana, m, by_sentence[m.sentence])
            m.locations = mention_locations(ana, m, by_sentence[m.sentence])
            m.date, m.vague_date = mention_date(ana, m, by_sentence[m.sentence])
        fill_article_locations(ana, mentions)
        attach_casualties(ana, mentions, Spans(casualty_lexicon().find(ana.text)))
        for m in mentions:
            # An ambiguous cue with a toll of its own beside an unambiguous one
            # (قصفت المدفعية البلدة، كما استهدفت طائرة سيارة ما أدى إلى مقتل 3) is an
            # event itself.
            if m.strength == "weak" and m.own_toll:
                m.strength = "strong"
        clusters = merge_mentions(ana, mentions)
        anchor_dates(ana, clusters)
        doc.events = [to_event(ana, c, i) for i, c in enumerate(clusters)]
        return doc
