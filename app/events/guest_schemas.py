"""Marshmallow schemas of the guest API: what comes in (bounded, partial on PATCH) and what goes
out. The rules are `app.events.guests`'; these only bound and type the input."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from app.events.guests import MAX_GROUP, MAX_HONORIFIC, MAX_INVITED_BY, MAX_NAME
from app.events.models import Guest
from app.request_guards import Id, Text

#: A phone number as people type it (spaces, dots, +84).
MAX_PHONE_TYPED = 30


def guest_path(guest: Guest) -> str:
    """The path of the guest's personal page (its token, never an id)."""
    return url_for("events.guest_page", token=guest.token)


# ---- input --------------------------------------------------------------------------------


class GuestInSchema(Schema):
    name = Text(max_length=MAX_NAME, required=True, metadata={"example": "Trần Văn Nam"})
    honorific = Text(
        max_length=MAX_HONORIFIC,
        metadata={"description": "anh, chị, cô, chú, bác, ông bà… or any short word"},
    )
    phone = Text(max_length=MAX_PHONE_TYPED, metadata={"example": "0912 345 678"})
    group_name = Text(max_length=MAX_GROUP, metadata={"example": "Bạn cô dâu"})
    invited_by = Text(
        max_length=MAX_INVITED_BY,
        metadata={"description": "whose guest: Cô dâu, Chú rể, Bố cô dâu… (free text)"},
    )
    side_id = Id(
        allow_none=True,
        metadata={"description": "the side; may be left out when the caller manages one side"},
    )


class GuestChangeSchema(GuestInSchema):
    """A guest's fields to change."""


class GuestQuerySchema(Schema):
    q = Text(
        max_length=100,
        load_default="",
        metadata={"description": "words of the name (with or without diacritics), group, phone"},
    )
    side_id = Id(load_default=None)
    group = Text(max_length=MAX_GROUP, load_default="")
    invited_by = Text(max_length=MAX_INVITED_BY, load_default="")


class GuestFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "CSV (UTF-8, UTF-8 BOM, UTF-16 or Windows-1258) or XLSX with columns "
            "họ tên/name and optionally xưng hô/honorific, điện thoại/phone, nhóm/group, "
            "bên/side (the side by name), mời bởi/invited by; a template: "
            "/su-kien/<id>/khach/nhap/mau.xlsx (or .csv)"
        },
    )


class GuestImportQuerySchema(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={"description": "preview only"})
    side_id = Id(
        load_default=None,
        metadata={"description": "the side of every guest of the file (its Bên column empty)"},
    )


# ---- output -------------------------------------------------------------------------------


class RsvpSchema(Schema):
    answer = fields.String(metadata={"description": "yes, no or maybe"})
    people = fields.Integer()
    note = fields.String()


class GuestSchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    side_id = fields.Integer()
    name = fields.String()
    honorific = fields.String()
    phone = fields.String(metadata={"description": "E.164, e.g. +84912345678"})
    group_name = fields.String()
    invited_by = fields.String()
    code = fields.String(metadata={"description": "the guest's code, their QR's purpose"})
    link = fields.Method(
        "_link", metadata={"description": "the personal page's path: /m/k/<token>"}
    )
    rsvp = fields.Method("_rsvp", metadata={"description": "the guest's answer, null if none"})

    def _link(self, guest: Guest) -> str:
        return guest_path(guest)

    def _rsvp(self, guest: Guest) -> dict[str, Any] | None:
        answer = guest.rsvps[0] if guest.rsvps else None
        return None if answer is None else RsvpSchema().dump(answer)


class GuestImportRowSchema(Schema):
    line = fields.Integer()
    given = fields.Dict(
        keys=fields.String(), values=fields.String(), metadata={"description": "as given"}
    )
    phone = fields.Method("_phone", metadata={"description": "as it will be stored"})
    side_id = fields.Method("_side", metadata={"description": "the side it will go to"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))

    def _phone(self, draft: Any) -> str:
        return str(draft.cleaned.get("phone", ""))

    def _side(self, draft: Any) -> int | None:
        return draft.side.id if draft.side is not None else None


class GuestImportPreviewSchema(Schema):
    valid = fields.Boolean()
    error_count = fields.Integer()
    rows = fields.List(fields.Nested(GuestImportRowSchema))


class GuestImportResultSchema(Schema):
    """What an import wrote (201), dumped from the list of new guests. With dry_run the view
    answers the preview (200), which this schema dumps as `GuestImportPreviewSchema` does."""

    count = fields.Integer()
    created = fields.List(fields.Nested(GuestSchema))

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        if not isinstance(obj, list):
            return GuestImportPreviewSchema().dump(obj)
        return super().dump({"count": len(obj), "created": obj}, many=many)
