"""find_codes: codes in realistic bank transfer text (the corpus), codes mangled every way a bank
or a person does (hypothesis), and how rarely ordinary Vietnamese text starts a candidate."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.matching import (
    ALPHABET,
    BODY_LENGTH,
    PREFIXES,
    CodeError,
    check_character,
    find_codes,
    is_valid,
    new_code,
    squeeze,
)
from app.matching.codes import _printable
from app.vietqr.text import fold
from tests.matching.corpus import NEGATIVE, POSITIVE

# Corpus


def test_the_corpus_is_big_enough() -> None:
    assert len(NEGATIVE) >= 50
    assert len(POSITIVE) >= 25


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_code_in_ordinary_transfer_text(text: str) -> None:
    assert find_codes(text) == []


def test_no_code_where_two_ordinary_texts_meet() -> None:
    """Statements wrap one narrative into the next: every ordered pair, glued and spaced."""
    for first, second in itertools.product(NEGATIVE, repeat=2):
        assert find_codes(first + second) == [], (first, second)
        assert find_codes(f"{first}\n{second}") == [], (first, second)


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_codes_in_mangled_transfer_text(text: str, expected: list[str]) -> None:
    assert find_codes(text) == expected


def test_codes_come_in_order_each_once() -> None:
    first, second, third = (new_code("QT") for _ in range(3))
    text = f"{second} MBVCB.1.{first}.CT tu {second.lower()} {third} toi {first}"
    assert find_codes(text) == [second, first, third]


def test_vietcombank_echoing_the_text_twice_gives_the_code_once() -> None:
    code = new_code("QT")
    text = f"IBVCB.MBVCB11518004.{code} MUNG CUOI.CT tu 9704 A toi 9704 B {code} MUNG CUOI"
    assert find_codes(text) == [code]


def test_a_code_with_a_bad_check_character_is_not_found() -> None:
    code = new_code("QT")
    wrong = code[:-1] + next(c for c in ALPHABET if c != code[-1])
    assert find_codes(f"ND:{wrong} chuyen tien") == []


def test_overlapping_candidates_are_each_judged() -> None:
    """A chance valid candidate that overlaps a real code hides neither."""
    code = new_code("QT")
    # text ending in "QT" + the code's first characters: a candidate starting before the code
    for filler in itertools.product(ALPHABET, repeat=2):
        head = "QT" + "".join(filler)
        text = f"{head}{code}"
        # every place in the head where any prefix starts is a candidate ("QTQT" has two, and
        # a filler "QK" or "QH" starts another kind of code)
        chance = [
            text[start : start + 10]
            for start in range(len(head))
            if text.startswith(tuple(PREFIXES), start) and is_valid(text[start : start + 10])
        ]
        assert find_codes(text) == [*chance, code]


def test_text_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(CodeError) as raised:
        find_codes(None)  # type: ignore[arg-type]
    assert raised.value.field == "text"
    assert raised.value.code == "not_text"


def test_a_large_text_is_scanned_whole() -> None:
    codes = [new_code("QT") for _ in range(200)]
    text = " ".join(f"{NEGATIVE[i % len(NEGATIVE)]} {code}" for i, code in enumerate(codes))
    assert find_codes(text * 3) == codes


# Mangling, by hypothesis


@st.composite
def codes(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(sorted(PREFIXES)))
    body = draw(st.text(alphabet=ALPHABET, min_size=BODY_LENGTH, max_size=BODY_LENGTH))
    return prefix + body + check_character(prefix + body)


#: How a character of a code may come back: as itself, lower case, with a Vietnamese mark (a
#: phone keyboard's autocorrect), or full width.
MARKED = {"A": "ÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬàảãáạ", "E": "ÈẺẼÉẸÊỀỂỄẾỆèẻẽéẹ", "U": "ÙỦŨÚỤƯỪỬỮỨỰùủũúụư",
          "Y": "ỲỶỸÝỴỳỷỹýỵ", "D": "Đđ"}  # fmt: skip
SEPARATORS = ["", "", "", " ", ".", "-", "\n", "\r\n", " - ", "/", "_", "\u00a0", "\t", "  ", ":"]


@st.composite
def spellings(draw: st.DrawFn, character: str) -> str:
    forms = [character, character.lower(), chr(ord(character) + 0xFEE0)]
    forms += list(MARKED.get(character, ""))
    return draw(st.sampled_from(forms))


@st.composite
def mangled(draw: st.DrawFn, code: str) -> str:
    parts = [draw(spellings(character)) + draw(st.sampled_from(SEPARATORS)) for character in code]
    return "".join(parts).rstrip()


#: Text around a code: Vietnamese letters with marks, digits, bank punctuation.
AROUND = "abcdđeghiklmnoprstuvxyàảãáạăâêôơưđ0123456789ABCDEHKMNRUXY .:;-_/\n"
before = st.text(alphabet=AROUND.replace("q", ""), max_size=40)  # no Q: no candidate before
after = st.text(alphabet=AROUND + "QT", max_size=40)


@given(codes(), st.data())
def test_a_mangled_code_is_found_in_its_canonical_form(code: str, data: st.DataObject) -> None:
    text = data.draw(before) + data.draw(mangled(code)) + data.draw(after)
    found = find_codes(text)
    assert found[0] == code
    assert found.count(code) == 1
    assert all(is_valid(other) for other in found)


BANK_HEADS = ["MBVCB.3278907687.5183947.", "ND:", "IBFT ", "ACB;1234;", "QR - 123456 ", ""]
BANK_TAILS = [".CT tu 0071000123456 NGUYEN VAN AN", "CT tu 0123", " chuyen tien", "GD 7896", ""]


@given(codes(), st.sampled_from(BANK_HEADS), st.sampled_from(BANK_TAILS))
def test_a_code_glued_into_bank_text_is_found(code: str, head: str, tail: str) -> None:
    found = find_codes(head + code + tail)
    # first, and once; a code that holds QT itself may start a chance candidate in the tail
    # (new_code never issues such a code)
    assert found[0] == code and found.count(code) == 1


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=80))
def test_the_ascii_fast_path_squeezes_as_the_one_folding_does(text: str) -> None:
    assert squeeze(text) == fold(text).replace(" ", "").upper()


@given(st.text(max_size=80))
def test_squeeze_keeps_only_ascii_letters_and_digits(text: str) -> None:
    assert re.fullmatch(r"[0-9A-Z]*", squeeze(text))


@given(st.text(max_size=200))
def test_anything_found_in_any_text_is_a_valid_code(text: str) -> None:
    assert all(is_valid(code) for code in find_codes(text))


# How often ordinary text starts a candidate

WORDS = (
    "mừng cưới chúc hai bạn trăm năm hạnh phúc tân gia thôi nôi thọ ông bà anh chị em cô chú "
    "bác dì cháu con tiền hàng rau cá thịt heo gà vịt trái cây phở bún chợ sạp quầy đêm phố "
    "chuyển khoản thanh toán trả nợ mua bán ủng hộ học phí điện nước tháng năm ngày nhà trai "
    "gái Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Văn Thị Quang "
    "Quốc Quyên Quỳnh Quý Quân Tuấn Tùng Thắng Hùng Hoa Hạnh Lan Mai Thu Thủy Khoa Khải Nam "
    "Bắc Trung Tây Đông Bến Thành Đà Nẵng Huế Sài Gòn Hà Nội CT tu toi tai GD FT MBVCB IBFT"
).split()


def test_ordinary_text_almost_never_starts_a_candidate() -> None:
    """Twenty thousand sentences of transfer words (numbers and bank refs mixed in): no registered
    prefix may occur in more than 0.2 % of them once squeezed, or the check character's 1-in-23
    would let through too many chance codes. QT occurs in none (Q ends no Vietnamese word and is
    always followed by U inside one)."""
    generator = random.Random(10)
    sentences = [
        " ".join(
            generator.choice(WORDS)
            if generator.random() < 0.85
            else str(generator.randrange(10**9))
            for _ in range(generator.randint(2, 14))
        )
        for _ in range(20_000)
    ]
    squeezed = [squeeze(sentence) for sentence in sentences]
    for prefix in PREFIXES:
        hits = sum(prefix in text for text in squeezed)
        assert hits <= len(sentences) * 0.002, (prefix, hits)
    assert not any(find_codes(sentence) for sentence in sentences)


@given(codes().filter(_printable), st.data())
def test_an_issued_code_in_text_without_q_is_the_only_one_found(
    code: str, data: st.DataObject
) -> None:
    """Text without a prefix letter cannot start a candidate, and an issued code holds no prefix
    past its start: the code, and nothing else, is found."""
    text = data.draw(before) + data.draw(mangled(code)) + data.draw(before)
    assert find_codes(text) == [code]
