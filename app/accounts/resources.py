"""REST API of the accounts feature: /me, /tokens, /users, /invitations.

Every endpoint needs a signed-in user: a bearer token (`Authorization: Bearer quet_…`) for
scripts, or the session cookie (plus `X-CSRFToken` on unsafe methods) for the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask import g
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort

from app.access import require_login
from app.accounts import services
from app.accounts.models import ApiToken, Invitation, User
from app.accounts.schemas import (
    InvitationCreateSchema,
    InvitationSchema,
    MeSchema,
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenSchema,
    UserListQuerySchema,
    UserListSchema,
)
from app.api_docs import SIGNED_IN, answers
from app.localities.tree import get_locality

blp = Blueprint(
    "accounts_api",
    __name__,
    description="Accounts: the signed-in user, API tokens, users, invitations",
)


def _user_dict(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "created_at": user.created_at,
        "last_login_at": user.last_login_at,
        "roles": user.roles,
    }


@blp.route("/me")
class Me(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, security=SIGNED_IN)
    @blp.response(200, MeSchema)
    def get(self) -> dict[str, Any]:
        """The signed-in user and their roles (a token acts with exactly these roles)."""
        via = "token" if getattr(g, "authenticated_by_token", False) else "session"
        return {**_user_dict(current_user), "authenticated_by": via}


@blp.route("/tokens")
class Tokens(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, security=SIGNED_IN)
    @blp.response(200, TokenSchema(many=True))
    def get(self) -> list[ApiToken]:
        """My API tokens, newest first (the secrets are never shown again)."""
        return services.tokens_of(current_user)

    @answers(blp, 400, 401, 413, 422, security=SIGNED_IN)
    @blp.arguments(TokenCreateSchema)
    @blp.response(201, TokenCreatedSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create a token; the response holds its secret, the only time it is shown."""
        token, secret = services.create_token(current_user, data["name"])
        fields = ("id", "name", "prefix", "created_at", "last_used_at", "revoked_at")
        return {**{name: getattr(token, name) for name in fields}, "token": secret}


@blp.route("/tokens/<int:token_id>")
class TokenDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, 422, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, token_id: int) -> None:
        """Revoke one of my tokens; it stops working at once."""
        services.revoke_token(current_user, token_id)


@blp.route("/users")
class Users(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 422, security=SIGNED_IN)
    @blp.arguments(UserListQuerySchema, location="query")
    @blp.response(200, UserListSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Admins: every user. Officers: users with roles inside their subtree (those roles)."""
        actor = require_login()
        if not services.may_manage_users(actor):
            abort(403, message="Only admins and officers manage users.")
        scoped = services.users_in_scope(actor, query["q"])
        users = [{**_user_dict(item.user), "roles": item.roles} for item in scoped]
        return {"count": len(users), "users": users}


@blp.route("/invitations")
class Invitations(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 413, 422, security=SIGNED_IN)
    @blp.arguments(InvitationCreateSchema)
    @blp.response(201, InvitationSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Invite someone as officer or viewer of a locality inside my subtree.

        There is no mail server: pass the returned `url` on to the person yourself.
        """
        locality = get_locality(data["locality_id"])
        invitation, secret = services.invite(current_user, data["email"], data["role"], locality)
        return _invitation_dict(invitation, services.invitation_url(secret))


def _invitation_dict(invitation: Invitation, url: str) -> dict[str, Any]:
    return {
        "id": invitation.id,
        "email": invitation.email,
        "role": invitation.role,
        "locality": invitation.locality,
        "expires_at": invitation.expires_at,
        "url": url,
    }
