"""Marshmallow schemas of the audit log API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.request_guards import BoundedInteger, Id, Text


class AuditQuerySchema(Schema):
    locality = Id(load_default=None, metadata={"description": "a locality id"})
    entity = Text(max_length=50, load_default=None)
    page = BoundedInteger(minimum=1, load_default=1)
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor_id = fields.Integer(allow_none=True)
    actor_label = fields.String()
    action = fields.String()
    entity = fields.String()
    entity_id = fields.String()
    locality_id = fields.Integer(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class AuditPageSchema(Schema):
    items = fields.List(fields.Nested(AuditEntrySchema))
    page = fields.Integer()
    pages = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
