"""Arabic normalisation with an exact map back to the original text.

Every stage matches on the normalised text, but entities must report offsets in
the original article. camel-tools' normalisers work on whole strings and keep no
map, so we apply them (with newsie's own tables: `newsie.lang.ar.orthography`) one
source character at a time: each original character
becomes zero, one or several normalised characters, and we remember where each
normalised character came from. Combining marks and tatweel that vanish are
attached to the character before them, so a span never cuts a word's last vowel.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from newsie.lang.ar.orthography import normalize_char
from newsie.registry import stage
from newsie.text.offsets import NormOffset, NormSpan, OrigOffset, OrigSpan

if TYPE_CHECKING:
    from newsie.schema import Document, Entity


def _attaches_backwards(ch: str) -> bool:
    """Tatweel and marks, also as presentation forms (U+FE71 is tatweel + fathatan)."""
    return all(c == "\u0640" or unicodedata.category(c) == "Mn" for c in _compat(ch))


@lru_cache(maxsize=4096)
def _compat(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch) or ch


@dataclass(frozen=True)
class NormalizedText:
    """A normalised string and, for each of its characters, the source span."""

    original: str
    text: str
    # starts[i], ends[i]: the original span that normalised character i came from.
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: NormOffset, end: NormOffset) -> OrigSpan:
        """Original [start, end) covering normalised [start, end)."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside 0:{len(self.text)}")
        if start == end:
            pos = OrigOffset(self.starts[start] if start < len(self.text) else len(self.original))
            return pos, pos
        return OrigOffset(self.starts[start]), OrigOffset(self.ends[end - 1])

    def from_original(self, start: OrigOffset, end: OrigOffset) -> NormSpan:
        """Normalised [start, end) of an original span: the normalised characters whose
        source lies inside it. Entities of earlier stages carry original offsets."""
        return NormOffset(bisect_left(self.starts, start)), NormOffset(
            bisect_left(self.starts, end)
        )

    def original_text(self, start: NormOffset, end: NormOffset) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]


def normalize(original: str) -> NormalizedText:
    """Normalise Arabic text, keeping the map back to the original offsets."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(original):
        out = normalize_char(ch)
        if not out:
            if ends and _attaches_backwards(ch) and ends[-1] == i:
                # A vanished diacritic or tatweel belongs to the letter before it.
                last = len(ends) - 1
                j = last
                while j >= 0 and ends[j] == i:
                    ends[j] = i + 1
                    j -= 1
            continue
        pieces.append(out)
        starts.extend([i] * len(out))
        ends.extend([i + 1] * len(out))
    return NormalizedText(original, "".join(pieces), tuple(starts), tuple(ends))


def normalize_key(text: str) -> str:
    """Normalised form of a lexicon entry or query, with spaces collapsed: normalize()'s
    text without its offset map, which start-up would build for every lexicon name."""
    return " ".join("".join(map(normalize_char, text)).split())


def norm_span(doc: Document, entity: Entity) -> NormSpan:
    """Normalised [start, end) of an entity another stage found (offsets are original)."""
    return doc.norm.from_original(entity.start, entity.end)


@stage("normalize", provides=("doc.norm",))
class NormalizeStage:
    """Stage: attach the normalised text and its offset map to the document."""

    name = "normalize"

    def __init__(self, config: object = None) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        doc.norm = normalize(doc.text)
        return doc
