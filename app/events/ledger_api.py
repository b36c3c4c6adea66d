"""The ledger's API (sổ mừng): entries, the offline sync, totals, thanks and exports, for the
event's hosts only (anyone else gets 404) and per side as `app.events.hosting` allows: a side
shared read-only is read, not written (403)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any, ClassVar

from flask import Response
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.api_docs import SIGNED_IN, answers
from app.events import ledger, ledger_exports
from app.events.ledger_schemas import (
    EntryChangeSchema,
    EntryInSchema,
    EntryQuerySchema,
    EntrySchema,
    ExportQuerySchema,
    SyncInSchema,
    SyncOutSchema,
    ThankedInSchema,
    ThankedOutSchema,
    TotalsSchema,
)
from app.events.models import LedgerEntry
from app.events.resources import blp


@blp.route("/events/<int:event_id>/ledger")
class LedgerEntries(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, 422, security=SIGNED_IN)
    @blp.arguments(EntryQuerySchema, location="query")
    @blp.response(200, EntrySchema(many=True))
    @blp.paginate(page_size=50, max_page_size=200)
    def get(
        self, query: dict[str, Any], event_id: int, pagination_parameters: PaginationParameters
    ) -> list[LedgerEntry]:
        """Sổ mừng / The ledger

        Các mục sổ mừng của những bên người gọi được xem, mới nhất trước; lọc theo bên, người
        mời, hình thức, đơn vị, nhóm khách, đã cảm ơn; tìm `q` theo tên hoặc lời nhắn, không
        cần dấu. Chia trang bằng `page` và `page_size`.

        The ledger entries of the sides the caller reads, newest first; filtered by side,
        owner, method, unit, guest group, thanked; `q` searches names and messages, diacritics
        ignored. Paginated by `page` and `page_size`."""
        found = ledger.entries_of(
            current_user,
            event_id,
            ledger.Filters.of(query),
            pagination_parameters.page,
            pagination_parameters.page_size,
        )
        pagination_parameters.item_count = found.total
        return found.items

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(EntryInSchema)
    @blp.response(201, EntrySchema)
    def post(self, data: dict[str, Any], event_id: int) -> LedgerEntry:
        """Ghi một mục / Add an entry

        Ghi một món mừng vào sổ của một bên mà người gọi được ghi: tiền đồng (số nguyên, tối
        đa 10 tỷ), vàng (chỉ, cây; được có phần lẻ), ngoại tệ hoặc hiện vật; không quy đổi.

        Add a gift to the ledger of a side the caller writes: đồng (whole, at most 10 billion),
        gold (chỉ, cây; fractions allowed), foreign money or a thing; never converted."""
        return ledger.add_entry(current_user, event_id, data)


@blp.route("/events/<int:event_id>/ledger/<int:entry_id>")
class LedgerEntryDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, EntrySchema)
    def get(self, event_id: int, entry_id: int) -> LedgerEntry:
        """Một mục sổ mừng / A ledger entry

        Một mục của sổ mừng mà người gọi được xem.

        An entry of a ledger the caller reads."""
        return ledger.get_entry(current_user, event_id, entry_id)

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(EntryChangeSchema(partial=True))
    @blp.response(200, EntrySchema)
    def patch(self, data: dict[str, Any], event_id: int, entry_id: int) -> LedgerEntry:
        """Sửa một mục / Change an entry

        Sửa các trường được gửi của một mục; các trường khác giữ nguyên.

        Change the given fields of an entry; the others stay as they are."""
        return ledger.update_entry(current_user, event_id, entry_id, data)

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, event_id: int, entry_id: int) -> None:
        """Xoá một mục / Delete an entry

        Xoá một mục khỏi sổ mừng của bên mà người gọi được ghi.

        Delete an entry from the ledger of a side the caller writes."""
        ledger.delete_entry(current_user, event_id, entry_id)


@blp.route("/events/<int:event_id>/ledger/sync", methods=["POST"])
@answers(blp, 400, 401, 404, 422, security=SIGNED_IN)
@blp.arguments(SyncInSchema)
@blp.response(200, SyncOutSchema)
@login_required
def ledger_sync(data: dict[str, Any], event_id: int) -> dict[str, Any]:
    """Gửi các mục nhập khi mất mạng / Sync entries typed offline

    Mỗi mục mang `client_id` (UUID điện thoại tạo lúc nhập). Mục chưa có thì được ghi, mục đã
    có (gửi lại, hai máy cùng gửi) không ghi lần nữa; mục sai bị từ chối kèm lỗi từng trường mà
    không làm mất các mục khác. Kết quả theo từng `client_id`: created, exists hoặc refused.

    Each entry carries a `client_id` (a UUID the phone made when it was typed). An entry not yet
    there is written; one already there (sent again, two phones racing) is not written twice; a
    bad entry is refused with its field errors without losing the others. One result per
    `client_id`: created, exists or refused."""
    results = ledger.sync_entries(current_user, event_id, data["entries"])
    return {"results": [asdict(result) for result in results]}


@blp.route("/events/<int:event_id>/ledger/totals")
@answers(blp, 401, 404, 422, security=SIGNED_IN)
@blp.arguments(EntryQuerySchema, location="query")
@blp.response(200, TotalsSchema)
@login_required
def ledger_totals(query: dict[str, Any], event_id: int) -> ledger.LedgerTotals:
    """Tổng sổ mừng / Ledger totals

    Tổng theo bên, người mời, hình thức, đơn vị và nhóm khách, cộng riêng từng đơn vị (đồng,
    chỉ vàng, cây vàng, từng ngoại tệ, số món hiện vật), không quy đổi; `estimated_vnd` là giá
    trị quy đổi ước tính do chủ nhà ghi cho các món không phải tiền đồng.

    Totals per side, owner, method, unit and guest group, each unit summed apart (đồng, gold
    in chỉ, in cây, each foreign currency, the number of things), never converted;
    `estimated_vnd` is the đồng value the hosts noted for gifts not in đồng."""
    return ledger.totals_of(current_user, event_id, ledger.Filters.of(query))


@blp.route("/events/<int:event_id>/ledger/thanked", methods=["POST"])
@answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
@blp.arguments(ThankedInSchema)
@blp.response(200, ThankedOutSchema)
@login_required
def ledger_thanked(data: dict[str, Any], event_id: int) -> dict[str, int]:
    """Đánh dấu đã cảm ơn / Mark entries thanked

    Đánh dấu (hoặc bỏ dấu, với `thanked: false`) đã cảm ơn cho nhiều mục một lúc: tất cả hoặc
    không mục nào.

    Mark (or unmark, with `thanked: false`) several entries thanked at once: all or none."""
    changed = ledger.mark_thanked(current_user, event_id, data["entry_ids"], data["thanked"])
    return {"changed": changed}


@blp.route("/events/<int:event_id>/ledger/export.<any(csv, xlsx):fmt>")
@answers(blp, 401, 404, 422, security=SIGNED_IN)
@blp.arguments(ExportQuerySchema, location="query")
@blp.response(
    200,
    description="the ledger: CSV (UTF-8 with BOM) or XLSX with STT, Họ tên, Quan hệ, Số tiền, "
    "Hình thức, Ghi chú, Đơn vị, Mời bởi, Ngày nhận, Đã cảm ơn (Bên for every side) and total "
    "rows per unit",
)
@login_required
def ledger_export(query: dict[str, Any], event_id: int, fmt: str) -> Response:
    """Tải sổ mừng / Export the ledger

    Sổ mừng của một bên (`side_id`) hoặc mọi bên người gọi được xem (thêm cột Bên), theo cách
    các gia đình vẫn ghi, có dòng tổng theo từng đơn vị; vàng và ngoại tệ giữ nguyên đơn vị.

    The ledger of one side (`side_id`) or of every side the caller reads (with a Bên column),
    laid out as families keep it, with total rows per unit; gold and foreign money stay in
    their units."""
    body, headers = ledger_exports.export(current_user, event_id, query.get("side_id"), fmt)
    return Response(body, headers=headers)
