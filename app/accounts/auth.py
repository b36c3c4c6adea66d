"""How a request is authenticated: Flask-Login sessions for people, bearer tokens for scripts.

- `user_loader`: the session (or "remember me" cookie) holds "<id>:<session_version>".
- `request_loader`: `Authorization: Bearer quet_…` → the token's user, with exactly their
  roles; an unknown or revoked token is a 401 (JSON), not a silent anonymous request.
- `unauthorized`: 401 JSON for the API, a redirect to the login page (with `next`) for pages.
- The API is exempt from form CSRF tokens because scripts authenticate with bearer tokens; a
  browser calling the API with its session cookie must still send the CSRF token
  (`X-CSRFToken` header) on unsafe methods, so a session cannot be ridden cross-site.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, current_app, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from app.accounts import services
from app.accounts.models import User
from app.errors import json_error, wants_json
from app.extensions import csrf, login_manager

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


def bearer_secret(req: Request) -> str | None:
    """The secret of an `Authorization: Bearer …` header, or None when there is none."""
    scheme, _sep, secret = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    return services.load_user(session_id)


@login_manager.request_loader
def _load_user_from_request(req: Request) -> User | None:
    secret = bearer_secret(req)
    if secret is None:
        return None
    user = services.user_for_token(secret)
    if user is None:
        g.invalid_bearer_token = True
        return None
    g.authenticated_by_token = True
    return user


@login_manager.unauthorized_handler
def _unauthorized() -> Any:
    if wants_json():
        response = json_error(401, "Authentication required: sign in or send a bearer token.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="quet"'
        return response
    flash(str(login_manager.login_message), login_manager.login_message_category)
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("accounts.login", next=target))


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths, so `next` cannot send someone to another site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(ch) < 32 for ch in target)
    ):
        return target
    return default


def _check_bearer_and_api_csrf() -> WerkzeugResponse | None:
    """Run before every request: reject bad bearer tokens, guard session-authenticated API."""
    if bearer_secret(request) is not None:
        if current_user.is_authenticated and getattr(g, "authenticated_by_token", False):
            return None
        if getattr(g, "invalid_bearer_token", False):
            response = json_error(401, "Invalid or revoked API token.")
            response.headers["WWW-Authenticate"] = 'Bearer realm="quet", error="invalid_token"'
            return response
        return None
    if (
        request.path.startswith("/api/")
        and request.method not in SAFE_METHODS
        and current_app.config.get("WTF_CSRF_ENABLED", True)
        and current_user.is_authenticated
    ):
        csrf.protect()
    return None


def init_app(app: Flask) -> None:
    """Hook the checks above into `app` (called when the accounts blueprint is registered)."""
    app.before_request(_check_bearer_and_api_csrf)
