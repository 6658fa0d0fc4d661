"""Claims a stage makes on another stage's entities, for `resolve` to settle.

A stage never removes or edits an entity another stage produced. When its own reading
says such an entity should go (NER read a name the rules read as a person) or should
change (NER kept a rank at the start of a name; a place NER found is in the gazetteer),
it records a claim in `doc.extras[stage]["claims"]`, with the reason; the `resolve`
stage applies the claims, in stage order, before it settles overlaps. Until then the
claiming stage sees its claims through `effective`.

Entities are only appended before `resolve`, so a claim holds the entity itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from newsie.schema import Document, Entity


@dataclass
class Claim:
    """`stage` asks that `entity` be dropped, or that its `fields` take these values."""

    stage: str
    action: Literal["drop", "edit"]
    entity: Entity
    why: str
    fields: dict[str, Any] = field(default_factory=dict)


def _claims(doc: Document, stage: str) -> list[Claim]:
    own: dict[str, Any] = doc.extras.setdefault(stage, {})
    claims: list[Claim] = own.setdefault("claims", [])
    return claims


def claim_drop(doc: Document, stage: str, entity: Entity, why: str) -> None:
    """`stage` claims the span of `entity` (another stage's): resolve drops the entity."""
    _claims(doc, stage).append(Claim(stage, "drop", entity, why))


def claim_edit(doc: Document, stage: str, entity: Entity, why: str, **fields: Any) -> None:
    """`stage` corrects fields of `entity` (another stage's): resolve sets them."""
    if fields:
        _claims(doc, stage).append(Claim(stage, "edit", entity, why, dict(fields)))


def claim_changes(doc: Document, stage: str, entity: Entity, edited: Entity, why: str) -> None:
    """Claim the fields in which `edited` (a copy of `entity`) differs from it."""
    changed = {
        name: getattr(edited, name)
        for name in type(entity).model_fields
        if getattr(edited, name) != getattr(entity, name)
    }
    claim_edit(doc, stage, entity, why, **changed)


def claims_of(doc: Document) -> list[Claim]:
    """Every stage's claims, in the order the stages made them."""
    out: list[Claim] = []
    for own in doc.extras.values():
        if isinstance(own, dict):
            out += [c for c in own.get("claims", ()) if isinstance(c, Claim)]
    return out


def effective(doc: Document, stage: str) -> list[Entity]:
    """The entities as `stage` sees them once its own claims hold: dropped ones left out,
    edited ones as edited copies (the document's entities are unchanged)."""
    dropped: set[int] = set()
    edits: dict[int, dict[str, Any]] = {}
    for claim in _claims(doc, stage):
        if claim.action == "drop":
            dropped.add(id(claim.entity))
        else:
            edits.setdefault(id(claim.entity), {}).update(claim.fields)
    return [
        e.model_copy(update=edits[id(e)]) if id(e) in edits else e
        for e in doc.entities
        if id(e) not in dropped
    ]


def apply_claims(doc: Document) -> int:
    """Apply and forget every stage's claims; the number of entities dropped."""
    claims = claims_of(doc)
    dropped: set[int] = set()
    for claim in claims:
        if claim.action == "drop":
            dropped.add(id(claim.entity))
        else:
            for name, value in claim.fields.items():
                setattr(claim.entity, name, value)
    for key, own in list(doc.extras.items()):
        if isinstance(own, dict) and own.pop("claims", None) is not None and not own:
            del doc.extras[key]
    before = len(doc.entities)
    if dropped:
        doc.entities = [e for e in doc.entities if id(e) not in dropped]
    return before - len(doc.entities)
