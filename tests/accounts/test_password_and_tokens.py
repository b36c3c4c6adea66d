"""Password change, and API tokens: created on the account page, shown once, stored hashed."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.accounts.models import ApiToken
from app.accounts.services import create_token
from app.database import utcnow
from app.extensions import db
from tests.factories import PASSWORD, Places, bearer, make_user, sign_in

NEW_PASSWORD = "mat-khau-moi-rat-dai"


def _change(client: FlaskClient, current: str, new: str, confirm: str | None = None) -> object:
    return client.post(
        "/tai-khoan/mat-khau",
        data={"current_password": current, "new_password": new, "confirm": confirm or new},
    )


def test_password_change_keeps_this_session_and_ends_the_others(app: Flask) -> None:
    user = make_user("hoa@x.vn")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    response = _change(here, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    db.session.refresh(user)
    assert check_password_hash(user.password_hash, NEW_PASSWORD)
    assert here.get("/tai-khoan").status_code == 200
    assert elsewhere.get("/tai-khoan").status_code == 302
    assert (
        here.post("/dang-nhap", data={"email": "hoa@x.vn", "password": PASSWORD}).status_code == 401
    )


def test_password_change_errors_beside_fields(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    wrong = _change(client, "khong-dung-dau-nhe", NEW_PASSWORD)
    assert wrong.status_code == 422
    assert 'id="e-current_password"' in wrong.get_data(as_text=True)
    assert "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    short = _change(client, PASSWORD, "ngan")
    assert 'id="e-new_password"' in short.get_data(as_text=True)
    assert "Mật khẩu cần ít nhất 10 ký tự." in short.get_data(as_text=True)
    mismatch = _change(client, PASSWORD, NEW_PASSWORD, "khac-han-nhau-nhe")
    assert "Hai mật khẩu không khớp." in mismatch.get_data(as_text=True)
    db.session.refresh(user)
    assert check_password_hash(user.password_hash, PASSWORD)


def test_token_created_on_account_page_is_shown_once_and_stored_hashed(
    client: FlaskClient,
) -> None:
    sign_in(client, make_user("hoa@x.vn"))
    response = client.post("/tai-khoan/ma-truy-cap", data={"name": "Bảng tính xã"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    match = re.search(r'id="new-token" type="text" value="(quet_[A-Za-z0-9_-]{40,})"', html)
    assert match, html
    secret = match.group(1)
    token = db.session.scalar(select(ApiToken))
    assert token is not None and token.name == "Bảng tính xã"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in token.token_hash and token.prefix == secret[:9]
    again = client.get("/tai-khoan").get_data(as_text=True)
    assert secret not in again and token.prefix in again and "chưa dùng" in again


def test_token_form_needs_a_name(client: FlaskClient) -> None:
    sign_in(client, make_user("hoa@x.vn"))
    response = client.post("/tai-khoan/ma-truy-cap", data={"name": "  "})
    assert response.status_code == 422
    assert "Hãy đặt tên cho mã truy cập." in response.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken)) is None


def test_bearer_token_acts_with_exactly_its_users_roles(
    client: FlaskClient, places: Places
) -> None:
    user = make_user("hoa@x.vn", ("viewer", places.commune_a), "vendor")
    _token, secret = create_token(user, "script")
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 200
    body = response.get_json()
    assert body["email"] == "hoa@x.vn" and body["authenticated_by"] == "token"
    assert sorted((r["role"], (r["locality"] or {}).get("id")) for r in body["roles"]) == [
        ("vendor", None),
        ("viewer", places.commune_a.id),
    ]
    # A viewer's token cannot do what a viewer cannot do.
    invite = client.post(
        "/api/v1/invitations",
        json={"email": "x@x.vn", "role": "viewer", "locality_id": places.commune_a.id},
        headers=bearer(secret),
    )
    assert invite.status_code == 403
    assert client.get("/api/v1/audit", headers=bearer(secret)).status_code == 403


def test_token_use_is_recorded(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    token, secret = create_token(user, "script")
    assert token.last_used_at is None
    client.get("/api/v1/me", headers=bearer(secret))
    db.session.refresh(token)
    first = token.last_used_at
    assert first is not None and utcnow() - first < timedelta(seconds=30)
    token.last_used_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    client.get("/api/v1/me", headers=bearer(secret))
    db.session.refresh(token)
    assert token.last_used_at is not None and utcnow() - token.last_used_at < timedelta(seconds=30)


def test_revoked_unknown_and_malformed_tokens_are_401_json(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    token, secret = create_token(user, "script")
    assert client.post(f"/tai-khoan/ma-truy-cap/{token.id}/thu-hoi").status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None
    assert "đã thu hồi" in client.get("/tai-khoan").get_data(as_text=True)
    client.post("/dang-xuat")
    for header in (secret, "quet_not-a-real-token", "abc"):
        response = client.get("/api/v1/me", headers=bearer(header))
        assert response.status_code == 401
        assert set(response.get_json()) == {"code", "status", "message", "errors"}
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_inactive_users_token_stops_working(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    _token, secret = create_token(user, "script")
    user.is_active = False
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_cannot_revoke_someone_elses_token(client: FlaskClient) -> None:
    owner = make_user("owner@x.vn")
    token, secret = create_token(owner, "script")
    sign_in(client, make_user("other@x.vn"))
    assert client.post(f"/tai-khoan/ma-truy-cap/{token.id}/thu-hoi").status_code == 404
    assert client.delete(f"/api/v1/tokens/{token.id}").status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_tokens_api_create_list_delete(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    _first, secret = create_token(user, "bootstrap")
    created = client.post("/api/v1/tokens", json={"name": "báo cáo"}, headers=bearer(secret))
    assert created.status_code == 201
    body = created.get_json()
    assert body["token"].startswith("quet_") and body["name"] == "báo cáo"
    listed = client.get("/api/v1/tokens", headers=bearer(secret)).get_json()
    assert [t["name"] for t in listed] == ["báo cáo", "bootstrap"]
    assert all("token" not in t and "token_hash" not in t for t in listed)
    assert client.delete(f"/api/v1/tokens/{body['id']}", headers=bearer(secret)).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(body["token"])).status_code == 401
    missing = client.post("/api/v1/tokens", json={}, headers=bearer(secret))
    assert missing.status_code == 422 and "name" in missing.get_json()["errors"]
