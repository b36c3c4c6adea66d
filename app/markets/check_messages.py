"""What the swapped-sign checks say: their refusals (error code → translatable message, merged
into the markets feature's messages) and the labels of their results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

CHECK_MESSAGES: Mapping[str, Any] = {
    "markets.check_nothing": _l("Dán nội dung mã QR trên biển, hoặc gửi ảnh chụp biển."),
    "markets.check_too_many": _l("Gửi tối đa %(most)s mã một lần."),
    "markets.sign_code_not_text": _l("Mã biển phải là chữ và số."),
    "markets.sign_code_empty": _l("Nhập mã biển in trên biển (ví dụ QT3K7MX9AN)."),
    "markets.sign_code_bad_character": _l(
        "Mã biển không có ký tự '%(character)s'; hãy xem lại mã in trên biển."
    ),
    "markets.sign_code_bad_length": _l(
        "Mã biển có %(expected)s chữ và số, đây có %(got)s; hãy xem lại mã in trên biển."
    ),
    "markets.sign_code_unknown_prefix": _l(
        "Đây không phải mã biển của tiểu thương (mã biển bắt đầu bằng QT)."
    ),
    "markets.sign_code_bad_check": _l(
        "Mã biển sai ký tự kiểm tra: có thể gõ nhầm; hãy xem lại mã in trên biển."
    ),
    "markets.stall_empty": _l("Sạp '%(number)s' chưa có ai đứng tên."),
    "markets.round_not_found": _l("Không tìm thấy lượt kiểm tra này."),
    "markets.check_not_found": _l("Không tìm thấy lần kiểm tra biển này."),
    "markets.round_finished": _l("Lượt kiểm tra này đã kết thúc; hãy bắt đầu lượt mới."),
    "markets.note_too_long": _l("Ghi chú quá dài: tối đa %(most)s ký tự."),
    "markets.check_not_problem": _l("Biển này không có sai lệch cần xử lý."),
    "markets.check_resolved": _l("Sai lệch này đã được xử lý rồi."),
}

#: A saved check's result, as officers read it.
CHECK_RESULT_LABELS: Mapping[str, Any] = {
    "ok": _l("Đúng"),
    "mismatch": _l("Sai lệch"),
    "not_registered": _l("Chưa đăng ký"),
    "unchecked": _l("Không kiểm tra được"),
}
