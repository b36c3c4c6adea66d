"""Login sessions end on the server: logout, password change, "log out everywhere"; bearer tokens
never fall back to the session and never let a session skip the CSRF check."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import LoginSession
from app.accounts.services import create_token, revoke_token
from app.database import utcnow
from app.extensions import db
from tests.factories import PASSWORD, bearer, make_user, sign_in

# Flask-Login 0.6.3 computes the remember cookie's expiry with datetime.utcnow().
pytestmark = pytest.mark.filterwarnings("ignore:datetime.datetime.utcnow:DeprecationWarning")


def _log_in(client: FlaskClient, email: str = "hoa@x.vn", remember: bool = True) -> None:
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/dang-nhap", data=data).status_code == 302


def _cookie(client: FlaskClient, name: str) -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    return cookie.value


def _replay(app: Flask, **cookies: str) -> FlaskClient:
    """A new browser holding copies of some cookies (what a thief would keep)."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def _me(client: FlaskClient) -> int:
    return client.get("/api/v1/me").status_code


def test_logout_ends_the_session_cookie_and_the_remember_cookie(
    app: Flask, client: FlaskClient
) -> None:
    make_user("hoa@x.vn")
    _log_in(client)
    session_cookie = _cookie(client, "session")
    remember_cookie = _cookie(client, "remember_token")
    assert _me(_replay(app, session=session_cookie)) == 200
    assert _me(_replay(app, remember_token=remember_cookie)) == 200

    assert client.post("/dang-xuat").status_code == 302

    assert _me(client) == 401
    assert _me(_replay(app, session=session_cookie)) == 401
    assert _me(_replay(app, remember_token=remember_cookie)) == 401
    assert _me(_replay(app, session=session_cookie, remember_token=remember_cookie)) == 401


def test_every_login_gets_a_new_remember_cookie_and_session_secret(
    app: Flask, client: FlaskClient
) -> None:
    make_user("hoa@x.vn")
    _log_in(client)
    first = _cookie(client, "remember_token")
    client.post("/dang-xuat")
    _log_in(client)
    second = _cookie(client, "remember_token")
    assert first != second
    hashes = db.session.scalars(select(LoginSession.token_hash)).all()
    assert len(set(hashes)) == 2


def test_the_database_keeps_only_a_hash_of_the_session_secret(client: FlaskClient) -> None:
    make_user("hoa@x.vn")
    _log_in(client)
    remember = _cookie(client, "remember_token")
    stored = db.session.scalars(select(LoginSession)).one()
    assert len(stored.token_hash) == 64 and stored.token_hash not in remember
    assert stored.remember is True
    assert stored.expires_at - stored.created_at == timedelta(days=30)


def test_a_session_without_remember_me_expires_on_the_server(
    app: Flask, client: FlaskClient
) -> None:
    make_user("hoa@x.vn")
    _log_in(client, remember=False)
    assert client.get_cookie("remember_token") is None
    stored = db.session.scalars(select(LoginSession)).one()
    assert stored.expires_at - stored.created_at == timedelta(hours=24)
    assert _me(client) == 200
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert _me(client) == 401


def test_password_change_ends_every_other_session_and_keeps_this_one(
    app: Flask, client: FlaskClient
) -> None:
    make_user("hoa@x.vn")
    other_phone = app.test_client()
    _log_in(other_phone)
    stolen = _cookie(other_phone, "remember_token")
    _log_in(client)
    changed = client.post(
        "/tai-khoan/mat-khau",
        data={"current_password": PASSWORD, "new_password": "z" * 12, "confirm": "z" * 12},
    )
    assert changed.status_code == 302
    assert _me(client) == 200
    assert _me(other_phone) == 401
    assert _me(_replay(app, remember_token=stolen)) == 401


def test_log_out_everywhere_ends_all_sessions(app: Flask, client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    phone, laptop = app.test_client(), app.test_client()
    _log_in(phone)
    _log_in(laptop)
    sign_in(client, user)
    page = client.get("/tai-khoan").get_data(as_text=True)
    assert "Đăng xuất khỏi mọi thiết bị" in page
    # Three open sessions; the test client sends no browser name.
    assert page.count("<strong>Thiết bị không rõ</strong>") == 3
    response = client.post("/tai-khoan/dang-xuat-moi-noi")
    assert response.status_code == 302 and response.headers["Location"] == "/dang-nhap"
    assert [_me(c) for c in (client, phone, laptop)] == [401, 401, 401]
    assert (
        db.session.scalars(select(LoginSession).where(LoginSession.ended_at.is_(None))).all() == []
    )


def test_a_deactivated_user_loses_open_sessions(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    assert _me(client) == 200
    user.is_active = False
    db.session.commit()
    assert _me(client) == 401


def test_forged_or_old_style_session_ids_are_not_accepted(app: Flask) -> None:
    user = make_user("hoa@x.vn")
    forger = app.test_client()
    for forged in (f"{user.id}:1", str(user.id), "s_not-a-real-secret", "s_"):
        with forger.session_transaction() as session:
            session["_user_id"] = forged
        assert _me(forger) == 401, forged


@pytest.mark.parametrize("kind", ["unknown", "revoked"])
def test_a_bad_bearer_token_is_401_even_beside_a_valid_session(
    client: FlaskClient, kind: str
) -> None:
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    assert _me(client) == 200
    secret = "quet_not-a-real-token"
    if kind == "revoked":
        token, secret = create_token(user, "old script")
        revoke_token(user, token.id)
    for method, path in (("GET", "/api/v1/me"), ("POST", "/api/v1/tokens")):
        response = client.open(path, method=method, json={"name": "x"}, headers=bearer(secret))
        assert response.status_code == 401, (method, path)
        assert "invalid_token" in response.headers["WWW-Authenticate"]
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer "}).status_code == 401


def test_a_valid_bearer_token_acts_as_its_owner_not_as_the_session(client: FlaskClient) -> None:
    owner = make_user("owner@x.vn")
    sign_in(client, make_user("someone-else@x.vn"))
    _token, secret = create_token(owner, "script")
    me = client.get("/api/v1/me", headers=bearer(secret)).get_json()
    assert me["email"] == "owner@x.vn"


def _csrf_token(client: FlaskClient) -> str:
    html = client.get("/tai-khoan").get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_a_session_cookie_with_a_bearer_header_still_needs_the_csrf_token(
    app: Flask, client: FlaskClient
) -> None:
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    _token, secret = create_token(user, "script")
    refused = client.post("/api/v1/tokens", json={"name": "x"}, headers=bearer(secret))
    assert refused.status_code == 400 and "CSRF" in refused.get_json()["message"]
    allowed = client.post(
        "/api/v1/tokens",
        json={"name": "x"},
        headers={**bearer(secret), "X-CSRFToken": _csrf_token(client)},
    )
    assert allowed.status_code == 201
    # A script with no cookies at all needs no CSRF token.
    script = app.test_client(use_cookies=False)
    assert (
        script.post("/api/v1/tokens", json={"name": "y"}, headers=bearer(secret)).status_code == 201
    )


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.0.0 Mobile Safari/537.36",
            "Chrome · Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
            "Safari · iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120 Safari/537.36 Edg/120",
            "Edge · Windows",
        ),
        ("curl/8.0", ""),
    ],
)
def test_sessions_are_listed_with_a_device_name_a_person_recognises(
    user_agent: str, label: str
) -> None:
    from app.accounts.services import device_label

    assert device_label(user_agent) == label
