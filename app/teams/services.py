"""The rules of the teams feature: community digital-technology teams (founded, dissolved,
re-formed), their members and activities with outcomes, the topic list the admin keeps, and the
pilot models a locality runs.

Every function that changes data takes the acting `user`, checks that they manage the team's
locality (officers their subtree, admins everywhere; topics are the admin's), owns its
transaction and records the change in the audit log. Refusals are `DomainError`s with
"teams.…" codes (their texts in `app.teams.messages`): 403 outside the user's scope, 404 for a
row that does not exist, 409 for a second team of a locality or a person already in a team of
the locality at overlapping times, 422 otherwise.

Periods are half-open: a team exists from `founded_on` until the day before `dissolved_on`, a
member belongs from `joined_on` until the day before `left_on`; so a team re-formed on the day
the old one is dissolved, or a person moving teams on the day they leave, does not overlap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, true

from app.accounts.models import User
from app.accounts.permissions import can_manage, can_view, is_admin, viewable_localities
from app.accounts.services import normalise_phone
from app.audit_log import record_change, snapshot
from app.database import utcnow
from app.errors import DomainError, get_row
from app.extensions import db
from app.localities.models import Locality
from app.localities.tree import get_locality, subtree_ids_select
from app.paging import Found, page_of
from app.teams.indicators import forget_topics
from app.teams.models import (
    MEMBER_ROLES,
    PILOT_KINDS,
    TOPIC_CODE_INDEX,
    ActivityOutcome,
    ActivityTopic,
    PilotModel,
    Team,
    TeamActivity,
    TeamMember,
)
from app.teams.topics import SEED_TOPICS
from app.transaction import transaction
from app.vietqr.text import fold

VIETNAM_OFFSET = timedelta(hours=7)
TOPIC_CODE = re.compile(r"^[a-z0-9_]{1,40}$")
TEAM_FIELDS = ("locality_id", "name", "founded_on", "decision", "dissolved_on", "reformed_from_id")
MEMBER_FIELDS = ("team_id", "role", "joined_on", "left_on")
ACTIVITY_FIELDS = ("team_id", "held_on", "topic_id", "people_reached", "outcomes")
TOPIC_FIELDS = ("code", "name", "outcome", "position", "active")
PILOT_FIELDS = ("locality_id", "kind", "name", "started_on", "ended_on")


def today() -> date:
    """Today in Vietnam (UTC+7): the latest date a record may carry."""
    return (utcnow() + VIETNAM_OFFSET).date()


def _text(data: Mapping[str, Any], field: str) -> str:
    value = data.get(field)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _required(data: Mapping[str, Any], field: str) -> str:
    value = _text(data, field)
    if not value:
        raise DomainError("teams.required", field)
    return value


def _day(data: Mapping[str, Any], field: str, *, required: bool = True) -> date | None:
    value = data.get(field)
    if value is None:
        if required:
            raise DomainError("teams.required", field)
        return None
    if not isinstance(value, date):
        raise DomainError("teams.required", field)
    if value > today():
        raise DomainError("teams.date_in_future", field)
    return value


def _overlaps(start: Any, end: Any, other_start: date, other_end: date | None) -> Any:
    """A condition: the period [start, end) of rows meets [other_start, other_end)."""
    before_other_ends = start < other_end if other_end is not None else true()
    return and_(before_other_ends, or_(end.is_(None), end > other_start))


# ---- scope --------------------------------------------------------------------------------


def _forbidden(field: str | None = None) -> DomainError:
    return DomainError("teams.forbidden", field, status=403)


def may_manage(user: User | Any, locality: Locality) -> bool:
    return can_manage(user, locality)


def require_view(user: User | Any, locality: Locality) -> None:
    if not can_view(user, locality):
        raise _forbidden()


def require_manage(user: User | Any, locality: Locality, field: str | None = None) -> None:
    if not can_manage(user, locality):
        raise _forbidden(field)


def require_admin(user: User | Any) -> None:
    if not is_admin(user):
        raise DomainError("teams.admin_only", None, status=403)


def get_team(team_id: int) -> Team:
    return get_row(Team, team_id, "teams.team_not_found")


def get_member(member_id: int) -> TeamMember:
    return get_row(TeamMember, member_id, "teams.member_not_found")


def get_activity(activity_id: int) -> TeamActivity:
    return get_row(TeamActivity, activity_id, "teams.activity_not_found")


def get_topic(topic_id: int) -> ActivityTopic:
    return get_row(ActivityTopic, topic_id, "teams.topic_not_found")


def get_pilot(pilot_id: int) -> PilotModel:
    return get_row(PilotModel, pilot_id, "teams.pilot_not_found")


def visible_team(user: User | Any, team_id: int) -> Team:
    """The team, if `user` may see it (404 when there is none, 403 outside their scope)."""
    team = get_team(team_id)
    require_view(user, team.locality)
    return team


def visible_locality(user: User | Any, locality_id: int | None) -> Locality:
    """A locality the user may read (404 when there is none, 403 outside their scope)."""
    locality = get_locality(locality_id) if locality_id is not None else None
    if locality is None:
        raise DomainError("teams.locality_not_found", "locality_id", status=404)
    require_view(user, locality)
    return locality


def home_locality(user: User | Any) -> Locality | None:
    """Where the teams' pages open when no unit is asked for: the first unit of the user's
    scope; None for admins (the whole country: they pick a unit); 403 for a user with none."""
    scope = viewable_localities(user)
    if scope.everything:
        return None
    if not scope.roots:
        raise DomainError("teams.no_unit", status=403)
    return scope.roots[0]


def _team_locality(locality_id: Any, field: str = "locality_id") -> Locality:
    locality = get_locality(locality_id) if isinstance(locality_id, int) else None
    if locality is None:
        raise DomainError("teams.locality_not_found", field)
    if locality.era != "vn2025":
        raise DomainError("teams.locality_legacy", field, name=locality.name)
    return locality


# ---- teams --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRow:
    """A team in a locality's list: its members today and its last activity."""

    team: Team
    members: int
    last_activity: date | None


def _check_no_overlap(
    locality: Locality, founded_on: date, dissolved_on: date | None, but: int | None
) -> None:
    stmt = select(Team).where(
        Team.locality_id == locality.id,
        _overlaps(Team.founded_on, Team.dissolved_on, founded_on, dissolved_on),
    )
    if but is not None:
        stmt = stmt.where(Team.id != but)
    other = db.session.scalars(stmt.order_by(Team.founded_on).limit(1)).first()
    if other is not None:
        raise DomainError(
            "teams.team_overlap",
            "founded_on",
            status=409,
            locality=locality.name,
            name=other.name,
            since=other.founded_on.strftime("%d/%m/%Y"),
        )


def create_team(user: User | Any, data: Mapping[str, Any]) -> Team:
    """A new team of a locality (any level, 2025 units) that `user` manages; refused (409)
    while another team of the locality exists in the same period."""
    locality = _team_locality(data.get("locality_id"))
    require_manage(user, locality, "locality_id")
    return _insert_team(locality, data, reformed_from=None)


def _insert_team(locality: Locality, data: Mapping[str, Any], reformed_from: Team | None) -> Team:
    team = Team(
        locality=locality,
        name=_required(data, "name"),
        founded_on=_day(data, "founded_on"),
        decision=_text(data, "decision"),
        note=_text(data, "note"),
        reformed_from=reformed_from,
    )
    with transaction():
        _check_no_overlap(locality, team.founded_on, None, None)
        db.session.add(team)
        db.session.flush()
        record_change("create", "team", team.id, None, snapshot(team, TEAM_FIELDS), locality.id)
    return team


def _unless_refused(apply: Callable[[], None]) -> None:
    """Apply changes to a stored row, or, when the rules refuse them, forget every change (so
    that no later flush writes half of them)."""
    try:
        with db.session.no_autoflush:
            apply()
    except DomainError:
        db.session.rollback()
        raise


def update_team(user: User | Any, team: Team, data: Mapping[str, Any]) -> Team:
    """Change a team's name, founding decision and date, or note (its locality stays)."""
    require_manage(user, team.locality)
    before = snapshot(team, TEAM_FIELDS)
    _unless_refused(lambda: _apply_team(team, data))
    with transaction():
        record_change(
            "update", "team", team.id, before, snapshot(team, TEAM_FIELDS), team.locality_id
        )
    return team


def _apply_team(team: Team, data: Mapping[str, Any]) -> None:
    if "name" in data:
        team.name = _required(data, "name")
    for name in ("decision", "note"):
        if name in data:
            setattr(team, name, _text(data, name))
    if "founded_on" in data:
        founded_on = _day(data, "founded_on")
        assert founded_on is not None
        if team.dissolved_on is not None and founded_on >= team.dissolved_on:
            raise DomainError("teams.dissolved_before_founded", "founded_on")
        with db.session.no_autoflush:
            _check_no_overlap(team.locality, founded_on, team.dissolved_on, team.id)
        team.founded_on = founded_on


def _dissolve(team: Team, day: date | None, field: str = "dissolved_on") -> None:
    if team.dissolved_on is not None:
        raise DomainError("teams.already_dissolved", field)
    if day is None:
        raise DomainError("teams.required", field)
    if day <= team.founded_on:
        raise DomainError("teams.dissolved_before_founded", field)
    team.dissolved_on = day


def dissolve_team(user: User | Any, team: Team, data: Mapping[str, Any]) -> Team:
    """Dissolve a team on a day (not in the future, after its founding); its members' open
    memberships end that day too."""
    require_manage(user, team.locality)
    before = snapshot(team, TEAM_FIELDS)
    day = _day(data, "dissolved_on")
    _unless_refused(lambda: _dissolve(team, day))
    with transaction():
        _end_memberships(team, day)
        record_change(
            "dissolve", "team", team.id, before, snapshot(team, TEAM_FIELDS), team.locality_id
        )
    return team


def _end_memberships(team: Team, day: date | None) -> None:
    for member in team.members:
        if member.left_on is None and day is not None and member.joined_on < day:
            member.left_on = day


def reform_team(user: User | Any, old: Team, data: Mapping[str, Any]) -> Team:
    """A new team of the same locality replacing `old` (founded on `founded_on`); `old` is
    dissolved that day if it is not yet dissolved."""
    require_manage(user, old.locality)
    founded_on = _day(data, "founded_on")
    assert founded_on is not None
    if founded_on <= old.founded_on:
        raise DomainError("teams.reform_before_founded", "founded_on")
    before = snapshot(old, TEAM_FIELDS)
    with transaction():
        if old.dissolved_on is None:
            _dissolve(old, founded_on, "founded_on")
            _end_memberships(old, founded_on)
            record_change(
                "dissolve", "team", old.id, before, snapshot(old, TEAM_FIELDS), old.locality_id
            )
        new = _insert_team(old.locality, {**data, "founded_on": founded_on}, reformed_from=old)
    return new


def teams_in(
    user: User | Any, locality: Locality, page: int = 1, per_page: int = 100
) -> Found[Team]:
    """The teams of a locality and of every unit below it the user may see, oldest first."""
    stmt = (
        select(Team)
        .join(Locality, Locality.id == Team.locality_id)
        .where(viewable_localities(user).where(Team.locality_id))
        .where(Team.locality_id.in_(subtree_ids_select(locality)))
        .order_by(Locality.path, Team.founded_on, Team.id)
    )
    return page_of(stmt, page, per_page)


def team_rows(teams: list[Team], as_of: date | None = None) -> list[TeamRow]:
    """Each team with its members on `as_of` (today by default) and its last activity."""
    day = as_of or today()
    ids = [team.id for team in teams]
    members = dict(
        db.session.execute(
            select(TeamMember.team_id, func.count())
            .where(
                TeamMember.team_id.in_(ids),
                TeamMember.joined_on <= day,
                or_(TeamMember.left_on.is_(None), TeamMember.left_on > day),
            )
            .group_by(TeamMember.team_id)
        )
        .tuples()
        .all()
    )
    last = dict(
        db.session.execute(
            select(TeamActivity.team_id, func.max(TeamActivity.held_on))
            .where(TeamActivity.team_id.in_(ids))
            .group_by(TeamActivity.team_id)
        )
        .tuples()
        .all()
    )
    return [TeamRow(team, members.get(team.id, 0), last.get(team.id)) for team in teams]


def successor_of(team: Team) -> Team | None:
    """The team that re-formed this one, if any."""
    return db.session.scalars(select(Team).where(Team.reformed_from_id == team.id)).first()


# ---- members ------------------------------------------------------------------------------


def national_phone(text: str, field: str = "phone") -> str:
    """A phone number as stored on a member: national digits ("0912345678"), read however it
    was written (0912 345 678, +84 912 345 678, or 912345678 from a spreadsheet)."""
    text = text.strip()
    if not text:
        return ""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.isdigit() and len(digits) == 9:
        digits = "0" + digits
    try:
        e164 = normalise_phone(digits, field)
    except DomainError as error:
        raise DomainError("teams.phone_invalid", field, value=text[:30]) from error
    return "0" + e164[3:] if e164.startswith("+84") else e164


def person_key(name: str, phone: str) -> str:
    """Who a member is, to tell the same person in two teams: the phone, else the name."""
    return f"phone:{phone}" if phone else f"name:{fold(name)}"


def _clashing_member(
    locality_id: int,
    name: str,
    phone: str,
    joined_on: date,
    left_on: date | None,
    but: int | None,
) -> TeamMember | None:
    """A membership of the same person in a team of the same locality at overlapping times."""
    stmt = (
        select(TeamMember)
        .join(Team, Team.id == TeamMember.team_id)
        .where(
            Team.locality_id == locality_id,
            _overlaps(TeamMember.joined_on, TeamMember.left_on, joined_on, left_on),
        )
    )
    if phone:
        stmt = stmt.where(TeamMember.phone == phone)
    if but is not None:
        stmt = stmt.where(TeamMember.id != but)
    key = person_key(name, phone)
    for member in db.session.scalars(stmt):
        if phone or person_key(member.name, "") == key:
            return member
    return None


def _refuse_clash(clash: TeamMember, phone: str) -> DomainError:
    return DomainError(
        "teams.member_in_team",
        "phone" if phone else "name",
        status=409,
        person=clash.name,
        team=clash.team.name,
        locality=clash.team.locality.name,
    )


def check_member(member: TeamMember, team: Team, data: Mapping[str, Any]) -> None:
    """Apply `data` to a member of `team` (new or not) by the rules, or refuse."""
    _apply_member(member, team, data)


def _apply_member(member: TeamMember, team: Team, data: Mapping[str, Any]) -> None:
    if "name" in data or not member.name:
        member.name = _required(data, "name")
    if "role" in data or not member.role:
        role = data.get("role") or "to_vien"
        if role not in MEMBER_ROLES:
            raise DomainError("teams.role_invalid", "role")
        member.role = role
    if "phone" in data:
        member.phone = national_phone(str(data.get("phone") or ""))
    if "note" in data:
        member.note = _text(data, "note")
    if "joined_on" in data or member.joined_on is None:
        joined_on = _day(data, "joined_on")
        assert joined_on is not None
        member.joined_on = joined_on
    if "left_on" in data:
        member.left_on = _day(data, "left_on", required=False)
    if member.joined_on < team.founded_on:
        raise DomainError(
            "teams.member_before_team", "joined_on", day=team.founded_on.strftime("%d/%m/%Y")
        )
    if member.left_on is not None and member.left_on < member.joined_on:
        raise DomainError("teams.dates_order", "left_on")
    if team.dissolved_on is not None and member.joined_on >= team.dissolved_on:
        raise DomainError(
            "teams.team_dissolved", "joined_on", day=team.dissolved_on.strftime("%d/%m/%Y")
        )
    with db.session.no_autoflush:
        clash = _clashing_member(
            team.locality_id, member.name, member.phone, member.joined_on, member.left_on, member.id
        )
    if clash is not None:
        raise _refuse_clash(clash, member.phone)


def add_member(user: User | Any, team: Team, data: Mapping[str, Any]) -> TeamMember:
    """A person joins a team (not twice in teams of one locality at overlapping times)."""
    require_manage(user, team.locality)
    member = TeamMember(name="", role="", phone="")
    _apply_member(member, team, {"phone": "", **data})
    member.team = team
    with transaction():
        db.session.add(member)
        db.session.flush()
        record_change(
            "create",
            "team_member",
            member.id,
            None,
            snapshot(member, MEMBER_FIELDS),
            team.locality_id,
        )
    return member


def update_member(user: User | Any, member: TeamMember, data: Mapping[str, Any]) -> TeamMember:
    """Change a member (name, role, phone, dates: a left date ends the membership)."""
    team = member.team
    require_manage(user, team.locality)
    before = snapshot(member, MEMBER_FIELDS)
    _unless_refused(lambda: _apply_member(member, team, data))
    with transaction():
        record_change(
            "update",
            "team_member",
            member.id,
            before,
            snapshot(member, MEMBER_FIELDS),
            team.locality_id,
        )
    return member


def members_of(team: Team, page: int = 1, per_page: int = 100) -> Found[TeamMember]:
    """A team's members, present and past, by name."""
    stmt = (
        select(TeamMember)
        .where(TeamMember.team_id == team.id)
        .order_by(TeamMember.left_on.is_not(None), TeamMember.sort_key, TeamMember.id)
    )
    return page_of(stmt, page, per_page)


# ---- activities ---------------------------------------------------------------------------


def _topic_in_use(topic_id: Any, field: str, kept: Collection[int] = ()) -> ActivityTopic:
    """The topic `topic_id` names, in use — or retired since, where the activity already
    names it (`kept`): an old activity keeps its topic when it is corrected."""
    topic = get_row(
        ActivityTopic,
        topic_id if isinstance(topic_id, int) else None,
        "teams.topic_not_found",
        field,
    )
    if not topic.active and topic.id not in kept:
        raise DomainError("teams.topic_retired", field, name=topic.name)
    return topic


def _outcomes(data: Mapping[str, Any], kept: Collection[int] = ()) -> dict[int, int]:
    """{topic id: how many people got it}, every topic in use (or kept) and every count ≥ 0."""
    given = data.get("outcomes") or {}
    counts: dict[int, int] = {}
    items = given.items() if isinstance(given, Mapping) else ()
    for key, count in items:
        topic = _topic_in_use(int(key) if str(key).isdigit() else None, "outcomes", kept)
        if not isinstance(count, int) or isinstance(count, bool):
            raise DomainError("teams.outcome_negative", "outcomes", name=topic.name)
        if count < 0:
            raise DomainError("teams.outcome_negative", "outcomes", name=topic.name)
        if count:
            counts[topic.id] = count
    return counts


def named_topics(activity: TeamActivity) -> set[int]:
    """The ids of the topics an activity names (its topic and its outcomes'): they stay on
    offer for it when the admin has retired them since."""
    named = {o.topic_id for o in activity.outcomes}
    if activity.topic_id is not None:
        named.add(activity.topic_id)
    return named


def topics_for(activity: TeamActivity) -> list[ActivityTopic]:
    """The topics an activity may be given: those in use, and those it already names."""
    kept = named_topics(activity)
    return [topic for topic in topics() if topic.active or topic.id in kept]


def _apply_activity(activity: TeamActivity, team: Team, data: Mapping[str, Any]) -> None:
    """Set the activity's fields that `data` gives (all of them for a new one), by the rules:
    dated within the team's life and not in the future, a topic in use, counts never negative."""
    kept = named_topics(activity)
    if "held_on" in data or activity.held_on is None:
        held_on = _day(data, "held_on")
        assert held_on is not None
        if held_on < team.founded_on or (
            team.dissolved_on is not None and held_on >= team.dissolved_on
        ):
            raise DomainError(
                "teams.activity_outside_team",
                "held_on",
                since=team.founded_on.strftime("%d/%m/%Y"),
            )
        activity.held_on = held_on
    if "topic_id" in data or activity.topic_id is None:
        activity.topic = _topic_in_use(data.get("topic_id"), "topic_id", kept)
    if "people_reached" in data or activity.people_reached is None:
        people = data.get("people_reached") or 0
        if not isinstance(people, int) or isinstance(people, bool) or people < 0:
            raise DomainError("teams.count_negative", "people_reached")
        activity.people_reached = people
    for name in ("place", "result"):
        if name in data or getattr(activity, name) is None:
            setattr(activity, name, _text(data, name))
    if "outcomes" in data:
        counts = _outcomes(data, kept)
        # changed in place: the same topic's row is updated, never deleted and inserted again
        for outcome in list(activity.outcomes):
            if outcome.topic_id in counts:
                outcome.count = counts.pop(outcome.topic_id)
            else:
                activity.outcomes.remove(outcome)
        activity.outcomes.extend(ActivityOutcome(topic_id=k, count=n) for k, n in counts.items())


def record_activity(user: User | Any, team: Team, data: Mapping[str, Any]) -> TeamActivity:
    """An activity of a team (dated within the team's life, not in the future), with how many
    people got each outcome."""
    require_manage(user, team.locality)
    activity = TeamActivity()
    _apply_activity(activity, team, {"outcomes": {}, **data})
    activity.team = team
    with transaction():
        db.session.add(activity)
        db.session.flush()
        record_change(
            "create",
            "team_activity",
            activity.id,
            None,
            activity_snapshot(activity),
            team.locality_id,
        )
    return activity


def update_activity(
    user: User | Any, activity: TeamActivity, data: Mapping[str, Any]
) -> TeamActivity:
    """Correct an activity: its date, topic, place, people reached, result or outcome counts
    (audited; given outcomes replace the old ones)."""
    team = activity.team
    require_manage(user, team.locality)
    before = activity_snapshot(activity)
    _unless_refused(lambda: _apply_activity(activity, team, data))
    with transaction():
        db.session.flush()
        record_change(
            "update",
            "team_activity",
            activity.id,
            before,
            activity_snapshot(activity),
            team.locality_id,
        )
    return activity


def activity_snapshot(activity: TeamActivity) -> dict[str, Any]:
    return {
        "team_id": activity.team_id,
        "held_on": activity.held_on,
        "topic_id": activity.topic_id,
        "people_reached": activity.people_reached,
        "outcomes": {str(o.topic_id): o.count for o in activity.outcomes},
    }


def delete_activity(user: User | Any, activity: TeamActivity) -> None:
    """Remove an activity recorded by mistake (audited)."""
    team = activity.team
    require_manage(user, team.locality)
    before = activity_snapshot(activity)
    with transaction():
        db.session.delete(activity)
        record_change("delete", "team_activity", activity.id, before, None, team.locality_id)


def activities_of(team: Team, page: int = 1, per_page: int = 100) -> Found[TeamActivity]:
    """A team's activities, latest first."""
    stmt = (
        select(TeamActivity)
        .where(TeamActivity.team_id == team.id)
        .order_by(TeamActivity.held_on.desc(), TeamActivity.id.desc())
    )
    return page_of(stmt, page, per_page)


@dataclass(frozen=True)
class OutcomeTotal:
    topic: ActivityTopic
    count: int


def outcome_totals(team: Team) -> list[OutcomeTotal]:
    """How many people got each outcome over all of a team's activities, in the list's order."""
    rows = db.session.execute(
        select(ActivityOutcome.topic_id, func.sum(ActivityOutcome.count))
        .join(TeamActivity, TeamActivity.id == ActivityOutcome.activity_id)
        .where(TeamActivity.team_id == team.id)
        .group_by(ActivityOutcome.topic_id)
    ).tuples()
    sums = {topic_id: int(total or 0) for topic_id, total in rows}
    return [OutcomeTotal(topic, sums[topic.id]) for topic in topics() if topic.id in sums]


def people_reached_total(team: Team) -> int:
    total = db.session.scalar(
        select(func.sum(TeamActivity.people_reached)).where(TeamActivity.team_id == team.id)
    )
    return int(total or 0)


# ---- topics -------------------------------------------------------------------------------


def topics(active_only: bool = False) -> list[ActivityTopic]:
    """The topic list in the admin's order (retired ones last, or left out)."""
    stmt = select(ActivityTopic).order_by(
        ActivityTopic.active.desc(), ActivityTopic.position, ActivityTopic.id
    )
    if active_only:
        stmt = stmt.where(ActivityTopic.active.is_(True))
    return list(db.session.scalars(stmt))


def _topic_conflicts(code: str) -> dict[str, DomainError | str]:
    return {TOPIC_CODE_INDEX: DomainError("teams.topic_code_taken", "code", value=code)}


def add_topic(user: User | Any, data: Mapping[str, Any]) -> ActivityTopic:
    """A new topic at the end of the list (admins only)."""
    require_admin(user)
    code = _text(data, "code").lower()
    if not TOPIC_CODE.match(code):
        raise DomainError("teams.topic_code_invalid", "code")
    if db.session.scalar(select(ActivityTopic.id).where(ActivityTopic.code == code)):
        raise DomainError("teams.topic_code_taken", "code", status=409, value=code)
    last = db.session.scalar(select(func.max(ActivityTopic.position))) or 0
    topic = ActivityTopic(
        code=code,
        name=_required(data, "name"),
        outcome=_text(data, "outcome"),
        position=last + 1,
        active=True,
    )
    with transaction(_topic_conflicts(code)):
        db.session.add(topic)
        db.session.flush()
        record_change(
            "create", "activity_topic", topic.id, None, snapshot(topic, TOPIC_FIELDS), None
        )
    forget_topics()  # its outcome is an indicator from now on
    return topic


def update_topic(user: User | Any, topic: ActivityTopic, data: Mapping[str, Any]) -> ActivityTopic:
    """Rename a topic, change what it counts, retire or restore it, or move it in the list
    (admins only; the code stays: indicators and old activities name it)."""
    require_admin(user)
    before = snapshot(topic, TOPIC_FIELDS)
    if "name" in data:
        topic.name = _required(data, "name")
    if "outcome" in data:
        topic.outcome = _text(data, "outcome")
    if "active" in data:
        topic.active = bool(data["active"])
    if "position" in data and isinstance(data["position"], int):
        topic.position = data["position"]
    with transaction():
        record_change(
            "update", "activity_topic", topic.id, before, snapshot(topic, TOPIC_FIELDS), None
        )
    forget_topics()  # an added topic's indicator is named as the list names it
    return topic


def move_topic(user: User | Any, topic: ActivityTopic, step: int) -> ActivityTopic:
    """Swap a topic with its neighbour above (step -1) or below (+1) in the list."""
    listed = topics()
    index = next(i for i, item in enumerate(listed) if item.id == topic.id)
    other_index = index + (1 if step > 0 else -1)
    if not 0 <= other_index < len(listed):
        return topic
    for position, item in enumerate(listed, start=1):
        item.position = position
    other = listed[other_index]
    topic.position, other.position = other.position, topic.position
    return update_topic(user, topic, {"position": topic.position})


def seed_topics() -> int:
    """Add the seeded topics the list lacks (by code); how many were added. Not audited: the
    list's starting point, as the migration's data step writes it."""
    have = set(db.session.scalars(select(ActivityTopic.code)))
    added = 0
    with transaction():
        for position, seed in enumerate(SEED_TOPICS, start=1):
            if seed.code not in have:
                db.session.add(
                    ActivityTopic(
                        code=seed.code,
                        name=seed.name,
                        outcome=seed.outcome,
                        position=position,
                        active=True,
                    )
                )
                added += 1
    return added


# ---- pilot models -------------------------------------------------------------------------


def _apply_pilot(pilot: PilotModel, data: Mapping[str, Any]) -> None:
    if "kind" in data or not pilot.kind:
        kind = data.get("kind")
        if kind not in PILOT_KINDS:
            raise DomainError("teams.pilot_kind_invalid", "kind")
        pilot.kind = kind
    if "name" in data or not pilot.name:
        pilot.name = _required(data, "name")
    if "started_on" in data or pilot.started_on is None:
        started_on = _day(data, "started_on")
        assert started_on is not None
        pilot.started_on = started_on
    if "ended_on" in data:
        pilot.ended_on = _day(data, "ended_on", required=False)
    if "note" in data:
        pilot.note = _text(data, "note")
    if pilot.ended_on is not None and pilot.ended_on < pilot.started_on:
        raise DomainError("teams.dates_order", "ended_on")


def add_pilot(user: User | Any, data: Mapping[str, Any]) -> PilotModel:
    """A pilot model a locality the user manages runs, from its start date."""
    locality = _team_locality(data.get("locality_id"))
    require_manage(user, locality, "locality_id")
    pilot = PilotModel(locality=locality, kind="", name="")
    _apply_pilot(pilot, data)
    with transaction():
        db.session.add(pilot)
        db.session.flush()
        record_change(
            "create", "pilot_model", pilot.id, None, snapshot(pilot, PILOT_FIELDS), locality.id
        )
    return pilot


def update_pilot(user: User | Any, pilot: PilotModel, data: Mapping[str, Any]) -> PilotModel:
    """Change a pilot model (an end date ends it)."""
    require_manage(user, pilot.locality)
    before = snapshot(pilot, PILOT_FIELDS)
    _unless_refused(
        lambda: _apply_pilot(pilot, {k: v for k, v in data.items() if k != "locality_id"})
    )
    with transaction():
        record_change(
            "update",
            "pilot_model",
            pilot.id,
            before,
            snapshot(pilot, PILOT_FIELDS),
            pilot.locality_id,
        )
    return pilot


def pilots_in(
    user: User | Any, locality: Locality, page: int = 1, per_page: int = 100
) -> Found[PilotModel]:
    """The pilot models of a locality and the units below it the user may see."""
    stmt = (
        select(PilotModel)
        .join(Locality, Locality.id == PilotModel.locality_id)
        .where(viewable_localities(user).where(PilotModel.locality_id))
        .where(PilotModel.locality_id.in_(subtree_ids_select(locality)))
        .order_by(Locality.path, PilotModel.started_on, PilotModel.id)
    )
    return page_of(stmt, page, per_page)
