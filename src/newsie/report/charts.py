"""Events over time as an SVG stacked bar chart, drawn here (no chart library, no
script): one bar per week, or per month when the dates span more than two years,
so that a long archive still gives readable bars."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter

WIDTH, HEIGHT = 1000, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 40
MAX_WEEKS = 104
TAIL = 0.1  # share of the earliest dates that may be cut off as outliers

# 17 event types: distinct hues, violent events in warm colours.
PALETTE = {
    "ARMED_CLASH": "#d62728",
    "ATTACK": "#ff7f0e",
    "EXPLOSION": "#8c564b",
    "AIRSTRIKE": "#e377c2",
    "SHELLING": "#bcbd22",
    "MILITARY_OPERATION": "#9467bd",
    "TERRITORY_CHANGE": "#7f7f7f",
    "ARREST": "#1f77b4",
    "ABDUCTION": "#a55194",
    "KILLING": "#843c39",
    "DEPLOYMENT": "#17becf",
    "MEETING": "#2ca02c",
    "AGREEMENT": "#98df8a",
    "TRAINING": "#aec7e8",
    "APPOINTMENT": "#c5b0d5",
    "PROTEST": "#ffbb78",
    "SEIZURE": "#393b79",
}


def colour(event_type: str) -> str:
    return PALETTE.get(event_type, "#555555")


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def time_chart(dated: list[tuple[dt.date, str]], undated: int) -> tuple[str, str]:
    """(heading, SVG) for events with a day-precise date; `undated` counts the others
    (a month, a year or no date), which are said to be left out."""
    if not dated:
        return "Events over time", '<p class="empty">No event has a day-precise date.</p>'
    days = sorted(d for d, _ in dated)
    first, last = days[0], days[-1]
    # Articles recall old events (a 1967 war, a 2003 invasion): when a few such dates
    # would stretch the axis over years of empty bars, they are cut off and counted.
    early = days[int(TAIL * len(days))]
    cut = 0
    if (last - first).days > MAX_WEEKS * 7 and (last - early) < (last - first) / 2:
        cut = sum(1 for d in days if d < early)
        dated = [(d, k) for d, k in dated if d >= early]
        first = early
    weekly = (last - first).days <= MAX_WEEKS * 7
    bucket = _week if weekly else _month
    step = (lambda d: d + dt.timedelta(days=7)) if weekly else _next_month
    bins: list[dt.date] = []
    cur = bucket(first)
    while cur <= last:
        bins.append(cur)
        cur = step(cur)
    counts: dict[dt.date, Counter[str]] = {b: Counter() for b in bins}
    for day, kind in dated:
        counts[bucket(day)][kind] += 1
    top = max(sum(c.values()) for c in counts.values())
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(bins)
    bar = max(slot * 0.8, 1.0)
    types = [t for t in PALETTE if any(c[t] for c in counts.values())]
    types += sorted({k for c in counts.values() for k in c} - set(types))
    parts = []
    for i, b in enumerate(bins):
        y = float(TOP + plot_h)
        for kind in types:
            n = counts[b][kind]
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            label = f"{b.isoformat()} {kind}: {n}"
            parts.append(
                f'<rect x="{LEFT + i * slot + (slot - bar) / 2:.1f}" y="{y:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}" fill="{colour(kind)}">'
                f"<title>{html.escape(label)}</title></rect>"
            )
    axis = [
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#444"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{top}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>',
    ]
    every = max(1, len(bins) // 8)
    for i in range(0, len(bins), every):
        x = LEFT + i * slot + slot / 2
        axis.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
            f"{bins[i].isoformat() if weekly else bins[i].strftime('%Y-%m')}</text>"
        )
    unit = "week (Monday)" if weekly else "month (the dates span more than two years)"
    heading = f"Events per {unit}, by type"
    note = (
        f" {undated} event(s) with only a month, a year or no date are not shown."
        if undated
        else ""
    )
    if cut:
        note += f" {cut} event(s) dated before {first.isoformat()} are not shown."
    svg = (
        f'<svg id="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="{html.escape(heading)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="11" font-family="sans-serif">{"".join(axis)}{"".join(parts)}</svg>'
    )
    return heading, svg + (f'<p class="note">{html.escape(note.strip())}</p>' if note else "")


def legend(types: list[str]) -> str:
    """Colour keys of the event types present (HTML, used by the chart and the map)."""
    items = "".join(
        f'<span class="key"><i style="background:{colour(t)}"></i>{html.escape(t)}</span>'
        for t in types
    )
    return f'<div class="legend">{items}</div>'
