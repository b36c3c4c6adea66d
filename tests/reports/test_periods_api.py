"""The periodic reports API: figures, a report's life, targets; bad input answers a 4xx naming
the field; scope (another commune's officer, a viewer, anonymous)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import bearer
from tests.reports.test_periods_world import COUNT, SHARE, World, figure, make_world


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


def _enter(client: FlaskClient, who: Any, data: dict[str, Any]) -> Any:
    return client.post("/api/v1/reports/figures", json=data, headers=bearer(who))


def test_a_report_through_the_api(client: FlaskClient, world: World) -> None:
    a = world.places.commune_a
    created = _enter(client, world.officer_a, figure(a))
    assert created.status_code == 201, created.json
    assert created.json["numerator"] == 30
    listed = client.get(
        f"/api/v1/reports/figures?locality_id={a.id}&period=2025-10", headers=bearer(world.viewer_a)
    )
    assert [row["indicator"] for row in listed.json] == [SHARE]
    url = f"/api/v1/reports/periodic/{a.id}/2025-10"
    shown = client.get(url, headers=bearer(world.officer_a)).json
    assert shown["report"]["state"] == "draft" and shown["may_submit"]
    assert shown["unexplained"] == [f"missing:{COUNT}"]
    refused = client.post(url + "/submit", headers=bearer(world.officer_a))
    assert refused.status_code == 422
    assert f"missing:{COUNT}" in refused.json["errors"]
    explained = client.put(
        url + "/explanations",
        json={"explanations": {f"missing:{COUNT}": "Tổ chưa lập"}},
        headers=bearer(world.officer_a),
    )
    assert explained.status_code == 200, explained.json
    submitted = client.post(url + "/submit", headers=bearer(world.officer_a))
    assert submitted.json["state"] == "submitted"
    waiting = client.get("/api/v1/reports/periodic/waiting", headers=bearer(world.officer_p))
    assert [row["locality_id"] for row in waiting.json] == [a.id]
    assert client.post(url + "/approve", headers=bearer(world.officer_a)).status_code == 403
    assert (
        client.post(url + "/approve", headers=bearer(world.officer_p)).json["state"] == "approved"
    )
    locked = _enter(client, world.officer_a, figure(a, numerator=1))
    assert locked.status_code == 409 and "period" in locked.json["errors"]
    no_reason = client.post(url + "/reopen", json={"reason": ""}, headers=bearer(world.officer_p))
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    reopened = client.post(url + "/reopen", json={"reason": "Sửa"}, headers=bearer(world.officer_p))
    assert (reopened.json["state"], reopened.json["reopened"]) == ("draft", 1)
    after = client.get(url, headers=bearer(world.officer_a)).json
    share = next(row for row in after["rows"] if row["indicator"] == SHARE)
    assert share["submitted"]["entered"]["numerator"] == 30


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period": "2099-01"}, "period"),
        ({"period": "tháng 10"}, "period"),
        ({"numerator": 101}, "numerator"),
        ({"numerator": -1}, "numerator"),
        ({"numerator": "mười"}, "numerator"),
        ({"source": ""}, "source"),
        ({"indicator": "x.y"}, "indicator"),
        ({"locality_id": 0}, "locality_id"),
    ],
)
def test_bad_figures_name_their_field(
    client: FlaskClient, world: World, change: dict[str, Any], field: str
) -> None:
    response = _enter(client, world.officer_a, figure(world.places.commune_a, **change))
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_scope(client: FlaskClient, world: World) -> None:
    a = world.places.commune_a
    assert _enter(client, world.officer_b, figure(a)).status_code == 403
    assert _enter(client, world.viewer_a, figure(a)).status_code == 403
    assert client.post("/api/v1/reports/figures", json=figure(a)).status_code == 401
    url = f"/api/v1/reports/periodic/{a.id}/2025-10"
    assert client.get(url, headers=bearer(world.officer_b)).status_code == 403
    assert client.get(url, headers=bearer(world.viewer_a)).status_code == 200
    assert client.get(url).status_code == 401
    assert client.post(url + "/submit", headers=bearer(world.viewer_a)).status_code == 403
    assert (
        client.get(
            f"/api/v1/reports/periodic/{a.id}/2099-01", headers=bearer(world.admin)
        ).status_code
        == 404
    )


def test_targets_through_the_api(client: FlaskClient, world: World) -> None:
    a = world.places.commune_a
    body = {"indicator": SHARE, "locality_id": a.id, "year": 2026, "value": 100}
    over = client.post(
        "/api/v1/reports/targets", json={**body, "value": 120}, headers=bearer(world.officer_a)
    )
    assert over.status_code == 422 and "value" in over.json["errors"]
    created = client.post("/api/v1/reports/targets", json=body, headers=bearer(world.officer_a))
    assert created.status_code == 201 and created.json["value"] == 100.0
    again = client.post("/api/v1/reports/targets", json=body, headers=bearer(world.officer_a))
    assert again.status_code == 409
    target_id = created.json["id"]
    assert (
        client.patch(
            f"/api/v1/reports/targets/{target_id}",
            json={"value": 90},
            headers=bearer(world.officer_b),
        ).status_code
        == 403
    )
    changed = client.patch(
        f"/api/v1/reports/targets/{target_id}", json={"value": 90}, headers=bearer(world.officer_p)
    )
    assert changed.json["value"] == 90.0
    progress = client.get(
        f"/api/v1/reports/targets/progress?locality_id={a.id}&year=2026",
        headers=bearer(world.viewer_a),
    )
    assert progress.status_code == 200 and progress.json[0]["target"]["id"] == target_id
    listed = client.get(
        f"/api/v1/reports/targets?locality_id={a.id}", headers=bearer(world.viewer_a)
    )
    assert [row["id"] for row in listed.json] == [target_id]
    assert (
        client.delete(
            f"/api/v1/reports/targets/{target_id}", headers=bearer(world.viewer_a)
        ).status_code
        == 403
    )
    assert (
        client.delete(
            f"/api/v1/reports/targets/{target_id}", headers=bearer(world.officer_a)
        ).status_code
        == 204
    )
