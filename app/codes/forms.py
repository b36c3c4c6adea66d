"""Flask-WTF forms of the codes pages (each carries a CSRF token).

The lengths are the ones the API's schema documents (`app.codes.schemas`); a value over its
length is refused beside the field and cut before the page shows it again, so a 9 MB field is
never sent back. The rules of a code are not checked here: the request is loaded by
`QRRequestSchema` and the service says what is wrong, beside the field.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from app.codes.schemas import MAX_ACCOUNT_TYPED, MAX_AMOUNT_TYPED, MAX_BANK, MAX_TEXT_TYPED
from app.forms import PageForm, strip
from app.render import MAX_HOLDER_NAME
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


class CodesForm(PageForm):
    """What the codes pages share: the first error of each field, for the field macro."""

    def shown_errors(self) -> dict[str, str]:
        return {field.name: str(field.errors[0]) for field in self if field.errors}


class MakeCodeForm(CodesForm):
    """The make-a-code page: bank, account, holder, optional amount and purpose."""

    bank = StringField(_l("Ngân hàng"), validators=[AtMost(MAX_BANK)], filters=[strip])
    account = StringField(
        _l("Số tài khoản"), validators=[AtMost(MAX_ACCOUNT_TYPED)], filters=[strip]
    )
    account_name = StringField(
        _l("Tên chủ tài khoản"), validators=[AtMost(MAX_HOLDER_NAME)], filters=[strip]
    )
    amount = StringField(
        _l("Số tiền (đồng)"), validators=[AtMost(MAX_AMOUNT_TYPED)], filters=[strip]
    )
    purpose = StringField(
        _l("Nội dung chuyển khoản"), validators=[AtMost(MAX_TEXT_TYPED)], filters=[strip]
    )

    def code_request_data(self) -> dict[str, Any]:
        """The fields as `QRRequestSchema` loads them."""
        return {
            name: self[name].data or ""
            for name in ("bank", "account", "account_name", "amount", "purpose")
        }


class CheckCodeForm(CodesForm):
    """The check page: the text of a code, or a photo of it."""

    payload = TextAreaField(_l("Nội dung mã QR"), validators=[AtMost(MAX_QR_TEXT)], filters=[strip])
    image = FileField(_l("Hoặc ảnh chụp mã QR"))

    def validate_payload(self, field: Field) -> None:
        if not field.data and not self.image.data:
            raise ValidationError(_l("Dán nội dung mã QR hoặc chọn ảnh chụp mã."))
