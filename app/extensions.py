"""Unbound extension singletons; `register_extensions` binds them to an app."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import Babel, get_locale
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
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
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
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
