"""REST API of the teams feature: teams of a locality (founded, dissolved, re-formed), their
members and activities (and imports of both from CSV/XLSX), the topic list, pilot models.

Every operation but the import templates needs a signed-in caller; lists hold only what the
caller may see (officers and viewers their subtree, admins everything); changes are the
services' to allow (403 outside the caller's scope; topics are the admin's).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.api_docs import PUBLIC, SIGNED_IN, answers
from app.paging import paged
from app.spreadsheets import FORMATS
from app.teams import imports, services
from app.teams.blueprints import blp
from app.teams.models import ActivityTopic, PilotModel, Team, TeamActivity, TeamMember
from app.teams.schemas import (
    ActivityChangeSchema,
    ActivityInSchema,
    ActivitySchema,
    DissolveSchema,
    ImportQuerySchema,
    ImportResultSchema,
    MemberChangeSchema,
    MemberInSchema,
    MemberSchema,
    PilotChangeSchema,
    PilotInSchema,
    PilotQuerySchema,
    PilotSchema,
    ReformSchema,
    TeamChangeSchema,
    TeamFileSchema,
    TeamInSchema,
    TeamQuerySchema,
    TeamRowSchema,
    TeamSchema,
    TopicChangeSchema,
    TopicInSchema,
    TopicSchema,
)
from app.teams.team_files import FILENAMES, ListKind, csv_template, xlsx_template

LOGIN: list[Callable[..., Any]] = [login_required]


def _managed_team(team_id: int) -> Team:
    team = services.get_team(team_id)
    services.require_manage(current_user, team.locality)
    return team


# ---- teams --------------------------------------------------------------------------------


@blp.route("/teams")
class Teams(MethodView):
    decorators = LOGIN

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(TeamQuerySchema, location="query")
    @blp.response(200, TeamRowSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    def get(self, query: dict[str, Any], pagination_parameters: PaginationParameters) -> Any:
        """Các tổ công nghệ số / Teams

        Các tổ của một địa bàn và các đơn vị dưới nó mà người gọi được xem, với số thành viên
        hôm nay và ngày hoạt động gần nhất; chia trang bằng `page` và `page_size`.

        The teams of a locality and the units below it that the caller may see, with their
        members today and their last activity; paginated by `page` and `page_size`."""
        locality = services.visible_locality(current_user, query["locality"])
        found = services.teams_in(
            current_user, locality, pagination_parameters.page, pagination_parameters.page_size
        )
        pagination_parameters.item_count = found.total
        return services.team_rows(found.items)

    @answers(blp, 400, 401, 403, 409, 422, security=SIGNED_IN)
    @blp.arguments(TeamInSchema)
    @blp.response(201, TeamSchema)
    def post(self, data: dict[str, Any]) -> Team:
        """Lập tổ / Found a team

        Lập tổ công nghệ số cộng đồng ở một địa bàn người gọi quản lý; mỗi địa bàn chỉ có một
        tổ tại một thời điểm (409 khi trùng thời gian).

        Found a team in a locality the caller manages; a locality has one team at a time (409
        for overlapping periods)."""
        return services.create_team(current_user, data)


@blp.route("/teams/<int:team_id>")
class TeamDetail(MethodView):
    decorators = LOGIN

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, TeamSchema)
    def get(self, team_id: int) -> Team:
        """Một tổ / A team

        Tổ, nếu người gọi được xem địa bàn của tổ.

        The team, if the caller may see its locality."""
        return services.visible_team(current_user, team_id)

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(TeamChangeSchema)
    @blp.response(200, TeamSchema)
    def patch(self, data: dict[str, Any], team_id: int) -> Team:
        """Sửa tổ / Change a team

        Sửa tên, quyết định, ngày thành lập hoặc ghi chú của tổ.

        Change a team's name, founding decision and date, or note."""
        return services.update_team(current_user, services.get_team(team_id), data)


@blp.route("/teams/<int:team_id>/dissolve", methods=["POST"])
@answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
@blp.arguments(DissolveSchema)
@blp.response(200, TeamSchema)
@login_required
def dissolve(data: dict[str, Any], team_id: int) -> Team:
    """Giải thể tổ / Dissolve a team

    Giải thể tổ từ một ngày (không sau hôm nay); thành viên rời tổ từ ngày đó.

    Dissolve a team on a day (not in the future); its members leave that day."""
    return services.dissolve_team(current_user, services.get_team(team_id), data)


@blp.route("/teams/<int:team_id>/reform", methods=["POST"])
@answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
@blp.arguments(ReformSchema)
@blp.response(201, TeamSchema)
@login_required
def reform(data: dict[str, Any], team_id: int) -> Team:
    """Tái lập tổ / Re-form a team

    Lập tổ mới thay tổ này ở cùng địa bàn (như sau sắp xếp đơn vị hành chính 2025); tổ cũ
    giải thể từ ngày thành lập tổ mới nếu chưa giải thể.

    Found a new team replacing this one in the same locality (as after the 2025 merger); the
    old team is dissolved on the new one's founding day if it is not yet dissolved."""
    return services.reform_team(current_user, services.get_team(team_id), data)


# ---- members and activities ---------------------------------------------------------------


@blp.route("/teams/<int:team_id>/members")
class TeamMembers(MethodView):
    decorators = LOGIN

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, MemberSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=100)
    def get(self, team_id: int, pagination_parameters: PaginationParameters) -> Any:
        """Thành viên của tổ / A team's members

        Thành viên hiện nay rồi thành viên đã rời tổ, theo tên.

        Present members, then those who left, by name."""
        team = services.visible_team(current_user, team_id)
        found = services.members_of(
            team, pagination_parameters.page, pagination_parameters.page_size
        )
        return paged(found, pagination_parameters)

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(MemberInSchema)
    @blp.response(201, MemberSchema)
    def post(self, data: dict[str, Any], team_id: int) -> TeamMember:
        """Thêm thành viên / Add a member

        Một người vào tổ; một người (cùng số điện thoại, hoặc cùng tên khi không có số) không ở
        hai tổ của cùng một địa bàn trong cùng thời gian (409 trên `phone` hoặc `name`).

        A person joins the team; a person (same phone, or same name without a phone) is never
        in two teams of one locality at overlapping times (409 on `phone` or `name`)."""
        return services.add_member(current_user, services.get_team(team_id), data)


@blp.route("/team-members/<int:member_id>")
class MemberDetail(MethodView):
    decorators = LOGIN

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, MemberSchema)
    def get(self, member_id: int) -> TeamMember:
        """Một thành viên / A member

        Thành viên, nếu người gọi được xem địa bàn của tổ.

        The member, if the caller may see the team's locality."""
        member = services.get_member(member_id)
        services.require_view(current_user, member.team.locality)
        return member

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(MemberChangeSchema)
    @blp.response(200, MemberSchema)
    def patch(self, data: dict[str, Any], member_id: int) -> TeamMember:
        """Sửa thành viên / Change a member

        Sửa tên, vai trò, điện thoại hoặc ngày; ngày rời tổ kết thúc tư cách thành viên.

        Change the name, role, phone or dates; a left date ends the membership."""
        return services.update_member(current_user, services.get_member(member_id), data)


@blp.route("/teams/<int:team_id>/activities")
class TeamActivities(MethodView):
    decorators = LOGIN

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, ActivitySchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    def get(self, team_id: int, pagination_parameters: PaginationParameters) -> Any:
        """Hoạt động của tổ / A team's activities

        Các hoạt động, mới nhất trước, với số người nhận từng kết quả.

        The activities, latest first, with how many people got each outcome."""
        team = services.visible_team(current_user, team_id)
        found = services.activities_of(
            team, pagination_parameters.page, pagination_parameters.page_size
        )
        return paged(found, pagination_parameters)

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(ActivityInSchema)
    @blp.response(201, ActivitySchema)
    def post(self, data: dict[str, Any], team_id: int) -> TeamActivity:
        """Ghi hoạt động / Record an activity

        Một hoạt động của tổ (ngày không sau hôm nay, trong thời gian tổ hoạt động), với số
        người nhận từng kết quả (`outcomes`: mã chủ đề → số người, không âm).

        An activity of the team (not in the future, within the team's life), with how many
        people got each outcome (`outcomes`: topic id → count, never negative)."""
        return services.record_activity(current_user, services.get_team(team_id), data)


@blp.route("/team-activities/<int:activity_id>")
class ActivityDetail(MethodView):
    decorators = LOGIN

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, ActivitySchema)
    def get(self, activity_id: int) -> TeamActivity:
        """Một hoạt động / An activity

        Hoạt động, nếu người gọi được xem địa bàn của tổ.

        The activity, if the caller may see the team's locality."""
        activity = services.get_activity(activity_id)
        services.require_view(current_user, activity.team.locality)
        return activity

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(ActivityChangeSchema)
    @blp.response(200, ActivitySchema)
    def patch(self, data: dict[str, Any], activity_id: int) -> TeamActivity:
        """Sửa hoạt động / Correct an activity

        Sửa ngày, chủ đề, địa điểm, số người, kết quả hoặc số người nhận từng kết quả
        (`outcomes` gửi lên thay cho các số cũ); có ghi nhật ký.

        Correct the date, topic, place, people reached, result or outcome counts (given
        `outcomes` replace the old ones); audited."""
        return services.update_activity(current_user, services.get_activity(activity_id), data)

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, activity_id: int) -> None:
        """Xoá hoạt động / Delete an activity

        Xoá hoạt động ghi nhầm (có ghi nhật ký).

        Remove an activity recorded by mistake (audited)."""
        services.delete_activity(current_user, services.get_activity(activity_id))


@blp.route("/teams/<int:team_id>/<any(members, activities):kind>/import", methods=["POST"])
@answers(blp, 400, 401, 403, 404, 409, 413, 422, security=SIGNED_IN)
@blp.arguments(ImportQuerySchema, location="query")
@blp.arguments(TeamFileSchema, location="files")
@blp.response(201, ImportResultSchema)
@blp.alt_response(200, schema=ImportResultSchema, description="dry_run=1: the preview")
@login_required
def import_list(
    query: dict[str, Any], files: dict[str, Any], team_id: int, kind: ListKind
) -> list[Any] | tuple[imports.TeamPreview, int]:
    """Nhập thành viên hoặc hoạt động / Import members or activities

    Thêm cả danh sách thành viên hoặc hoạt động của tổ từ tệp CSV/XLSX, tất cả hoặc không dòng
    nào; `dry_run=1` xem trước từng dòng với lỗi của nó và không ghi gì. Lỗi của dòng trả về 422
    với `errors["line N"]`.

    Add a team's whole member or activity list from a CSV/XLSX file, all rows or none;
    `dry_run=1` previews every row with its errors and writes nothing. Row errors come back as
    422 with `errors["line N"]`."""
    team = _managed_team(team_id)
    upload = files["file"]
    filename, data = upload.filename or "", upload.read()
    if query["dry_run"]:
        return imports.preview_file(current_user, team, kind, filename, data), 200
    return imports.import_file(current_user, team, kind, filename, data)


@blp.route("/team-import-template/<any(members, activities):kind>.<any(csv, xlsx):fmt>")
@answers(blp, 401, 404, security=PUBLIC)
@blp.response(200, description="the template: CSV (UTF-8 with BOM) or XLSX, Vietnamese headers")
def import_template(kind: ListKind, fmt: str) -> Response:
    """Mẫu tệp thành viên hoặc hoạt động / Member or activity list template

    Mẫu mà `…/members/import` hoặc `…/activities/import` đọc lại: dòng tiêu đề tiếng Việt và
    dòng ví dụ (danh sách hoạt động có một cột cho mỗi chủ đề đang dùng); tệp XLSX có thêm
    trang hướng dẫn.

    The template that `…/members/import` or `…/activities/import` reads back: Vietnamese
    headers and example rows (the activity list has a column per topic in use); the XLSX also
    has an instructions sheet."""
    body, headers = template_file(kind, fmt)
    return Response(body, headers=headers)


def template_file(kind: ListKind, fmt: str) -> tuple[bytes, dict[str, str]]:
    """The blank list of `kind` as `fmt`, and the headers of its download."""
    topics = imports.topic_columns()
    data = csv_template(kind, topics) if fmt == "csv" else xlsx_template(kind, topics)
    return data, {
        "Content-Type": FORMATS[fmt],
        "Content-Disposition": f'attachment; filename="{FILENAMES[kind]}.{fmt}"',
    }


# ---- topics -------------------------------------------------------------------------------


@blp.route("/activity-topics")
class Topics(MethodView):
    decorators = LOGIN

    @answers(blp, 401, security=SIGNED_IN)
    @blp.response(200, TopicSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=100)
    def get(self, pagination_parameters: PaginationParameters) -> Any:
        """Chủ đề hoạt động / Activity topics

        Danh sách chủ đề theo thứ tự quản trị viên đặt (chủ đề ngừng dùng ở cuối).

        The topic list in the admin's order (retired topics last)."""
        listed = services.topics()
        pagination_parameters.item_count = len(listed)
        start = (pagination_parameters.page - 1) * pagination_parameters.page_size
        return listed[start : start + pagination_parameters.page_size]

    @answers(blp, 400, 401, 403, 409, 422, security=SIGNED_IN)
    @blp.arguments(TopicInSchema)
    @blp.response(201, TopicSchema)
    def post(self, data: dict[str, Any]) -> ActivityTopic:
        """Thêm chủ đề / Add a topic

        Thêm chủ đề vào cuối danh sách (chỉ quản trị viên).

        Add a topic at the end of the list (admins only)."""
        return services.add_topic(current_user, data)


@blp.route("/activity-topics/<int:topic_id>")
class TopicDetail(MethodView):
    decorators = LOGIN

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(TopicChangeSchema)
    @blp.response(200, TopicSchema)
    def patch(self, data: dict[str, Any], topic_id: int) -> ActivityTopic:
        """Sửa chủ đề / Change a topic

        Đổi tên, kết quả được đếm, thứ tự, ngừng dùng hoặc dùng lại (chỉ quản trị viên).

        Rename, change what it counts, reorder, retire or restore (admins only)."""
        return services.update_topic(current_user, services.get_topic(topic_id), data)


# ---- pilot models -------------------------------------------------------------------------


@blp.route("/pilot-models")
class Pilots(MethodView):
    decorators = LOGIN

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(PilotQuerySchema, location="query")
    @blp.response(200, PilotSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    def get(self, query: dict[str, Any], pagination_parameters: PaginationParameters) -> Any:
        """Mô hình điểm / Pilot models

        Các mô hình điểm của một địa bàn và các đơn vị dưới nó mà người gọi được xem.

        The pilot models of a locality and the units below it that the caller may see."""
        locality = services.visible_locality(current_user, query["locality"])
        found = services.pilots_in(
            current_user, locality, pagination_parameters.page, pagination_parameters.page_size
        )
        return paged(found, pagination_parameters)

    @answers(blp, 400, 401, 403, 422, security=SIGNED_IN)
    @blp.arguments(PilotInSchema)
    @blp.response(201, PilotSchema)
    def post(self, data: dict[str, Any]) -> PilotModel:
        """Thêm mô hình điểm / Add a pilot model

        Một mô hình điểm (Chợ 4.0, tuyến đường không dùng tiền mặt…) của địa bàn người gọi quản
        lý, từ ngày bắt đầu.

        A pilot model (Chợ 4.0, a cashless street…) of a locality the caller manages, from its
        start date."""
        return services.add_pilot(current_user, data)


@blp.route("/pilot-models/<int:pilot_id>")
class PilotDetail(MethodView):
    decorators = LOGIN

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(PilotChangeSchema)
    @blp.response(200, PilotSchema)
    def patch(self, data: dict[str, Any], pilot_id: int) -> PilotModel:
        """Sửa mô hình điểm / Change a pilot model

        Sửa mô hình điểm; ngày kết thúc kết thúc mô hình.

        Change a pilot model; an end date ends it."""
        return services.update_pilot(current_user, services.get_pilot(pilot_id), data)
