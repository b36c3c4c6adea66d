"""Every problem in a scanned payload becomes a Defect; decode_payload never raises on content."""

import pytest

from app.vietqr import (
    BankDirectory,
    PayloadError,
    PaymentCode,
    build_payload,
    decode_payload,
    encode_tlv,
    payload_crc,
)

from .vectors import GOLDEN

SAMPLE = GOLDEN["vietqr_io_sample"][0]
STATIC = GOLDEN["acb_static"][0]


def seal(body_fields: list[tuple[str, str]]) -> str:
    """Encode fields and append a correct CRC, so only the intended defect remains."""
    body = encode_tlv(body_fields) + "6304"
    return body + payload_crc(body)


def reseal(payload_without_crc: str) -> str:
    body = payload_without_crc + "6304"
    return body + payload_crc(body)


def account_info(
    bin_: str = "970415", account: str = "113366668888", service: str = "QRIBFTTA"
) -> str:
    return encode_tlv(
        [
            ("00", "A000000727"),
            ("01", encode_tlv([("00", bin_), ("01", account)])),
            ("02", service),
        ]
    )


def codes(payload: str, **kwargs: object) -> list[str]:
    return [d.code for d in decode_payload(payload, **kwargs).defects]  # type: ignore[arg-type]


def only(payload: str, code: str, severity: str = "error") -> None:
    decoded = decode_payload(payload)
    assert [(d.code, d.severity) for d in decoded.defects] == [(code, severity)], decoded.defects
    assert decoded.valid is (severity == "warning")


def test_bad_crc_names_the_expected_value() -> None:
    tampered = SAMPLE[:-4] + "0000"
    decoded = decode_payload(tampered)
    assert not decoded.valid
    (defect,) = decoded.defects
    assert (defect.tag, defect.code, defect.severity) == ("63", "bad_crc", "error")
    assert "'3ACF'" in defect.message and "'0000'" in defect.message
    # the fields are still read, best effort
    assert decoded.code == GOLDEN["vietqr_io_sample"][1]


def test_changed_amount_breaks_the_crc() -> None:
    tampered = SAMPLE.replace("5405790005802", "5405990005802")
    assert codes(tampered) == ["bad_crc"]


def test_lowercase_crc_is_accepted_with_a_warning() -> None:
    # MB Bank writes its CRC in lowercase (…630479db in vietnam-qr-pay's tests)
    lower = SAMPLE[:-4] + SAMPLE[-4:].lower()
    assert lower.endswith("3acf")
    only(lower, "lowercase_crc", "warning")
    assert decode_payload(lower).code == GOLDEN["vietqr_io_sample"][1]


def test_mb_bank_style_lowercase_crc_vector() -> None:
    body = (
        encode_tlv(
            [
                ("00", "01"),
                ("01", "11"),
                ("38", account_info("970422", "0123456789")),
                ("53", "704"),
                ("58", "VN"),
            ]
        )
        + "6304"
    )
    payload = body + payload_crc(body).lower()
    decoded = decode_payload(payload)
    assert decoded.valid
    assert decoded.bank is not None and decoded.bank.short_name == "MBBank"


def test_truncated_payload() -> None:
    cut = SAMPLE[:60]
    decoded = decode_payload(cut)
    assert not decoded.valid
    # the cut, not its consequences (no CRC, no currency, no country, a dynamic code's amount)
    assert [(d.tag, d.code, dict(d.params)) for d in decoded.defects] == [
        ("38", "truncated", {"position": 60})
    ]
    assert "cut off after 60 characters, inside tag 38" in decoded.defects[0].message


def test_lying_length_with_a_correct_crc() -> None:
    # tag 62 says 23 characters but holds 22; the CRC is recomputed so only the structure lies
    lying = reseal(SAMPLE[:-8].replace("62220818", "62230818"))
    decoded = decode_payload(lying)
    assert not decoded.valid
    # 62 swallows the "6" of "6304", so the scan stumbles over the CRC
    assert [(d.tag, d.code) for d in decoded.defects] == [("", "truncated"), ("62", "bad_template")]
    assert decoded.defects[0].message == (
        "at position 121: tag 30 declares 42 characters but only 3 remain"
    )


def test_lying_inner_length() -> None:
    lying = reseal(SAMPLE[:-8].replace("0818Ung", "0819Ung"))
    decoded = decode_payload(lying)
    assert not decoded.valid
    assert [d.code for d in decoded.defects] == ["bad_template"]
    assert decoded.defects[0].tag == "62"


def test_length_that_is_not_digits() -> None:
    broken = reseal(SAMPLE[:-8].replace("5405", "54x5"))
    assert "bad_length" in codes(broken)
    assert not decode_payload(broken).valid


def test_non_ascii_payload() -> None:
    # how vietnam-qr-pay writes "Mừng cưới": length in characters, CRC over UTF-8 bytes
    payload = seal(
        [
            ("00", "01"),
            ("01", "12"),
            ("38", account_info()),
            ("53", "704"),
            ("54", "500000"),
            ("58", "VN"),
            ("62", encode_tlv([("08", "Mừng cưới")])),
        ]
    )
    decoded = decode_payload(payload)
    assert not decoded.valid
    assert codes(payload) == ["non_ascii"]
    assert "'ừ'" in decoded.defects[0].message
    assert decoded.code is not None and decoded.code.purpose == "Mừng cưới"


def test_over_512_characters() -> None:
    fields = [("00", "01"), ("01", "11"), ("38", account_info()), ("53", "704"), ("58", "VN")]
    fields += [(str(tag), "x" * 99) for tag in range(80, 85)]
    payload = seal(fields)
    assert len(payload) > 512
    decoded = decode_payload(payload)
    assert [d.code for d in decoded.defects] == ["too_long"]
    assert not decoded.valid


def test_static_code_with_amount_is_a_warning() -> None:
    payload = reseal(SAMPLE[:-8].replace("010212", "010211"))
    only(payload, "static_with_amount", "warning")


def test_dynamic_code_without_amount_is_an_error() -> None:
    payload = reseal(STATIC[:-8].replace("010211", "010212"))
    only(payload, "dynamic_without_amount")


def test_unknown_bin() -> None:
    payload = build_payload(PaymentCode("123456", "113366668888"))
    decoded = decode_payload(payload)
    assert [(d.tag, d.code) for d in decoded.defects] == [("38.01.00", "unknown_bin")]
    assert not decoded.valid
    assert decoded.bank is None
    assert decoded.code is not None and decoded.code.bank_bin == "123456"


def test_unknown_bin_is_known_in_another_directory() -> None:
    payload = build_payload(PaymentCode("123456", "113366668888"))
    directory = BankDirectory.from_vietqr_io(
        [{"bin": "123456", "code": "TEST", "name": "Test Bank"}], source="test", updated="x"
    )
    decoded = decode_payload(payload, directory=directory)
    assert decoded.valid
    assert decoded.bank is not None and decoded.bank.code == "TEST"


@pytest.mark.parametrize(
    ("fields", "tag", "code"),
    [
        ([("01", "11"), ("00", "01")], "00", "bad_order"),
        ([("00", "02"), ("01", "11")], "00", "bad_format_indicator"),
        ([("01", "11")], "00", "missing_tag"),
        ([("00", "01"), ("01", "13")], "01", "bad_initiation"),
        ([("00", "01"), ("01", "11"), ("01", "11")], "01", "duplicate_tag"),
    ],
)
def test_header_defects(fields: list[tuple[str, str]], tag: str, code: str) -> None:
    payload = seal([*fields, ("38", account_info()), ("53", "704"), ("58", "VN")])
    decoded = decode_payload(payload)
    assert [(d.tag, d.code) for d in decoded.errors] == [(tag, code)]
    assert not decoded.valid


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", "bad_amount"),
        ("100.0", "bad_amount"),
        ("1,000", "bad_amount"),
        ("-5", "bad_amount"),
        ("00100", "bad_amount"),
        ("12345678901234", "bad_amount"),
    ],
)
def test_amount_defects(amount: str, code: str) -> None:
    payload = seal(
        [
            ("00", "01"),
            ("01", "12"),
            ("38", account_info()),
            ("53", "704"),
            ("54", amount),
            ("58", "VN"),
        ]
    )
    decoded = decode_payload(payload)
    assert [(d.tag, d.code) for d in decoded.defects] == [("54", code)]


@pytest.mark.parametrize(
    ("tag", "value", "code"),
    [("53", "840", "bad_currency"), ("58", "TH", "bad_country"), ("52", "58", "bad_mcc")],
)
def test_field_value_defects(tag: str, value: str, code: str) -> None:
    fields = {"00": "01", "01": "11", "38": account_info(), "53": "704", "58": "VN"}
    fields[tag] = value
    payload = seal(sorted(fields.items()))
    assert [(d.tag, d.code) for d in decode_payload(payload).defects] == [(tag, code)]


@pytest.mark.parametrize("missing", ["53", "58", "38"])
def test_missing_mandatory_tags(missing: str) -> None:
    fields = {"00": "01", "01": "11", "38": account_info(), "53": "704", "58": "VN"}
    del fields[missing]
    decoded = decode_payload(seal(sorted(fields.items())))
    assert ("missing_tag", "error") in [(d.code, d.severity) for d in decoded.defects]
    assert not decoded.valid


def test_crc_not_last() -> None:
    body = encode_tlv([("00", "01"), ("01", "11"), ("38", account_info()), ("53", "704")])
    payload = body + "6304ABCD" + "5802VN"
    decoded = decode_payload(payload)
    assert ("63", "bad_order") in [(d.tag, d.code) for d in decoded.defects]
    assert not decoded.valid


def test_crc_of_wrong_length() -> None:
    payload = encode_tlv(
        [
            ("00", "01"),
            ("01", "11"),
            ("38", account_info()),
            ("53", "704"),
            ("58", "VN"),
            ("63", "ABC"),
        ]
    )
    assert ("63", "bad_crc") in [(d.tag, d.code) for d in decode_payload(payload).defects]


@pytest.mark.parametrize(
    ("inner", "tag", "code"),
    [
        (account_info(bin_="97041"), "38.01.00", "bad_bin"),
        (account_info(account="1" * 20), "38.01.01", "field_too_long"),
        (account_info(account="12/34"), "38.01.01", "bad_account"),
        (account_info(account="1234", service="QRIBFTTC"), "38.01.01", "bad_account"),
        (encode_tlv([("00", "A000000727"), ("02", "QRIBFTTA")]), "38.01", "missing_tag"),
        (
            encode_tlv([("00", "A000000727"), ("01", encode_tlv([("00", "970415")]))]),
            "38.02",
            "missing_tag",
        ),
    ],
)
def test_merchant_account_defects(inner: str, tag: str, code: str) -> None:
    payload = seal([("00", "01"), ("01", "11"), ("38", inner), ("53", "704"), ("58", "VN")])
    found = [(d.tag, d.code) for d in decode_payload(payload).errors]
    assert (tag, code) in found, found


def test_sub_fields_over_their_limit_are_warnings() -> None:
    payload = seal(
        [
            ("00", "01"),
            ("01", "11"),
            ("38", account_info()),
            ("53", "704"),
            ("58", "VN"),
            ("59", "CONG TY DIEN LUC HA NOI EVN HN"),
            ("60", "THANH PHO HA NOI"),
            ("62", encode_tlv([("08", "Thanh toan tien dien thang 10")])),
        ]
    )
    decoded = decode_payload(payload)
    assert [(d.tag, d.code, d.severity) for d in decoded.defects] == [
        ("59", "field_too_long", "warning"),
        ("60", "field_too_long", "warning"),
        ("62.08", "field_too_long", "warning"),
    ]
    assert decoded.valid
    assert decoded.code is not None
    assert decoded.code.merchant_name == "CONG TY DIEN LUC HA NOI EVN HN"


def test_unknown_tags_are_kept() -> None:
    payload = seal(
        [
            ("00", "01"),
            ("01", "11"),
            ("38", account_info("970454", "99MM24011M12345678")),
            ("53", "704"),
            ("58", "VN"),
            ("80", "046"),
            ("99", encode_tlv([("00", "x")])),
        ]
    )
    decoded = decode_payload(payload)
    assert decoded.valid, decoded.defects
    tags = {t.tag: t for t in decoded.tags}
    assert tags["80"].value == "046"
    assert tags["99"].children[0].value == "x"


def test_vnpay_qr_is_recognised() -> None:
    merchant = encode_tlv([("00", "A000000775"), ("01", "0105314287")])
    payload = seal(
        [
            ("00", "01"),
            ("01", "11"),
            ("26", merchant),
            ("52", "5812"),
            ("53", "704"),
            ("58", "VN"),
            ("59", "QUAN PHO HA NOI"),
            ("60", "HA NOI"),
            ("62", encode_tlv([("03", "CUA HANG 1"), ("07", "QUAY 1")])),
        ]
    )
    decoded = decode_payload(payload)
    assert decoded.provider == "VNPAY-QR"
    assert decoded.code is None
    assert decoded.bank is None
    assert [(d.code, d.severity) for d in decoded.defects] == [("not_vietqr", "warning")]
    assert "VNPAY-QR" in decoded.defects[0].message
    assert decoded.to_dict()["provider"] == "VNPAY-QR"
    assert decoded.to_dict()["account"] is None


def test_unknown_provider_is_named_by_its_guid() -> None:
    merchant = encode_tlv([("00", "vn.example.pay"), ("01", "12345")])
    payload = seal([("00", "01"), ("01", "11"), ("27", merchant), ("53", "704"), ("58", "VN")])
    decoded = decode_payload(payload)
    assert decoded.provider == "vn.example.pay"
    assert decoded.code is None


def test_merchant_payment_service_is_not_a_transfer() -> None:
    payload = seal(
        [
            ("00", "01"),
            ("01", "11"),
            ("38", account_info(service="QRPUSH")),
            ("53", "704"),
            ("58", "VN"),
        ]
    )
    decoded = decode_payload(payload)
    assert decoded.provider == "VietQR (NAPAS)"
    assert decoded.code is None
    assert [d.code for d in decoded.defects] == ["unsupported_service"]


@pytest.mark.parametrize(
    "junk",
    ["hello", "https://example.com/pay?x=1", "0", "00020", "6304ABCD", "😀" * 3, "\x00\x01"],
)
def test_junk_never_raises(junk: str) -> None:
    decoded = decode_payload(junk)
    assert not decoded.valid
    assert decoded.code is None
    assert decoded.defects


def test_control_characters_inside() -> None:
    payload = reseal(STATIC[:-8].replace("5802VN", "5802V\x07"))
    assert "non_printable" in codes(payload)


def test_surrounding_whitespace_is_stripped() -> None:
    decoded = decode_payload(f"  {SAMPLE}\n")
    assert decoded.valid
    assert decoded.payload == SAMPLE


@pytest.mark.parametrize("bad", [None, 12345, b"000201", ["000201"]])
def test_non_text_raises(bad: object) -> None:
    with pytest.raises(PayloadError) as info:
        decode_payload(bad)  # type: ignore[arg-type]
    assert info.value.field == "payload"


@pytest.mark.parametrize("empty", ["", "   \n"])
def test_empty_raises(empty: str) -> None:
    with pytest.raises(PayloadError) as info:
        decode_payload(empty)
    assert str(info.value) == "payload: is empty"


def test_every_reported_code_is_listed_in_defect_codes() -> None:
    """Pages translate defects by code: a new code must be listed (and so translated)."""
    import re
    from pathlib import Path

    from app.vietqr import DEFECT_CODES

    core = Path(__file__).resolve().parents[2] / "app" / "vietqr"
    source = (core / "decoding.py").read_text() + (core / "tlv.py").read_text()
    reported = set(re.findall(r'(?:error|warn)\(\s*[^,]+,\s*"([a-z_]+)"', source))
    reported |= set(re.findall(r'^\s*"(bad_tag|bad_length|truncated)",?$', source, re.M))
    assert reported, "the pattern no longer finds the codes: update this test"
    assert reported <= set(DEFECT_CODES), reported - set(DEFECT_CODES)


@pytest.mark.parametrize(
    "payload",
    [
        "\ud800",
        SAMPLE[:-4] + "\udfff\ud800",  # the CRC field itself
        SAMPLE.replace("Ung Ho", "Ung\ud800o"),  # inside a value, lengths intact
        reseal(SAMPLE[:-8].replace("Ung Ho", "Ung\ud800o")),  # ... with a CRC over it
        "0002\ud83d\ude00" + SAMPLE[4:],  # a well-formed pair (emoji) where digits belong
        "\x00" * 10,
        "\U0010ffff" * 8 + "6304ABCD",
    ],
)
def test_lone_surrogates_and_any_unicode_are_defects_not_exceptions(payload: str) -> None:
    decoded = decode_payload(payload)
    assert not decoded.valid
    assert {d.code for d in decoded.errors} & {
        "non_ascii",
        "non_printable",
        "bad_tag",
        "not_a_code",
    }


def test_crc_of_any_text() -> None:
    assert payload_crc("abc\ud800") == payload_crc("abc\ud800")
    assert payload_crc("abc\ud800") != payload_crc("abc\ud801")
    assert payload_crc("123456789") == "29B1"


def test_messages_quote_long_input_briefly() -> None:
    huge = "x" * 9_000_000
    for call in (
        lambda: BankDirectory.load().find(huge),
        lambda: build_payload(PaymentCode(bank_bin="970415", account="1", amount=huge)),  # type: ignore[arg-type]
    ):
        with pytest.raises(PayloadError) as err:
            call()
        assert len(str(err.value)) < 200 and "9000000 characters" in str(err.value)
