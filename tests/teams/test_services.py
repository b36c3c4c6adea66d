"""The teams feature's rules: one team per locality at a time, dissolving and re-forming, a
person in one team of a locality at a time, activities not in the future with outcome counts
never negative, the topic list kept by the admin, pilot models; every change audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.teams import services
from app.teams.topics import SEED_CODES
from tests.teams.conftest import FOUNDED, TeamWorld


def _refused(code: str, status: int, field: str | None, call: object) -> None:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call()
    assert (caught.value.code, caught.value.status, caught.value.field) == (code, status, field)


def test_seeding_the_topics_is_idempotent(world: TeamWorld) -> None:
    assert [t.code for t in services.topics()] == list(SEED_CODES)
    assert services.seed_topics() == 0


def test_an_officer_founds_a_team_in_their_subtree_only(world: TeamWorld) -> None:
    team = services.create_team(
        world.officer,
        {"locality_id": world.places.hamlet.id, "name": " Tổ  thôn Đông ", "founded_on": FOUNDED},
    )
    assert (team.name, team.locality_id) == ("Tổ thôn Đông", world.places.hamlet.id)
    _refused(
        "teams.forbidden",
        403,
        "locality_id",
        lambda: services.create_team(
            world.officer,
            {"locality_id": world.places.commune_b.id, "name": "X", "founded_on": FOUNDED},
        ),
    )
    _refused(
        "teams.forbidden",
        403,
        "locality_id",
        lambda: services.create_team(
            world.viewer,
            {"locality_id": world.places.commune_a.id, "name": "X", "founded_on": FOUNDED},
        ),
    )
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "team")).one()
    assert entry.locality_id == world.places.hamlet.id


def test_a_locality_has_one_team_at_a_time(world: TeamWorld) -> None:
    first = world.team()
    _refused("teams.team_overlap", 409, "founded_on", lambda: world.team(name="Tổ thứ hai"))
    services.dissolve_team(world.admin, first, {"dissolved_on": date(2025, 12, 31)})
    # A team founded while the first one still existed overlaps it.
    _refused(
        "teams.team_overlap",
        409,
        "founded_on",
        lambda: services.create_team(
            world.admin,
            {
                "locality_id": world.places.commune_a.id,
                "name": "Tổ mới",
                "founded_on": date(2025, 12, 1),
            },
        ),
    )
    later = services.create_team(
        world.admin,
        {
            "locality_id": world.places.commune_a.id,
            "name": "Tổ mới",
            "founded_on": date(2025, 12, 31),
        },
    )
    assert later.founded_on == first.dissolved_on


def test_dissolving_ends_the_memberships_and_refuses_a_date_in_the_future(
    world: TeamWorld,
) -> None:
    team = world.team()
    member = services.add_member(
        world.officer, team, {"name": "Nguyễn Văn An", "joined_on": FOUNDED}
    )
    tomorrow = services.today() + timedelta(days=1)
    _refused(
        "teams.date_in_future",
        422,
        "dissolved_on",
        lambda: services.dissolve_team(world.officer, team, {"dissolved_on": tomorrow}),
    )
    _refused(
        "teams.dissolved_before_founded",
        422,
        "dissolved_on",
        lambda: services.dissolve_team(world.officer, team, {"dissolved_on": FOUNDED}),
    )
    services.dissolve_team(world.officer, team, {"dissolved_on": date(2026, 1, 1)})
    assert member.left_on == date(2026, 1, 1)
    _refused(
        "teams.already_dissolved",
        422,
        "dissolved_on",
        lambda: services.dissolve_team(world.officer, team, {"dissolved_on": date(2026, 2, 1)}),
    )


def test_reforming_names_the_team_it_replaces_and_ends_it(world: TeamWorld) -> None:
    old = world.team()
    new = services.reform_team(
        world.officer, old, {"name": "Tổ công nghệ số (tái lập)", "founded_on": date(2026, 3, 1)}
    )
    assert (new.reformed_from_id, old.dissolved_on) == (old.id, date(2026, 3, 1))
    assert services.successor_of(old) == new
    _refused(
        "teams.reform_before_founded",
        422,
        "founded_on",
        lambda: services.reform_team(world.officer, new, {"name": "X", "founded_on": FOUNDED}),
    )


def test_a_person_is_in_one_team_of_a_locality_at_a_time(world: TeamWorld) -> None:
    team = world.team()
    services.add_member(
        world.officer,
        team,
        {"name": "Nguyễn Văn An", "phone": "0912 345 678", "joined_on": FOUNDED},
    )
    # The same phone written another way, in the same team.
    _refused(
        "teams.member_in_team",
        409,
        "phone",
        lambda: services.add_member(
            world.officer,
            team,
            {"name": "Anh An", "phone": "+84912345678", "joined_on": date(2025, 8, 1)},
        ),
    )
    # The same name without a phone.
    services.add_member(world.officer, team, {"name": "Trần Thị Bình", "joined_on": FOUNDED})
    _refused(
        "teams.member_in_team",
        409,
        "name",
        lambda: services.add_member(
            world.officer, team, {"name": "tran thi  BINH", "joined_on": FOUNDED}
        ),
    )
    # A team of another locality is fine (the hamlet is another locality).
    hamlet_team = world.team(world.places.hamlet, "Tổ thôn Đông")
    services.add_member(
        world.officer,
        hamlet_team,
        {"name": "Nguyễn Văn An", "phone": "0912345678", "joined_on": FOUNDED},
    )


def test_a_person_moves_to_the_reformed_team_without_overlap(world: TeamWorld) -> None:
    old = world.team()
    services.add_member(
        world.officer, old, {"name": "An", "phone": "0912345678", "joined_on": FOUNDED}
    )
    new = services.reform_team(
        world.officer, old, {"name": "Tổ mới", "founded_on": date(2026, 3, 1)}
    )
    member = services.add_member(
        world.officer, new, {"name": "An", "phone": "0912345678", "joined_on": date(2026, 3, 1)}
    )
    assert member.team_id == new.id


def test_member_input_is_checked(world: TeamWorld) -> None:
    team = world.team()
    cases = [
        ({"name": "", "joined_on": FOUNDED}, "teams.required", "name"),
        ({"name": "A", "joined_on": FOUNDED, "role": "boss"}, "teams.role_invalid", "role"),
        ({"name": "A", "joined_on": FOUNDED, "phone": "12"}, "teams.phone_invalid", "phone"),
        ({"name": "A", "joined_on": date(2025, 1, 1)}, "teams.member_before_team", "joined_on"),
        (
            {"name": "A", "joined_on": FOUNDED, "left_on": date(2025, 7, 1)},
            "teams.dates_order",
            "left_on",
        ),
    ]
    for data, code, field in cases:
        _refused(code, 422, field, lambda data=data: services.add_member(world.officer, team, data))
    assert services.members_of(team).total == 0


def test_an_activity_counts_people_per_outcome(world: TeamWorld) -> None:
    team = world.team()
    wallet, account = world.topic("e_wallet"), world.topic("dvc_account")
    activity = world.activity(team, wallet, {wallet: 15, account: 23}, people_reached=40)
    world.activity(team, wallet, {wallet: 5}, held_on=date(2025, 10, 1))
    assert {o.topic_id: o.count for o in activity.outcomes} == {wallet.id: 15, account.id: 23}
    totals = {t.topic.code: t.count for t in services.outcome_totals(team)}
    assert totals == {"dvc_account": 23, "e_wallet": 20}
    assert services.people_reached_total(team) == 40


def test_activity_input_is_refused_whole(world: TeamWorld) -> None:
    team = world.team()
    wallet = world.topic("e_wallet")
    tomorrow = services.today() + timedelta(days=1)
    base = {"held_on": date(2025, 9, 1), "topic_id": wallet.id}
    cases = [
        ({**base, "held_on": tomorrow}, "teams.date_in_future", "held_on"),
        ({**base, "held_on": date(2025, 1, 1)}, "teams.activity_outside_team", "held_on"),
        ({**base, "outcomes": {str(wallet.id): -1}}, "teams.outcome_negative", "outcomes"),
        ({**base, "people_reached": -3}, "teams.count_negative", "people_reached"),
        ({**base, "topic_id": 999999}, "teams.topic_not_found", "topic_id"),
    ]
    for data, code, field in cases:
        _refused(
            code, 422, field, lambda data=data: services.record_activity(world.officer, team, data)
        )
    services.update_topic(world.admin, wallet, {"active": False})
    _refused(
        "teams.topic_retired",
        422,
        "topic_id",
        lambda: services.record_activity(world.officer, team, base),
    )
    assert services.activities_of(team).total == 0


def test_an_activity_is_corrected_and_audited(world: TeamWorld) -> None:
    team = world.team()
    wallet, account, vneid = (world.topic(c) for c in ("e_wallet", "dvc_account", "vneid"))
    activity = world.activity(team, wallet, {wallet: 150, account: 23}, people_reached=40)
    services.update_activity(
        world.officer,
        activity,
        {
            "held_on": date(2025, 9, 2),
            "place": "Nhà văn hoá ấp 3",
            "outcomes": {str(wallet.id): 15, str(vneid.id): 7},  # 150 was a typo; 23 was wrong
        },
    )
    db.session.expire_all()
    assert (activity.held_on, activity.place, activity.people_reached) == (
        date(2025, 9, 2),
        "Nhà văn hoá ấp 3",
        40,  # not given: kept
    )
    assert {o.topic_id: o.count for o in activity.outcomes} == {wallet.id: 15, vneid.id: 7}
    entry = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity == "team_activity", AuditEntry.action == "update"
        )
    ).one()
    assert entry.before["outcomes"] == {str(wallet.id): 150, str(account.id): 23}
    assert entry.after["held_on"] == "2025-09-02"
    assert entry.after["outcomes"] == {str(wallet.id): 15, str(vneid.id): 7}


def test_a_refused_correction_changes_nothing(world: TeamWorld) -> None:
    team = world.team()
    wallet, account = world.topic("e_wallet"), world.topic("dvc_account")
    activity = world.activity(team, wallet, {wallet: 15})
    tomorrow = services.today() + timedelta(days=1)
    cases = [
        ({"held_on": tomorrow}, "teams.date_in_future", "held_on"),
        ({"held_on": date(2025, 1, 1)}, "teams.activity_outside_team", "held_on"),
        ({"people_reached": -1}, "teams.count_negative", "people_reached"),
        ({"place": "Chợ", "outcomes": {str(wallet.id): -1}}, "teams.outcome_negative", "outcomes"),
        ({"topic_id": 999999}, "teams.topic_not_found", "topic_id"),
    ]
    for data, code, field in cases:
        _refused(
            code,
            422,
            field,
            lambda data=data: services.update_activity(world.officer, activity, data),
        )
    _refused(
        "teams.forbidden",
        403,
        None,
        lambda: services.update_activity(world.officer_b, activity, {"people_reached": 1}),
    )
    db.session.expire_all()
    assert (activity.held_on, activity.place, activity.people_reached) == (date(2025, 9, 1), "", 0)
    assert {o.topic_id: o.count for o in activity.outcomes} == {wallet.id: 15}

    # a topic retired since stays with the activity that has it, and no other takes it up
    services.update_topic(world.admin, wallet, {"active": False})
    services.update_activity(world.officer, activity, {"people_reached": 30})
    services.update_activity(world.officer, activity, {"outcomes": {str(wallet.id): 16}})
    services.update_topic(world.admin, account, {"active": False})
    _refused(
        "teams.topic_retired",
        422,
        "topic_id",
        lambda: services.update_activity(world.officer, activity, {"topic_id": account.id}),
    )
    db.session.expire_all()
    assert (activity.topic_id, activity.people_reached) == (wallet.id, 30)
    assert {o.topic_id: o.count for o in activity.outcomes} == {wallet.id: 16}


def test_the_admin_keeps_the_topic_list(world: TeamWorld) -> None:
    topic = services.add_topic(
        world.admin, {"code": "chu_ky_so", "name": "Chữ ký số", "outcome": "chữ ký số được cấp"}
    )
    assert services.topics()[-1] == topic
    _refused(
        "teams.topic_code_taken",
        409,
        "code",
        lambda: services.add_topic(world.admin, {"code": "chu_ky_so", "name": "Khác"}),
    )
    _refused(
        "teams.topic_code_invalid",
        422,
        "code",
        lambda: services.add_topic(world.admin, {"code": "Chữ ký", "name": "Khác"}),
    )
    _refused(
        "teams.admin_only",
        403,
        None,
        lambda: services.add_topic(world.officer, {"code": "x", "name": "X"}),
    )
    services.update_topic(world.admin, topic, {"name": "Chữ ký số cá nhân"})
    services.move_topic(world.admin, topic, -1)
    codes = [t.code for t in services.topics()]
    assert codes[-2:] == ["chu_ky_so", "cashless_campaign"]
    services.update_topic(world.admin, world.topic("vneid"), {"active": False})
    assert services.topics()[-1].code == "vneid"  # retired topics go last
    assert "vneid" not in [t.code for t in services.topics(active_only=True)]


def test_pilot_models_of_a_locality(world: TeamWorld) -> None:
    pilot = services.add_pilot(
        world.officer,
        {
            "locality_id": world.places.hamlet.id,
            "kind": "to_tu_quan",
            "name": "Tổ tự quản chuyển đổi số",
            "started_on": date(2025, 8, 1),
        },
    )
    assert services.pilots_in(world.viewer, world.places.commune_a).items == [pilot]
    assert services.pilots_in(world.officer_b, world.places.province).items == []
    _refused(
        "teams.dates_order",
        422,
        "ended_on",
        lambda: services.update_pilot(world.officer, pilot, {"ended_on": date(2025, 7, 1)}),
    )
    _refused(
        "teams.pilot_kind_invalid",
        422,
        "kind",
        lambda: services.add_pilot(
            world.officer,
            {
                "locality_id": world.places.commune_a.id,
                "kind": "x",
                "name": "X",
                "started_on": FOUNDED,
            },
        ),
    )


def test_the_list_of_teams_shows_members_today_and_the_last_activity(world: TeamWorld) -> None:
    team = world.team()
    hamlet_team = world.team(world.places.hamlet, "Tổ thôn Đông")
    services.add_member(world.officer, team, {"name": "An", "joined_on": FOUNDED})
    services.add_member(
        world.officer, team, {"name": "Bình", "joined_on": FOUNDED, "left_on": date(2025, 9, 1)}
    )
    services.record_activity(
        world.officer,
        team,
        {"held_on": date(2025, 9, 3), "topic_id": world.topic("vneid").id},
    )
    found = services.teams_in(world.viewer, world.places.commune_a)
    rows = services.team_rows(found.items)
    assert [(r.team, r.members, r.last_activity) for r in rows] == [
        (team, 1, date(2025, 9, 3)),
        (hamlet_team, 0, None),
    ]
    assert services.teams_in(world.officer_b, world.places.province).items == []
