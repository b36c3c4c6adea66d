"""The ledger's API: entries, sync, totals, thanks and exports, scoped to the event's hosts."""

from __future__ import annotations

import io
import json
import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.accounts.models import User
from app.events.models import EventHost, GiftEvent
from app.extensions import db
from tests.factories import Places, bearer, make_event, make_guest, make_user


@pytest.fixture
def wedding(app: Flask) -> tuple[User, GiftEvent]:
    host = make_user("host@x.vn", "host")
    return host, make_event(host, Places().commune_a)


def _url(event: GiftEvent, rest: str = "") -> str:
    return f"/api/v1/events/{event.id}/ledger{rest}"


def test_add_list_change_and_delete_an_entry(client: FlaskClient, wedding: Any) -> None:
    host, event = wedding
    headers = bearer(host)
    guest = make_guest(event, "Trần Văn Nam")
    side = event.sides[0].id

    created = client.post(
        _url(event),
        json={"side_id": side, "guest_id": guest.id, "quantity": 500000, "relation": "Bạn"},
        headers=headers,
    )
    assert created.status_code == 201, created.get_json()
    entry = created.get_json()
    assert (entry["giver_name"], entry["quantity"], entry["text"]) == (
        "Trần Văn Nam",
        "500000",
        "500.000 đ",
    )
    gold = client.post(
        _url(event),
        json={"side_id": side, "giver_name": "Bác Sáu", "unit": "gold_chi", "quantity": "1.5"},
        headers=headers,
    ).get_json()
    assert (gold["quantity"], gold["method"], gold["text"]) == ("1.5", "gold", "1,5 chỉ vàng")

    listed = client.get(_url(event, "?q=tran+van&page_size=1"), headers=headers)
    assert [item["id"] for item in listed.get_json()] == [entry["id"]]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1
    everything = client.get(_url(event, "?page_size=1"), headers=headers)
    assert json.loads(everything.headers["X-Pagination"])["total"] == 2

    patched = client.patch(
        _url(event, f"/{entry['id']}"), json={"quantity": "700000"}, headers=headers
    )
    assert (patched.status_code, patched.get_json()["text"]) == (200, "700.000 đ")
    assert client.get(_url(event, f"/{entry['id']}"), headers=headers).status_code == 200
    assert client.delete(_url(event, f"/{entry['id']}"), headers=headers).status_code == 204
    assert client.get(_url(event, f"/{entry['id']}"), headers=headers).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": "-1"}, "quantity"),
        ({"quantity": "20000000000"}, "quantity"),
        ({"quantity": "1000.5"}, "quantity"),
        ({"unit": "bac"}, "unit"),
        ({"quantity": True}, "quantity"),
        ({"message": "x" * 1001}, "message"),
        ({"side_id": "nhà trai"}, "side_id"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    client: FlaskClient, wedding: Any, body: dict[str, Any], field: str
) -> None:
    host, event = wedding
    data = {"side_id": event.sides[0].id, "giver_name": "Anh Ba", "quantity": "500000", **body}
    response = client.post(_url(event), json=data, headers=bearer(host))
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert client.get(_url(event), headers=bearer(host)).get_json() == []


def test_sync_sent_twice_gives_each_entry_once(client: FlaskClient, wedding: Any) -> None:
    host, event = wedding
    side = event.sides[0].id
    ids = [str(uuid.uuid4()) for _ in range(4)]
    entries = [
        {"client_id": ids[0], "side_id": side, "giver_name": "Anh Ba", "quantity": "500000"},
        {"client_id": ids[1], "side_id": side, "giver_name": "Chị Tư", "quantity": "0"},
        {"client_id": ids[2], "side_id": side, "giver_name": "x" * 201, "quantity": "1"},
        {"client_id": ids[3], "side_id": side, "giver_name": "Cô Năm", "unit": "gold_chi",
         "quantity": "0.5"},
        {"client_id": ids[0], "side_id": side, "giver_name": "Anh Ba", "quantity": "500000"},
    ]  # fmt: skip
    first = client.post(_url(event, "/sync"), json={"entries": entries}, headers=bearer(host))
    assert first.status_code == 200, first.get_json()
    results = first.get_json()["results"]
    assert [(r["client_id"], r["status"]) for r in results] == [
        (ids[0], "created"),
        (ids[1], "refused"),
        (ids[2], "refused"),
        (ids[3], "created"),
        (ids[0], "exists"),
    ]
    assert results[1]["errors"] == {"quantity": ["Số lượng phải lớn hơn 0."]}
    assert list(results[2]["errors"]) == ["giver_name"]
    second = client.post(_url(event, "/sync"), json={"entries": entries}, headers=bearer(host))
    assert [r["status"] for r in second.get_json()["results"]] == [
        "exists",
        "refused",
        "refused",
        "exists",
        "exists",
    ]
    assert len(client.get(_url(event), headers=bearer(host)).get_json()) == 2
    too_many = client.post(_url(event, "/sync"), json={"entries": [{}] * 201}, headers=bearer(host))
    assert too_many.status_code == 422
    assert "entries" in too_many.get_json()["errors"]


def test_totals_thanks_and_exports(client: FlaskClient, wedding: Any) -> None:
    host, event = wedding
    headers = bearer(host)
    side = event.sides[0].id
    made = [
        client.post(_url(event), json=body, headers=headers).get_json()["id"]
        for body in (
            {"side_id": side, "giver_name": "Anh Ba", "quantity": "500000"},
            {"side_id": side, "giver_name": "Jim", "unit": "foreign", "currency": "USD",
             "quantity": "100", "value_vnd": 2500000},
        )
    ]  # fmt: skip
    totals = client.get(_url(event, "/totals"), headers=headers).get_json()
    assert [(t["unit"], t["quantity"], t["text"]) for t in totals["overall"]["totals"]] == [
        ("dong", "500000", "500.000 đ"),
        ("foreign", "100", "100 USD"),
    ]
    assert totals["overall"]["estimated_vnd"] == 2500000
    assert [part["label"] for part in totals["by_side"]] == ["Nhà trai"]

    thanked = client.post(_url(event, "/thanked"), json={"entry_ids": made}, headers=headers)
    assert thanked.get_json() == {"changed": 2}
    assert client.get(_url(event, "?thanked=false"), headers=headers).get_json() == []

    xlsx = client.get(_url(event, f"/export.xlsx?side_id={side}"), headers=headers)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet is not None
    assert sheet["B2"].value == "Anh Ba"
    assert sheet["D3"].value == 100 and sheet["G3"].value == "USD"
    csv = client.get(_url(event, "/export.csv"), headers=headers)
    assert csv.headers["Content-Disposition"].endswith('.csv"')
    assert "Bên" in csv.data.decode("utf-8-sig").splitlines()[0]


def test_other_hosts_get_404_and_a_shared_side_is_read_only(
    client: FlaskClient, wedding: Any
) -> None:
    owner, event = wedding
    groom, bride = event.sides
    entry = client.post(
        _url(event),
        json={"side_id": groom.id, "giver_name": "Anh Ba", "quantity": "500000"},
        headers=bearer(owner),
    ).get_json()
    stranger = make_user("stranger@x.vn", "host")
    for path in ("", f"/{entry['id']}", "/totals", "/export.csv"):
        assert client.get(_url(event, path), headers=bearer(stranger)).status_code == 404
    assert client.get(_url(event)).status_code == 401

    bride_mother = make_user("me@x.vn", "host")
    event.hosts.append(EventHost(user_id=bride_mother.id, role="cohost", side_id=bride.id))
    groom.ledger_shared = True
    db.session.commit()
    headers = bearer(bride_mother)
    assert client.get(_url(event, f"/{entry['id']}"), headers=headers).status_code == 200
    changed = client.patch(_url(event, f"/{entry['id']}"), json={"relation": "x"}, headers=headers)
    assert changed.status_code == 403
    assert changed.get_json()["errors"] == {
        "side": [
            "Sổ mừng của bên này chỉ được chia sẻ để xem; chỉ chủ nhà của bên đó mới ghi được."
        ]
    }
    assert client.delete(_url(event, f"/{entry['id']}"), headers=headers).status_code == 403
