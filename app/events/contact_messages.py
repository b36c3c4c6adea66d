"""What the contacts part of the events feature says: its refusals (registered through
`app.events.feature.FEATURE`) and the labels its pages and files use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from flask_babel import lazy_gettext as _l

CONTACT_MESSAGES: Final[Mapping[str, Any]] = {
    "events.contact_not_found": _l("Không tìm thấy người này trong danh bạ của bạn."),
    "events.gift_not_found": _l("Không tìm thấy món mừng này."),
    "events.entry_not_found": _l("Không tìm thấy dòng sổ mừng này."),
    "events.contact_kind_invalid": _l("Chọn người hoặc hộ gia đình."),
    "events.date_invalid": _l("Ngày không hợp lệ (ví dụ 2024-05-18)."),
    "events.past_date_future": _l("Sổ cũ là của một sự kiện đã qua: ngày không được sau hôm nay."),
    "events.commune_not_found": _l("Không tìm thấy xã/phường này; hãy nhập đúng tên hoặc mã."),
    "events.locality_ambiguous": _l(
        "Có nhiều nơi tên này: %(choices)s. Hãy nhập mã xã/phường (số trong ngoặc)."
    ),
    "events.import_phone": _l("Số điện thoại không hợp lệ: %(value)s."),
    "events.import_amount": _l("Số tiền không đọc được: %(value)s (ví dụ 500000 hoặc 500.000 đ)."),
    "events.import_amount_and_quantity": _l(
        "Ghi số tiền hoặc số lượng với đơn vị, không ghi cả hai."
    ),
    "events.import_unit": _l(
        "Đơn vị không rõ: %(value)s (đ, chỉ, cây, một mã ngoại tệ như USD, hoặc hiện vật)."
    ),
    "events.import_unit_missing": _l("Có số lượng thì cần đơn vị (đ, chỉ, cây, USD, …)."),
    "events.import_method": _l(
        "Hình thức không rõ: %(value)s (chuyển khoản, phong bì, tiền mặt, vàng, hiện vật)."
    ),
    "events.import_nothing_given": _l(
        "Dòng không có số tiền, số lượng hay món quà (ghi món hiện vật ở cột Ghi chú)."
    ),
}

CONTACT_KIND_LABELS: Final[Mapping[str, Any]] = {
    "person": _l("Một người"),
    "household": _l("Hộ gia đình"),
}

#: The kinds of a past event, as the import form offers them.
PAST_EVENT_KIND_LABELS: Final[Mapping[str, Any]] = {
    "dam_cuoi": _l("Đám cưới"),
    "dam_hoi": _l("Đám hỏi"),
    "tan_gia": _l("Tân gia"),
    "thoi_noi": _l("Thôi nôi"),
    "mung_tho": _l("Mừng thọ"),
    "khac": _l("Khác"),
}

METHOD_LABELS: Final[Mapping[str, Any]] = {
    "transfer": _l("Chuyển khoản"),
    "envelope": _l("Phong bì"),
    "cash": _l("Tiền mặt"),
    "gold": _l("Vàng"),
    "in_kind": _l("Hiện vật"),
}

#: The columns of an old ledger file, by key, as the preview names them.
LEDGER_COLUMN_LABELS: Final[Mapping[str, Any]] = {
    "name": _l("Họ tên"),
    "relation": _l("Quan hệ"),
    "amount": _l("Số tiền"),
    "quantity": _l("Số lượng"),
    "unit": _l("Đơn vị"),
    "method": _l("Hình thức"),
    "note": _l("Ghi chú"),
    "phone": _l("Điện thoại"),
    "file": _l("Tệp"),
    "line": _l("Dòng"),
    "currency": _l("Ngoại tệ"),
    "description": _l("Món quà"),
}
