"""Officer tools on the users page: open invitations listed and withdrawn (scoped, audited),
one's own role kept, and the header showing Users and the audit log to those who may open them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts import services
from app.audit_log import AuditEntry
from app.database import utcnow
from app.errors import DomainError
from app.extensions import db
from tests.factories import Places, bearer, make_user, sign_in


def test_open_invitations_are_listed_with_who_when_role_locality_and_expiry(
    client: FlaskClient, places: Places
) -> None:
    officer = make_user("canbo@x.vn", ("officer", places.commune_a), name="Cán bộ An Bình")
    admin = make_user("admin@x.vn", "admin")
    services.invite(officer, "xem@x.vn", "viewer", places.hamlet)
    services.invite(admin, "ngoai@x.vn", "officer", places.commune_b)
    accepted, _secret = services.invite(admin, "da-nhan@x.vn", "viewer", places.commune_a)
    accepted.accepted_at = utcnow()
    expired, _secret = services.invite(admin, "het-han@x.vn", "viewer", places.commune_a)
    expired.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    sign_in(client, officer)
    section = client.get("/nguoi-dung").get_data(as_text=True).split('id="loi-moi-dang-cho"')[1]
    section = section.split("</section>")[0]
    assert "xem@x.vn" in section and "Người xem báo cáo" in section and "Thôn Đông" in section
    assert "Mời bởi canbo@x.vn lúc" in section and "Hết hạn" in section
    for hidden in ("ngoai@x.vn", "da-nhan@x.vn", "het-han@x.vn"):
        assert hidden not in section
    assert [i.email for i in services.open_invitations(admin)] == ["xem@x.vn", "ngoai@x.vn"]


def test_withdrawing_an_invitation_kills_its_link_and_is_audited(
    client: FlaskClient, places: Places
) -> None:
    officer = make_user("canbo@x.vn", ("officer", places.commune_a))
    invitation, secret = services.invite(officer, "xem@x.vn", "viewer", places.commune_a)
    sign_in(client, officer)
    response = client.post(f"/nguoi-dung/loi-moi/{invitation.id}/rut-lai", follow_redirects=True)
    assert "Đã rút lại lời mời gửi xem@x.vn." in response.get_data(as_text=True)
    assert client.application.test_client().get(f"/loi-moi/{secret}").status_code == 404
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "withdraw"))
    assert entry is not None and entry.entity == "invitation"
    assert entry.actor_label == "canbo@x.vn" and entry.locality_id == places.commune_a.id
    again = client.post(f"/nguoi-dung/loi-moi/{invitation.id}/rut-lai", follow_redirects=True)
    assert "Lời mời này đã được rút lại hoặc đã hết hạn." in again.get_data(as_text=True)


def test_withdrawal_is_scoped_like_invitations(client: FlaskClient, places: Places) -> None:
    admin = make_user("admin@x.vn", "admin")
    officer_b = make_user("b@x.vn", ("officer", places.commune_b))
    invitation, _secret = services.invite(admin, "xem@x.vn", "viewer", places.commune_a)
    with pytest.raises(DomainError) as refused:
        services.withdraw_invitation(officer_b, invitation.id)
    assert refused.value.status == 403
    with pytest.raises(DomainError) as unknown:
        services.withdraw_invitation(admin, 999_999)
    assert unknown.value.status == 404
    sign_in(client, officer_b)
    assert client.post(f"/nguoi-dung/loi-moi/{invitation.id}/rut-lai").status_code == 403
    assert services.find_invitation(_secret) is not None


def test_an_accepted_invitation_cannot_be_withdrawn(places: Places) -> None:
    admin = make_user("admin@x.vn", "admin")
    invitation, _secret = services.invite(admin, "xem@x.vn", "viewer", places.commune_a)
    services.accept_invitation(invitation, make_user("xem@x.vn"))
    with pytest.raises(DomainError) as refused:
        services.withdraw_invitation(admin, invitation.id)
    assert refused.value.status == 409 and refused.value.code == (
        "accounts.invitation_already_accepted"
    )


def test_the_invitations_api_lists_and_withdraws(client: FlaskClient, places: Places) -> None:
    officer = make_user("canbo@x.vn", ("officer", places.commune_a), name="Cán bộ")
    admin = make_user("admin@x.vn", "admin")
    mine, secret = services.invite(officer, "xem@x.vn", "viewer", places.commune_a)
    services.invite(admin, "ngoai@x.vn", "viewer", places.commune_b)
    headers = bearer(officer)
    listed = client.get("/api/v1/invitations", headers=headers)
    assert listed.status_code == 200 and "X-Pagination" in listed.headers
    [item] = listed.get_json()
    assert item["email"] == "xem@x.vn" and item["role"] == "viewer"
    assert item["locality"]["name"] == "Xã An Bình"
    assert item["invited_by"] == {"id": officer.id, "name": "Cán bộ", "login": "canbo@x.vn"}
    assert item["created_at"] and item["expires_at"]
    assert client.delete(f"/api/v1/invitations/{mine.id}", headers=headers).status_code == 204
    assert services.find_invitation(secret) is None
    again = client.delete(f"/api/v1/invitations/{mine.id}", headers=headers)
    assert again.status_code == 409 and again.get_json()["message"]
    assert client.get("/api/v1/invitations", headers=headers).get_json() == []
    plain = bearer(make_user("plain@x.vn"))
    assert client.get("/api/v1/invitations", headers=plain).status_code == 403


def test_an_officer_cannot_revoke_their_own_role(client: FlaskClient, places: Places) -> None:
    officer = make_user("canbo@x.vn", ("officer", places.commune_a))
    with pytest.raises(DomainError) as refused:
        services.revoke_role(officer, officer.roles[0].id)
    assert refused.value.status == 409 and refused.value.code == "accounts.own_role"
    sign_in(client, officer)
    response = client.post(
        f"/nguoi-dung/vai-tro/{officer.roles[0].id}/thu-hoi", follow_redirects=True
    )
    assert "Bạn không thể tự thu hồi vai trò của mình." in response.get_data(as_text=True)
    db.session.refresh(officer)
    assert [a.role for a in officer.roles] == ["officer"]


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("anonymous", False),
        ("plain", False),
        ("vendor", False),
        ("viewer", False),
        ("officer", True),
        ("admin", True),
    ],
)
def test_the_header_shows_users_and_the_log_to_those_who_may_see_them(
    client: FlaskClient, places: Places, who: str, shown: bool
) -> None:
    roles = {
        "plain": (),
        "vendor": ("vendor",),
        "viewer": (("viewer", places.commune_a),),
        "officer": (("officer", places.commune_a),),
        "admin": ("admin",),
    }
    if who != "anonymous":
        sign_in(client, make_user(f"{who}@x.vn", *roles[who]))
    header = client.get("/kiem-tra").get_data(as_text=True).split("</header>")[0]
    assert ('href="/nguoi-dung"' in header) is shown
    assert ('href="/nhat-ky"' in header) is shown
