"""Marshmallow schemas of the reports API: what it reads from the query string and how it dumps
the dashboard service's objects (`app.reports.dashboard`)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from app.reports.dashboard import MAX_TREND_MONTHS, TREND_MONTHS
from app.request_guards import BoundedInteger, Day, Id, Text


class BreakdownQuerySchema(Schema):
    locality_id = Id(
        load_default=None,
        metadata={
            "description": "Địa bàn; bỏ trống là cả nước (quản trị viên). / A locality id; "
            "none for the whole country (admins)."
        },
    )
    as_of = Day(
        load_default=None,
        metadata={
            "description": "Số liệu đến hết ngày (không sau hôm nay). / Figures as of the "
            "end of this day (not after today)."
        },
    )


class SeriesQuerySchema(BreakdownQuerySchema):
    months = BoundedInteger(
        minimum=1,
        maximum=MAX_TREND_MONTHS,
        load_default=TREND_MONTHS,
        metadata={"description": "Số kỳ tháng. / How many monthly periods."},
    )


class MapQuerySchema(Schema):
    indicator = Text(
        max_length=60,
        load_default=None,
        metadata={
            "description": "Mã chỉ tiêu; bỏ trống là chỉ tiêu đầu tiên. / An indicator "
            "code; none for the first one."
        },
    )
    as_of = Day(load_default=None)


class IndicatorSchema(Schema):
    code = fields.String()
    label = fields.String()
    numerator_label = fields.String()
    denominator_label = fields.String(allow_none=True)
    group = fields.String()
    unit = fields.String()
    is_share = fields.Boolean()
    bounded = fields.Boolean()
    required = fields.Boolean()
    feature = fields.String()


class FigureSchema(Schema):
    numerator = fields.Integer()
    denominator = fields.Integer(allow_none=True)
    percent = fields.Float(allow_none=True)
    source = fields.String(metadata={"description": "computed | entered"})
    approximate = fields.Boolean()


class UnitSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    level = fields.String()
    code = fields.String(allow_none=True)


def _figures() -> Any:
    return fields.Dict(keys=fields.String(), values=fields.Nested(FigureSchema))


class RowSchema(Schema):
    locality = fields.Nested(UnitSchema, allow_none=True)
    figures = _figures()
    entered = _figures()
    sources = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class PeriodSchema(Schema):
    key = fields.String()
    label = fields.Function(lambda period: period.label())


class BreakdownSchema(Schema):
    locality = fields.Nested(UnitSchema, allow_none=True)
    as_of = fields.Date()
    period = fields.Nested(PeriodSchema)
    total = fields.Nested(RowSchema)
    rows = fields.List(fields.Nested(RowSchema))


class TrendPointSchema(Schema):
    period = fields.Nested(PeriodSchema)
    as_of = fields.Date()
    figures = _figures()


class SeriesSchema(Schema):
    locality = fields.Nested(UnitSchema, allow_none=True)
    as_of = fields.Date()
    points = fields.List(fields.Nested(TrendPointSchema))


class ProvinceValueSchema(Schema):
    locality = fields.Nested(UnitSchema)
    figure = fields.Nested(FigureSchema, allow_none=True)
    viewable = fields.Boolean()


class MapSchema(Schema):
    indicator = fields.Nested(IndicatorSchema, allow_none=True)
    as_of = fields.Date()
    rows = fields.List(fields.Nested(ProvinceValueSchema))
