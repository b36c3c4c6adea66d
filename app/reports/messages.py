"""What the dashboard's refusals say: error code → translatable message (`DomainError` codes
raised by `app.reports.dashboard`), registered through `app.reports.feature.FEATURE`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

MESSAGES: Mapping[str, Any] = {
    "reports.sign_in": _l("Hãy đăng nhập để xem báo cáo."),
    "reports.country_admins_only": _l(
        "Chỉ quản trị viên xem được số liệu cả nước; hãy chọn một địa bàn bạn phụ trách."
    ),
    "reports.no_scope": _l(
        "Tài khoản của bạn chưa được giao địa bàn nào; hãy hỏi cán bộ phụ trách để được cấp quyền."
    ),
    "reports.locality_not_found": _l("Không tìm thấy địa bàn này."),
    "reports.outside_scope": _l(
        "'%(name)s' nằm ngoài địa bàn bạn phụ trách: bạn chỉ xem được báo cáo của địa bàn mình."
    ),
    "reports.legacy_locality": _l(
        "'%(name)s' là đơn vị trước năm 2025; báo cáo tính theo đơn vị hành chính từ 2025."
    ),
    "reports.future_date": _l("Ngày %(day)s chưa tới: hãy chọn hôm nay hoặc một ngày đã qua."),
    "reports.bad_date": _l("'%(value)s' không phải một ngày (năm-tháng-ngày, ví dụ 2026-11-14)."),
    "reports.months_range": _l("Số tháng phải từ %(minimum)s đến %(maximum)s."),
    "reports.indicator_not_found": _l("Không có chỉ tiêu '%(value)s'."),
}
