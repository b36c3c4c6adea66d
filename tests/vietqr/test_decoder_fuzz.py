"""Fuzzing the payload decoder: whatever text comes in, `decode_payload` answers with a result.

The decoder's promise (app/vietqr/decoding.py): bad content never raises, it becomes defects.
Only a blank input is refused (a PayloadError "is empty", documented). Three kinds of input:

- valid payloads mutated (characters replaced, inserted, deleted, lengths changed, fields
  swapped) with the CRC fixed up by the core's own `payload_crc`, so the decoder goes past the
  checksum into the fields;
- random TLV trees (templates nested in the tags that hold them, any values);
- any Unicode text, lone surrogates included.
"""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.vietqr import (
    DEFECT_CODES,
    DecodedPayload,
    PayloadError,
    PaymentCode,
    build_payload,
    decode_payload,
    encode_tlv,
    payload_crc,
)
from app.vietqr.tlv import is_template_tag
from tests.vietqr.test_properties import payment_codes

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Every code point, lone surrogates (U+D800-U+DFFF) and controls included.
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=())
payload_char = st.sampled_from(string.ascii_letters + string.digits + " -._") | any_char


def with_crc(body: str) -> str:
    """`body` + "6304" + its CRC, computed by the core (as a scanner app would)."""
    body += "6304"
    try:
        return body + payload_crc(body)
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8 bytes to checksum
        return body + "0000"


def assert_answers(text: str) -> DecodedPayload:
    """The decoder returns a well-formed result for `text` (blank text is the one refusal)."""
    result = decode_payload(text)
    assert isinstance(result, DecodedPayload)
    assert result.valid == (not result.errors)
    assert {d.code for d in result.defects} <= set(DEFECT_CODES)
    assert all(d.severity in ("error", "warning") for d in result.defects)
    json.dumps(result.to_dict())  # the API and the pages can show it
    return result


# ---- mutated valid payloads -----------------------------------------------------------------


@st.composite
def mutated_payloads(draw: st.DrawFn) -> str:
    payload = build_payload(draw(payment_codes()))
    body = payload[:-8]  # without "6304" + CRC
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        i = draw(st.integers(min_value=0, max_value=len(body)))
        kind = draw(st.sampled_from(["replace", "insert", "delete", "length", "swap", "cut"]))
        if kind == "replace" and i < len(body):
            body = body[:i] + draw(payload_char) + body[i + 1 :]
        elif kind == "insert":
            body = body[:i] + draw(st.text(payload_char, min_size=1, max_size=6)) + body[i:]
        elif kind == "delete":
            j = draw(st.integers(min_value=i, max_value=min(len(body), i + 6)))
            body = body[:i] + body[j:]
        elif kind == "length" and i + 2 <= len(body):
            body = body[:i] + draw(st.sampled_from(["00", "99", "0", "-1", "١٢"])) + body[i + 2 :]
        elif kind == "swap":
            j = draw(st.integers(min_value=0, max_value=len(body)))
            a, b = sorted((i, j))
            body = body[b:] + body[a:b] + body[:a]
        elif kind == "cut":
            body = body[:i]
    tail = draw(st.sampled_from(["crc", "crc", "crc", "lower", "none", "garbage"]))
    if tail == "crc":
        return with_crc(body)
    if tail == "lower":
        return with_crc(body).lower()
    if tail == "garbage":
        return body + "6304" + draw(st.text(any_char, min_size=0, max_size=5))
    return body


@FUZZ
@given(mutated_payloads())
def test_mutated_payloads_with_fixed_up_crcs(text: str) -> None:
    if text.strip():
        assert_answers(text)


def test_a_fixed_up_mutation_passes_the_checksum() -> None:
    """The fix-up really makes the CRC right, so the fuzzer reaches the field checks."""
    payload = build_payload(PaymentCode(bank_bin="970415", account="113366668888", amount=79000))
    mutated = with_crc(payload[:-8].replace("113366668888", "11336666888x"))
    result = assert_answers(mutated)
    assert "bad_crc" not in {d.code for d in result.defects}


# ---- random TLV trees -----------------------------------------------------------------------

tags = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")
leaf_values = st.text(payload_char, min_size=1, max_size=30)


def _node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """One field: a template tag around encoded children, or any tag around a value."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        tag = draw(tags)
        if is_template_tag(tag) and draw(st.booleans()):
            value = draw(children)
        else:
            value = draw(leaf_values)
        return encode_tlv([(tag, value[:99] or "0")])

    return build()


tlv_fields = st.recursive(
    _node(leaf_values), lambda inner: _node(st.lists(inner, min_size=1, max_size=4).map("".join))
)


@FUZZ
@given(
    st.lists(tlv_fields, min_size=1, max_size=8).map("".join),
    st.sampled_from(["crc", "none", "prefix"]),
)
def test_random_tlv_trees(body: str, ending: str) -> None:
    if ending == "prefix":
        body = "000201" + body
    text = with_crc(body) if ending != "none" else body
    if text.strip():
        assert_answers(text)


# ---- any Unicode ----------------------------------------------------------------------------


@FUZZ
@given(st.text(any_char, min_size=1, max_size=300))
@example("\ud800")
@example("000201\udfff6304")
@example("00020101021238\ud83d6304ABCD")
@example("0002016304" + "\ud800" * 4)
def test_any_unicode_text(text: str) -> None:
    if text.strip():
        assert_answers(text)


@FUZZ
@given(st.text(payload_char, max_size=60), surrogates, st.text(payload_char, max_size=60))
def test_lone_surrogates_anywhere(before: str, surrogate: str, after: str) -> None:
    for text in (before + surrogate + after, with_crc(before + surrogate + after)):
        assert_answers(text)


def test_blank_text_is_the_one_refusal() -> None:
    for blank in ("", "   ", "\n\t"):
        try:
            decode_payload(blank)
        except PayloadError as error:
            assert error.field == "payload"
        else:
            raise AssertionError(f"{blank!r} was decoded")
