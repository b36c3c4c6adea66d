"""Flask-WTF forms of the ledger pages (each carries a CSRF token). Inputs have the ids
`f-<name>`. The forms bound lengths and read choices; the rules are `app.events.ledger`'s, whose
refusals the pages show beside the field (`app.forms.show_beside`)."""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import Length, Optional

from app.events.gifts import UNIT_LABELS
from app.events.ledger import MESSAGE_MAX, NAME_MAX, OWNER_MAX, RELATION_MAX
from app.events.ledger_messages import GIVER_KIND_LABELS, METHOD_LABELS
from app.events.models import GIVER_KINDS, METHODS, UNITS, EventSide
from app.forms import PageForm, picked_id, strip
from app.forms import text_field as _text


class EntryForm(PageForm):
    """An entry of the ledger page (add or change)."""

    side_id = SelectField(_l("Bên nhận mừng"), coerce=picked_id, choices=[], id="f-side")
    giver_kind = SelectField(
        _l("Người mừng là"),
        choices=lambda: [SelectChoice(k, str(GIVER_KIND_LABELS[k])) for k in GIVER_KINDS],
        id="f-giver-kind",
    )
    giver_name = _text(
        _l("Họ tên"),
        NAME_MAX,
        id="f-giver-name",
        render_kw={"list": "guest-names", "autocomplete": "off"},
    )
    on_behalf_of = _text(_l("Gửi hộ cho"), NAME_MAX, id="f-on-behalf-of")
    relation = _text(_l("Quan hệ"), RELATION_MAX, id="f-relation")
    owner = _text(
        _l("Khách của ai"),
        OWNER_MAX,
        id="f-owner",
        description=_l("Bỏ trống: lấy theo “mời bởi” của khách mời."),
    )
    unit = SelectField(
        _l("Đơn vị"),
        choices=lambda: [SelectChoice(u, str(UNIT_LABELS[u])) for u in UNITS],
        id="f-unit",
    )
    quantity = _text(
        _l("Số lượng / số tiền"),
        30,
        id="f-quantity",
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    currency = _text(_l("Mã ngoại tệ"), 3, id="f-currency", render_kw={"placeholder": "USD"})
    description = _text(_l("Mô tả (hiện vật, loại vàng)"), 300, id="f-description")
    value_vnd = _text(
        _l("Giá trị quy đổi (đồng, ước tính)"),
        20,
        id="f-value-vnd",
        render_kw={"inputmode": "numeric"},
    )
    method = SelectField(
        _l("Hình thức"),
        choices=lambda: (
            [SelectChoice("", str(_l("(theo đơn vị)")))]
            + [SelectChoice(m, str(METHOD_LABELS[m])) for m in METHODS]
        ),
        id="f-method",
    )
    received_on = DateField(_l("Ngày nhận"), validators=[Optional()], id="f-received-on")
    message = TextAreaField(
        _l("Ghi chú / lời chúc"),
        validators=[
            Length(
                max=MESSAGE_MAX, message=_l("Quá dài: tối đa %(limit)s ký tự.", limit=MESSAGE_MAX)
            )
        ],
        filters=[strip],
        id="f-message",
    )

    def with_sides(self, sides: list[EventSide]) -> EntryForm:
        self.side_id.choices = [SelectChoice(side.id, side.name) for side in sides]
        return self

    def data_for_service(self) -> dict[str, Any]:
        data = {
            name: field.data
            for name, field in self._fields.items()
            if name not in ("csrf_token", "received_on")
        }
        if self.received_on.data:
            data["received_at"] = self.received_on.data.isoformat() + "T12:00:00+07:00"
        return data


class QuickEntryForm(PageForm):
    """An envelope of the fast entry page (without JavaScript it is posted as it is; with it,
    the script queues it and syncs). `client_id` is made with the page, so a form posted twice
    gives one entry."""

    client_id = HiddenField(default=lambda: str(uuid.uuid4()))
    side_id = SelectField(_l("Bên nhận mừng"), coerce=picked_id, choices=[], id="f-side")
    giver_name = _text(
        _l("Họ tên người mừng"),
        NAME_MAX,
        id="f-giver-name",
        render_kw={"list": "guest-names", "autocomplete": "off", "autocapitalize": "words"},
    )
    unit = RadioField(
        _l("Đơn vị"),
        default="dong",
        choices=lambda: [
            SelectChoice("dong", str(UNIT_LABELS["dong"])),
            SelectChoice("gold_chi", str(UNIT_LABELS["gold_chi"])),
            SelectChoice("foreign", "USD"),
            SelectChoice("in_kind", str(UNIT_LABELS["in_kind"])),
        ],
        id="f-unit",
    )
    quantity = _text(
        _l("Số tiền / số lượng"),
        30,
        id="f-quantity",
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    description = _text(_l("Hiện vật là gì"), 300, id="f-description")
    message = _text(_l("Ghi chú"), MESSAGE_MAX, id="f-message")

    def with_sides(self, sides: list[EventSide]) -> QuickEntryForm:
        self.side_id.choices = [SelectChoice(side.id, side.name) for side in sides]
        return self

    def data_for_service(self) -> dict[str, Any]:
        data = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        if data["unit"] == "foreign":
            data["currency"] = "USD"
        return data


class ThankedForm(PageForm):
    """The bulk "Đã cảm ơn" of the ledger page: the ticked entries' ids."""

    entry = SelectMultipleField(coerce=picked_id, choices=[], validate_choice=False)
    thanked = HiddenField(default="1")

    def entry_ids(self) -> list[int]:
        return [entry_id for entry_id in self.entry.data or [] if entry_id]
