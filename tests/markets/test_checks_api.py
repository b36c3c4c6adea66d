"""The sign checks API: a public verify (texts or a multipart photo) that names another vendor
only to officers of the place, field errors on "photo" and "sign_code", and check rounds
scoped to the place's officers."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.markets.check_resources import VERIFY_LIMITS
from app.markets.models import SignCheck
from tests.factories import bearer
from tests.markets.conftest import ACCOUNT, BANK, World
from tests.markets.test_checks import (
    EWALLET,
    OTHER_BANK,
    THIEF_ACCOUNT,
    a_wrong_check_character,
    payload_for,
    sign_photo,
    vendor_with_account,
)


def test_verify_a_genuine_and_a_swapped_sign(client: FlaskClient, world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    vendor_with_account(world, "Anh Gian", stall=1, bank=OTHER_BANK, number=THIEF_ACCOUNT)
    genuine = client.post(
        "/api/v1/signs/verify",
        json={"payload": payload_for(world, dao, BANK, ACCOUNT), "sign_code": dao.sign_code},
    )
    assert genuine.status_code == 200
    body = genuine.get_json()
    assert body["result"] == "ok" and body["registered"] is True
    assert body["vendor"]["name"] == "Cô Đào" and body["vendor"]["stalls"] == ["1"]
    assert "phone" not in body["vendor"]
    (code,) = body["codes"]
    assert code["matched"] == {
        "bank_bin": BANK,
        "bank_name": "VietinBank",
        "account": ACCOUNT,
        "is_primary": True,
    }

    swapped = {"payloads": [payload_for(world, dao, OTHER_BANK, THIEF_ACCOUNT)]}
    anonymous = client.post(
        "/api/v1/signs/verify", json={**swapped, "stall_id": world.stalls[0].id}
    ).get_json()
    (code,) = anonymous["codes"]
    assert code["result"] == "mismatch" and code["account"] == THIEF_ACCOUNT
    assert code["bank_name"] == "Vietcombank" and code["holder_name"] is None
    assert code["belongs_to_other"] is True and code["other_vendors"] == []
    officer = client.post(
        "/api/v1/signs/verify",
        json={**swapped, "stall_id": world.stalls[0].id},
        headers=bearer(world.officer_a),
    ).get_json()
    assert [(o["name"], o["stalls"]) for o in officer["codes"][0]["other_vendors"]] == [
        ("Anh Gian", ["2"])
    ]


def test_verify_a_photo_with_two_codes(client: FlaskClient, world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    photo = sign_photo(dao, extra=payload_for(world, dao, OTHER_BANK, THIEF_ACCOUNT))
    response = client.post(
        "/api/v1/signs/verify",
        data={"photo": (io.BytesIO(photo), "bien.jpg"), "sign_code": dao.sign_code},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    codes = response.get_json()["codes"]
    assert sorted(c["result"] for c in codes) == ["mismatch", "ok"]
    same = next(c for c in codes if c["result"] == "mismatch")
    assert same["account"] == THIEF_ACCOUNT


def test_verify_refuses_bad_input_naming_the_field(client: FlaskClient, world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    blank = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(blank, "PNG")
    no_code = client.post(
        "/api/v1/signs/verify",
        data={"photo": (io.BytesIO(blank.getvalue()), "bien.png"), "vendor_id": str(dao.id)},
        content_type="multipart/form-data",
    )
    assert no_code.status_code == 422 and set(no_code.get_json()["errors"]) == {"photo"}
    typo = client.post(
        "/api/v1/signs/verify",
        json={
            "payload": payload_for(world, dao, BANK, ACCOUNT),
            "sign_code": a_wrong_check_character(dao.sign_code),
        },
    )
    assert typo.status_code == 422 and set(typo.get_json()["errors"]) == {"sign_code"}
    nothing = client.post("/api/v1/signs/verify", json={"sign_code": dao.sign_code})
    assert nothing.status_code == 422 and set(nothing.get_json()["errors"]) == {"payload"}
    no_json = client.post("/api/v1/signs/verify", data="x", content_type="text/plain")
    assert no_json.status_code == 422


def test_a_round_through_the_api(client: FlaskClient, world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    officer = bearer(world.officer_a)
    rounds = f"/api/v1/markets/{world.market.id}/check-rounds"
    refused = client.post(rounds, headers=bearer(world.officer_b))
    assert refused.status_code == 403
    started = client.post(rounds, headers=officer)
    assert started.status_code == 201
    round_id = started.get_json()["id"]
    checked = client.post(
        f"/api/v1/check-rounds/{round_id}/checks",
        data={"photo": (io.BytesIO(sign_photo(dao)), "bien.jpg"), "stall_id": world.stalls[0].id},
        content_type="multipart/form-data",
        headers=officer,
    )
    assert checked.status_code == 201
    assert checked.get_json()["check"]["result"] == "ok"
    bad = client.post(
        f"/api/v1/check-rounds/{round_id}/checks",
        json={
            "stall_id": world.stalls[0].id,
            "payload": payload_for(world, dao, OTHER_BANK, ACCOUNT),
        },
        headers=officer,
    ).get_json()
    assert bad["check"]["result"] == "mismatch"
    assert bad["verification"]["codes"][0]["same_number_other_bank"] == "VietinBank"
    empty_stall = client.post(
        f"/api/v1/check-rounds/{round_id}/checks",
        json={"stall_id": world.stalls[2].id, "payload": payload_for(world, dao, BANK, ACCOUNT)},
        headers=officer,
    )
    assert empty_stall.status_code == 422 and set(empty_stall.get_json()["errors"]) == {"stall_id"}
    assert db.session.scalar(select(func.count()).select_from(SignCheck)) == 2

    shown = client.get(f"/api/v1/check-rounds/{round_id}", headers=bearer(world.viewer_a))
    assert [c["result"] for c in shown.get_json()["checks"]] == ["ok", "mismatch"]
    resolve = f"/api/v1/sign-checks/{bad['check']['id']}/resolve"
    assert client.post(resolve, json={}, headers=officer).status_code == 422
    resolved = client.post(resolve, json={"note": "Đã dán lại biển"}, headers=officer)
    assert resolved.status_code == 200 and resolved.get_json()["resolved_at"]
    again = client.post(resolve, json={"note": "Lần nữa"}, headers=officer)
    assert again.status_code == 409
    finished = client.post(f"/api/v1/check-rounds/{round_id}/finish", headers=officer)
    assert finished.status_code == 200 and finished.get_json()["finished_at"]
    listed = client.get(rounds, headers=officer).get_json()
    assert [r["id"] for r in listed] == [round_id]


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
def test_verify_is_rate_limited_per_address(client: FlaskClient, world: World) -> None:
    per_minute = int(VERIFY_LIMITS.split(" ", 1)[0])
    body = {"payload": EWALLET}
    answers = [client.post("/api/v1/signs/verify", json=body) for _ in range(per_minute)]
    assert {a.status_code for a in answers} == {200}
    assert answers[0].get_json()["codes"][0]["result"] == "not_vietqr"
    limited = client.post("/api/v1/signs/verify", json=body)
    assert limited.status_code == 429 and limited.get_json()["code"] == 429
