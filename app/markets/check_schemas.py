"""Marshmallow schemas of the swapped-sign checks API: a sign to verify (its codes' texts, or a
photo sent as multipart with the same fields), what each code says, check rounds and the signs
checked in them."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from app.markets.checks import MAX_NOTE, MAX_PAYLOADS, CodeCheck, OtherVendor, bank_name
from app.request_guards import Id, Text
from app.vietqr import MAX_QR_TEXT

PAYLOAD = {"example": "00020101021138570010A000000727012700069704150113113366668888..."}


#: A sign code as typed (spaces, dots and dashes allowed around its 10 characters).
SIGN_CODE_MAX = 30


class VendorNamed(Schema):
    """How a check names the vendor (one of these; none: just say where the codes pay)."""

    sign_code = Text(
        max_length=SIGN_CODE_MAX,
        allow_none=True,
        metadata={"description": "the code printed on the sign", "example": "QT3K7MX9AN"},
    )
    stall_id = Id(allow_none=True)
    market_id = Id(allow_none=True, metadata={"description": "with `stall_number`"})
    stall_number = Text(max_length=20, allow_none=True)
    vendor_id = Id(allow_none=True)


class VerifyInSchema(VendorNamed):
    payload = Text(max_length=MAX_QR_TEXT, allow_none=True, metadata=PAYLOAD)
    payloads = fields.List(
        Text(max_length=MAX_QR_TEXT),
        validate=validate.Length(max=MAX_PAYLOADS),
        metadata={"description": "the texts of every code on the sign"},
    )


class SignCheckInSchema(Schema):
    stall_id = Id(allow_none=True, metadata={"description": "the stall (a market's round)"})
    vendor_id = Id(allow_none=True, metadata={"description": "the vendor (a street's round)"})
    payload = Text(max_length=MAX_QR_TEXT, allow_none=True, metadata=PAYLOAD)
    payloads = fields.List(Text(max_length=MAX_QR_TEXT), validate=validate.Length(max=MAX_PAYLOADS))


class ResolveInSchema(Schema):
    note = Text(max_length=MAX_NOTE, required=True, metadata={"example": "Đã dán lại biển đúng"})


# ---- output -------------------------------------------------------------------------------


class OtherVendorSchema(Schema):
    vendor_id = fields.Integer()
    name = fields.String()
    place = fields.String(allow_none=True)
    stalls = fields.List(fields.String())


class MatchedSchema(Schema):
    bank_bin = fields.String()
    bank_name = fields.Function(lambda account: bank_name(account.bank_bin))
    account = fields.String(attribute="number")
    is_primary = fields.Boolean()


def _others(check: CodeCheck) -> list[dict[str, Any]]:
    shown: list[OtherVendor] = [o for o in check.others if o.vendor_id is not None]
    return OtherVendorSchema(many=True).dump(shown)  # type: ignore[no-any-return]


class CodeCheckSchema(Schema):
    result = fields.String(
        metadata={"enum": ["ok", "mismatch", "not_vietqr", "not_registered", "found"]}
    )
    payload = fields.String()
    bank_bin = fields.String(allow_none=True)
    bank_name = fields.String(allow_none=True)
    account = fields.String(allow_none=True)
    account_masked = fields.String(allow_none=True)
    service = fields.String(allow_none=True)
    holder_name = fields.String(
        allow_none=True, metadata={"description": "null: the code names no holder"}
    )
    damaged = fields.Boolean(metadata={"description": "the code has errors: do not pay"})
    matched = fields.Nested(MatchedSchema, allow_none=True)
    same_number_other_bank = fields.Function(
        lambda check: check.elsewhere_bank_name,
        metadata={"description": "the vendor has this number at that bank, not this one"},
    )
    belongs_to_other = fields.Boolean(
        metadata={"description": "another registered vendor receives on this account"}
    )
    other_vendors = fields.Function(
        _others, metadata={"description": "named only to officers who manage their place"}
    )


class VendorBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    sign_code = fields.String()
    place = fields.Function(lambda vendor: (vendor.market or vendor.street).name)
    stalls = fields.Function(lambda vendor: [s.number for s in vendor.stalls if s.number])
    registered = fields.Function(lambda vendor: vendor.registration == "approved")


class VerificationSchema(Schema):
    result = fields.String()
    registered = fields.Boolean()
    vendor = fields.Nested(VendorBriefSchema, allow_none=True)
    codes = fields.List(fields.Nested(CodeCheckSchema))


class SignCheckSchema(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    stall_id = fields.Integer(allow_none=True)
    vendor_id = fields.Integer(allow_none=True)
    result = fields.String()
    payloads = fields.List(fields.String())
    found_bank_bin = fields.String(allow_none=True)
    found_account = fields.String(allow_none=True)
    other_vendor_id = fields.Integer(allow_none=True)
    checked_by_label = fields.String()
    created_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)
    resolved_by_label = fields.String()
    resolution_note = fields.String()


class CheckedSchema(Schema):
    """A sign checked in a round: what was saved, and what each code said."""

    check = fields.Nested(SignCheckSchema)
    verification = fields.Nested(VerificationSchema)


class RoundSchema(Schema):
    id = fields.Integer()
    market_id = fields.Integer(allow_none=True)
    street_id = fields.Integer(allow_none=True)
    started_by_label = fields.String()
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    checks = fields.List(fields.Nested(SignCheckSchema))
