"""Importing a team's members and activities from CSV/XLSX: the templates read back, a preview
writes nothing, one bad row and nothing is written, and every bad input the issue lists is a
row or file error naming its column."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from flask import Flask
from openpyxl import load_workbook

from app.errors import DomainError
from app.teams import imports, services
from app.teams.models import Team
from tests.factories import bearer
from tests.teams.conftest import TeamWorld


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def _problems(preview: imports.TeamPreview) -> dict[int, dict[str, list[str]]]:
    return {draft.line: draft.errors for draft in preview.rows if not draft.ok}


def _file_error(call: object) -> DomainError:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def test_members_import_all_or_nothing(world: TeamWorld) -> None:
    team = world.team()
    data = _csv(
        "Họ tên,Vai trò,Điện thoại,Ngày vào tổ\n"
        "Nguyễn Văn An,Tổ trưởng,912345678,15/07/2025\n"
        "Trần Thị Bình,tổ viên,,2025-08-01\n"
    )
    preview = imports.preview_file(world.officer, team, "members", "tv.csv", data)
    assert preview.valid and services.members_of(team).total == 0
    created = imports.import_file(world.officer, team, "members", "tv.csv", data)
    assert [(m.name, m.role, m.phone) for m in created] == [
        ("Nguyễn Văn An", "to_truong", "0912345678"),
        ("Trần Thị Bình", "to_vien", ""),
    ]


def test_member_rows_refused(world: TeamWorld) -> None:
    team = world.team()
    other = world.team(world.places.hamlet, "Tổ thôn Đông")
    services.add_member(
        world.officer, other, {"name": "Lê Văn Cường", "joined_on": team.founded_on}
    )
    same_locality = services.reform_team(
        world.officer,
        other,
        {"name": "Tổ thôn Đông mới", "founded_on": team.founded_on.replace(year=2026)},
    )
    services.add_member(
        world.officer,
        same_locality,
        {"name": "Phạm Dũng", "phone": "0987654321", "joined_on": same_locality.founded_on},
    )
    future = (services.today() + timedelta(days=2)).strftime("%d/%m/%Y")
    data = _csv(
        "Họ tên,Vai trò,Điện thoại,Ngày vào tổ\n"
        "An,,0912345678,15/07/2025\n"  # 2: fine
        "An B,,0912 345 678,20/07/2025\n"  # 3: the same phone as line 2
        "Bình,trưởng thôn,,15/07/2025\n"  # 4: no such role
        f"Chi,,,{future}\n"  # 5: joins in the future
        "Dũng,,12,15/07/2025\n"  # 6: not a phone
    )
    preview = imports.preview_file(world.officer, team, "members", "tv.csv", data)
    problems = _problems(preview)
    assert set(problems) == {3, 4, 5, 6}
    assert list(problems[3]) == ["phone"] and list(problems[4]) == ["role"]
    assert list(problems[5]) == ["joined_on"] and list(problems[6]) == ["phone"]
    with pytest.raises(imports.TeamRowsError):
        imports.import_file(world.officer, team, "members", "tv.csv", data)
    assert services.members_of(team).total == 0
    # A member of another team of the same locality (the hamlet's re-formed team) at the time.
    hamlet_file = _csv("Họ tên,Điện thoại,Ngày vào tổ\nPhạm Văn Dũng,0987654321,01/08/2026\n")
    preview = imports.preview_file(world.officer, other, "members", "tv.csv", hamlet_file)
    assert not preview.valid  # the old team was dissolved when the new one was founded
    assert list(_problems(preview)[2]) == ["joined_on"]


def test_member_in_two_teams_of_the_same_locality_is_a_row_error(world: TeamWorld) -> None:
    old = world.team()
    services.add_member(
        world.officer,
        old,
        {"name": "Phạm Dũng", "phone": "0987654321", "joined_on": old.founded_on},
    )
    services.dissolve_team(world.officer, old, {"dissolved_on": old.founded_on.replace(year=2026)})
    new = services.create_team(
        world.officer,
        {
            "locality_id": world.places.commune_a.id,
            "name": "Tổ mới",
            "founded_on": old.founded_on.replace(year=2026),
        },
    )
    # Joined the new team while still in the old one (backdated to before the old one ended).
    data = _csv("Họ tên,Điện thoại,Ngày vào tổ\nPhạm Văn Dũng,0987654321,01/01/2026\n")
    preview = imports.preview_file(world.officer, new, "members", "tv.csv", data)
    assert list(_problems(preview)[2]) == ["joined_on"]  # before the new team was founded
    old_clash = Team(locality_id=world.places.commune_b.id, name="Tổ B", founded_on=old.founded_on)
    assert old_clash.active_on(old.founded_on)
    data = _csv("Họ tên,Điện thoại,Ngày vào tổ\nPhạm Văn Dũng,0987654321,15/07/2025\n")
    assert list(
        _problems(imports.preview_file(world.officer, old, "members", "x.csv", data))[2]
    ) == ["phone"]


def test_activities_import_with_outcomes(world: TeamWorld) -> None:
    team = world.team()
    future = (services.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    data = _csv(
        'Ngày,Chủ đề,Địa điểm,Số người,"Kết quả: Ví điện tử (MoMo, ZaloPay, ViettelMoney)",vneid\n'
        "01/09/2025,e_wallet,Chợ,40,15,\n"
        "02/09/2025,Định danh điện tử VNeID (Đề án 06),Nhà văn hoá,30,,25\n"
    )
    created = imports.import_file(world.officer, team, "activities", "hd.csv", data)
    assert [(a.topic.code, a.people_reached) for a in created] == [("e_wallet", 40), ("vneid", 30)]
    totals = {t.topic.code: t.count for t in services.outcome_totals(team)}
    assert totals == {"vneid": 25, "e_wallet": 15}
    bad = _csv(
        "Ngày,Chủ đề,Số người,vneid\n"
        f"{future},vneid,3,\n"  # 2: in the future
        "03/09/2025,vneid,3,-4\n"  # 3: a negative outcome count
        "03/09/2025,không có,3,\n"  # 4: no such topic
        "01/09/2025,e_wallet,,\n"  # 5: already recorded (same day, topic and place "")…
        "04/09/2025,vneid,,\n"  # 6: fine
        "04/09/2025,vneid,,\n"  # 7: …or twice in the file
    )
    preview = imports.preview_file(world.officer, team, "activities", "hd.csv", bad)
    problems = _problems(preview)
    assert list(problems[2]) == ["held_on"]
    assert list(problems[3]) == ["outcome:vneid"]
    assert list(problems[4]) == ["topic"]
    assert 6 not in problems and list(problems[7]) == ["held_on"]
    assert services.activities_of(team).total == 2


def test_whole_file_refusals(world: TeamWorld) -> None:
    team = world.team()
    wrong = _file_error(
        lambda: imports.preview_file(
            world.officer, team, "members", "tv.csv", _csv("Tên tổ,Số\nA,1\n")
        )
    )
    assert (wrong.code, wrong.field) == ("teams.file_columns_missing", "file")
    undecodable = _file_error(
        lambda: imports.preview_file(
            world.officer, team, "members", "tv.csv", b"\x81\x8d\x8f\x90\x9d\xff\xfe\x00"
        )
    )
    assert undecodable.field == "file" and undecodable.code.startswith("teams.file_")
    forbidden = _file_error(
        lambda: imports.preview_file(world.officer_b, team, "members", "tv.csv", b"x")
    )
    assert forbidden.status == 403


@pytest.mark.parametrize("kind", ["members", "activities"])
def test_the_templates_read_back(app: Flask, world: TeamWorld, kind: str) -> None:
    team = world.team()
    client = app.test_client()
    for fmt in ("csv", "xlsx"):
        answer = client.get(f"/api/v1/team-import-template/{kind}.{fmt}")
        assert answer.status_code == 200
        preview = imports.preview_file(world.officer, team, kind, f"mau.{fmt}", answer.data)
        assert preview.valid, _problems(preview)
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/team-import-template/{kind}.xlsx").data))
    assert book.sheetnames == ["Danh sách", "Hướng dẫn"]


def test_the_api_import(app: Flask, world: TeamWorld) -> None:
    team = world.team()
    client = app.test_client()
    body = "Họ tên,Ngày vào tổ\nAn,15/07/2025\nAn,16/07/2025\n".encode()
    answer = client.post(
        f"/api/v1/teams/{team.id}/members/import",
        data={"file": (io.BytesIO(body), "tv.csv")},
        headers=bearer(world.officer),
    )
    assert answer.status_code == 422
    assert "line 3" in answer.json["errors"] and "line 2" not in answer.json["errors"]
    good = "Họ tên,Ngày vào tổ\nAn,15/07/2025\nBình,16/07/2025\n".encode()
    dry = client.post(
        f"/api/v1/teams/{team.id}/members/import?dry_run=1",
        data={"file": (io.BytesIO(good), "tv.csv")},
        headers=bearer(world.officer),
    )
    assert (dry.status_code, dry.json["valid"]) == (200, True)
    done = client.post(
        f"/api/v1/teams/{team.id}/members/import",
        data={"file": (io.BytesIO(good), "tv.csv")},
        headers=bearer(world.officer),
    )
    assert (done.status_code, done.json["count"]) == (201, 2)
