"""Speed: rules only against the full pipeline, the NER stage against plain Stanza, a busy
core, cold start and memory, all in one run on the same corpus articles.

    .venv/bin/python benchmarks/bench_speed.py [--articles 300] [--runs 3]
        [--baseline-articles 100] [--no-busy] [--no-cold] [--no-runner]

Passes are interleaved (rules, full, rules, full ...; idle, busy, idle, busy ...) and
each figure is the median over --runs, so the ratios printed compare passes that saw the
same machine. On a shared machine the absolute figures move with its load; read the
ratios. The NER word cache is emptied before every pass: each pass is what a worker
sees on articles it has never met. The tagger runs one thread (what the stage sets).

- per stage: ms/article of the full pipeline (`newsie.Pipeline.default()`), and articles/s
  and words/s (whitespace words) for rules only (`ner="none"`) and the full pipeline;
- NER: tokens/s of the stage, and of the same model through Stanza's trainer (the
  stage before this benchmark) and through a plain `stanza.Pipeline` (pre-tokenised,
  NER only), on the first --baseline-articles articles;
- busy core: the full pipeline with a busy-loop process on one core, and the NER tagger
  at a thread per core (the cliff of issue 17, with torch's default) on a few articles;
- cold start: `python -m newsie extract` of one sentence in a new process, wall time and
  peak RSS, with and without NER;
- the runner: `newsie run --workers 1 --json-summary` on the sample (articles/s and the
  worker's peak RSS).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from shared_data import CORPUS, corpus_rows

ONE_SENTENCE = "قال محمد الحلبوسي إن 3 جنود قتلوا في هجوم على نقطة تفتيش في كركوك أمس.\n"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@contextmanager
def busy_core() -> Iterator[None]:
    """A process spinning on one core (the last) for as long as the block runs."""
    core = max(os.sched_getaffinity(0))
    spin = f"import os\nos.sched_setaffinity(0, {{{core}}})\nwhile True: pass"
    spinner = subprocess.Popen([sys.executable, "-c", spin])
    time.sleep(0.3)  # let it be scheduled before timing starts
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


def timed_pass(pipeline: Any, articles: list[Any]) -> dict[str, float]:
    """Seconds per stage (and "total") for one pass over fresh documents."""
    from newsie.schema import Document
    from newsie.stages import ner

    if ner.newsie_model.cache_info().currsize:
        ner.newsie_model().cache.clear()
    seconds: dict[str, float] = defaultdict(float)
    for article in articles:
        doc = Document.from_article(article)
        for stage in pipeline.stages:
            started = time.perf_counter()
            doc = stage(doc)
            seconds[stage.name] += time.perf_counter() - started
    seconds["total"] = sum(seconds.values())
    return seconds


def ner_inputs(articles: list[Any]) -> tuple[list[Any], list[list[list[str]]]]:
    """Normalised and segmented documents, and per document the word lists the NER
    stage tags (its pieces of at most MAX_SENTENCE_TOKENS)."""
    from newsie.schema import Document
    from newsie.stages.ner import MAX_SENTENCE_TOKENS
    from newsie.text.normalize import NormalizeStage
    from newsie.text.segment import SegmentStage

    normalize, segment = NormalizeStage(None), SegmentStage(None)
    docs = [segment(normalize(Document.from_article(a))) for a in articles]
    words = []
    for doc in docs:
        pieces = []
        for sent in doc.sentences:
            for first in range(sent.first_token, sent.last_token, MAX_SENTENCE_TOKENS):
                last = min(first + MAX_SENTENCE_TOKENS, sent.last_token)
                pieces.append([t.text for t in doc.tokens[first:last]])
        words.append([p for p in pieces if p])
    return docs, words


def stanza_pipeline_tagger() -> Callable[[list[list[str]]], list[list[str]]]:
    """The shipped model through a plain stanza.Pipeline, pre-tokenised, NER only (a
    Pipeline wants a resources.json; an empty one for Arabic will do offline)."""
    import stanza

    from newsie.stages.ner import MODEL_FILE, PRETRAIN_FILE, models_dir

    folder = Path(tempfile.mkdtemp(prefix="newsie-stanza-"))
    (folder / "ar").mkdir()
    (folder / "resources.json").write_text(json.dumps({"ar": {"default_processors": {}}}))
    nlp = stanza.Pipeline(
        "ar", dir=str(folder), processors="tokenize,ner", tokenize_pretokenized=True,
        ner_model_path=str(models_dir() / MODEL_FILE),
        ner_pretrain_path=str(models_dir() / PRETRAIN_FILE),
        download_method=None, use_gpu=False, logging_level="WARN",
    )  # fmt: skip

    def tag(sentences: list[list[str]]) -> list[list[str]]:
        return [[t.ner for t in s.tokens] for s in nlp(sentences).sentences]

    return tag


# Started from a small Python: a child forked from this big process would report this
# process's peak RSS as its own (Linux keeps the high-water mark across fork and exec).
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def child_peak(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of a command in a new process."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-articles", type=int, default=100)
    parser.add_argument("--no-busy", action="store_true")
    parser.add_argument("--no-cold", action="store_true")
    parser.add_argument("--no-runner", action="store_true")
    opts = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found ({CORPUS}); nothing to benchmark")
        return 0

    from newsie.pipeline import Pipeline, PipelineConfig
    from newsie.schema import Article
    from newsie.stages import ner

    rows = corpus_rows(opts.articles, every=50)
    articles = [Article(id=str(i), source="bench", text=r["text"]) for i, r in enumerate(rows)]
    words = sum(len(a.text.split()) for a in articles)
    n, runs = len(articles), opts.runs
    print(f"{n} corpus articles, {words / n:.0f} words each on average; medians of {runs} runs")

    started = time.perf_counter()
    full = Pipeline.default()
    rules = Pipeline.default(PipelineConfig(ner="none"))
    full.process(articles[0])  # loads the NER model
    print(f"building both pipelines + loading the NER model: {time.perf_counter() - started:.1f} s")
    options = ner.newsie_model().tagger_session.get_session_options()
    print(f"NER threads: {options.intra_op_num_threads}; torch imported: {'torch' in sys.modules}")

    passes: dict[str, list[dict[str, float]]] = {"rules": [], "full": [], "busy": []}
    for _ in range(runs):
        passes["rules"].append(timed_pass(rules, articles))
        passes["full"].append(timed_pass(full, articles))
        if not opts.no_busy:
            with busy_core():
                passes["busy"].append(timed_pass(full, articles))

    def ms(kind: str, stage: str) -> float:
        return 1000 * median([p.get(stage, 0.0) for p in passes[kind]]) / n

    print("\n## per stage, ms/article (full pipeline; rules only; full with a busy core)")
    print(f"{'stage':<12}{'full':>10}{'rules':>10}{'busy':>10}")
    for stage in [*full.names, "total"]:
        busy = f"{ms('busy', stage):>10.2f}" if passes["busy"] else f"{'-':>10}"
        print(f"{stage:<12}{ms('full', stage):>10.2f}{ms('rules', stage):>10.2f}{busy}")
    ratios = [f["total"] / r["total"] for f, r in zip(passes["full"], passes["rules"], strict=True)]
    print(f"\n{'':<26}{'articles/s':>12}{'words/s':>12}")
    for kind in ("rules", "full", "busy"):
        if passes[kind]:
            seconds = median([p["total"] for p in passes[kind]])
            print(f"{kind:<26}{n / seconds:>12.1f}{words / seconds:>12.0f}")
    print(f"full / rules time, per pass: {', '.join(f'{r:.2f}' for r in ratios)}"
          "   (target <= 3.5)")  # fmt: skip
    if passes["busy"]:
        slow = [
            b["total"] / f["total"] for b, f in zip(passes["busy"], passes["full"], strict=True)
        ]
        print(f"busy / idle time, per pass: {', '.join(f'{r:.2f}' for r in slow)}"
              "   (target <= 1.5)")  # fmt: skip

    # --- NER against Stanza, on the first --baseline-articles articles -------------------
    docs, all_pieces = ner_inputs(articles)
    pieces = all_pieces[: opts.baseline_articles]
    tokens = sum(len(p) for doc in pieces for p in doc)
    folder = ner.models_dir()
    from newsie.stages.ner.model import NerModel

    taggers: dict[str, Callable[[list[list[str]]], list[list[str]]]] = {
        "newsie stage tagger": ner.load_tagger("newsie"),
        "newsie tagger, float32": NerModel(
            folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE, quantize=False
        ),
        "Stanza trainer (old stage)": ner.stanza_model_tagger(
            folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE
        ),
        "plain stanza.Pipeline": stanza_pipeline_tagger(),
    }
    rates: dict[str, list[float]] = defaultdict(list)
    outputs: dict[str, list[list[list[str]]]] = {}
    for _ in range(runs):
        for name, tag in taggers.items():
            if isinstance(tag, NerModel):
                tag.cache.clear()
            started = time.perf_counter()
            outputs[name] = [tag(doc) for doc in pieces]  # one call per article, as the stage
            rates[name].append(tokens / (time.perf_counter() - started))
    base = median(rates["plain stanza.Pipeline"])
    print(f"\n## NER tagger, {len(pieces)} articles ({tokens} tokens), 1 thread")
    print(f"{'':<30}{'tokens/s':>10}{'x Stanza':>10}{'tags unlike Stanza':>20}")
    reference = [t for doc in outputs["plain stanza.Pipeline"] for s in doc for t in s]
    for name in taggers:
        tags = [t for doc in outputs[name] for s in doc for t in s]
        unlike = sum(a != b for a, b in zip(tags, reference, strict=True))
        rate = median(rates[name])
        print(f"{name:<30}{rate:>10.0f}{rate / base:>10.2f}{unlike:>20}")
    stage_rate = sum(len(d.tokens) for d in docs) / (ms("full", "ner") * n / 1000)
    print(f"{'ner stage in the pipeline':<30}{stage_rate:>10.0f}   (all {n} articles)")

    if not opts.no_busy:  # the cliff this stage avoids: a thread per core, a busy core
        few, few_tokens = pieces[:20], sum(len(p) for doc in pieces[:20] for p in doc)
        cliff: dict[str, float] = {}
        for threads in (1, os.cpu_count() or 1):
            os.environ["NEWSIE_NER_THREADS"] = str(threads)
            model = NerModel(folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE)
            for label, busy in (("idle", False), ("busy", True)):
                model.cache.clear()
                with busy_core() if busy else nullcontext():
                    started = time.perf_counter()
                    for doc in few:
                        model(doc)
                    cliff[f"{threads} thread(s), {label}"] = few_tokens / (
                        time.perf_counter() - started
                    )
        del os.environ["NEWSIE_NER_THREADS"]
        print(f"\n## NER tagger on {len(few)} articles, idle and with a busy core (tokens/s)")
        for label, rate in cliff.items():
            print(f"{label:<30}{rate:>10.0f}")

    # --- cold start and memory -----------------------------------------------------------
    if not opts.no_cold:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "one.txt"
            path.write_text(ONE_SENTENCE, encoding="utf-8")
            base_cmd = [sys.executable, "-m", "newsie", "extract", str(path), "-p", "2023-07-21"]
            cold: dict[str, list[tuple[float, float]]] = defaultdict(list)
            for _ in range(runs):
                for label, extra in (("with NER", []), ("--ner none", ["--ner", "none"])):
                    cold[label].append(child_peak([*base_cmd, *extra]))
        print("\n## cold start: `newsie extract` of one sentence in a new process")
        print(f"{'':<14}{'wall s':>10}{'peak RSS MB':>13}")
        for label, values in cold.items():
            wall, peak = median([v[0] for v in values]), median([v[1] for v in values])
            print(f"{label:<14}{wall:>10.2f}{peak:>13.0f}")
        print("(targets: <= 3 s wall with NER, <= 700 MB per worker)")

    if not opts.no_runner:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "in" / "sample.jsonl"
            source.parent.mkdir()
            source.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
            )
            out = str(Path(tmp) / "out")
            command = [sys.executable, "-m", "newsie", "run", str(source.parent), "-o", out,
                       "-q", "--workers", "1", "--json-summary"]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            lines = done.stdout.strip().splitlines()
            summary = json.loads(lines[-1]) if lines else {}
        print("\n## newsie run --workers 1 on the sample")
        for key in ("articles", "errors", "articles_per_second", "peak_rss_mb_per_worker"):
            print(f"{key:<26}{summary.get(key, '?')!s:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
