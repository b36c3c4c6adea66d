"""The guest API: list and search with X-Pagination, add, get, change, remove, a new link, the
import with dry_run; errors name the field; strangers get 404."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.events.models import Rsvp
from app.extensions import db
from tests.events.test_guests import Party, make_party
from tests.events.test_guests_import import GOOD
from tests.factories import bearer


@pytest.fixture
def party(app: Flask) -> Party:
    return make_party()


def _url(party: Party, tail: str = "") -> str:
    return f"/api/v1/events/{party.event.id}/guests{tail}"


def test_add_list_get_change_and_remove(client: FlaskClient, party: Party) -> None:
    owner = bearer(party.owner)
    made = client.post(
        _url(party),
        json={
            "name": "Trần Văn Nam",
            "honorific": "anh",
            "phone": "0912 345 678",
            "side_id": party.groom,
            "invited_by": "Chú rể",
        },
        headers=owner,
    )
    assert made.status_code == 201, made.get_json()
    guest = made.get_json()
    assert guest["phone"] == "+84912345678" and guest["code"].startswith("QK")
    assert guest["link"].startswith("/m/k/") and guest["rsvp"] is None

    db.session.add(
        Rsvp(side_id=party.groom, guest_id=guest["id"], name="Nam", answer="yes", people=3)
    )
    db.session.commit()
    got = client.get(_url(party, f"/{guest['id']}"), headers=owner).get_json()
    assert got["rsvp"] == {"answer": "yes", "people": 3, "note": ""}

    listed = client.get(_url(party, "?q=nam&page_size=10"), headers=owner)
    assert [g["name"] for g in listed.get_json()] == ["Trần Văn Nam"]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1
    assert client.get(_url(party, "?q=khong+ai"), headers=owner).get_json() == []

    changed = client.patch(
        _url(party, f"/{guest['id']}"), json={"group_name": "Bạn"}, headers=owner
    )
    assert changed.status_code == 200 and changed.get_json()["group_name"] == "Bạn"
    assert changed.get_json()["name"] == "Trần Văn Nam"

    renewed = client.post(_url(party, f"/{guest['id']}/new-link"), headers=owner).get_json()
    assert renewed["link"] != guest["link"] and renewed["code"] == guest["code"]

    assert client.delete(_url(party, f"/{guest['id']}"), headers=owner).status_code == 204
    assert client.get(_url(party, f"/{guest['id']}"), headers=owner).status_code == 404


def test_errors_name_the_field(client: FlaskClient, party: Party) -> None:
    owner = bearer(party.owner)
    no_side = client.post(_url(party), json={"name": "Nam"}, headers=owner)
    assert no_side.status_code == 422
    assert "side_id" in json.dumps(no_side.get_json())
    bad_phone = client.post(
        _url(party), json={"name": "Nam", "phone": "12", "side_id": party.groom}, headers=owner
    )
    assert bad_phone.status_code == 422 and "phone" in json.dumps(bad_phone.get_json())
    long_name = client.post(
        _url(party), json={"name": "A" * 201, "side_id": party.groom}, headers=owner
    )
    assert long_name.status_code == 422 and "name" in json.dumps(long_name.get_json()["errors"])
    other_side = client.post(
        _url(party),
        json={"name": "Nam", "side_id": party.groom},
        headers=bearer(party.bride_mother),
    )
    assert other_side.status_code == 403


def test_strangers_get_404(client: FlaskClient, party: Party) -> None:
    made = client.post(
        _url(party), json={"name": "Nam", "side_id": party.groom}, headers=bearer(party.owner)
    ).get_json()
    stranger = bearer(party.stranger)
    assert client.get(_url(party), headers=stranger).status_code == 404
    assert client.get(_url(party, f"/{made['id']}"), headers=stranger).status_code == 404
    assert client.post(_url(party, f"/{made['id']}/new-link"), headers=stranger).status_code == 404
    side_host = bearer(party.bride_mother)
    assert client.get(_url(party, f"/{made['id']}"), headers=side_host).status_code == 404
    assert client.get(_url(party), headers=side_host).get_json() == []


def test_import_with_dry_run_then_for_real(client: FlaskClient, party: Party) -> None:
    owner = bearer(party.owner)

    def upload(tail: str, body: str) -> object:
        data = {"file": (BytesIO(body.encode()), "khach.csv")}
        return client.post(_url(party, tail), data=data, headers=owner)

    dry = upload("/import?dry_run=1", GOOD)
    assert dry.status_code == 200  # type: ignore[attr-defined]
    preview = dry.get_json()  # type: ignore[attr-defined]
    assert preview["valid"] and len(preview["rows"]) == 3
    assert preview["rows"][0]["phone"] == "+84912345678"
    assert client.get(_url(party), headers=owner).get_json() == []

    bad = upload("/import", GOOD + "Lê Văn Ba,,0912345678,,Nhà trai,\n")
    assert bad.status_code == 422  # type: ignore[attr-defined]
    assert "line 5" in bad.get_json()["errors"]  # type: ignore[attr-defined]
    assert client.get(_url(party), headers=owner).get_json() == []

    done = upload("/import", GOOD)
    assert done.status_code == 201 and done.get_json()["count"] == 3  # type: ignore[attr-defined]

    side = client.post(
        _url(party, f"/import?side_id={party.bride}"),
        data={"file": (BytesIO("Họ tên\nNgô Văn Chín\n".encode()), "k.csv")},
        headers=owner,
    )
    assert side.status_code == 201 and side.get_json()["created"][0]["side_id"] == party.bride

    garbled = client.post(
        _url(party, "/import?dry_run=1"),
        data={"file": (BytesIO(GOOD.encode("cp1252", errors="replace")), "k.csv")},
        headers=owner,
    )
    assert garbled.status_code == 422
    assert "CSV UTF-8" in garbled.get_json()["message"]
