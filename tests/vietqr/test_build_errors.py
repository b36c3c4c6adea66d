"""Every bad input to the builder raises PayloadError naming the field."""

import pytest

from app.vietqr import (
    PayloadError,
    PaymentCode,
    build_payload,
    decode_payload,
    default_directory,
    normalise_account,
    normalise_code,
    parse_amount,
)


def error_of(code: PaymentCode, **kwargs: object) -> PayloadError:
    with pytest.raises(PayloadError) as info:
        build_payload(code, **kwargs)  # type: ignore[arg-type]
    return info.value


# --- bank ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bin_", ["97041", "9704155", "97041a", "", "\uff19\uff17\uff10\uff14\uff11\uff15"]
)
def test_bin_must_be_six_ascii_digits(bin_: str) -> None:
    err = error_of(PaymentCode(bin_, "123456"))
    assert err.field == "bank"
    assert "6 digits" in err.message


def test_unknown_bin_with_a_directory() -> None:
    err = error_of(PaymentCode("123456", "123456"), directory=default_directory())
    assert err.field == "bank"
    assert "123456" in err.message
    # without a directory any well-formed BIN is accepted
    assert build_payload(PaymentCode("123456", "123456"))


def test_finding_a_bank_by_name_refuses_an_unknown_one() -> None:
    with pytest.raises(PayloadError) as info:
        default_directory().find("xyz")
    assert str(info.value) == "bank: unknown bank 'xyz'"


# --- account ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("1133 6666 8888", "113366668888"),
        ("1133-6666-8888", "113366668888"),
        ("1133.6666.8888", "113366668888"),
        (" 113366668888 ", "113366668888"),
        ("MS00P00000000647117", "MS00P00000000647117"),
        ("mynamebvh", "mynamebvh"),
    ],
)
def test_account_separators_are_stripped_and_case_kept(given: str, expected: str) -> None:
    assert normalise_account(given, "account") == expected
    code = decode_payload(build_payload(PaymentCode("970415", given))).code
    assert code is not None and code.account == expected


def test_account_over_19_characters() -> None:
    err = error_of(PaymentCode("970415", "1" * 20))
    assert str(err) == "account: got 20 characters, at most 19 allowed"
    assert normalise_account("1" * 19, "account") == "1" * 19


@pytest.mark.parametrize("account", ["1234/5678", "12345_678", "Tài123", "12@34", ""])
def test_account_characters(account: str) -> None:
    err = error_of(PaymentCode("970415", account))
    assert err.field == "account"


@pytest.mark.parametrize("card", ["970403110123456", "97040311012345678901", "9704 0311 0123 456"])
def test_card_number_length(card: str) -> None:
    err = error_of(PaymentCode("970403", card, service="card"))
    assert err.field == "account"
    assert "16 to 19 digits" in err.message


def test_card_number_digits_only() -> None:
    err = error_of(PaymentCode("970403", "97040311012345AB", service="card"))
    assert err.message == "a card number has digits only, got 'A'"


@pytest.mark.parametrize("card", ["9704 0311 0123 4567", "9704031101234567890"])
def test_card_numbers_accepted(card: str) -> None:
    assert normalise_account(card, "card") == card.replace(" ", "")


def test_unknown_service() -> None:
    err = error_of(PaymentCode("970403", "123", service="atm"))
    assert err.field == "service"


# --- amount -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [
        (0, "positive"),
        (-5000, "positive"),
        ("0", "positive"),
        ("-5000", "positive"),
        (50000.0, "float"),
        (50.5, "float"),
        ("50.5", "fraction"),
        ("50,5", "fraction"),
        ("50.000", "write digits only, e.g. 50000"),
        ("50,000", "write digits only, e.g. 50000"),
        ("50 000", "write digits only, e.g. 50000"),
        ("1.000.000", "write digits only, e.g. 1000000"),
        (10**13, "got 14 digits, at most 13 allowed"),
        ("12345678901234", "got 14 digits, at most 13 allowed"),
        (True, "boolean"),
        (False, "boolean"),
        ("50k", "not a number"),
        ("\uff15\uff10\uff10\uff10\uff10", "not a number"),
        ("1e5", "not a number"),
    ],
)
def test_bad_amounts(amount: object, fragment: str) -> None:
    with pytest.raises(PayloadError) as info:
        parse_amount(amount)  # type: ignore[arg-type]
    assert info.value.field == "amount"
    assert fragment in info.value.message
    err = error_of(PaymentCode("970415", "113366668888", amount=amount))  # type: ignore[arg-type]
    assert err.field == "amount"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (None, None),
        (1, 1),
        ("79000", 79000),
        (" 79000 ", 79000),
        (10**13 - 1, 10**13 - 1),
        ("", None),
    ],
)
def test_good_amounts(amount: int | str | None, expected: int | None) -> None:
    assert parse_amount(amount) == expected


# --- texts --------------------------------------------------------------------------------------


def test_purpose_with_emoji() -> None:
    err = error_of(PaymentCode("970415", "113366668888", purpose="Mừng cưới 😀"))
    assert str(err) == (
        "purpose: character '😀' is not allowed; use letters, digits, space and - . _"
    )


def test_purpose_too_long() -> None:
    err = error_of(PaymentCode("970415", "113366668888", purpose="a" * 26))
    assert str(err) == "purpose: got 26 characters, at most 25 allowed"


def test_purpose_truncate_path() -> None:
    code = PaymentCode(
        "970415", "113366668888", purpose="Mừng cưới 😀 anh Tuấn và chị Hương nhé", amount=500000
    )
    payload = build_payload(code, truncate=True)
    decoded = decode_payload(payload)
    assert decoded.valid
    assert decoded.code is not None
    assert decoded.code.purpose == "Mung cuoi anh Tuan va chi"
    assert payload.isascii()


def test_purpose_of_only_bad_characters_truncates_to_nothing() -> None:
    payload = build_payload(PaymentCode("970415", "113366668888", purpose="😀😀"), truncate=True)
    assert "62" not in [t.tag for t in decode_payload(payload).tags]


@pytest.mark.parametrize(
    ("field", "limit"),
    [("bill_number", 25), ("reference", 25), ("merchant_name", 25), ("merchant_city", 15)],
)
def test_other_text_limits(field: str, limit: int) -> None:
    ok = PaymentCode("970415", "113366668888", **{field: "A" * limit})  # type: ignore[arg-type]
    assert build_payload(ok)
    err = error_of(PaymentCode("970415", "113366668888", **{field: "A" * (limit + 1)}))  # type: ignore[arg-type]
    assert err.field == field
    assert err.message == f"got {limit + 1} characters, at most {limit} allowed"


def test_mcc_must_be_four_digits() -> None:
    err = error_of(PaymentCode("970415", "113366668888", mcc="58a1"))
    assert err.field == "mcc"


# --- initiation ---------------------------------------------------------------------------------


def test_initiation_rule_and_overrides() -> None:
    static = normalise_code(PaymentCode("970415", "1", amount=None))
    dynamic = normalise_code(PaymentCode("970415", "1", amount=5000))
    assert static.initiation == "static"
    assert dynamic.initiation == "dynamic"
    priced_sign = build_payload(PaymentCode("970415", "1", amount=5000, initiation="static"))
    assert priced_sign.startswith("000201010211")
    decoded = decode_payload(priced_sign)
    assert decoded.valid
    assert [d.code for d in decoded.defects] == ["static_with_amount"]
    assert decoded.defects[0].severity == "warning"


def test_dynamic_without_amount_is_refused() -> None:
    err = error_of(PaymentCode("970415", "1", initiation="dynamic"))
    assert err.field == "initiation"


def test_unknown_initiation() -> None:
    err = error_of(PaymentCode("970415", "1", initiation="once"))
    assert err.field == "initiation"


def test_payload_is_ascii_and_short() -> None:
    payload = build_payload(
        PaymentCode(
            "970415",
            "1" * 19,
            amount=10**13 - 1,
            purpose="P" * 25,
            bill_number="B" * 25,
            reference="R" * 25,
            merchant_name="N" * 25,
            merchant_city="C" * 15,
            mcc="5812",
        )
    )
    assert payload.isascii()
    assert len(payload) <= 512
    assert decode_payload(payload).valid


# --- codes and params: what a caller reads instead of the English text ---------------------------


@pytest.mark.parametrize(
    ("code", "kwargs", "field", "error_code", "params"),
    [
        (PaymentCode("970415", "1" * 20), {}, "account", "too_long", {"got": 20, "most": 19}),
        (
            PaymentCode("970415", "1", purpose="x" * 31),
            {},
            "purpose",
            "too_long",
            {"got": 31, "most": 25},
        ),
        (
            PaymentCode("970415", "1", amount="50.000"),  # type: ignore[arg-type]
            {},
            "amount",
            "separators",
            {"digits": "50000"},
        ),
        (
            PaymentCode("970403", "1" * 15, service="card"),
            {},
            "account",
            "bad_length",
            {"got": 15, "least": 16, "most": 19},
        ),
        (PaymentCode("970415", "12@34"), {}, "account", "bad_character", {"character": "@"}),
        (PaymentCode("123456", "1"), {"directory": default_directory()}, "bank", "unknown", {}),
        (PaymentCode("970415", "1", initiation="dynamic"), {}, "initiation", "needs_amount", {}),
    ],
)
def test_errors_carry_a_code_and_params(
    code: PaymentCode,
    kwargs: dict[str, object],
    field: str,
    error_code: str,
    params: dict[str, object],
) -> None:
    err = error_of(code, **kwargs)
    assert (err.field, err.code, err.params) == (field, error_code, params)


@pytest.mark.parametrize(
    ("value", "got"), [(10**13, 14), (10**30, 31), (10**5000, 4000)], ids=["14", "31", "5001"]
)
def test_a_huge_integer_amount_reports_its_real_digit_count(value: int, got: int) -> None:
    with pytest.raises(PayloadError) as caught:
        parse_amount(value)
    assert caught.value.code == "too_long" and caught.value.params == {"got": got, "most": 13}
