"""A candidate force mention, and how overlapping candidates are settled."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsie.text.spans import Range, Spans, first_disjoint_by

if TYPE_CHECKING:
    from newsie.text.segment import Token


@dataclass
class Candidate:
    """A mention before overlaps are settled; `members` share the claim of the first."""

    type: str
    start: int
    end: int
    fields: dict[str, object]
    priority: int = 0
    members: list[Candidate] = field(default_factory=list)
    # The text a list of brigades takes up, beyond the first one's own span.
    claim_end: int | None = None

    @property
    def claim(self) -> tuple[int, int]:
        return self.start, max(self.end, self.claim_end or 0)


def cuts_into(cand: Candidate, names: Spans[Range]) -> bool:
    """Whether a candidate overlaps one of the names without holding all of it."""
    start, end = cand.claim
    return any(not (start <= s and e <= end) for s, e in names.overlapping(start, end))


def mention_key(text: str, cand: Candidate) -> str:
    """A candidate's normalised text without a fused ل (للجيش -> الجيش)."""
    key = " ".join(text[cand.start : cand.end].split())
    return "ال" + key[2:] if key.startswith("لل") else key


def token_index_after(tokens: list[Token], end: int, i: int) -> int:
    j = i
    while j < len(tokens) and tokens[j].start < end:
        j += 1
    return j


def settle(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longer first, then the grammar over the lexicon."""
    ordered = sorted(
        candidates, key=lambda c: (-(c.claim[1] - c.claim[0]), -c.priority, c.claim[0])
    )
    return sorted(first_disjoint_by(ordered, lambda c: c.claim), key=lambda c: c.start)
