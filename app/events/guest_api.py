"""REST API of an event's guests: list and search, add, change, remove, a new personal link, and
the import of a guest list from a CSV/XLSX file (preview with `dry_run`).

Only the event's hosts reach them (anyone else gets 404); a host of one side sees and manages
that side's guests only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.api_docs import SIGNED_IN, answers
from app.events import guest_files, guests
from app.events.guest_schemas import (
    GuestChangeSchema,
    GuestFileSchema,
    GuestImportPreviewSchema,
    GuestImportQuerySchema,
    GuestImportResultSchema,
    GuestInSchema,
    GuestQuerySchema,
    GuestSchema,
)
from app.events.models import Guest
from app.events.resources import blp


@blp.route("/events/<int:event_id>/guests")
class Guests(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, 422, security=SIGNED_IN)
    @blp.arguments(GuestQuerySchema, location="query")
    @blp.response(200, GuestSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=200)
    def get(
        self, query: dict[str, Any], event_id: int, pagination_parameters: PaginationParameters
    ) -> list[Guest]:
        """Khách mời / Guests

        Khách mời của các bên người gọi quản lý, theo tên; `q` tìm theo tên (có dấu hay không
        dấu đều được), nhóm hoặc số điện thoại; lọc theo `side_id`, `group`, `invited_by`; chia
        trang bằng `page` và `page_size` (thông tin trang ở header X-Pagination).

        The guests of the sides the caller manages, by name; `q` searches names (with or
        without diacritics), groups and phone numbers; filter by `side_id`, `group`,
        `invited_by`; paginated by `page` and `page_size` (page information in the
        X-Pagination header)."""
        event = guests.hosted_event(current_user, event_id)
        found = guests.find_guests(
            current_user,
            event,
            guests.GuestQuery(**query),
            pagination_parameters.page,
            pagination_parameters.page_size,
        )
        pagination_parameters.item_count = found.total
        return found.items

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(GuestInSchema)
    @blp.response(201, GuestSchema)
    def post(self, data: dict[str, Any], event_id: int) -> Guest:
        """Thêm khách / Add a guest

        Thêm một khách vào một bên (có thể bỏ `side_id` khi người gọi chỉ quản lý một bên), với
        mã khách và đường dẫn riêng mới; số điện thoại không được trùng với khách khác của bên
        đó.

        Add a guest to a side (`side_id` may be left out when the caller manages one side),
        with a fresh guest code and personal link; the phone number may not be another guest's
        of that side."""
        return guests.add_guest(current_user, event_id, data)


@blp.route("/events/<int:event_id>/guests/<int:guest_id>")
class GuestDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, GuestSchema)
    def get(self, event_id: int, guest_id: int) -> Guest:
        """Một khách / A guest

        Một khách với mã, đường dẫn riêng và câu trả lời lời mời (nếu có).

        A guest with their code, personal link and answer to the invitation (if any)."""
        return guests.managed_guest(current_user, event_id, guest_id)

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(GuestChangeSchema(partial=True))
    @blp.response(200, GuestSchema)
    def patch(self, data: dict[str, Any], event_id: int, guest_id: int) -> Guest:
        """Sửa khách / Change a guest

        Sửa các trường được gửi (chuyển sang bên khác mà người gọi quản lý cũng được); mã và
        đường dẫn riêng không đổi.

        Change the fields sent (moving to another side the caller manages included); the code
        and the personal link stay."""
        guest = guests.managed_guest(current_user, event_id, guest_id)
        return guests.update_guest(current_user, guest, data)

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, event_id: int, guest_id: int) -> None:
        """Xoá khách / Remove a guest

        Xoá một khách: đường dẫn riêng thôi dùng được; sổ mừng giữ các món quà của họ.

        Remove a guest: their personal link stops working; the ledger keeps their gifts."""
        guests.remove_guest(current_user, guests.managed_guest(current_user, event_id, guest_id))


@blp.route("/events/<int:event_id>/guests/<int:guest_id>/new-link", methods=["POST"])
@answers(blp, 401, 404, 409, security=SIGNED_IN)
@blp.response(200, GuestSchema)
@login_required
def new_guest_link(event_id: int, guest_id: int) -> Guest:
    """Đường dẫn riêng mới / A new personal link

    Tạo đường dẫn riêng mới cho một khách (khi đường dẫn cũ lộ ra ngoài): đường dẫn cũ thôi
    dùng được ngay; mã khách giữ nguyên.

    Make a new personal link for a guest (when the old one leaked): the old link stops
    working at once; the guest code stays."""
    guest = guests.managed_guest(current_user, event_id, guest_id)
    return guests.renew_link(current_user, guest)


@blp.route("/events/<int:event_id>/guests/import")
class GuestImport(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 413, 422, security=SIGNED_IN)
    @blp.arguments(GuestImportQuerySchema, location="query")
    @blp.arguments(GuestFileSchema, location="files")
    @blp.response(201, GuestImportResultSchema)
    @blp.alt_response(200, schema=GuestImportPreviewSchema, description="dry_run=1: the preview")
    def post(
        self, query: dict[str, Any], files: dict[str, Any], event_id: int
    ) -> list[Guest] | tuple[guest_files.GuestPreview, int]:
        """Nhập danh sách khách / Import a guest list

        Thêm cả danh sách khách từ tệp CSV/XLSX, tất cả hoặc không dòng nào; `side_id` chọn
        một bên cho cả tệp (cột Bên để trống); `dry_run=1` xem trước từng dòng với lỗi của nó
        (cả trùng số điện thoại trong tệp hoặc với khách đã có) và không ghi gì. Lỗi của dòng
        trả về 422 với `errors["line N"]`.

        Add a whole guest list from a CSV/XLSX file, all rows or none; `side_id` picks one side
        for the whole file (its Bên column empty); `dry_run=1` previews every row with its
        errors (phone numbers repeated in the file or already a guest's included) and writes
        nothing. Row errors come back as 422 with `errors["line N"]`."""
        upload = files["file"]
        filename, data = upload.filename or "", upload.read()
        side_id = query["side_id"]
        if query["dry_run"]:
            preview = guest_files.preview_file(current_user, event_id, filename, data, side_id)
            return preview, 200
        return guest_files.import_file(current_user, event_id, filename, data, side_id)
