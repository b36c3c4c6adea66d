"""Unbound extension singletons; `register_extensions` binds them to an app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_request_context, request, signals
from flask.globals import request_ctx
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask.wrappers import Request, Response
from flask_babel import Babel, get_locale
from flask_limiter import Limiter
from flask_limiter.util import get_qualified_name, get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from app import api_docs, security_headers
from app.database import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
api = Api()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
babel = Babel()
mail = Mail()

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """Vietnamese unless the person chose English (the choice persists in a cookie)."""
    if not has_request_context():  # CLI, background work
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    return str(chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"])


def register_extensions(app: Flask) -> None:
    """Bind every extension to `app`."""
    from app.request_guards import register_request_guards  # it imports app.errors → here

    register_request_guards(app)  # first: the bounded `int` converter, then the input guard
    db.init_app(app)
    migrate.init_app(
        app, db, directory=app.root_path + "/../migrations", render_as_batch=True, compare_type=True
    )
    api_docs.prepare(api)
    api.init_app(app)
    api_docs.declare_security(api)
    app.session_interface = CookieSessionOnDemand()
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=app.root_path + "/translations",
    )
    security_headers.init_app(app)
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "vi")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Vietnamese stays readable
    _only_where_used(app)


# ---- what a request pays for ----------------------------------------------------------------
#
# The quick link and the public API are fetched like static files, so a request pays only for
# what it uses (issue 9, measured in `python -m bench http`): no cookie, no session work; the
# rate limiter only on the endpoints a limit applies to; Flask-Login's remember-me hook only when
# a session exists. Each shortcut is taken only when the full path would provably do nothing.


class CookieSessionOnDemand(SecureCookieSessionInterface):
    """Flask's signed-cookie session, without building the signer when no cookie came."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and (
            "HTTP_COOKIE" not in request.environ  # no Cookie header: not even parsed
            or not request.cookies.get(self.get_cookie_name(app))
        ):
            return self.session_class()  # what the parent returns for a missing cookie
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not session and not session.modified and not session.accessed:
            return  # the parent would add nothing either (no Vary, no cookie)
        super().save_session(app, session, response)


def _limits_everywhere() -> bool:
    """Whether a limit may apply to any endpoint (default, application, meta, blueprint or
    fallback limits), or the limiter cannot tell: then every request is checked."""
    try:
        manager = limiter.limit_manager
        return bool(
            manager._default_limits
            or manager._application_limits
            or manager._blueprint_limits
            or limiter._meta_limits
            or limiter._in_memory_fallback
        )
    except AttributeError:  # another Flask-Limiter: check every request, as it does
        return True


def rate_limit_may_apply(app: Flask, endpoint: str | None) -> bool:
    """Whether a rate limit may apply to `endpoint` (the gates below decide it once per
    endpoint)."""
    if _limits_everywhere():
        return True
    view = app.view_functions.get(endpoint or "")
    if view is None:
        return False  # no view, no decorated limit (and no global one, see above)
    try:
        name = get_qualified_name(view)
        return bool(
            name in limiter.limit_manager._decorated_limits
            or name in limiter._marked_for_limiting
            or limiter.limit_manager.has_hints(endpoint or "")
        )
    except AttributeError:
        return True


def _gate(
    app: Flask, hooks: list[Any], match: Callable[[Any], bool], gated: Callable[[Any], Any]
) -> None:
    """Replace the hook `match` picks, at its place in the order, by `gated(hook)`, marked as
    doing nothing for a plain request; a hook the extension did not register (the limiter
    switched off) is left alone."""
    for index, hook in enumerate(hooks):
        if match(hook):
            hooks[index] = quiet_for_plain_requests(app, gated(hook))
            return


def _only_where_used(app: Flask) -> None:
    """Gate the per-request hooks of Flask-Limiter, Flask-WTF's CSRF check and Flask-Login's
    remember-me cookie."""
    decided: dict[str | None, bool] = {}

    def limit_applies() -> bool:
        endpoint = request.endpoint
        applies = decided.get(endpoint)
        if applies is None:
            applies = decided[endpoint] = rate_limit_may_apply(app, endpoint)
        return applies

    def gate_check(check_limits: Callable[[], Any]) -> Callable[[], Any]:
        def check_rate_limit() -> Any:
            return check_limits() if limit_applies() else None

        return check_rate_limit

    def gate_headers(inject: Callable[[Response], Response]) -> Callable[[Response], Response]:
        def add_rate_limit_headers(response: Response) -> Response:
            return inject(response) if limit_applies() else response

        return add_rate_limit_headers

    def gate_release(release: Callable[..., Any]) -> Callable[..., Any]:
        def release_limiter_context(error: BaseException | None = None) -> Any:
            # The limiter keeps its per-request state on the request context: nothing to reset
            # when no check ran.
            if hasattr(request_ctx, "_limiter_request_context"):
                return release(error)
            return None

        return release_limiter_context

    def gate_csrf(protect: Callable[[], Any]) -> Callable[[], Any]:
        def csrf_protect() -> Any:
            # Flask-WTF's own first test, before it looks up exemptions (GET, HEAD, OPTIONS).
            if request.method not in app.config["WTF_CSRF_METHODS"]:
                return None
            return protect()

        return csrf_protect

    def gate_remember(update: Callable[[Response], Response]) -> Callable[[Response], Response]:
        def update_remember_cookie(response: Response) -> Response:
            # Without a session cookie, and with the session untouched by the view, the session
            # is empty and Flask-Login's hook does nothing (unless told to refresh every time).
            opened = request_ctx._session
            if (
                (opened is None or not opened.accessed)
                and (
                    "HTTP_COOKIE" not in request.environ
                    or app.config["SESSION_COOKIE_NAME"] not in request.cookies
                )
                and not app.config.get("REMEMBER_COOKIE_REFRESH_EACH_REQUEST")
            ):
                return response
            return update(response)

        return update_remember_cookie

    before = app.before_request_funcs.get(None, [])
    after = app.after_request_funcs.get(None, [])
    _gate(app, before, lambda hook: hook == limiter._check_request_limit, gate_check)
    _gate(app, after, lambda hook: getattr(hook, "args", None) == (limiter,), gate_headers)
    _gate(app, after, lambda hook: hook == login_manager._update_remember_cookie, gate_remember)
    teardown = app.teardown_request_funcs.get(None, [])
    _gate(app, teardown, lambda hook: getattr(hook, "__self__", None) is limiter, gate_release)
    _gate(app, before, lambda hook: hook.__qualname__.startswith("CSRFProtect."), gate_csrf)


# ---- plain requests -------------------------------------------------------------------------
#
# A plain request is a GET or HEAD without a cookie, an Authorization header or a body, whose
# path and query `app.request_guards` need not scan. Each hook below is marked by the module
# that registers it, which knows why it does nothing for such a request: the request guard
# (nothing to refuse), the CSRF and limiter gates above (safe method; no limit applies), the
# bearer-token check (no header), the remember-me gate (no session cookie, session untouched).
# The security headers are marked too: a layer answering plain requests applies them itself
# (`app.security_headers.add_security_headers`).

QUIET_HOOKS_KEY = "quet.quiet_hooks"


def quiet_for_plain_requests[Hook: Callable[..., Any]](app: Flask, hook: Hook) -> Hook:
    """Mark `hook`, a request hook of `app`, as doing nothing for a plain request."""
    app.extensions.setdefault(QUIET_HOOKS_KEY, set()).add(hook)
    return hook


def request_hooks_idle(app: Flask, endpoint: str) -> bool:
    """Whether Flask's request handling of `endpoint` would add nothing but the security
    headers to a plain request (a GET or HEAD without a cookie, an Authorization header or a
    body, with a path and query `app.request_guards` need not scan): every hook registered for
    the app and the endpoint's blueprint is marked quiet (above), no rate limit may apply to it, no
    request signal has a receiver, and no host check applies. A layer in front of the app may
    then answer such a request itself (`app.codes.quick_links`); any other hook, limit or
    setting sends every request through Flask again."""
    quiet = app.extensions.get(QUIET_HOOKS_KEY, set())
    scopes = (None, endpoint.rpartition(".")[0] or None)

    def all_quiet(registry: dict[Any, list[Any]]) -> bool:
        return all(hook in quiet for scope in scopes for hook in registry.get(scope, []))

    return (
        all_quiet(app.before_request_funcs)
        and all_quiet(app.after_request_funcs)
        and all_quiet(app.teardown_request_funcs)
        and not any(app.url_value_preprocessors.get(scope) for scope in scopes)
        and not any(
            signal.receivers
            for signal in (
                signals.request_started,
                signals.request_finished,
                signals.request_tearing_down,
            )
        )
        and not app.config.get("SERVER_NAME")
        and not app.config.get("TRUSTED_HOSTS")
        and not app.url_map.host_matching
        and not app.config.get("REMEMBER_COOKIE_REFRESH_EACH_REQUEST")
        and type(app.session_interface) is CookieSessionOnDemand  # no cookie, no session work
        and not rate_limit_may_apply(app, endpoint)
    )
