"""`newsie eval`: measure newsie on an annotated sample (the development gold's format)."""

from __future__ import annotations

from typing import Any

from newsie.evaluation.scorer import ACCURACIES, PRF_METRICS, evaluate, load_gold

__all__ = ["evaluate", "format_table", "load_gold"]

_LABELS = {
    "FORCES": "FORCES (unit+brigade+group)",
    "ADMIN1": "ADMIN1 (provinces+places)",
    "EVENT_TYPE": "EVENT (type)",
    "EVENT": "EVENT (type+place)",
    "EVENT_ACTOR": "EVENT actors",
    "EVENT_DATE_ACCURACY": "date exact",
    "EVENT_DATE_COMPATIBLE": "date compatible",
    "EVENT_KILLED_ACCURACY": "killed",
    "EVENT_WOUNDED_ACCURACY": "wounded",
}


def format_table(result: dict[str, Any]) -> str:
    """The metrics as a plain-text table (terminals, logs, e-mails)."""
    head = f"{'metric':<30}{'P':>7}{'R':>7}{'F1':>7}{'output':>8}{'gold':>7}"
    lines = [head, "-" * len(head)]

    def row(name: str, v: dict[str, Any]) -> str:
        return (
            f"{_LABELS.get(name, name):<30}{v['p']:>7.3f}{v['r']:>7.3f}{v['f1']:>7.3f}"
            f"{v['system']:>8}{v['gold']:>7}"
        )

    lines += [row(k, result[k]) for k in PRF_METRICS]
    if result["by_event_type"]:
        lines += ["", "events of each type (type+place)"]
        lines += [row(k.split(":", 1)[1], v) for k, v in result["by_event_type"].items()]
    lines += ["", f"{'matched events (type+place)':<30}{'accuracy':>10}{'n':>7}"]
    for k in ACCURACIES:
        lines.append(f"{_LABELS[k]:<30}{result[k]['acc']:>10.3f}{result[k]['n']:>7}")
    docs = result["documents"]
    lines.append("")
    lines.append(
        f"gold documents: {docs['gold']}; missing from the output: {docs['missing_in_output']}"
    )
    if docs.get("missing"):
        shown = ", ".join(docs["missing"][:10])
        more = f" and {len(docs['missing']) - 10} more" if len(docs["missing"]) > 10 else ""
        lines.append(f"  (scored as empty: {shown}{more})")
    return "\n".join(lines)
