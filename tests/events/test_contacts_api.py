"""The contacts API: the owner's alone (404 for anyone else), paginated, the history in units,
gifts given checked, and the old ledger's import with dry_run."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.events import contacts
from app.events.models import Contact, GiftEvent, LedgerEntry
from app.extensions import db
from tests.factories import Places, bearer, make_event, make_guest, make_user

LEDGER = "Họ tên,Số tiền,Số lượng,Đơn vị\nAnh Nam,500000,,\nCô Ba,,1,chỉ\n"


def test_contacts_crud_and_owner_only(app: Flask, client: FlaskClient) -> None:
    host, other = make_user("host@x.vn", "host"), make_user("other@x.vn", "host")
    mine = bearer(host)
    created = client.post(
        "/api/v1/contacts", json={"name": "Anh Nam", "phone": "0912345678"}, headers=mine
    )
    assert created.status_code == 201
    body = created.get_json()
    assert (body["name"], body["phone"], body["kind"]) == ("Anh Nam", "0912 345 678", "person")
    contact_id = body["id"]
    listed = client.get("/api/v1/contacts?q=nam", headers=mine)
    assert [c["id"] for c in listed.get_json()] == [contact_id]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1
    bad = client.post("/api/v1/contacts", json={"name": "A", "phone": "12ab"}, headers=mine)
    assert bad.status_code == 422 and "phone" in bad.get_json()["errors"]
    no_name = client.post("/api/v1/contacts", json={"name": ""}, headers=mine)
    assert no_name.status_code == 422 and "name" in no_name.get_json()["errors"]

    theirs = bearer(other)
    assert client.get("/api/v1/contacts", headers=theirs).get_json() == []
    for method in ("GET", "PATCH", "DELETE"):
        response = client.open(
            f"/api/v1/contacts/{contact_id}", method=method, json={"name": "X"}, headers=theirs
        )
        assert response.status_code == 404
    assert client.get(f"/api/v1/contacts/{contact_id}").status_code == 401

    changed = client.patch(
        f"/api/v1/contacts/{contact_id}", json={"relation": "Bạn học"}, headers=mine
    )
    assert changed.status_code == 200 and changed.get_json()["relation"] == "Bạn học"
    assert client.delete(f"/api/v1/contacts/{contact_id}", headers=mine).status_code == 204
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 0


def test_gifts_given_and_the_history_in_units(app: Flask, client: FlaskClient) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    mine = bearer(host)
    event = make_event(host, places.commune_a, title="Đám cưới Minh & Lan")
    guest = make_guest(event, "Anh Nam")
    contact = contacts.create_contact(host, {"name": "Anh Nam"})
    contacts.link_guest(host, guest, contact)
    db.session.add(
        LedgerEntry(
            event=event, side=event.sides[0], guest=guest, unit="gold_chi", quantity=Decimal(1)
        )
    )
    db.session.commit()
    url = f"/api/v1/contacts/{contact.id}/given"
    made = client.post(
        url,
        json={"occasion": "Đám cưới anh Nam", "given_on": "2024-05-18", "quantity": "500000"},
        headers=mine,
    )
    assert made.status_code == 201
    gift = made.get_json()
    assert (gift["unit"], gift["quantity"], gift["given_on"]) == ("dong", "500000.00", "2024-05-18")
    for body, field in [
        ({"quantity": "0.5"}, "quantity"),
        ({"quantity": "99999999999"}, "quantity"),
        ({"unit": "foreign", "quantity": "5", "currency": "XXY"}, "currency"),
        ({"unit": "in_kind"}, "description"),
    ]:
        refused = client.post(url, json=body, headers=mine)
        assert refused.status_code == 422 and field in refused.get_json()["errors"], body
    patched = client.patch(
        f"{url}/{gift['id']}",
        json={"unit": "foreign", "currency": "USD", "quantity": "100"},
        headers=mine,
    )
    assert patched.status_code == 200 and patched.get_json()["text"] == "100 USD"
    assert len(client.get(url, headers=mine).get_json()) == 1

    detail = client.get(f"/api/v1/contacts/{contact.id}", headers=mine).get_json()
    history = detail["history"]
    assert [r["event_title"] for r in history["received"]] == ["Đám cưới Minh & Lan"]
    assert [(t["unit"], t["quantity"]) for t in history["received_totals"]] == [
        ("gold_chi", "1.00")
    ]
    assert [(t["unit"], t["currency"]) for t in history["given_totals"]] == [("foreign", "USD")]

    other = bearer(make_user("other@x.vn"))
    assert client.delete(f"{url}/{gift['id']}", headers=other).status_code == 404
    assert client.delete(f"{url}/{gift['id']}", headers=mine).status_code == 204


def test_import_dry_run_then_write(app: Flask, client: FlaskClient) -> None:
    places = Places()
    host = make_user("host@x.vn", "host")
    form = {
        "kind": "tan_gia",
        "title": "Tân gia 2020",
        "held_on": "2020-03-01",
        "locality_id": str(places.commune_a.id),
    }

    def post(query: str, content: str, **changes: str):  # type: ignore[no-untyped-def]
        data = {**form, **changes, "file": (io.BytesIO(content.encode()), "so.csv")}
        return client.post(f"/api/v1/contacts/import{query}", data=data, headers=bearer(host))

    preview = post("?dry_run=1", LEDGER)
    assert preview.status_code == 200
    assert [row["gift"] for row in preview.get_json()["rows"]][1] == "1 chỉ vàng"
    assert db.session.scalar(select(func.count()).select_from(GiftEvent)) == 0
    bad = post("", LEDGER + "Anh X,abc,,\n")
    assert bad.status_code == 422 and "line 4" in bad.get_json()["errors"]
    assert "line 2" not in bad.get_json()["errors"]
    future = post("", LEDGER, held_on="2999-01-01")
    assert future.status_code == 422 and "held_on" in future.get_json()["errors"]
    assert db.session.scalar(select(func.count()).select_from(GiftEvent)) == 0
    written = post("", LEDGER)
    assert written.status_code == 201 and written.get_json()["entries"] == 2
    event = db.session.get(GiftEvent, written.get_json()["event_id"])
    assert event is not None and event.archived_at is not None
    assert client.post("/api/v1/contacts/import", data=form).status_code == 401
