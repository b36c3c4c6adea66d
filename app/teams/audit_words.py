"""What the teams feature's audit entries mean to a person (`TEAMS_AUDIT`): its fields' labels,
roles, pilot kinds, topics and teams by name instead of codes and ids, and a subject naming the
team, member, topic or pilot model an entry is about."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.audit_log import recorded_row
from app.feature import AuditLabels
from app.localities.services import locality_named
from app.teams.messages import PILOT_KIND_LABELS, ROLE_LABELS
from app.teams.models import ActivityTopic, PilotModel, Team, TeamActivity, TeamMember

Snapshot = Mapping[str, Any] | None

ENTITIES: Mapping[str, Any] = {
    "team": _l("Tổ công nghệ số"),
    "team_member": _l("Thành viên tổ công nghệ số"),
    "team_activity": _l("Hoạt động của tổ công nghệ số"),
    "activity_topic": _l("Chủ đề hoạt động"),
    "pilot_model": _l("Mô hình điểm"),
}

FIELDS: Mapping[str, Mapping[str, Any]] = {
    "team": {
        "locality_id": _l("Địa bàn"),
        "name": _l("Tên tổ"),
        "founded_on": _l("Ngày thành lập"),
        "decision": _l("Quyết định thành lập"),
        "dissolved_on": _l("Ngày giải thể"),
        "reformed_from_id": _l("Tái lập từ tổ"),
    },
    "team_member": {
        "team_id": _l("Tổ"),
        "role": _l("Vai trò"),
        "joined_on": _l("Ngày vào tổ"),
        "left_on": _l("Ngày rời tổ"),
    },
    "team_activity": {
        "team_id": _l("Tổ"),
        "held_on": _l("Ngày hoạt động"),
        "topic_id": _l("Chủ đề"),
        "people_reached": _l("Số người được hỗ trợ"),
        "outcomes": _l("Kết quả theo chủ đề"),
    },
    "activity_topic": {
        "code": _l("Mã chủ đề"),
        "name": _l("Tên chủ đề"),
        "outcome": _l("Kết quả được đếm"),
        "position": _l("Thứ tự"),
        "active": _l("Đang dùng"),
    },
    "pilot_model": {
        "locality_id": _l("Địa bàn"),
        "kind": _l("Loại mô hình"),
        "name": _l("Tên mô hình"),
        "started_on": _l("Ngày bắt đầu"),
        "ended_on": _l("Ngày kết thúc"),
    },
}


def _team_name(value: Any) -> Any:
    team = recorded_row(Team, value)
    return team.name if team is not None else value


def _topic_name(value: Any) -> Any:
    topic = recorded_row(ActivityTopic, value)
    return topic.name if topic is not None else value


def _outcomes(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    return "; ".join(f"{_topic_name(key)}: {count}" for key, count in value.items()) or None


def _words(labels: Mapping[str, Any]) -> Callable[[Any], Any]:
    return lambda code: str(labels.get(code, code))


VALUES: Mapping[str, Callable[[Any], Any]] = {
    "team.locality_id": locality_named,
    "pilot_model.locality_id": locality_named,
    "team.reformed_from_id": _team_name,
    "team_member.team_id": _team_name,
    "team_activity.team_id": _team_name,
    "team_activity.topic_id": _topic_name,
    "team_activity.outcomes": _outcomes,
    "team_member.role": _words(ROLE_LABELS),
    "pilot_model.kind": _words(PILOT_KIND_LABELS),
}


def _subject(model: type[Any]) -> Callable[[str, Snapshot, Snapshot], str | None]:
    def subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
        row = recorded_row(model, entity_id)
        if row is not None:
            return str(row.name)
        snapshot = after or before or {}
        return str(snapshot["name"]) if snapshot.get("name") else None

    return subject


def _activity_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    activity = recorded_row(TeamActivity, entity_id)
    if activity is not None:
        return f"{activity.team.name}: {activity.topic.name}"
    return None


TEAMS_AUDIT = AuditLabels(
    entities=ENTITIES,
    actions={"dissolve": _l("Giải thể"), "delete": _l("Xoá")},
    fields={
        f"{entity}.{name}": label
        for entity, labels in FIELDS.items()
        for name, label in labels.items()
    },
    values=VALUES,
    subjects={
        "team": _subject(Team),
        "team_member": _subject(TeamMember),
        "team_activity": _activity_subject,
        "activity_topic": _subject(ActivityTopic),
        "pilot_model": _subject(PilotModel),
    },
)
