"""What the periodic reports' refusals say (entered figures, reports, targets): error code →
translatable message, registered through `app.reports.feature.FEATURE`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

PERIOD_MESSAGES: Mapping[str, Any] = {
    "reports.forbidden": _l("Bạn không quản lý địa bàn này."),
    "reports.indicator_unknown": _l("Không có chỉ tiêu '%(value)s'."),
    "reports.period_invalid": _l(
        "'%(value)s' không phải kỳ báo cáo (ví dụ 2026-11, 2026-Q4, 2026)."
    ),
    "reports.period_future": _l("%(period)s chưa bắt đầu: không nhập số liệu cho kỳ tương lai."),
    "reports.period_locked": _l(
        "Báo cáo %(period)s của %(unit)s đã nộp hoặc đã duyệt: "
        "phải mở lại báo cáo trước khi sửa số liệu."
    ),
    "reports.denominator_missing": _l("Chỉ tiêu tỷ lệ cần mẫu số (%(label)s)."),
    "reports.denominator_not_share": _l("Chỉ tiêu này là số đếm, không có mẫu số."),
    "reports.over_denominator": _l("Tử số (%(numerator)s) lớn hơn mẫu số (%(denominator)s)."),
    "reports.source_missing": _l(
        "Ghi rõ nguồn số liệu (ví dụ: danh sách của ngân hàng, thôn tự đếm)."
    ),
    "reports.figure_exists": _l("Chỉ tiêu này đã có số liệu cho kỳ này."),
    "reports.figure_not_found": _l("Không tìm thấy số liệu."),
    "reports.report_legacy": _l(
        "Đơn vị trước 2025 không lập báo cáo: số liệu được quy đổi sang đơn vị mới."
    ),
    "reports.report_exists": _l("Báo cáo kỳ này đã có."),
    "reports.report_not_draft": _l("Báo cáo đã nộp: phải mở lại trước khi sửa."),
    "reports.report_not_submitted": _l("Chỉ duyệt được báo cáo đã nộp."),
    "reports.report_is_draft": _l("Báo cáo đang soạn, không cần mở lại."),
    "reports.not_approver": _l("Chỉ cấp trên (hoặc quản trị viên) duyệt hoặc mở lại báo cáo này."),
    "reports.warnings_unexplained": _l("Còn %(count)s cảnh báo chưa sửa hoặc giải trình."),
    "reports.explanation_missing": _l("Sửa số liệu hoặc giải trình cảnh báo này."),
    "reports.reason_missing": _l("Ghi lý do mở lại."),
    "reports.target_not_found": _l("Không tìm thấy chỉ tiêu kế hoạch."),
    "reports.target_exists": _l("Địa bàn đã có chỉ tiêu kế hoạch này cho năm đó."),
    "reports.target_value_invalid": _l("Chỉ tiêu kế hoạch phải là số không âm."),
    "reports.target_over_100": _l("Tỷ lệ không vượt quá 100%% (đã nhập %(value)s%%)."),
    "reports.target_count_whole": _l("Chỉ tiêu số đếm phải là số nguyên."),
    "reports.target_year": _l("Năm từ %(low)s đến %(high)s."),
}
