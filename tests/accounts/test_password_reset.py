"""Forgotten passwords: a mailed link when mail is configured, otherwise a link issued by an
admin or the officer of the person's locality; one use, expiry, every session ended, audited,
rate-limited, and never a hint whether an account exists."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import LoginSession, PasswordReset, User
from app.audit_log import AuditEntry
from app.database import utcnow
from app.errors import DomainError
from app.extensions import db
from tests.factories import PASSWORD, Places, bearer, make_user, sign_in

MAIL_ON = pytest.mark.app_config(MAIL_SERVER="smtp.example.vn", MAIL_DEFAULT_SENDER="quet@x.vn")
NEW_PASSWORD = "mot-mat-khau-moi-dai"
SENT = "Nếu tài khoản này có email, chúng tôi vừa gửi đến đó một đường dẫn"


def _outbox(app: Flask) -> list[Any]:
    return list(getattr(app.extensions["mailman"], "outbox", []))


def _link_in(text: str) -> str:
    match = re.search(r"https?://\S+/dat-lai-mat-khau/\S+", text)
    assert match, text
    return match.group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _forgot(client: FlaskClient, login: str) -> Any:
    response = client.post("/quen-mat-khau", data={"email": login})
    response.close()  # the mail goes out once the response is closed
    return response


# ---- by mail --------------------------------------------------------------------------------


@MAIL_ON
def test_a_mailed_link_sets_a_new_password_and_ends_every_session(
    app: Flask, client: FlaskClient
) -> None:
    user = make_user("hoa@x.vn", name="Trần Hoa")
    phone = app.test_client()
    sign_in(phone, user)
    assert phone.get("/tai-khoan").status_code == 200

    response = _forgot(client, " HOA@x.vn ")
    assert response.status_code == 200 and SENT in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    [mail] = _outbox(app)
    assert mail.to == ["hoa@x.vn"] and mail.subject == "Đặt lại mật khẩu Quét"
    assert "Trần Hoa" in mail.body and "1 giờ" in mail.body
    link = _link_in(mail.body)

    form = client.get(_path(link))
    assert form.status_code == 200 and "hoa@x.vn" in form.get_data(as_text=True)
    done = client.post(_path(link), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/dang-nhap"

    assert phone.get("/tai-khoan").status_code == 302  # the other device is signed out
    db.session.expire_all()
    assert db.session.scalar(select(LoginSession).where(LoginSession.ended_at.is_(None))) is None
    assert services.authenticate("hoa@x.vn", PASSWORD) is None
    assert services.authenticate("hoa@x.vn", NEW_PASSWORD) is not None
    assert client.get(_path(link)).status_code == 404  # one use
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "password_reset")
    ).all()
    assert sorted(actions) == ["request_reset", "use_reset"]


@MAIL_ON
def test_the_answer_is_the_same_whether_the_account_exists_or_not(
    app: Flask, client: FlaskClient
) -> None:
    make_user("hoa@x.vn")
    make_user("bi.khoa@x.vn", active=False)
    pages = []
    for login in ("hoa@x.vn", "khong-co@x.vn", "bi.khoa@x.vn", "0912345678", "linh tinh"):
        response = _forgot(client, login)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        pages.append(re.sub(r'name="csrf_token"[^>]*>', "", html).replace(login, "LOGIN"))
    assert len(set(pages)) == 1
    assert [mail.to for mail in _outbox(app)] == [["hoa@x.vn"]]  # only the real, active one


@MAIL_ON
def test_a_phone_only_account_gets_no_mail(app: Flask, client: FlaskClient) -> None:
    services.sign_up(None, "Cô Đào", PASSWORD, phone="0912 345 678")
    assert SENT in _forgot(client, "+84 912 345 678").get_data(as_text=True)
    assert _outbox(app) == []


@MAIL_ON
def test_an_expired_link_and_a_wrong_link_are_refused(app: Flask, client: FlaskClient) -> None:
    make_user("hoa@x.vn")
    _forgot(client, "hoa@x.vn")
    link = _path(_link_in(_outbox(app)[0].body))
    reset = db.session.scalar(select(PasswordReset))
    assert reset is not None
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    for path in (link, "/dat-lai-mat-khau/nope"):
        response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        assert response.status_code == 404
        assert "không đúng, đã được dùng hoặc đã hết hạn" in response.get_data(as_text=True)
    assert services.authenticate("hoa@x.vn", PASSWORD) is not None


@MAIL_ON
def test_a_short_or_mismatched_new_password_is_shown_beside_the_field(
    app: Flask, client: FlaskClient
) -> None:
    make_user("hoa@x.vn")
    _forgot(client, "hoa@x.vn")
    link = _path(_link_in(_outbox(app)[0].body))
    short = client.post(link, data={"password": "ngan", "confirm": "ngan"})
    assert short.status_code == 422
    assert 'id="e-password"' in short.get_data(as_text=True)
    other = client.post(link, data={"password": NEW_PASSWORD, "confirm": "khac-han-roi-nhe"})
    assert other.status_code == 422 and 'id="e-confirm"' in other.get_data(as_text=True)
    assert client.get(link).status_code == 200  # still usable after a mistake


@MAIL_ON
def test_changing_the_password_closes_open_reset_links(app: Flask, client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    _forgot(client, "hoa@x.vn")
    link = _path(_link_in(_outbox(app)[0].body))
    services.change_password(user, PASSWORD, NEW_PASSWORD)
    assert client.get(link).status_code == 404


@MAIL_ON
@pytest.mark.app_config(
    MAIL_SERVER="smtp.example.vn", RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://"
)
def test_requests_are_rate_limited_per_login(app: Flask, client: FlaskClient) -> None:
    make_user("hoa@x.vn")
    statuses = [_forgot(client, "hoa@x.vn").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len(_outbox(app)) == 3
    # Another spelling of the same login is the same key.
    assert _forgot(client, " HOA@X.VN").status_code == 429
    assert _forgot(client, "lan@x.vn").status_code == 200


def test_without_mail_the_page_says_who_issues_a_link(client: FlaskClient) -> None:
    make_user("hoa@x.vn")
    html = client.get("/quen-mat-khau").get_data(as_text=True)
    assert "Hãy nhờ cán bộ địa bàn của bạn hoặc quản trị viên" in html
    assert 'name="email"' not in html
    assert client.post("/quen-mat-khau", data={"email": "hoa@x.vn"}).status_code == 200
    assert db.session.scalar(select(PasswordReset)) is None
    login = client.get("/dang-nhap").get_data(as_text=True)
    assert 'href="/quen-mat-khau"' in login


# ---- issued by an officer or an admin ---------------------------------------------------------


def test_an_officer_issues_a_link_for_someone_in_their_commune(
    client: FlaskClient, places: Places
) -> None:
    officer = make_user("canbo@x.vn", ("officer", places.commune_a))
    viewer = make_user("xem@x.vn", ("viewer", places.hamlet), name="Người xem")
    other_device = sign_in(client.application.test_client(), viewer)
    sign_in(client, officer)
    page = client.get("/nguoi-dung").get_data(as_text=True)
    assert f"/nguoi-dung/{viewer.id}/dat-lai-mat-khau" in page
    assert f"/nguoi-dung/{officer.id}/dat-lai-mat-khau" not in page  # not for oneself

    response = client.post(f"/nguoi-dung/{viewer.id}/dat-lai-mat-khau")
    assert response.status_code == 201 and response.headers["Cache-Control"] == "no-store"
    link = re.search(
        r'id="reset-link" type="text" value="([^"]+)"', response.get_data(as_text=True)
    )
    assert link is not None and "/dat-lai-mat-khau/" in link.group(1)
    assert "Người xem" in response.get_data(as_text=True)

    anonymous = client.application.test_client()
    path = _path(link.group(1))
    done = anonymous.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert other_device.get("/tai-khoan").status_code == 302
    assert services.authenticate("xem@x.vn", NEW_PASSWORD) is not None
    assert anonymous.get(path).status_code == 404

    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "issue_reset"))
    assert entry is not None and entry.actor_label == "canbo@x.vn"
    assert entry.locality_id == places.hamlet.id and entry.after is not None
    assert entry.after["user"] == "xem@x.vn"


def test_the_users_page_refuses_a_link_for_oneself_with_a_message(
    client: FlaskClient, places: Places
) -> None:
    officer = make_user("canbo@x.vn", ("officer", places.commune_a))
    stranger = make_user("ngoai@x.vn", ("viewer", places.commune_b))
    sign_in(client, officer)
    own = client.post(f"/nguoi-dung/{officer.id}/dat-lai-mat-khau")
    assert own.status_code == 302 and own.headers["Location"].endswith("/nguoi-dung")
    page = client.get("/nguoi-dung").get_data(as_text=True)
    assert "Bạn không tự cấp đường dẫn đặt lại mật khẩu cho mình" in page
    # Out of reach and unknown people are error pages, not a message.
    assert client.post(f"/nguoi-dung/{stranger.id}/dat-lai-mat-khau").status_code == 403
    assert client.post("/nguoi-dung/999999/dat-lai-mat-khau").status_code == 404
    assert db.session.scalar(select(PasswordReset)) is None


def test_who_may_issue_a_link(places: Places) -> None:
    admin = make_user("admin@x.vn", "admin")
    officer_a = make_user("a@x.vn", ("officer", places.commune_a))
    officer_p = make_user("p@x.vn", ("officer", places.province))
    vendor = make_user("vendor@x.vn", "vendor")
    inside = make_user("in@x.vn", ("viewer", places.commune_a))
    # Viewer in A but officer of the whole province: beyond an officer of A.
    wider = make_user("wide@x.vn", ("viewer", places.commune_a), ("officer", places.province))
    other_admin = make_user("admin2@x.vn", "admin", ("viewer", places.commune_a))
    assert services.can_issue_reset(officer_a, inside)
    assert not services.can_issue_reset(officer_a, wider)
    assert services.can_issue_reset(officer_p, wider)
    assert not services.can_issue_reset(officer_a, vendor)  # no locality: admins only
    assert not services.can_issue_reset(officer_p, other_admin)
    assert services.can_issue_reset(admin, vendor) and services.can_issue_reset(admin, other_admin)
    assert not services.can_issue_reset(officer_a, officer_a)
    with pytest.raises(DomainError) as refused:
        services.issue_password_reset(officer_a, wider.id)
    assert refused.value.status == 403
    with pytest.raises(DomainError) as own:
        services.issue_password_reset(admin, admin.id)
    assert own.value.status == 409
    with pytest.raises(DomainError) as unknown:
        services.issue_password_reset(admin, 999_999)
    assert unknown.value.status == 404


def test_the_api_issues_a_link(client: FlaskClient, places: Places) -> None:
    officer = make_user("canbo@x.vn", ("officer", places.commune_a))
    viewer = make_user("xem@x.vn", ("viewer", places.commune_a))
    outside = make_user("ngoai@x.vn", ("viewer", places.commune_b))
    headers = bearer(officer)
    response = client.post(f"/api/v1/users/{viewer.id}/password-reset", headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert body["user_id"] == viewer.id and "/dat-lai-mat-khau/" in body["url"]
    assert body["expires_at"]
    refused = client.post(f"/api/v1/users/{outside.id}/password-reset", headers=headers)
    assert refused.status_code == 403
    assert "cấp được đường dẫn" in refused.get_json()["message"]
    assert client.post("/api/v1/users/999999/password-reset", headers=headers).status_code == 404
    mine = client.post(f"/api/v1/users/{officer.id}/password-reset", headers=headers)
    assert mine.status_code == 409


def test_an_issued_link_expires_after_a_day(places: Places) -> None:
    admin = make_user("admin@x.vn", "admin")
    user = make_user("hoa@x.vn")
    reset, secret = services.issue_password_reset(admin, user.id)
    assert timedelta(hours=23) < reset.expires_at - utcnow() <= timedelta(hours=24)
    assert services.find_password_reset(secret) is reset
    user.is_active = False
    db.session.commit()
    assert services.find_password_reset(secret) is None  # a blocked account is not reopened
    assert db.session.scalar(select(User).where(User.email == "hoa@x.vn")) is not None
