"""The dates pipeline stage: DATE entities, and a dateline for a missing
publication date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsie.registry import stage
from newsie.stages.dates.documents import find_dateline, find_dates
from newsie.stages.dates.vocabulary import load_vocab
from newsie.text.offsets import norm_offsets

if TYPE_CHECKING:
    from newsie.schema import Document

STAGE = "dates"


@stage(
    "dates",
    requires=("doc.norm", "doc.sentences", "doc.tokens"),
    provides=("DATE", "doc.published"),
)
class DatesStage:
    """Stage: DATE entities with ISO values; a dateline fills a missing publication date."""

    name = STAGE

    def __init__(self, config: object = None) -> None:
        del config
        load_vocab()

    def __call__(self, doc: Document) -> Document:
        norm = doc.norm.text
        if doc.published is None:
            dateline = find_dateline(norm)
            if dateline is not None:
                doc.published = dateline
                doc.published_source = "dateline"
        anchor = doc.published.isoformat() if doc.published else None
        sentences = [(s.start, s.end) for s in doc.sentences]
        tokens = [(t.text, t.start, t.end) for t in doc.tokens]
        for match in find_dates(norm, doc.published, sentences, tokens):
            date = match.date
            if date.note:
                doc.warnings.append(date.note)
            doc.add_entity(
                "DATE",
                *norm_offsets(match.start, match.end),
                STAGE,
                value=date.value,
                value_end=date.value_end,
                precision=date.precision,
                qualifier=date.qualifier,
                relative=date.relative,
                anchor=anchor if date.relative else None,
                label=date.label,
            )
        return doc
