"""How a Document shows itself: notebook HTML (right-to-left, one mark per entity,
escaped text, events with their trigger), displaCy's manual dict, print(doc)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import newsie
from newsie.display import TYPE_COLOURS, document_html
from newsie.schema import Document, Entity
from view_helpers import TEXT, raw_output, sample_doc

ENT_MARK = '<mark class="newsie-ent"'


class _Tags(HTMLParser):
    """Collects start tags and checks that every opened element is closed."""

    def __init__(self) -> None:
        super().__init__()
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in ("br", "hr"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open[-3:])
        self.open.pop()


def parse(html: str) -> _Tags:
    tags = _Tags()
    tags.feed(html)
    tags.close()
    assert tags.open == []
    return tags


def test_html_is_right_to_left_with_one_mark_per_entity() -> None:
    doc = sample_doc()
    html = doc._repr_html_()
    assert html == newsie.render(doc)
    tags = parse(html)
    marks = [a for t, a in tags.starts if t == "mark" and a.get("class") == "newsie-ent"]
    assert len(marks) == len(doc.entities) == 8
    assert sorted(a["data-type"] or "" for a in marks) == sorted(e.type for e in doc.entities)
    text_div = next(a for t, a in tags.starts if a.get("class") == "newsie-text")
    assert text_div["dir"] == "rtl" and text_div["lang"] == "ar"
    for ent in doc.entities:  # the colour of its type
        assert TYPE_COLOURS[ent.type] in html


def test_html_escapes_the_article_and_its_fields() -> None:
    html = newsie.render(sample_doc())
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; فر المهاجمون" in html
    assert 'href="https://example.org/a?x=1&amp;y=&lt;2&gt;"' in html
    parse(html)


def test_hover_title_carries_code_value_admin1_and_canonical() -> None:
    tags = parse(newsie.render(sample_doc()))
    titles = {
        a["data-type"]: a["title"] or "" for t, a in tags.starts if t == "mark" and "title" in a
    }
    assert "code: IQ-KI" in titles["PROVINCE"]
    assert "admin1: IQ-KI" in titles["LOCATION"]
    assert "canonical: isis" in titles["ARMED_GROUP"]
    assert "number: 20" in titles["BRIGADE"]
    assert "value: 2023-07" in titles["DATE"] or "value: 2023-07-23" in titles["DATE"]


def test_nested_entity_nests_and_crossing_one_is_left_unmarked() -> None:
    doc = sample_doc()
    html = document_html(doc)
    # The province inside the unit's name is a mark inside the unit's mark.
    unit = html.index('data-type="UNIT"')
    inner = html.index('data-type="PROVINCE"', unit)
    assert html.index("</mark>", unit) > inner
    start = TEXT.index("نقطة تفتيش")
    checkpoint = Entity(
        type="LOCATION", text="نقطة تفتيش", start=start, end=start + 10, stage="test"
    )
    doc.entities.append(checkpoint)
    assert document_html(doc).count(ENT_MARK) == 9
    # "على نقطة" starts before the checkpoint and ends inside it: not marked.
    crossing = Entity(type="ORG", text="على نقطة", start=start - 4, end=start + 4, stage="test")
    assert TEXT[crossing.start : crossing.end] == crossing.text
    doc.entities.append(crossing)
    assert document_html(doc).count(ENT_MARK) == 9
    parse(document_html(doc))


def test_events_listed_with_trigger_marked_in_sentence() -> None:
    doc = sample_doc()
    html = newsie.render(doc)
    tags = parse(html)
    assert sum(1 for t, a in tags.starts if a.get("class") == "newsie-event") == 1
    trigger = re.search(r'<mark class="newsie-trigger"[^>]*>(.*?)</mark>', html)
    assert trigger and trigger.group(1) == "هجوم"
    for field in (
        "Violence against civilians / Attack",
        "ASSAULT",
        "2023-07",
        "killed 3",
        "geo_precision 2",
        "[isis]",
        "actor2",
        "0.90",
    ):
        assert field in html, field


def test_render_of_several_documents_and_of_data_raw_output() -> None:
    docs = newsie.read_output(raw_output())
    html = newsie.render(docs)
    parse(html)
    assert html.count('class="newsie-doc"') == len(docs) == 7
    # Resolved output has no crossing entities: every one is marked.
    assert html.count(ENT_MARK) == sum(len(d.entities) for d in docs)
    assert html.count('<li class="newsie-event">') == sum(len(d.events) for d in docs)
    assert html.count('class="newsie-trigger"') == sum(len(d.events) for d in docs)


def test_to_displacy_manual_format() -> None:
    doc = sample_doc()
    data = newsie.to_displacy(doc)
    assert set(data) == {"text", "ents", "title"}
    assert data["text"] == doc.text and data["title"] == doc.title
    # Flat spans in order: the province nested in the unit's name is left out.
    assert len(data["ents"]) == len(doc.entities) - 1
    ends = [0] + [e["end"] for e in data["ents"]]
    assert all(e["start"] >= end for e, end in zip(data["ents"], ends, strict=False))
    for ent in data["ents"]:
        assert set(ent) == {"start", "end", "label"}
        assert any(
            e.start == ent["start"] and e.end == ent["end"] and e.type == ent["label"]
            for e in doc.entities
        )
    untitled = Document(doc_id="x", source="x.txt", text="نص")
    assert newsie.to_displacy(untitled) == {"text": "نص", "ents": [], "title": "x"}


def test_print_gives_a_short_summary_not_the_article() -> None:
    doc = sample_doc()
    text = str(doc)
    lines = text.splitlines()
    assert lines[0] == "Document kirkuk-1 · published 2023-07-24 · IQ / IQ-KI"
    assert "8 entities: ARMED_GROUP 1, BRIGADE 1, DATE 2, LOCATION 1, PROVINCE 2, UNIT 1" in text
    assert "1 events:" in text
    assert any(line.strip().startswith("ATTACK | 2023-07 | قضاء الحويجة (IQ-KI)") for line in lines)
    assert "فر المهاجمون" not in text  # the article's text is not printed
    assert len(text) < 600
    assert repr(doc) == (
        "Document(doc_id='kirkuk-1', published=datetime.date(2023, 7, 24), entities=8, events=1)"
    )
    bare = Document(doc_id="empty", source="-", text="نص قصير")
    assert str(bare).splitlines() == ["Document empty", "  0 entities", "  0 events"]
