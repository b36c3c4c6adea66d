"""Marshmallow schemas of the accounts API (users, roles, tokens, invitations)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.accounts.auth import authenticated_by
from app.accounts.models import INVITABLE_ROLES
from app.request_guards import EmailText, Id, Text


class RoleLocalitySchema(Schema):
    id = fields.Integer()
    code = fields.String(allow_none=True)
    name = fields.String()
    level = fields.String()
    era = fields.String()


class RoleSchema(Schema):
    id = fields.Integer()
    role = fields.String(metadata={"description": "admin, officer, viewer, vendor or host"})
    locality = fields.Nested(RoleLocalitySchema, allow_none=True)


class UserSchema(Schema):
    id = fields.Integer()
    email = fields.String(allow_none=True)
    phone = fields.String(
        allow_none=True, metadata={"description": "E.164, e.g. +84912345678; or null"}
    )
    name = fields.String()
    created_at = fields.DateTime()
    last_login_at = fields.DateTime(allow_none=True)
    roles = fields.List(fields.Nested(RoleSchema))


class MeSchema(UserSchema):
    authenticated_by = fields.Function(
        lambda _user: authenticated_by(),
        metadata={"description": "session or token"},
    )


class UserListQuerySchema(Schema):
    q = Text(max_length=100, load_default="", metadata={"description": "part of an email or name"})


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String(
        metadata={"description": "the token's first characters, to recognise it"}
    )
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class TokenCreateSchema(Schema):
    name = Text(required=True, min_length=1, max_length=100)


class TokenCreatedSchema(TokenSchema):
    token = fields.String(
        attribute="shown_once",
        metadata={"description": "the secret; shown only in this response"},
    )


class InvitationCreateSchema(Schema):
    email = EmailText(required=True)
    role = fields.String(required=True, validate=validate.OneOf(INVITABLE_ROLES))
    locality_id = Id(required=True)


class InvitationSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    role = fields.String()
    locality = fields.Nested(RoleLocalitySchema)
    expires_at = fields.DateTime()
    url = fields.String(
        attribute="shown_once",
        metadata={"description": "the one-time link to pass on to the person"},
    )


class InviterSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    login = fields.String(attribute="login_name", metadata={"description": "email or phone"})


class OpenInvitationSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    role = fields.String()
    locality = fields.Nested(RoleLocalitySchema)
    invited_by = fields.Nested(InviterSchema, allow_none=True)
    created_at = fields.DateTime()
    expires_at = fields.DateTime()


class PasswordResetIssuedSchema(Schema):
    user_id = fields.Integer()
    expires_at = fields.DateTime()
    url = fields.String(
        attribute="shown_once",
        metadata={"description": "the one-time reset link to pass on to the person"},
    )
