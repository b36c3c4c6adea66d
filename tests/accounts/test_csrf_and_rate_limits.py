"""CSRF on every form, and rate-limited login (memory storage, and Redis when reachable)."""

from __future__ import annotations

import re
import uuid

import pytest
from flask.testing import FlaskClient

from app.accounts.services import create_token
from tests.factories import PASSWORD, bearer, make_user, sign_in

CSRF_ON = pytest.mark.app_config(WTF_CSRF_ENABLED=True)
REDIS_URL = "redis://127.0.0.1:6379/15"


def _csrf_token(client: FlaskClient, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    assert match, html
    return match.group(1)


@CSRF_ON
def test_login_without_csrf_token_is_refused(client: FlaskClient) -> None:
    make_user("hoa@x.vn")
    refused = client.post("/dang-nhap", data={"email": "hoa@x.vn", "password": PASSWORD})
    assert refused.status_code == 400
    token = _csrf_token(client, "/dang-nhap")
    accepted = client.post(
        "/dang-nhap", data={"email": "hoa@x.vn", "password": PASSWORD, "csrf_token": token}
    )
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/tai-khoan"


@CSRF_ON
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/dang-xuat", {}),
        ("/tai-khoan/ma-truy-cap", {"name": "x"}),
        (
            "/tai-khoan/mat-khau",
            {"current_password": PASSWORD, "new_password": "y" * 12, "confirm": "y" * 12},
        ),
        ("/tai-khoan/vai-tro", {"is_host": "y"}),
    ],
)
def test_every_account_form_needs_the_token(
    client: FlaskClient, path: str, data: dict[str, str]
) -> None:
    sign_in(client, make_user("hoa@x.vn"))
    assert client.post(path, data=data).status_code == 400
    token = _csrf_token(client, "/tai-khoan")
    assert client.post(path, data={**data, "csrf_token": token}).status_code in (201, 302)


@CSRF_ON
def test_signup_without_token_is_refused(client: FlaskClient) -> None:
    data = {"email": "a@x.vn", "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/dang-ky", data=data).status_code == 400
    token = _csrf_token(client, "/dang-ky")
    assert client.post("/dang-ky", data={**data, "csrf_token": token}).status_code == 302


@CSRF_ON
def test_api_with_session_cookie_needs_csrf_header_but_bearer_does_not(
    client: FlaskClient,
) -> None:
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    refused = client.post("/api/v1/tokens", json={"name": "x"})
    assert refused.status_code == 400 and refused.get_json()["code"] == 400
    token = _csrf_token(client, "/tai-khoan")
    allowed = client.post("/api/v1/tokens", json={"name": "x"}, headers={"X-CSRFToken": token})
    assert allowed.status_code == 201
    assert client.get("/api/v1/tokens").status_code == 200  # safe methods need no token
    _token, secret = create_token(user, "script")
    script = client.application.test_client(use_cookies=False)
    assert (
        script.post("/api/v1/tokens", json={"name": "y"}, headers=bearer(secret)).status_code == 201
    )


def _attempt(client: FlaskClient, email: str, password: str = "sai-mat-khau-roi") -> int:
    return client.post("/dang-nhap", data={"email": email, "password": password}).status_code


def _check_limits(client: FlaskClient) -> None:
    email = f"{uuid.uuid4().hex[:8]}@x.vn"
    make_user(email)
    assert [_attempt(client, email) for _ in range(5)] == [401] * 5
    limited = client.post("/dang-nhap", data={"email": email, "password": PASSWORD})
    assert limited.status_code == 429
    html = limited.get_data(as_text=True)
    assert "Bạn đã thử đăng nhập quá nhiều lần." in html and "429" in html
    assert limited.headers.get("Retry-After")
    # Another email from the same address still gets its own attempts; GET is never limited.
    other = f"{uuid.uuid4().hex[:8]}@x.vn"
    make_user(other)
    assert _attempt(client, other, PASSWORD) == 302
    assert client.get("/dang-nhap").status_code in (200, 302)


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
def test_login_rate_limit_with_memory_storage(client: FlaskClient) -> None:
    _check_limits(client)


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason=f"Redis is not reachable at {REDIS_URL}")
@pytest.mark.app_config(
    RATELIMIT_ENABLED=True,
    RATELIMIT_STORAGE_URI=REDIS_URL,
    RATELIMIT_KEY_PREFIX=f"quet-test-{uuid.uuid4().hex[:8]}",
)
def test_login_rate_limit_with_redis_storage(client: FlaskClient) -> None:
    from app.extensions import limiter

    assert type(limiter.storage).__name__ == "RedisStorage"
    _check_limits(client)
