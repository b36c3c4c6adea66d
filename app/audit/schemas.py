"""Marshmallow schemas of the audit log API."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.request_guards import Id, Text


class AuditQuerySchema(Schema):
    locality = Id(load_default=None, metadata={"description": "a locality id"})
    entity = Text(max_length=50, load_default=None)
    # page and page_size: flask-smorest's pagination parameters (X-Pagination header)


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
