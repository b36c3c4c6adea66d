"""REST API of the dashboard (/api/v1/reports/indicators, /breakdown, /series, /map): the same
figures as the pages, as JSON, scoped by role (admins everything and the whole country,
officers and viewers their own subtrees)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required

from app.api_docs import SIGNED_IN, answers
from app.indicators import Indicator
from app.reports import dashboard as service
from app.reports.blueprints import blp
from app.reports.schemas import (
    BreakdownQuerySchema,
    BreakdownSchema,
    IndicatorSchema,
    MapQuerySchema,
    MapSchema,
    SeriesQuerySchema,
    SeriesSchema,
)

View = Callable[..., Any]


@blp.route("/reports/indicators")
class Indicators(MethodView):
    decorators: ClassVar[list[View]] = [login_required]

    @answers(blp, 401, security=SIGNED_IN)
    @blp.response(200, IndicatorSchema(many=True))
    def get(self) -> list[Indicator]:
        """Các chỉ tiêu / The indicators

        Mọi chỉ tiêu các phần của Quét định nghĩa: mã, tên, tử số, mẫu số (chỉ tiêu tỷ lệ), nhóm
        và phần ghi nhận dữ liệu.

        Every indicator Quét's features define: code, label, numerator, denominator (for a
        share), group and the feature that records its data."""
        return service.map_indicators()


@blp.route("/reports/breakdown")
class Breakdown(MethodView):
    decorators: ClassVar[list[View]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(BreakdownQuerySchema, location="query")
    @blp.response(200, BreakdownSchema)
    def get(self, query: dict[str, Any]) -> service.Dashboard:
        """Chỉ tiêu theo đơn vị trực thuộc / Indicators by child unit

        Mọi chỉ tiêu của một địa bàn và từng đơn vị trực thuộc đến hết ngày `as_of` (mặc định
        hôm nay; ngày tương lai bị từ chối): tử số, mẫu số, tỷ lệ, cùng số liệu nhập tay của kỳ
        báo cáo và nguồn. Không có `locality_id` là cả nước (chỉ quản trị viên). Cán bộ và người
        xem chỉ xem được địa bàn của mình (403 ngoài phạm vi).

        Every indicator of a locality and of each of its child units as of the end of `as_of`
        (today by default; a future day is refused): numerator, denominator, percent, with the
        figures officers entered for the reporting period and their sources. Without
        `locality_id`, the whole country (admins only). Officers and viewers read their own
        subtree only (403 outside it)."""
        return service.dashboard(current_user, query["locality_id"], query["as_of"], months=None)


@blp.route("/reports/series")
class Series(MethodView):
    decorators: ClassVar[list[View]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(SeriesQuerySchema, location="query")
    @blp.response(200, SeriesSchema)
    def get(self, query: dict[str, Any]) -> service.Series:
        """Chỉ tiêu theo tháng / Indicators month by month

        Các chỉ tiêu của một địa bàn cuối mỗi kỳ báo cáo tháng (ngày 15 tháng trước đến ngày 14),
        `months` kỳ (1–36, mặc định 12) đến kỳ chứa `as_of`.

        A locality's indicators at the end of each monthly reporting period (the 15th of one
        month to the 14th of the next), `months` periods (1–36, 12 by default) up to the one
        holding `as_of`."""
        return service.series(current_user, query["locality_id"], query["months"], query["as_of"])


@blp.route("/reports/map")
class ProvinceMap(MethodView):
    decorators: ClassVar[list[View]] = [login_required]

    @answers(blp, 401, 422, security=SIGNED_IN)
    @blp.arguments(MapQuerySchema, location="query")
    @blp.response(200, MapSchema)
    def get(self, query: dict[str, Any]) -> service.ProvinceValues:
        """Một chỉ tiêu theo tỉnh / One indicator by province

        Giá trị của chỉ tiêu `indicator` ở 34 tỉnh, thành phố đến hết ngày `as_of` (dữ liệu của
        bản đồ). Ngoài phạm vi của người gọi, giá trị để trống (`figure` null, `viewable` false).

        The indicator's value in each of the 34 provinces as of `as_of` (the map's data).
        Outside the caller's scope the value is left out (`figure` null, `viewable` false)."""
        return service.province_values(current_user, query["indicator"], query["as_of"])
