"""Event records on the development set: scores per event type and how well
`confidence` is calibrated.

    .venv/bin/python benchmarks/bench_events.py [--out DIR]

Runs `newsie run` on the dev articles (or reads an existing output folder with
--out), scores it with the shared scorer (--by-type), then reports, per confidence
band, how many events fall in it and what share of them match a gold event of the
same type and place (the scorer's strict matching): a researcher who keeps events
with confidence >= 0.8 should get precision >= 0.85. Skips cleanly without ../shared.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from shared_data import DEV_GOLD, DEV_NEWS, SCORER, load_scorer

BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
# The calibration promise: events at or above this confidence ...
HIGH_CONFIDENCE = 0.8
# ... have at least this precision on the development set.
HIGH_PRECISION = 0.85


def run_dev(out: Path) -> None:
    newsie = Path(sys.executable).with_name("newsie")
    # Exit 1 is expected: the dev folder's PROVENANCE.txt is not Arabic.
    subprocess.run([str(newsie), "run", str(DEV_NEWS), "-o", str(out)], capture_output=True)


def matched_events(scorer: ModuleType, out: Path) -> list[tuple[dict[str, Any], bool]]:
    """Every system event with whether the strict matching pairs it with a gold event."""
    events: dict[str, list[dict[str, Any]]] = {}
    for ev in scorer.load_jsonl(out / "events.jsonl"):
        events.setdefault(ev["doc_id"], []).append(ev)
    rows: list[tuple[dict[str, Any], bool]] = []
    for gold_file in sorted(DEV_GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        system = events.get(gold["id"], [])
        paired = {id(s) for _, s in scorer.match_events(gold.get("events", []), system, True)}
        rows.extend((s, id(s) in paired) for s in system)
    return rows


def calibration(rows: list[tuple[dict[str, Any], bool]]) -> list[tuple[str, int, float]]:
    table = []
    for lo, hi in itertools.pairwise(BANDS):
        band = [ok for ev, ok in rows if lo <= ev["confidence"] < hi]
        label = f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}"
        table.append((label, len(band), sum(band) / len(band) if band else float("nan")))
    return table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, help="score this output folder instead of running")
    args = ap.parse_args()
    if not (DEV_NEWS.exists() and DEV_GOLD.exists() and SCORER.exists()):
        print("skipped: ../shared (dev articles, gold, scorer) not found")
        return 0
    out = args.out
    if out is None:
        out = Path(tempfile.mkdtemp(prefix="newsie-bench-events-"))
        run_dev(out)
    subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(DEV_GOLD), "--out", str(out), "--by-type"],
        check=True,
    )
    rows = matched_events(load_scorer(), out)
    print("\nconfidence band      events  precision (strict match)")
    for label, n, precision in calibration(rows):
        print(f"{label:<20}{n:>7}  {precision:>8.3f}")
    high = [ok for ev, ok in rows if ev["confidence"] >= HIGH_CONFIDENCE]
    share = sum(high) / len(high) if high else float("nan")
    verdict = "met" if high and share >= HIGH_PRECISION else "NOT met"
    print(
        f"confidence >= {HIGH_CONFIDENCE}: {len(high)} of {len(rows)} events, "
        f"precision {share:.3f} (target >= {HIGH_PRECISION}: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
