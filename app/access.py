"""Who may act where: asked by any feature, answered by the accounts feature.

The kernel knows neither users nor roles (accounts is a feature built on localities), yet the
localities feature's own pages must check that an officer manages a commune. So the question is
asked here and the answer is registered by the accounts feature when the app is built, as
Flask-Login's user loader is; every import still points down. Routes and resources call the
`require_*` guards; templates may ask `can_manage` and `can_view`.
"""

from __future__ import annotations

from typing import Any, NoReturn, Protocol

from flask import abort, current_app
from flask_login import current_user

from app.extensions import login_manager

POLICY_KEY = "quet.access_policy"


class AccessPolicy(Protocol):
    """The rules: whether `user` (signed in or not) may change `locality` and its subtree, and
    whether they may read its records (markets, teams, reports)."""

    def can_manage(self, user: Any, locality: Any) -> bool: ...

    def can_view(self, user: Any, locality: Any) -> bool: ...


class _Nobody:
    """Until a policy is registered, nobody may do anything."""

    def can_manage(self, user: Any, locality: Any) -> bool:
        return False

    def can_view(self, user: Any, locality: Any) -> bool:
        return False


def use_policy(app: Any, policy: AccessPolicy) -> None:
    """Make `policy` answer this app's access questions."""
    app.extensions[POLICY_KEY] = policy


def policy() -> AccessPolicy:
    registered: AccessPolicy = current_app.extensions.get(POLICY_KEY, _Nobody())
    return registered


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_manage(user: Any, locality: Any) -> bool:
    """Whether `user` may change `locality` and what lies below it."""
    return locality is not None and policy().can_manage(user, locality)


def can_view(user: Any, locality: Any) -> bool:
    """Whether `user` may read the records of `locality` and what lies below it."""
    return locality is not None and policy().can_view(user, locality)


def deny_unauthenticated() -> NoReturn:
    """401 JSON for the API, the login page (with `next`) for pages."""
    abort(login_manager.unauthorized())


def require_login() -> Any:
    """The signed-in user, or 401 / the login page."""
    if not is_signed_in(current_user):
        deny_unauthenticated()
    return current_user._get_current_object()


def require_manage(locality: Any) -> Any:
    """The signed-in user if they manage `locality`; otherwise 401 (anonymous) or 403."""
    user = require_login()
    if not can_manage(user, locality):
        abort(403)
    return user
