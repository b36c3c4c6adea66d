"""Property tests: both round trips, and the decoder's robustness."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.vietqr import (
    PaymentCode,
    build_payload,
    decode_payload,
    default_directory,
    normalise_code,
)

SAFE = string.ascii_letters + string.digits + " -._"
BINS = [bank.bin for bank in default_directory()]

texts = st.text(alphabet=SAFE, max_size=25)
vietnamese = st.text(
    alphabet=st.sampled_from(
        "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệ"
        "ìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐĂÂÊÔƠƯ 0123456789"
    ),
    max_size=25,
)


@st.composite
def payment_codes(draw: st.DrawFn) -> PaymentCode:
    service = draw(st.sampled_from(["account", "card"]))
    if service == "card":
        account = draw(st.text(alphabet=string.digits, min_size=16, max_size=19))
    else:
        account = draw(
            st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=19)
        )
    amount = draw(st.none() | st.integers(min_value=1, max_value=10**13 - 1))
    initiation = draw(
        st.sampled_from([None, "static"] if amount is None else [None, "static", "dynamic"])
    )
    return PaymentCode(
        bank_bin=draw(st.sampled_from(BINS) | st.from_regex(r"\A[0-9]{6}\Z")),
        account=account,
        service=service,
        amount=amount,
        purpose=draw(st.none() | texts | vietnamese),
        bill_number=draw(st.none() | texts),
        reference=draw(st.none() | texts),
        merchant_name=draw(st.none() | texts),
        merchant_city=draw(st.none() | st.text(alphabet=SAFE, max_size=15)),
        initiation=initiation,
        mcc=draw(st.none() | st.from_regex(r"\A[0-9]{4}\Z")),
    )


@given(payment_codes())
def test_decode_of_build_gives_the_normalised_code(code: PaymentCode) -> None:
    payload = build_payload(code)
    decoded = decode_payload(payload)
    expected = normalise_code(code)
    assert decoded.code == expected
    assert decoded.initiation == expected.initiation
    errors = [d for d in decoded.defects if d.severity == "error"]
    assert [d.code for d in errors] == ([] if code.bank_bin in BINS else ["unknown_bin"])
    assert payload.isascii() and len(payload) <= 512


@given(payment_codes())
def test_build_of_decode_gives_the_same_bytes(code: PaymentCode) -> None:
    payload = build_payload(code)
    decoded = decode_payload(payload)
    assert decoded.code is not None
    assert build_payload(decoded.code) == payload


@given(payment_codes(), st.text(max_size=60))
def test_truncate_accepts_any_purpose(code: PaymentCode, purpose: str) -> None:
    code = PaymentCode(**{**code.__dict__, "purpose": purpose})
    payload = build_payload(code, truncate=True)
    decoded = decode_payload(payload)
    assert payload.isascii()
    assert decoded.code is not None
    assert decoded.code.purpose is None or len(decoded.code.purpose) <= 25


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_decode_never_raises_on_text(text: str) -> None:
    if not text.strip():
        return
    decoded = decode_payload(text)
    assert decoded.valid == (not any(d.severity == "error" for d in decoded.defects))


@given(payment_codes(), st.data())
def test_any_single_character_change_is_caught(code: PaymentCode, data: st.DataObject) -> None:
    payload = build_payload(code, directory=None)
    position = data.draw(st.integers(min_value=0, max_value=len(payload) - 1))
    old = payload[position]
    new = data.draw(
        st.sampled_from(string.ascii_letters + string.digits).filter(lambda c: c != old)
    )
    changed = payload[:position] + new + payload[position + 1 :]
    decoded = decode_payload(changed)
    if position >= len(payload) - 4 and new.upper() == old:
        assert [d.code for d in decoded.defects if d.severity == "error"] in ([], ["unknown_bin"])
    else:
        assert not decoded.valid
