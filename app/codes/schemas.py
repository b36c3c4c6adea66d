"""Marshmallow schemas of the codes API: what comes in, what goes out."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from app.request_guards import Text, no_forbidden_characters
from app.vietqr import MAX_AMOUNT_DIGITS, MAX_QR_TEXT

MAX_BANK = 120  # the longest full name in the directory has 84 characters
MAX_ACCOUNT_TYPED = 40  # 19 letters or digits, with the spaces, dots and dashes people type
MAX_TEXT_TYPED = 200  # purpose, bill number, reference before transliteration (or truncate)
MAX_NAME = 50  # holder name on the sign (vietqr.io's accountName limit)
MAX_AMOUNT_TYPED = 32  # 13 digits, with the spaces or separators people type (then refused)


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
        max_length=MAX_NAME,
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


class ImageLinksSchema(Schema):
    png = fields.String()
    svg = fields.String()
    sign_png = fields.String()
    sign_pdf = fields.String()


class PaymentCodeSchema(Schema):
    """What a VietQR code says: who is paid and what is asked for."""

    payload = fields.String()
    bank = fields.Nested(BankSchema, allow_none=True)
    account = fields.String(allow_none=True)
    service = fields.String(allow_none=True, metadata={"description": "account or card"})
    initiation = fields.String(allow_none=True, metadata={"description": "static or dynamic"})
    amount = fields.Integer(allow_none=True)
    purpose = fields.String(allow_none=True)
    bill_number = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)


class QRResponseSchema(PaymentCodeSchema):
    account_name = fields.String(allow_none=True)
    images = fields.Nested(ImageLinksSchema)


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


class TagSchema(Schema):
    tag = fields.String()
    value = fields.String()
    children = fields.List(fields.Dict())


class DecodeResponseSchema(PaymentCodeSchema):
    valid = fields.Boolean()
    provider = fields.String(allow_none=True)
    merchant_name = fields.String(allow_none=True)
    merchant_city = fields.String(allow_none=True)
    tags = fields.List(fields.Nested(TagSchema))
    defects = fields.List(fields.Nested(DefectSchema))


class ImageQuerySchema(Schema):
    payload = Text(
        max_length=MAX_QR_TEXT, required=True, metadata={"description": "a valid VietQR payload"}
    )
    size = fields.Integer(load_default=400, validate=validate.Range(64, 2000))
    border = fields.Integer(load_default=4, validate=validate.Range(0, 20))
    download = fields.Boolean(load_default=False)


class SignQuerySchema(Schema):
    payload = Text(
        max_length=MAX_QR_TEXT, required=True, metadata={"description": "a valid VietQR payload"}
    )
    name = Text(
        max_length=MAX_NAME,
        load_default=None,
        metadata={"description": "holder name, printed with diacritics"},
    )
    note = Text(
        max_length=80,
        load_default=None,
        metadata={
            "description": "the purpose with its diacritics, printed when it is what the code "
            "carries (else the code's own purpose is printed)"
        },
    )
    title = Text(max_length=80, load_default=None)
    page = fields.String(load_default="A6", validate=validate.OneOf(["A6", "A4"]))
    download = fields.Boolean(load_default=False)
