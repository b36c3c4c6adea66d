"""Flask-WTF forms of the guest pages (each carries a CSRF token). Inputs have the ids
`f-<name>`. The forms bound lengths and read choices; the rules are `app.events.guests`', whose
refusals the pages show beside the field (`app.forms.show_beside`)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired

from app.events.guest_schemas import MAX_PHONE_TYPED
from app.events.guests import MAX_GROUP, MAX_HONORIFIC, MAX_INVITED_BY, MAX_NAME
from app.events.models import EventSide
from app.forms import PageForm, RowsField, picked_id
from app.forms import text_field as _text
from app.spreadsheets import XLSX_TYPE


def _side_choices(sides: list[EventSide], blank: Any = None) -> list[tuple[Any, Any]]:
    choices: list[tuple[Any, Any]] = [("", blank)] if blank is not None else []
    return choices + [(side.id, side.name) for side in sides]


class GuestForm(PageForm):
    """A guest added or changed by hand."""

    name = _text(_l("Họ tên"), MAX_NAME, required=True, id="f-name")
    honorific = _text(
        _l("Xưng hô"),
        MAX_HONORIFIC,
        id="f-honorific",
        description=_l("Thiệp ghi 'Kính mời anh Nam': anh, chị, cô, chú, bác, ông bà…"),
        render_kw={"list": "honorifics", "autocomplete": "off"},
    )
    phone = _text(
        _l("Điện thoại"),
        MAX_PHONE_TYPED,
        id="f-phone",
        render_kw={"inputmode": "tel", "autocomplete": "off"},
    )
    group_name = _text(
        _l("Nhóm"),
        MAX_GROUP,
        id="f-group",
        description=_l("Ví dụ: bạn cô dâu, đồng nghiệp, họ hàng."),
        render_kw={"list": "groups", "autocomplete": "off"},
    )
    invited_by = _text(
        _l("Khách của"),
        MAX_INVITED_BY,
        id="f-invited-by",
        description=_l("Ai mời (cô dâu, chú rể, bố mẹ…): sổ mừng cộng riêng theo người."),
        render_kw={"list": "owners", "autocomplete": "off"},
    )
    side_id = SelectField(_l("Bên"), coerce=picked_id, choices=[], id="f-side")

    def for_sides(self, sides: list[EventSide]) -> GuestForm:
        """The sides the host manages to pick from (none to pick when they manage one)."""
        if len(sides) > 1:
            self.side_id.choices = _side_choices(sides)
        else:
            del self.side_id
        return self

    def data_for_service(self) -> dict[str, Any]:
        return {field.name: field.data for field in self if field.name != "csrf_token"}


class GuestFileForm(PageForm):
    """Step 1 of an import: the CSV or XLSX guest list to preview, and its side."""

    file = FileField(
        _l("Tệp .csv hoặc .xlsx"),
        validators=[FileRequired(message=_l("Hãy chọn một tệp .csv hoặc .xlsx."))],
        description=_l(
            "Cột: Họ tên, Xưng hô, Điện thoại, Nhóm, Bên, Mời bởi (chỉ Họ tên là bắt buộc). "
            "CSV hãy lưu dạng 'CSV UTF-8'."
        ),
        render_kw={"accept": ".csv,.xlsx,text/csv," + XLSX_TYPE},
        id="f-file",
    )
    side_id = SelectField(_l("Bên của cả tệp"), coerce=picked_id, choices=[], id="f-side")

    def for_sides(self, sides: list[EventSide]) -> GuestFileForm:
        if len(sides) > 1:
            self.side_id.choices = _side_choices(sides, _l("Theo cột Bên của từng dòng"))
        else:
            del self.side_id
        return self


class GuestConfirmForm(PageForm):
    """Step 2 of an import: the previewed rows posted back, to be checked again and written."""

    rows = RowsField(validators=[InputRequired()])
    side_id = HiddenField(id="f-confirm-side")
