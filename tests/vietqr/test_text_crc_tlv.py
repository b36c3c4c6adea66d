"""Transliteration, text cleaning, CRC and TLV primitives."""

import pytest

from app.vietqr import (
    TLV,
    PayloadError,
    clean_text,
    crc16,
    encode_tlv,
    parse_tlv,
    payload_crc,
    to_ascii,
)


@pytest.mark.parametrize(
    ("text", "ascii"),
    [
        ("Đồng Xoài", "Dong Xoai"),
        ("đường", "duong"),
        ("Ủng hộ Quỹ Vắc xin", "Ung ho Quy Vac xin"),
        ("Nguyễn Thị Ánh Tuyết", "Nguyen Thi Anh Tuyet"),
        ("ơ ư ă â ê ô", "o u a a e o"),
        ("aAeEoOiIuUyYđĐ", "aAeEoOiIuUyYdD"),
        ("cà phê ☕ sữa", "ca phe  sua"),
        ("\uff21\uff22\uff23\uff11\uff12\uff13", "ABC123"),
    ],
)
def test_to_ascii(text: str, ascii: str) -> None:
    assert to_ascii(text) == ascii
    assert to_ascii(text).isascii()


def test_odoo_bug_d_stroke_is_handled() -> None:
    # NFD alone leaves đ/Đ alone; Odoo shipped that bug.
    assert to_ascii("Đ") == "D"


def test_clean_text_collapses_whitespace_and_keeps_allowed_punctuation() -> None:
    assert clean_text("  Tiền\tnhà  tháng 5 ", "purpose", 25) == "Tien nha thang 5"
    assert clean_text("INV-2024.05_01", "purpose", 25) == "INV-2024.05_01"


@pytest.mark.parametrize("bad", ["😀", "/", "@", "#", "&", ",", "\\"])
def test_clean_text_refuses_other_characters(bad: str) -> None:
    with pytest.raises(PayloadError) as info:
        clean_text(f"Tra tien {bad} nha", "purpose", 25)
    assert info.value.field == "purpose"
    assert info.value.message == (
        f"character {bad!r} is not allowed; use letters, digits, space and - . _"
    )
    assert str(info.value) == f"purpose: {info.value.message}"


def test_clean_text_length_error_message() -> None:
    with pytest.raises(PayloadError) as info:
        clean_text("x" * 31, "purpose", 25)
    assert str(info.value) == "purpose: got 31 characters, at most 25 allowed"
    assert info.value.field == "purpose"
    assert isinstance(info.value, ValueError)


def test_clean_text_truncate_drops_and_cuts() -> None:
    assert clean_text("Mừng cưới 😀 Anh & Em", "purpose", 25, truncate=True) == "Mung cuoi Anh Em"
    assert clean_text("Thanh toán hoá đơn tháng mười hai", "purpose", 25, truncate=True) == (
        "Thanh toan hoa don thang"
    )
    assert clean_text("😀😀", "purpose", 25, truncate=True) == ""


def test_crc_check_value() -> None:
    assert crc16(b"123456789") == 0x29B1
    assert crc16(b"") == 0xFFFF


def test_payload_crc_is_uppercase_and_zero_padded() -> None:
    body = (
        "00020101021138580010A000000727012800069704070114190304136010180208QRIBFTTA"
        "53037045802VN6304"
    )
    assert payload_crc(body) == "0283"
    assert (
        payload_crc("00020101021238560010A000000727")
        == payload_crc("00020101021238560010A000000727").upper()
    )


def test_parse_tlv_reads_templates() -> None:
    tags = parse_tlv("000201" + "3812" + "0004ABCD0102XY"[:12] + "5802VN")
    assert tags[0] == TLV("00", "01")
    assert tags[1].tag == "38"
    assert tags[1].value == "0004ABCD0102"
    assert tags[1].children == ()  # "0102" declares 2 characters and none remain: not a template
    tags = parse_tlv("000201" + "3814" + "0004ABCD0102XY" + "5802VN")
    assert tags[1].children == (TLV("00", "ABCD"), TLV("01", "XY"))
    assert tags[1].child("01") == TLV("01", "XY")
    assert tags[2] == TLV("58", "VN")


def test_parse_tlv_round_trips_with_encode() -> None:
    text = encode_tlv([("00", "01"), ("62", encode_tlv([("08", "an com")])), ("58", "VN")])
    assert text == "0002016210" + "0806an com" + "5802VN"
    tags = parse_tlv(text)
    assert [t.tag for t in tags] == ["00", "62", "58"]
    assert tags[1].children == (TLV("08", "an com"),)
    assert tags[0].children == ()  # 00 is not a template
    assert encode_tlv((t.tag, t.value) for t in tags) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("00020101x211", "payload: at position 8: length 'x2' is not two digits"),
        ("000201011x11", "payload: at position 8: length '1x' is not two digits"),
        (
            "0002015420123",
            "payload: at position 6: tag 54 declares 20 characters but only 3 remain",
        ),
        ("000201AB0211", "payload: at position 6: tag 'AB' is not two digits"),
        (
            "00020101",
            "payload: at position 6: '01' is too short for a field "
            "(tag and length need 4 characters)",
        ),
        (
            "00020154001",
            "payload: at position 8: tag 54 declares length 00; values are 1-99 characters",
        ),
    ],
)
def test_parse_tlv_is_strict(text: str, message: str) -> None:
    with pytest.raises(PayloadError) as info:
        parse_tlv(text)
    assert str(info.value) == message
    assert info.value.field == "payload"


@pytest.mark.parametrize("value", ["", "x" * 100])
def test_encode_tlv_refuses_values_outside_1_to_99(value: str) -> None:
    with pytest.raises(PayloadError):
        encode_tlv([("62", value)])


def test_encode_tlv_refuses_bad_tags() -> None:
    with pytest.raises(PayloadError):
        encode_tlv([("6", "x")])
    with pytest.raises(PayloadError):
        encode_tlv([("ab", "x")])
