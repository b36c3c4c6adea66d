"""The audit log: recording (who, when, what, before → after) and reading within one's scope."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.audit.services import changed_fields
from app.audit_log import AuditEntry, acting_as, jsonable, record_change
from app.extensions import db
from tests.factories import Places, make_user, sign_in


def _record(locality_id: int | None, entity: str = "market", name: str = "x") -> AuditEntry:
    entry = record_change(
        "update", entity, 7, {"name": "old", "n": 1}, {"name": name, "n": 1}, locality_id
    )
    db.session.commit()
    return entry


def test_record_change_outside_requests_uses_acting_as(places: Places) -> None:
    entry = _record(places.commune_a.id)
    assert entry.actor_label == "system" and entry.actor_id is None
    with acting_as("cli"):
        cli_entry = _record(places.commune_a.id)
    assert cli_entry.actor_label == "cli"
    assert _record(None).actor_label == "system"  # the context is reset after the block
    stored = db.session.get(AuditEntry, cli_entry.id)
    assert stored is not None and stored.entity_id == "7"
    assert stored.before == {"name": "old", "n": 1} and stored.after == {"name": "x", "n": 1}
    assert stored.at.tzinfo is not None


def test_record_change_does_not_commit(places: Places) -> None:
    record_change("create", "market", 1, None, {"a": 1}, places.commune_a.id)
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry)) is None


def test_record_change_in_a_request_names_the_signed_in_user(app: Flask, places: Places) -> None:
    user = make_user("lan@x.vn")
    with app.test_request_context():
        from flask_login import login_user

        from app.accounts.services import start_session

        start_session(user)
        login_user(user)
        entry = record_change("delete", "stall", "S-1", {"a": 1}, None, None)
    assert entry.actor_id == user.id and entry.actor_label == "lan@x.vn"


def test_snapshots_become_plain_json() -> None:
    moment = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    assert jsonable(
        {
            "at": moment,
            "amount": Decimal("50000"),
            "rate": Decimal("0.5"),
            "tags": ("a", "b"),
            3: None,
        }
    ) == {
        "at": "2026-01-02T03:04:00+00:00",
        "amount": 50000,
        "rate": "0.5",
        "tags": ["a", "b"],
        "3": None,
    }


def test_changed_fields_lists_only_differences() -> None:
    entry = AuditEntry(before={"a": 1, "b": 2}, after={"a": 1, "b": 3, "c": 4})
    assert changed_fields(entry) == [("b", 2, 3), ("c", None, 4)]
    assert changed_fields(AuditEntry(before=None, after={"x": 1})) == [("x", None, 1)]


def test_admin_reads_everything_officer_only_subtree(app: Flask, places: Places) -> None:
    in_a = _record(places.commune_a.id, name="in-a")
    in_hamlet = _record(places.hamlet.id, name="in-hamlet")
    in_b = _record(places.commune_b.id, name="in-b")
    nowhere = _record(None, name="no-locality")

    admin = sign_in(app.test_client(), make_user("admin@x.vn", "admin"))
    html = admin.get("/nhat-ky").get_data(as_text=True)
    for name in ("in-a", "in-hamlet", "in-b", "no-locality"):
        assert name in html
    api = admin.get("/api/v1/audit")
    assert json.loads(api.headers["X-Pagination"])["total"] == 4
    assert [e["id"] for e in api.get_json()] == [
        nowhere.id,
        in_b.id,
        in_hamlet.id,
        in_a.id,
    ]

    officer = sign_in(app.test_client(), make_user("a@x.vn", ("officer", places.commune_a)))
    html = officer.get("/nhat-ky").get_data(as_text=True)
    assert "in-a" in html and "in-hamlet" in html
    assert "in-b" not in html and "no-locality" not in html
    ids = [e["id"] for e in officer.get("/api/v1/audit").get_json()]
    assert ids == [in_hamlet.id, in_a.id]
    assert officer.get(f"/nhat-ky?locality={places.commune_b.id}").status_code == 403
    assert officer.get(f"/api/v1/audit?locality={places.commune_b.id}").status_code == 403
    only_hamlet = officer.get(f"/api/v1/audit?locality={places.hamlet.id}").get_json()
    assert [e["id"] for e in only_hamlet] == [in_hamlet.id]
    assert in_b.id not in ids


@pytest.mark.parametrize("role", ["viewer", "vendor", "host", None])
def test_others_cannot_read_the_log(app: Flask, places: Places, role: str | None) -> None:
    roles = [] if role is None else [(role, places.commune_a) if role == "viewer" else role]
    client = sign_in(app.test_client(), make_user("u@x.vn", *roles))
    assert client.get("/nhat-ky").status_code == 403
    assert client.get("/api/v1/audit").status_code == 403


def test_log_page_filters_paginates_and_shows_the_diff(client: FlaskClient, places: Places) -> None:
    for number in range(55):
        entry = _record(places.commune_a.id, entity="market", name=f"m{number}")
        entry.at = entry.at - timedelta(minutes=100 - number)
    _record(places.commune_a.id, entity="stall", name="the-stall")
    db.session.commit()
    sign_in(client, make_user("admin@x.vn", "admin"))
    first = client.get("/nhat-ky").get_data(as_text=True)
    assert "56 thay đổi" in first and "Trang 1 / 2" in first
    assert '<span class="before">old</span>' in first
    assert '<span class="after">the-stall</span>' in first
    assert ">n<" not in first  # unchanged fields are not listed
    second = client.get("/nhat-ky?page=2").get_data(as_text=True)
    assert "Trang 2 / 2" in second and "m0" in second and "the-stall" not in second
    stalls = client.get("/nhat-ky?entity=stall").get_data(as_text=True)
    assert "1 thay đổi" in stalls and "the-stall" in stalls
    api = client.get("/api/v1/audit?entity=market&page=2&page_size=50")
    pagination = json.loads(api.headers["X-Pagination"])
    assert pagination["total"] == 55 and pagination["total_pages"] == 2
    assert len(api.get_json()) == 5
    assert client.get("/api/v1/audit?page=0").status_code == 422
    assert client.get("/nhat-ky?locality=999999").status_code == 404


def test_log_filters_are_a_form_with_errors_beside_the_field(
    client: FlaskClient, places: Places
) -> None:
    _record(places.hamlet.id, name="in-hamlet")
    _record(places.commune_b.id, name="in-b")
    sign_in(client, make_user("admin@x.vn", "admin"))
    refused = client.get("/nhat-ky?locality=abc")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="e-f-locality"' in html and "Hãy chọn một địa bàn trong danh sách." in html
    assert "in-hamlet" not in html
    narrowed = client.get(f"/nhat-ky?locality={places.hamlet.id}&entity=market")
    html = narrowed.get_data(as_text=True)
    assert narrowed.status_code == 200 and "in-hamlet" in html and "in-b" not in html
    assert f'<option selected value="{places.hamlet.id}">' in html
    # The locality picker searches by name: a hamlet deep in the tree can be found.
    searched = client.get("/nhat-ky?dia_ban=dong").get_data(as_text=True)
    assert f'value="{places.hamlet.id}"' in searched
    assert f'value="{places.commune_b.id}"' not in searched


def test_api_pages_carry_the_pagination_header(client: FlaskClient, places: Places) -> None:
    for number in range(3):
        _record(places.commune_a.id, name=f"m{number}")
    sign_in(client, make_user("admin@x.vn", "admin"))
    response = client.get("/api/v1/audit?page=2&page_size=2")
    assert len(response.get_json()) == 1
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 3,
        "total_pages": 2,
        "first_page": 1,
        "last_page": 2,
        "page": 2,
        "previous_page": 1,
    }
    assert client.get("/api/v1/audit?page_size=201").status_code == 422
