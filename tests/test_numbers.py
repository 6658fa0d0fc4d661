import pytest

from newsie.lang.ar.numbers import NumberMatch, number_word, parse_number
from newsie.text.normalize import normalize_key

CASES = [
    ("102 مشاة", 102, 1, False),
    ("١٥ جنديا", 15, 1, False),
    ("الـ24 الماضية", 24, 1, False),
    ("خمسة جنود", 5, 1, False),
    ("خمس نساء", 5, 1, False),
    ("الخامس من تموز", 5, 1, True),
    ("الخامسة صباحا", 5, 1, True),
    ("الخامس عشر", 15, 2, True),
    ("الخامسة عشرة", 15, 2, True),
    ("خمسة عشر قتيلا", 15, 2, False),
    ("أحد عشر جنديا", 11, 2, False),
    ("إحدى عشرة سيارة", 11, 2, False),
    ("الحادي عشر من", 11, 2, True),
    ("الحادي والعشرين من", 21, 2, True),
    ("اثنا عشر", 12, 2, False),
    ("اثنتي عشرة", 12, 2, False),
    ("خمسة وعشرين قتيلا", 25, 2, False),
    ("ثلاثة وثلاثون", 33, 2, False),
    ("عشرين عنصرا", 20, 1, False),
    ("العشرين من", 20, 1, True),
    ("مئة قتيل", 100, 1, False),
    ("مائة وخمسون", 150, 2, False),
    ("مئتي جندي", 200, 1, False),
    ("ثلاث مئة", 300, 2, False),
    ("ثلاثمائة وعشرة", 310, 2, False),
    ("ثلاثة آلاف", 3000, 2, False),
    ("ألفين وخمسمئة", 2500, 2, False),
    ("الأولى", 1, 1, True),
    ("الثالث", 3, 1, True),
    ("العاشرة", 10, 1, True),
]


@pytest.mark.parametrize(("text", "value", "length", "ordinal"), CASES)
def test_parse_number(text: str, value: int | None, length: int, ordinal: bool) -> None:
    words = normalize_key(text).split()
    got = parse_number(words, 0)
    if value is None:
        assert got is None
    else:
        assert got == NumberMatch(value, length, ordinal)


@pytest.mark.parametrize("text", ["أحد الجنود", "اثنا", "الجيش", "عشرات القتلى", ""])
def test_not_a_number(text: str) -> None:
    assert parse_number(normalize_key(text).split(), 0) is None


def test_reads_from_the_middle_and_stops_at_other_words() -> None:
    words = normalize_key("قتل خمسة وعشرون جنديا وأصيب").split()
    assert parse_number(words, 1) == NumberMatch(25, 2, False)
    assert parse_number(words, 0) is None
    assert parse_number(words, 10) is None


def test_number_word_lookup_is_normalised() -> None:
    assert number_word(normalize_key("الرابعة")) == (4, "unit", True)
    assert number_word("قوات") is None
