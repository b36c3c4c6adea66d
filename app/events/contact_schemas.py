"""Marshmallow schemas of the contacts API: what comes in (bounded) and what goes out. The
rules are `app.events.contacts`' and `app.events.contact_files`'."""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.accounts.models import phone_for_people
from app.events.contact_files import LedgerPreview
from app.events.gifts import DESCRIPTION_MAX, MAX_DONG
from app.events.models import CONTACT_KINDS, EVENT_KINDS, METHODS, UNITS
from app.request_guards import BoundedInteger, Day, Id, Text

# ---- input --------------------------------------------------------------------------------


class ContactQuerySchema(Schema):
    q = Text(
        max_length=100,
        load_default="",
        metadata={"description": "name, relation or phone; diacritics optional"},
    )


class ContactInSchema(Schema):
    kind = fields.String(validate=validate.OneOf(CONTACT_KINDS), load_default="person")
    name = Text(max_length=200, required=True, metadata={"example": "Anh Trần Văn Nam"})
    phone = Text(max_length=30, metadata={"example": "0912345678"})
    relation = Text(max_length=100, metadata={"example": "Bạn học cấp 3"})
    note = Text(max_length=500)


class ContactChangeSchema(ContactInSchema):
    kind = fields.String(validate=validate.OneOf(CONTACT_KINDS))


class ContactGiftInSchema(Schema):
    occasion = Text(max_length=200, metadata={"example": "Đám cưới con trai anh B"})
    given_on = Day(allow_none=True, metadata={"example": "2024-05-18"})
    unit = fields.String(validate=validate.OneOf(UNITS), load_default="dong")
    quantity = fields.Decimal(
        allow_none=True, places=2, as_string=True, metadata={"example": "500000"}
    )
    currency = Text(max_length=3, metadata={"description": "ISO 4217, with unit foreign"})
    description = Text(max_length=DESCRIPTION_MAX, metadata={"description": "things in kind"})
    value_vnd = BoundedInteger(
        minimum=1,
        maximum=MAX_DONG,
        allow_none=True,
        metadata={"description": "gold's or a thing's đồng value at the time"},
    )
    note = Text(max_length=500)


class ContactGiftChangeSchema(ContactGiftInSchema):
    unit = fields.String(validate=validate.OneOf(UNITS))


class PastEventSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(EVENT_KINDS))
    title = Text(max_length=200, required=True, metadata={"example": "Đám cưới Minh & Lan"})
    held_on = Day(required=True, metadata={"description": "the day it was held (not later)"})
    locality_id = Id(required=True, metadata={"description": "a commune (2025) or a hamlet"})


class OldLedgerImportQuerySchema(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={"description": "preview only"})


class OldLedgerFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "CSV or XLSX with columns Họ tên (required), Quan hệ, Số tiền (đồng) "
            "or Số lượng + Đơn vị (đ, chỉ, cây, USD…, hiện vật), Hình thức, Ghi chú, Điện "
            "thoại; a template: /danh-ba/mau-so-mung.xlsx (or .csv)"
        },
    )


# ---- output -------------------------------------------------------------------------------


class ContactSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    phone = fields.Function(lambda contact: phone_for_people(contact.phone))
    relation = fields.String()
    note = fields.String()


def _text(row: Any) -> str:
    from app.events.gifts import gift_text

    return gift_text(row.unit, row.quantity, row.currency, row.description)


class ContactGiftFields(Schema):
    unit = fields.String()
    quantity = fields.Decimal(as_string=True, allow_none=True)
    currency = fields.String()
    description = fields.String()
    value_vnd = fields.Integer(allow_none=True)
    text = fields.Function(_text, metadata={"description": "as a person reads it"})


class ContactGiftSchema(ContactGiftFields):
    id = fields.Integer()
    contact_id = fields.Integer()
    occasion = fields.String()
    given_on = fields.Date(allow_none=True)
    note = fields.String()


class ContactTotalSchema(Schema):
    unit = fields.String()
    currency = fields.String()
    quantity = fields.Decimal(as_string=True)
    count = fields.Integer()
    text = fields.String()


class ContactReceivedSchema(Schema):
    entry_id = fields.Function(lambda item: item.entry.id)
    event_id = fields.Function(lambda item: item.event.id)
    event_title = fields.Function(lambda item: item.event.title)
    held_on = fields.Date()
    method = fields.Function(lambda item: item.entry.method)
    gift = fields.Function(lambda item: ContactGiftFields().dump(item.entry))


class ContactHistorySchema(Schema):
    received = fields.List(fields.Nested(ContactReceivedSchema))
    received_totals = fields.List(fields.Nested(ContactTotalSchema))
    given = fields.List(fields.Nested(ContactGiftSchema))
    given_totals = fields.List(fields.Nested(ContactTotalSchema))


class ContactDetailSchema(Schema):
    """A contact with what passed between them, dumped from a `contacts.History`."""

    id = fields.Integer(attribute="contact.id")
    kind = fields.String(attribute="contact.kind")
    name = fields.String(attribute="contact.name")
    phone = fields.Function(lambda history: phone_for_people(history.contact.phone))
    relation = fields.String(attribute="contact.relation")
    note = fields.String(attribute="contact.note")
    history = fields.Function(lambda history: ContactHistorySchema().dump(history))


class OldLedgerRowSchema(Schema):
    line = fields.Integer()
    given = fields.Dict(keys=fields.String(), values=fields.String())
    gift = fields.Function(lambda draft: draft.gift_text, metadata={"description": "read as"})
    method = fields.String(validate=validate.OneOf(METHODS))
    contact_id = fields.Integer(allow_none=True, metadata={"description": "null: a new contact"})
    matched_by = fields.String(metadata={"description": "phone, name or empty (new)"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class OldLedgerPreviewSchema(Schema):
    valid = fields.Boolean()
    error_count = fields.Integer()
    rows = fields.List(fields.Nested(OldLedgerRowSchema))


class OldLedgerImportResultSchema(Schema):
    """What an import wrote (201): the archived past event. With dry_run the view answers the
    preview (200), which this schema dumps as `OldLedgerPreviewSchema` does."""

    event_id = fields.Integer(attribute="id")
    title = fields.String()
    entries = fields.Function(lambda event: len(event.entries))

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        if isinstance(obj, LedgerPreview):
            return OldLedgerPreviewSchema().dump(obj)
        return super().dump(obj, many=many)
