"""The teams API: teams, members, activities, topics, pilot models; refusals as JSON naming the
field; lists paginated with the kernel's convention."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Flask

from app.teams import services
from tests.factories import bearer
from tests.teams.conftest import FOUNDED, TeamWorld


def _team_body(world: TeamWorld, **extra: object) -> dict[str, object]:
    return {
        "locality_id": world.places.commune_a.id,
        "name": "Tổ công nghệ số xã An Bình",
        "founded_on": FOUNDED.isoformat(),
        **extra,
    }


def test_found_a_team_and_list_the_teams_of_a_locality(app: Flask, world: TeamWorld) -> None:
    client = app.test_client()
    officer = bearer(world.officer)
    created = client.post("/api/v1/teams", json=_team_body(world), headers=officer)
    assert created.status_code == 201, created.json
    team_id = created.json["id"]
    again = client.post("/api/v1/teams", json=_team_body(world, name="Tổ 2"), headers=officer)
    assert again.status_code == 409
    assert list(again.json["errors"]) == ["founded_on"]
    client.post(
        "/api/v1/teams",
        json=_team_body(world, locality_id=world.places.hamlet.id, name="Tổ thôn Đông"),
        headers=officer,
    )
    listed = client.get(
        f"/api/v1/teams?locality={world.places.commune_a.id}&page_size=1",
        headers=bearer(world.viewer),
    )
    assert listed.status_code == 200
    assert json.loads(listed.headers["X-Pagination"])["total"] == 2
    assert listed.json[0]["team"]["id"] == team_id
    assert listed.json[0]["members"] == 0
    other = client.get(
        f"/api/v1/teams?locality={world.places.commune_a.id}", headers=bearer(world.officer_b)
    )
    assert other.status_code == 403


def test_members_and_activities(app: Flask, world: TeamWorld) -> None:
    client = app.test_client()
    officer = bearer(world.officer)
    team = world.team()
    member = {"name": "Nguyễn Văn An", "phone": "0912345678", "joined_on": "2025-07-15"}
    assert (
        client.post(f"/api/v1/teams/{team.id}/members", json=member, headers=officer).json["phone"]
        == "0912345678"
    )
    twice = client.post(f"/api/v1/teams/{team.id}/members", json=member, headers=officer)
    assert (twice.status_code, list(twice.json["errors"])) == (409, ["phone"])
    wallet = world.topic("e_wallet")
    activity = {
        "held_on": "2025-09-01",
        "topic_id": wallet.id,
        "people_reached": 40,
        "outcomes": {str(wallet.id): 15},
    }
    made = client.post(f"/api/v1/teams/{team.id}/activities", json=activity, headers=officer)
    assert made.status_code == 201
    assert made.json["outcomes"] == [{"topic_id": wallet.id, "count": 15}]
    future = (services.today() + timedelta(days=1)).isoformat()
    for body, field in [
        ({**activity, "held_on": future}, "held_on"),
        ({**activity, "outcomes": {str(wallet.id): -2}}, "outcomes"),
        ({**activity, "people_reached": -1}, "people_reached"),
    ]:
        refused = client.post(f"/api/v1/teams/{team.id}/activities", json=body, headers=officer)
        assert refused.status_code == 422, body
        assert field in refused.json["errors"], refused.json
    listed = client.get(f"/api/v1/teams/{team.id}/activities", headers=bearer(world.viewer))
    assert len(listed.json) == 1
    dissolved = client.post(
        f"/api/v1/teams/{team.id}/dissolve", json={"dissolved_on": "2026-01-01"}, headers=officer
    )
    assert dissolved.json["dissolved_on"] == "2026-01-01"
    reformed = client.post(
        f"/api/v1/teams/{team.id}/reform",
        json={"name": "Tổ tái lập", "founded_on": "2026-01-01"},
        headers=officer,
    )
    # The old team ended that day: the new one does not overlap it.
    assert (reformed.status_code, reformed.json["reformed_from_id"]) == (201, team.id)


def test_an_activity_is_corrected(app: Flask, world: TeamWorld) -> None:
    client = app.test_client()
    officer = bearer(world.officer)
    team = world.team()
    wallet, vneid = world.topic("e_wallet"), world.topic("vneid")
    body = {"held_on": "2025-09-01", "topic_id": wallet.id, "outcomes": {str(wallet.id): 150}}
    made = client.post(f"/api/v1/teams/{team.id}/activities", json=body, headers=officer).json
    path = f"/api/v1/team-activities/{made['id']}"
    fixed = client.patch(
        path, json={"people_reached": 20, "outcomes": {str(vneid.id): 15}}, headers=officer
    )
    assert fixed.status_code == 200, fixed.json
    assert (fixed.json["held_on"], fixed.json["people_reached"]) == ("2025-09-01", 20)
    assert fixed.json["outcomes"] == [{"topic_id": vneid.id, "count": 15}]
    for change, field in [
        ({"held_on": "2025-01-01"}, "held_on"),
        ({"people_reached": -1}, "people_reached"),
        ({"outcomes": {str(wallet.id): -2}}, "outcomes"),
        ({"topic_id": "vneid"}, "topic_id"),
        ({"place": "x" * 301}, "place"),
    ]:
        refused = client.patch(path, json=change, headers=officer)
        assert refused.status_code == 422, change
        assert list(refused.json["errors"]) == [field], refused.json
    assert (
        client.patch(path, json={"place": "Chợ"}, headers=bearer(world.viewer)).status_code == 403
    )
    assert client.get(path, headers=officer).json == fixed.json  # nothing partly written


def test_topics_are_the_admins(app: Flask, world: TeamWorld) -> None:
    client = app.test_client()
    body = {"code": "chu_ky_so", "name": "Chữ ký số"}
    assert (
        client.post("/api/v1/activity-topics", json=body, headers=bearer(world.officer)).status_code
        == 403
    )
    made = client.post("/api/v1/activity-topics", json=body, headers=bearer(world.admin))
    assert made.status_code == 201
    retired = client.patch(
        f"/api/v1/activity-topics/{made.json['id']}",
        json={"active": False},
        headers=bearer(world.admin),
    )
    assert retired.json["active"] is False
    listed = client.get("/api/v1/activity-topics", headers=bearer(world.viewer))
    assert listed.json[-1]["code"] == "chu_ky_so"


def test_pilot_models(app: Flask, world: TeamWorld) -> None:
    client = app.test_client()
    body = {
        "locality_id": world.places.commune_a.id,
        "kind": "cho_40",
        "name": "Chợ 4.0 An Bình",
        "started_on": "2025-08-01",
    }
    made = client.post("/api/v1/pilot-models", json=body, headers=bearer(world.officer))
    assert made.status_code == 201
    bad = client.patch(
        f"/api/v1/pilot-models/{made.json['id']}",
        json={"ended_on": "2025-07-01"},
        headers=bearer(world.officer),
    )
    assert (bad.status_code, list(bad.json["errors"])) == (422, ["ended_on"])
    listed = client.get(
        f"/api/v1/pilot-models?locality={world.places.province.id}",
        headers=bearer(world.viewer),
    )
    assert listed.status_code == 403  # the viewer of A does not see the province
