"""Normalisation rules, and the offset map back to the original text (property-based)."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsie.lang.ar import orthography
from newsie.resources import read_tsv
from newsie.schema import Article, Document
from newsie.text.normalize import NormalizeStage, normalize, normalize_key

# Characters that Arabic news text really contains, weighted towards the tricky ones.
ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0653\u0654\u0655"
TATWEEL = "\u0640"
PRESENTATION = "ﻻﻷﻹﻵﷲﷺﺍﺑﺒﺔﻰﹱﹷﳲﱞ"
PERSIAN = "کیەۆھڕڵێٱپچژگ"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬"
BIDI = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
SPACES = " \n\t\u00a0\u2009\u202f.،؛؟!-#_"
ALPHABET = ARABIC_LETTERS + DIACRITICS + TATWEEL + PRESENTATION + PERSIAN + DIGITS + BIDI + SPACES

news_text = st.text(alphabet=ALPHABET, max_size=60)
any_text = st.text(max_size=40)
mixed_text = st.one_of(news_text, any_text, st.lists(st.one_of(news_text, any_text)).map("".join))


def spans(length: int) -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(0, length), st.integers(0, length)).map(lambda p: (min(p), max(p)))


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_map_is_monotonic_and_in_range(original: str) -> None:
    norm = normalize(original)
    assert norm.original == original
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    for s, e in zip(norm.starts, norm.ends, strict=True):
        assert 0 <= s < e <= len(original)
    assert list(norm.starts) == sorted(norm.starts)
    assert list(norm.ends) == sorted(norm.ends)


@settings(max_examples=300, deadline=None)
@given(mixed_text, st.data())
def test_every_span_maps_back_to_text_that_normalises_to_it(
    original: str, data: st.DataObject
) -> None:
    norm = normalize(original)
    start, end = data.draw(spans(len(norm.text)))
    o_start, o_end = norm.to_original(start, end)
    assert 0 <= o_start <= o_end <= len(original)
    assert norm.original_text(start, end) == original[o_start:o_end]
    if start == end:
        assert o_start == o_end
        return
    # The original slice normalises to the span, or to a text covering it (a
    # ligature such as ﻻ is one original character but two normalised ones).
    renormalised = normalize(original[o_start:o_end]).text
    assert norm.text[start:end] in renormalised
    # And it covers no more than the normalised characters that come from it.
    first = norm.starts.index(norm.starts[start])
    last = len(norm.ends) - norm.ends[::-1].index(norm.ends[end - 1])
    assert renormalised == norm.text[first:last]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ARABIC_LETTERS + DIACRITICS + TATWEEL + " .،", max_size=60))
def test_words_map_to_whole_original_words(original: str) -> None:
    """A normalised word maps back to the original word with all its vowels and
    tatweels: the original span never stops just before a mark."""
    norm = normalize(original)
    for match in re.finditer(r"[^ .،]+", norm.text):
        o_start, o_end = norm.to_original(match.start(), match.end())
        assert normalize(original[o_start:o_end]).text == match.group()
        assert o_end == len(original) or original[o_end] not in DIACRITICS + TATWEEL
        # What lies before and after the word normalises to what surrounds it.
        assert normalize(original[:o_start]).text == norm.text[: match.start()]
        assert normalize(original[o_end:]).text == norm.text[match.end() :]


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_from_original_inverts_to_original(original: str) -> None:
    """Stages turn an earlier stage's original offsets back into normalised ones: a
    normalised span mapped out and back in is the same span, ligatures included
    (spans that split one character's expansion, as inside ﷺ, have no original form)."""
    norm = normalize(original)
    starts = norm.starts
    for match in re.finditer(r"\S+", norm.text):
        s, e = match.start(), match.end()
        if (s > 0 and starts[s - 1] == starts[s]) or (
            e < len(starts) and starts[e - 1] == starts[e]
        ):
            continue
        o_start, o_end = norm.to_original(s, e)
        assert norm.from_original(o_start, o_end) == (s, e)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_output_holds_no_character_the_rules_remove(original: str) -> None:
    text = normalize(original).text
    assert not set(text) & set("أإآٱىة" + TATWEEL + BIDI + "ک" + "ی")
    assert not set(text) & set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
    assert all(unicodedata.category(c) != "Mn" for c in text)


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_normalising_is_idempotent(original: str) -> None:
    once = normalize(original).text
    assert normalize(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ARABIC_LETTERS + DIACRITICS + TATWEEL, min_size=1), min_size=1))
def test_normalising_words_separately_or_together_agrees(words: list[str]) -> None:
    joined = " ".join(words)
    assert normalize(joined).text == " ".join(normalize(w).text for w in words)


# --- one example per rule -----------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("قُتِلَ", "قتل"),  # harakat
        ("الجُنُودُ", "الجنود"),
        ("مُسَلَّحٌ", "مسلح"),  # shadda and tanwin
        ("رحمٰن", "رحمن"),  # dagger alef
        ("عمليـــات", "عمليات"),  # tatweel
        ("أعلن", "اعلن"),
        ("إرهابي", "ارهابي"),
        ("آمر", "امر"),
        ("ٱلجيش", "الجيش"),  # alef wasla
        ("مستشفى", "مستشفي"),
        ("محافظة", "محافظه"),
        ("١٢٣٤٥٦٧٨٩٠", "1234567890"),
        ("۱۴۰۲", "1402"),
        ("کرکوک", "كركوك"),  # Persian kaf
        ("دیالی", "ديالي"),  # Persian yeh
        ("سلێمانی", "سليماني"),  # Kurdish yeh with v, Persian yeh
        ("ھەڵەبجە", "ههلهبجه"),  # Kurdish heh doachashmee, ae, lam with v
        ("کۆیە", "كويه"),
        ("ﻻ", "لا"),  # lam-alef ligature
        ("ﻷ", "لا"),
        ("ﷲ", "الله"),
        ("ﺑﻐﺪﺍﺩ", "بغداد"),  # presentation forms
        ("قتلﹱ", "قتل"),  # tatweel with fathatan, isolated form
        ("بغداد\u200f", "بغداد"),  # bidi mark
        ("\ufeffنينوى", "نينوي"),  # BOM inside text
        ("بغ\u200cداد", "بغداد"),  # zero-width non-joiner
        ("3٫5", "3.5"),  # Arabic decimal separator
        ("اللواء\u00a020", "اللواء 20"),  # no-break space
        ("بمحافظة #البيضاء", "بمحافظه البيضاء"),  # hashtag sign
        ("#ميليشيا_الحوثي", "ميليشيا الحوثي"),  # hashtag words joined by underscores
    ],
)
def test_rules(original: str, expected: str) -> None:
    assert normalize(original).text == expected


def test_diacritics_belong_to_the_letter_before() -> None:
    original = "قُتِلَ جُنْدِيٌّ"
    norm = normalize(original)
    assert norm.text == "قتل جندي"
    # The normalised word maps to the whole vowelled word, final vowel included.
    assert norm.original_text(0, 3) == "قُتِلَ"
    assert norm.original_text(4, 8) == "جُنْدِيٌّ"
    assert norm.original_text(1, 2) == "تِ"


def test_tatweel_belongs_to_the_letter_before() -> None:
    original = "عمليـــات بغداد"
    norm = normalize(original)
    assert norm.original_text(0, 6) == "عمليـــات"
    assert norm.original_text(0, 4) == "عمليـــ"


def test_ligature_span_maps_to_the_whole_ligature() -> None:
    original = "ﻻ تراجع"
    norm = normalize(original)
    assert norm.text == "لا تراجع"
    assert norm.to_original(0, 1) == (0, 1)
    assert norm.to_original(1, 2) == (0, 1)
    assert norm.original_text(0, 8) == original


def test_empty_span_and_bad_span() -> None:
    norm = normalize("قُتل")
    assert norm.to_original(0, 0) == (0, 0)
    assert norm.to_original(3, 3) == (len("قُتل"), len("قُتل"))
    with pytest.raises(ValueError):
        norm.to_original(2, 1)
    with pytest.raises(ValueError):
        norm.to_original(0, 4)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_normalize_key_is_the_normalised_text_with_spaces_collapsed(original: str) -> None:
    # normalize_key skips the offset map; its text must be the one normalize() maps.
    assert normalize_key(original) == " ".join(normalize(original).text.split())


def test_character_table_is_what_camel_tools_gives() -> None:
    # Run scripts/build_character_table.py when this fails after a camel-tools upgrade.
    shipped = [(row["char"], row["normalised"]) for row in read_tsv(orthography.TABLE)]
    assert shipped == orthography.table_rows()
    assert len(shipped) > 500  # presentation forms, diacritics, alef forms, digits


@settings(max_examples=500, deadline=None)
@given(st.characters(exclude_categories=["Cs"]) | st.sampled_from(ALPHABET))
def test_every_character_folds_as_camel_tools_folds_it(ch: str) -> None:
    assert orthography.normalize_char(ch) == orthography.fold(ch)


def test_news_text_is_normalised_without_importing_camel_tools() -> None:
    code = (
        "import sys\n"
        "from newsie.text.normalize import normalize_key\n"
        "assert normalize_key('قُوّاتُ الأمنِ ﻻ إلى مستشفى ١٢٣ #بغداد') == "
        "'قوات الامن لا الي مستشفي 123 بغداد'\n"
        "assert not any(m.startswith('camel_tools') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_normalize_key_collapses_white_space() -> None:
    assert normalize_key("  قيادة   عمليات\tالأنبار\n") == "قياده عمليات الانبار"
    assert normalize_key("\u0640") == ""


def test_stage_attaches_norm_and_entities_report_original_offsets() -> None:
    text = "أعلنت قيادة عمليات الأنبار مقتل جنديَّين في الرُّطبة."
    doc = Document.from_article(Article(id="t", source="<test>", text=text))
    doc = NormalizeStage()(doc)
    assert doc.norm.text == "اعلنت قياده عمليات الانبار مقتل جنديين في الرطبه."
    start = doc.norm.text.index("الرطبه")
    entity = doc.add_entity("LOCATION", start, start + len("الرطبه"), stage="test")
    assert entity.text == "الرُّطبة"
    assert text[entity.start : entity.end] == entity.text
