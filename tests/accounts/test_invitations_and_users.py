"""Inviting officers and viewers inside one's subtree; the user management page; revoking."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import Invitation, RoleAssignment, User, hash_secret
from app.accounts.permissions import can_manage, can_view
from app.audit_log import AuditEntry
from app.database import utcnow
from app.extensions import db
from tests.factories import PASSWORD, Places, make_user, sign_in


def _invite(client: FlaskClient, email: str, role: str, locality_id: int) -> Any:
    return client.post(
        "/nguoi-dung/moi", data={"email": email, "role": role, "locality": str(locality_id)}
    )


def _link(html: str) -> str:
    match = re.search(r'id="invitation-link" type="text" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def test_admin_invites_an_officer_who_sets_a_password(app: Flask, places: Places) -> None:
    admin_client = sign_in(app.test_client(), make_user("admin@x.vn", "admin"))
    response = _invite(admin_client, "Can.Bo@X.vn", "officer", places.commune_a.id)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    link = _link(response.get_data(as_text=True))
    assert link.startswith("http://localhost/loi-moi/")
    invitation = db.session.scalar(select(Invitation))
    assert invitation is not None and invitation.email == "can.bo@x.vn"
    secret = link.rsplit("/", 1)[1]
    assert invitation.token_hash == hash_secret(secret) != secret
    assert invitation.expires_at - utcnow() > timedelta(days=6, hours=23)

    guest = app.test_client()
    page = guest.get(f"/loi-moi/{secret}")
    assert page.status_code == 200
    assert "can.bo@x.vn" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    short = guest.post(f"/loi-moi/{secret}", data={"password": "ngan", "confirm": "ngan"})
    assert short.status_code == 422 and "Mật khẩu cần ít nhất 10 ký tự." in short.get_data(
        as_text=True
    )
    accepted = guest.post(
        f"/loi-moi/{secret}", data={"name": "Cán bộ A", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/tai-khoan"
    officer = services.get_user_by_email("can.bo@x.vn")
    assert officer is not None and officer.name == "Cán bộ A"
    assert can_manage(officer, places.hamlet) and not can_manage(officer, places.commune_b)
    assert guest.get("/tai-khoan").status_code == 200
    # One use only.
    assert guest.get(f"/loi-moi/{secret}").status_code == 404
    actions = db.session.execute(
        select(
            AuditEntry.action, AuditEntry.entity, AuditEntry.actor_label, AuditEntry.locality_id
        ).order_by(AuditEntry.id)
    ).all()
    assert [tuple(row) for row in actions] == [
        ("invite", "invitation", "admin@x.vn", places.commune_a.id),
        ("grant", "role_assignment", "system", places.commune_a.id),
        ("accept", "invitation", "system", places.commune_a.id),
    ]


def test_expired_and_unknown_invitations_are_404(client: FlaskClient, places: Places) -> None:
    admin = make_user("admin@x.vn", "admin")
    invitation, secret = services.invite(admin, "x@x.vn", "viewer", places.commune_a)
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    for token in (secret, "not-a-token"):
        response = client.get(f"/loi-moi/{token}")
        assert response.status_code == 404
        assert "Lời mời không hợp lệ" in response.get_data(as_text=True)


def test_existing_account_logs_in_then_accepts(app: Flask, places: Places) -> None:
    admin = make_user("admin@x.vn", "admin")
    person = make_user("lan@x.vn", "vendor")
    _invitation, secret = services.invite(admin, "lan@x.vn", "viewer", places.commune_b)
    client = app.test_client()
    page = client.get(f"/loi-moi/{secret}").get_data(as_text=True)
    assert f"/dang-nhap?next=/loi-moi/{secret}" in page
    login = client.post(
        "/dang-nhap", data={"email": "lan@x.vn", "password": PASSWORD, "next": f"/loi-moi/{secret}"}
    )
    assert login.headers["Location"] == f"/loi-moi/{secret}"
    assert client.post(f"/loi-moi/{secret}").status_code == 302
    db.session.refresh(person)
    assert sorted(a.role for a in person.roles) == ["vendor", "viewer"]
    assert can_view(person, places.commune_b) and not can_view(person, places.commune_a)


def test_invitation_for_another_email_is_refused(client: FlaskClient, places: Places) -> None:
    admin = make_user("admin@x.vn", "admin")
    _invitation, secret = services.invite(admin, "lan@x.vn", "viewer", places.commune_a)
    intruder = make_user("mallory@x.vn")
    sign_in(client, intruder)
    assert "dành cho lan@x.vn" in client.get(f"/loi-moi/{secret}").get_data(as_text=True)
    response = client.post(f"/loi-moi/{secret}")
    assert response.status_code == 403
    db.session.refresh(intruder)
    assert intruder.roles == []


def test_officer_invites_inside_own_subtree_only(client: FlaskClient, places: Places) -> None:
    sign_in(client, make_user("a@x.vn", ("officer", places.commune_a)))
    assert _invite(client, "v@x.vn", "viewer", places.hamlet.id).status_code == 201
    assert _invite(client, "o@x.vn", "officer", places.commune_a.id).status_code == 201
    outside = _invite(client, "b@x.vn", "officer", places.commune_b.id)
    assert outside.status_code == 403
    assert "nằm ngoài phạm vi bạn quản lý" in outside.get_data(as_text=True)
    above = _invite(client, "p@x.vn", "viewer", places.province.id)
    assert above.status_code == 403
    admin = _invite(client, "x@x.vn", "admin", places.commune_a.id)
    assert admin.status_code == 422
    assert [i.email for i in db.session.scalars(select(Invitation).order_by(Invitation.id))] == [
        "v@x.vn",
        "o@x.vn",
    ]


def test_invite_picker_lists_only_managed_localities(client: FlaskClient, places: Places) -> None:
    sign_in(client, make_user("a@x.vn", ("officer", places.commune_a)))
    html = client.get("/nguoi-dung").get_data(as_text=True)
    assert f'value="{places.commune_a.id}"' in html and f'value="{places.hamlet.id}"' in html
    assert f'value="{places.commune_b.id}"' not in html
    assert f'value="{places.province.id}"' not in html
    searched = client.get("/nguoi-dung?dia_ban=dong").get_data(as_text=True)
    assert f'value="{places.hamlet.id}"' in searched
    assert f'value="{places.commune_a.id}"' not in searched


def test_invitations_api(client: FlaskClient, places: Places) -> None:
    sign_in(client, make_user("p@x.vn", ("officer", places.province)))
    created = client.post(
        "/api/v1/invitations",
        json={"email": "V@x.vn", "role": "viewer", "locality_id": places.commune_b.id},
    )
    assert created.status_code == 201
    body = created.get_json()
    assert body["email"] == "v@x.vn" and "/loi-moi/" in body["url"]
    assert body["locality"]["id"] == places.commune_b.id
    outside = client.post(
        "/api/v1/invitations",
        json={"email": "v@x.vn", "role": "viewer", "locality_id": places.commune_c.id},
    )
    assert outside.status_code == 403 and "locality" in outside.get_json()["errors"]
    bad_role = client.post(
        "/api/v1/invitations",
        json={"email": "v@x.vn", "role": "admin", "locality_id": places.commune_b.id},
    )
    assert bad_role.status_code == 422 and "role" in bad_role.get_json()["errors"]


@__import__("pytest").mark.app_config(PUBLIC_BASE_URL="https://quet.example.vn/")
def test_invitation_link_uses_public_base_url(client: FlaskClient, places: Places) -> None:
    sign_in(client, make_user("admin@x.vn", "admin"))
    link = _link(_invite(client, "v@x.vn", "viewer", places.commune_a.id).get_data(as_text=True))
    assert link.startswith("https://quet.example.vn/loi-moi/")


def test_users_page_shows_my_scope_only(client: FlaskClient, places: Places) -> None:
    make_user("viewer-a@x.vn", ("viewer", places.commune_a))
    make_user("hamlet@x.vn", ("officer", places.hamlet), ("viewer", places.commune_b))
    make_user("officer-b@x.vn", ("officer", places.commune_b))
    make_user("vendor@x.vn", "vendor")
    sign_in(client, make_user("officer-a@x.vn", ("officer", places.commune_a)))
    html = client.get("/nguoi-dung").get_data(as_text=True)
    assert "viewer-a@x.vn" in html and "hamlet@x.vn" in html and "officer-a@x.vn" in html
    assert "officer-b@x.vn" not in html and "vendor@x.vn" not in html
    assert places.commune_b.name not in html.split("Người có vai trò")[1]
    api = client.get("/api/v1/users").get_json()
    assert sorted(u["email"] for u in api) == [
        "hamlet@x.vn",
        "officer-a@x.vn",
        "viewer-a@x.vn",
    ]
    hamlet_user = next(u for u in api if u["email"] == "hamlet@x.vn")
    assert [r["role"] for r in hamlet_user["roles"]] == ["officer"]


def test_admin_sees_everyone(client: FlaskClient) -> None:
    make_user("vendor@x.vn", "vendor")
    make_user("plain@x.vn")
    sign_in(client, make_user("admin@x.vn", "admin"))
    emails = [u["email"] for u in client.get("/api/v1/users").get_json()]
    assert emails == ["admin@x.vn", "plain@x.vn", "vendor@x.vn"]
    assert [u["email"] for u in client.get("/api/v1/users?q=VEND").get_json()] == ["vendor@x.vn"]
    second = client.get("/api/v1/users?page=2&page_size=2")
    assert [u["email"] for u in second.get_json()] == ["vendor@x.vn"]
    assert json.loads(second.headers["X-Pagination"])["total"] == 3


def test_users_page_is_forbidden_to_viewers_vendors_and_plain_users(
    app: Flask, places: Places
) -> None:
    for user in (
        make_user("v@x.vn", ("viewer", places.province)),
        make_user("vendor@x.vn", "vendor"),
        make_user("plain@x.vn"),
    ):
        client = sign_in(app.test_client(), user)
        assert client.get("/nguoi-dung").status_code == 403
        assert client.get("/api/v1/users").status_code == 403
        assert _invite(client, "x@x.vn", "viewer", places.commune_a.id).status_code == 403


def test_officer_revokes_roles_inside_subtree_only(client: FlaskClient, places: Places) -> None:
    inside = make_user("in@x.vn", ("viewer", places.hamlet))
    outside = make_user("out@x.vn", ("viewer", places.commune_b))
    sign_in(client, make_user("a@x.vn", ("officer", places.commune_a)))
    assert client.post(f"/nguoi-dung/vai-tro/{outside.roles[0].id}/thu-hoi").status_code == 403
    response = client.post(f"/nguoi-dung/vai-tro/{inside.roles[0].id}/thu-hoi")
    assert response.status_code == 302
    db.session.expire_all()
    assert inside.roles == [] and len(outside.roles) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "revoke"))
    assert entry is not None and entry.actor_label == "a@x.vn"
    assert entry.before is not None and entry.before["email"] == "in@x.vn" and entry.after is None
    assert entry.locality_id == places.hamlet.id
    assert client.post("/nguoi-dung/vai-tro/99999/thu-hoi").status_code == 404


def test_officer_cannot_revoke_vendor_or_admin_roles(client: FlaskClient, places: Places) -> None:
    vendor = make_user("vendor@x.vn", "vendor")
    admin = make_user("admin@x.vn", "admin")
    sign_in(client, make_user("p@x.vn", ("officer", places.province)))
    for user in (vendor, admin):
        assert client.post(f"/nguoi-dung/vai-tro/{user.roles[0].id}/thu-hoi").status_code == 403


def test_the_last_admin_cannot_revoke_their_own_role(client: FlaskClient) -> None:
    admin = make_user("admin@x.vn", "admin")
    sign_in(client, admin)
    page = client.get("/nguoi-dung").get_data(as_text=True)
    assert f"/nguoi-dung/vai-tro/{admin.roles[0].id}/thu-hoi" not in page  # no button offered
    response = client.post(
        f"/nguoi-dung/vai-tro/{admin.roles[0].id}/thu-hoi", follow_redirects=True
    )
    assert "Bạn không thể tự thu hồi vai trò của mình." in response.get_data(as_text=True)
    assert db.session.scalar(select(RoleAssignment)) is not None
    second = make_user("admin2@x.vn", "admin")
    assert client.post(f"/nguoi-dung/vai-tro/{second.roles[0].id}/thu-hoi").status_code == 302
    assert db.session.get(User, second.id) is not None


def test_self_service_roles_from_the_account_page(client: FlaskClient) -> None:
    user = make_user("hoa@x.vn")
    sign_in(client, user)
    assert client.post("/tai-khoan/vai-tro", data={"is_host": "y"}).status_code == 302
    db.session.refresh(user)
    assert [a.role for a in user.roles] == ["host"]
    client.post("/tai-khoan/vai-tro", data={"is_host": "y", "is_vendor": "y"})
    db.session.refresh(user)
    assert sorted(a.role for a in user.roles) == ["host", "vendor"]
