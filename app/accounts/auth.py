"""How a request is authenticated: server-side login sessions for people, bearer tokens for scripts.

- `user_loader`: the session cookie (or the "remember me" cookie) holds the secret of a
  `LoginSession` row; the row must be open and unexpired on every request, so logging out,
  changing the password or "log out everywhere" ends those cookies at once. Every login opens a
  new row, so the remember-me cookie is new at each login.
- Bearer tokens: `Authorization: Bearer quet_…` authenticates the request as the token's user,
  with exactly their roles, whatever cookies come along. An unknown or revoked token is a 401
  (JSON) even beside a valid session cookie: a bad token never falls back to the session.
- `unauthorized`: 401 JSON for the API, a redirect to the login page (with `next`) for pages.
- The API is exempt from form CSRF tokens because scripts authenticate with bearer tokens; a
  request that carries a login session (its cookie) must still send the CSRF token
  (`X-CSRFToken` header) on unsafe methods, with or without a bearer header, so a session cannot
  be ridden cross-site.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from app import access
from app.accounts import permissions, services
from app.accounts.models import User
from app.errors import json_error, wants_json
from app.extensions import csrf, login_manager, quiet_for_plain_requests

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def bearer_secret(req: Request) -> str | None:
    """The secret of an `Authorization: Bearer …` header, or None when there is none."""
    scheme, _sep, secret = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


def authenticated_by() -> str:
    """How this request's user was recognised: "token" (a bearer header) or "session"."""
    return "token" if g.get("authenticated_by_token", False) else "session"


def _load_user(session_id: str) -> User | None:
    return services.load_user(session_id)


def _unauthorized() -> Any:
    if wants_json():
        response = json_error(401, "Authentication required: sign in or send a bearer token.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="quet"'
        return response
    flash(str(login_manager.login_message), login_manager.login_message_category)
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("accounts.login", next=target))


def _carries_login_session() -> bool:
    """Whether the request came with a session or remember-me cookie naming a login."""
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember_cookie in request.cookies


def authenticate_request() -> WerkzeugResponse | None:
    """Before every request: a bearer token decides who the caller is (a bad one is a 401);
    unsafe API requests that carry a login session must pass the CSRF check."""
    # Most requests (images, pages) carry neither a bearer header nor an unsafe method: two
    # lookups in the WSGI environment, no header object, no path test.
    secret = bearer_secret(request) if "HTTP_AUTHORIZATION" in request.environ else None
    if secret is not None:
        user = services.user_for_token(secret)
        if user is None:
            response = json_error(401, "Invalid or revoked API token.")
            response.headers["WWW-Authenticate"] = 'Bearer realm="quet", error="invalid_token"'
            return response
        # The token's user for this request, without loading (or touching) the session.
        login_manager._update_request_context_with_user(user)
        g.authenticated_by_token = True
    if (
        request.method not in SAFE_METHODS
        and request.path.startswith("/api/")
        and current_app.config.get("WTF_CSRF_ENABLED", True)
        and _carries_login_session()
    ):
        csrf.protect()
    return None


def init_app(app: Flask) -> None:
    """Set up Flask-Login (loader, login page, unauthorized answer), the bearer-token and CSRF
    check before every request, and the access policy the kernel's guards ask."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)
    # No Authorization header and a safe method: nothing to do for a plain request.
    app.before_request(quiet_for_plain_requests(app, authenticate_request))
    access.use_policy(app, permissions)
    # The header shows "Users" and "Audit log" to the people who may open them.
    app.jinja_env.globals["may_manage_users"] = lambda: (
        not permissions.managed_localities(current_user).is_empty
    )
    # Breadcrumbs link only the units their reader may open (the rest is plain text).
    app.jinja_env.globals["may_view"] = lambda locality: permissions.can_view(
        current_user, locality
    )
    # ...and "Reports" and "Teams" to the people who may read a locality's (viewers too).
    app.jinja_env.globals["may_read_reports"] = lambda: (
        not permissions.viewable_localities(current_user).is_empty
    )
