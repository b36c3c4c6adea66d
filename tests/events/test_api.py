"""The events API (events, sides, ceremonies, hosts): hosts only (404 for anyone else),
paginated lists, 422 naming the field with nothing written, lunar dates in the answers."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.events.models import EventSide, GiftEvent
from app.extensions import db
from tests.factories import Places, bearer, make_event, make_guest, make_user


def _body(places: Places, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "dam_cuoi",
        "title": "Lễ cưới Minh & Lan",
        "locality_id": places.commune_a.id,
        "sides": [
            {
                "name": "Nhà gái",
                "bank": "970436",
                "account_number": "0011004455667",
                "ceremonies": [{"name": "Lễ Vu Quy", "starts_at": "2024-09-17T08:30:00"}],
            },
            {"name": "Nhà trai"},
        ],
        **changes,
    }


def _count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_create_read_and_list_events(app: Flask, client: FlaskClient) -> None:
    places = Places()
    host = make_user("host@x.vn")
    headers = bearer(host)
    created = client.post("/api/v1/events", json=_body(places), headers=headers)
    assert created.status_code == 201, created.get_json()
    event = created.get_json()
    bride = event["sides"][0]
    assert (bride["bank_bin"], bride["account_number"], bride["code"][:2]) == (
        "970436",
        "0011004455667",
        "QH",
    )
    ceremony = bride["ceremonies"][0]
    assert ceremony["starts_at"].startswith("2024-09-17T01:30:00")
    assert ceremony["lunar_date"] == "15/8 âm lịch, năm Giáp Thìn"
    assert [h["role"] for h in event["hosts"]] == ["owner"]
    assert event["hosts"][0]["login"] == "host@x.vn"

    for _ in range(2):
        client.post("/api/v1/events", json=_body(places, title="Tân gia"), headers=headers)
    listed = client.get("/api/v1/events?page_size=2", headers=headers)
    assert len(listed.get_json()) == 2
    assert json.loads(listed.headers["X-Pagination"])["total"] == 3
    one = client.get(f"/api/v1/events/{event['id']}", headers=headers)
    assert one.status_code == 200 and one.get_json()["title"] == "Lễ cưới Minh & Lan"


def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(
    app: Flask, client: FlaskClient
) -> None:
    places = Places()
    headers = bearer(make_user("host@x.vn"))
    bad_account = _body(places)
    bad_account["sides"][1] = {"name": "Nhà trai", "bank": "970436", "account_number": "1#2"}
    refused = client.post("/api/v1/events", json=bad_account, headers=headers)
    assert refused.status_code == 422
    assert "account_number" in refused.get_json()["errors"]
    for body, field in (
        (_body(places, sides=[]), "sides"),
        (_body(places, kind="sinh_nhat"), "kind"),
        (_body(places, title="x" * 201), "title"),
        (_body(places, locality_id=places.province.id), "locality_id"),
    ):
        answer = client.post("/api/v1/events", json=body, headers=headers)
        assert answer.status_code == 422, body
        assert field in answer.get_json()["errors"], answer.get_json()
    far = _body(places)
    far["sides"][0]["ceremonies"] = [{"name": "Cưới", "starts_at": "2101-01-01T09:00:00"}]
    answer = client.post("/api/v1/events", json=far, headers=headers)
    assert answer.status_code == 422 and "starts_at" in answer.get_json()["errors"]
    assert _count(GiftEvent) == _count(EventSide) == 0


def test_sides_ceremonies_archive_and_delete(app: Flask, client: FlaskClient) -> None:
    places = Places()
    host = make_user("host@x.vn")
    headers = bearer(host)
    event = make_event(host, places.commune_a)
    base = f"/api/v1/events/{event.id}"
    side = client.post(f"{base}/sides", json={"name": "Ông bà nội"}, headers=headers)
    assert side.status_code == 201
    side_id = side.get_json()["id"]
    changed = client.patch(
        f"{base}/sides/{side_id}", json={"show_qr": False, "bank": "970415"}, headers=headers
    )
    assert changed.status_code == 422 and "account_number" in changed.get_json()["errors"]
    ceremony = client.post(
        f"{base}/sides/{side_id}/ceremonies",
        json={"name": "Tiệc", "starts_at": "2026-02-17T10:00:00+07:00", "map_url": "http://x"},
        headers=headers,
    )
    assert ceremony.status_code == 422 and "map_url" in ceremony.get_json()["errors"]
    ceremony = client.post(
        f"{base}/sides/{side_id}/ceremonies",
        json={"name": "Tiệc", "starts_at": "2026-02-17T10:00:00+07:00"},
        headers=headers,
    )
    assert ceremony.get_json()["lunar_date"] == "1/1 âm lịch, năm Bính Ngọ"
    path = f"{base}/sides/{side_id}/ceremonies/{ceremony.get_json()['id']}"
    late = client.patch(path, json={"ends_at": "2026-02-17T09:00:00+07:00"}, headers=headers)
    assert late.status_code == 422 and "ends_at" in late.get_json()["errors"]
    assert client.delete(path, headers=headers).status_code == 204
    assert client.delete(f"{base}/sides/{side_id}", headers=headers).status_code == 204

    archived = client.put(f"{base}/archive", json={"archived": True}, headers=headers)
    assert archived.get_json()["archived_at"] is not None
    assert client.get("/api/v1/events", headers=headers).get_json() == []
    assert len(client.get("/api/v1/events?archived=true", headers=headers).get_json()) == 1

    make_guest(event)
    deleted = client.delete(base, headers=headers)
    assert deleted.status_code == 200
    assert deleted.get_json() == {
        "sides": 2,
        "hosts": 1,
        "guests": 1,
        "rsvps": 0,
        "wishes": 0,
        "gifts": 0,
    }
    assert client.get(base, headers=headers).status_code == 404


def test_hosts_invited_by_account_and_removed(app: Flask, client: FlaskClient) -> None:
    places = Places()
    owner = make_user("owner@x.vn")
    event = make_event(owner, places.commune_a)
    base = f"/api/v1/events/{event.id}/hosts"
    nobody = client.post(base, json={"login": "0987654321"}, headers=bearer(owner))
    assert nobody.status_code == 422
    assert list(nobody.get_json()["errors"]) == ["login"]
    assert "0987654321" in nobody.get_json()["errors"]["login"][0]
    assert "đăng ký trước" in nobody.get_json()["message"]
    co = make_user("co@x.vn")
    added = client.post(
        base, json={"login": "CO@x.vn", "side_id": event.sides[1].id}, headers=bearer(owner)
    )
    assert added.status_code == 201 and added.get_json()["side_id"] == event.sides[1].id
    again = client.post(base, json={"login": "co@x.vn"}, headers=bearer(owner))
    assert again.status_code == 409
    # The co-host sees the event now, and may leave; the owner stays.
    co_headers = bearer(co)
    assert client.get(f"/api/v1/events/{event.id}", headers=co_headers).status_code == 200
    owner_row = event.hosts[0].id
    stays = client.delete(f"{base}/{owner_row}", headers=co_headers)
    assert stays.status_code == 409
    assert client.delete(f"{base}/{added.get_json()['id']}", headers=co_headers).status_code == 204
    assert client.get(f"/api/v1/events/{event.id}", headers=co_headers).status_code == 404


def test_other_people_get_404_everywhere(app: Flask, client: FlaskClient) -> None:
    places = Places()
    owner = make_user("owner@x.vn")
    admin = make_user("admin@x.vn", "admin")
    event = make_event(owner, places.commune_a)
    side = event.sides[0]
    ceremony = side.ceremonies[0]
    base = f"/api/v1/events/{event.id}"
    for who in (admin, make_user("s@x.vn")):
        headers = bearer(who)
        for method, path in (
            ("GET", base),
            ("PATCH", base),
            ("DELETE", base),
            ("GET", f"{base}/sides"),
            ("GET", f"{base}/sides/{side.id}"),
            ("GET", f"{base}/sides/{side.id}/ceremonies/{ceremony.id}"),
            ("GET", f"{base}/hosts"),
            ("PUT", f"{base}/archive"),
        ):
            body = {"archived": True} if method == "PUT" else {}
            answer = client.open(path, method=method, json=body, headers=headers)
            assert answer.status_code == 404, (method, path, answer.status_code)
        assert client.get("/api/v1/events", headers=headers).get_json() == []
    assert client.get(base).status_code == 401
