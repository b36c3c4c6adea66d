"""Marshmallow schemas of the events API (events, sides, ceremonies, hosts): what comes in
(bounded, partial on PATCH) and what goes out. The rules are the services'."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.events.lunar import lunar_date_text
from app.events.models import EVENT_KINDS, Ceremony
from app.events.services import MAX_SIDES, local_day
from app.request_guards import BoundedInteger, Id, Moment, Text

MAX_ACCOUNT_TYPED = 40  # 19 letters or digits, with the spaces and dots people type
MAX_BANK = 120
MAX_MESSAGE = 2000
MAX_CEREMONIES = 10


# ---- input --------------------------------------------------------------------------------


class CeremonyInSchema(Schema):
    name = Text(max_length=100, required=True, metadata={"example": "Lễ Vu Quy"})
    starts_at = Moment(
        required=True,
        metadata={
            "description": "without an offset: Vietnam's time; years 1900–2100",
            "example": "2026-10-18T09:00:00+07:00",
        },
    )
    ends_at = Moment(allow_none=True, metadata={"description": "after starts_at"})
    venue = Text(max_length=200)
    address = Text(max_length=300)
    map_url = Text(max_length=500, metadata={"description": "https only"})


class CeremonyChangeSchema(CeremonyInSchema):
    """A ceremony's fields to change (any of them)."""


class SideChangeSchema(Schema):
    """A side's fields (any of them on PATCH)."""

    name = Text(max_length=100, required=True, metadata={"example": "Nhà gái"})
    hosts_names = Text(max_length=300, metadata={"example": "Ông Trần Văn Hải – Bà Lê Thị Mai"})
    position = BoundedInteger(maximum=100)
    show_qr = fields.Boolean(metadata={"description": "guests see the side's QR"})
    ledger_shared = fields.Boolean(metadata={"description": "the other sides' hosts read it"})
    bank = Text(max_length=MAX_BANK, metadata={"description": "BIN, code or name"})
    account_number = Text(max_length=MAX_ACCOUNT_TYPED, metadata={"example": "0011004455667"})
    account_name = Text(max_length=100, metadata={"description": "as the bank shows it"})


class SideInSchema(SideChangeSchema):
    ceremonies = fields.List(
        fields.Nested(CeremonyInSchema), validate=validate.Length(max=MAX_CEREMONIES)
    )


class EventChangeSchema(Schema):
    """An event's own fields (any of them on PATCH)."""

    kind = fields.String(required=True, validate=validate.OneOf(EVENT_KINDS))
    title = Text(max_length=200, required=True, metadata={"example": "Lễ cưới Minh & Lan"})
    locality_id = Id(required=True, metadata={"description": "a commune (2025) or a hamlet"})
    message = Text(max_length=MAX_MESSAGE)
    show_wishes = fields.Boolean()


class EventInSchema(EventChangeSchema):
    sides = fields.List(
        fields.Nested(SideInSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_SIDES),
    )


class HostInSchema(Schema):
    login = Text(
        max_length=254,
        required=True,
        metadata={"description": "the email or phone number the person signs in with"},
    )
    side_id = Id(allow_none=True, metadata={"description": "a co-host of one side only"})


class ArchiveSchema(Schema):
    archived = fields.Boolean(required=True)


class EventQuerySchema(Schema):
    archived = fields.Boolean(
        load_default=False, metadata={"description": "true: the archived events"}
    )


# ---- output -------------------------------------------------------------------------------


def _lunar(ceremony: Ceremony) -> str:
    return lunar_date_text(local_day(ceremony.starts_at))


class CeremonySchema(Schema):
    id = fields.Integer()
    side_id = fields.Integer()
    name = fields.String()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime(allow_none=True)
    lunar_date = fields.Function(
        _lunar, metadata={"description": "the lunar date of the day it starts, in words"}
    )
    venue = fields.String()
    address = fields.String()
    map_url = fields.String()


class SideSchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    name = fields.String()
    position = fields.Integer()
    hosts_names = fields.String()
    bank_bin = fields.String()
    account_number = fields.String()
    account_name = fields.String()
    show_qr = fields.Boolean()
    ledger_shared = fields.Boolean()
    code = fields.String(metadata={"description": "the purpose the side's QR carries"})
    token = fields.String(metadata={"description": "the side's public link: /m/<token>"})
    ceremonies = fields.List(fields.Nested(CeremonySchema))


class HostSchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    user_id = fields.Integer()
    name = fields.String(attribute="user.name")
    login = fields.String(attribute="user.login_name")
    role = fields.String(metadata={"description": "owner or cohost"})
    side_id = fields.Integer(allow_none=True, metadata={"description": "null: every side"})


class EventSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    locality_id = fields.Integer()
    message = fields.String()
    show_wishes = fields.Boolean()
    token = fields.String(metadata={"description": "the event's public link: /m/<token>"})
    archived_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    sides = fields.List(fields.Nested(SideSchema))
    hosts = fields.List(fields.Nested(HostSchema))


class DeletedEventSchema(Schema):
    """What deleting an event deleted."""

    sides = fields.Integer()
    hosts = fields.Integer()
    guests = fields.Integer()
    rsvps = fields.Integer()
    wishes = fields.Integer()
    gifts = fields.Integer()
