"""The officer's roster walk: the "add vendor" and "add account" forms read the vendor's account
from a photo of the bank-made code they display (`registration.read_bank_code`). The account
read is saved at once and said in a message; a photo with no code is refused beside the photo
field, with what was typed kept in the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from app.errors import DomainError
from app.forms import show_beside
from app.markets import registration
from app.markets.forms import AccountPhotoForm, WithBankPhoto

Saver = Callable[..., WerkzeugResponse | tuple[str, int]]


def read_photo(form: WithBankPhoto) -> registration.BankCode | None:
    """The account read from the form's photo (None without one); a photo that cannot be read
    is put beside the photo field."""
    data = form.photo_bytes()
    if data is None:
        return None
    try:
        return registration.read_bank_code(data)
    except DomainError as error:
        show_beside(form, error, "photo")
        return None


def read_line(code: registration.BankCode) -> str:
    """What was read, for the message after saving."""
    holder = f" · {code.holder_name}" if code.holder_name else ""
    return str(
        _(
            "Đã đọc từ mã QR: %(bank)s · %(account)s%(holder)s",
            bank=code.bank_name,
            account=code.account,
            holder=holder,
        )
    )


def save_with_photo(
    form: WithBankPhoto,
    fallback: str,
    save: Callable[[dict[str, Any], registration.BankCode | None], Any],
    done: Callable[[Any], str],
    page: Callable[[int], tuple[str, int]],
    saver: Saver,
) -> WerkzeugResponse | tuple[str, int]:
    """The pages' `saver` (`routes._save`) with the form's photo read first: the account read
    fills an account form and goes to `save`; an unreadable photo shows the form again (422)
    with the refusal beside the photo and everything typed kept."""
    code = None
    if form.is_submitted():
        code = read_photo(form)
        if form.photo.errors:
            refused = list(form.photo.errors)
            form.validate()
            form.photo.errors = refused
            return page(422)
        if code is not None and isinstance(form, AccountPhotoForm):
            form.bank.data, form.number.data = code.bank_bin, code.account
            form.service.data = code.service
            form.holder_name.data = code.holder_name or form.holder_name.data
    result = saver(form, fallback, lambda data: save(data, code), done, page)
    if code is not None and isinstance(result, WerkzeugResponse) and result.status_code == 302:
        flash(read_line(code), "success")
    return result
