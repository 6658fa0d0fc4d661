"""Clitic-aware, boundary-respecting, longest-first dictionary matching."""

from __future__ import annotations

import pytest

from newsie.text.lexicon import Lexicon, LexiconMatch, longest_first
from newsie.text.normalize import normalize


@pytest.fixture(scope="module")
def places() -> Lexicon[str]:
    return Lexicon(
        [
            ("بغداد", "IQ-BG"),
            ("محافظة", "admin"),
            ("محافظة ديالى", "IQ-DI"),
            ("ديالى", "IQ-DI"),
            ("الجيش", "army"),
            ("الجيش العراقي", "iraqi-army"),
            ("دير الزور", "SY-DY"),
            ("قضاء الرطبة", "rutba"),
        ]
    )


def hits(lexicon: Lexicon[str], text: str) -> list[tuple[str, str, str]]:
    """(matched text, whole word with clitics, first value) of each hit."""
    norm = normalize(text).text
    return [
        (norm[m.start : m.end], norm[m.word_start : m.end], m.values[0]) for m in lexicon.find(norm)
    ]


@pytest.mark.parametrize(
    ("text", "matched", "word", "value"),
    [
        ("قصف بغداد", "بغداد", "بغداد", "IQ-BG"),
        ("قصف وبغداد", "بغداد", "وبغداد", "IQ-BG"),
        ("انفجار ببغداد", "بغداد", "ببغداد", "IQ-BG"),
        ("عاد وببغداد", "بغداد", "وببغداد", "IQ-BG"),
        ("كبغداد", "بغداد", "كبغداد", "IQ-BG"),
        ("زيارة لمحافظة", "محافظه", "لمحافظه", "admin"),
        ("دعم للجيش", "للجيش", "للجيش", "army"),
        ("دعم وللجيش", "للجيش", "وللجيش", "army"),
        ("بالجيش", "الجيش", "بالجيش", "army"),
        ("والجيش", "الجيش", "والجيش", "army"),
    ],
)
def test_clitics_before_a_name(
    places: Lexicon[str], text: str, matched: str, word: str, value: str
) -> None:
    found = hits(places, text)
    assert found == [(matched, word, value)]


def test_fused_article_match_reports_the_entry_key(places: Lexicon[str]) -> None:
    norm = normalize("قدمت الحكومة الدعم للجيش").text
    (match,) = places.find(norm)
    assert match.key == "الجيش"
    assert norm[match.start : match.end] == "للجيش"
    assert match.prefix_length == 0
    (match,) = places.find("وللجيش")
    assert (match.word_start, match.start, match.end, match.prefix_length) == (0, 1, 6, 1)


@pytest.mark.parametrize(
    "text",
    [
        "البغدادي",  # longer word
        "بغدادية",
        "قصفبغداد",  # glued to a word that is not a clitic
        "الجيشان",
        "محافظات",
    ],
)
def test_no_match_inside_a_longer_word(places: Lexicon[str], text: str) -> None:
    assert places.find(normalize(text).text) == []


def test_longest_match_first(places: Lexicon[str]) -> None:
    found = hits(places, "وصلت قوات الجيش العراقي إلى محافظة ديالى")
    assert found == [
        ("الجيش العراقي", "الجيش العراقي", "iraqi-army"),
        ("محافظه ديالي", "محافظه ديالي", "IQ-DI"),
    ]


def test_find_all_keeps_overlapping_hits(places: Lexicon[str]) -> None:
    norm = normalize("محافظة ديالى").text
    keys = sorted(m.key for m in places.find_all(norm))
    assert keys == ["ديالي", "محافظه", "محافظه ديالي"]


def test_multiple_spaces_inside_an_entry(places: Lexicon[str]) -> None:
    text = "اشتباك في دير   الزور وقضاء\tالرطبة"
    norm = normalize(text).text
    found = places.find(norm)
    assert [m.values[0] for m in found] == ["SY-DY", "rutba"]
    # Offsets point into the text as given, spaces and all.
    assert norm[found[0].start : found[0].end] == "دير   الزور"
    assert norm[found[1].start : found[1].end] == "قضاء\tالرطبه"
    assert norm[found[1].word_start : found[1].end] == "وقضاء\tالرطبه"


def test_line_break_splits_a_multiword_entry(places: Lexicon[str]) -> None:
    assert places.find("دير\nالزور") == []


def test_entries_are_normalised(places: Lexicon[str]) -> None:
    assert "دِيَالَى" in places
    assert places.get("ديالي") == ("IQ-DI",)
    # Diacritics and tatweel in the text do not stop a match.
    assert [v for _, _, v in hits(places, "في دِيَالـــى")] == ["IQ-DI"]


def test_several_values_for_one_form() -> None:
    lexicon = Lexicon([("الرشيد", "district"), ("الرشيد", "street"), ("الرشيد", "district")])
    assert len(lexicon) == 1
    assert lexicon.get("الرشيد") == ("district", "street", "district")


def test_fused_article_can_be_switched_off() -> None:
    lexicon = Lexicon([("الجيش", "army")], fused_article=False)
    assert lexicon.find("للجيش") == []
    assert [m.key for m in lexicon.find("بالجيش")] == ["الجيش"]


def test_empty_lexicon_and_empty_entries() -> None:
    assert Lexicon([]).find("بغداد") == []
    lexicon = Lexicon([("", "nothing"), ("\u0640", "tatweel only"), ("الموصل", "mosul")])
    assert list(lexicon.keys()) == ["الموصل"]


def test_match_offsets_always_index_the_text(places: Lexicon[str]) -> None:
    norm = normalize("وللجيش العراقي ودير الزور، وببغداد.  محافظة   ديالى").text
    for m in places.find(norm):
        assert 0 <= m.word_start <= m.start < m.end <= len(norm)
        assert norm[m.word_start : m.start] in {"", "و", "وب", "ول", "ب"}


def test_longest_first_prefers_earlier_on_ties() -> None:
    a = LexiconMatch(0, 5, 0, "a", ("a",))
    b = LexiconMatch(3, 8, 3, "b", ("b",))
    c = LexiconMatch(3, 10, 3, "c", ("c",))
    assert [m.key for m in longest_first([a, b])] == ["a"]
    assert [m.key for m in longest_first([a, b, c])] == ["c"]
