"""What the ledger says: its refusals (registered through `app.events.feature`) and the words
of its methods, giver kinds and totals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from flask_babel import lazy_gettext as _l

LEDGER_MESSAGES: Final[Mapping[str, Any]] = {
    "events.ledger_entry_not_found": _l("Không tìm thấy mục này trong sổ mừng."),
    "events.ledger_side_required": _l("Hãy chọn bên nhận mừng."),
    "events.ledger_giver_kind": _l(
        "Người mừng phải là: một người, một hộ gia đình, nhiều người góp chung, người gửi hộ, "
        "hoặc không ghi tên."
    ),
    "events.ledger_name_required": _l("Hãy ghi tên người mừng (hoặc chọn “không ghi tên”)."),
    "events.ledger_on_behalf_required": _l("Hãy ghi người được gửi hộ (mừng thay cho ai)."),
    "events.ledger_guest_other_side": _l("Khách mời này thuộc bên nhận mừng khác."),
    "events.ledger_too_long": _l("Tối đa %(maximum)s ký tự."),
    "events.ledger_method_unknown": _l(
        "Hình thức phải là: chuyển khoản, phong bì, tiền mặt, vàng hoặc hiện vật."
    ),
    "events.ledger_method_gold": _l("Hình thức “vàng” đi cùng đơn vị chỉ vàng hoặc cây vàng."),
    "events.ledger_method_in_kind": _l("Hình thức “hiện vật” đi cùng đơn vị hiện vật."),
    "events.ledger_received_at": _l("Ngày nhận không hợp lệ."),
    "events.ledger_client_id": _l("Mã của mục trên điện thoại (client_id) phải là một UUID."),
    "events.ledger_client_id_taken": _l("Mục này đã có trong sổ mừng."),
    "events.ledger_sync_too_many": _l("Mỗi lần gửi tối đa %(maximum)s mục."),
    "events.ledger_nothing_picked": _l("Hãy chọn ít nhất một mục."),
}

METHOD_LABELS: Final[Mapping[str, Any]] = {
    "transfer": _l("Chuyển khoản"),
    "envelope": _l("Phong bì"),
    "cash": _l("Tiền mặt"),
    "gold": _l("Vàng"),
    "in_kind": _l("Hiện vật"),
}

GIVER_KIND_LABELS: Final[Mapping[str, Any]] = {
    "person": _l("Một người"),
    "household": _l("Hộ gia đình"),
    "together": _l("Nhiều người góp chung"),
    "on_behalf": _l("Gửi hộ"),
    "unnamed": _l("Không ghi tên"),
}

SOURCE_LABELS: Final[Mapping[str, Any]] = {
    "manual": _l("Nhập tay"),
    "matched_transfer": _l("Chuyển khoản tự nhận"),
}

ESTIMATE_LABEL: Final = _l("giá trị quy đổi (ước tính)")
NO_OWNER_LABEL: Final = _l("(chưa ghi)")
