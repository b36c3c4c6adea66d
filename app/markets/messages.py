"""What the markets feature says: its refusals (error code → translatable message, registered
through `app.markets.feature.FEATURE`) and the labels of its kinds, statuses and reasons.

A message's `%(…)s` parameters are the `DomainError`'s keyword arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.spreadsheets import REASONS

MESSAGES: Mapping[str, Any] = {
    "markets.forbidden": _l("Bạn không quản lý địa bàn này."),
    "markets.required": _l("Không được để trống."),
    "markets.market_not_found": _l("Không tìm thấy chợ này."),
    "markets.stall_not_found": _l("Không tìm thấy sạp này."),
    "markets.street_not_found": _l("Không tìm thấy tuyến phố này."),
    "markets.vendor_not_found": _l("Không tìm thấy tiểu thương này."),
    "markets.account_not_found": _l("Không tìm thấy tài khoản này."),
    "markets.criterion_not_found": _l("Không tìm thấy tiêu chí này."),
    "markets.user_not_found": _l("Không tìm thấy người dùng này."),
    "markets.locality_not_found": _l("Không tìm thấy địa bàn này."),
    "markets.locality_level": _l(
        "Chợ và tuyến phố thuộc một xã/phường (từ 2025) hoặc thôn/ấp/khu phố của nó; "
        "'%(name)s' không phải."
    ),
    "markets.kind_invalid": _l("Chọn loại chợ trong danh sách."),
    "markets.sign_page": _l("Khổ giấy phải là một trong: %(pages)s."),
    "markets.no_primary_account": _l(
        "Tiểu thương chưa có tài khoản nhận chính nên chưa có biển mã."
    ),
    "markets.stall_number_taken": _l("Số sạp '%(number)s' đã có trong chợ này."),
    "markets.vendor_elsewhere": _l("Tiểu thương '%(name)s' không thuộc chợ này."),
    "markets.place_missing": _l("Chọn chợ hoặc tuyến phố nơi tiểu thương buôn bán."),
    "markets.place_both": _l("Một tiểu thương thuộc một chợ hoặc một tuyến phố, không cả hai."),
    "markets.stalls_without_market": _l("Chỉ tiểu thương trong chợ mới có sạp."),
    "markets.stall_elsewhere": _l("Sạp '%(number)s' không thuộc chợ này."),
    "markets.stall_held": _l("Sạp '%(number)s' đã có người khác đứng tên."),
    "markets.sign_code_taken": _l("Mã biển vừa được cấp cho người khác; hãy thử lại."),
    "markets.sign_code_exhausted": _l("Không cấp được mã biển mới; hãy thử lại sau."),
    "markets.account_duplicate": _l("Tài khoản này ở ngân hàng này đã có trong danh sách."),
    "markets.second_primary": _l(
        "Tiểu thương đã có tài khoản chính; hãy đặt tài khoản này làm chính sau khi thêm."
    ),
    "markets.primary_required": _l(
        "Phải có đúng một tài khoản chính: hãy đặt tài khoản khác làm chính."
    ),
    "markets.primary_in_use": _l(
        "Đây là tài khoản chính: hãy đặt tài khoản khác làm chính trước khi xoá."
    ),
    "markets.status_invalid": _l("Chọn một trạng thái trong danh sách."),
    "markets.reason_missing": _l("Hãy chọn lý do."),
    "markets.reason_unexpected": _l("Chỉ ghi lý do khi ngừng hoặc không tham gia."),
    "markets.reason_invalid": _l("Chọn một lý do trong danh sách."),
    "markets.step_in_future": _l("Ngày không được sau hôm nay."),
    "markets.criterion_duplicate": _l("Tiêu chí '%(name)s' đã có."),
    "markets.criteria_missing": _l("Chọn ít nhất một tiêu chí đạt."),
    "markets.decision_in_future": _l("Ngày quyết định không được sau hôm nay."),
    "markets.decision_duplicate": _l("Quyết định số '%(number)s' đã được ghi cho chợ này."),
    "markets.nothing_to_print": _l(
        "Chưa có biển nào để in: %(no_account)s tiểu thương chưa có tài khoản chính, "
        "%(pending)s đang chờ duyệt."
    ),
    "markets.print_job_not_found": _l("Không tìm thấy lượt in biển này (có thể đã quá một ngày)."),
    "markets.print_not_ready": _l("Tệp biển chưa in xong nên chưa tải về được."),
    "markets.print_job_busy": _l("Lượt in này đang chạy hoặc đã xong; không cần chạy lại."),
    "markets.print_queue_down": _l("Hàng đợi in đang không hoạt động; hãy thử lại sau ít phút."),
    # self-registration and approval (app.markets.registration)
    "markets.photo_not_vietqr": _l(
        "Ảnh không có mã VietQR chuyển khoản hợp lệ; hãy chụp rõ mã QR của ngân hàng."
    ),
    "markets.stall_unknown": _l("Chợ này không có sạp số '%(number)s'."),
    "markets.stall_pending": _l(
        "Sạp '%(number)s' đang có một đăng ký chờ duyệt; hãy liên hệ ban quản lý chợ."
    ),
    "markets.registration_phone_taken": _l("Số điện thoại này đã đăng ký ở nơi này."),
    "markets.registration_account_taken": _l("Tài khoản này đã đăng ký ở nơi này."),
    "markets.not_pending": _l("Đăng ký của '%(name)s' không còn chờ duyệt."),
    "markets.reason_too_long": _l("Lý do quá dài: tối đa %(limit)s ký tự."),
    # Importing a roster from a file (app.markets.imports)
    "markets.rows_with_errors": _l(
        "%(bad)d/%(total)d dòng có lỗi; chưa ghi dòng nào. Sửa tệp rồi nhập lại."
    ),
    "markets.import_no_rows": _l("Tệp không có dòng dữ liệu nào."),
    "markets.confirmation_unreadable": _l("Dữ liệu xác nhận không hợp lệ; hãy tải tệp lên lại."),
    "markets.import_formula": _l(
        "Ô '%(value)s' là công thức bảng tính (bắt đầu bằng '='): hãy ghi giá trị, không ghi "
        "công thức."
    ),
    "markets.import_formula_cell": _l(
        "Ô %(cell)s ('%(value)s') là công thức bảng tính: hãy ghi giá trị, không ghi công thức."
    ),
    "markets.import_too_long": _l("Dài %(length)d ký tự, tối đa %(most)d."),
    "markets.import_market_only": _l("Cột này chỉ dùng cho chợ, không dùng cho tuyến phố."),
    "markets.import_street_only": _l("Cột này chỉ dùng cho tuyến phố, không dùng cho chợ."),
    "markets.import_phone": _l("Số điện thoại '%(value)s' không hợp lệ."),
    "markets.import_phone_taken": _l("Số điện thoại này đã có: %(name)s."),
    "markets.import_phone_repeated": _l("Trùng số điện thoại với dòng %(line)d."),
    "markets.import_stall_taken": _l("Sạp '%(number)s' đã có người đứng tên: %(name)s."),
    "markets.import_stall_repeated": _l("Sạp '%(number)s' trùng với dòng %(line)d."),
    "markets.import_bank_missing": _l("Có số tài khoản thì phải ghi ngân hàng."),
    "markets.import_bank_unknown": _l(
        "Không tìm thấy ngân hàng '%(value)s': ghi tên ngắn (VietinBank), mã (ICB) hoặc BIN."
    ),
    "markets.import_account_taken": _l("Tài khoản này đã có: %(name)s."),
    "markets.import_account_repeated": _l("Trùng tài khoản với dòng %(line)d."),
    "markets.import_taking_part_missing": _l("Ghi 'có' hoặc 'không' ở cột Tham gia."),
    "markets.import_taking_part_invalid": _l(
        "Cột Tham gia ghi '%(value)s': hãy ghi 'có' hoặc 'không'."
    ),
    "markets.import_reason_invalid": _l(
        "Lý do '%(value)s' không có trong danh sách; dùng một trong: %(allowed)s."
    ),
    # A file that cannot be read: the kernel reader's reasons (their msgids are marked there).
    **{f"markets.file_{reason}": _l(template) for reason, template in REASONS.items()},
}

MARKET_KIND_LABELS: Mapping[str, Any] = {
    "hang_1": _l("Chợ hạng I"),
    "hang_2": _l("Chợ hạng II"),
    "hang_3": _l("Chợ hạng III"),
    "tam": _l("Chợ tạm"),
    "dem": _l("Chợ đêm"),
    "diem_kinh_doanh": _l("Điểm kinh doanh"),
}

STATUS_LABELS: Mapping[str, Any] = {
    "enrolled": _l("Đã đăng ký"),
    "qr_displayed": _l("Đã treo mã QR"),
    "receiving": _l("Đang nhận chuyển khoản"),
    "stopped": _l("Đã ngừng"),
    "not_taking_part": _l("Không tham gia"),
}
#: A vendor with no step yet.
NO_STATUS_LABEL = _l("Chưa ghi nhận")

REASON_LABELS: Mapping[str, Any] = {
    "no_smartphone": _l("Không có điện thoại thông minh"),
    "elderly": _l("Người cao tuổi"),
    "tax_fears": _l("Lo ngại về thuế"),
    "prefers_cash": _l("Thích dùng tiền mặt"),
    "not_reached": _l("Chưa được tiếp cận"),
    "other": _l("Lý do khác"),
}

SERVICE_LABELS: Mapping[str, Any] = {"account": _l("Tài khoản"), "card": _l("Thẻ")}

REGISTRATION_LABELS: Mapping[str, Any] = {
    "pending": _l("Chờ duyệt"),
    "approved": _l("Đã duyệt"),
}

#: The columns of a roster file (app.markets.vendor_files), as the import's preview heads them.
COLUMN_LABELS: Mapping[str, Any] = {
    "name": _l("Họ tên"),
    "phone": _l("Điện thoại"),
    "goods": _l("Mặt hàng"),
    "stall": _l("Số sạp"),
    "section": _l("Khu"),
    "house_number": _l("Số nhà"),
    "business_kind": _l("Loại hình kinh doanh"),
    "bank": _l("Ngân hàng"),
    "account": _l("Số tài khoản"),
    "holder_name": _l("Chủ tài khoản"),
    "taking_part": _l("Tham gia"),
    "reason": _l("Lý do"),
    "note": _l("Ghi chú"),
}

#: A print job's states (app.markets.printing).
PRINT_STATUS_LABELS: Mapping[str, Any] = {
    "queued": _l("Đang chờ in"),
    "running": _l("Đang in"),
    "done": _l("Đã in xong"),
    "failed": _l("In không được"),
}
