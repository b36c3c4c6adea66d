"""What the audit feature's refusals say: error code → translatable message, registered through
`app.audit.feature.FEATURE`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

MESSAGES: Mapping[str, Any] = {
    "audit.forbidden": _l("Chỉ quản trị viên và cán bộ địa bàn đọc được nhật ký thay đổi."),
    "audit.locality_unknown": _l("Không có địa bàn này."),
    "audit.locality_out_of_reach": _l("Địa bàn này nằm ngoài phạm vi bạn quản lý."),
}
