"""The teams pages without a browser: correcting an activity (the form filled with what was
recorded, a refusal beside its field with nothing written, the team page after saving)."""

from __future__ import annotations

from datetime import date

from flask import Flask

from app.extensions import db
from app.teams import services
from tests.factories import make_user, sign_in
from tests.teams.conftest import TeamWorld


def test_an_activity_is_corrected_on_its_page(app: Flask, world: TeamWorld) -> None:
    team = world.team()
    wallet, account = world.topic("e_wallet"), world.topic("dvc_account")
    activity = world.activity(
        team, wallet, {wallet: 150, account: 23}, place="Chợ An Bình", people_reached=40
    )
    services.update_topic(world.admin, account, {"active": False})  # retired since
    client = sign_in(app.test_client(), world.officer)
    path = f"/to-cong-nghe-so/{team.id}/hoat-dong/{activity.id}"
    shown = client.get(path).get_data(as_text=True)
    assert 'value="2025-09-01"' in shown and 'value="Chợ An Bình"' in shown
    assert 'id="f-outcome-e_wallet"' in shown and 'value="150"' in shown
    assert 'id="f-outcome-dvc_account"' in shown  # its retired topic is still offered
    assert 'id="f-outcome-vneid"' in shown

    form = {
        "held_on": "2025-01-01",
        "topic_id": str(wallet.id),
        "place": "Chợ An Bình",
        "people_reached": "40",
        f"outcome_{wallet.id}": "15",
        f"outcome_{account.id}": "23",
    }
    refused = client.post(path, data=form)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert 'id="e-f-held-on"' in text and "15/07/2025" in text  # beside the date
    db.session.expire_all()
    assert {o.topic_id: o.count for o in activity.outcomes} == {wallet.id: 150, account.id: 23}

    saved = client.post(path, data={**form, "held_on": "2025-09-02"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/{team.id}")
    db.session.expire_all()
    assert activity.held_on == date(2025, 9, 2)
    assert {o.topic_id: o.count for o in activity.outcomes} == {wallet.id: 15, account.id: 23}
    page = client.get(f"/to-cong-nghe-so/{team.id}").get_data(as_text=True)
    assert f'href="{path}"' in page  # the team page links each activity to its correction


def test_an_activity_of_another_team_is_not_found_there(app: Flask, world: TeamWorld) -> None:
    team = world.team()
    other = world.team(world.places.hamlet, name="Tổ ấp")
    activity = world.activity(other, world.topic("vneid"))
    client = sign_in(app.test_client(), world.officer)
    assert client.get(f"/to-cong-nghe-so/{team.id}/hoat-dong/{activity.id}").status_code == 404


def test_the_teams_and_pilots_pages_open_on_the_users_own_unit(
    app: Flask, world: TeamWorld
) -> None:
    client = app.test_client()
    commune = world.places.commune_a.id
    for path in ["/to-cong-nghe-so", "/mo-hinh-diem"]:
        sign_in(client, world.viewer)
        answer = client.get(path)
        assert answer.status_code == 302, path
        assert answer.headers["Location"].endswith(f"{path}?locality_id={commune}")
        sign_in(client, world.admin)  # the whole country: they pick a unit
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/dia-ban")
        sign_in(client, make_user(f"chu-nha-{path[1:4]}@x.vn", "host"))
        refused = client.get(path)
        assert refused.status_code == 403
        assert "chưa được giao địa bàn nào" in refused.get_data(as_text=True)
