"""Stage: typed, located, dated event records with actors and casualties.

Runs last, on the entities the other stages found. A trigger lexicon (data, in
resources/events/) marks candidate mentions; exclusion cues drop negated,
hypothetical and background mentions and triggers that are part of a name;
arguments are attached from the clause, the sentence, then the paragraph;
mentions of the same real event are merged into one record that keeps every
mention's evidence. All matching is on the normalised text; every span written
out is mapped back to the original text.
"""

from newsie.stages.events.lexicon import event_types, trigger_lexicon
from newsie.stages.events.stage import EventsStage

__all__ = ["EventsStage", "event_types", "trigger_lexicon"]
