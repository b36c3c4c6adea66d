"""Marshmallow schemas of the codes feature: what comes in, what goes out.

A request for a code is loaded by `QRRequestSchema` into a `CodeRequest` whichever door it comes
through: the make-a-code page, the API, a quick link, `flask qr encode`. The limits are the
cores' (`app.vietqr`, `app.render`); the `MAX_…_TYPED` bounds below are how much a person may
type before the core's rules (transliteration, separators dropped) are applied, read by the
schemas and the page forms alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from marshmallow import Schema, ValidationError, fields, post_load, validate

from app.codes.directory import bank_directory
from app.codes.models import MAX_LABEL, SavedAccount
from app.render import (
    BORDER_MAX,
    BORDER_MIN,
    HEADLINE_KINDS,
    MAX_HOLDER_NAME,
    MAX_SIGN_LINE,
    PAGES,
    PNG_SIZE_MAX,
    PNG_SIZE_MIN,
)
from app.request_guards import Text, no_forbidden_characters
from app.vietqr import MAX_AMOUNT_DIGITS, MAX_QR_TEXT, VERDICTS, Bank

MAX_BANK = 120  # the longest full name in the directory has 84 characters
MAX_ACCOUNT_TYPED = 40  # 19 letters or digits, with the spaces, dots and dashes people type
MAX_TEXT_TYPED = 200  # purpose, bill number, reference before transliteration (or truncate)
MAX_AMOUNT_TYPED = 32  # 13 digits, with the spaces or separators people type (then refused)


@dataclass(frozen=True)
class CodeRequest:
    """What a person asks for: bank and account as typed, texts with diacritics."""

    bank: str
    account: str
    service: str = "account"
    amount: int | str | None = None
    purpose: str | None = None
    bill_number: str | None = None
    reference: str | None = None
    account_name: str | None = None
    initiation: str | None = None
    truncate: bool = False


class BankSchema(Schema):
    bin = fields.String(metadata={"description": "6-digit NAPAS acquirer BIN", "example": "970415"})
    code = fields.String(metadata={"example": "ICB"})
    short_name = fields.String(metadata={"example": "VietinBank"})
    name = fields.String(metadata={"example": "Ngân hàng TMCP Công Thương Việt Nam"})
    swift = fields.String(allow_none=True)
    kind = fields.String(metadata={"description": "bank, digital_bank or ewallet"})


class BankListQuerySchema(Schema):
    q = Text(
        max_length=100,
        load_default=None,
        metadata={"description": "search text (any part of BIN, code or name; diacritics ignored)"},
    )


class BankListSchema(Schema):
    """The whole directory (or what a search found) in one answer, with its source and date:
    a small, versioned list that clients read at once, so it is not paginated."""

    source = fields.String()
    updated = fields.String()
    count = fields.Integer()
    banks = fields.List(fields.Nested(BankSchema))


class Amount(fields.Field[Any]):
    """An amount as callers send it: an integer, or a short string of digits. The rules
    (positive, whole, at most 13 digits, no separators) are the core's `parse_amount`; this
    field only refuses what is not even a candidate, without quoting it."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError("must be an integer or a string of digits")
        if isinstance(value, str):
            if len(value) > MAX_AMOUNT_TYPED:
                raise ValidationError(f"Longer than maximum length {MAX_AMOUNT_TYPED}.")
            no_forbidden_characters(value)
        return value


class JsonBoolean(fields.Boolean):
    """A JSON `true` or `false`, nothing else: marshmallow's Boolean also takes 0, 1, "yes",
    "off"…, which the document (type boolean) does not allow."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class QRRequestSchema(Schema):
    """Input of POST /qr. Texts may carry Vietnamese diacritics: the payload gets the ASCII
    transliteration, the printed sign keeps the original."""

    bank = Text(
        max_length=MAX_BANK,
        required=True,
        metadata={"description": "BIN, code, short or full name", "example": "vietinbank"},
    )
    account = Text(
        max_length=MAX_ACCOUNT_TYPED,
        required=True,
        metadata={
            "description": "account (1-19 letters/digits) or card number; spaces, dots and dashes "
            "are removed",
            "example": "113366668888",
        },
    )
    service = fields.String(load_default="account", validate=validate.OneOf(["account", "card"]))
    amount = Amount(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "whole đồng as an integer or a string of digits (1-13 digits); "
            "separators such as 50.000 or 50,000 are refused",
            "example": 79000,
            "oneOf": [
                {"type": "integer", "minimum": 1, "maximum": 10**MAX_AMOUNT_DIGITS - 1},
                {"type": "string", "maxLength": MAX_AMOUNT_TYPED},
            ],
        },
    )
    purpose = Text(
        max_length=MAX_TEXT_TYPED,
        load_default=None,
        allow_none=True,
        metadata={
            "description": "transfer content (62.08), at most 25 characters after transliteration",
            "example": "Ung ho quy vac xin",
        },
    )
    bill_number = Text(max_length=MAX_TEXT_TYPED, load_default=None, allow_none=True)
    reference = Text(max_length=MAX_TEXT_TYPED, load_default=None, allow_none=True)
    account_name = Text(
        max_length=MAX_HOLDER_NAME,
        load_default=None,
        allow_none=True,
        metadata={
            "description": "holder name, printed on the sign only (bank apps show the name the "
            "bank has on record)"
        },
    )
    initiation = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(["static", "dynamic"]),
        metadata={"description": "default: static without an amount, dynamic with one"},
    )
    truncate = JsonBoolean(
        load_default=False, metadata={"description": "cut over-long texts instead of refusing them"}
    )

    @post_load
    def make_request(self, data: dict[str, Any], **kwargs: Any) -> CodeRequest:
        return CodeRequest(**data)


def _image_link(fmt: str) -> fields.Function:
    return fields.Function(
        lambda made: url_for("codes_api.code_image", fmt=fmt, payload=made.payload, _external=True),
        metadata={"type": "string"},
    )


def _sign_link(fmt: str) -> fields.Function:
    return fields.Function(
        lambda made: url_for(
            "codes_api.sign_image",
            fmt=fmt,
            payload=made.payload,
            name=made.account_name,
            note=made.purpose_display,
            _external=True,
        ),
        metadata={"type": "string"},
    )


class ImageLinksSchema(Schema):
    """Links to a made code's images and printable sign, dumped from the `MadeCode`."""

    png = _image_link("png")
    svg = _image_link("svg")
    sign_png = _sign_link("png")
    sign_pdf = _sign_link("pdf")


def _of_code(field: fields.Field[Any]) -> fields.Field[Any]:
    """`field` read from the object's `code` (a PaymentCode, None when no VietQR transfer was
    read: then the value is null)."""
    field.dump_default = None
    return field


class PaymentCodeSchema(Schema):
    """What a VietQR code says: who is paid and what is asked for. Dumps a made code
    (`MadeCode`) or a decoded one (`DecodedPayload`): both carry `payload`, `bank`, `initiation`
    and the `code` itself."""

    payload = fields.String()
    bank = fields.Nested(BankSchema, allow_none=True)
    account = _of_code(fields.String(attribute="code.account", allow_none=True))
    service = _of_code(
        fields.String(
            attribute="code.service", allow_none=True, metadata={"description": "account or card"}
        )
    )
    initiation = fields.String(allow_none=True, metadata={"description": "static or dynamic"})
    amount = _of_code(fields.Integer(attribute="code.amount", allow_none=True))
    purpose = _of_code(fields.String(attribute="code.purpose", allow_none=True))
    bill_number = _of_code(fields.String(attribute="code.bill_number", allow_none=True))
    reference = _of_code(fields.String(attribute="code.reference", allow_none=True))


class QRResponseSchema(PaymentCodeSchema):
    account_name = fields.String(allow_none=True)
    images = fields.Nested(ImageLinksSchema)

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr == "images":  # the links are made from the code itself
            return obj
        return super().get_attribute(obj, attr, default)


class DecodeRequestSchema(Schema):
    payload = Text(
        max_length=MAX_QR_TEXT,
        min_length=1,
        required=True,
        metadata={"description": "the text inside a QR code"},
    )


class DefectSchema(Schema):
    tag = fields.String()
    code = fields.String()
    message = fields.String()
    severity = fields.String()
    params = fields.Dict(
        keys=fields.String(),
        metadata={
            "description": "what the message names: position (where a cut payload stops), "
            "host (of a link that is no code), country (of another country's code)"
        },
    )


class TagSchema(Schema):
    tag = fields.String()
    value = fields.String()
    children = fields.List(fields.Nested(lambda: TagSchema()))


class DecodeResponseSchema(PaymentCodeSchema):
    valid = fields.Boolean()
    verdict = fields.String(
        metadata={
            "description": "do_not_pay (an error), pay (a valid VietQR transfer whose payee was "
            "read) or check_payee (valid, another provider's code: the payee shows only in the "
            "payer's app)",
            "enum": list(VERDICTS),
        }
    )
    summary = fields.String(metadata={"description": "the verdict in one English line"})
    provider = fields.String(allow_none=True)
    merchant_name = _of_code(fields.String(attribute="code.merchant_name", allow_none=True))
    merchant_city = _of_code(fields.String(attribute="code.merchant_city", allow_none=True))
    tags = fields.List(fields.Nested(TagSchema))
    defects = fields.List(fields.Nested(DefectSchema))


class _PrintQuerySchema(Schema):
    """What every image link names: a valid payload, and whether to download it."""

    payload = Text(
        max_length=MAX_QR_TEXT, required=True, metadata={"description": "a valid VietQR payload"}
    )
    download = fields.Boolean(load_default=False)


class ImageQuerySchema(_PrintQuerySchema):
    size = fields.Integer(load_default=400, validate=validate.Range(PNG_SIZE_MIN, PNG_SIZE_MAX))
    border = fields.Integer(load_default=4, validate=validate.Range(BORDER_MIN, BORDER_MAX))


class SignQuerySchema(_PrintQuerySchema):
    name = Text(
        max_length=MAX_HOLDER_NAME,
        load_default=None,
        metadata={"description": "holder name, printed with diacritics"},
    )
    note = Text(
        max_length=MAX_SIGN_LINE,
        load_default=None,
        metadata={
            "description": "the purpose with its diacritics, printed when it is what the code "
            "carries (else the code's own purpose is printed)"
        },
    )
    title = Text(
        max_length=MAX_SIGN_LINE,
        load_default=None,
        metadata={
            "description": "a line under the headline: a stall's name, or for a gift the "
            "occasion and names",
            "example": "Mừng cưới Lan & Minh",
        },
    )
    headline = fields.String(
        load_default="pay",
        validate=validate.OneOf(HEADLINE_KINDS),
        metadata={
            "description": "the sign's headline: pay (Quét mã để thanh toán), transfer (Quét mã "
            "để chuyển khoản), or a gift: gift (Quà mừng), wedding (Mừng cưới), housewarming "
            "(Mừng tân gia), birthday (Mừng sinh nhật), each with 'Quét mã để gửi quà mừng'"
        },
    )
    page = fields.String(load_default="A6", validate=validate.OneOf(PAGES))


# ---- saved bank accounts --------------------------------------------------------------------


@dataclass(frozen=True)
class AccountDraft:
    """A bank account to keep, as typed: the bank by BIN, code or name, the account number
    with the separators people type. `given` names the fields the request had (a change
    touches only those; an empty or null holder name or label clears it)."""

    bank: str | None = None
    account: str | None = None
    account_name: str | None = None
    label: str | None = None
    given: frozenset[str] = frozenset(("bank", "account", "account_name", "label"))


def _saved_bank(**options: Any) -> Text:
    return Text(
        max_length=MAX_BANK,
        metadata={"description": "BIN, code, short or full name", "example": "970415"},
        **options,
    )


def _saved_account(**options: Any) -> Text:
    return Text(
        max_length=MAX_ACCOUNT_TYPED,
        metadata={"description": "account number (spaces, dots, dashes removed)"},
        **options,
    )


def _saved_holder(**options: Any) -> Text:
    return Text(
        max_length=MAX_HOLDER_NAME,
        allow_none=True,
        metadata={"description": "holder name printed on signs", "example": "Nguyễn Thị Hoa"},
        **options,
    )


def _saved_label(**options: Any) -> Text:
    return Text(
        max_length=MAX_LABEL,
        allow_none=True,
        metadata={"description": "the owner's own name for it", "example": "Quầy chợ Bến Thành"},
        **options,
    )


class _AccountDraftSchema(Schema):
    @post_load
    def make_draft(self, data: dict[str, Any], **kwargs: Any) -> AccountDraft:
        return AccountDraft(**data, given=frozenset(data))


class SavedAccountInputSchema(_AccountDraftSchema):
    """Input of POST /bank-accounts. The bank and account follow the rules of a code."""

    bank = _saved_bank(required=True)
    account = _saved_account(required=True)
    account_name = _saved_holder(load_default=None)
    label = _saved_label(load_default=None)


class SavedAccountChangeSchema(_AccountDraftSchema):
    """Input of PATCH /bank-accounts/<id>: only the fields given change; an empty or null
    holder name or label clears it."""

    bank = _saved_bank()
    account = _saved_account()
    account_name = _saved_holder()
    label = _saved_label()


def _bank_of_saved(saved: SavedAccount) -> Bank | None:
    return bank_directory().by_bin(saved.bank_bin)


class SavedAccountSchema(Schema):
    """A kept bank account; `bank` is null when the directory no longer lists its BIN."""

    id = fields.Integer()
    bank_bin = fields.String()
    bank = fields.Function(
        lambda saved: BankSchema().dump(bank) if (bank := _bank_of_saved(saved)) else None,
        metadata={"type": "object", "nullable": True},
    )
    account = fields.String()
    account_name = fields.String(allow_none=True)
    label = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
