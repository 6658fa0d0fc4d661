"""DATE extraction: newsie's date stage against dateparser, quality and speed.

    .venv/bin/python benchmarks/bench_dates.py [--runs 5]

Quality: on the dev gold (../shared/gold/dev, articles in ../shared/data/news/dev with
their meta `published`), DATE P/R/F1 scored as ../shared/eval/score.py scores DATE (the
set of ISO values per article; its own `set_prf` and `PRF` are imported and used).
The baseline is `dateparser.search.search_dates(text, languages=['ar'],
settings={'RELATIVE_BASE': published})`; each string it finds is re-read with
`DateDataParser.get_date_data` to learn its period, so a year it finds is scored as
`YYYY` and a month as `YYYY-MM` rather than as a full day.

Speed: the same article texts (the dev articles, then the first --corpus articles of
../shared/data/corpus/news-unlabelled.jsonl.gz), medians over --runs runs: newsie's date
stage alone (on already normalised and segmented documents), newsie's
normalise+segment+dates, and dateparser's search_dates, runs interleaved, in CPU seconds
of this process (the machine may be shared). Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

from shared_data import CORPUS, DEV_GOLD, DEV_NEWS, SCORER, corpus_rows, load_scorer

from newsie.pipeline import Pipeline, PipelineConfig, Stage, load_stage
from newsie.schema import Article, Document


def load_articles() -> list[tuple[Article, list[str]]]:
    """(article, gold DATE values) for every gold file."""
    out = []
    for gold_file in sorted(DEV_GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc_id = gold["id"]
        text = (DEV_NEWS / f"{doc_id}.txt").read_text(encoding="utf-8")
        meta_path = DEV_NEWS / f"{doc_id}.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        published = meta.get("published")
        article = Article(
            id=doc_id,
            source=str(DEV_NEWS / f"{doc_id}.txt"),
            text=text,
            published=published,
            published_source="input" if published else None,
        )
        values = [d["value"] for d in gold.get("entities", {}).get("DATE", []) if d.get("value")]
        out.append((article, values))
    return out


def newsie_values(doc: Document) -> list[str]:
    return [e.value for e in doc.entities if e.type == "DATE" and e.value]


_PERIOD_FORMAT = {"year": "%Y", "month": "%Y-%m"}


def dateparser_values(text: str, published: dt.date | None) -> list[str]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings: dict[str, Any] = {}
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    found = search_dates(text, languages=["ar"], settings=settings) or []
    reader = DateDataParser(languages=["ar"], settings=settings)
    values = []
    for substring, when in found:
        period = reader.get_date_data(substring).period or "day"
        values.append(when.strftime(_PERIOD_FORMAT.get(period, "%Y-%m-%d")))
    return values


def score_values(scorer: ModuleType, pairs: list[tuple[list[str], list[str]]]) -> dict[str, Any]:
    acc = scorer.PRF()
    for gold, system in pairs:
        scorer.set_prf(gold, system, acc)
    result: dict[str, Any] = acc.as_dict()
    return result


def timed(fns: list[Callable[[], None]], runs: int) -> list[float]:
    """Median CPU seconds of each function. Runs are interleaved (a, b, c, a, b, c ...)
    and CPU time is used so that other processes on a shared machine weigh less."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, bucket in zip(fns, times, strict=True):
            start = time.process_time()
            fn()
            bucket.append(time.process_time() - start)
    return [statistics.median(bucket) for bucket in times]


def load_corpus(limit: int) -> list[Article]:
    """The first `limit` articles of the unlabelled corpus (none when it is absent)."""
    return [
        Article(
            id=str(row["id"]),
            source=str(CORPUS),
            text=row["text"],
            published=(row.get("published") or "")[:10] or None,
        )
        for row in corpus_rows(limit)
    ]


def speed_table(
    label: str, articles: list[Article], prepare: Pipeline, dates_stage: Stage, runs: int
) -> None:
    """Median seconds of newsie's date stage and of search_dates on the same texts."""
    from dateparser.search import search_dates

    docs = [prepare.process(article) for article in articles]

    def run_stage() -> None:
        for doc in docs:
            doc.entities.clear()
            if doc.published_source == "dateline":
                doc.published = doc.published_source = None
            dates_stage(doc)

    def run_full() -> None:
        for article in articles:
            dates_stage(prepare.process(article))

    def run_dateparser() -> None:
        for article in articles:
            settings: dict[str, Any] = {}
            if article.published is not None:
                settings["RELATIVE_BASE"] = dt.datetime.combine(article.published, dt.time())
            search_dates(article.text, languages=["ar"], settings=settings)

    n_chars = sum(len(a.text) for a in articles)
    t_stage, t_full, t_dp = timed([run_stage, run_full, run_dateparser], runs)
    print()
    print(f"Speed on {label} ({n_chars} characters), median CPU seconds of {runs} runs")
    print(f"{'system':<34}{'seconds':>10}{'docs/s':>10}{'dateparser time / this':>24}")
    for name, t in (
        ("newsie dates stage", t_stage),
        ("newsie normalise+segment+dates", t_full),
        ("dateparser search_dates", t_dp),
    ):
        print(f"{name:<34}{t:>10.4f}{len(articles) / t:>10.1f}{t_dp / t:>23.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median reported)")
    parser.add_argument("--show", action="store_true", help="print per-article differences")
    parser.add_argument(
        "--corpus", type=int, default=200, help="also time on this many corpus articles (0: no)"
    )
    args = parser.parse_args()
    if not (DEV_GOLD.is_dir() and DEV_NEWS.is_dir() and SCORER.exists()):
        print(f"skipped: {DEV_GOLD} or {DEV_NEWS} not found (the shared dev set is not available)")
        return 0
    warnings.filterwarnings("ignore")
    scorer = load_scorer()
    articles = load_articles()
    config = PipelineConfig()
    prepare = Pipeline([load_stage("normalize", config), load_stage("segment", config)])
    dates_stage = load_stage("dates", config)

    newsie_pairs, baseline_pairs = [], []
    for article, gold in articles:
        doc = dates_stage(prepare.process(article))
        system = newsie_values(doc)
        baseline = dateparser_values(article.text, article.published)
        newsie_pairs.append((gold, system))
        baseline_pairs.append((gold, baseline))
        if args.show and set(gold) != set(system):
            print(
                f"{article.id}: missed {sorted(set(gold) - set(system))}"
                f" extra {sorted(set(system) - set(gold))}"
            )

    ours = score_values(scorer, newsie_pairs)
    theirs = score_values(scorer, baseline_pairs)
    ratio = ours["f1"] / theirs["f1"] if theirs["f1"] else float("inf")
    print(f"DATE on {len(articles)} dev articles (score.py set P/R/F1 of ISO values)")
    print(f"{'system':<28}{'P':>7}{'R':>7}{'F1':>7}{'sys':>6}{'gold':>6}")
    for name, r in (("newsie dates stage", ours), ("dateparser search_dates", theirs)):
        print(
            f"{name:<28}{r['p']:>7.3f}{r['r']:>7.3f}{r['f1']:>7.3f}{r['system']:>6}{r['gold']:>6}"
        )
    print(f"F1 ratio newsie/dateparser: {ratio:.2f}x (target >= 1.5x, newsie >= 0.85)")

    dev_articles = [article for article, _ in articles]
    speed_table(
        f"the same {len(dev_articles)} dev articles", dev_articles, prepare, dates_stage, args.runs
    )
    corpus = load_corpus(args.corpus)
    if corpus:
        speed_table(f"{len(corpus)} corpus articles", corpus, prepare, dates_stage, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
