"""The NER training-data preparation (scripts/ner_data.py): token re-attachment, IOB
repair, sentence cutting and the test-leakage filter decide what the shipped model
learns and whether its benchmark scores are clean, so they are tested on our own
sentences."""

from __future__ import annotations

import itertools
from types import ModuleType

import pytest

from conftest import load_script


@pytest.fixture(scope="module")
def nd() -> ModuleType:
    return load_script("ner_data")


def test_detached_proclitics_rejoin_their_word_and_take_its_tag(nd: ModuleType) -> None:
    sent = [("ف", "O"), ("قد", "O"), ("وصل", "O"), ("ب", "O"), ("الموصل", "B-GPE")]
    assert nd.merge_detached_proclitics(sent) == [
        ("فقد", "O"),
        ("وصل", "O"),
        ("بالموصل", "B-GPE"),
    ]


def test_lam_before_the_article_is_written_as_in_news_text(nd: ModuleType) -> None:
    sent = [("زار", "O"), ("ل", "O"), ("الرياض", "B-GPE"), ("ول", "O"), ("القاهره", "B-GPE")]
    assert nd.merge_detached_proclitics(sent) == [
        ("زار", "O"),
        ("للرياض", "B-GPE"),
        ("وللقاهره", "B-GPE"),
    ]


def test_multi_word_name_keeps_its_inside_tags(nd: ModuleType) -> None:
    sent = [("سافر", "O"), ("ل", "O"), ("هونج", "B-GPE"), ("كونج", "I-GPE")]
    assert nd.merge_detached_proclitics(sent) == [
        ("سافر", "O"),
        ("لهونج", "B-GPE"),
        ("كونج", "I-GPE"),
    ]


def test_kaf_is_a_proclitic_only_before_its_usual_hosts(nd: ModuleType) -> None:
    # ك before ما is the preposition; ك after a verb is the pronoun suffix.
    sent = [("ك", "O"), ("ما", "O"), ("اعطي", "O"), ("ك", "O"), ("كتابا", "O")]
    merged = nd.merge_detached_suffixes(nd.merge_detached_proclitics(sent))
    assert merged == [("كما", "O"), ("اعطيك", "O"), ("كتابا", "O")]


def test_proclitic_before_punctuation_or_at_the_end_stays(nd: ModuleType) -> None:
    sent = [("ب", "O"), ("،", "O"), ("قال", "O"), ("ل", "O")]
    assert nd.merge_detached_proclitics(sent) == sent


def test_conjunction_then_preposition_rejoin_in_order(nd: ModuleType) -> None:
    sent = [("و", "O"), ("ب", "O"), ("البصره", "B-GPE")]
    assert nd.merge_detached_wa(nd.merge_detached_proclitics(sent)) == [("وبالبصره", "B-GPE")]


def test_stray_inside_tags_start_an_entity(nd: ModuleType) -> None:
    assert nd.repair_iob(["O", "I-PER", "I-PER", "I-ORG", "B-LOC", "I-LOC"]) == [
        "O",
        "B-PER",
        "I-PER",
        "B-ORG",
        "B-LOC",
        "I-LOC",
    ]


def test_spans_of_iob2_tags(nd: ModuleType) -> None:
    tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]
    assert list(nd.spans(tags)) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]


def test_unmapped_fine_classes_become_outside(nd: ModuleType) -> None:
    mapping = nd.FANE_TO_COARSE
    assert nd.map_tag("B-Politician", mapping) == "B-PER"
    assert nd.map_tag("I-Population-Center", mapping) == "I-GPE"
    assert nd.map_tag("B-Group", mapping) == "O"
    assert nd.map_tag("junk", mapping) == "O"


def test_long_sentences_are_cut_after_punctuation_never_inside_a_name(nd: ModuleType) -> None:
    words = [(f"كلمه{i}", "O") for i in range(45)]
    words[41] = ("،", "O")
    words[40:40] = [("عبد", "B-PER"), ("الله", "I-PER")]
    pieces = nd.chunk(words, soft=40, hard=60)
    assert [len(p) for p in pieces] == [44, 3]
    assert list(itertools.chain.from_iterable(pieces)) == words
    # A hard cut waits for the end of an entity.
    names = [("اسم", "B-PER")] + [("اسم", "I-PER")] * 5 + [("و", "O")]
    assert [len(p) for p in nd.chunk(names, soft=2, hard=3)] == [6, 1]


def test_leakage_filter_ignores_tokenisation_and_punctuation(nd: ModuleType) -> None:
    def words(text: str) -> list[tuple[str, str]]:
        return [(w, "O") for w in text.split(" ")]

    grams = nd.shingles([words("وصل الوفد الى مدينه البصره صباح الاحد لبحث الملف")])
    retokenised = words("وصل الوفد الى مدينه البصره ، صباح الاحد ل بحث الملف")
    other = words("اعلنت الحكومه عن خطه جديده لتطوير قطاع الزراعه هذا العام")
    assert nd.overlaps(retokenised, grams)
    assert not nd.overlaps(other, grams)
