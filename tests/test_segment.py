"""Sentences, tokens and the clitic helpers, all on normalised offsets."""

from __future__ import annotations

from newsie.lang.ar.clitics import CLITIC_PREFIXES, strip_clitics
from newsie.schema import Article, Document
from newsie.text.normalize import NormalizeStage, normalize
from newsie.text.segment import (
    SegmentStage,
    has_clitic_boundary,
    has_right_boundary,
    paragraphs,
    segment,
    split_sentences,
    tokenize,
)

TEXT = normalize(
    "قُتل 3 جنود في هجوم على اللواء 29. وأصيب 2.5 بالمئة من السكان! "
    "هل انسحبت القوات؟\nوقال مصدر أمني إن الهجوم وقع أمس"
).text


def test_sentences_split_on_stops_question_marks_and_line_breaks() -> None:
    sentences = [TEXT[s:e] for s, e in split_sentences(TEXT)]
    assert sentences == [
        "قتل 3 جنود في هجوم علي اللواء 29.",
        "واصيب 2.5 بالمئه من السكان!",
        "هل انسحبت القوات؟",
        "وقال مصدر امني ان الهجوم وقع امس",
    ]


def test_decimal_point_does_not_end_a_sentence() -> None:
    assert len(split_sentences("بلغت نسبة الدمار 12.5 في المئة")) == 1


def test_sentence_spans_are_trimmed_and_skip_blank_lines() -> None:
    text = "  قتل جندي.  \n\n\n   واصيب اخر.   "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["قتل جندي.", "واصيب اخر."]
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


def test_no_sentences_in_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert segment("") == ([], [])


def test_tokens_are_words_numbers_and_single_punctuation() -> None:
    tokens = tokenize("قتل 3 جنود، وأصيب (اثنان).")
    assert [t.text for t in tokens] == ["قتل", "3", "جنود", "،", "وأصيب", "(", "اثنان", ")", "."]
    assert [t.is_word for t in tokens] == [True, True, True, False, True, False, True, False, False]


def test_token_offsets_index_the_text() -> None:
    sentences, tokens = segment(TEXT)
    for token in tokens:
        assert TEXT[token.start : token.end] == token.text
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)
    # Tokens of a sentence lie inside it, and every token belongs to one sentence.
    covered = 0
    for sentence in sentences:
        inside = tokens[sentence.first_token : sentence.last_token]
        assert inside, "a sentence without tokens"
        assert inside[0].start == sentence.start
        assert inside[-1].end == sentence.end
        covered += len(inside)
    assert covered == len(tokens)
    assert [t.text for t in tokens[sentences[0].first_token : sentences[0].last_token]][-3:] == [
        "اللواء",
        "29",
        ".",
    ]


def test_multiple_spaces_between_tokens() -> None:
    text = "قوات   من\tالفرقة  الخامسة"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["قوات", "من", "الفرقة", "الخامسة"]
    assert [(t.start, t.end) for t in tokens] == [(0, 4), (7, 9), (10, 16), (18, 25)]


def test_tokenize_with_offset() -> None:
    tokens = tokenize("قتل جندي", offset=100)
    assert [(t.start, t.end) for t in tokens] == [(100, 103), (104, 108)]


def test_paragraphs() -> None:
    text = "الفقرة الاولي.\n\nالفقرة الثانيه\n  \nالثالثه"
    spans = paragraphs(text)
    assert [text[s:e] for s, e in spans] == ["الفقرة الاولي.", "الفقرة الثانيه", "الثالثه"]


def test_strip_clitics_reads_prefix_and_fused_article() -> None:
    readings = strip_clitics("وللجيش")
    assert readings[0] == ("", "وللجيش")
    assert ("و", "للجيش") in readings
    assert ("ول", "الجيش") in readings
    assert ("", "الجيش") not in readings
    assert ("ب", "بغداد") in strip_clitics("ببغداد")
    assert ("ل", "محافظه") in strip_clitics("لمحافظه")
    assert ("ل", "الجيش") in strip_clitics("للجيش")
    assert ("وب", "بغداد") in strip_clitics("وببغداد")


def test_strip_clitics_keeps_a_stem_of_two_letters_at_least() -> None:
    assert strip_clitics("بل") == [("", "بل")]
    assert all(len(stem) >= 2 for _, stem in strip_clitics("وبك"))


def test_clitic_prefixes_are_conjunction_then_preposition() -> None:
    assert {"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"} <= CLITIC_PREFIXES
    assert "بو" not in CLITIC_PREFIXES
    assert "" not in CLITIC_PREFIXES


def test_clitic_boundary() -> None:
    text = "قصف وبغداد ببغداد لمحافظه كبغداد سبغداد"
    for word in ("وبغداد", "ببغداد", "كبغداد"):
        start = text.index(word)
        assert has_clitic_boundary(text, start + 1) == start
    assert has_clitic_boundary(text, text.index("لمحافظه") + 1) == text.index("لمحافظه")
    assert has_clitic_boundary(text, 0) == 0
    assert has_clitic_boundary(text, text.index("وبغداد")) == text.index("وبغداد")
    # Inside a word, with no clitic before it: no boundary.
    assert has_clitic_boundary("البغدادي", 1) is None
    assert has_clitic_boundary("قصفبغداد", 3) is None
    # Two clitics (و + ب) before the name.
    assert has_clitic_boundary("وببغداد", 2) == 0


def test_right_boundary() -> None:
    text = "بغدادي بغداد، بغداد"
    assert not has_right_boundary(text, 5)
    assert has_right_boundary(text, text.index("بغداد،") + 5)
    assert has_right_boundary(text, len(text))


def test_stages_attach_segments_to_the_document() -> None:
    text = "قُتل جنديّان.\nوأصيب ثلاثة آخرون"
    doc = Document.from_article(Article(id="t", source="<test>", text=text))
    doc = SegmentStage()(NormalizeStage()(doc))
    assert [doc.norm.text[s.start : s.end] for s in doc.sentences] == [
        "قتل جنديان.",
        "واصيب ثلاثه اخرون",
    ]
    first_token = doc.tokens[0]
    assert doc.norm.original_text(first_token.start, first_token.end) == "قُتل"
