"""How likely an event record is right: a small logistic model over its evidence.

`confidence` must mean something a researcher can filter on: among events with
confidence >= 0.8, at least 85% should match a real event of that type and place
(benchmarks/bench_events.py measures it on the development set). The features are
read from the finished record, so the weights can be refitted from any output
folder and gold set (scripts/fit_confidence.py) and stored as data
(resources/events/confidence.tsv), not tuned by hand.
"""

from __future__ import annotations

import math
from functools import lru_cache

from newsie.resources import read_tsv
from newsie.schema import Event

# Clamp the output: no rule-based record is certain, and none is worthless.
_FLOOR, _CEILING = 0.05, 0.97


def confidence_features(event: Event, text_length: int) -> dict[str, float]:
    """The evidence of a record, as named features (binary, or a share in [0, 1])."""
    places = [loc.source for loc in event.locations]
    roles = {a.role for a in event.actors}
    date_source = event.date.source if event.date is not None else None
    features = {
        "bias": 1.0,
        f"type:{event.type}": 1.0,
        "place:sentence": float("sentence" in places),
        "place:paragraph": float("paragraph" in places and "sentence" not in places),
        "place:none": float(not places or set(places) == {"article"}),
        "geo:town": float(event.geo_precision == 1),
        "actors:any": float(bool(event.actors)),
        "actors:initiator_and_target": float({"actor1", "actor2"} <= roles),
        "date:text": float(date_source in ("sentence", "paragraph")),
        "mentions:several": float(len(event.mentions) >= 2),
        "casualties": float(event.killed is not None or event.wounded is not None),
        # Articles lead with their news; the later a first mention, the likelier background.
        "position": event.sentence.start / text_length if text_length else 0.0,
    }
    return features


@lru_cache(maxsize=1)
def confidence_weights() -> dict[str, float]:
    return {row["feature"]: float(row["weight"]) for row in read_tsv("events/confidence.tsv")}


def event_confidence(event: Event, text_length: int) -> float:
    """The model's probability that the record is right, rounded to two decimals."""
    weights = confidence_weights()
    z = sum(
        weights.get(name, 0.0) * value
        for name, value in confidence_features(event, text_length).items()
    )
    p = 1.0 / (1.0 + math.exp(-z))
    return round(min(_CEILING, max(_FLOOR, p)), 2)
