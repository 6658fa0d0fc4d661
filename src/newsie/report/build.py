"""Gather an output folder's documents and events into the report's sections."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import newsie
from newsie.report.charts import colour, legend, time_chart
from newsie.report.mapping import MapPoint, event_position, in_region, map_svg
from newsie.report.template import page
from newsie.resources import read_tsv
from newsie.runner.output import iter_output_rows
from newsie.schema import Document, Event

TOP_N = 12
_ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass
class Row:
    doc: Document
    event: Event


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def text_cell(text: str | None, extra: str = "") -> str:
    """A table cell, right-to-left when the text is Arabic."""
    rtl = ' dir="rtl" lang="ar"' if text and _ARABIC.search(text) else ""
    return f"<td{rtl}{extra}>{esc(text)}</td>"


def evidence(doc: Document, event: Event) -> str:
    """The event's sentence with its trigger in <mark>, escaped piece by piece."""
    sent, trig = event.sentence, event.trigger
    text = doc.text
    if 0 <= sent.start <= trig.start <= trig.end <= sent.end <= len(text):
        before, word, after = (
            text[sent.start : trig.start],
            text[trig.start : trig.end],
            text[trig.end : sent.end],
        )
        return f"{esc(before)}<mark>{esc(word)}</mark>{esc(after)}"
    sentence = sent.text or text[sent.start : sent.end]
    word = trig.text or ""
    at = sentence.find(word) if word else -1
    if at < 0:
        return esc(sentence)
    return f"{esc(sentence[:at])}<mark>{esc(word)}</mark>{esc(sentence[at + len(word) :])}"


def province_names() -> dict[str, str]:
    """ISO 3166-2 code -> the division's usual Arabic name."""
    names = {}
    for row in read_tsv("places/provinces.tsv"):
        first = row["names"].split("|")[0].lstrip("*")
        names[row["code"]] = first
    return names


def _place(event: Event) -> str:
    loc = event.locations[0] if event.locations else None
    if loc is None:
        return ""
    return " · ".join(x for x in (loc.text, loc.admin1 or loc.country) if x)


def place_cell(event: Event) -> str:
    """The event's first place (Arabic, right-to-left) over its division's code."""
    loc = event.locations[0] if event.locations else None
    if loc is None:
        return "<td></td>"
    code = loc.admin1 or loc.country or ""
    return f'<td><bdi dir="rtl" lang="ar">{esc(loc.text)}</bdi><br><small>{esc(code)}</small></td>'


def _actors(event: Event) -> str:
    marks = {"actor1": "▶ ", "actor2": "◀ ", "other": ""}
    return "، ".join(marks[a.role] + a.text for a in event.actors)


def _table(rows: list[Row], first: int = 0) -> str:
    """The events table; row ids count from `first` (the map links to them)."""
    types = sorted({r.event.type for r in rows})
    options = "".join(f'<option value="{esc(t)}">{esc(t)}</option>' for t in types)
    body = []
    for i, r in enumerate(rows, start=first):
        ev, doc = r.event, r.doc
        date = ev.date.value if ev.date and ev.date.value else ""
        toll = " / ".join("" if v is None else str(v) for v in (ev.killed, ev.wounded))
        source = doc.title or doc.doc_id
        body.append(
            f'<tr id="row-{i}" data-type="{esc(ev.type)}">'
            f'<td class="date">{esc(date)}</td>'
            f'<td class="type"><span class="key"><i style="background:{colour(ev.type)}">'
            f"</i></span>{esc(ev.type)}</td>"
            f"{place_cell(ev)}{text_cell(_actors(ev))}"
            f"<td>{esc(toll.strip(' /'))}</td><td>{ev.confidence:.2f}</td>"
            f'<td dir="rtl" lang="ar">{evidence(doc, ev)}</td>{text_cell(source)}</tr>'
        )
    return (
        '<div class="filters"><label>Type <select id="type"><option value="">all types</option>'
        f'{options}</select></label><input id="q" type="search" '
        'placeholder="Search the table (Arabic or Latin text)…" aria-label="Search">'
        '<span id="shown"></span></div>'
        '<table class="events"><thead><tr><th>date</th><th>type</th><th>place</th>'
        "<th>actors (▶ initiator, ◀ target)</th><th>killed / wounded</th><th>confidence</th>"
        "<th>evidence (trigger marked)</th><th>article</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _bars(counts: list[tuple[str, str, int]]) -> str:
    """Rows of (Arabic label, Latin gloss, count) with a bar each."""
    if not counts:
        return '<p class="empty">None.</p>'
    top = counts[0][2]
    cells = []
    for label, gloss, n in counts:
        width = max(2, round(160 * n / top))
        cells.append(
            f'<tr>{text_cell(label)}<td class="gloss">{esc(gloss)}</td><td>{n}</td>'
            f'<td><div class="bar" style="width:{width}px"></div></td></tr>'
        )
    return f'<table class="bars">{"".join(cells)}</table>'


def top_actors(rows: list[Row]) -> list[tuple[str, str, int]]:
    """Events per party, spellings of one force counted together by canonical id."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    english: dict[str, str] = {}
    for r in rows:
        seen = set()
        for a in r.event.actors:
            key = a.canonical or a.text
            if key in seen:
                continue
            seen.add(key)
            counts[key] += 1
            spellings.setdefault(key, Counter())[a.text] += 1
            if a.canonical_name:
                english[key] = a.canonical_name
    out = []
    for key, n in counts.most_common(TOP_N):
        out.append((spellings[key].most_common(1)[0][0], english.get(key, ""), n))
    return out


def top_provinces(rows: list[Row]) -> list[tuple[str, str, int]]:
    names = province_names()
    counts: Counter[str] = Counter()
    for r in rows:
        codes = {loc.admin1 for loc in r.event.locations if loc.admin1}
        counts.update(codes)
    return [(names.get(code, code), code, n) for code, n in counts.most_common(TOP_N)]


def _totals(docs: list[Document], rows: list[Row], errors: int) -> str:
    days = sorted(r.event.date.value for r in rows if r.event.date and r.event.date.value)
    countries = {loc.country for r in rows for loc in r.event.locations if loc.country}
    items = [
        ("articles", len(docs)),
        ("events", len(rows)),
        ("fatalities (ACLED count)", sum(r.event.fatalities for r in rows)),
        ("events with deaths", sum(1 for r in rows if r.event.fatalities)),
        ("countries", len(countries)),
        ("first event", days[0] if days else "—"),
        ("last event", days[-1] if days else "—"),
        ("inputs that failed", errors),
    ]
    cells = "".join(
        f'<div class="total"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for k, v in items
    )
    return f'<div class="totals">{cells}</div>'


def _map_section(rows: list[Row]) -> str:
    """The map and its note. Events of one type at one place share a circle, so that
    a long archive gives a readable map (and a page of reasonable size)."""
    groups: dict[tuple[float, float, str], list[int]] = {}
    exact: dict[tuple[float, float, str], bool] = {}
    outside = unplaced = 0
    for i, r in enumerate(rows):
        pos = event_position(r.event.locations)
        if pos is None:
            unplaced += 1
        elif not in_region(pos[0], pos[1]):
            outside += 1
        else:
            key = (round(pos[0], 3), round(pos[1], 3), r.event.type)
            groups.setdefault(key, []).append(i)
            exact[key] = pos[2]
    points = []
    for (lon, lat, kind), members in groups.items():
        last = rows[members[-1]].event
        count = f" ×{len(members)}" if len(members) > 1 else ""
        date = last.date.value if last.date and last.date.value else ""
        label = f"{kind}{count} · {_place(last)} · {date}"
        dead = sum(rows[i].event.fatalities for i in members)
        points.append(
            MapPoint(lon, lat, colour(kind), label, str(members[-1]), dead, exact[(lon, lat, kind)])
        )
    note = (
        "Circles: the events of one type at one place (dashed: at the centre of their "
        "province), area by fatalities; hover for the events, click to find the latest "
        "in the table."
        + (f" {unplaced} event(s) without a known place are not drawn." if unplaced else "")
        + (
            f" {outside} event(s) placed outside the Middle East and North Africa are not drawn."
            if outside
            else ""
        )
        + " Boundaries: Natural Earth (public domain), simplified."
    )
    return f'{map_svg(points)}<p class="note">{esc(note)}</p>'


def build_report(out_dir: str | Path, title: str | None = None, max_rows: int = 5000) -> str:
    """The report of an output folder as one self-contained HTML string; the events
    table lists the `max_rows` latest events (0: all), everything else counts all."""
    out = Path(out_dir)
    docs = newsie.read_output(out)
    errors = sum(1 for _ in iter_output_rows(out, "errors.jsonl"))
    rows = [Row(doc, ev) for doc in docs for ev in doc.events]
    rows.sort(key=lambda r: r.event.date.value if r.event.date and r.event.date.value else "")
    dated: list[tuple[dt.date, str]] = []
    for r in rows:
        d = r.event.date
        if d and d.value and len(d.value) == 10:
            dated.append((dt.date.fromisoformat(d.value), r.event.type))
    heading, chart = time_chart(dated, len(rows) - len(dated))
    types = list(dict.fromkeys(r.event.type for r in rows))
    shown = rows[-max_rows:] if max_rows and len(rows) > max_rows else rows
    first_row = len(rows) - len(shown)
    table_note = (
        f'<p class="note">The {len(shown)} latest of {len(rows)} events '
        "(<code>--max-rows</code>).</p>"
        if first_row
        else ""
    )
    body = (
        f"<section><h2>Totals</h2>{_totals(docs, rows, errors)}</section>"
        f"<section><h2>{esc(heading)}</h2>{chart}{legend(sorted(types))}</section>"
        f"<section><h2>Map of the events</h2>{_map_section(rows)}</section>"
        '<div class="cols">'
        f"<section><h2>Top actors (events)</h2>{_bars(top_actors(rows))}</section>"
        f"<section><h2>Top provinces (events)</h2>{_bars(top_provinces(rows))}</section>"
        "</div>"
        f"<section><h2>Events</h2>{table_note}{_table(shown, first_row)}</section>"
    )
    subtitle = (
        f"{len(rows)} events from {len(docs)} articles in {out.resolve().name}/ "
        f"· newsie {newsie.__version__}"
    )
    return page(title or "newsie report", subtitle, body)
