"""What the events feature says: its refusals (error code → translatable message, registered
through `app.events.feature.FEATURE`).

A message's `%(…)s` parameters are the `DomainError`'s keyword arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.spreadsheets import REASONS

MESSAGES: Mapping[str, Any] = {
    "events.event_not_found": _l("Không tìm thấy sự kiện này."),
    "events.side_not_found": _l("Không tìm thấy bên nhận mừng này."),
    "events.guest_not_found": _l("Không tìm thấy khách mời này."),
    "events.ledger_read_only": _l(
        "Sổ mừng của bên này chỉ được chia sẻ để xem; chỉ chủ nhà của bên đó mới ghi được."
    ),
    "events.ceremony_not_found": _l("Không tìm thấy nghi lễ này."),
    "events.host_not_found": _l("Không tìm thấy chủ nhà này."),
    "events.required": _l("Không được để trống."),
    "events.kind_invalid": _l("Chọn loại sự kiện trong danh sách."),
    "events.locality_not_found": _l("Không tìm thấy địa bàn này."),
    "events.locality_level": _l(
        "Sự kiện thuộc một xã/phường (từ 2025) hoặc thôn/ấp/khu phố của nó; '%(name)s' không phải."
    ),
    "events.side_required": _l("Sự kiện cần ít nhất một bên nhận mừng."),
    "events.too_many_sides": _l("Một sự kiện có nhiều nhất %(most)s bên nhận mừng."),
    "events.side_code_taken": _l("Mã của bên nhận mừng vừa được cấp cho bên khác; hãy thử lại."),
    "events.side_code_exhausted": _l("Không cấp được mã cho bên nhận mừng; hãy thử lại sau."),
    "events.last_side": _l("Sự kiện phải còn ít nhất một bên nhận mừng."),
    "events.side_in_use": _l(
        "Bên này còn %(guests)s khách mời và %(gifts)s món mừng: hãy chuyển hoặc xoá chúng "
        "trước khi xoá bên."
    ),
    "events.year_range": _l("Ngày phải trong khoảng năm %(first)s đến năm %(last)s."),
    "events.ends_before_start": _l("Giờ kết thúc phải sau giờ bắt đầu."),
    "events.map_url_https": _l(
        "Đường dẫn bản đồ phải là một địa chỉ https:// đầy đủ (ví dụ từ Google Maps)."
    ),
    "events.no_account": _l(
        "Không có tài khoản nào với email/số điện thoại '%(login)s'; hãy nhờ người đó đăng ký "
        "trước."
    ),
    "events.already_host": _l("'%(login)s' đã là chủ nhà của sự kiện này."),
    "events.owner_stays": _l("Không thể xoá người tạo sự kiện khỏi danh sách chủ nhà."),
    "events.cohost_removes_self": _l(
        "Đồng chủ nhà chỉ có thể tự rời sự kiện; chỉ người tạo sự kiện mới xoá được người khác."
    ),
    "events.whole_event_only": _l(
        "Chỉ chủ nhà của cả sự kiện mới làm được việc này; bạn là chủ nhà của một bên."
    ),
    "events.other_side": _l("Bạn chỉ sửa được bên nhận mừng của mình."),
    "events.owner_only": _l("Chỉ người tạo sự kiện mới xoá được sự kiện."),
    "events.too_long": _l("Quá dài: tối đa %(limit)s ký tự."),
    # Importing a file (guest lists, old paper ledgers), through app.file_imports
    "events.rows_with_errors": _l(
        "%(bad)s trên %(total)s dòng có lỗi; chưa ghi dòng nào. Sửa các dòng đó rồi tải lên lại."
    ),
    "events.import_no_rows": _l("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."),
    "events.import_formula": _l(
        "Ô bắt đầu bằng dấu = là công thức ('%(value)s'): hãy ghi giá trị, không ghi công thức."
    ),
    "events.confirmation_unreadable": _l(
        "Không đọc được các dòng đã xem trước; hãy tải tệp lên lại."
    ),
    **{f"events.file_{reason}": _l(template) for reason, template in REASONS.items()},
}

#: The kinds of event as people say them.
EVENT_KIND_LABELS: Mapping[str, Any] = {
    "dam_cuoi": _l("Đám cưới"),
    "dam_hoi": _l("Đám hỏi"),
    "tan_gia": _l("Tân gia"),
    "thoi_noi": _l("Thôi nôi"),
    "mung_tho": _l("Mừng thọ"),
    "khac": _l("Sự kiện khác"),
}

#: A host's role.
HOST_ROLE_LABELS: Mapping[str, Any] = {
    "owner": _l("Người tạo"),
    "cohost": _l("Đồng chủ nhà"),
}
