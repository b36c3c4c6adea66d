"""The app gunicorn serves for bench_http: the real Quét app plus a trivial route."""

from __future__ import annotations

import os

from flask import Flask

from app import create_app


def create() -> Flask:
    """Quét with rate limits off, plus /bench/trivial as the yardstick."""
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": os.environ.get("BENCH_DATABASE_URL", "sqlite://"),
        }
    )

    @app.get("/bench/trivial")
    def trivial() -> str:
        return "ok"

    return app
