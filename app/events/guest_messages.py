"""What the guest list says: its refusals (error code → translatable message, registered through
`app.events.feature.FEATURE`), and the words of its pages' choices.

A message's `%(…)s` parameters are the `DomainError`'s keyword arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

GUEST_MESSAGES: Mapping[str, Any] = {
    "events.guest_name_required": _l("Hãy nhập họ tên khách."),
    "events.guest_too_long": _l("Dài %(length)d ký tự, tối đa %(most)d."),
    "events.guest_phone_invalid": _l(
        "Số điện thoại '%(value)s' không hợp lệ; ví dụ 0912 345 678 hoặc +84 912 345 678."
    ),
    "events.guest_phone_taken": _l("Số điện thoại này đã có ở khách %(name)s."),
    "events.guest_side_required": _l("Hãy chọn khách của bên nào."),
    "events.guest_side_unknown": _l("Sự kiện không có bên này."),
    "events.guest_side_not_yours": _l(
        "Bạn là chủ nhà của một bên khác, không thêm hay sửa được khách của %(side)s."
    ),
    "events.guest_code_taken": _l("Mã khách vừa bị trùng; hãy thử lại."),
    "events.guest_code_exhausted": _l("Chưa tạo được mã khách mới; hãy thử lại sau ít phút."),
    # Importing a guest list (app.events.guest_files)
    "events.import_formula_cell": _l(
        "Ô %(cell)s là công thức ('%(value)s'): hãy ghi giá trị, không ghi công thức."
    ),
    "events.import_side_missing": _l(
        "Ghi bên của khách ở cột Bên (%(sides)s), hoặc chọn một bên cho cả tệp."
    ),
    "events.import_side_unknown": _l("Không có bên '%(value)s'; các bên: %(sides)s."),
    "events.import_side_other": _l("Dòng ghi bên %(value)s nhưng cả tệp được nhập cho %(chosen)s."),
    "events.import_phone_taken": _l("Số điện thoại này đã có ở khách %(name)s."),
    "events.import_phone_repeated": _l("Trùng số điện thoại với dòng %(line)d."),
    "events.file_not_utf8": _l(
        "Tệp không phải UTF-8: chữ có dấu bị hỏng (ví dụ '%(sample)s'). Trong Excel hãy chọn "
        "Lưu thành (Save As) > 'CSV UTF-8 (Comma delimited)' rồi tải lên lại, hoặc tải lên "
        "tệp .xlsx."
    ),
    "events.file_columns_unknown": _l(
        "Cột không dùng được: %(unknown)s. Các cột của danh sách khách: %(needed)s "
        "(chỉ Họ tên là bắt buộc)."
    ),
}
