"""Scores of an output folder against gold files in the development gold's format.

The rules (which forms match, which events pair up) are those of the project's
reference scorer, so that numbers measured here on a researcher's own sample mean
what the project's published numbers mean. See the README, "Measuring on your own gold".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import newsie
from newsie.evaluation.matching import GoldEvent, match_events
from newsie.evaluation.text import Tokens, forms_match, norm_tokens
from newsie.schema import Document, Entity, Event

TEXT_TYPES = ("PERSON", "UNIT", "BRIGADE", "ARMED_GROUP", "ORG", "LOCATION")
FORCE_TYPES = ("UNIT", "BRIGADE", "ARMED_GROUP")
PRF_METRICS = (
    *TEXT_TYPES,
    "FORCES",
    "COUNTRY",
    "PROVINCE",
    "ADMIN1",
    "DATE",
    "BRIGADE_NUMBER",
    "EVENT_TYPE",
    "EVENT",
    "EVENT_ACTOR",
)
ACCURACIES = (
    "EVENT_DATE_ACCURACY",
    "EVENT_DATE_COMPATIBLE",
    "EVENT_KILLED_ACCURACY",
    "EVENT_WOUNDED_ACCURACY",
)


@dataclass
class PRF:
    """Precision counts output items that match gold, recall gold items that are
    found: with relaxed text matching the two numerators can differ."""

    found: int = 0  # output items matching some gold item
    output: int = 0
    recalled: int = 0  # gold items matched by some output item
    gold: int = 0

    def add(self, found: int, output: int, recalled: int, gold: int) -> None:
        self.found += found
        self.output += output
        self.recalled += recalled
        self.gold += gold

    def as_dict(self) -> dict[str, float | int]:
        p = self.found / self.output if self.output else 0.0
        r = self.recalled / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "p": round(p, 4),
            "r": round(r, 4),
            "f1": round(f1, 4),
            "system": self.output,
            "gold": self.gold,
        }


@dataclass
class Accuracy:
    hits: int = 0
    n: int = 0

    def add(self, hit: bool) -> None:
        self.hits += bool(hit)
        self.n += 1

    def as_dict(self) -> dict[str, float | int]:
        return {"acc": round(self.hits / self.n, 4) if self.n else 0.0, "n": self.n}


@dataclass
class Scorer:
    prf: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in PRF_METRICS})
    by_type: dict[str, PRF] = field(default_factory=dict)
    acc: dict[str, Accuracy] = field(default_factory=lambda: {k: Accuracy() for k in ACCURACIES})

    def add_document(self, gold: dict[str, Any], doc: Document | None) -> None:
        self._entities(gold.get("entities") or {}, doc.entities if doc else [])
        self._events(gold.get("events") or [], doc.events if doc else [])

    def _entities(self, gold: dict[str, list[dict[str, Any]]], entities: list[Entity]) -> None:
        output: dict[str, list[Entity]] = {}
        for ent in entities:
            output.setdefault(ent.type, []).append(ent)

        def texts(types: Iterable[str]) -> list[Tokens]:
            return [norm_tokens(e.text) for t in types for e in output.get(t, [])]

        def items(types: Iterable[str]) -> list[list[Tokens]]:
            return [_gold_forms(item) for t in types for item in gold.get(t, [])]

        for kind in TEXT_TYPES:
            _text_prf(items([kind]), texts([kind]), self.prf[kind])
        _text_prf(items(FORCE_TYPES), texts(FORCE_TYPES), self.prf["FORCES"])

        def gold_values(kind: str, key: str) -> set[Any]:
            return {i[key] for i in gold.get(kind, []) if i.get(key) is not None and i[key] != ""}

        def out_values(kind: str, key: str) -> set[Any]:
            vals = (getattr(e, key) for e in output.get(kind, []))
            return {v for v in vals if v is not None and v != ""}

        for kind in ("COUNTRY", "PROVINCE"):
            _set_prf(gold_values(kind, "code"), out_values(kind, "code"), self.prf[kind])
        _set_prf(
            gold_values("PROVINCE", "code") | gold_values("LOCATION", "admin1"),
            out_values("PROVINCE", "code") | out_values("LOCATION", "admin1"),
            self.prf["ADMIN1"],
        )
        _set_prf(gold_values("DATE", "value"), out_values("DATE", "value"), self.prf["DATE"])
        _set_prf(
            gold_values("BRIGADE", "number"),
            out_values("BRIGADE", "number"),
            self.prf["BRIGADE_NUMBER"],
        )

    def _events(self, gold: list[GoldEvent], events: list[Event]) -> None:
        by_type = match_events(gold, events, by_place=False)
        self.prf["EVENT_TYPE"].add(len(by_type), len(events), len(by_type), len(gold))
        pairs = match_events(gold, events, by_place=True)
        self.prf["EVENT"].add(len(pairs), len(events), len(pairs), len(gold))
        for kind in {g.get("type") for g in gold} | {e.type for e in events}:
            g_kind = [g for g in gold if g.get("type") == kind]
            e_kind = [e for e in events if e.type == kind]
            n = len(match_events(g_kind, e_kind, by_place=True))
            self.by_type.setdefault(f"EVENT:{kind}", PRF()).add(n, len(e_kind), n, len(g_kind))
        for g, ev in pairs:
            self._compare(g, ev)

    def _compare(self, gold: GoldEvent, event: Event) -> None:
        """Date, toll and actors of one matched pair; only what the gold states counts."""
        value = event.date.value if event.date else None
        if gold.get("date"):
            self.acc["EVENT_DATE_ACCURACY"].add(value == gold["date"])
            self.acc["EVENT_DATE_COMPATIBLE"].add(_refines(value, gold["date"]))
        for key, metric in (
            ("killed", "EVENT_KILLED_ACCURACY"),
            ("wounded", "EVENT_WOUNDED_ACCURACY"),
        ):
            if gold.get(key) is not None:
                self.acc[metric].add(getattr(event, key) == gold[key])
        g_actors = [t for t in (norm_tokens(_actor_text(a)) for a in gold.get("actors") or []) if t]
        e_actors = list(dict.fromkeys(t for t in (norm_tokens(a.text) for a in event.actors) if t))
        found = sum(any(forms_match(a, b) for b in g_actors) for a in e_actors)
        recalled = sum(any(forms_match(a, b) for a in e_actors) for b in g_actors)
        self.prf["EVENT_ACTOR"].add(found, len(e_actors), recalled, len(g_actors))

    def result(self, n_gold: int, missing: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {k: v.as_dict() for k, v in self.prf.items()}
        out.update({k: v.as_dict() for k, v in self.acc.items()})
        out["by_event_type"] = {k: v.as_dict() for k, v in sorted(self.by_type.items())}
        out["documents"] = {"gold": n_gold, "missing_in_output": len(missing)}
        return out


def _gold_forms(item: dict[str, Any]) -> list[Tokens]:
    texts = item.get("text") or []
    return [norm_tokens(t) for t in ([texts] if isinstance(texts, str) else texts)]


def _actor_text(actor: Any) -> str:
    return (actor.get("text") or "") if isinstance(actor, dict) else str(actor or "")


def _text_prf(gold_items: Sequence[list[Tokens]], output: Iterable[Tokens], acc: PRF) -> None:
    """Each distinct output form against the gold things (each with its forms)."""
    distinct = {t for t in output if t}
    found = sum(any(forms_match(s, g) for item in gold_items for g in item) for s in distinct)
    recalled = sum(any(forms_match(s, g) for s in distinct for g in item) for item in gold_items)
    acc.add(found, len(distinct), recalled, len(gold_items))


def _set_prf(gold: set[Any], output: set[Any], acc: PRF) -> None:
    both = len(gold & output)
    acc.add(both, len(output), both, len(gold))


def _refines(value: str | None, gold: str) -> bool:
    """The output's date is the gold date or a more precise date inside it."""
    return bool(value) and (value == gold or str(value).startswith(gold + "-"))


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """The gold files (`*.json`) of a folder, by file name; a broken file names itself."""
    files = sorted(Path(gold_dir).glob("*.json"))
    gold = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: not a readable gold file ({exc})") from exc
        if not isinstance(data, dict) or not data.get("id"):
            raise ValueError(f"{path}: a gold file is a JSON object with an 'id'")
        gold.append(data)
    return gold


def evaluate(gold_dir: str | Path, out_dir: str | Path) -> dict[str, Any]:
    """Metrics of OUT_DIR against every gold file in GOLD_DIR (documents without a
    gold file are not scored; a gold document missing from the output scores as
    empty). `documents.missing` lists the missing ids."""
    gold = load_gold(Path(gold_dir))
    docs = {d.doc_id: d for d in newsie.read_output(out_dir)}
    scorer = Scorer()
    missing = []
    for g in gold:
        doc = docs.get(g["id"])
        if doc is None:
            missing.append(g["id"])
        scorer.add_document(g, doc)
    result = scorer.result(len(gold), missing)
    result["documents"]["missing"] = missing
    return result
