"""The teams tests' world: province P with communes A and B, hamlet H under A (the factories'
`Places`), an officer of A, a viewer of A, an admin, and the seeded topic list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask

from app.accounts.models import User
from app.teams import services
from app.teams.models import ActivityTopic, Team, TeamActivity
from tests.factories import Places, make_user

FOUNDED = date(2025, 7, 15)


@dataclass
class TeamWorld:
    places: Places
    officer: User
    viewer: User
    officer_b: User
    admin: User

    def topic(self, code: str) -> ActivityTopic:
        return next(t for t in services.topics() if t.code == code)

    def activity(
        self,
        team: Team,
        topic: ActivityTopic,
        outcomes: dict[ActivityTopic, int] | None = None,
        held_on: date = date(2025, 9, 1),
        **extra: Any,
    ) -> TeamActivity:
        """An activity the officer records, with `outcomes` as {topic: people}."""
        counts = {str(t.id): n for t, n in (outcomes or {}).items()}
        data = {"held_on": held_on, "topic_id": topic.id, "outcomes": counts, **extra}
        return services.record_activity(self.officer, team, data)

    def team(self, locality: Any = None, name: str = "Tổ công nghệ số xã An Bình") -> Team:
        return services.create_team(
            self.admin,
            {
                "locality_id": (locality or self.places.commune_a).id,
                "name": name,
                "founded_on": FOUNDED,
            },
        )


@pytest.fixture
def world(app: Flask) -> TeamWorld:
    places = Places()
    services.seed_topics()
    return TeamWorld(
        places,
        officer=make_user("officer-a@x.vn", ("officer", places.commune_a)),
        viewer=make_user("viewer-a@x.vn", ("viewer", places.commune_a)),
        officer_b=make_user("officer-b@x.vn", ("officer", places.commune_b)),
        admin=make_user("admin@x.vn", "admin"),
    )
