"""Flask-WTF forms of the swapped-sign check pages: a photo of a sign (taken with the phone's
camera), the vendor's own check, and the note that resolves a mismatch."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms import PageForm, picked_id, strip
from app.markets.checks import MAX_NOTE

#: The phone opens its back camera for a file input with these attributes.
CAMERA = {"accept": "image/*", "capture": "environment"}


class SignPhotoForm(PageForm):
    """A photo of one stall's sign, in a check round."""

    photo = FileField(_l("Ảnh chụp biển mã"), id="f-photo", render_kw=CAMERA)


class OwnSignCheckForm(PageForm):
    """The vendor's own check: which of her records (when she has several), and the photo."""

    vendor_id = SelectField(_l("Biển của"), coerce=picked_id, id="f-vendor", choices=[])
    photo = FileField(_l("Chụp biển mã của bạn"), id="f-photo", render_kw=CAMERA)


class ResolveForm(PageForm):
    """What was done about a mismatch (it closes the follow-up); made with `for_check`, one
    per open mismatch on a page, each with its own field names and ids."""

    @classmethod
    def for_check(cls, check_id: int, **kwargs: Any) -> ResolveForm:
        return cls(prefix=f"check-{check_id}", **kwargs)

    note = TextAreaField(
        _l("Đã xử lý thế nào"),
        validators=[
            DataRequired(_l("Không được để trống.")),
            Length(max=MAX_NOTE, message=_l("Quá dài: tối đa %(limit)s ký tự.", limit=MAX_NOTE)),
        ],
        filters=[strip],
        description=_l("Ví dụ: đã gỡ mã lạ, dán lại biển đúng; đã báo công an xã."),
    )
