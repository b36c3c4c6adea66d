"""Marshmallow schemas of the periodic reports API: entered figures, a unit's report for a
period (its figures computed and entered, as submitted, its checks) and targets."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.reports.checks import KINDS
from app.reports.figures import MAX_NOTE, MAX_SOURCE, MAX_VALUE
from app.reports.models import REPORT_STATES
from app.reports.schemas import FigureSchema
from app.reports.submissions import MAX_EXPLANATION, MAX_REASON
from app.reports.targets import MAX_COUNT as MAX_TARGET
from app.reports.targets import MAX_NOTE as MAX_TARGET_NOTE
from app.reports.targets import YEAR_MAX, YEAR_MIN
from app.request_guards import BoundedInteger, Id, Text

PERIOD = {"description": "a period key: 2026-11, 2026-Q4 or 2026", "example": "2026-11"}
INDICATOR = {"description": "an indicator's code", "example": "reports.on_time"}


class FigureInSchema(Schema):
    indicator = Text(max_length=60, required=True, metadata=INDICATOR)
    locality_id = Id(required=True, strict=True)
    period = Text(max_length=10, required=True, metadata=PERIOD)
    numerator = BoundedInteger(maximum=MAX_VALUE, required=True, strict=True)
    denominator = BoundedInteger(maximum=MAX_VALUE, allow_none=True, load_default=None, strict=True)
    source = Text(max_length=MAX_SOURCE, required=True, metadata={"example": "Danh sách Agribank"})
    note = Text(max_length=MAX_NOTE, load_default="")


class FigureQuerySchema(Schema):
    locality_id = Id(required=True)
    period = Text(max_length=10, load_default=None, metadata=PERIOD)


class EnteredFigureSchema(Schema):
    id = fields.Integer()
    indicator = fields.String()
    locality_id = fields.Integer()
    period = fields.String()
    numerator = fields.Integer()
    denominator = fields.Integer(allow_none=True)
    source = fields.String()
    note = fields.String()
    entered_by_label = fields.String()
    updated_at = fields.DateTime()


class ReportRowSchema(Schema):
    indicator = fields.Function(lambda row: row.indicator.code)
    label = fields.Function(lambda row: str(row.indicator.label))
    computed = fields.Nested(FigureSchema)
    entered = fields.Nested(FigureSchema, allow_none=True)
    submitted = fields.Dict(allow_none=True, metadata={"description": "as submitted"})


class FindingSchema(Schema):
    key = fields.String()
    kind = fields.String(metadata={"enum": list(KINDS)})
    indicator = fields.Function(lambda found: found.indicator.code)
    value = fields.Float(allow_none=True)
    mean = fields.Float(allow_none=True)
    source = fields.String()


class ReportSchema(Schema):
    id = fields.Integer(allow_none=True)
    locality_id = fields.Integer()
    period = fields.String()
    state = fields.String(metadata={"enum": list(REPORT_STATES)})
    due_on = fields.Date()
    submitted_at = fields.DateTime(allow_none=True)
    submitted_by_label = fields.String()
    on_time = fields.Boolean(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)
    approved_by_label = fields.String()
    reopened = fields.Integer()
    explanations = fields.Dict(keys=fields.String(), values=fields.String())


class ReportViewSchema(Schema):
    report = fields.Nested(ReportSchema)
    period_label = fields.Function(lambda shown: shown.period.label())
    rows = fields.List(fields.Nested(ReportRowSchema))
    warnings = fields.List(fields.Nested(FindingSchema))
    unexplained = fields.List(fields.String())
    may_submit = fields.Boolean()
    may_approve = fields.Boolean()
    may_reopen = fields.Boolean()


class ExplanationsInSchema(Schema):
    explanations = fields.Dict(
        keys=Text(max_length=80),
        values=Text(max_length=MAX_EXPLANATION),
        required=True,
        validate=validate.Length(max=200),
        metadata={"example": {"far:reports.on_time": "Tháng này thêm 3 chợ mới"}},
    )


class ReasonInSchema(Schema):
    reason = Text(max_length=MAX_REASON, required=True, metadata={"example": "Sửa số thành viên"})


class TargetQuerySchema(Schema):
    locality_id = Id(required=True)
    year = BoundedInteger(minimum=YEAR_MIN, maximum=YEAR_MAX, load_default=None)


class TargetInSchema(Schema):
    indicator = Text(max_length=60, required=True, metadata=INDICATOR)
    locality_id = Id(required=True, strict=True)
    year = BoundedInteger(minimum=YEAR_MIN, maximum=YEAR_MAX, required=True, strict=True)
    value = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(min=0, max=MAX_TARGET),
        metadata={"description": "a percent for a share, a count otherwise"},
    )
    note = Text(max_length=MAX_TARGET_NOTE, load_default="")


class TargetChangeSchema(Schema):
    year = BoundedInteger(minimum=YEAR_MIN, maximum=YEAR_MAX, strict=True)
    value = fields.Float(allow_nan=False, validate=validate.Range(min=0, max=MAX_TARGET))
    note = Text(max_length=MAX_TARGET_NOTE)


class TargetSchema(Schema):
    id = fields.Integer()
    indicator = fields.String()
    locality_id = fields.Integer()
    year = fields.Integer()
    value = fields.Float()
    note = fields.String()


class ProgressSchema(Schema):
    target = fields.Nested(TargetSchema)
    figure = fields.Nested(FigureSchema)
    value = fields.Float(allow_none=True)
    achieved = fields.Float(allow_none=True)
    reached = fields.Boolean()


class ProgressQuerySchema(Schema):
    locality_id = Id(required=True)
    year = BoundedInteger(minimum=YEAR_MIN, maximum=YEAR_MAX, required=True)
