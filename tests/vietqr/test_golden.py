"""Golden vectors: whole payload strings, CRC included, in both directions."""

from dataclasses import replace

import pytest

from app.vietqr import (
    PaymentCode,
    build_payload,
    decode_payload,
    default_directory,
    parse_amount,
)

from .vectors import GOLDEN

CASES = list(GOLDEN.values())
IDS = list(GOLDEN)


@pytest.mark.parametrize(("payload", "code"), CASES, ids=IDS)
def test_build_gives_the_exact_payload(payload: str, code: PaymentCode) -> None:
    assert build_payload(code, directory=default_directory()) == payload


@pytest.mark.parametrize(("payload", "code"), CASES, ids=IDS)
def test_build_with_automatic_initiation_gives_the_same_payload(
    payload: str, code: PaymentCode
) -> None:
    auto = PaymentCode(**{**code.__dict__, "initiation": None})
    assert build_payload(auto) == payload


@pytest.mark.parametrize(("payload", "code"), CASES, ids=IDS)
def test_decode_gives_the_fields(payload: str, code: PaymentCode) -> None:
    decoded = decode_payload(payload)
    assert decoded.valid, decoded.defects
    assert decoded.defects == ()
    assert decoded.code == code
    assert decoded.provider == "VietQR (NAPAS)"
    assert decoded.bank is not None and decoded.bank.bin == code.bank_bin
    assert decoded.initiation == code.initiation
    assert decoded.payload == payload


@pytest.mark.parametrize(("payload", "code"), CASES, ids=IDS)
def test_decode_then_build_gives_the_same_bytes(payload: str, code: PaymentCode) -> None:
    decoded = decode_payload(payload)
    assert decoded.code is not None
    assert build_payload(decoded.code) == payload


def build(bank: str, account: str, amount: int | str, purpose: str) -> str:
    """A payload from what a person types: the bank by name, the amount as text."""
    directory = default_directory()
    code = PaymentCode(directory.find(bank).bin, account, amount=parse_amount(amount))
    return build_payload(replace(code, purpose=purpose), directory=directory)


def test_vietqr_io_sample_from_friendly_inputs() -> None:
    payload, _ = GOLDEN["vietqr_io_sample"]
    assert build("Vietin Bank", "1133 6666 8888", "79000", "Ủng Hộ Quỹ Vắc Xin") == payload
    assert build("ICB", "113366668888", 79000, "Ung Ho Quy Vac Xin") == payload


def test_vietnamese_purpose_is_transliterated() -> None:
    payload, _ = GOLDEN["acb_dynamic_purpose"]
    code = PaymentCode("970416", "257-678-859", amount=10000, purpose="  Chuyển   tiền ")
    assert build_payload(code) == payload


def test_decode_to_dict_is_json_ready() -> None:
    import json

    payload, _ = GOLDEN["napas_dynamic_bill_purpose"]
    data = decode_payload(payload).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["valid"] is True
    assert data["bin"] == "970403"
    assert data["bank"]["short_name"] == "Sacombank"
    assert data["account"] == "0011012345678"
    assert data["amount"] == 180000
    assert data["bill_number"] == "NPS6869"
    assert data["purpose"] == "thanh toan don hang"
    assert data["initiation"] == "dynamic"
    assert data["service"] == "account"
    assert data["defects"] == []
    tag38 = next(t for t in data["tags"] if t["tag"] == "38")
    assert [c["tag"] for c in tag38["children"]] == ["00", "01", "02"]
    assert {"tag", "value", "children"} == set(tag38)
