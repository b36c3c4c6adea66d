"""The teams feature's indicators, each counted as of a date from the history (teams'
`founded_on`/`dissolved_on`, members' `joined_on`/`left_on`, activities' `held_on`), never from
a current-status column: communes and hamlets with a team, team members, activities, people
reached, and the people who got each topic's outcome (fixed for the seeded topics, named as
the admin's list names them now; read from that list for the topics added later:
`topic_indicators`). Every count is a SELECT of rows
(`locality_id`, `value`), one per locality (`app.indicators.Count`); `app.reports.rollup` sums
them up the hierarchy."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any, Final

from flask import g, has_app_context
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import Select, exists, func, literal, or_, select

from app.extensions import db
from app.indicators import Count, Indicator
from app.localities.models import Locality
from app.teams.models import ActivityOutcome, ActivityTopic, Team, TeamActivity, TeamMember
from app.teams.topics import SEED_CODES, SEED_TOPICS, SeedTopic

GROUP = _l("Tổ công nghệ số cộng đồng")
VIETNAM_OFFSET = timedelta(hours=7)


def end_of(day: date) -> datetime:
    """The first moment after `day` ends in Vietnam, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC) - VIETNAM_OFFSET


def team_active(as_of: date) -> Any:
    """A condition: the team exists at the end of `as_of`."""
    return Team.founded_on <= as_of, or_(Team.dissolved_on.is_(None), Team.dissolved_on > as_of)


def _units(level: str, as_of: date) -> Select[Any]:
    """The 2025 units of `level` not retired at the end of `as_of`; hamlets, which people
    register over time, only once registered by then (communes come from the 2025 catalogue,
    loaded whenever, and count from the reform on)."""
    end = end_of(as_of)
    stmt = select(Locality.id.label("locality_id"), literal(1).label("value")).where(
        Locality.era == "vn2025",
        Locality.level == level,
        or_(Locality.retired_at.is_(None), Locality.retired_at >= end),
    )
    if level == "hamlet":
        stmt = stmt.where(Locality.created_at < end)
    return stmt


def _with_team(level: str) -> Count:
    def count(as_of: date) -> Select[Any]:
        has_team = exists().where(Team.locality_id == Locality.id, *team_active(as_of))
        return _units(level, as_of).where(has_team)

    return count


def _units_of(level: str) -> Count:
    return lambda as_of: _units(level, as_of)


def members(as_of: date) -> Select[Any]:
    """Members of teams that exist at the end of `as_of`, who had joined and not left."""
    return (
        select(Team.locality_id.label("locality_id"), func.count(TeamMember.id).label("value"))
        .join(Team, Team.id == TeamMember.team_id)
        .where(
            *team_active(as_of),
            TeamMember.joined_on <= as_of,
            or_(TeamMember.left_on.is_(None), TeamMember.left_on > as_of),
        )
        .group_by(Team.locality_id)
    )


def _activity_sum(column: Any) -> Count:
    def count(as_of: date) -> Select[Any]:
        return (
            select(Team.locality_id.label("locality_id"), column.label("value"))
            .join(Team, Team.id == TeamActivity.team_id)
            .where(TeamActivity.held_on <= as_of)
            .group_by(Team.locality_id)
        )

    return count


activities = _activity_sum(func.count(TeamActivity.id))
people_reached = _activity_sum(func.coalesce(func.sum(TeamActivity.people_reached), 0))


@cache
def outcome(code: str) -> Count:
    """The people who got the outcome of topic `code` at activities held by the end of a day
    (one `Count` per code, so stored values find it again whoever asks)."""

    def count(as_of: date) -> Select[Any]:
        return (
            select(
                Team.locality_id.label("locality_id"),
                func.coalesce(func.sum(ActivityOutcome.count), 0).label("value"),
            )
            .join(TeamActivity, TeamActivity.id == ActivityOutcome.activity_id)
            .join(Team, Team.id == TeamActivity.team_id)
            .join(ActivityTopic, ActivityTopic.id == ActivityOutcome.topic_id)
            .where(TeamActivity.held_on <= as_of, ActivityTopic.code == code)
            .group_by(Team.locality_id)
        )

    return count


def _outcome_indicator(code: str, name: Any, counted: Any) -> Indicator:
    """The people who got a topic's outcome (labelled with the topic's Vietnamese name: the
    topic list is data the admin keeps, not interface text)."""
    return Indicator(
        code=f"teams.outcome_{code}",
        label=name,
        numerator=outcome(code),
        numerator_label=counted or name,
        group=GROUP,
    )


_TOPICS = "quet_teams_topics"


def _topics() -> list[tuple[str, str, str]]:
    """(code, name, outcome) of every topic in the admin's order, read once per application
    context; `forget_topics` drops it when the admin changes the list."""
    found: list[tuple[str, str, str]] | None = g.get(_TOPICS)
    if found is None:
        rows = db.session.execute(
            select(ActivityTopic.code, ActivityTopic.name, ActivityTopic.outcome).order_by(
                ActivityTopic.position, ActivityTopic.id
            )
        )
        found = [(code, name, counted) for code, name, counted in rows]
        setattr(g, _TOPICS, found)
    return found


def forget_topics() -> None:
    """Drop the topic list read for this application context (the admin changed it)."""
    g.pop(_TOPICS, None)


def topic_indicators() -> tuple[Indicator, ...]:
    """An outcome indicator for each topic the admin added beyond the seeded ones, retired
    ones too (their past activities still count), named as the list names it now."""
    return tuple(
        _outcome_indicator(code, name, counted)
        for code, name, counted in _topics()
        if code not in SEED_CODES
    )


class TopicText(LazyString):
    """A seeded topic's name (or outcome) as the admin's list has it now, read when shown; the
    seeded text outside an application context or when the list lacks the topic. Unlike a
    translation it is data, so a page escapes it."""

    def __init__(self, code: str, part: int, seeded: str) -> None:
        super().__init__(self._current, code, part, seeded)

    @staticmethod
    def _current(code: str, part: int, seeded: str) -> str:
        if not has_app_context():
            return seeded
        found = next((row for row in _topics() if row[0] == code), None)
        return (found[part] or seeded) if found else seeded

    def __html__(self) -> str:
        return str(escape(str(self)))


def _seeded_indicator(seed: SeedTopic) -> Indicator:
    return _outcome_indicator(
        seed.code, TopicText(seed.code, 1, seed.name), TopicText(seed.code, 2, seed.outcome)
    )


INDICATORS: Final = (
    Indicator(
        code="teams.communes_with_team",
        label=_l("Xã, phường, đặc khu có tổ công nghệ số cộng đồng"),
        numerator=_with_team("commune"),
        numerator_label=_l("xã, phường, đặc khu có tổ"),
        denominator=_units_of("commune"),
        denominator_label=_l("xã, phường, đặc khu"),
        group=GROUP,
        required=True,
    ),
    Indicator(
        code="teams.hamlets_with_team",
        label=_l("Thôn, tổ dân phố có tổ công nghệ số cộng đồng"),
        numerator=_with_team("hamlet"),
        numerator_label=_l("thôn, tổ dân phố có tổ"),
        denominator=_units_of("hamlet"),
        denominator_label=_l("thôn, tổ dân phố"),
        group=GROUP,
    ),
    Indicator(
        code="teams.members",
        label=_l("Thành viên tổ công nghệ số cộng đồng"),
        numerator=members,
        numerator_label=_l("thành viên"),
        group=GROUP,
    ),
    Indicator(
        code="teams.activities",
        label=_l("Hoạt động của tổ công nghệ số (cộng dồn)"),
        numerator=activities,
        numerator_label=_l("hoạt động"),
        group=GROUP,
    ),
    Indicator(
        code="teams.people_reached",
        label=_l("Lượt người được tổ công nghệ số hỗ trợ (cộng dồn)"),
        numerator=people_reached,
        numerator_label=_l("lượt người"),
        group=GROUP,
    ),
    *(_seeded_indicator(seed) for seed in SEED_TOPICS),
)
