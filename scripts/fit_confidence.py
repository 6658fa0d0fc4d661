"""Fit the weights of the event confidence model and write them as data.

    .venv/bin/python scripts/fit_confidence.py OUT_DIR [--gold ../shared/gold/dev]
        [--l2 1.0] [--write]

OUT_DIR is a `newsie run` output over the annotated articles. Each event is
labelled right when the shared scorer's strict matching pairs it with a gold event
(same type, compatible place). An L2-regularised logistic regression over
`confidence_features` is fitted by Newton's method; the script prints precision per
confidence band in sample and under 5-fold cross-validation by document (the
honest figure), and with --write stores the weights in
src/newsie/resources/events/confidence.tsv.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from newsie.schema import Event
from newsie.stages.events.confidence import confidence_features

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
WEIGHTS = REPO / "src" / "newsie" / "resources" / "events" / "confidence.tsv"
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
FOLDS = 5
HEADER = """# Weights of the event confidence model (src/newsie/stages/events/confidence.py):
# logistic regression over the features of confidence_features, fitted by
# scripts/fit_confidence.py on newsie's output over the annotated development
# articles (an event is right when the scorer's strict matching pairs it with a gold
# event). Refit after changing the event rules. Licence: same as newsie.
"""


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labelled_events(out: Path, gold_dir: Path, scorer: ModuleType) -> list[tuple[str, Any, bool]]:
    """(doc_id, feature dict, right?) for every event of a document with a gold file."""
    lengths = {d["doc_id"]: len(d["text"]) for d in scorer.load_jsonl(out / "documents.jsonl")}
    events: dict[str, list[dict[str, Any]]] = {}
    for row in scorer.load_jsonl(out / "events.jsonl"):
        events.setdefault(row["doc_id"], []).append(row)
    rows = []
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        system = events.get(gold["id"], [])
        right = {id(s) for _, s in scorer.match_events(gold.get("events", []), system, True)}
        for s in system:
            features = confidence_features(Event.model_validate(s), lengths[gold["id"]])
            rows.append((gold["id"], features, id(s) in right))
    return rows


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Newton's method on the L2-penalised log-likelihood (the bias is penalised too,
    lightly, so a feature seen once cannot run off to infinity)."""
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) + l2 * w
        hess = (x.T * (p * (1 - p))) @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def bands(p: np.ndarray, y: np.ndarray) -> list[str]:
    lines = []
    for lo, hi in itertools.pairwise(BANDS):
        mask = (p >= lo) & (p < hi)
        share = f"{y[mask].mean():.3f}" if mask.any() else "  -  "
        lines.append(f"  [{lo:.1f}, {min(hi, 1.0):.1f})  n={int(mask.sum()):>4}  precision {share}")
    high = p >= 0.8
    share = f"{y[high].mean():.3f}" if high.any() else "-"
    lines.append(f"  >= 0.8: n={int(high.sum())} precision {share}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    rows = labelled_events(args.out, args.gold, load_scorer(args.scorer))
    names = sorted({name for _, f, _ in rows for name in f})
    x = np.array([[f.get(n, 0.0) for n in names] for _, f, _ in rows])
    y = np.array([float(ok) for _, _, ok in rows])
    docs = sorted({d for d, _, _ in rows})
    fold_of = {d: i % FOLDS for i, d in enumerate(docs)}
    folds = np.array([fold_of[d] for d, _, _ in rows])
    held_out = np.zeros(len(rows))
    for k in range(FOLDS):
        w = fit(x[folds != k], y[folds != k], args.l2)
        held_out[folds == k] = 1.0 / (1.0 + np.exp(-x[folds == k] @ w))
    w = fit(x, y, args.l2)
    in_sample = 1.0 / (1.0 + np.exp(-x @ w))
    print(f"{len(rows)} events, {int(y.sum())} right ({y.mean():.3f})")
    print("in sample:", *bands(in_sample, y), sep="\n")
    print(f"{FOLDS}-fold cross-validation by document:", *bands(held_out, y), sep="\n")
    if args.write:
        body = "".join(f"{n}\t{v:.4f}\n" for n, v in zip(names, w, strict=True))
        WEIGHTS.write_text(HEADER + "feature\tweight\n" + body, encoding="utf-8")
        print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
