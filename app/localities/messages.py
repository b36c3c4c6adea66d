"""What the localities feature's refusals say: error code → translatable message, for the codes
its services, pages and API raise as `DomainError`s; registered through
`app.localities.feature.FEATURE`.

A message's `%(…)s` parameters are the `DomainError`'s keyword arguments; a parameter may not be
named `code` or `field` (the error's own arguments), hence `value` for a hamlet's code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.localities.hamlet_files import REASONS

MESSAGES: Mapping[str, Any] = {
    # Where hamlets go
    "localities.commune_not_found": _l("Không tìm thấy xã/phường để thêm thôn/ấp."),
    "localities.parent_not_commune": _l(
        "Thôn/ấp chỉ thêm được dưới một xã/phường/đặc khu (từ 2025); '%(name)s' là %(kind)s."
    ),
    "localities.parent_legacy": _l(
        "Thôn/ấp chỉ thêm được dưới một xã/phường/đặc khu (từ 2025); "
        "'%(name)s' là %(kind)s (trước 2025)."
    ),
    # Changing a hamlet (official units follow the catalogue)
    "localities.only_hamlets_change": _l(
        "Chỉ sửa được thôn/ấp; '%(name)s' là đơn vị hành chính chính thức."
    ),
    "localities.hamlet_retired": _l("'%(name)s' đã ngừng dùng: hãy khôi phục trước khi sửa."),
    "localities.move_other_province": _l(
        "Chỉ chuyển được sang một xã/phường khác của %(province)s; '%(name)s' ở tỉnh khác."
    ),
    # A hamlet's name, type and code (one hamlet, or a row of a list)
    "localities.formula": _l(
        "'%(value)s' bắt đầu bằng '%(first)s': ô giống công thức bảng tính, không được chấp nhận"
    ),
    "localities.name_missing": _l("Thiếu tên."),
    "localities.name_too_long": _l("Tên dài %(length)d ký tự, tối đa %(most)d."),
    "localities.name_without_letters": _l("Tên phải có chữ hoặc số."),
    "localities.hamlet_duplicate": _l("'%(name)s' đã có trong %(commune)s."),
    "localities.hamlet_duplicate_retired": _l(
        "'%(name)s' đã có trong %(commune)s nhưng đã ngừng dùng: hãy khôi phục thay vì thêm mới."
    ),
    "localities.name_repeated": _l("Trùng tên với dòng %(line)d."),
    "localities.kind_missing": _l("Thiếu loại (thôn, ấp, bản, khu phố, tổ dân phố …)."),
    "localities.kind_invalid": _l("Loại '%(kind)s' không hợp lệ; dùng một trong: %(allowed)s."),
    "localities.code_invalid": _l(
        "Mã '%(value)s' không hợp lệ: tối đa 20 chữ, số, '.', '_' hoặc '-'."
    ),
    "localities.code_taken": _l("Mã '%(value)s' đã dùng cho '%(name)s'."),
    "localities.code_repeated": _l("Trùng mã với dòng %(line)d."),
    # Lists of hamlets (files, confirmed previews)
    "localities.rows_with_errors": _l(
        "%(bad)d/%(total)d dòng có lỗi; chưa ghi dòng nào. Sửa tệp rồi nhập lại."
    ),
    "localities.no_rows": _l("Tệp không có dòng dữ liệu nào."),
    "localities.confirmation_unreadable": _l("Dữ liệu xác nhận không hợp lệ; hãy tải tệp lên lại."),
    # A file that cannot be read: the pure reader's reasons (their msgids are marked there).
    **{f"localities.file_{reason}": _l(template) for reason, template in REASONS.items()},
    # Looking an official unit up by code (API only; its texts have always been English).
    "localities.era_unknown": "Unknown era '%(era)s': use one of %(eras)s.",
    "localities.level_unknown": "Unknown level '%(level)s': use province, district or commune.",
    "localities.code_unknown": "No %(era)s %(level)s has code '%(value)s'.",
}
