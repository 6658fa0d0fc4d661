"""Resolve overlaps between the stages' entities.

The lexicon/rule stages (places, forces, people, dates) know what they matched and
attach ids, codes and values; the statistical NER only guesses a type. So a rule
entity always wins over an NER span it overlaps, and NER keeps only the names no rule
found (PERSON, ORG, and LOCATION the gazetteer did not know). Exact duplicates (same
type and span) are dropped, keeping the first-produced, most confident one.

Before that, the claims the stages made on each other's entities (`newsie.claims`) are
applied: no other stage removes or edits an entity it did not produce. The rules behind
the claims live with the stage that has the evidence:

- places: a NER place the gazetteer knows takes its country, admin1, coordinates and
  GeoNames id;
- people: a NER span (PERSON, or an ORG/LOCATION guess) the rank and office rules or
  the user's lexicon read as a person is dropped, and so is a NER person inside a
  force's name; a rank NER kept at the start of a name moves to `title`; a NER person
  repeating a full name, or a last name alone, is linked to it (`canonical`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsie.claims import apply_claims
from newsie.registry import STATISTICAL_STAGES, stage
from newsie.text.spans import Spans

if TYPE_CHECKING:
    from newsie.schema import Document, Entity


def resolve_entities(entities: list[Entity]) -> list[Entity]:
    """Entities without duplicates and without NER spans that overlap rule entities."""
    # Indexed: each NER span asks which rule entities it overlaps.
    rules = Spans(e for e in entities if e.stage not in STATISTICAL_STAGES)
    kept: list[Entity] = []
    seen: dict[tuple[str, int, int], int] = {}
    for entity in entities:
        if entity.stage in STATISTICAL_STAGES and rules.overlapping(entity.start, entity.end):
            continue
        key = (entity.type, entity.start, entity.end)
        if key in seen:
            previous = kept[seen[key]]
            # a rule entity beats a statistical one, then the more confident one wins
            if (previous.stage in STATISTICAL_STAGES, -previous.confidence) > (
                entity.stage in STATISTICAL_STAGES,
                -entity.confidence,
            ):
                kept[seen[key]] = entity
            continue
        seen[key] = len(kept)
        kept.append(entity)
    return kept


@stage("resolve", after=("dates", "ner", "places", "forces", "people", "orgs"))
class ResolveStage:
    """Stage: one consistent set of entities from all the extraction stages."""

    name = "resolve"

    def __init__(self, config: Any = None) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        claimed = apply_claims(doc)
        before = len(doc.entities)
        doc.entities = resolve_entities(doc.entities)
        doc.extras["resolve"] = {"dropped": before - len(doc.entities), "claimed": claimed}
        return doc
