"""A sorted sequence of spans that answers window queries without a pass over all.

Rules ask, per trigger or per entity, which spans overlap, contain or start in a
small window; a scan of every span for each such question makes a long article
quadratic. `Spans` keeps them sorted by (start, end) and answers with bisection:
the spans are bucketed by the bit length of their length, so that in each bucket a
span that reaches a position starts at most one bucket-width before it. A query
costs O(log n) per bucket plus the candidates it looks at, and gives its answer in
the sequence's own order, as a filter over the whole list would.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple, Protocol, TypeVar, overload


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)
T = TypeVar("T")


class Range(NamedTuple):
    """A bare span, for indexing offsets that carry nothing else."""

    start: int
    end: int


class Spans(Sequence[S]):
    """Spans, stably sorted by (start, end); read-only."""

    def __init__(self, spans: Iterable[S] = ()) -> None:
        self._spans: list[S] = sorted(spans, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self._spans]
        # bit length of the length -> (starts, indices into _spans), both sorted.
        self._buckets: dict[int, tuple[list[int], list[int]]] = {}
        for i, s in enumerate(self._spans):
            bits = max(0, s.end - s.start).bit_length()
            starts, indices = self._buckets.setdefault(bits, ([], []))
            starts.append(s.start)
            indices.append(i)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[S]:
        return iter(self._spans)

    @overload
    def __getitem__(self, i: int) -> S: ...

    @overload
    def __getitem__(self, i: slice) -> list[S]: ...

    def __getitem__(self, i: int | slice) -> S | list[S]:
        return self._spans[i]

    def starting_in(self, start: int, end: int) -> list[S]:
        """Spans with start <= span.start < end."""
        lo = bisect.bisect_left(self._starts, start)
        return self._spans[lo : bisect.bisect_left(self._starts, end, lo)]

    def starting_at(self, pos: int) -> list[S]:
        return self.starting_in(pos, pos + 1)

    def before(self, pos: int) -> Iterator[S]:
        """Spans with span.start < pos, last first."""
        i = bisect.bisect_left(self._starts, pos)
        return (self._spans[j] for j in range(i - 1, -1, -1))

    def overlapping(self, start: int, end: int) -> list[S]:
        """Spans with span.start < end and start < span.end."""
        return self._reaching(start + 1, end)

    def ending_in(self, start: int, end: int) -> list[S]:
        """Spans with start <= span.end < end."""
        return [s for s in self._reaching(start, end) if s.end < end]

    def containing(self, start: int, end: int) -> list[S]:
        """Spans with span.start <= start and end <= span.end."""
        return self._reaching(end, start + 1)

    def _reaching(self, min_end: int, max_start: int) -> list[S]:
        """Spans with span.end >= min_end and span.start < max_start, in order."""
        found: list[int] = []
        parts = 0
        for bits, (starts, indices) in self._buckets.items():
            # A span of this bucket is shorter than 2**bits: ending at min_end or
            # later, it starts after min_end - 2**bits.
            lo = bisect.bisect_right(starts, min_end - (1 << bits))
            hi = bisect.bisect_left(starts, max_start, lo)
            before = len(found)
            found.extend(i for i in indices[lo:hi] if self._spans[i].end >= min_end)
            parts += len(found) > before
        if parts > 1:
            found.sort()
        return [self._spans[i] for i in found]


def first_disjoint(ranked: Iterable[S]) -> list[S]:
    """The spans, best first, that overlap none ranked before them and kept: how
    overlapping matches are settled."""
    return first_disjoint_by(ranked, lambda s: (s.start, s.end))


def first_disjoint_by(ranked: Iterable[T], span: Callable[[T], tuple[int, int]]) -> list[T]:
    """first_disjoint, each item's (start, end) given by `span`. Kept characters
    (offsets into a text, >= 0) are marked in a bytearray, so each item costs O(its
    length), not a check against every item kept before."""
    items = [(item, *span(item)) for item in ranked]
    size = max((e for _, _, e in items), default=0) + 1
    # Characters of kept spans, where kept spans start, and kept empty spans.
    taken, starts, points = bytearray(size), bytearray(size), bytearray(size)
    kept: list[T] = []
    for item, s, e in items:
        if e <= s:
            # An empty span loses only to one around it, and blocks only those around it.
            if 0 < s < size and taken[s - 1] and taken[s] and not starts[s]:
                continue
            points[s] = 1
        elif taken.find(1, s, e) != -1 or points.find(1, s + 1, e) != -1:
            continue
        else:
            taken[s:e] = b"\x01" * (e - s)
            starts[s] = 1
        kept.append(item)
    return kept
