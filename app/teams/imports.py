"""Importing a team's members or activities from a CSV/XLSX file: preview, then all or nothing.

The file is read by the kernel's spreadsheet reader with the lists' columns
(`app.teams.team_files`); each row becomes a draft, checked here against the other rows and the
database (a person already in a team of the locality at overlapping times, the same person twice
in the file, an activity already recorded or given twice, a date in the future, a negative
count: row errors). A preview writes nothing. An import checks every row again and writes them
all in one transaction through the feature's services (`add_member`, `record_activity`), each
audited as a single creation is; one bad row and nothing is written (`TeamRowsError` lists the
bad rows). An officer imports only into a team of a locality they manage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from app.accounts.models import User
from app.errors import DomainError
from app.extensions import db
from app.file_imports import FilePreview, RowDraft, RowsError, file_error
from app.spreadsheets import MAX_ROWS, SheetFileError, TableRow, TableSpec, check_limits, read_table
from app.teams import services
from app.teams.messages import ROLE_LABELS
from app.teams.models import MEMBER_ROLES, ActivityTopic, Team, TeamActivity, TeamMember
from app.teams.team_files import (
    MEMBER_SPEC,
    OUTCOME_PREFIX,
    ListKind,
    TopicColumn,
    activity_spec,
    read_day,
)
from app.transaction import transaction
from app.vietqr.text import fold

MAX_LENGTHS = {"name": 200, "phone": 30, "note": 500, "place": 300, "result": 1000, "topic": 200}
MAX_COUNT = 1_000_000


@dataclass
class TeamDraft(RowDraft):
    """One row of a member or activity list as given (`given`, by column key) and as it will be
    written (`data`, the service's input), with its `problems`."""

    given: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)

    def posted(self) -> dict[str, Any]:
        """The row as given, as `drafts_from_rows` reads it back (a confirmed preview)."""
        return {"line": self.line, **self.given}


class TeamPreview(FilePreview[TeamDraft]):
    """Every row of a list with its problems; nothing is written."""


class TeamRowsError(RowsError[TeamDraft]):
    """A list with row errors: nothing was written (`drafts` holds every row)."""

    def __init__(self, drafts: list[TeamDraft]) -> None:
        super().__init__("teams.rows_with_errors", drafts)


def topic_columns() -> list[TopicColumn]:
    """The topics in use, as the activity list's outcome columns."""
    return [(topic.code, topic.name) for topic in services.topics(active_only=True)]


def spec_of(kind: ListKind) -> TableSpec:
    return MEMBER_SPEC if kind == "members" else activity_spec(topic_columns())


# ---- reading ------------------------------------------------------------------------------


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _draft(line: int, values: Mapping[str, object], spec: TableSpec) -> TeamDraft:
    return TeamDraft(line, {key: _as_text(values.get(key)) for key in spec.keys})


def read_drafts(kind: ListKind, filename: str, data: bytes) -> list[TeamDraft]:
    """The rows of an uploaded CSV/XLSX as drafts; a DomainError on "file" when unreadable."""
    spec = spec_of(kind)
    try:
        rows = read_table(filename, data, spec)
    except SheetFileError as error:
        raise file_error("teams", error) from error
    return [_draft(row.line, row.values, spec) for row in rows]


def drafts_from_rows(kind: ListKind, rows: Iterable[Mapping[str, Any]]) -> list[TeamDraft]:
    """Drafts from plain rows ({"line", "name", …}), e.g. a confirmed preview; the same
    limits as a file's apply (a DomainError on "file" beyond them)."""
    spec = spec_of(kind)
    drafts: list[TeamDraft] = []
    for index, row in enumerate(rows, start=1):
        line = row.get("line")
        number = line if isinstance(line, int) and 0 < line < 2**31 else index
        drafts.append(_draft(number, row, spec))
        if len(drafts) > MAX_ROWS:
            break
    _check_limits(drafts)
    return drafts


def _check_limits(drafts: list[TeamDraft]) -> None:
    try:
        check_limits([TableRow(draft.line, draft.given) for draft in drafts], MAX_ROWS)
    except SheetFileError as error:
        raise file_error("teams", error) from error


# ---- checking -----------------------------------------------------------------------------


def _check_cells(draft: TeamDraft) -> None:
    for key, value in draft.given.items():
        if value.startswith("="):
            draft.problems.append(DomainError("teams.import_formula", key, value=value[:20]))
        elif len(value) > MAX_LENGTHS.get(key, 20):
            most = MAX_LENGTHS.get(key, 20)
            draft.problems.append(
                DomainError("teams.import_too_long", key, length=len(value), most=most)
            )


def _day(draft: TeamDraft, key: str, required: bool) -> date | None:
    text = draft.given.get(key, "")
    if not text:
        if required:
            draft.problems.append(DomainError("teams.required", key))
        return None
    day = read_day(text)
    if day is None:
        draft.problems.append(DomainError("teams.import_date", key, value=text[:20]))
    elif day > services.today():
        draft.problems.append(DomainError("teams.date_in_future", key))
        return None
    return day


def _count(draft: TeamDraft, key: str) -> int:
    text = draft.given.get(key, "").replace(".", "").replace(",", "")
    if not text:
        return 0
    if text.startswith("-") and text[1:].isdigit():
        draft.problems.append(DomainError("teams.count_negative", key))
        return 0
    if not text.isdigit() or int(text) > MAX_COUNT:
        draft.problems.append(DomainError("teams.import_number", key, value=text[:20]))
        return 0
    return int(text)


def _role_words() -> dict[str, str]:
    words = {fold(key.replace("_", " ")): key for key in MEMBER_ROLES}
    words |= {fold(str(label)): key for key, label in ROLE_LABELS.items()}
    words |= {"to truong": "to_truong", "to pho": "to_pho", "to vien": "to_vien"}
    words |= {"leader": "to_truong", "deputy": "to_pho", "member": "to_vien"}
    return words


def check_members(team: Team, drafts: list[TeamDraft]) -> list[TeamDraft]:
    """Check every member row against the others and the locality's teams; fills `data`."""
    roles = _role_words()
    in_file: dict[str, int] = {}
    for draft in drafts:
        _check_cells(draft)
        if draft.problems:
            continue
        name = " ".join(draft.given["name"].split())
        if not name:
            draft.problems.append(DomainError("teams.required", "name"))
        role = roles.get(fold(draft.given["role"])) if draft.given["role"] else "to_vien"
        if role is None:
            draft.problems.append(
                DomainError("teams.import_role", "role", value=draft.given["role"])
            )
        phone = ""
        try:
            phone = services.national_phone(draft.given["phone"])
        except DomainError as error:
            draft.problems.append(error)
        joined_on = _day(draft, "joined_on", required=True)
        left_on = _day(draft, "left_on", required=False)
        draft.data = {
            "name": name,
            "role": role,
            "phone": phone,
            "joined_on": joined_on,
            "left_on": left_on,
            "note": draft.given["note"],
        }
        if draft.problems or not name:
            continue
        key = services.person_key(name, phone)
        if key in in_file:
            draft.problems.append(
                DomainError(
                    "teams.import_repeated", "phone" if phone else "name", line=in_file[key]
                )
            )
            continue
        in_file[key] = draft.line
        _check_member_rules(team, draft)
    return drafts


def _check_member_rules(team: Team, draft: TeamDraft) -> None:
    """The service's own rules (dates in the team's life, no clash), without writing."""
    member = TeamMember(name="", role="", phone="")
    try:
        with db.session.no_autoflush:
            services.check_member(member, team, draft.data)
    except DomainError as error:
        draft.problems.append(error)
    finally:
        if member in db.session:
            db.session.expunge(member)


def check_activities(team: Team, drafts: list[TeamDraft]) -> list[TeamDraft]:
    """Check every activity row against the others and the team's activities; fills `data`."""
    topics = services.topics(active_only=True)
    by_word: dict[str, ActivityTopic] = {}
    for listed in topics:
        by_word[fold(listed.code)] = listed
        by_word[fold(listed.name)] = listed
    recorded = {
        (held_on, topic_id, fold(place))
        for held_on, topic_id, place in db.session.execute(
            select(TeamActivity.held_on, TeamActivity.topic_id, TeamActivity.place).where(
                TeamActivity.team_id == team.id
            )
        )
    }
    in_file: dict[tuple[date, int, str], int] = {}
    for draft in drafts:
        _check_cells(draft)
        if draft.problems:
            continue
        held_on = _day(draft, "held_on", required=True)
        topic = by_word.get(fold(draft.given["topic"])) if draft.given["topic"] else None
        if not draft.given["topic"]:
            draft.problems.append(DomainError("teams.required", "topic"))
        elif topic is None:
            draft.problems.append(
                DomainError("teams.import_topic", "topic", value=draft.given["topic"][:50])
            )
        people = _count(draft, "people_reached")
        outcomes: dict[int, int] = {}
        for item in topics:
            key = OUTCOME_PREFIX + item.code
            count = _count(draft, key)
            if count:
                outcomes[item.id] = count
        if held_on is not None and (
            held_on < team.founded_on
            or (team.dissolved_on is not None and held_on >= team.dissolved_on)
        ):
            draft.problems.append(
                DomainError(
                    "teams.activity_outside_team",
                    "held_on",
                    since=team.founded_on.strftime("%d/%m/%Y"),
                )
            )
        if draft.problems or held_on is None or topic is None:
            continue
        place = " ".join(draft.given["place"].split())
        draft.data = {
            "held_on": held_on,
            "topic_id": topic.id,
            "place": place,
            "people_reached": people,
            "result": draft.given["result"],
            "outcomes": {str(key): count for key, count in outcomes.items()},
        }
        same = (held_on, topic.id, fold(place))
        if same in recorded:
            draft.problems.append(DomainError("teams.import_activity_recorded", "held_on"))
        elif same in in_file:
            draft.problems.append(
                DomainError("teams.import_repeated", "held_on", line=in_file[same])
            )
        else:
            in_file[same] = draft.line
    return drafts


def check_drafts(kind: ListKind, team: Team, drafts: list[TeamDraft]) -> list[TeamDraft]:
    if kind == "members":
        return check_members(team, drafts)
    return check_activities(team, drafts)


# ---- preview and import -------------------------------------------------------------------


def preview_file(
    user: User | Any, team: Team, kind: ListKind, filename: str, data: bytes
) -> TeamPreview:
    """Every row of the file with its problems; writes nothing."""
    services.require_manage(user, team.locality)
    return TeamPreview(check_drafts(kind, team, read_drafts(kind, filename, data)))


def import_file(
    user: User | Any, team: Team, kind: ListKind, filename: str, data: bytes
) -> list[Any]:
    """Add every row of the file, or none (TeamRowsError lists the bad rows)."""
    services.require_manage(user, team.locality)
    return import_drafts(user, team, kind, read_drafts(kind, filename, data))


def import_drafts(
    user: User | Any, team: Team, kind: ListKind, drafts: list[TeamDraft]
) -> list[Any]:
    """Write checked-again drafts all-or-nothing, through the feature's services."""
    services.require_manage(user, team.locality)
    if not drafts:
        raise DomainError("teams.import_no_rows", "file")
    _check_limits(drafts)
    check_drafts(kind, team, drafts)
    if not all(draft.ok for draft in drafts):
        raise TeamRowsError(drafts)
    created: list[Any] = []
    with transaction():
        for draft in drafts:
            if kind == "members":
                created.append(services.add_member(user, team, draft.data))
            else:
                created.append(services.record_activity(user, team, draft.data))
    return created
