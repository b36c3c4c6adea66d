"""Vietnamese (and English) wording of the core's refusals and defects, for people.

The core speaks English to programs ("purpose: got 31 characters, at most 25 allowed"); the
pages explain the same thing in the person's language, beside the field.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext

FIELD_RULES = {
    "bank": lazy_gettext("Không tìm thấy ngân hàng này. Chọn trong danh sách hoặc nhập mã BIN."),
    "account": lazy_gettext(
        "Số tài khoản gồm 1–19 chữ cái hoặc chữ số (dấu cách, dấu chấm, gạch ngang được bỏ qua); "
        "số thẻ gồm 16–19 chữ số."
    ),
    "amount": lazy_gettext(
        "Số tiền là số nguyên dương tính bằng đồng, chỉ gồm chữ số, tối đa 13 chữ số "
        "(ví dụ 50000, không viết 50.000)."
    ),
    "purpose": lazy_gettext(
        "Nội dung tối đa 25 ký tự: chữ, số, dấu cách và - . _ (dấu tiếng Việt được bỏ)."
    ),
    "bill_number": lazy_gettext("Số hóa đơn tối đa 25 ký tự: chữ, số, dấu cách và - . _"),
    "reference": lazy_gettext("Mã tham chiếu tối đa 25 ký tự: chữ, số, dấu cách và - . _"),
    "account_name": lazy_gettext("Tên chủ tài khoản in trên biển dài tối đa 50 ký tự."),
    "service": lazy_gettext("Chọn chuyển đến tài khoản hoặc đến thẻ."),
    "initiation": lazy_gettext("Chọn mã dùng nhiều lần (tĩnh) hoặc một lần (động)."),
    "payload": lazy_gettext("Nội dung này quá dài để là một mã QR."),
}

DEFECTS = {
    "bad_crc": lazy_gettext("Mã kiểm tra (CRC) sai: mã đã bị sửa hoặc chép thiếu."),
    "crc_missing": lazy_gettext("Thiếu mã kiểm tra CRC (trường 63) ở cuối mã."),
    "bad_length": lazy_gettext("Độ dài khai báo của một trường không khớp với nội dung."),
    "truncated": lazy_gettext("Mã bị cắt cụt: thiếu phần cuối."),
    "non_ascii": lazy_gettext(
        "Mã chứa ký tự có dấu hoặc ký tự đặc biệt; nhiều ứng dụng ngân hàng sẽ từ chối."
    ),
    "unknown_bin": lazy_gettext("Mã ngân hàng (BIN) không có trong danh bạ NAPAS."),
    "static_with_amount": lazy_gettext(
        "Mã tĩnh (dùng nhiều lần) nhưng lại có số tiền; nên dùng mã động."
    ),
    "dynamic_without_amount": lazy_gettext("Mã động (dùng một lần) nhưng không có số tiền."),
    "bad_format_indicator": lazy_gettext("Trường đầu tiên (00) phải là 01."),
    "bad_amount": lazy_gettext("Số tiền không phải là số nguyên dương hợp lệ."),
    "bad_currency": lazy_gettext("Đơn vị tiền tệ không phải đồng Việt Nam (704)."),
    "bad_country": lazy_gettext("Mã quốc gia không phải VN."),
    "too_long": lazy_gettext("Mã dài hơn 512 ký tự."),
    "missing_tag": lazy_gettext("Thiếu một trường bắt buộc."),
    "not_vietqr": lazy_gettext("Đây không phải mã chuyển khoản VietQR của NAPAS."),
    "duplicate_tag": lazy_gettext("Một trường xuất hiện hai lần."),
    "field_too_long": lazy_gettext("Một trường dài hơn giới hạn cho phép."),
    "lowercase_crc": lazy_gettext("Mã kiểm tra viết chữ thường (vẫn được chấp nhận)."),
    "bad_tag": lazy_gettext("Mã bị hỏng: tên một trường không phải hai chữ số."),
    "non_printable": lazy_gettext("Mã chứa ký tự điều khiển không in được."),
    "bad_order": lazy_gettext("Các trường sai thứ tự: 00 phải đứng đầu, 63 (CRC) phải ở cuối."),
    "bad_initiation": lazy_gettext("Trường 01 phải là 11 (mã tĩnh) hoặc 12 (mã động)."),
    "bad_template": lazy_gettext("Một nhóm trường lồng nhau bị hỏng."),
    "bad_bin": lazy_gettext("Mã ngân hàng (BIN) phải gồm 6 chữ số."),
    "bad_account": lazy_gettext("Số tài khoản hoặc số thẻ chứa ký tự không hợp lệ."),
    "bad_mcc": lazy_gettext("Mã ngành hàng (trường 52) phải gồm 4 chữ số."),
    "unsupported_service": lazy_gettext(
        "Dịch vụ khác chuyển khoản (ví dụ thanh toán cho điểm bán hoặc rút tiền ATM)."
    ),
}

_COUNT = re.compile(r"got (\d+) (characters|digits)?,? ?(?:at most|allowed)?\s*(\d+)?")


def field_message(field: str, detail: str) -> str:
    """A refusal for a person: the field's rule in their language, plus the specifics."""
    rule = FIELD_RULES.get(field)
    if rule is None:
        return detail
    text = str(rule)
    found = _COUNT.search(detail)
    if found and found.group(3):
        text += " " + _(
            "(đang có %(got)s, tối đa %(most)s)", got=found.group(1), most=found.group(3)
        )
    return text


def defect_message(code: str, fallback: str) -> str:
    """A decoded code's defect in the person's language."""
    message = DEFECTS.get(code)
    return str(message) if message is not None else fallback
