"""The application shell: factory, configuration, language choice, error shapes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.config import normalise_database_url


def test_health(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_production_refuses_to_start_without_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUET_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"QUET_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_sets_secure_cookies() -> None:
    app = create_app(
        {"QUET_ENV": "production", "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUET_QR_ENCODER", "qrcode")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    app = create_app({"SECRET_KEY": "k"})
    assert app.config["QR_ENCODER"] == "qrcode"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_postgres_urls_use_psycopg3() -> None:
    assert normalise_database_url("postgresql://a@b/c") == "postgresql+psycopg://a@b/c"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_api_404_is_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    body = response.get_json()
    assert body["code"] == 404 and body["status"] == "Not Found"
    assert set(body) == {"code", "status", "message", "errors"}


def test_page_404_is_html_in_vietnamese(client: FlaskClient) -> None:
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Về trang chủ" in response.get_data(as_text=True)


def test_language_choice_persists(client: FlaskClient) -> None:
    response = client.get("/lang/en?next=/khong-co")
    assert response.status_code == 302
    assert response.headers["Location"] == "/khong-co"
    assert "lang=en" in response.headers["Set-Cookie"]
    page = client.get("/khong-co").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Back to home" in page


def test_language_switch_refuses_open_redirect(client: FlaskClient) -> None:
    response = client.get("/lang/vi?next=//evil.example")
    assert response.headers["Location"] == "/"


@pytest.mark.fresh_app  # adds a failing view
def test_unexpected_error_is_a_json_500_and_rolls_back(app: Flask) -> None:
    @app.get("/api/v1/boom")
    def boom() -> str:
        raise RuntimeError("boom")

    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json()["code"] == 500


def test_pure_cores_import_without_flask_or_sqlalchemy() -> None:
    code = (
        "import sys, app.vietqr, app.render; "
        "bad = [m for m in ('flask', 'sqlalchemy') if m in sys.modules]; "
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_model_carries_the_one_timestamp_mixin(app: Flask) -> None:
    from app.database import Base, TimestampMixin

    models = [mapper.class_ for mapper in Base.registry.mappers]
    assert len(models) >= 8
    assert [m.__name__ for m in models if not issubclass(m, TimestampMixin)] == []
