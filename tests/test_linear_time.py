"""Issue 20: no stage may be quadratic in the article's length. Checked without a
stopwatch where possible: the position indexes against a scan of every span, the
work (function calls) of each stage on an article four times as long, and
longest_first on ten times the hits against a run of the same test."""

from __future__ import annotations

import cProfile
import gc
import pstats
import random
import time
from pathlib import Path

import pytest

from conftest import ARTICLES
from newsie.pipeline import Pipeline, PipelineConfig
from newsie.schema import Article, Document
from newsie.text.lexicon import LexiconMatch, longest_first
from newsie.text.spans import Range, Spans, first_disjoint

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def pairwise_first_disjoint(ranked: list[LexiconMatch[int]]) -> list[LexiconMatch[int]]:
    """The former check: each span against every one kept."""
    kept: list[LexiconMatch[int]] = []
    for hit in ranked:
        if not any(hit.start < k.end and k.start < hit.end for k in kept):
            kept.append(hit)
    return kept


def pairwise_longest_first(hits: list[LexiconMatch[int]]) -> list[LexiconMatch[int]]:
    """The former longest_first."""
    ranked = sorted(hits, key=lambda h: (-(h.end - h.start), h.start))
    return sorted(pairwise_first_disjoint(ranked), key=lambda h: h.start)


def random_ranges(rng: random.Random, n: int, width: int = 60) -> list[Range]:
    out = []
    for _ in range(n):
        start = rng.randint(0, width)
        out.append(Range(start, start + rng.choice([0, 1, 2, 3, 5, 9, 17, 40])))
    return out


def test_spans_queries_match_a_scan_of_every_span() -> None:
    rng = random.Random(20)
    for _ in range(300):
        spans = Spans(random_ranges(rng, rng.randint(0, 25)))
        every = list(spans)
        assert every == sorted(every, key=lambda s: (s.start, s.end))
        for _ in range(10):
            a = rng.randint(-5, 70)
            b = a + rng.randint(0, 12)
            assert spans.overlapping(a, b) == [s for s in every if s.start < b and a < s.end]
            assert spans.containing(a, b) == [s for s in every if s.start <= a and b <= s.end]
            assert spans.starting_in(a, b) == [s for s in every if a <= s.start < b]
            assert spans.ending_in(a, b) == [s for s in every if a <= s.end < b]
            assert spans.starting_at(a) == [s for s in every if s.start == a]
            assert list(spans.before(a)) == [s for s in every if s.start < a][::-1]


def test_longest_first_keeps_what_the_pairwise_check_kept() -> None:
    rng = random.Random(4)
    for _ in range(500):
        hits = [
            LexiconMatch(r.start, r.end, r.start, "k", (rng.randint(0, 3),))
            for r in random_ranges(rng, rng.randint(0, 30), width=40)
        ]
        assert longest_first(hits) == pairwise_longest_first(hits)
        rng.shuffle(hits)  # any ranking, empty spans anywhere in it
        assert first_disjoint(hits) == pairwise_first_disjoint(hits)


def overlapping_hits(n: int) -> list[LexiconMatch[int]]:
    """n hits, each overlapping its neighbours, of two lengths (as a trigger word and
    a longer phrase around it)."""
    return [
        LexiconMatch(4 * i + (i % 2), 4 * i + (i % 2) + 3 + 4 * (i % 3 == 0), 4 * i, "k", (i,))
        for i in range(n)
    ]


def cpu_seconds(hits: list[LexiconMatch[int]]) -> float:
    """CPU time of one run of longest_first, without the garbage collector."""
    gc.disable()
    try:
        started = time.process_time()
        longest_first(hits)
        return time.process_time() - started
    finally:
        gc.enable()


def test_longest_first_on_ten_times_the_hits_is_not_quadratic() -> None:
    small, large = overlapping_hits(20_000), overlapping_hits(200_000)
    assert longest_first(small[:300]) == pairwise_longest_first(small[:300])
    # Interleaved, the best of each: the runs least disturbed by other jobs.
    times: dict[int, list[float]] = {len(small): [], len(large): []}
    for _ in range(3):
        for hits in (small, small, large):
            times[len(hits)].append(cpu_seconds(hits))
    ratio = min(times[len(large)]) / min(times[len(small)])
    assert ratio < 30, f"10x the hits took {ratio:.1f}x the time"  # quadratic: ~100x


def article(repeats: int) -> str:
    """The test articles and the sample articles, over and over."""
    texts = [*ARTICLES, *(p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt")))]
    return "\n\n".join(texts * repeats)


def calls_per_stage(pipeline: Pipeline, text: str) -> dict[str, int]:
    """Function calls (generator steps included) each stage makes on one article."""
    doc = Document.from_article(Article(id="a", source="t", text=text, published="2024-10-13"))
    counts = {}
    for stage in pipeline.stages:
        profile = cProfile.Profile()
        profile.enable()
        doc = stage(doc)
        profile.disable()
        counts[stage.name] = pstats.Stats(profile).total_calls
    return counts


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    pipeline = Pipeline.default(PipelineConfig(ner="none"))
    pipeline.process_text(article(1), published="2024-10-13")  # loads the lexicons
    return pipeline


@pytest.mark.parametrize(
    "text",
    [article(2), "قتل " * 2_000],
    ids=["news", "one-trigger-word"],
)
def test_each_stage_does_four_times_the_work_on_four_times_the_text(
    rules: Pipeline, text: str
) -> None:
    small = calls_per_stage(rules, text)
    large = calls_per_stage(rules, "\n\n".join([text] * 4) if "\n" in text else text * 4)
    for name, calls in large.items():
        if small[name] < 1_000:
            continue  # a stage with nothing to do here
        # Linear work is 4x (plus a little); the quadratic paths this replaced made
        # 10-16x on the news case.
        assert calls / small[name] < 6, f"{name}: {small[name]} -> {calls} calls"
