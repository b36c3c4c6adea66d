"""REST API of the events feature (every API module adds its operations to this blueprint).

Every operation on an event needs a signed-in host of it: anyone else gets 404, as for an event
that does not exist. Public pages have no API of their own beyond what a guest may post.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.api_blueprint import Blueprint
from app.api_docs import SIGNED_IN, answers
from app.events import services
from app.events.models import Ceremony, EventHost, EventSide, GiftEvent
from app.events.schemas import (
    ArchiveSchema,
    CeremonyChangeSchema,
    CeremonyInSchema,
    CeremonySchema,
    DeletedEventSchema,
    EventChangeSchema,
    EventInSchema,
    EventQuerySchema,
    EventSchema,
    HostInSchema,
    HostSchema,
    SideChangeSchema,
    SideInSchema,
    SideSchema,
)
from app.events.services import EventCounts
from app.paging import paged

blp = Blueprint(
    "events_api",
    __name__,
    url_prefix="",
    tag="Sự kiện mừng / Gift events",
    description="Đám cưới, đám hỏi, tân gia, thôi nôi, mừng thọ: bên nhận mừng, khách mời, "
    "lời chúc và sổ mừng; chỉ chủ nhà của sự kiện mới xem được. / Weddings, engagements, "
    "housewarmings, first birthdays, longevity celebrations: receiving sides, guests, wishes "
    "and the gift ledger; only the event's hosts see them.",
)


def _side(event_id: int, side_id: int) -> EventSide:
    return services.event_side(services.hosted(current_user, event_id), side_id)


def _ceremony(event_id: int, side_id: int, ceremony_id: int) -> Ceremony:
    return services.side_ceremony(_side(event_id, side_id), ceremony_id)


# ---- events -------------------------------------------------------------------------------


@blp.route("/events")
class Events(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 422, security=SIGNED_IN)
    @blp.arguments(EventQuerySchema, location="query")
    @blp.response(200, EventSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    def get(self, query: dict[str, Any], pagination_parameters: PaginationParameters) -> Any:
        """Sự kiện của tôi / My events

        Các sự kiện người gọi là chủ nhà, mới nhất trước: đang diễn ra, hoặc đã lưu trữ khi
        `archived=true`; chia trang bằng `page` và `page_size` (thông tin trang ở header
        X-Pagination).

        The events the caller hosts, newest first: current ones, or the archived ones with
        `archived=true`; paginated by `page` and `page_size` (page information in the
        X-Pagination header)."""
        found = services.events_of(
            current_user,
            archived=query["archived"],
            page=pagination_parameters.page,
            per_page=pagination_parameters.page_size,
        )
        return paged(found, pagination_parameters)

    @answers(blp, 400, 401, 409, 422, security=SIGNED_IN)
    @blp.arguments(EventInSchema)
    @blp.response(201, EventSchema)
    def post(self, data: dict[str, Any]) -> GiftEvent:
        """Tạo sự kiện / Create an event

        Tạo một sự kiện ở một xã/phường (2025) hoặc thôn/ấp; người gọi là người tạo (chủ
        nhà). Cần ít nhất một bên nhận mừng; tài khoản của mỗi bên được kiểm tra như khi tạo
        mã VietQR: tài khoản sai thì không ghi gì (422, nêu ô sai).

        Create an event in a commune (2025) or hamlet; the caller is its owner host. It needs
        at least one receiving side; each side's account is checked as for a VietQR code: a bad
        account writes nothing (422 naming the field)."""
        return services.create_event(current_user, data)


@blp.route("/events/<int:event_id>")
class EventDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, EventSchema)
    def get(self, event_id: int) -> GiftEvent:
        """Một sự kiện / One event

        Một sự kiện người gọi là chủ nhà, với các bên, nghi lễ và chủ nhà; người khác nhận
        404.

        One event the caller hosts, with its sides, ceremonies and hosts; anyone else gets a
        404."""
        return services.hosted(current_user, event_id)

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(EventChangeSchema(partial=True))
    @blp.response(200, EventSchema)
    def patch(self, data: dict[str, Any], event_id: int) -> GiftEvent:
        """Sửa sự kiện / Change an event

        Sửa loại, tên, địa bàn, lời nhắn hoặc việc hiện lời chúc (chủ nhà của cả sự kiện).

        Change the kind, title, locality, message or whether wishes are shown (hosts of the
        whole event)."""
        return services.update_event(current_user, services.hosted(current_user, event_id), data)

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, DeletedEventSchema)
    def delete(self, event_id: int) -> EventCounts:
        """Xoá sự kiện / Delete an event

        Xoá sự kiện cùng mọi dữ liệu cá nhân của nó (các bên, khách mời, trả lời, lời chúc,
        sổ mừng); chỉ người tạo mới xoá được. Trả về số dòng đã xoá; nhật ký chỉ giữ các con số
        đó.

        Delete the event with all its personal data (sides, guests, RSVPs, wishes, ledger);
        only its owner may. Answers how many rows went; the audit log keeps only those
        counts."""
        return services.delete_event(current_user, services.hosted(current_user, event_id))


@blp.route("/events/<int:event_id>/archive")
class EventArchive(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(ArchiveSchema)
    @blp.response(200, EventSchema)
    def put(self, data: dict[str, Any], event_id: int) -> GiftEvent:
        """Lưu trữ sự kiện / Archive an event

        `archived: true` đưa sự kiện vào lưu trữ (không xoá gì), `false` đưa nó trở lại.

        `archived: true` archives the event (nothing is deleted), `false` brings it back."""
        event = services.hosted(current_user, event_id)
        return services.set_archived(current_user, event, data["archived"])


# ---- sides --------------------------------------------------------------------------------


@blp.route("/events/<int:event_id>/sides")
class EventSides(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, SideSchema(many=True))
    def get(self, event_id: int) -> list[EventSide]:
        """Các bên nhận mừng / An event's sides

        Các bên nhận mừng của sự kiện theo thứ tự (nhiều nhất 6: không chia trang).

        The event's receiving sides in order (at most 6: not paginated)."""
        return list(services.hosted(current_user, event_id).sides)

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(SideInSchema)
    @blp.response(201, SideSchema)
    def post(self, data: dict[str, Any], event_id: int) -> EventSide:
        """Thêm bên nhận mừng / Add a side

        Thêm một bên ("Nhà gái"…) với tài khoản nhận (được kiểm tra) và các nghi lễ của nó.

        Add a side ("Nhà gái"…) with its receiving account (checked) and its ceremonies."""
        return services.add_side(current_user, services.hosted(current_user, event_id), data)


@blp.route("/events/<int:event_id>/sides/<int:side_id>")
class SideDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, SideSchema)
    def get(self, event_id: int, side_id: int) -> EventSide:
        """Một bên nhận mừng / One side

        Một bên nhận mừng với tài khoản, mã và các nghi lễ của nó.

        One receiving side with its account, code and ceremonies."""
        return _side(event_id, side_id)

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(SideChangeSchema(partial=True))
    @blp.response(200, SideSchema)
    def patch(self, data: dict[str, Any], event_id: int, side_id: int) -> EventSide:
        """Sửa bên nhận mừng / Change a side

        Sửa tên, tên chủ nhà, thứ tự, việc hiện QR, chia sẻ sổ mừng hoặc tài khoản (được kiểm
        tra lại; tài khoản sai thì không ghi gì).

        Change the name, hosts' names, order, QR shown, ledger shared or the account (checked
        again; a bad account writes nothing)."""
        return services.update_side(current_user, _side(event_id, side_id), data)

    @answers(blp, 401, 403, 404, 409, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, event_id: int, side_id: int) -> None:
        """Xoá bên nhận mừng / Remove a side

        Xoá một bên cùng các nghi lễ của nó. Sự kiện phải còn ít nhất một bên; bên còn khách
        mời hoặc món mừng thì không xoá được (409).

        Remove a side with its ceremonies. An event keeps at least one side; a side with
        guests or gifts stays (409)."""
        services.remove_side(current_user, _side(event_id, side_id))


# ---- ceremonies ---------------------------------------------------------------------------


@blp.route("/events/<int:event_id>/sides/<int:side_id>/ceremonies")
class SideCeremonies(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, CeremonySchema(many=True))
    def get(self, event_id: int, side_id: int) -> list[Ceremony]:
        """Các nghi lễ của một bên / A side's ceremonies

        Các nghi lễ của một bên theo giờ bắt đầu, kèm ngày âm lịch (nhiều nhất vài nghi lễ:
        không chia trang).

        A side's ceremonies by start, with the lunar date (a few at most: not paginated)."""
        return list(_side(event_id, side_id).ceremonies)

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(CeremonyInSchema)
    @blp.response(201, CeremonySchema)
    def post(self, data: dict[str, Any], event_id: int, side_id: int) -> Ceremony:
        """Thêm nghi lễ / Add a ceremony

        Thêm một nghi lễ (Lễ Vu Quy, Tiệc cưới…): giờ không kèm múi giờ là giờ Việt Nam; năm từ
        1900 đến 2100 (ngày đã qua vẫn được, cho sổ mừng cũ); bản đồ chỉ nhận https.

        Add a ceremony (Lễ Vu Quy, the reception…): a time without an offset is Vietnam's;
        years 1900 to 2100 (past dates are fine, for old ledgers); map links https only."""
        return services.add_ceremony(current_user, _side(event_id, side_id), data)


@blp.route("/events/<int:event_id>/sides/<int:side_id>/ceremonies/<int:ceremony_id>")
class CeremonyDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, CeremonySchema)
    def get(self, event_id: int, side_id: int, ceremony_id: int) -> Ceremony:
        """Một nghi lễ / One ceremony

        Một nghi lễ của một bên, kèm ngày âm lịch.

        One ceremony of a side, with its lunar date."""
        return _ceremony(event_id, side_id, ceremony_id)

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(CeremonyChangeSchema(partial=True))
    @blp.response(200, CeremonySchema)
    def patch(self, data: dict[str, Any], event_id: int, side_id: int, ceremony_id: int) -> Any:
        """Sửa nghi lễ / Change a ceremony

        Sửa tên, giờ, nơi tổ chức, địa chỉ hoặc bản đồ của một nghi lễ.

        Change a ceremony's name, times, venue, address or map link."""
        ceremony = _ceremony(event_id, side_id, ceremony_id)
        return services.update_ceremony(current_user, ceremony, data)

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, event_id: int, side_id: int, ceremony_id: int) -> None:
        """Xoá nghi lễ / Remove a ceremony

        Xoá một nghi lễ của một bên.

        Remove a ceremony of a side."""
        services.remove_ceremony(current_user, _ceremony(event_id, side_id, ceremony_id))


# ---- hosts --------------------------------------------------------------------------------


@blp.route("/events/<int:event_id>/hosts")
class EventHosts(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, HostSchema(many=True))
    def get(self, event_id: int) -> list[EventHost]:
        """Chủ nhà của sự kiện / An event's hosts

        Người tạo và các đồng chủ nhà (danh sách ngắn: không chia trang).

        The owner and the co-hosts (a short list: not paginated)."""
        return list(services.hosted(current_user, event_id).hosts)

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(HostInSchema)
    @blp.response(201, HostSchema)
    def post(self, data: dict[str, Any], event_id: int) -> EventHost:
        """Mời đồng chủ nhà / Invite a co-host

        Thêm người dùng đăng nhập bằng email hoặc số điện thoại `login` làm đồng chủ nhà, của
        cả sự kiện hoặc của một bên (`side_id`). Người chưa có tài khoản thì bị từ chối (422):
        hãy nhờ họ đăng ký trước; dịch vụ không gửi gì.

        Make the user who signs in with the email or phone number `login` a co-host, of the
        whole event or of one side (`side_id`). Someone without an account is refused (422):
        ask them to sign up first; the service sends nothing."""
        return services.invite_host(current_user, services.hosted(current_user, event_id), data)


@blp.route("/events/<int:event_id>/hosts/<int:host_id>")
class HostDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 409, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, event_id: int, host_id: int) -> None:
        """Bỏ đồng chủ nhà / Remove a co-host

        Người tạo bỏ một đồng chủ nhà; đồng chủ nhà chỉ tự rời đi được. Người tạo thì không
        bỏ được (409).

        The owner removes a co-host; a co-host may only leave. The owner cannot be removed
        (409)."""
        event = services.hosted(current_user, event_id)
        services.remove_host(current_user, services.event_host(event, host_id))
