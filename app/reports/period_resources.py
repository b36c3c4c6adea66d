# mypy: disallow-untyped-decorators=False
"""REST API of entered figures, periodic reports and targets, on the reports API blueprint.

Figures and targets are read by those who may see the unit and written by its managers; a
report is read by those who may see the unit, explained and submitted by its managers, approved
(and an approved one reopened) by the level above or an admin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.accounts.permissions import can_view
from app.api_docs import SIGNED_IN, answers
from app.errors import DomainError
from app.reports import figures, submissions, targets
from app.reports.blueprints import blp
from app.reports.models import EnteredFigure, Report, Target
from app.reports.period_schemas import (
    EnteredFigureSchema,
    ExplanationsInSchema,
    FigureInSchema,
    FigureQuerySchema,
    ProgressQuerySchema,
    ProgressSchema,
    ReasonInSchema,
    ReportSchema,
    ReportViewSchema,
    TargetChangeSchema,
    TargetInSchema,
    TargetQuerySchema,
    TargetSchema,
)
from app.reports.periods import Period
from app.reports.submissions import ReportView


def _visible_unit(locality_id: int) -> Any:
    unit = figures.figure_unit(locality_id)
    if not can_view(current_user, unit):
        raise DomainError("reports.forbidden", "locality_id", status=403)
    return unit


@blp.route("/reports/figures")
class Figures(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(FigureQuerySchema, location="query")
    @blp.response(200, EnteredFigureSchema(many=True))
    def get(self, query: dict[str, Any]) -> list[EnteredFigure]:
        """Số liệu nhập của một địa bàn / A unit's entered figures

        Số liệu cán bộ nhập cho chính địa bàn (`locality_id`), một kỳ (`period`) hoặc mọi kỳ,
        kỳ mới nhất trước.

        The figures officers entered for the unit itself (`locality_id`), for one period
        (`period`) or every one, latest first."""
        unit = _visible_unit(query["locality_id"])
        period = None
        if query.get("period"):
            period = figures.parse_period(query["period"], submissions.today())
        return figures.figures_of(unit, period)

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(FigureInSchema)
    @blp.response(201, EnteredFigureSchema)
    def post(self, data: dict[str, Any]) -> EnteredFigure:
        """Nhập số liệu / Enter a figure

        Nhập (hoặc sửa) số liệu của một chỉ tiêu cho một địa bàn và một kỳ, có nguồn; chỉ tiêu
        tỷ lệ cần mẫu số, tử số không lớn hơn mẫu số. Địa bàn trước 2025 được quy đổi sang đơn
        vị mới. Không nhập cho kỳ chưa bắt đầu, hay kỳ đã nộp/duyệt báo cáo (409).

        Enter (or correct) an indicator's figure for a unit and period, with its source; a share
        needs a denominator at least as large as its numerator. A pre-2025 unit's figure is
        restated on the 2025 units. Refused for a period not yet begun, or one whose report is
        submitted or approved (409)."""
        return figures.enter_figure(current_user, data, submissions.today())


@blp.route("/reports/figures/<int:figure_id>", methods=["DELETE"])
@login_required
@answers(blp, 401, 403, 404, 409, security=SIGNED_IN)
@blp.response(204)
def delete_figure(figure_id: int) -> None:
    """Xoá số liệu nhập / Delete an entered figure

    Xoá một số liệu đã nhập (không được khi kỳ đã khoá).

    Delete an entered figure (not while its period is locked)."""
    figures.delete_figure(current_user, figures.get_figure(figure_id))


def _report(locality_id: int, period: str) -> tuple[Any, Period]:
    return submissions.get_report(locality_id, period)


@blp.route("/reports/periodic/<int:locality_id>/<string(maxlength=10):period>", methods=["GET"])
@login_required
@answers(blp, 401, 403, 404, security=SIGNED_IN)
@blp.response(200, ReportViewSchema)
def read_report(locality_id: int, period: str) -> ReportView:
    """Báo cáo định kỳ của địa bàn / A unit's periodic report

    Báo cáo của địa bàn cho một kỳ: số liệu tính từ dữ liệu Quét và số liệu nhập, số liệu như
    đã nộp, các cảnh báo kiểm tra và việc người gọi được làm (nộp, duyệt, mở lại).

    A unit's report for a period: figures computed from Quét's records and entered ones, the
    figures as submitted, the data checks' warnings and what the caller may do (submit,
    approve, reopen)."""
    unit, key = _report(locality_id, period)
    return submissions.view(current_user, submissions.report_for(current_user, unit, key))


@blp.route(
    "/reports/periodic/<int:locality_id>/<string(maxlength=10):period>/explanations",
    methods=["PUT"],
)
@login_required
@answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
@blp.arguments(ExplanationsInSchema)
@blp.response(200, ReportSchema)
def explain_report(data: dict[str, Any], locality_id: int, period: str) -> Report:
    """Giải trình cảnh báo / Explain warnings

    Ghi giải trình cho các cảnh báo (theo khoá cảnh báo, ví dụ `far:teams.members`); để trống
    là bỏ giải trình.

    Keep explanations of warnings (by the warning's key, e.g. `far:teams.members`); an empty
    text removes one."""
    unit, key = _report(locality_id, period)
    if not submissions.may_explain(current_user, unit):
        raise DomainError("reports.forbidden", status=403)
    return submissions.explain(
        current_user, submissions.draft_report(unit, key), data["explanations"]
    )


@blp.route(
    "/reports/periodic/<int:locality_id>/<string(maxlength=10):period>/submit", methods=["POST"]
)
@login_required
@answers(blp, 401, 403, 404, 409, 422, security=SIGNED_IN)
@blp.response(200, ReportSchema)
def submit_report(locality_id: int, period: str) -> Report:
    """Nộp báo cáo / Submit a report

    Nộp báo cáo đang soạn; mọi cảnh báo phải được sửa hoặc giải trình (422 nêu các cảnh báo
    còn lại). Lưu số liệu như đã nộp và việc nộp đúng hạn.

    Submit a draft report; every warning must be fixed or explained first (a 422 names the
    ones left). Keeps the figures as submitted and whether it came on time."""
    unit, key = _report(locality_id, period)
    if not submissions.may_explain(current_user, unit):
        raise DomainError("reports.forbidden", status=403)
    return submissions.submit(current_user, submissions.draft_report(unit, key))


@blp.route(
    "/reports/periodic/<int:locality_id>/<string(maxlength=10):period>/approve", methods=["POST"]
)
@login_required
@answers(blp, 401, 403, 404, 409, security=SIGNED_IN)
@blp.response(200, ReportSchema)
def approve_report(locality_id: int, period: str) -> Report:
    """Duyệt báo cáo / Approve a report

    Cấp trên (cán bộ của đơn vị cấp trên, hoặc quản trị viên) duyệt báo cáo đã nộp; báo cáo
    đã duyệt bị khoá.

    The level above (an officer of a unit above it, or an admin) approves a submitted report;
    an approved report is locked."""
    unit, key = _report(locality_id, period)
    if not submissions.may_approve(current_user, unit):
        raise DomainError("reports.not_approver", status=403)
    found = submissions.find_report(unit, key)
    if found is None:
        raise DomainError("reports.report_not_submitted", "state", status=409)
    return submissions.approve(current_user, found)


@blp.route(
    "/reports/periodic/<int:locality_id>/<string(maxlength=10):period>/reopen", methods=["POST"]
)
@login_required
@answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
@blp.arguments(ReasonInSchema)
@blp.response(200, ReportSchema)
def reopen_report(data: dict[str, Any], locality_id: int, period: str) -> Report:
    """Mở lại báo cáo / Reopen a report

    Đưa báo cáo đã nộp hoặc đã duyệt về đang soạn để sửa, kèm lý do (ghi nhật ký); số liệu như
    đã nộp được giữ bên cạnh số liệu hiện tại.

    Put a submitted or approved report back to draft for a correction, with a reason
    (audited); the figures as submitted stay beside the current ones."""
    unit, key = _report(locality_id, period)
    found = submissions.find_report(unit, key)
    if found is None:
        if not can_view(current_user, unit):
            raise DomainError("reports.forbidden", status=403)
        raise DomainError("reports.report_is_draft", "state", status=409)
    return submissions.reopen(current_user, found, data["reason"])


@blp.route("/reports/periodic/waiting")
@login_required
@answers(blp, 401, 422, security=SIGNED_IN)
@blp.response(200, ReportSchema(many=True))
@blp.paginate(page_size=50, max_page_size=100)
def waiting_reports(pagination_parameters: PaginationParameters) -> list[Report]:
    """Báo cáo chờ tôi duyệt / Reports waiting for my approval

    Báo cáo đã nộp của các đơn vị dưới địa bàn người gọi quản lý (quản trị viên: tất cả), hạn
    sớm nhất trước.

    Submitted reports of the units below those the caller manages (an admin: all), earliest
    due first."""
    rows, total = submissions.waiting_for(
        current_user, pagination_parameters.page, pagination_parameters.page_size
    )
    pagination_parameters.item_count = total
    return rows


@blp.route("/reports/targets")
class Targets(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(TargetQuerySchema, location="query")
    @blp.response(200, TargetSchema(many=True))
    def get(self, query: dict[str, Any]) -> list[Target]:
        """Chỉ tiêu kế hoạch của địa bàn / A unit's targets

        Chỉ tiêu kế hoạch của một địa bàn, một năm (`year`) hoặc mọi năm.

        A unit's targets, for one year (`year`) or every year."""
        unit = figures.figure_unit(query["locality_id"])
        return targets.targets_of(current_user, unit, query.get("year"))

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(TargetInSchema)
    @blp.response(201, TargetSchema)
    def post(self, data: dict[str, Any]) -> Target:
        """Đặt chỉ tiêu kế hoạch / Set a target

        Chỉ tiêu của một chỉ số cho địa bàn và năm: phần trăm với chỉ tiêu tỷ lệ (không quá
        100%), số đếm với chỉ tiêu đếm.

        A target for an indicator, unit and year: a percent for a share (at most 100 when
        bounded), a whole count otherwise."""
        return targets.create_target(current_user, data)


@blp.route("/reports/targets/<int:target_id>")
class TargetDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(TargetChangeSchema)
    @blp.response(200, TargetSchema)
    def patch(self, data: dict[str, Any], target_id: int) -> Target:
        """Sửa chỉ tiêu kế hoạch / Change a target

        Sửa giá trị, năm hoặc ghi chú của chỉ tiêu kế hoạch.

        Change a target's value, year or note."""
        return targets.change_target(current_user, targets.get_target(target_id), data)

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, target_id: int) -> None:
        """Xoá chỉ tiêu kế hoạch / Delete a target

        Xoá một chỉ tiêu kế hoạch.

        Delete a target."""
        targets.delete_target(current_user, targets.get_target(target_id))


@blp.route("/reports/targets/progress")
@login_required
@answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
@blp.arguments(ProgressQuerySchema, location="query")
@blp.response(200, ProgressSchema(many=True))
def target_progress(query: dict[str, Any]) -> list[targets.Progress]:
    """Tiến độ so với chỉ tiêu kế hoạch / Progress against targets

    Giá trị hiện nay của mỗi chỉ tiêu kế hoạch của địa bàn trong năm, so với kế hoạch.

    The value now of each of a unit's targets for the year, against the target."""
    unit = _visible_unit(query["locality_id"])
    return targets.progress(unit, query["year"], submissions.today())
