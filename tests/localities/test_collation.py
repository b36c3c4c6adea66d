"""The Vietnamese sort key: the alphabet first (ă â after a, đ after d, ơ after ô, ư after u),
tones second in dictionary order, numbers by value; and every list of units ordered by it."""

from __future__ import annotations

import unicodedata

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from app.localities import services, tree
from app.localities.collation import ALPHABET, unit_sort_key, vietnamese_sort_key
from app.localities.models import Locality

key = vietnamese_sort_key


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("Bến Tre", "Bình Minh"),  # code points put ì (U+00EC) before ế (U+1EBF)
        ("Duy Xuyên", "Đà Nẵng"),  # Đ after every D
        ("Dương", "Đa"),
        ("An", "Ăn"),
        ("Ăn", "Ân"),
        ("Ân", "Ba"),
        ("Ô", "Ơ"),
        ("Ơ", "Phú"),
        ("U", "Ư"),
        ("Ưng", "Vân"),
        ("Ba", "Bà"),  # tones: none, huyền, hỏi, ngã, sắc, nặng
        ("Bà", "Bả"),
        ("Bả", "Bã"),
        ("Bã", "Bá"),
        ("Bá", "Bạ"),
        ("Bạ", "Bác"),  # the letters decide before any tone
        ("Bá An", "Ba Bể"),
        ("An", "An Bình"),  # a word before its longer phrases
        ("An Bình", "Anh"),  # a word break before any letter
        ("Ấp 2", "Ấp 10"),  # numbers by value
        ("Ấp 9", "Ấp A"),
        ("Phường 1", "Phường 1A"),
        ("Thị trấn", "Thị xã"),
        ("Hòa", "Hoan"),
    ],
)
def test_vietnamese_order(first: str, then: str) -> None:
    assert key(first) < key(then)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Bến Tre", "bến tre"),  # case is ignored
        ("Bến Tre", "BẾN TRE"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu"),  # punctuation is a word break
        ("Đắk R'Lấp", "Đắk R Lấp"),
        ("  Ấp   3 ", "Ấp 3"),
        ("Ấp 03", "Ấp 3"),
        (unicodedata.normalize("NFD", "Nguyễn Huệ"), "Nguyễn Huệ"),  # Windows-1258 style marks
    ],
)
def test_same_key(one: str, other: str) -> None:
    assert key(one) == key(other)


def test_keys_are_ascii_and_bounded() -> None:
    assert key("Thừa Thiên Huế").isascii()
    assert key("Zuzu") < key("中文") < key("中文 ß")  # other letters sort after z
    assert key("ü") == key("u")  # marks Vietnamese does not use are ignored
    assert len(key("Ấp " + "Đường 1 " * 200)) == 600
    assert key("") < key("a") and key("!!") == key("")


# A word of Vietnamese letters, each with one of the six tones.
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_LETTER = st.tuples(st.sampled_from(ALPHABET), st.integers(0, 5))
_WORDS = st.lists(_LETTER, min_size=1, max_size=8)


def _spell(letters: list[tuple[str, int]], upper: bool) -> str:
    text = "".join(
        unicodedata.normalize("NFC", letter + _TONE_MARKS[tone]) for letter, tone in letters
    )
    return text.upper() if upper else text


@given(_WORDS, _WORDS, st.booleans(), st.booleans())
def test_words_compare_by_letters_then_tones(
    one: list[tuple[str, int]], other: list[tuple[str, int]], up_one: bool, up_other: bool
) -> None:
    """For single words the key agrees with the dictionary rule written out plainly: compare
    the letters' places in the alphabet, and only when all are equal, the tones."""

    def reference(word: list[tuple[str, int]]) -> tuple[list[int], list[int]]:
        return [ALPHABET.index(letter) for letter, _ in word], [tone for _, tone in word]

    one_key, other_key = key(_spell(one, up_one)), key(_spell(other, up_other))
    assert (one_key < other_key) == (reference(one) < reference(other))
    assert (one_key == other_key) == (reference(one) == reference(other))


def test_unit_key_leaves_the_type_word_out() -> None:
    assert unit_sort_key("Tỉnh Bến Tre", "Tỉnh") == key("Bến Tre")
    assert unit_sort_key("Thành phố Hồ Chí Minh", "Thành phố") == key("Hồ Chí Minh")
    assert unit_sort_key("Phường 10", "Phường") == key("10")
    assert unit_sort_key("Xóm Chùa", "Thôn") == key("Xóm Chùa")  # not its own type word
    assert unit_sort_key("Tổ", "Tổ") == key("Tổ")  # a name that is only the type word


# ---- every list of units --------------------------------------------------------------------


def test_lists_of_units_are_in_vietnamese_order(client: FlaskClient, legacy_loaded: None) -> None:
    legacy = [p.name for p in tree.provinces("legacy")]
    assert legacy.index("Tỉnh Bến Tre") < legacy.index("Tỉnh Bình Định")
    assert legacy.index("Tỉnh Bình Thuận") < legacy.index("Tỉnh Cà Mau")
    assert legacy.index("Thành phố Đà Nẵng") < legacy.index("Tỉnh Đắk Lắk")
    assert legacy.index("Tỉnh Đồng Tháp") < legacy.index("Tỉnh Gia Lai")
    current = [p.name for p in tree.provinces()]
    # Cao before Cần: ă comes after a whatever follows; the type word is left out.
    assert current[:5] == [
        "Tỉnh An Giang",
        "Thành phố Bắc Ninh",
        "Tỉnh Cà Mau",
        "Tỉnh Cao Bằng",
        "Thành phố Cần Thơ",
    ]

    page = client.get("/dia-ban?era=legacy").get_data(as_text=True)
    assert page.index("Tỉnh Bến Tre") < page.index("Tỉnh Bình Định") < page.index("Tỉnh Đắk Lắk")


def test_children_and_hamlets_in_vietnamese_order(client: FlaskClient, an_hoi: Locality) -> None:
    for name in ("Ấp 10", "Ấp 2", "Ấp Bình", "Ấp Bến", "Ấp Đông", "Ấp Dừa", "Ấp Ấp"):
        services.add_hamlet(an_hoi, name, "ap")
    expected = ["Ấp 2", "Ấp 10", "Ấp Ấp", "Ấp Bến", "Ấp Bình", "Ấp Dừa", "Ấp Đông"]
    assert [c.name for c in tree.children(an_hoi)] == expected
    api = client.get(f"/api/v1/localities/{an_hoi.id}/children?page_size=4&page=2").get_json()
    assert [c["name"] for c in api["children"]] == expected[4:]
    page = client.get(f"/dia-ban/{an_hoi.id}").get_data(as_text=True)
    assert [page.index(f">{name}<") for name in expected] == sorted(
        page.index(f">{name}<") for name in expected
    )
    hits = services.search("", parent_id=an_hoi.id).items
    assert [h.name for h in hits] == expected
