"""How a Document looks to a person: notebook HTML, displaCy's dict, a short summary.

A researcher's first look at a result is in Jupyter; pydantic's repr of a whole
article on one line shows nothing. The HTML keeps the article right-to-left, marks
each entity with its type's colour (hover: code, date value, province, canonical id)
and lists the events under it with their trigger marked in their sentence. Every text
is escaped: articles are scraped from the web and may contain markup. Styles are
inline, since notebook viewers (GitHub, nbviewer) drop <style> elements.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from typing import Any

from newsie.schema import ENTITY_TYPES, Document, Entity, Event

# Light backgrounds that stay readable under black Arabic text, one per entity type.
TYPE_COLOURS: dict[str, str] = {
    "PERSON": "#ffd6a5",
    "UNIT": "#caffbf",
    "BRIGADE": "#9bf6c4",
    "ARMED_GROUP": "#ffadad",
    "ORG": "#bdb2ff",
    "COUNTRY": "#a0c4ff",
    "PROVINCE": "#9bd7f6",
    "LOCATION": "#c9e8ff",
    "DATE": "#fdffb6",
}
TRIGGER_COLOUR = "#ffc2e2"
# What spaCy's displacy.render(..., manual=True, options=DISPLACY_OPTIONS) needs for our colours.
DISPLACY_OPTIONS: dict[str, Any] = {"ents": list(ENTITY_TYPES), "colors": dict(TYPE_COLOURS)}

_BOX = "font-family:'Noto Naskh Arabic','Amiri','Segoe UI',Tahoma,sans-serif;line-height:2;"
_MARK = "padding:0 .2em;border-radius:.3em;"
_LABEL = "font-size:.6em;font-weight:bold;margin-inline-start:.3em;font-family:sans-serif;"
_MUTED = "color:#666;font-size:.85em;font-family:sans-serif;"
_MAX_EVENTS_SUMMARY = 12


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# --- HTML -----------------------------------------------------------------------------


def render(docs: Document | Iterable[Document]) -> str:
    """HTML of one document or several (what a notebook shows for a Document)."""
    if isinstance(docs, Document):
        return document_html(docs)
    return "\n<hr>\n".join(document_html(doc) for doc in docs)


def document_html(doc: Document) -> str:
    head = [f"<b>{esc(doc.doc_id)}</b>"]
    if doc.published:
        head.append(f"published {esc(doc.published.isoformat())}")
    if doc.country or doc.admin1:
        head.append(esc(" / ".join(x for x in (doc.country, doc.admin1) if x)))
    for key in ("outlet", "category"):
        if doc.meta.get(key):
            head.append(f'<bdi dir="auto">{esc(doc.meta[key])}</bdi>')
    if doc.url:
        head.append(f'<a href="{esc(doc.url)}">{esc(doc.url)}</a>')
    parts = [
        f'<div class="newsie-doc" style="{_BOX}">',
        f'<div style="{_MUTED}" dir="ltr">{" · ".join(head)}</div>',
    ]
    if doc.title:
        parts.append(f'<h3 dir="rtl" lang="ar" style="margin:.3em 0">{esc(doc.title)}</h3>')
    parts.append(
        f'<div class="newsie-text" dir="rtl" lang="ar" style="text-align:right">'
        f"{marked_text(doc.text, doc.entities)}</div>"
    )
    if doc.events:
        parts.append(f'<div style="{_MUTED}" dir="ltr">{len(doc.events)} event(s)</div>')
        parts.append('<ol class="newsie-events" dir="ltr">')
        parts.extend(event_html(doc, ev) for ev in doc.events)
        parts.append("</ol>")
    parts.append("</div>")
    return "\n".join(parts)


def marked_text(text: str, entities: Iterable[Entity]) -> str:
    """`text` escaped, each entity in a <mark>; nested entities nest, and an entity
    crossing another's edge (no resolved output has one) is left unmarked."""
    ordered = sorted(entities, key=lambda e: (e.start, -e.end))
    return _marked(text, 0, len(text), ordered)


def _marked(text: str, start: int, end: int, entities: list[Entity]) -> str:
    out: list[str] = []
    pos = start
    i = 0
    while i < len(entities):
        ent = entities[i]
        inner = []
        j = i + 1
        while j < len(entities) and entities[j].start < ent.end:
            if entities[j].end <= ent.end:
                inner.append(entities[j])
            j += 1
        if ent.start >= pos and ent.end <= end:
            out.append(_plain(text[pos : ent.start]))
            body = _marked(text, ent.start, ent.end, inner)
            out.append(_entity_mark(ent, body))
            pos = ent.end
        i = j
    out.append(_plain(text[pos:end]))
    return "".join(out)


def _plain(text: str) -> str:
    return esc(text).replace("\n", "<br>\n")


def _entity_mark(ent: Entity, body: str) -> str:
    colour = TYPE_COLOURS.get(ent.type, "#e0e0e0")
    return (
        f'<mark class="newsie-ent" data-type="{ent.type}" title="{esc(entity_title(ent))}" '
        f'style="background:{colour};{_MARK}">{body}'
        f'<span style="{_LABEL}">{ent.type}</span></mark>'
    )


def entity_title(ent: Entity) -> str:
    """The hover text of an entity: its type and the fields that say what it is."""
    fields: list[str] = [ent.type]
    names = ("code", "value", "value_end", "precision", "admin1", "country", "number")
    for name in (*names, "echelon", "title", "canonical", "canonical_name", "label"):
        value = getattr(ent, name)
        if value is not None:
            fields.append(f"{name}: {value}")
    if ent.lat is not None and ent.lon is not None:
        fields.append(f"lat/lon: {ent.lat:.4f}, {ent.lon:.4f}")
    return "\n".join(fields)


def event_html(doc: Document, ev: Event) -> str:
    sentence = doc.text[ev.sentence.start : ev.sentence.end]
    t0 = ev.trigger.start - ev.sentence.start
    t1 = ev.trigger.end - ev.sentence.start
    if 0 <= t0 <= t1 <= len(sentence):
        evidence = (
            _plain(sentence[:t0])
            + f'<mark class="newsie-trigger" style="background:{TRIGGER_COLOUR};{_MARK}">'
            + _plain(sentence[t0:t1])
            + "</mark>"
            + _plain(sentence[t1:])
        )
    else:  # a hand-built event whose trigger lies outside its sentence
        evidence = _plain(sentence)
    rows = "".join(
        f'<tr><th style="text-align:left;padding-right:1em">{esc(k)}</th><td>{v}</td></tr>'
        for k, v in event_fields(ev)
    )
    return (
        f'<li class="newsie-event"><b>{esc(ev.type)}</b>'
        f'<div dir="rtl" lang="ar" style="text-align:right">{evidence}</div>'
        f'<table style="{_MUTED}">{rows}</table></li>'
    )


def _bdi(text: object) -> str:
    """Arabic inside an English line, isolated so that the line keeps its order."""
    return f"<bdi>{esc(text)}</bdi>"


def event_fields(ev: Event) -> list[tuple[str, str]]:
    """The fields of an event worth reading, as (name, escaped HTML) pairs."""
    fields: list[tuple[str, str]] = []
    if ev.acled_event_type:
        acled = ev.acled_event_type + (
            f" / {ev.acled_sub_event_type}" if ev.acled_sub_event_type else ""
        )
        fields.append(("ACLED", esc(acled)))
    if ev.plover_type:
        fields.append(("PLOVER", esc(ev.plover_type)))
    if ev.date and ev.date.value:
        how = ", ".join(esc(x) for x in (ev.date.precision, ev.date.source) if x)
        if ev.date.text:
            how += f", {_bdi(ev.date.text)}"
        fields.append(("date", f"{esc(ev.date.value)} ({how}); time_precision {ev.time_precision}"))
    if ev.locations:
        places = "; ".join(
            _bdi(loc.text)
            + (f" ({esc(loc.admin1 or loc.country)})" if loc.admin1 or loc.country else "")
            for loc in ev.locations[:3]
        )
        fields.append(("where", f"{places}; geo_precision {ev.geo_precision}"))
    for role in ("actor1", "actor2", "other"):
        names = [
            _bdi(a.text) + (f" [{esc(a.canonical)}]" if a.canonical else "")
            for a in ev.actors
            if a.role == role
        ]
        if names:
            fields.append((role, "; ".join(names)))
    toll = [
        f"{k} {v}" for k, v in (("killed", ev.killed), ("wounded", ev.wounded)) if v is not None
    ]
    fields.append(("toll", esc(", ".join([*toll, f"fatalities {ev.fatalities}"]))))
    fields.append(("confidence", f"{ev.confidence:.2f}"))
    return fields


def _location(loc: Any) -> str:
    where = ", ".join(x for x in (loc.admin1 or loc.country,) if x)
    return f"{loc.text} ({where})" if where else str(loc.text)


# --- displaCy and text ------------------------------------------------------------------


def to_displacy(doc: Document) -> dict[str, Any]:
    """spaCy displaCy's "manual" input: `displacy.render(to_displacy(doc), style="ent",
    manual=True, options=DISPLACY_OPTIONS)`; no spaCy needed to build it. displaCy's
    entity view draws flat spans, so an entity inside another (the province in a unit's
    name) is left to the outer one."""
    ents: list[Entity] = []
    for ent in sorted(doc.entities, key=lambda e: (e.start, -e.end)):
        if not ents or ent.start >= ents[-1].end:
            ents.append(ent)
    return {
        "text": doc.text,
        "ents": [{"start": e.start, "end": e.end, "label": e.type} for e in ents],
        "title": doc.title or doc.doc_id,
    }


def summary(doc: Document) -> str:
    """A few lines for print(doc): id, date, place, counts, one line per event."""
    head = f"Document {doc.doc_id}"
    if doc.published:
        head += f" · published {doc.published.isoformat()}"
    if doc.country or doc.admin1:
        head += " · " + " / ".join(x for x in (doc.country, doc.admin1) if x)
    lines = [head]
    if doc.title:
        lines.append(f"  title: {doc.title}")
    counts = Counter(e.type for e in doc.entities)
    by_type = ", ".join(f"{t} {counts[t]}" for t in sorted(counts))
    lines.append(f"  {len(doc.entities)} entities" + (f": {by_type}" if by_type else ""))
    lines.append(f"  {len(doc.events)} events" + (":" if doc.events else ""))
    lines.extend("    " + event_line(ev) for ev in doc.events[:_MAX_EVENTS_SUMMARY])
    if len(doc.events) > _MAX_EVENTS_SUMMARY:
        lines.append(f"    ... and {len(doc.events) - _MAX_EVENTS_SUMMARY} more")
    if doc.warnings:
        lines.append(f"  warnings: {'; '.join(doc.warnings)}")
    return "\n".join(lines)


def event_line(ev: Event) -> str:
    parts = [ev.type, ev.date.value if ev.date and ev.date.value else "no date"]
    if ev.locations:
        parts.append(_location(ev.locations[0]))
    one = "; ".join(a.text for a in ev.actors if a.role == "actor1")
    two = "; ".join(a.text for a in ev.actors if a.role == "actor2")
    if one or two:
        parts.append(f"{one or '?'} -> {two or '?'}")
    if ev.killed is not None:
        parts.append(f"killed {ev.killed}")
    return " | ".join(parts)


def short_repr(doc: Document) -> str:
    return (
        f"Document(doc_id={doc.doc_id!r}, published={doc.published!r}, "
        f"entities={len(doc.entities)}, events={len(doc.events)})"
    )
