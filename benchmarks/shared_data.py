"""Where the benchmarks find ../shared, and the one way they read the unlabelled corpus.

Benchmarks run as scripts (`python benchmarks/bench_x.py`), so this sits beside them and
is imported by name. Everything here works without ../shared: callers check
`CORPUS.exists()` and skip what they cannot measure.
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import json
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "data" / "corpus" / "news-unlabelled.jsonl.gz"
DEV_NEWS = SHARED / "data" / "news" / "dev"
DEV_GOLD = SHARED / "gold" / "dev"
SCORER = SHARED / "eval" / "score.py"


def corpus_rows(limit: int, every: int = 1) -> list[dict[str, Any]]:
    """The first `limit` articles of the corpus with text, as its JSON rows; `every`
    takes one line in so many, so a small sample spans all the corpus's sources."""
    if limit <= 0 or not CORPUS.exists():
        return []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        rows = (json.loads(line) for line in itertools.islice(fh, 0, None, every))
        with_text = (row for row in rows if (row.get("text") or "").strip())
        return list(itertools.islice(with_text, limit))


def load_scorer() -> ModuleType:
    """The shared scorer (../shared/eval/score.py), a script, loaded as a module."""
    spec = importlib.util.spec_from_file_location("newsie_bench_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
