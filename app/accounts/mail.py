"""The password-reset mail, through Flask-Mailman (SMTP settings from QUET_MAIL_*).

The mail goes out after the response has been sent (`Response.call_on_close`), so the "forgot
password" answer takes the same time whether an account exists or not, and a slow or broken
mail server never turns the page into an error (a failure is logged).
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from werkzeug.wrappers import Response


def reset_mail(to: str, name: str, link: str, hours: int) -> EmailMessage:
    """The mail with a reset link, in the language of the current request."""
    body = _(
        "Chào %(name)s,\n\n"
        "Ai đó (có thể là bạn) đã yêu cầu đặt lại mật khẩu tài khoản Quét của bạn. "
        "Mở đường dẫn dưới đây để đặt mật khẩu mới (dùng một lần, hết hạn sau %(hours)d giờ):\n\n"
        "%(link)s\n\n"
        "Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn không đổi.\n",
        name=name,
        link=link,
        hours=hours,
    )
    return EmailMessage(subject=_("Đặt lại mật khẩu Quét"), body=body, to=[to])


def send_after_response(response: Response, message: EmailMessage) -> None:
    """Send `message` once `response` has gone out to the browser."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]

    def send() -> None:
        with app.app_context():
            try:
                message.send()
            except Exception:  # an SMTP outage must not surface: the page was already answered
                app.logger.exception("the password reset mail could not be sent")

    response.call_on_close(send)
