"""Configuration: class defaults → instance/config.py → environment → the mapping given by tests."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from flask import Flask

DEV_SECRET_KEY = "dev-only-not-secret"


class Defaults:
    """Defaults that let `make run` work on a bare machine (SQLite, in-memory rate limits)."""

    QUET_ENV = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # None → sqlite:///<instance>/quet.db
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    # Uploads: photos of printed codes. Bigger bodies get a 413 before any parsing.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    QR_UPLOAD_MAX_BYTES = 8 * 1024 * 1024
    QR_UPLOAD_MAX_PIXELS = 40_000_000
    QR_ENCODER = "zxing"  # "zxing" (C++, fast) or "qrcode" (pure Python fallback)
    IMAGE_CACHE_SECONDS = 31_536_000  # images are content-addressed by their ETag
    # i18n: Vietnamese first, English second.
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    # Rate limits: memory by default, Redis when RATELIMIT_STORAGE_URI is set.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    # Sessions and cookies.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    # flask-smorest / OpenAPI
    API_TITLE = "Quét API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    JSON_SORT_KEYS = False
    # Where the printed signs and shared links point to.
    PUBLIC_BASE_URL: str | None = None


def _from_environment() -> dict[str, Any]:
    values: dict[str, Any] = {}
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

    if not app.config.get("SECRET_KEY"):
        if app.config["QUET_ENV"] == "production":
            raise RuntimeError(
                "SECRET_KEY is not set: production refuses to start without it "
                "(set QUET_SECRET_KEY in the environment, see .env.example)"
            )
        app.config["SECRET_KEY"] = DEV_SECRET_KEY if not app.testing else secrets.token_hex(16)
    if app.config["QUET_ENV"] == "production":
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
