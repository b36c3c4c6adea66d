"""What the codes feature's refusals say to people: error code → translatable text.

The cores speak English to programs ("purpose: got 31 characters, at most 25 allowed") and say
the same with a stable `code` and `params` (`too_long`, got=31, most=25). `refusal` turns such
an error into the feature's `DomainError` ("codes.<field>.<code>" when that has its own text,
else "codes.<field>": the field's rule), keeping the English as `detail`; `MESSAGES`, registered
through `app.codes.feature.FEATURE`, says it in the person's language, numbers included.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext

from app.errors import DomainError
from app.render import RenderError
from app.vietqr import PayloadError

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
    "not_a_code": lazy_gettext("Đây không phải mã thanh toán."),
    "foreign_code": lazy_gettext(
        "Đây là mã thanh toán của nước khác, không phải mã chuyển khoản Việt Nam."
    ),
    "bad_crc": lazy_gettext("Mã kiểm tra (CRC) sai: mã đã bị sửa hoặc chép thiếu."),
    "crc_missing": lazy_gettext("Thiếu mã kiểm tra CRC (trường 63) ở cuối mã."),
    "bad_length": lazy_gettext("Độ dài khai báo của một trường không khớp với nội dung."),
    "truncated": lazy_gettext(
        "Mã bị cắt cụt, hoặc một trường khai báo dài hơn phần còn lại của mã."
    ),
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

#: A defect said more exactly, when the decoder gave the parameters its text names.
DEFECTS_WITH_PARAMS = {
    ("not_a_code", "host"): lazy_gettext(
        "Đây là một đường link (%(host)s), không phải mã thanh toán."
    ),
    ("foreign_code", "country"): lazy_gettext(
        "Đây là mã thanh toán của nước khác (%(country)s): ứng dụng ngân hàng Việt Nam không "
        "trả được mã này."
    ),
    ("truncated", "position"): lazy_gettext(
        "Mã bị cắt cụt sau %(position)s ký tự: phần cuối, cả mã kiểm tra, đã mất (thường do "
        "chép hoặc chụp thiếu)."
    ),
    ("crc_missing", "position"): lazy_gettext(
        "Mã dừng sau %(position)s ký tự mà không có mã kiểm tra (CRC) ở cuối: mã bị cắt mất "
        "phần cuối hoặc được tạo sai."
    ),
}

#: A photo that could not be read (`ImageDecodeError.code`).
PHOTO = {
    "not_an_image": lazy_gettext("Tệp này không phải là ảnh (PNG, JPEG hoặc WebP)."),
    "too_large": lazy_gettext("Ảnh quá lớn; hãy gửi ảnh nhỏ hơn %(size)s MB."),
    "too_many_pixels": lazy_gettext(
        "Ảnh có quá nhiều điểm ảnh; hãy chụp lại với độ phân giải thấp hơn."
    ),
    "no_code": lazy_gettext("Không tìm thấy mã QR nào trong ảnh; hãy chụp gần và rõ hơn."),
    "several_codes": lazy_gettext("Ảnh có nhiều mã QR khác nhau; hãy chụp riêng từng mã."),
    "unreadable": lazy_gettext("Không đọc được mã QR trong ảnh; hãy chụp lại rõ hơn."),
    "missing": lazy_gettext("Chọn một ảnh chụp mã QR."),
}

#: Bank candidates beyond the ones a refusal names.
MORE_BANKS = lazy_gettext("%(names)s và những ngân hàng khác")

#: Added to a field's rule when the value was too long: how long it was, how long it may be.
COUNT = lazy_gettext("(đang có %(got)s, tối đa %(most)s)")


class _RuleWithCount:
    """A field's rule followed by COUNT, both translated when shown."""

    def __init__(self, rule: Any) -> None:
        self.rule = rule

    def __str__(self) -> str:
        return f"{self.rule} {COUNT}"


MESSAGES: Mapping[str, Any] = {
    **{f"codes.{field}": rule for field, rule in FIELD_RULES.items()},
    **{
        f"codes.{field}.too_long": _RuleWithCount(FIELD_RULES[field])
        for field in ("account", "amount", "purpose", "bill_number", "reference", "payload")
    },
    "codes.bank.empty": lazy_gettext("Chọn ngân hàng nhận tiền."),
    "codes.bank.choose": lazy_gettext(
        "Tên này khớp với nhiều ngân hàng: %(candidates)s. Chọn đúng ngân hàng của bạn."
    ),
    "codes.bank.did_you_mean": lazy_gettext(
        "Không tìm thấy ngân hàng này. Có phải bạn muốn chọn: %(candidates)s?"
    ),
    "codes.account.empty": lazy_gettext("Nhập số tài khoản (hoặc số thẻ) nhận tiền."),
    "codes.saved_account.not_found": lazy_gettext("Không có tài khoản đã lưu này."),
    "codes.saved_account.duplicate": lazy_gettext(
        "Bạn đã lưu tài khoản này của ngân hàng này rồi."
    ),
    "codes.saved_account.too_many": lazy_gettext(
        "Bạn đã lưu đủ %(most)s tài khoản; hãy xoá bớt một tài khoản trước khi lưu thêm."
    ),
    "codes.payload.empty": lazy_gettext("Dán nội dung mã QR hoặc chọn ảnh chụp mã."),
    "codes.payload.not_json": lazy_gettext(
        'Gửi JSON {"payload": "…"} hoặc tải ảnh lên trong trường "image".'
    ),
    **{f"codes.defect.{code}": text for code, text in DEFECTS.items()},
    **{f"codes.image.{code}": text for code, text in PHOTO.items()},
    "codes.banks": lazy_gettext("Tệp danh bạ ngân hàng không đọc được."),
    "codes.size.out_of_range": lazy_gettext("Kích thước ảnh từ %(least)s đến %(most)s điểm ảnh."),
    "codes.size.too_small": lazy_gettext(
        "Ảnh %(got)s điểm ảnh quá nhỏ cho mã này; cần ít nhất %(least)s điểm ảnh."
    ),
    "codes.border.out_of_range": lazy_gettext("Lề trắng từ %(least)s đến %(most)s ô."),
    "codes.template.unknown": lazy_gettext("Không có mẫu ảnh này; chọn một trong: %(allowed)s."),
    "codes.page.unknown": lazy_gettext("Khổ giấy là một trong: %(allowed)s."),
    "codes.format.unknown": lazy_gettext("Không có định dạng này; chọn một trong: %(allowed)s."),
}


def refusal(error: PayloadError | RenderError, *, status: int = 422) -> DomainError:
    """A core's refusal as the feature's DomainError, its English kept as `detail`."""
    specific = f"codes.{error.field}.{error.code}"
    code = specific if specific in MESSAGES else f"codes.{error.field}"
    return DomainError(code, error.field, status=status, detail=error.message, **error.params)


def defect_message(code: str, fallback: str, params: Mapping[str, Any] | None = None) -> str:
    """A decoded code's defect in the person's language, naming its `params` (where a cut
    falls, a link's host, a country) when the decoder gave them."""
    for name in params or ():
        exact = DEFECTS_WITH_PARAMS.get((code, name))
        if exact is not None:
            return str(exact) % dict(params or {})
    message = DEFECTS.get(code)
    return str(message) if message is not None else fallback
