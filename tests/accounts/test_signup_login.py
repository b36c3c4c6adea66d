"""Sign-up, login, logout, sessions and the `next` redirect."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.audit_log import AuditEntry
from app.extensions import db
from tests.factories import PASSWORD, make_user, sign_in

BAD_CREDENTIALS = "Email, số điện thoại hoặc mật khẩu không đúng."
PHONE_INVALID = "Số điện thoại không hợp lệ. Ví dụ: 0912 345 678 hoặc +84 912 345 678."


def _signup(client: FlaskClient, **fields: object) -> object:
    data = {
        "email": "Lan.Nguyen@Example.VN ",
        "name": "Nguyễn Thị Lan",
        "password": "mot-cau-dai-de-nho",
        "confirm": "mot-cau-dai-de-nho",
    }
    data.update(fields)
    return client.post("/dang-ky", data=data)


def test_signup_page_renders(client: FlaskClient) -> None:
    response = client.get("/dang-ky")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Tôi là tiểu thương" in html and "Tôi tổ chức sự kiện" in html


def test_signup_creates_a_plain_user_signed_in_with_hashed_password(client: FlaskClient) -> None:
    response = _signup(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/tai-khoan"
    user = db.session.scalar(select(User))
    assert user is not None
    assert user.email == "lan.nguyen@example.vn"
    assert user.name == "Nguyễn Thị Lan"
    assert user.password_hash.startswith("scrypt:")
    assert "mot-cau-dai-de-nho" not in user.password_hash
    assert user.roles == []
    account = client.get("/tai-khoan")
    assert account.status_code == 200
    assert "lan.nguyen@example.vn" in account.get_data(as_text=True)


def test_signup_self_service_roles_are_granted_and_audited(client: FlaskClient) -> None:
    _signup(client, is_vendor="y", is_host="y")
    user = db.session.scalar(select(User))
    assert user is not None
    assert sorted(a.role for a in user.roles) == ["host", "vendor"]
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.entity, e.after["role"]) for e in entries] == [
        ("grant", "role_assignment", "vendor"),
        ("grant", "role_assignment", "host"),
    ]
    assert entries[0].actor_label == "system"  # nobody was signed in yet


def test_signup_cannot_ask_for_officer_or_admin(client: FlaskClient) -> None:
    _signup(client, role="admin", is_admin="y")
    user = db.session.scalar(select(User))
    assert user is not None and user.roles == []


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"password": "ngan", "confirm": "ngan"}, "password", "Mật khẩu cần ít nhất 10 ký tự."),
        ({"confirm": "khac-hoan-toan-roi"}, "confirm", "Hai mật khẩu không khớp."),
        ({"email": "khong-phai-email"}, "email", "Địa chỉ email không hợp lệ."),
        ({"email": ""}, "email", "Hãy nhập email hoặc số điện thoại (ít nhất một)."),
        ({"phone": "12345"}, "phone", PHONE_INVALID),
        ({"email": "", "phone": "0912 34"}, "phone", PHONE_INVALID),
    ],
)
def test_signup_errors_are_shown_beside_the_field(
    client: FlaskClient, fields: dict[str, str], field_id: str, message: str
) -> None:
    response = _signup(client, **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'<p class="error" id="e-{field_id}" role="alert">{message}</p>' in html
    assert db.session.scalar(select(User)) is None


def test_duplicate_signup_is_refused_beside_the_email(client: FlaskClient) -> None:
    make_user("lan.nguyen@example.vn")
    response = _signup(client, email="LAN.NGUYEN@example.vn")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="e-email"' in html and "Email này đã có tài khoản" in html
    assert len(db.session.scalars(select(User)).all()) == 1


def test_signed_in_user_visiting_signup_goes_to_account(client: FlaskClient) -> None:
    sign_in(client, make_user("a@x.vn"))
    assert client.get("/dang-ky").headers["Location"] == "/tai-khoan"


def test_login_with_correct_password(client: FlaskClient) -> None:
    user = make_user("Hoa@X.vn")
    response = client.post("/dang-nhap", data={"email": " HOA@x.vn", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/tai-khoan"
    assert "remember_token" not in response.headers.get("Set-Cookie", "")
    db.session.refresh(user)
    assert user.last_login_at is not None
    assert client.get("/api/v1/me").get_json()["email"] == "hoa@x.vn"


# Flask-Login 0.6.3 computes the remember cookie's expiry with datetime.utcnow().
REMEMBER_WARNING = "ignore:datetime.datetime.utcnow:DeprecationWarning"


@pytest.mark.filterwarnings(REMEMBER_WARNING)
def test_remember_me_sets_a_secure_http_only_cookie(client: FlaskClient) -> None:
    make_user("hoa@x.vn")
    response = client.post(
        "/dang-nhap", data={"email": "hoa@x.vn", "password": PASSWORD, "remember": "y"}
    )
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember and "SameSite=Lax" in remember
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_bad_credentials_give_one_message_for_unknown_email_and_wrong_password(
    client: FlaskClient,
) -> None:
    make_user("hoa@x.vn")
    wrong = client.post("/dang-nhap", data={"email": "hoa@x.vn", "password": "sai-mat-khau-roi"})
    unknown = client.post("/dang-nhap", data={"email": "ai@x.vn", "password": "sai-mat-khau-roi"})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert BAD_CREDENTIALS in response.get_data(as_text=True)
    assert client.get("/api/v1/me").status_code == 401


def test_inactive_user_cannot_log_in(client: FlaskClient) -> None:
    make_user("hoa@x.vn", active=False)
    response = client.post("/dang-nhap", data={"email": "hoa@x.vn", "password": PASSWORD})
    assert response.status_code == 401
    assert BAD_CREDENTIALS in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/nhat-ky?entity=locality", "/nhat-ky?entity=locality"),
        ("https://evil.example/", "/tai-khoan"),
        ("//evil.example/", "/tai-khoan"),
        ("/\\evil.example", "/tai-khoan"),
        ("javascript:alert(1)", "/tai-khoan"),
        ("", "/tai-khoan"),
    ],
)
def test_next_redirect_only_to_local_paths(client: FlaskClient, target: str, expected: str) -> None:
    make_user("hoa@x.vn")
    response = client.post(
        "/dang-nhap", data={"email": "hoa@x.vn", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_protected_page_redirects_to_login_with_next(client: FlaskClient) -> None:
    response = client.get("/tai-khoan?tab=tokens")
    assert response.status_code == 302
    assert response.headers["Location"] == "/dang-nhap?next=/tai-khoan?tab%3Dtokens"
    login_page = client.get(response.headers["Location"])
    html = login_page.get_data(as_text=True)
    assert 'name="next" type="hidden" value="/tai-khoan?tab=tokens"' in html
    assert "Vui lòng đăng nhập để tiếp tục." in html


def test_protected_api_answers_401_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert body["code"] == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_logout_is_post_only(client: FlaskClient) -> None:
    sign_in(client, make_user("hoa@x.vn"))
    assert client.get("/dang-xuat").status_code == 405
    assert client.get("/tai-khoan").status_code == 200
    response = client.post("/dang-xuat")
    assert response.status_code == 302 and response.headers["Location"] == "/dang-nhap"
    assert client.get("/tai-khoan").status_code == 302


def test_nav_shows_logout_form_when_signed_in(client: FlaskClient) -> None:
    assert 'action="/dang-xuat"' not in client.get("/dang-nhap").get_data(as_text=True)
    sign_in(client, make_user("hoa@x.vn"))
    html = client.get("/tai-khoan").get_data(as_text=True)
    assert 'action="/dang-xuat"' in html and "Đăng xuất" in html


def test_session_of_deleted_or_deactivated_user_is_dropped(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    user.is_active = False
    db.session.commit()
    assert client.get("/tai-khoan").status_code == 302


@pytest.mark.filterwarnings(REMEMBER_WARNING)
@pytest.mark.app_config(QUET_ENV="production", SECRET_KEY="p" * 32)
def test_production_cookies_are_secure(app: Flask, client: FlaskClient) -> None:
    make_user("hoa@x.vn")
    response = client.post(
        "/dang-nhap",
        data={"email": "hoa@x.vn", "password": PASSWORD, "remember": "y"},
        base_url="https://localhost",
    )
    assert response.status_code == 302
    for cookie in response.headers.getlist("Set-Cookie"):
        assert "Secure" in cookie and "HttpOnly" in cookie
