"""Flask-WTF forms of the accounts pages (every one carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from app.accounts.models import HOST, VENDOR
from app.accounts.services import (
    EMAIL_PATTERN,
    PASSWORD_MIN_LENGTH,
    PHONE_INPUT_MAX_LENGTH,
    TOKEN_NAME_MAX_LENGTH,
)
from app.forms import PageForm, picked_id, strip

_email_validators = [
    DataRequired(message=_l("Hãy nhập email.")),
    Length(max=254, message=_l("Email dài nhất 254 ký tự.")),
    Regexp(EMAIL_PATTERN, message=_l("Địa chỉ email không hợp lệ.")),
]


#: An email that may be left blank (a phone number is enough).
_optional_email_validators = [
    Optional(),
    Length(max=254, message=_l("Email dài nhất 254 ký tự.")),
    Regexp(EMAIL_PATTERN, message=_l("Địa chỉ email không hợp lệ.")),
]


def _phone_field() -> StringField:
    """An optional phone number (checked and normalised by the service)."""
    return StringField(
        _l("Số điện thoại"),
        validators=[
            Optional(),
            Length(
                max=PHONE_INPUT_MAX_LENGTH,
                message=_l("Số điện thoại dài nhất %(n)d ký tự.", n=PHONE_INPUT_MAX_LENGTH),
            ),
        ],
        filters=[strip],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )


def _new_password_validators() -> list[object]:
    return [
        DataRequired(message=_l("Hãy nhập mật khẩu.")),
        Length(
            min=PASSWORD_MIN_LENGTH,
            max=200,
            message=_l("Mật khẩu cần ít nhất %(n)d ký tự.", n=PASSWORD_MIN_LENGTH),
        ),
    ]


def _confirmation(of: str, label: str) -> PasswordField:
    """The same password again, for the field `of`."""
    return PasswordField(label, validators=[EqualTo(of, message=_l("Hai mật khẩu không khớp."))])


def _lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


class SelfRolesFields(PageForm):
    """The roles a person gives themself: vendor (tiểu thương), host (người tổ chức sự kiện)."""

    is_vendor = BooleanField(_l("Tôi là tiểu thương"))
    is_host = BooleanField(_l("Tôi tổ chức sự kiện"))

    def ticked_roles(self) -> list[str]:
        return [
            role for role, field in ((VENDOR, self.is_vendor), (HOST, self.is_host)) if field.data
        ]


class NewAccountFields(PageForm):
    """A new account's name and password (twice)."""

    name = StringField(
        _l("Họ và tên"),
        validators=[Optional(), Length(max=200, message=_l("Họ và tên dài nhất 200 ký tự."))],
        filters=[strip],
    )
    password = PasswordField(_l("Mật khẩu"), validators=_new_password_validators())
    confirm = _confirmation("password", _l("Nhập lại mật khẩu"))


class SignupForm(NewAccountFields, SelfRolesFields):
    """Email, phone number or both: vendors often have no email."""

    email = EmailField(_l("Email"), validators=_optional_email_validators, filters=[_lower])
    phone = _phone_field()
    submit = SubmitField(_l("Đăng ký"))


_login_validators = [
    DataRequired(message=_l("Hãy nhập email hoặc số điện thoại.")),
    Length(max=254, message=_l("Email dài nhất 254 ký tự.")),
]


class LoginForm(PageForm):
    # Named "email" for the password managers that already know the field; a phone works too.
    email = StringField(
        _l("Email hoặc số điện thoại"), validators=_login_validators, filters=[strip]
    )
    password = PasswordField(
        _l("Mật khẩu"), validators=[DataRequired(message=_l("Hãy nhập mật khẩu."))]
    )
    remember = BooleanField(_l("Ghi nhớ đăng nhập trên máy này"))
    next = HiddenField()
    submit = SubmitField(_l("Đăng nhập"))


class PasswordChangeForm(PageForm):
    current_password = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[DataRequired(message=_l("Hãy nhập mật khẩu hiện tại."))],
    )
    new_password = PasswordField(_l("Mật khẩu mới"), validators=_new_password_validators())
    confirm = _confirmation("new_password", _l("Nhập lại mật khẩu mới"))
    submit = SubmitField(_l("Đổi mật khẩu"), id="submit-password")


class ContactForm(PageForm):
    """The email and phone number a person signs in with (at least one)."""

    email = EmailField(_l("Email"), validators=_optional_email_validators, filters=[_lower])
    phone = _phone_field()
    password = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[DataRequired(message=_l("Hãy nhập mật khẩu hiện tại."))],
    )
    submit = SubmitField(_l("Lưu email và số điện thoại"), id="submit-contact")


class ForgotPasswordForm(PageForm):
    email = StringField(
        _l("Email hoặc số điện thoại"), validators=_login_validators, filters=[strip]
    )
    submit = SubmitField(_l("Gửi đường dẫn đặt lại"))


class ResetPasswordForm(PageForm):
    password = PasswordField(_l("Mật khẩu mới"), validators=_new_password_validators())
    confirm = _confirmation("password", _l("Nhập lại mật khẩu mới"))
    submit = SubmitField(_l("Đặt mật khẩu mới"))


class TokenForm(PageForm):
    name = StringField(
        _l("Tên mã truy cập"),
        validators=[
            DataRequired(message=_l("Hãy đặt tên cho mã truy cập.")),
            Length(
                max=TOKEN_NAME_MAX_LENGTH,
                message=_l("Tên dài nhất %(n)d ký tự.", n=TOKEN_NAME_MAX_LENGTH),
            ),
        ],
        filters=[strip],
        description=_l("Ví dụ: “Bảng tính báo cáo xã”."),
    )
    submit = SubmitField(_l("Tạo mã truy cập"), id="submit-token")


class SelfRolesForm(SelfRolesFields):
    submit = SubmitField(_l("Lưu vai trò"), id="submit-roles")


class InviteForm(PageForm):
    email = EmailField(_l("Email người được mời"), validators=_email_validators, filters=[_lower])
    role = SelectField(
        _l("Vai trò"),
        choices=[
            SelectChoice("officer", _l("Cán bộ địa bàn")),
            SelectChoice("viewer", _l("Người xem báo cáo")),
        ],
        validate_choice=False,  # the service refuses another role, in the person's language
    )
    locality = SelectField(
        _l("Địa bàn"),
        coerce=picked_id,
        validate_choice=True,
        validators=[DataRequired(message=_l("Hãy chọn địa bàn."))],
    )
    submit = SubmitField(_l("Tạo lời mời"))


class AcceptInvitationForm(NewAccountFields):
    """For a person without an account: name and password; the email comes from the invitation."""

    submit = SubmitField(_l("Nhận lời mời"))


class ConfirmForm(PageForm):
    """A button that only needs the CSRF token (accepting with an existing account)."""

    submit = SubmitField(_l("Nhận lời mời"))
