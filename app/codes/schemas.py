"""Marshmallow schemas of the codes API: what comes in, what goes out."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class BankSchema(Schema):
    bin = fields.String(metadata={"description": "6-digit NAPAS acquirer BIN", "example": "970415"})
    code = fields.String(metadata={"example": "ICB"})
    short_name = fields.String(metadata={"example": "VietinBank"})
    name = fields.String(metadata={"example": "Ngân hàng TMCP Công Thương Việt Nam"})
    swift = fields.String(allow_none=True)
    kind = fields.String(metadata={"description": "bank, digital_bank or ewallet"})


class BankListQuerySchema(Schema):
    q = fields.String(
        load_default=None,
        metadata={"description": "search text (any part of BIN, code or name; diacritics ignored)"},
    )


class BankListSchema(Schema):
    source = fields.String()
    updated = fields.String()
    count = fields.Integer()
    banks = fields.List(fields.Nested(BankSchema))


class QRRequestSchema(Schema):
    """Input of POST /qr. Texts may carry Vietnamese diacritics: the payload gets the ASCII
    transliteration, the printed sign keeps the original."""

    bank = fields.String(
        required=True,
        metadata={"description": "BIN, code, short or full name", "example": "vietinbank"},
    )
    account = fields.String(
        required=True,
        metadata={
            "description": "account (1-19 letters/digits) or card number; spaces, dots and dashes "
            "are removed",
            "example": "113366668888",
        },
    )
    service = fields.String(load_default="account", validate=validate.OneOf(["account", "card"]))
    amount = fields.Raw(
        load_default=None,
        metadata={
            "description": "whole đồng as an integer or a string of digits (1-13 digits); "
            "separators such as 50.000 or 50,000 are refused",
            "example": 79000,
        },
    )
    purpose = fields.String(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "transfer content (62.08), at most 25 characters after transliteration",
            "example": "Ung ho quy vac xin",
        },
    )
    bill_number = fields.String(load_default=None, allow_none=True)
    reference = fields.String(load_default=None, allow_none=True)
    account_name = fields.String(
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
    truncate = fields.Boolean(
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
    payload = fields.String(required=True, metadata={"description": "the text inside a QR code"})


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
    payload = fields.String(required=True, metadata={"description": "a valid VietQR payload"})
    size = fields.Integer(load_default=400, validate=validate.Range(64, 2000))
    border = fields.Integer(load_default=4, validate=validate.Range(0, 20))
    download = fields.Boolean(load_default=False)


class SignQuerySchema(Schema):
    payload = fields.String(required=True, metadata={"description": "a valid VietQR payload"})
    name = fields.String(
        load_default=None,
        validate=validate.Length(max=50),
        metadata={"description": "holder name, printed with diacritics"},
    )
    note = fields.String(
        load_default=None,
        validate=validate.Length(max=80),
        metadata={
            "description": "the purpose with its diacritics, printed when it is what the code "
            "carries (else the code's own purpose is printed)"
        },
    )
    title = fields.String(load_default=None, validate=validate.Length(max=80))
    page = fields.String(load_default="A6", validate=validate.OneOf(["A6", "A4"]))
    download = fields.Boolean(load_default=False)
