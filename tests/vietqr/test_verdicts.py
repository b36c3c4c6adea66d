"""The decoder names the cause, once: text that is no payment code, another country's code, a
payload cut short. And every decoded payload carries a verdict and a one-line summary."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.vietqr import PaymentCode, build_payload, decode_payload, encode_tlv, payload_crc
from app.vietqr.tlv import scan

from .test_properties import BINS, payment_codes
from .vectors import GOLDEN

SAMPLE = GOLDEN["vietqr_io_sample"][0]


def seal(fields: list[tuple[str, str]]) -> str:
    body = encode_tlv(fields) + "6304"
    return body + payload_crc(body)


def promptpay(country: str = "TH") -> str:
    """A Thai PromptPay code (EMVCo, merchant template 29), CRC correct."""
    merchant = encode_tlv([("00", "A000000677010111"), ("01", "0066812345678")])
    return seal(
        [("00", "01"), ("01", "11"), ("29", merchant), ("53", "764"), ("58", country)],
    )


# ---- not a payment code ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "Xin chào, quét mã để nhận quà",
        "0912345678",  # a phone number
        "WIFI:S:Quan Pho;T:WPA;P:12345678;;",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Nguyen Van A\nEND:VCARD",
        "6304ABCD",  # a CRC and nothing else
        "\x00\x01",
        "😀😀😀",
        "\ud800",
    ],
)
def test_text_that_is_no_code_gets_one_defect(text: str) -> None:
    decoded = decode_payload(text)
    assert [(d.tag, d.code, d.severity) for d in decoded.defects] == [("", "not_a_code", "error")]
    assert not decoded.valid
    assert decoded.verdict == "do_not_pay"
    assert decoded.code is None and decoded.bank is None and decoded.provider is None
    assert decoded.summary.startswith("Do not pay: this is not a payment code")
    assert "and 1 more" not in decoded.summary


@pytest.mark.parametrize(
    ("link", "host"),
    [
        ("https://example.com/pay?x=1", "example.com"),
        ("https://zalo.me/0912345678", "zalo.me"),
        ("http://Bit.ly/3abcDEF", "bit.ly"),
        ("www.vietcombank.com.vn/khuyen-mai", "www.vietcombank.com.vn"),
    ],
)
def test_a_link_is_named_as_a_link(link: str, host: str) -> None:
    decoded = decode_payload(link)
    (defect,) = decoded.defects
    assert defect.code == "not_a_code"
    assert dict(defect.params) == {"host": host}
    assert f"a link to {host}, not a payment code" in defect.message
    assert decoded.to_dict()["defects"][0]["params"] == {"host": host}


def test_a_broken_link_is_still_no_code() -> None:
    (defect,) = decode_payload("http://[::1/pay").defects
    assert defect.code == "not_a_code" and dict(defect.params) == {}


def test_another_countrys_code_is_one_defect() -> None:
    decoded = decode_payload(promptpay())
    assert [(d.tag, d.code) for d in decoded.defects] == [("58", "foreign_code")]
    assert dict(decoded.defects[0].params) == {"country": "TH"}
    assert decoded.provider == "PromptPay (Thailand)"
    assert decoded.verdict == "do_not_pay" and decoded.code is None
    # without this, it would list a wrong currency, a wrong country and "not VietQR"
    damaged = promptpay()[:-4] + "0000"
    assert [d.code for d in decode_payload(damaged).defects] == ["foreign_code"]


def test_a_vietqr_code_with_a_wrong_country_keeps_its_field_defect() -> None:
    payload = SAMPLE[:-8].replace("5802VN", "5802TH") + "6304"
    payload += payload_crc(payload)
    assert [d.code for d in decode_payload(payload).defects] == ["bad_country"]


def test_emvco_fields_out_of_order_are_not_called_junk() -> None:
    """Tag 00 not first, or missing, is a field defect of a real code, not "no code"."""
    merchant = SAMPLE[12:72]  # tag 38 as it is
    assert merchant.startswith("3856")
    fields = [("01", "11"), ("38", merchant[4:]), ("53", "704"), ("58", "VN")]
    assert [d.code for d in decode_payload(seal(fields)).errors] == ["missing_tag"]
    assert [d.code for d in decode_payload(seal([*fields, ("00", "01")])).errors] == ["bad_order"]


# ---- a payload cut short --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_every_cut_of_a_real_payload_is_one_defect(name: str) -> None:
    payload = GOLDEN[name][0]
    for n in range(1, len(payload)):
        cut = payload[:n]
        decoded = decode_payload(cut)
        stops = len(cut.strip())  # a cut after a space: the space is stripped
        # A cut between whole fields, after every mandatory one (58, the country, is the last
        # of them in these payloads), is a missing CRC; any other cut is "truncated".
        between_fields = scan(cut.strip())[1] is None
        whole = between_fields and "5802VN" in cut
        expected = "crc_missing" if whole else "truncated"
        assert [d.code for d in decoded.defects] == [expected], (n, decoded.defects)
        (defect,) = decoded.defects
        assert dict(defect.params) == {"position": stops}
        assert not decoded.valid and decoded.verdict == "do_not_pay"


def test_the_cut_says_which_field_it_falls_in() -> None:
    for n, tag in ((3, "00"), (10, "01"), (40, "38"), (100, "62"), (122, "63"), (126, "63")):
        (defect,) = decode_payload(SAMPLE[:n]).defects
        assert (defect.tag, defect.code) == (tag, "truncated"), n
        assert f"cut off after {n} characters, inside tag {tag}" in defect.message
    # at a field boundary: after which field, and what is missing
    (defect,) = decode_payload(SAMPLE[:88]).defects  # ends after 540579000
    assert (defect.tag, defect.code) == ("", "truncated")
    assert "after tag 54" in defect.message and "CRC (tag 63)" in defect.message
    (defect,) = decode_payload(SAMPLE[:94]).defects  # after 5802VN: every mandatory field
    assert (defect.tag, defect.code) == ("63", "crc_missing")
    (defect,) = decode_payload(SAMPLE[:120]).defects  # everything but the CRC
    assert (defect.tag, defect.code) == ("63", "crc_missing")
    assert "at position 120" in defect.message


def test_a_cut_keeps_real_defects_of_what_was_read() -> None:
    cut = SAMPLE.replace("Ung Ho", "Ủng Hộ")[:110]
    assert [d.code for d in decode_payload(cut).defects] == ["non_ascii", "truncated"]


def test_a_scan_stopped_by_damage_does_not_guess_what_is_missing() -> None:
    """Damage in the middle: the unread rest may hold the currency, the country and the CRC."""
    damaged = SAMPLE[:72] + "xx" + SAMPLE[72:-8]
    assert [d.code for d in decode_payload(damaged).defects] == ["bad_tag"]


def test_a_lying_length_before_a_correct_crc_is_not_a_cut() -> None:
    body = SAMPLE[:-8].replace("62220818", "62230818") + "6304"
    codes = [d.code for d in decode_payload(body + payload_crc(body)).defects]
    assert codes == ["truncated", "bad_template"]  # the scan's own message, see test_decode


FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(payment_codes(), st.sampled_from(BINS[:40]), st.data())
def test_any_cut_of_any_built_payload_is_one_cut(
    code: PaymentCode, bin_: str, data: st.DataObject
) -> None:
    payload = build_payload(dataclasses.replace(code, bank_bin=bin_))
    whole = decode_payload(payload)
    n = data.draw(st.integers(min_value=1, max_value=len(payload) - 1))
    decoded = decode_payload(payload[:n])
    assert [d.code for d in decoded.errors] in (["truncated"], ["crc_missing"])
    assert {d.code for d in decoded.defects if d.severity == "warning"} <= {
        d.code for d in whole.defects
    }


# ---- verdict and summary --------------------------------------------------------------------


def test_a_good_code_says_who_is_paid() -> None:
    decoded = decode_payload(SAMPLE)
    assert decoded.verdict == "pay"
    assert decoded.summary == "Pays 79000 VND to account 113366668888 at VietinBank"
    data = decoded.to_dict()
    assert (data["verdict"], data["summary"]) == ("pay", decoded.summary)
    static = decode_payload(GOLDEN["acb_static"][0])
    assert static.summary == "Pays an amount the payer types to account 257678859 at ACB"


def test_another_providers_code_asks_to_check_the_payee() -> None:
    merchant = encode_tlv([("00", "A000000775"), ("01", "0105314287")])
    payload = seal([("00", "01"), ("01", "11"), ("26", merchant), ("53", "704"), ("58", "VN")])
    decoded = decode_payload(payload)
    assert decoded.valid and decoded.verdict == "check_payee"
    assert decoded.summary.startswith("A VNPAY-QR code that is not a VietQR transfer")


def test_a_bad_code_summary_counts_the_other_problems() -> None:
    payload = SAMPLE.replace("5303704", "5303840")[:-4] + "0000"
    decoded = decode_payload(payload)
    assert [d.code for d in decoded.errors] == ["bad_crc", "bad_currency"]
    assert decoded.summary.startswith("Do not pay: the CRC is '0000'")
    assert decoded.summary.endswith("(and 1 more problem(s))")
