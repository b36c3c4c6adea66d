"""The markets API: scoped lists with X-Pagination, 403 outside the caller's subtree, 409 on a
taken stall number or a second primary account, 422 naming the field, nothing partly written."""

from __future__ import annotations

import json
from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.markets.models import Vendor, VendorAccount
from tests.factories import bearer
from tests.markets.conftest import ACCOUNT, BANK, World, add_step, add_vendor


def test_markets_listed_in_scope_with_pagination(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/markets", headers=bearer(world.viewer_a))
    assert response.status_code == 200
    assert [m["name"] for m in response.get_json()] == ["Chợ An Bình"]
    assert json.loads(response.headers["X-Pagination"])["total"] == 1
    assert client.get("/api/v1/markets", headers=bearer(world.officer_b)).get_json() == []
    refused = client.get(
        f"/api/v1/markets?locality={world.places.commune_a.id}", headers=bearer(world.officer_b)
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/markets").status_code == 401


def test_create_market_and_bad_input(client: FlaskClient, world: World) -> None:
    headers = bearer(world.officer_a)
    body = {"name": "Chợ đêm", "locality_id": world.places.commune_a.id, "kind": "dem"}
    created = client.post("/api/v1/markets", json=body, headers=headers)
    assert created.status_code == 201 and created.get_json()["kind"] == "dem"
    wrong = client.post("/api/v1/markets", json={**body, "kind": "sieu_thi"}, headers=headers)
    assert wrong.status_code == 422 and set(wrong.get_json()["errors"]) == {"kind"}
    elsewhere = client.post(
        "/api/v1/markets",
        json={**body, "locality_id": world.places.commune_b.id},
        headers=headers,
    )
    assert elsewhere.status_code == 403 and "locality_id" in elsewhere.get_json()["errors"]
    blank = client.post("/api/v1/markets", json={**body, "name": "  "}, headers=headers)
    assert blank.status_code == 422 and set(blank.get_json()["errors"]) == {"name"}


def test_stall_number_twice_is_a_409_naming_it(client: FlaskClient, world: World) -> None:
    url = f"/api/v1/markets/{world.market.id}/stalls"
    response = client.post(url, json={"number": "1"}, headers=bearer(world.officer_a))
    assert response.status_code == 409
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"} and set(body["errors"]) == {
        "number"
    }
    listed = client.get(url, headers=bearer(world.viewer_a))
    assert [s["number"] for s in listed.get_json()] == ["1", "2", "3"]
    patched = client.patch(
        f"/api/v1/stalls/{world.stalls[2].id}",
        json={"goods": "Cá"},
        headers=bearer(world.officer_a),
    )
    assert patched.status_code == 200 and patched.get_json()["goods"] == "Cá"


def test_vendor_outside_scope_refused_and_nothing_written(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/vendors",
        json={"name": "Chị Năm", "market_id": world.market.id},
        headers=bearer(world.officer_b),
    )
    assert response.status_code == 403 and "market_id" in response.get_json()["errors"]
    assert db.session.scalar(select(func.count()).select_from(Vendor)) == 0


def test_vendor_with_accounts_and_steps(client: FlaskClient, world: World) -> None:
    headers = bearer(world.officer_a)
    created = client.post(
        "/api/v1/vendors",
        json={
            "name": "Cô Đào",
            "market_id": world.market.id,
            "stall_ids": [world.stalls[0].id],
            "goods": "Cá đồng",
            "user_id": world.vendor_user.id,
        },
        headers=headers,
    )
    assert created.status_code == 201, created.get_json()
    vendor = created.get_json()
    assert vendor["sign_code"].startswith("QT") and vendor["stall_ids"] == [world.stalls[0].id]
    accounts = f"/api/v1/vendors/{vendor['id']}/accounts"
    bad = client.post(accounts, json={"bank": BANK, "number": "12$4"}, headers=headers)
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"number"}
    unknown = client.post(accounts, json={"bank": "không có", "number": ACCOUNT}, headers=headers)
    assert unknown.status_code == 422 and set(unknown.get_json()["errors"]) == {"bank"}
    first = client.post(accounts, json={"bank": BANK, "number": ACCOUNT}, headers=headers)
    assert first.status_code == 201 and first.get_json()["is_primary"] is True
    second = client.post(
        accounts,
        json={"bank": "970436", "number": "0123456789", "is_primary": True},
        headers=headers,
    )
    assert second.status_code == 409 and set(second.get_json()["errors"]) == {"is_primary"}
    assert db.session.scalar(select(func.count()).select_from(VendorAccount)) == 1
    # The vendor sees and edits their own record, not their officers' fields.
    own = bearer(world.vendor_user)
    assert client.get(f"/api/v1/vendors/{vendor['id']}", headers=own).status_code == 200
    assert client.get("/api/v1/vendors", headers=own).get_json()[0]["id"] == vendor["id"]
    renamed = client.patch(f"/api/v1/vendors/{vendor['id']}", json={"phone": "0909"}, headers=own)
    assert renamed.status_code == 200
    moved = client.patch(f"/api/v1/vendors/{vendor['id']}", json={"stall_ids": []}, headers=own)
    assert moved.status_code == 403 and set(moved.get_json()["errors"]) == {"stall_ids"}
    steps = f"/api/v1/vendors/{vendor['id']}/steps"
    no_reason = client.post(steps, json={"status": "stopped"}, headers=headers)
    assert no_reason.status_code == 422 and set(no_reason.get_json()["errors"]) == {"reason"}
    step = client.post(
        steps, json={"status": "enrolled", "effective_on": "2026-03-01"}, headers=headers
    )
    assert step.status_code == 201 and step.get_json()["recorded_by_label"] == "officer-a@x.vn"
    assert client.post(steps, json={"status": "enrolled"}, headers=own).status_code == 403
    history = client.get(steps, headers=own).get_json()
    assert [s["status"] for s in history] == ["enrolled"]


def test_statuses_as_of_a_date(client: FlaskClient, world: World) -> None:
    dao = add_vendor(world, "Cô Đào")
    add_step(world, dao, "enrolled", date(2026, 3, 1))
    add_step(world, dao, "receiving", date(2026, 4, 1))
    headers = bearer(world.viewer_a)
    url = f"/api/v1/vendor-statuses?market={world.market.id}&as_of="
    assert client.get(url + "2026-03-15", headers=headers).get_json() == [
        {
            "vendor_id": dao.id,
            "name": "Cô Đào",
            "market_id": world.market.id,
            "street_id": None,
            "status": "enrolled",
            "reason": None,
            "since": "2026-03-01",
        }
    ]
    later = client.get(url + "2026-04-02", headers=headers).get_json()
    assert later[0]["status"] == "receiving"
    assert client.get(url + "2026-13-01", headers=headers).status_code == 422
    too_long = client.get(url + "2026-01-01" * 500, headers=headers)
    assert too_long.status_code == 422 and set(too_long.get_json()["errors"]) == {"as_of"}
    refused = client.get(
        f"/api/v1/vendor-statuses?locality={world.places.commune_a.id}",
        headers=bearer(world.officer_b),
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/vendor-statuses", headers=bearer(world.officer_b)).get_json() == []


def test_criteria_and_recognitions(client: FlaskClient, world: World) -> None:
    criterion = client.post(
        "/api/v1/recognition-criteria",
        json={"name": "Thu phí không dùng tiền mặt"},
        headers=bearer(world.admin),
    )
    assert criterion.status_code == 201
    refused = client.post(
        "/api/v1/recognition-criteria", json={"name": "X"}, headers=bearer(world.officer_a)
    )
    assert refused.status_code == 403
    url = f"/api/v1/markets/{world.market.id}/recognitions"
    decision = {
        "decision_number": "45/QĐ-UBND",
        "decided_on": "2026-06-01",
        "criterion_ids": [criterion.get_json()["id"]],
    }
    made = client.post(url, json=decision, headers=bearer(world.officer_a))
    assert made.status_code == 201
    assert made.get_json()["criteria"][0]["name"] == "Thu phí không dùng tiền mặt"
    again = client.post(url, json=decision, headers=bearer(world.officer_a))
    assert again.status_code == 409 and set(again.get_json()["errors"]) == {"decision_number"}
    listed = client.get(url, headers=bearer(world.viewer_a)).get_json()
    assert [r["decision_number"] for r in listed] == ["45/QĐ-UBND"]


def test_streets(client: FlaskClient, world: World) -> None:
    headers = bearer(world.officer_a)
    created = client.post(
        "/api/v1/streets",
        json={
            "name": "Phố đi bộ Hùng Vương",
            "locality_id": world.places.hamlet.id,
            "launched_on": "2026-09-02",
        },
        headers=headers,
    )
    assert created.status_code == 201 and created.get_json()["launched_on"] == "2026-09-02"
    street_id = created.get_json()["id"]
    assert (
        client.get(f"/api/v1/streets/{street_id}", headers=bearer(world.officer_b)).status_code
        == 403
    )
    assert [s["id"] for s in client.get("/api/v1/streets", headers=headers).get_json()] == [
        street_id
    ]
    shop = client.post(
        "/api/v1/vendors",
        json={"name": "Tiệm bánh", "street_id": street_id, "house_number": "12A"},
        headers=headers,
    )
    assert shop.status_code == 201 and shop.get_json()["market_id"] is None
