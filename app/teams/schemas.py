"""Marshmallow schemas of the teams API: what comes in (bounded, partial on PATCH) and what goes
out. The rules are the services'; these only bound and type the input."""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.request_guards import BoundedInteger, Day, Id, Text
from app.teams.models import MEMBER_ROLES, PILOT_KINDS

MAX_COUNT = 1_000_000


# ---- input --------------------------------------------------------------------------------


class TeamQuerySchema(Schema):
    locality = Id(required=True, metadata={"description": "a locality id (its subtree)"})


class TeamInSchema(Schema):
    locality_id = Id(required=True, metadata={"description": "a 2025 unit of any level"})
    name = Text(max_length=200, required=True, metadata={"example": "Tổ công nghệ số xã An Bình"})
    founded_on = Day(required=True)
    decision = Text(max_length=200, metadata={"example": "Quyết định 123/QĐ-UBND"})
    note = Text(max_length=1000)


class TeamChangeSchema(Schema):
    name = Text(max_length=200)
    founded_on = Day()
    decision = Text(max_length=200)
    note = Text(max_length=1000)


class DissolveSchema(Schema):
    dissolved_on = Day(required=True)


class ReformSchema(Schema):
    name = Text(max_length=200, required=True)
    founded_on = Day(required=True, metadata={"description": "the old team ends that day"})
    decision = Text(max_length=200)
    note = Text(max_length=1000)


class MemberInSchema(Schema):
    name = Text(max_length=200, required=True)
    role = fields.String(load_default="to_vien", validate=validate.OneOf(MEMBER_ROLES))
    phone = Text(max_length=30)
    joined_on = Day(required=True)
    left_on = Day(allow_none=True)
    note = Text(max_length=500)


class MemberChangeSchema(Schema):
    name = Text(max_length=200)
    role = fields.String(validate=validate.OneOf(MEMBER_ROLES))
    phone = Text(max_length=30)
    joined_on = Day()
    left_on = Day(allow_none=True)
    note = Text(max_length=500)


def _outcome_counts() -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=validate.Length(max=12)),
        values=fields.Integer(strict=True, validate=validate.Range(max=MAX_COUNT)),
        validate=validate.Length(max=100),
        metadata={"description": "{topic id: how many people got its outcome}", "example": {}},
    )


class ActivityInSchema(Schema):
    held_on = Day(required=True, metadata={"description": "not in the future"})
    topic_id = Id(required=True)
    place = Text(max_length=300)
    people_reached = BoundedInteger(minimum=0, maximum=MAX_COUNT, load_default=0)
    result = Text(max_length=1000)
    outcomes = _outcome_counts()


class ActivityChangeSchema(Schema):
    held_on = Day(metadata={"description": "not in the future"})
    topic_id = Id()
    place = Text(max_length=300)
    people_reached = BoundedInteger(minimum=0, maximum=MAX_COUNT)
    result = Text(max_length=1000)
    outcomes = _outcome_counts()


class TopicInSchema(Schema):
    code = Text(max_length=40, required=True, metadata={"example": "chu_ky_so"})
    name = Text(max_length=200, required=True)
    outcome = Text(max_length=200)


class TopicChangeSchema(Schema):
    name = Text(max_length=200)
    outcome = Text(max_length=200)
    active = fields.Boolean()
    position = BoundedInteger(minimum=0, maximum=10_000)


class PilotQuerySchema(Schema):
    locality = Id(required=True, metadata={"description": "a locality id (its subtree)"})


class PilotInSchema(Schema):
    locality_id = Id(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(PILOT_KINDS))
    name = Text(max_length=200, required=True)
    started_on = Day(required=True)
    ended_on = Day(allow_none=True)
    note = Text(max_length=1000)


class PilotChangeSchema(Schema):
    kind = fields.String(validate=validate.OneOf(PILOT_KINDS))
    name = Text(max_length=200)
    started_on = Day()
    ended_on = Day(allow_none=True)
    note = Text(max_length=1000)


class TeamFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "CSV (UTF-8, UTF-8 BOM, UTF-16 or Windows-1258) or XLSX; members: họ "
            "tên/name, ngày vào tổ/joined on, and optionally vai trò/role, điện thoại/phone, ngày "
            "rời tổ/left on, ghi chú/note; activities: ngày/date, chủ đề/topic, and optionally "
            "địa điểm/place, số người/people reached, kết quả/result and one 'Kết quả: <topic>' "
            "column per topic; templates: /api/v1/team-import-template/members.xlsx (or "
            "activities, or .csv)"
        },
    )


class ImportQuerySchema(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={"description": "preview only"})


# ---- output -------------------------------------------------------------------------------


class TeamSchema(Schema):
    id = fields.Integer()
    locality_id = fields.Integer()
    name = fields.String()
    founded_on = fields.Date()
    decision = fields.String()
    dissolved_on = fields.Date(allow_none=True)
    reformed_from_id = fields.Integer(allow_none=True)
    note = fields.String()


class TeamRowSchema(Schema):
    """A team in a locality's list."""

    team = fields.Nested(TeamSchema)
    members = fields.Integer(metadata={"description": "members today"})
    last_activity = fields.Date(allow_none=True)


class MemberSchema(Schema):
    id = fields.Integer()
    team_id = fields.Integer()
    name = fields.String()
    role = fields.String()
    phone = fields.String()
    joined_on = fields.Date()
    left_on = fields.Date(allow_none=True)
    note = fields.String()


class OutcomeSchema(Schema):
    topic_id = fields.Integer()
    count = fields.Integer()


class ActivitySchema(Schema):
    id = fields.Integer()
    team_id = fields.Integer()
    held_on = fields.Date()
    place = fields.String()
    topic_id = fields.Integer()
    people_reached = fields.Integer()
    result = fields.String()
    outcomes = fields.List(fields.Nested(OutcomeSchema))


class TopicSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    outcome = fields.String()
    position = fields.Integer()
    active = fields.Boolean()


class PilotSchema(Schema):
    id = fields.Integer()
    locality_id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    started_on = fields.Date()
    ended_on = fields.Date(allow_none=True)
    note = fields.String()


class ImportRowSchema(Schema):
    line = fields.Integer()
    given = fields.Dict(keys=fields.String(), values=fields.String())
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ImportPreviewSchema(Schema):
    valid = fields.Boolean()
    error_count = fields.Integer()
    rows = fields.List(fields.Nested(ImportRowSchema))


class ImportResultSchema(Schema):
    """What an import wrote (201): how many rows. With dry_run the view answers the preview
    (200), which this schema dumps as `ImportPreviewSchema` does."""

    count = fields.Integer()

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        if not isinstance(obj, list):
            return ImportPreviewSchema().dump(obj)
        return super().dump({"count": len(obj)}, many=many)
