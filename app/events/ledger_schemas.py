"""Marshmallow schemas of the ledger API: what comes in (bounded) and what goes out. The rules
are `app.events.ledger`'s and `app.events.gifts`'s; these only bound and type the input."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from app.events.gifts import MAX_DONG, gift_text
from app.events.ledger import (
    CLIENT_ID_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    OWNER_MAX,
    RELATION_MAX,
    SYNC_MAX,
)
from app.events.models import GIVER_KINDS, METHODS, UNITS
from app.request_guards import BoundedInteger, Id, Moment, Text

QUANTITY_MAX = 30


class Quantity(fields.Field):  # type: ignore[type-arg]
    """A quantity as text ("500000", "1.5") or a number; the rules are `clean_gift`'s."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "type": "string",
            "maxLength": QUANTITY_MAX,
            "example": "500000",
            **kwargs.pop("metadata", {}),
        }
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValidationError("Not a number or a text.")
        text = str(value)
        if len(text) > QUANTITY_MAX:
            raise ValidationError(f"Longer than maximum length {QUANTITY_MAX}.")
        return text

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return format(value.normalize(), "f")


class EntryInSchema(Schema):
    side_id = Id(required=True, metadata={"description": "a side whose ledger you write"})
    guest_id = Id(allow_none=True, metadata={"description": "a guest of that side"})
    giver_kind = fields.String(validate=validate.OneOf(GIVER_KINDS), load_default="person")
    giver_name = Text(max_length=NAME_MAX, metadata={"example": "Anh Trần Văn Nam"})
    on_behalf_of = Text(max_length=NAME_MAX)
    relation = Text(max_length=RELATION_MAX, metadata={"example": "Bạn đại học"})
    owner = Text(max_length=OWNER_MAX, metadata={"description": "defaults to the guest's inviter"})
    unit = fields.String(validate=validate.OneOf(UNITS), load_default="dong")
    quantity = Quantity(allow_none=True)
    currency = Text(max_length=3, metadata={"example": "USD"})
    description = Text(max_length=300)
    value_vnd = BoundedInteger(
        minimum=1,
        maximum=MAX_DONG,
        allow_none=True,
        metadata={"description": "the đồng value at the time (not for đồng)"},
    )
    method = fields.String(validate=validate.OneOf(METHODS), allow_none=True)
    received_at = Moment(allow_none=True)
    message = Text(max_length=MESSAGE_MAX)


class EntryChangeSchema(EntryInSchema):
    side_id = Id()
    giver_kind = fields.String(validate=validate.OneOf(GIVER_KINDS))
    unit = fields.String(validate=validate.OneOf(UNITS))


class SyncEntryInSchema(EntryInSchema):
    client_id = Text(
        max_length=CLIENT_ID_MAX,
        required=True,
        metadata={"description": "the UUID the phone gave the entry when it was typed"},
    )


class SyncEntry(fields.Dict):
    """One entry of a phone's queue: loaded by `SyncEntryInSchema`; an entry it refuses is
    kept with its errors (`_errors`), so that the others are still written."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        item = super()._deserialize(value, attr, data, **kwargs)  # type: ignore[no-untyped-call]
        try:
            loaded: dict[str, Any] = SyncEntryInSchema().load(item)
        except ValidationError as error:
            messages = error.messages if isinstance(error.messages, dict) else {}
            client_id = item.get("client_id")
            return {
                "client_id": client_id if isinstance(client_id, str) else "",
                "_errors": {str(name): list(map(str, found)) for name, found in messages.items()},
            }
        return loaded


class SyncInSchema(Schema):
    entries = fields.List(
        SyncEntry(metadata={"description": "an entry (see SyncEntryIn) with its client_id"}),
        required=True,
        validate=validate.Length(max=SYNC_MAX),
    )


class SyncResultSchema(Schema):
    client_id = fields.String()
    status = fields.String(metadata={"description": "created, exists or refused"})
    entry_id = fields.Integer(allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class SyncOutSchema(Schema):
    results = fields.List(fields.Nested(SyncResultSchema))


class EntryQuerySchema(Schema):
    side_id = Id()
    owner = Text(max_length=OWNER_MAX)
    method = fields.String(validate=validate.OneOf(METHODS))
    unit = fields.String(validate=validate.OneOf(UNITS))
    group = Text(max_length=100)
    thanked = fields.Boolean()
    q = Text(max_length=100, metadata={"description": "name or message, without diacritics"})


class ThankedInSchema(Schema):
    entry_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=1000))
    thanked = fields.Boolean(load_default=True)


class ThankedOutSchema(Schema):
    changed = fields.Integer()


class EntrySchema(Schema):
    id = fields.Integer()
    side_id = fields.Integer()
    guest_id = fields.Integer(allow_none=True)
    giver_kind = fields.String()
    giver_name = fields.String()
    on_behalf_of = fields.String()
    relation = fields.String()
    owner = fields.String()
    unit = fields.String()
    quantity = Quantity(allow_none=True)
    currency = fields.String()
    description = fields.String()
    value_vnd = fields.Integer(allow_none=True)
    text = fields.Method("_text", metadata={"description": "the gift as a person reads it"})
    method = fields.String()
    received_at = fields.DateTime()
    message = fields.String()
    source = fields.String()
    thanked_at = fields.DateTime(allow_none=True)
    client_id = fields.String(allow_none=True)

    def _text(self, entry: Any) -> str:
        return gift_text(entry.unit, entry.quantity, entry.currency, entry.description)


class TotalSchema(Schema):
    unit = fields.String()
    currency = fields.String()
    quantity = Quantity()
    count = fields.Integer()
    text = fields.String()


class SubtotalSchema(Schema):
    key = fields.String()
    label = fields.String()
    totals = fields.List(fields.Nested(TotalSchema))
    count = fields.Integer()
    estimated_vnd = fields.Integer(
        metadata={"description": "the noted đồng value of gifts not in đồng (an estimate)"}
    )


class TotalsSchema(Schema):
    overall = fields.Nested(SubtotalSchema)
    by_side = fields.List(fields.Nested(SubtotalSchema))
    by_owner = fields.List(fields.Nested(SubtotalSchema))
    by_method = fields.List(fields.Nested(SubtotalSchema))
    by_unit = fields.List(fields.Nested(SubtotalSchema))
    by_group = fields.List(fields.Nested(SubtotalSchema))


class ExportQuerySchema(Schema):
    side_id = Id(metadata={"description": "one side; every side you read when absent"})
