"""Marshmallow schemas of the markets API: what comes in (bounded, partial on PATCH) and what
goes out. The rules are the services'; these only bound and type the input."""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.markets.models import MARKET_KINDS, PRINT_PAGES, REASONS, SERVICES, STATUSES
from app.render import MAX_HOLDER_NAME
from app.request_guards import Day, Id, Text

MAX_ACCOUNT_TYPED = 40  # 19 letters or digits, with the spaces and dots people type
MAX_BANK = 120


def _text(max_length: int, **kwargs: Any) -> Text:
    return Text(max_length=max_length, **kwargs)


# ---- input --------------------------------------------------------------------------------


class MarketInSchema(Schema):
    name = _text(200, required=True, metadata={"example": "Chợ Bến Tre"})
    locality_id = Id(required=True, metadata={"description": "a commune (2025) or a hamlet"})
    kind = fields.String(required=True, validate=validate.OneOf(MARKET_KINDS))
    address = _text(300)
    board_contact_name = _text(200)
    board_contact_phone = _text(20)


class StallInSchema(Schema):
    number = _text(20, allow_none=True, metadata={"description": "unique in its market"})
    section = _text(100)
    goods = _text(200)
    vendor_id = Id(allow_none=True)


class StreetInSchema(Schema):
    name = _text(200, required=True)
    locality_id = Id(required=True)
    launched_on = Day(allow_none=True)


class VendorInSchema(Schema):
    name = _text(200, required=True)
    phone = _text(20)
    goods = _text(200)
    market_id = Id(allow_none=True, metadata={"description": "a market, or…"})
    street_id = Id(allow_none=True, metadata={"description": "…a cashless street"})
    stall_ids = fields.List(Id(), validate=validate.Length(max=50))
    house_number = _text(50)
    business_kind = _text(200)
    code_in_purpose = fields.Boolean(
        metadata={"description": "the sign's QR carries the sign code as its purpose"}
    )
    user_id = Id(allow_none=True, metadata={"description": "the vendor's own sign-in"})


class AccountInSchema(Schema):
    bank = _text(MAX_BANK, required=True, metadata={"description": "BIN, code or name"})
    number = _text(MAX_ACCOUNT_TYPED, required=True, metadata={"example": "113366668888"})
    service = fields.String(validate=validate.OneOf(SERVICES))
    holder_name = _text(MAX_HOLDER_NAME, metadata={"description": "as the bank shows it"})
    is_primary = fields.Boolean()


class StepInSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    reason = fields.String(allow_none=True, validate=validate.OneOf(REASONS))
    note = _text(300)
    effective_on = Day(metadata={"description": "default: today"})


class CriterionInSchema(Schema):
    name = _text(300, required=True)
    description = _text(1000)
    active = fields.Boolean()


class RecognitionInSchema(Schema):
    decision_number = _text(50, required=True)
    decided_on = Day(required=True)
    issued_by = _text(200)
    criterion_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=100))


class PlaceQuerySchema(Schema):
    locality = Id(load_default=None, metadata={"description": "a locality id (its subtree)"})


class VendorQuerySchema(PlaceQuerySchema):
    market = Id(load_default=None)
    street = Id(load_default=None)


class StatusQuerySchema(VendorQuerySchema):
    as_of = Day(load_default=None, metadata={"description": "default: today"})


# ---- output -------------------------------------------------------------------------------


class MarketSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    locality_id = fields.Integer()
    kind = fields.String()
    address = fields.String()
    board_contact_name = fields.String()
    board_contact_phone = fields.String()


class StallSchema(Schema):
    id = fields.Integer()
    market_id = fields.Integer()
    number = fields.String(allow_none=True)
    section = fields.String()
    goods = fields.String()
    vendor_id = fields.Integer(allow_none=True)


class StreetSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    locality_id = fields.Integer()
    launched_on = fields.Date(allow_none=True)


class AccountSchema(Schema):
    id = fields.Integer()
    vendor_id = fields.Integer()
    bank_bin = fields.String()
    service = fields.String()
    number = fields.String()
    holder_name = fields.String()
    is_primary = fields.Boolean()


class StepSchema(Schema):
    id = fields.Integer()
    vendor_id = fields.Integer()
    status = fields.String()
    reason = fields.String(allow_none=True)
    note = fields.String()
    effective_on = fields.Date()
    recorded_by_id = fields.Integer(allow_none=True)
    recorded_by_label = fields.String()
    created_at = fields.DateTime()


class VendorSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    phone = fields.String()
    goods = fields.String()
    locality_id = fields.Integer()
    market_id = fields.Integer(allow_none=True)
    street_id = fields.Integer(allow_none=True)
    stall_ids = fields.Function(lambda vendor: [stall.id for stall in vendor.stalls])
    house_number = fields.String()
    business_kind = fields.String()
    sign_code = fields.String()
    code_in_purpose = fields.Boolean()
    registration = fields.String()
    user_id = fields.Integer(allow_none=True)
    accounts = fields.List(fields.Nested(AccountSchema))


class VendorStatusSchema(Schema):
    vendor_id = fields.Integer(attribute="vendor.id")
    name = fields.String(attribute="vendor.name")
    market_id = fields.Integer(attribute="vendor.market_id", allow_none=True)
    street_id = fields.Integer(attribute="vendor.street_id", allow_none=True)
    status = fields.String(allow_none=True, metadata={"description": "null: nothing recorded"})
    reason = fields.String(allow_none=True)
    since = fields.Date(allow_none=True)


class CriterionSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    description = fields.String()
    active = fields.Boolean()


class RecognitionSchema(Schema):
    id = fields.Integer()
    market_id = fields.Integer()
    decision_number = fields.String()
    decided_on = fields.Date()
    issued_by = fields.String()
    criteria = fields.List(fields.Nested(CriterionSchema))


# ---- changes (PATCH): the same fields, each optional --------------------------------------


class MarketChangeSchema(MarketInSchema):
    """A market's fields to change (any of them)."""


class StallChangeSchema(StallInSchema):
    """A stall's fields to change."""


class StreetChangeSchema(StreetInSchema):
    """A street's fields to change."""


class VendorChangeSchema(VendorInSchema):
    """A vendor's fields to change."""


class AccountChangeSchema(AccountInSchema):
    """An account's fields to change."""


class CriterionChangeSchema(CriterionInSchema):
    """A criterion's fields to change."""


# ---- self-registration (app.markets.registration) -----------------------------------------


class RegistrationInSchema(Schema):
    market_id = Id(allow_none=True, metadata={"description": "a market (with `stall_number`)…"})
    street_id = Id(allow_none=True, metadata={"description": "…or a street (`house_number`)"})
    stall_number = _text(20, metadata={"description": "an existing stall of the market"})
    house_number = _text(50)
    name = _text(200, required=True)
    phone = _text(20, required=True)
    goods = _text(200)
    bank = _text(MAX_BANK, required=True, metadata={"description": "BIN, code or name"})
    number = _text(MAX_ACCOUNT_TYPED, required=True, metadata={"example": "113366668888"})
    service = fields.String(validate=validate.OneOf(SERVICES))
    holder_name = _text(MAX_HOLDER_NAME, metadata={"description": "as the bank shows it"})


class RegistrationQuerySchema(Schema):
    locality_id = Id(load_default=None, metadata={"description": "a locality id (its subtree)"})


class RejectionInSchema(Schema):
    reason = _text(300, required=True, metadata={"example": "Sạp không phải của người này"})


# ---- importing a roster (app.markets.imports) ---------------------------------------------


class VendorFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "CSV (UTF-8, UTF-8 BOM, UTF-16 or Windows-1258) or XLSX with columns "
            "họ tên/name, tham gia/taking part (có/không) and optionally điện thoại/phone, mặt "
            "hàng/goods, số sạp/stall and khu/section (markets), số nhà/house number and loại "
            "hình kinh doanh/business kind (streets), ngân hàng/bank, số tài khoản/account, chủ "
            "tài khoản/holder name, lý do/reason, ghi chú/note; a template: "
            "/api/v1/vendor-import-template/market.xlsx (or street, or .csv)"
        },
    )


class VendorImportQuerySchema(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={"description": "preview only"})


class VendorImportRowSchema(Schema):
    line = fields.Integer()
    given = fields.Dict(
        keys=fields.String(), values=fields.String(), metadata={"description": "as given"}
    )
    phone = fields.String(metadata={"description": "as it will be stored"})
    stalls = fields.List(fields.String())
    bank_bin = fields.String(allow_none=True)
    account = fields.String()
    taking_part = fields.Boolean(allow_none=True)
    reason = fields.String(allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class VendorImportPreviewSchema(Schema):
    valid = fields.Boolean()
    error_count = fields.Integer()
    rows = fields.List(fields.Nested(VendorImportRowSchema))


class VendorImportResultSchema(Schema):
    """What an import wrote (201), dumped from the list of new vendors. With dry_run the view
    answers the preview (200), which this schema dumps as `VendorImportPreviewSchema` does."""

    count = fields.Integer()
    created = fields.List(fields.Nested(VendorSchema))

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        if not isinstance(obj, list):
            return VendorImportPreviewSchema().dump(obj)
        return super().dump({"count": len(obj), "created": obj}, many=many)


# ---- printing every sign of a market or street (app.markets.printing) ---------------------


class PrintJobInSchema(Schema):
    page = fields.String(
        load_default="A6",
        validate=validate.OneOf(PRINT_PAGES),
        metadata={"description": "A6: one sign a page; A4: four a page with cut lines"},
    )


class PrintJobSchema(Schema):
    id = fields.Integer()
    market_id = fields.Integer(allow_none=True)
    street_id = fields.Integer(allow_none=True)
    page = fields.String()
    status = fields.String(metadata={"description": "queued, running, done or failed"})
    total = fields.Integer(metadata={"description": "signs to print"})
    done = fields.Integer(metadata={"description": "signs printed so far"})
    skipped = fields.Integer(
        metadata={"description": "vendors left out: no primary account, or pending approval"}
    )
    error = fields.String()
    requested_by_label = fields.String()
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    file_url = fields.Method("_file_url", allow_none=True)

    def _file_url(self, job: Any) -> str | None:
        from flask import url_for

        from app.markets.printing import file_of

        if file_of(job) is None:
            return None
        return url_for("markets_api.SignPrintFile", job_id=job.id)
