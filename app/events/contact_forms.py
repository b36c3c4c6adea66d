"""Flask-WTF forms of the contacts pages (inputs have ids `f-<name>`). They bound lengths and
read choices; the rules are `app.events.contacts`', whose refusals show beside the field."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, Optional

from app.events.contact_messages import CONTACT_KIND_LABELS, PAST_EVENT_KIND_LABELS
from app.events.gifts import UNIT_LABELS
from app.events.models import CONTACT_KINDS, EVENT_KINDS, UNITS
from app.forms import PageForm, RowsField, picked_id
from app.forms import text_field as _text
from app.spreadsheets import XLSX_TYPE


class ContactsForm(PageForm):
    """The base of these pages' forms (their data by name: `PageForm.data_for_service`)."""


class ContactForm(ContactsForm):
    kind = SelectField(
        _l("Là"),
        choices=lambda: [SelectChoice(k, str(CONTACT_KIND_LABELS[k])) for k in CONTACT_KINDS],
        id="f-kind",
    )
    name = _text(_l("Họ tên"), 200, required=True, id="f-name")
    phone = _text(
        _l("Điện thoại"), 30, id="f-phone", render_kw={"inputmode": "tel", "autocomplete": "off"}
    )
    relation = _text(_l("Quan hệ"), 100, id="f-relation")
    note = _text(_l("Ghi chú"), 500, id="f-note")


class GivenForm(ContactsForm):
    occasion = _text(
        _l("Dịp"),
        200,
        id="f-occasion",
        render_kw={"placeholder": _l("Đám cưới con trai anh B")},
    )
    given_on = DateField(
        _l("Ngày"),
        validators=[Optional()],
        id="f-given-on",
        format="%Y-%m-%d",
    )
    unit = SelectField(
        _l("Đơn vị"),
        choices=lambda: [SelectChoice(u, str(UNIT_LABELS[u])) for u in UNITS],
        id="f-unit",
    )
    quantity = _text(
        _l("Số lượng / số tiền"), 30, id="f-quantity", render_kw={"inputmode": "decimal"}
    )
    currency = _text(_l("Mã ngoại tệ (USD, EUR…)"), 3, id="f-currency")
    description = _text(_l("Món quà (hiện vật)"), 300, id="f-description")
    value_vnd = _text(
        _l("Giá trị quy đổi lúc đó (đồng, không bắt buộc)"),
        20,
        id="f-value-vnd",
        render_kw={"inputmode": "numeric"},
    )
    note = _text(_l("Ghi chú"), 500, id="f-given-note")


class LinkForm(PageForm):
    """Link a guest to a contact (an id), or unlink (blank)."""

    contact_id = HiddenField(filters=[picked_id])


class EmptyForm(PageForm):
    """A button that posts (its CSRF token only)."""


class LedgerFileForm(ContactsForm):
    """Step 1 of an old ledger's import: the past event, and the file to preview."""

    kind = SelectField(
        _l("Loại sự kiện"),
        choices=lambda: [SelectChoice(k, str(PAST_EVENT_KIND_LABELS[k])) for k in EVENT_KINDS],
        id="f-kind",
    )
    title = _text(_l("Tên sự kiện"), 200, required=True, id="f-title")
    held_on = DateField(
        _l("Ngày tổ chức"),
        validators=[InputRequired(_l("Hãy chọn ngày."))],
        id="f-held-on",
        format="%Y-%m-%d",
    )
    locality = _text(
        _l("Xã/phường (tên hoặc mã)"),
        100,
        required=True,
        id="f-locality",
        render_kw={"placeholder": _l("Phường An Hội")},
    )
    file = FileField(
        _l("Tệp .csv hoặc .xlsx"),
        validators=[FileRequired(message=_l("Hãy chọn một tệp .csv hoặc .xlsx."))],
        description=_l(
            "Cột: Họ tên, Quan hệ, Số tiền (hoặc Số lượng và Đơn vị: đ, chỉ, cây, USD…), "
            "Hình thức, Ghi chú, Điện thoại."
        ),
        render_kw={"accept": ".csv,.xlsx,text/csv," + XLSX_TYPE},
        id="f-file",
    )

    def event_data(self) -> dict[str, Any]:
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "held_on": self.held_on.data,
            "locality": self.locality.data,
        }


class LedgerConfirmForm(PageForm):
    """Step 2: the past event and the previewed rows posted back, checked again and written."""

    kind = HiddenField()
    title = HiddenField()
    held_on = HiddenField()
    locality_id = HiddenField(filters=[picked_id])
    rows = RowsField(validators=[InputRequired()])
