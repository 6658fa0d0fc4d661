"""The two offset systems, as types mypy can tell apart.

Stages match on the normalised text (`doc.norm.text`, tokens, sentences): their offsets
are `NormOffset`s. Entities and events report offsets into the original article
(`doc.text`): `OrigOffset`s. The only way from one to the other is
`NormalizedText.to_original` / `from_original` (and `Document.add_entity`, which takes
normalised offsets and stores original ones), so passing a normalised offset where an
original one is expected is a type error, not a silent shift of a few characters.

Both are plain `int`s at run time (NewType), so the JSON output does not change.
"""

from __future__ import annotations

from typing import NewType

NormOffset = NewType("NormOffset", int)
"""An offset into the normalised text."""

OrigOffset = NewType("OrigOffset", int)
"""An offset into the original article text."""

NormSpan = tuple[NormOffset, NormOffset]
"""A normalised [start, end)."""

OrigSpan = tuple[OrigOffset, OrigOffset]
"""An original [start, end)."""


def norm_offsets(start: int, end: int) -> NormSpan:
    """Declare a [start, end) computed on the normalised text (a regex match on
    `doc.norm.text`, token arithmetic) as normalised offsets."""
    return NormOffset(start), NormOffset(end)
