"""What the public pages' rules say when they refuse (RSVP, wishes, the table card), registered
through `app.events.feature.FEATURE`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

PUBLIC_MESSAGES: Mapping[str, Any] = {
    "events.name_required": _l("Xin cho biết tên của bạn."),
    "events.name_too_long": _l("Tên quá dài: tối đa %(most)s ký tự."),
    "events.wish_required": _l("Xin viết lời chúc."),
    "events.wish_too_long": _l(
        "Lời chúc quá dài: %(got)s ký tự, tối đa %(most)s ký tự. Xin viết ngắn lại."
    ),
    "events.answer_unknown": _l("Xin chọn: sẽ đến, chưa chắc hay không đến được."),
    "events.people_range": _l("Số người đi cùng phải là số nguyên từ 0 đến 50."),
    "events.side_unknown": _l("Xin chọn bên nhà mà bạn trả lời."),
    "events.replies_closed": _l(
        "Sự kiện đã kết thúc nên không nhận trả lời hay lời chúc nữa. Cảm ơn tấm lòng của bạn!"
    ),
    "events.wish_not_found": _l("Không tìm thấy lời chúc này."),
    "events.card_size": _l("Khổ thiệp phải là A5 hoặc A6."),
    "events.card_no_account": _l(
        "Chưa bên nào có tài khoản nhận mừng để in mã QR: thêm tài khoản cho một bên trước."
    ),
}
