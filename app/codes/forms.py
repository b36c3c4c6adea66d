"""Flask-WTF forms of the codes pages (each carries a CSRF token).

The lengths are the ones the API's schema documents (`app.codes.schemas`); a value over its
length is refused beside the field and cut before the page shows it again, so a 9 MB field is
never sent back. Beyond that the bank and the account were given, the rules of a code are not
checked here: the request is loaded by `QRRequestSchema` and the service says what is wrong with
every field at once, each beside its field.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, Field, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.codes.messages import MESSAGES
from app.codes.models import MAX_LABEL
from app.codes.schemas import MAX_ACCOUNT_TYPED, MAX_AMOUNT_TYPED, MAX_BANK, MAX_TEXT_TYPED
from app.forms import PageForm, strip
from app.render import MAX_HOLDER_NAME, MAX_SIGN_LINE
from app.vietqr import MAX_QR_TEXT


class AtMost(Length):
    """At most `limit` characters; a longer value is refused and cut to `limit` for the page."""

    def __init__(self, limit: int) -> None:
        super().__init__(max=limit, message=_l("Quá dài: tối đa %(limit)s ký tự.", limit=limit))

    def __call__(self, form: FlaskForm, field: Field) -> None:
        try:
            super().__call__(form, field)
        except ValidationError:
            field.data = field.data[: self.max]
            raise


class MakeCodeForm(PageForm):
    """The make-a-code page: bank, account, holder, optional amount and purpose; a bank picked
    among the candidates of a name that matched several (`bank_pick`, a BIN) wins over the
    typed name. A signed-in person may keep the account (`save_account`, `account_label`)."""

    bank = StringField(
        _l("Ngân hàng"),
        validators=[DataRequired(MESSAGES["codes.bank.empty"]), AtMost(MAX_BANK)],
        filters=[strip],
        description=_l("Gõ tên, mã hoặc BIN để tìm, ví dụ Vietcombank, ICB, 970415."),
        id="f-bank",
        render_kw={"list": "bank-list", "autocomplete": "off", "placeholder": _l("Tìm ngân hàng…")},
    )
    account = StringField(
        _l("Số tài khoản"),
        validators=[DataRequired(MESSAGES["codes.account.empty"]), AtMost(MAX_ACCOUNT_TYPED)],
        filters=[strip],
        id="f-account",
        render_kw={"inputmode": "text", "autocomplete": "off", "spellcheck": "false"},
    )
    account_name = StringField(
        _l("Tên chủ tài khoản"),
        validators=[AtMost(MAX_HOLDER_NAME)],
        filters=[strip],
        description=_l("In trên biển; ứng dụng ngân hàng sẽ hiện tên thật của tài khoản."),
        id="f-account_name",
    )
    amount = StringField(
        _l("Số tiền (đồng)"),
        validators=[AtMost(MAX_AMOUNT_TYPED)],
        filters=[strip],
        description=_l(
            "Bỏ trống để người trả tự nhập số tiền: hợp nhất cho biển in dán ở quầy. "
            "Chỉ gõ chữ số, ví dụ 50000."
        ),
        id="f-amount",
        render_kw={"inputmode": "numeric", "pattern": "[0-9]*"},
    )
    purpose = StringField(
        _l("Nội dung chuyển khoản"),
        validators=[AtMost(MAX_TEXT_TYPED)],
        filters=[strip],
        description=_l("Tối đa 25 ký tự; dấu tiếng Việt được bỏ trong mã."),
        id="f-purpose",
        render_kw={"maxlength": "60"},
    )
    title = StringField(
        _l("Dòng tiêu đề trên biển (không bắt buộc)"),
        validators=[AtMost(MAX_SIGN_LINE)],
        filters=[strip],
        description=_l("Ví dụ tên quầy: Bún bò cô Ba. Chỉ in trên biển, không nằm trong mã."),
        id="f-title",
    )
    save_account = BooleanField(_l("Lưu tài khoản này để lần sau chọn lại"), id="f-save_account")
    account_label = StringField(
        _l("Tên gợi nhớ (không bắt buộc)"),
        validators=[AtMost(MAX_LABEL)],
        filters=[strip],
        description=_l("Ví dụ: Quầy chợ Bến Thành. Chỉ bạn thấy tài khoản đã lưu."),
        id="f-account_label",
    )
    bank_pick = StringField(validators=[AtMost(MAX_BANK)], filters=[strip])

    def code_request_data(self) -> dict[str, Any]:
        """The fields as `QRRequestSchema` loads them."""
        data = {
            name: self[name].data or ""
            for name in ("bank", "account", "account_name", "amount", "purpose")
        }
        if self.bank_pick.data:
            data["bank"] = self.bank_pick.data
        return data


class CheckCodeForm(PageForm):
    """The check page: the text of a code, or a photo of it."""

    payload = TextAreaField(
        _l("Nội dung mã QR"),
        validators=[AtMost(MAX_QR_TEXT)],
        filters=[strip],
        id="f-payload",
        render_kw={"spellcheck": "false", "placeholder": "000201010211…"},
    )
    image = FileField(_l("Hoặc ảnh chụp mã QR"), id="f-image", render_kw={"accept": "image/*"})

    def validate_payload(self, field: Field) -> None:
        if not field.data and not self.image.data:
            raise ValidationError(_l("Dán nội dung mã QR hoặc chọn ảnh chụp mã."))
