"""The reports API: the same figures as the pages as JSON, scoped by role, bad input refused
on its field."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.reports import dashboard as service
from tests.factories import bearer
from tests.reports.test_dashboard import Seeded, seed


@pytest.fixture
def seeded(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Seeded:
    monkeypatch.setattr(service, "today", lambda: date(2026, 10, 20))
    return seed(app)


def test_indicators(client: FlaskClient, seeded: Seeded) -> None:
    answer = client.get("/api/v1/reports/indicators", headers=bearer(seeded.commune_viewer))
    assert answer.status_code == 200
    first, second = answer.json
    assert first["code"] == "test.vendors_with_qr" and first["is_share"] is True
    assert first["denominator_label"] == "tiểu thương" and first["feature"] == "markets"
    assert second["is_share"] is False and second["denominator_label"] is None
    assert client.get("/api/v1/reports/indicators").status_code == 401


def test_breakdown_of_a_province(client: FlaskClient, seeded: Seeded) -> None:
    places = seeded.places
    answer = client.get(
        f"/api/v1/reports/breakdown?locality_id={places.province.id}&as_of=2026-10-20",
        headers=bearer(seeded.province_officer),
    )
    assert answer.status_code == 200
    body = answer.json
    assert body["locality"]["name"] == "Tỉnh Phú Thịnh"
    assert body["as_of"] == "2026-10-20"
    assert body["period"] == {"key": "2026-11", "label": "Tháng 11/2026"}
    assert [row["locality"]["id"] for row in body["rows"]] == [
        places.commune_a.id,
        places.commune_b.id,
    ]
    assert body["rows"][0]["figures"]["test.vendors_with_qr"] == {
        "numerator": 5,
        "denominator": 10,
        "percent": 50.0,
        "source": "computed",
        "approximate": False,
    }
    assert body["total"]["figures"]["test.members"]["numerator"] == 4
    assert body["total"]["entered"] == {}


def test_breakdown_scope_and_bad_input(client: FlaskClient, seeded: Seeded) -> None:
    places = seeded.places
    viewer = bearer(seeded.commune_viewer)
    answer = client.get(
        f"/api/v1/reports/breakdown?locality_id={places.province.id}", headers=viewer
    )
    assert answer.status_code == 403
    assert "locality_id" in answer.json["errors"]
    answer = client.get("/api/v1/reports/breakdown", headers=viewer)
    assert answer.status_code == 403
    assert "quản trị viên" in answer.json["errors"]["locality_id"][0]
    admin = bearer(seeded.admin)
    for query, field in [
        ("as_of=2026-10-21", "as_of"),
        ("as_of=2026-13-01", "as_of"),
        ("locality_id=0", "locality_id"),
        ("locality_id=abc", "locality_id"),
    ]:
        answer = client.get(f"/api/v1/reports/breakdown?{query}", headers=admin)
        assert answer.status_code == 422, query
        assert field in answer.json["errors"], query
    assert (
        client.get("/api/v1/reports/breakdown?locality_id=99999", headers=admin).status_code == 404
    )


def test_series(client: FlaskClient, seeded: Seeded) -> None:
    answer = client.get(
        f"/api/v1/reports/series?locality_id={seeded.places.commune_a.id}&months=4",
        headers=bearer(seeded.commune_viewer),
    )
    assert answer.status_code == 200
    points = answer.json["points"]
    assert [point["period"]["key"] for point in points] == [
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
    ]
    assert points[-1]["as_of"] == "2026-10-20"
    assert [point["figures"]["test.vendors_with_qr"]["numerator"] for point in points] == [
        4,
        5,
        5,
        5,
    ]
    for months in ("0", "37", "x"):
        answer = client.get(f"/api/v1/reports/series?months={months}", headers=bearer(seeded.admin))
        assert answer.status_code == 422 and "months" in answer.json["errors"]


def test_map_leaves_out_values_outside_scope(client: FlaskClient, seeded: Seeded) -> None:
    places = seeded.places
    answer = client.get(
        "/api/v1/reports/map?indicator=test.members", headers=bearer(seeded.province_officer)
    )
    assert answer.status_code == 200
    rows = {row["locality"]["id"]: row for row in answer.json["rows"]}
    assert rows[places.province.id]["figure"]["numerator"] == 4
    assert rows[places.province.id]["viewable"] is True
    assert rows[places.other_province.id] == {
        "locality": rows[places.other_province.id]["locality"],
        "figure": None,
        "viewable": False,
    }
    admin = client.get("/api/v1/reports/map?indicator=test.members", headers=bearer(seeded.admin))
    assert admin.json["rows"][0]["figure"] is not None
    missing = client.get("/api/v1/reports/map?indicator=nope", headers=bearer(seeded.admin))
    assert missing.status_code == 422 and "indicator" in missing.json["errors"]
