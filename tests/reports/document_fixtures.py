"""A small set of teams indicators and data for the report document's tests.

The teams feature defines the real `teams.*` indicators; these stand-ins count the same things
(communes and hamlets with a team, members) from the foundation's tables, so the report's tests
do not depend on that part. A second group ("Chợ 4.0") gives the report two tables.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import Select, and_, func, literal, or_, select

from app.feature import INDICATORS_KEY
from app.indicators import Indicator
from app.localities.models import Locality
from app.reports.document import today
from app.reports.periods import Period, period_containing
from app.teams.models import Team, TeamMember
from tests.factories import Places

FOUNDED = date(2020, 1, 1)


def _units(level: str) -> Any:
    def count(as_of: date) -> Select[Any]:
        return select(Locality.id.label("locality_id"), literal(1).label("value")).where(
            Locality.level == level, Locality.era == "vn2025"
        )

    return count


def _active(as_of: date) -> Any:
    return and_(
        Team.founded_on <= as_of, or_(Team.dissolved_on.is_(None), Team.dissolved_on > as_of)
    )


def _with_team(level: str) -> Any:
    def count(as_of: date) -> Select[Any]:
        return (
            select(Team.locality_id.label("locality_id"), literal(1).label("value"))
            .join(Locality, Locality.id == Team.locality_id)
            .where(Locality.level == level, _active(as_of))
            .group_by(Team.locality_id)
        )

    return count


def _members(as_of: date) -> Select[Any]:
    return (
        select(Team.locality_id.label("locality_id"), func.count(TeamMember.id).label("value"))
        .join(Team, Team.id == TeamMember.team_id)
        .where(
            _active(as_of),
            TeamMember.joined_on <= as_of,
            or_(TeamMember.left_on.is_(None), TeamMember.left_on > as_of),
        )
        .group_by(Team.locality_id)
    )


TEAMS = "Tổ công nghệ số cộng đồng"


def indicators(markets: tuple[int, int, int]) -> list[Indicator]:
    """The teams stand-ins, and a market share of `markets` = (commune id, with model, all)."""
    commune, part, whole = markets

    def market_part(as_of: date) -> Select[Any]:
        return select(Locality.id.label("locality_id"), literal(part).label("value")).where(
            Locality.id == commune
        )

    def market_whole(as_of: date) -> Select[Any]:
        return select(Locality.id.label("locality_id"), literal(whole).label("value")).where(
            Locality.id == commune
        )

    return [
        Indicator(
            "teams.communes_with_team",
            "Xã có Tổ CNS",
            _with_team("commune"),
            "xã có tổ",
            _units("commune"),
            "xã",
            group=TEAMS,
        ),
        Indicator(
            "teams.hamlets_with_team",
            "Thôn có Tổ CNS",
            _with_team("hamlet"),
            "thôn có tổ",
            _units("hamlet"),
            "thôn",
            group=TEAMS,
        ),
        Indicator("teams.members", "Thành viên", _members, "thành viên", group=TEAMS),
        Indicator(
            "markets.with_model",
            "Chợ 4.0",
            market_part,
            "chợ 4.0",
            market_whole,
            "chợ",
            group="Chợ 4.0",
        ),
    ]


def register(app: Flask, items: list[Indicator]) -> None:
    """Register `items` in place of the app's indicators (the app fixture restores them)."""
    app.extensions[INDICATORS_KEY] = {item.code: item for item in items}


def team(locality: Locality, members: int, founded: date = FOUNDED) -> Team:
    from app.extensions import db

    unit = Team(locality_id=locality.id, name=f"Tổ CNS {locality.name}", founded_on=founded)
    for number in range(members):
        unit.members.append(TeamMember(name=f"Thành viên {number + 1}", joined_on=founded))
    db.session.add(unit)
    db.session.commit()
    return unit


def past_period() -> Period:
    """A month that has ended (about two months ago)."""
    return period_containing(today() - timedelta(days=60))


def future_period() -> Period:
    """A month that has not begun."""
    return period_containing(today() + timedelta(days=75))


def seed(app: Flask, places: Places) -> None:
    """Teams in commune A (3 members) and hamlet H (2); commune A has 3 of 4 markets 4.0."""
    register(app, indicators((places.commune_a.id, 3, 4)))
    team(places.commune_a, 3)
    team(places.hamlet, 2)
