"""Security headers on every kind of response, and no inline code the policy would block."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.vietqr import PaymentCode, build_payload
from tests.factories import make_user, sign_in

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = build_payload(PaymentCode("970415", "113366668888", amount=79000))

# Every kind of answer: pages, API JSON, an image, a static file, the API docs, errors.
PATHS = (
    "/",
    "/kiem-tra",
    "/dia-ban",
    "/dang-nhap",
    "/dang-ky",
    "/tai-khoan",  # a redirect to the login page
    "/api/v1/banks",
    "/api/v1/openapi.json",
    "/api/v1/me",  # 401 JSON
    "/api/docs",
    "/static/css/app.css",
    "/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js",
    "/khong-co-trang-nay",  # 404 page
    "/api/v1/localities/999999",  # 404 JSON
    "/healthz",
    f"/api/v1/qr/image.png?payload={SAMPLE}",
    "/qr/970415-113366668888-compact.png?amount=79000",
)


def _assert_protected(response: TestResponse) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict(
        ([*part.split(" ", 1), ""])[:2] for part in (p.strip() for p in csp.split(";")) if part
    )
    assert directives.get("default-src") == "'self'", csp
    assert directives.get("script-src") == "'self'", csp
    assert directives.get("style-src") == "'self'", csp
    assert directives.get("object-src") == "'none'", csp
    assert directives.get("frame-ancestors") == "'none'", csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("Referrer-Policy") in {
        "strict-origin-when-cross-origin",
        "no-referrer",
    }


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_headers(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:
        assert response.status_code < 500, response.data[:300]
        _assert_protected(response)
        assert response.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in response.headers  # not in development


@pytest.mark.fresh_app  # adds a failing view
def test_a_post_and_a_server_error_carry_them_too(app: Flask, client: FlaskClient) -> None:
    @app.get("/__boom")
    def boom() -> str:
        raise RuntimeError("boom")

    with client.post("/api/v1/qr", json={"bank": "VietinBank"}) as refused:
        assert refused.status_code == 422
        _assert_protected(refused)
    with client.get("/__boom") as failed:
        assert failed.status_code == 500
        _assert_protected(failed)


def test_pages_with_secrets_keep_their_stricter_referrer_policy(
    app: Flask, client: FlaskClient
) -> None:
    user = make_user("hoa@example.vn")
    sign_in(client, user)
    with client.post("/tai-khoan/ma-truy-cap", data={"name": "Bảng tính"}) as created:
        assert created.status_code == 201
        assert created.headers["Referrer-Policy"] == "no-referrer"
        _assert_protected(created)
    with client.get("/loi-moi/khong-hop-le") as invitation:
        assert invitation.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.app_config(QUET_ENV="production", SECRET_KEY=secrets.token_hex(32))
def test_hsts_only_in_production(app: Flask, client: FlaskClient) -> None:
    assert app.config["QUET_ENV"] == "production"
    for path in ("/", "/api/v1/banks", "/khong-co-trang-nay"):
        with client.get(path, base_url="https://quet.example.vn") as response:
            assert (
                response.headers["Strict-Transport-Security"]
                == "max-age=31536000; includeSubDomains"
            )
            _assert_protected(response)


# ---- no inline code in what we serve -------------------------------------------------------

TEMPLATES = sorted(
    [*(ROOT / "app" / "templates").rglob("*.html"), *ROOT.glob("app/*/templates/**/*.html")]
)
STATIC_HTML = sorted(p for p in (ROOT / "static").rglob("*.html") if "vendor" not in p.parts)
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style= attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "on…= handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_the_scan_sees_every_template() -> None:
    names = {p.name for p in TEMPLATES + STATIC_HTML}
    assert {"base.html", "_auth_card.html", "account.html", "index.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES + STATIC_HTML, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_or_style(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"{kind}: {match.group(0).strip()!r}"
        for kind, pattern in INLINE.items()
        for match in pattern.finditer(text)
    ]
    assert found == [], f"{path.relative_to(ROOT)} has inline code the CSP blocks: {found}"
