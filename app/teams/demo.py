"""Demo teams: the topic list if absent, a team in the demo commune and in each of its hamlets,
with members and a few activities with outcomes, and a pilot model; entered through the
feature's services by the demo officer (idempotent: a locality that has a team is left alone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.localities.models import Locality
from app.localities.tree import children
from app.teams import services
from app.teams.models import PilotModel, Team

FOUNDED = date(2025, 7, 15)
COMMUNE_MEMBERS = (
    ("Nguyễn Văn Hải", "to_truong", "0912000101"),
    ("Lê Thị Thu", "to_pho", "0912000102"),
    ("Trần Minh Khoa", "to_vien", "0912000103"),
    ("Phạm Thị Ngọc", "to_vien", ""),
)
HAMLET_MEMBERS = (
    ("Võ Văn Tâm", "to_truong"),
    ("Huỳnh Thị Mai", "to_vien"),
    ("Đặng Quốc Bảo", "to_vien"),
)
#: (days before today, topic code, place, people reached, {outcome code: people}).
ACTIVITIES = (
    (40, "vneid", "Nhà văn hoá", 35, {"vneid": 28}),
    (25, "dvc_account", "Bộ phận một cửa", 30, {"dvc_account": 23, "dvc_file": 9}),
    (10, "e_wallet", "Chợ", 25, {"e_wallet": 15, "digital_bank": 6}),
)


@dataclass(frozen=True)
class Loaded:
    topics: int
    teams: int

    def summary(self) -> str:
        return f"Teams: {self.teams} new team(s), {self.topics} topic(s) seeded."


def _activities(officer: Any, team: Team, shift: int) -> None:
    codes = {topic.code: topic.id for topic in services.topics(active_only=True)}
    today = services.today()
    for days, topic, place, people, outcomes in ACTIVITIES:
        if topic not in codes:
            continue
        services.record_activity(
            officer,
            team,
            {
                "held_on": max(team.founded_on, today - timedelta(days=days + shift)),
                "topic_id": codes[topic],
                "place": f"{place} {team.locality.name}",
                "people_reached": people,
                "outcomes": {str(codes[k]): n for k, n in outcomes.items() if k in codes},
            },
        )


def _team_of(locality: Locality) -> Team | None:
    return db.session.scalars(select(Team).where(Team.locality_id == locality.id)).first()


def load(commune: Locality, officer: Any) -> Loaded:
    """The demo teams of `commune` and its hamlets, entered by `officer`."""
    added = services.seed_topics()
    teams = 0
    if _team_of(commune) is None:
        team = services.create_team(
            officer,
            {
                "locality_id": commune.id,
                "name": f"Tổ công nghệ số cộng đồng {commune.name}",
                "founded_on": FOUNDED,
                "decision": "Quyết định 215/QĐ-UBND",
            },
        )
        for name, role, phone in COMMUNE_MEMBERS:
            services.add_member(
                officer, team, {"name": name, "role": role, "phone": phone, "joined_on": FOUNDED}
            )
        _activities(officer, team, 0)
        teams += 1
    for index, hamlet in enumerate(children(commune)):
        if _team_of(hamlet) is not None:
            continue
        team = services.create_team(
            officer,
            {
                "locality_id": hamlet.id,
                "name": f"Tổ công nghệ số cộng đồng {hamlet.name}",
                "founded_on": FOUNDED + timedelta(days=7 * (index + 1)),
            },
        )
        for name, role in HAMLET_MEMBERS:
            services.add_member(
                officer,
                team,
                {"name": f"{name} ({hamlet.name})", "role": role, "joined_on": team.founded_on},
            )
        _activities(officer, team, index + 1)
        teams += 1
    if not db.session.scalar(select(PilotModel.id).where(PilotModel.locality_id == commune.id)):
        services.add_pilot(
            officer,
            {
                "locality_id": commune.id,
                "kind": "cho_40",
                "name": f"Chợ 4.0 {commune.name}",
                "started_on": FOUNDED,
            },
        )
    return Loaded(added, teams)
