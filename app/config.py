"""Configuration: class defaults → instance/config.py → environment → the mapping given by tests."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

from flask import Flask

DEV_SECRET_KEY = "dev-only-not-secret"
ENVIRONMENTS = ("development", "production")
#: A production secret key shorter than this is refused (`secrets.token_hex(32)` gives 64).
SECRET_KEY_MIN_LENGTH = 32


class Defaults:
    """Defaults that let `make run` work on a bare machine (SQLite, in-memory rate limits)."""

    QUET_ENV = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # None → sqlite:///<instance>/quet.db
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    # Uploads: photos of printed codes. Bigger bodies get a 413 before any parsing.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    QR_UPLOAD_MAX_BYTES = 8 * 1024 * 1024
    QR_UPLOAD_MAX_PIXELS = 40_000_000
    QR_ENCODER = "zint"  # "zint" (libzint, fastest), "zxing" (C++) or "qrcode" (pure Python)
    IMAGE_CACHE_SECONDS = 31_536_000  # images are content-addressed by their ETag
    # Drawn signs and templates kept by their ETag (app.codes.image_cache): "memory://?max_mb=64"
    # (per process, least recently used), "redis://host:6379/1?ttl=604800" (shared), or "none".
    IMAGE_CACHE_URL = "memory://"
    # i18n: Vietnamese first, English second.
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    # Rate limits: memory by default, Redis when RATELIMIT_STORAGE_URI is set.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Background jobs (app.jobs): on an RQ queue in this Redis when set (production, run by
    # `flask jobs worker`), else on a thread of the web process (no Redis needed).
    REDIS_URL: str | None = None
    RATELIMIT_ENABLED = True
    # Vendors' self-registration, per address (page and API together; QUET_REGISTRATION_LIMITS).
    REGISTRATION_LIMITS = "5 per hour;20 per day"
    # Gift events' public pages, per address over every event (QUET_WISH_LIMITS, QUET_RSVP_LIMITS).
    WISH_LIMITS = "5 per 10 minutes;30 per day"
    RSVP_LIMITS = "10 per 10 minutes;50 per day"
    # Reporting periods (Decree 09/2019/NĐ-CP, art. 12): a month's report covers the day after
    # the cut-off of the previous month to the cut-off of this one (QUET_REPORT_CUTOFF_DAY,
    # 1–28); a report is due QUET_REPORT_DUE_DAYS days after its period ends.
    REPORT_CUTOFF_DAY = 14
    REPORT_DUE_DAYS = 5
    # Indicators as of a day are stored once computed (app.reports.aggregates); 0 reads every
    # figure from the raw rows (QUET_INDICATOR_STORE).
    INDICATOR_STORE = True
    # Sessions and cookies.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Login sessions live on the server (app.accounts.models.LoginSession): a session without
    # "remember me" ends after LOGIN_SESSION_HOURS, one with it after REMEMBER_DAYS.
    LOGIN_SESSION_HOURS = 24
    REMEMBER_DAYS = 30
    WTF_CSRF_TIME_LIMIT = None
    # flask-smorest / OpenAPI
    API_TITLE = "Quét API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # Where the printed signs and shared links point to.
    PUBLIC_BASE_URL: str | None = None
    # Mail (Flask-Mailman), only for password reset links. Without MAIL_SERVER nothing is
    # mailed: an admin or the officer of the person's locality issues the link instead.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER: str | None = None
    MAIL_TIMEOUT = 10


def _from_environment() -> dict[str, Any]:
    values: dict[str, Any] = {}
    # from_prefixed_env strips the prefix (QUET_ENV would land in ENV), so read it by name.
    if os.environ.get("QUET_ENV"):
        values["QUET_ENV"] = os.environ["QUET_ENV"].strip().lower()
    if os.environ.get("DATABASE_URL"):
        values["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("RATELIMIT_STORAGE_URI"):
        values["RATELIMIT_STORAGE_URI"] = os.environ["RATELIMIT_STORAGE_URI"]
    return values


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual ways."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Fill `app.config` in the documented order and check it."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("QUET")  # QUET_SECRET_KEY, QUET_ENV, QUET_QR_ENCODER, ...
    app.config.update(_from_environment())
    if overrides:
        app.config.update(overrides)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        uri = "sqlite:///" + str(Path(app.instance_path) / "quet.db")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)

    if app.config.get("SECRET_KEY") is not None:  # from_prefixed_env reads "123…" as a number
        app.config["SECRET_KEY"] = str(app.config["SECRET_KEY"])
    environment = app.config["QUET_ENV"]
    if environment not in ENVIRONMENTS:
        raise RuntimeError(
            f"QUET_ENV={environment!r} is not one of {', '.join(ENVIRONMENTS)}: refusing to "
            "start rather than guess (a misspelt 'production' must not run as development)"
        )
    if environment == "production":
        _check_production(app)
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = DEV_SECRET_KEY if not app.testing else secrets.token_hex(16)
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=app.config["REMEMBER_DAYS"])
    cutoff = app.config["REPORT_CUTOFF_DAY"]
    if not isinstance(cutoff, int) or not 1 <= cutoff <= 28:
        raise RuntimeError(
            f"REPORT_CUTOFF_DAY={cutoff!r} must be a day from 1 to 28 (every month has it)"
        )


def _check_production(app: Flask) -> None:
    """Production refuses to start without a real secret key, and its cookies are Secure."""
    key = app.config.get("SECRET_KEY")
    if not key:
        raise RuntimeError(
            "SECRET_KEY is not set: production refuses to start without it "
            "(set QUET_SECRET_KEY in the environment, see .env.example)"
        )
    if key == DEV_SECRET_KEY or len(str(key)) < SECRET_KEY_MIN_LENGTH:
        raise RuntimeError(
            "SECRET_KEY is the public development key or shorter than "
            f"{SECRET_KEY_MIN_LENGTH} characters: production refuses to start with it "
            '(python -c "import secrets; print(secrets.token_hex(32))")'
        )
    for name in ("SESSION_COOKIE", "REMEMBER_COOKIE"):
        app.config[f"{name}_SECURE"] = True
        app.config[f"{name}_HTTPONLY"] = True
        if app.config.get(f"{name}_SAMESITE") not in ("Lax", "Strict"):  # Strict is kept
            app.config[f"{name}_SAMESITE"] = "Lax"
