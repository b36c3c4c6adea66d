"""What the teams feature's refusals say: error code → translatable message, for the codes its
services, pages and API raise as `DomainError`s; and the words of its codes (roles, pilot
kinds). Registered through `app.teams.feature.FEATURE`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.spreadsheets import REASONS

ROLE_LABELS: Mapping[str, Any] = {
    "to_truong": _l("Tổ trưởng"),
    "to_pho": _l("Tổ phó"),
    "to_vien": _l("Tổ viên"),
}
PILOT_KIND_LABELS: Mapping[str, Any] = {
    "cho_40": _l("Chợ 4.0"),
    "tuyen_duong": _l("Tuyến đường không dùng tiền mặt"),
    "to_tu_quan": _l("Tổ nhân dân tự quản chuyển đổi số"),
    "qr_mung_cuoi": _l("QR mừng cưới"),
    "khac": _l("Mô hình khác"),
}

MESSAGES: Mapping[str, Any] = {
    "teams.forbidden": _l("Bạn không có quyền ghi dữ liệu tổ công nghệ số ở địa bàn này."),
    "teams.admin_only": _l("Chỉ quản trị viên sửa được danh sách chủ đề."),
    "teams.required": _l("Thiếu thông tin bắt buộc."),
    "teams.locality_not_found": _l("Không tìm thấy địa bàn."),
    "teams.no_unit": _l(
        "Tài khoản của bạn chưa được giao địa bàn nào: hãy nhờ quản trị viên giao quyền cán bộ "
        "hoặc người xem của một xã, phường hay tỉnh."
    ),
    "teams.locality_legacy": _l(
        "Tổ chỉ lập ở đơn vị hành chính từ 01/07/2025; '%(name)s' là đơn vị trước 2025."
    ),
    "teams.team_not_found": _l("Không tìm thấy tổ công nghệ số."),
    "teams.member_not_found": _l("Không tìm thấy thành viên."),
    "teams.activity_not_found": _l("Không tìm thấy hoạt động."),
    "teams.topic_not_found": _l("Không tìm thấy chủ đề."),
    "teams.pilot_not_found": _l("Không tìm thấy mô hình điểm."),
    "teams.date_in_future": _l("Ngày này chưa đến."),
    "teams.dates_order": _l("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
    "teams.team_overlap": _l(
        "%(locality)s đã có tổ '%(name)s' hoạt động trong khoảng thời gian này (từ %(since)s); "
        "mỗi địa bàn chỉ có một tổ tại một thời điểm: hãy giải thể hoặc tái lập tổ đó."
    ),
    "teams.already_dissolved": _l("Tổ này đã giải thể."),
    "teams.dissolved_before_founded": _l("Ngày giải thể phải sau ngày thành lập."),
    "teams.reform_before_founded": _l(
        "Tổ mới phải thành lập sau ngày thành lập của tổ được thay thế."
    ),
    "teams.team_dissolved": _l("Tổ đã giải thể ngày %(day)s: không ghi thêm được."),
    "teams.role_invalid": _l("Vai trò phải là tổ trưởng, tổ phó hoặc tổ viên."),
    "teams.phone_invalid": _l("Số điện thoại '%(value)s' không hợp lệ."),
    "teams.member_in_team": _l(
        "%(person)s đã là thành viên tổ '%(team)s' của %(locality)s trong khoảng thời gian này; "
        "một người chỉ ở một tổ của mỗi địa bàn tại một thời điểm."
    ),
    "teams.member_before_team": _l("Ngày vào tổ phải từ ngày thành lập tổ (%(day)s) trở đi."),
    "teams.activity_outside_team": _l(
        "Ngày hoạt động phải trong thời gian tổ hoạt động (từ %(since)s)."
    ),
    "teams.topic_retired": _l("Chủ đề '%(name)s' đã ngừng dùng."),
    "teams.outcome_negative": _l("Số người của kết quả '%(name)s' không được âm."),
    "teams.count_negative": _l("Không được âm."),
    "teams.topic_code_taken": _l("Mã chủ đề '%(value)s' đã có."),
    "teams.topic_code_invalid": _l(
        "Mã chủ đề chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới (tối đa 40 ký tự)."
    ),
    "teams.pilot_kind_invalid": _l("Loại mô hình không hợp lệ."),
    # Importing members and activities
    "teams.rows_with_errors": _l(
        "%(bad)d trên %(total)d dòng có lỗi; chưa ghi dòng nào. Hãy sửa tệp rồi tải lên lại."
    ),
    "teams.import_no_rows": _l("Tệp không có dòng dữ liệu nào."),
    "teams.import_formula": _l(
        "'%(value)s' bắt đầu bằng '=': ô giống công thức bảng tính, không được chấp nhận."
    ),
    "teams.import_too_long": _l("Dài %(length)d ký tự, tối đa %(most)d."),
    "teams.import_date": _l("Ngày '%(value)s' không đọc được (ghi dạng 25/03/2026)."),
    "teams.import_number": _l("'%(value)s' không phải số nguyên không âm."),
    "teams.import_role": _l("Vai trò '%(value)s' không hợp lệ: tổ trưởng, tổ phó hoặc tổ viên."),
    "teams.import_repeated": _l("Trùng người với dòng %(line)d."),
    "teams.import_activity_recorded": _l("Tổ đã có hoạt động cùng ngày, chủ đề và địa điểm này."),
    "teams.import_topic": _l("Không có chủ đề '%(value)s' trong danh sách đang dùng."),
    **{f"teams.file_{reason}": _l(template) for reason, template in REASONS.items()},
}
