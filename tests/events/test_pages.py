"""The hosts' event pages: my events, a new event, the event's page with lunar dates and public
links, side and ceremony forms, hosts, archive and delete; errors beside their field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.events import routes, services
from app.events.models import EventSide, GiftEvent, Guest
from app.extensions import db
from tests.factories import Places, make_event, make_guest, make_user, sign_in


def _error_beside(html: str, field_id: str) -> bool:
    return f'id="e-{field_id}"' in html


def test_my_events_lists_current_and_archived(app: Flask, client: FlaskClient) -> None:
    places = Places()
    host = make_user("h@x.vn")
    make_event(host, places.commune_a, title="Tân gia nhà Ba")
    old = make_event(host, places.commune_a, title="Thôi nôi bé Na")
    services.set_archived(host, old, True)
    make_event(make_user("o@x.vn"), places.commune_a, title="Của người khác")
    page = sign_in(client, host).get("/su-kien").get_data(as_text=True)
    current, archived = page.split('id="luu-tru"')
    assert "Tân gia nhà Ba" in current and "Thôi nôi bé Na" in archived
    assert "Của người khác" not in page
    assert 'href="/su-kien"' in client.get("/").get_data(as_text=True)  # the nav link


def test_new_event_with_a_locality_search_and_a_checked_account(
    app: Flask, client: FlaskClient
) -> None:
    places = Places()
    sign_in(client, make_user("h@x.vn"))
    form = client.get("/su-kien/moi?dia_ban=dong").get_data(as_text=True)
    assert "Thôn Đông (Xã An Bình)" in form and "Tỉnh Phú Thịnh" not in form
    data = {
        "kind": "dam_cuoi",
        "title": "Lễ cưới Minh & Lan",
        "locality_id": str(places.hamlet.id),
        "side_name": "Nhà trai",
        "bank": "970436",
        "account_number": "0011#4455667",
    }
    refused = client.post("/su-kien/moi", data=data)
    assert refused.status_code == 422
    assert _error_beside(refused.get_data(as_text=True), "f-account-number")
    assert 'value="Lễ cưới Minh &amp; Lan"' in refused.get_data(as_text=True)  # kept
    no_side = client.post("/su-kien/moi", data={**data, "side_name": ""})
    assert _error_beside(no_side.get_data(as_text=True), "f-side-name")
    province = client.post("/su-kien/moi", data={**data, "locality_id": str(places.province.id)})
    assert _error_beside(province.get_data(as_text=True), "f-locality")
    assert db.session.scalar(select(func.count()).select_from(GiftEvent)) == 0

    made = client.post("/su-kien/moi", data={**data, "account_number": "0011004455667"})
    assert made.status_code == 302
    event = db.session.scalars(select(GiftEvent)).one()
    assert made.headers["Location"].endswith(f"/su-kien/{event.id}")
    assert event.sides[0].account_number == "0011004455667"


def test_the_event_page_shows_lunar_dates_links_and_tools(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    places = Places()
    host = make_user("h@x.vn")
    event = make_event(host, places.commune_a)
    bride = event.sides[1]
    bride.ceremonies[0].starts_at = datetime(2024, 9, 17, 1, 30, tzinfo=UTC)  # 08:30 in Vietnam
    db.session.commit()
    monkeypatch.setattr(routes, "TOOLS", [])
    routes.add_tool("events.hosts", "Danh sách chủ nhà")
    routes.add_tool("events.no_such_page", "Chưa có")
    page = sign_in(client, host).get(f"/su-kien/{event.id}").get_data(as_text=True)
    assert "08:30, 17/09/2024" in page
    assert "Nhằm ngày 15/8 âm lịch, năm Giáp Thìn" in page
    assert f"/m/{event.token}" in page and f"/m/{bride.token}" in page
    assert 'data-copy="link-event"' in page
    assert bride.code in page and "0011004455667" in page
    assert f'href="/su-kien/{event.id}/chu-nha">Danh sách chủ nhà' in page
    assert "Chưa có</a>" not in page


def test_strangers_get_404_and_side_hosts_change_only_their_side(
    app: Flask, client: FlaskClient
) -> None:
    places = Places()
    owner = make_user("owner@x.vn")
    event = make_event(owner, places.commune_a)
    groom, bride = event.sides
    stranger_client = sign_in(app.test_client(), make_user("s@x.vn"))
    for path in ("", "/sua", "/chu-nha", "/xoa", f"/ben/{groom.id}/sua"):
        assert stranger_client.get(f"/su-kien/{event.id}{path}").status_code == 404
    mother = make_user("me@x.vn")
    services.invite_host(owner, event, {"login": "me@x.vn", "side_id": bride.id})
    page = sign_in(client, mother).get(f"/su-kien/{event.id}").get_data(as_text=True)
    assert f"/su-kien/{event.id}/ben/{bride.id}/sua" in page
    assert f"/su-kien/{event.id}/ben/{groom.id}/sua" not in page
    assert f"/su-kien/{event.id}/sua" not in page
    refused = client.post(f"/su-kien/{event.id}/ben/{groom.id}/sua", data={"name": "Khác"})
    assert refused.status_code == 403
    assert groom.name == "Nhà trai"


def test_side_and_ceremony_forms(app: Flask, client: FlaskClient) -> None:
    places = Places()
    host = make_user("h@x.vn")
    event = make_event(host, places.commune_a, sides=("Gia đình",))
    side = event.sides[0]
    sign_in(client, host)
    added = client.post(
        f"/su-kien/{event.id}/ben/them",
        data={"name": "Nhà gái", "bank": "970415", "account_number": "113366668888"},
    )
    assert added.status_code == 302
    assert [s.name for s in event.sides] == ["Gia đình", "Nhà gái"]

    base = f"/su-kien/{event.id}/ben/{side.id}/nghi-le"
    bad = client.post(
        f"{base}/them",
        data={"name": "Lễ Vu Quy", "starts_at": "1850-01-01T08:00", "map_url": "https://x.vn/m"},
    )
    assert bad.status_code == 422 and _error_beside(bad.get_data(as_text=True), "f-starts-at")
    late = client.post(
        f"{base}/them",
        data={"name": "Lễ Vu Quy", "starts_at": "2026-10-18T08:00", "ends_at": "2026-10-18T07:00"},
    )
    assert _error_beside(late.get_data(as_text=True), "f-ends-at")
    made = client.post(f"{base}/them", data={"name": "Lễ Vu Quy", "starts_at": "2026-10-18T08:00"})
    assert made.status_code == 302
    ceremony = next(c for c in side.ceremonies if c.name == "Lễ Vu Quy")
    assert ceremony.starts_at == datetime(2026, 10, 18, 1, 0, tzinfo=UTC)
    form = client.get(f"{base}/{ceremony.id}/sua").get_data(as_text=True)
    assert 'value="2026-10-18T08:00"' in form  # shown in Vietnam's time
    assert client.post(f"{base}/{ceremony.id}/xoa").status_code == 302
    assert ceremony not in side.ceremonies

    make_guest(event, side_index=0)
    kept = client.post(f"/su-kien/{event.id}/ben/{side.id}/xoa", follow_redirects=True)
    assert "khách mời" in kept.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(EventSide)) == 2


def test_hosts_page_invites_only_existing_accounts(app: Flask, client: FlaskClient) -> None:
    places = Places()
    owner = make_user("owner@x.vn")
    event = make_event(owner, places.commune_a)
    sign_in(client, owner)
    path = f"/su-kien/{event.id}/chu-nha"
    refused = client.post(path, data={"login": "chua-co@x.vn"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert _error_beside(html, "f-login") and "hãy nhờ người đó đăng ký trước" in html
    make_user("co@x.vn", name="Chị Hoa")
    added = client.post(path, data={"login": "co@x.vn", "side_id": str(event.sides[1].id)})
    assert added.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "Chị Hoa" in page and "Nhà gái" in page and "Bỏ đồng chủ nhà" in page


def test_archive_and_delete_with_what_goes(app: Flask, client: FlaskClient) -> None:
    places = Places()
    owner = make_user("owner@x.vn")
    event = make_event(owner, places.commune_a)
    make_guest(event)
    make_guest(event, "Lê Thị Hoa", side_index=1)
    sign_in(client, owner)
    assert client.post(f"/su-kien/{event.id}/luu-tru").status_code == 302
    assert event.archived_at is not None
    client.post(f"/su-kien/{event.id}/luu-tru", data={"archived": "0"})
    assert event.archived_at is None

    confirm = client.get(f"/su-kien/{event.id}/xoa").get_data(as_text=True)
    assert "2 khách mời" in confirm and "0 món mừng" in confirm
    gone = client.post(f"/su-kien/{event.id}/xoa")
    assert gone.status_code == 302 and gone.headers["Location"].endswith("/su-kien")
    assert db.session.scalar(select(func.count()).select_from(Guest)) == 0
    assert db.session.scalar(select(func.count()).select_from(GiftEvent)) == 0
