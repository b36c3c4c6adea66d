"""Flask-WTF forms of the event pages (events, sides, ceremonies, hosts). Inputs have the ids
`f-<name>`. The forms bound lengths and read choices; the rules are the services', whose
refusals the pages show beside the field (`app.forms.show_beside`)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Optional

from app.events.messages import EVENT_KIND_LABELS
from app.events.models import EVENT_KINDS
from app.events.schemas import MAX_ACCOUNT_TYPED, MAX_MESSAGE
from app.forms import PageForm, picked_id, strip
from app.forms import at_most as _at_most
from app.forms import text_field as _text

MOMENT_FORMAT = "%Y-%m-%dT%H:%M"


class EventsForm(PageForm):
    """The base of these pages' forms (their data by name: `PageForm.data_for_service`)."""


def _kind_choices() -> list[SelectChoice]:
    return [SelectChoice(kind, str(EVENT_KIND_LABELS[kind])) for kind in EVENT_KINDS]


class EventForm(EventsForm):
    kind = SelectField(_l("Loại sự kiện"), choices=_kind_choices, id="f-kind")
    title = _text(
        _l("Tên sự kiện"),
        200,
        required=True,
        id="f-title",
        render_kw={"placeholder": _l("Lễ cưới Minh & Lan")},
    )
    locality_id = SelectField(
        _l("Địa bàn (xã/phường hoặc thôn/ấp)"),
        coerce=picked_id,
        choices=[],
        validate_choice=False,  # the service says which localities may hold an event
        id="f-locality",
    )
    message = TextAreaField(
        _l("Lời nhắn tới khách"),
        validators=[_at_most(MAX_MESSAGE)],
        filters=[strip],
        id="f-message",
        render_kw={"rows": 3},
    )
    show_wishes = BooleanField(_l("Hiện lời chúc khách đồng ý công khai"), id="f-show-wishes")


def _bank() -> SelectField:
    return SelectField(_l("Ngân hàng"), choices=[], validate_choice=False, id="f-bank")


def _account_number() -> StringField:
    return _text(
        _l("Số tài khoản"),
        MAX_ACCOUNT_TYPED,
        id="f-account-number",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


def _account_name() -> StringField:
    return _text(_l("Tên chủ tài khoản (như ngân hàng hiện)"), 100, id="f-account-name")


#: A side's receiving account (all empty: no account yet).
SIDE_ACCOUNT = ("bank", "account_number", "account_name")


class NewEventForm(EventForm):
    """An event with its first side (more sides are added on the event's page)."""

    side_name = _text(
        _l("Tên bên nhận mừng"),
        100,
        required=True,
        id="f-side-name",
        description=_l("Ví dụ: Nhà trai, Nhà gái, Gia đình. Thêm bên khác sau khi tạo."),
    )
    hosts_names = _text(
        _l("Tên chủ nhà in trên thiệp"),
        300,
        id="f-hosts-names",
        render_kw={"placeholder": _l("Ông Nguyễn Văn An – Bà Trần Thị Bình")},
    )
    bank = _bank()
    account_number = _account_number()
    account_name = _account_name()

    def data_for_service(self) -> dict[str, Any]:
        data = super().data_for_service()
        side = {
            "name": data.pop("side_name"),
            **{name: data.pop(name) for name in ("hosts_names", *SIDE_ACCOUNT)},
        }
        return {**data, "sides": [side]}


class SideForm(EventsForm):
    name = _text(_l("Tên bên nhận mừng"), 100, required=True, id="f-name")
    hosts_names = _text(_l("Tên chủ nhà in trên thiệp"), 300, id="f-hosts-names")
    bank = _bank()
    account_number = _account_number()
    account_name = _account_name()
    show_qr = BooleanField(_l("Hiện mã QR cho khách"), id="f-show-qr")
    ledger_shared = BooleanField(
        _l("Cho chủ nhà các bên khác xem sổ mừng của bên này"), id="f-ledger-shared"
    )


class CeremonyForm(EventsForm):
    name = _text(
        _l("Tên nghi lễ"),
        100,
        required=True,
        id="f-name",
        render_kw={"placeholder": _l("Lễ Vu Quy, Lễ Thành Hôn, Tiệc cưới…")},
    )
    starts_at = DateTimeLocalField(
        _l("Bắt đầu (giờ Việt Nam)"),
        format=MOMENT_FORMAT,
        validators=[DataRequired(_l("Không được để trống."))],
        id="f-starts-at",
    )
    ends_at = DateTimeLocalField(
        _l("Kết thúc (không bắt buộc)"),
        format=MOMENT_FORMAT,
        validators=[Optional()],
        id="f-ends-at",
    )
    venue = _text(_l("Nơi tổ chức"), 200, id="f-venue")
    address = _text(_l("Địa chỉ"), 300, id="f-address")
    map_url = _text(
        _l("Đường dẫn bản đồ (https://…)"),
        500,
        id="f-map-url",
        render_kw={"inputmode": "url", "spellcheck": "false"},
    )


class HostForm(EventsForm):
    login = _text(
        _l("Email hoặc số điện thoại của người được mời"),
        254,
        required=True,
        id="f-login",
        description=_l("Người đó cần có tài khoản Quét; dịch vụ không gửi gì cho họ."),
        render_kw={"autocomplete": "off"},
    )
    side_id = SelectField(
        _l("Chủ nhà của"),
        coerce=picked_id,
        choices=[],
        validate_choice=False,
        id="f-side",
    )


class ConfirmForm(PageForm):
    """A button that changes something (archive, delete): only its CSRF token."""
