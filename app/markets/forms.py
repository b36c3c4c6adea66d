"""Flask-WTF forms of the markets pages (each carries a CSRF token). Inputs have the ids
`f-<name>`. The forms bound lengths and read choices; the rules are the services', whose
refusals the pages show beside the field (`app.forms.show_beside`)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import PageForm, RowsField, picked_id, strip
from app.forms import at_most as _at_most
from app.forms import text_field as _text
from app.markets.messages import (
    MARKET_KIND_LABELS,
    REASON_LABELS,
    SERVICE_LABELS,
    STATUS_LABELS,
)
from app.markets.models import MARKET_KINDS, REASONS, STATUSES
from app.markets.schemas import MAX_ACCOUNT_TYPED
from app.render import MAX_HOLDER_NAME
from app.spreadsheets import XLSX_TYPE


class MarketsForm(PageForm):
    """The base of these pages' forms (their data by name: `PageForm.data_for_service`)."""


class MarketForm(MarketsForm):
    name = _text(_l("Tên chợ"), 200, required=True, id="f-name")
    kind = SelectField(
        _l("Loại chợ"),
        choices=lambda: [SelectChoice(k, str(MARKET_KIND_LABELS[k])) for k in MARKET_KINDS],
        id="f-kind",
    )
    address = _text(_l("Địa chỉ"), 300, id="f-address")
    board_contact_name = _text(_l("Ban quản lý chợ: người liên hệ"), 200, id="f-board-name")
    board_contact_phone = _text(
        _l("Ban quản lý chợ: điện thoại"),
        20,
        id="f-board-phone",
        render_kw={"inputmode": "tel", "autocomplete": "off"},
    )


class StallForm(MarketsForm):
    number = _text(
        _l("Số sạp"),
        20,
        id="f-number",
        description=_l("Bỏ trống cho gánh hàng rong, điểm bán không có số."),
    )
    section = _text(_l("Khu / dãy"), 100, id="f-section")
    goods = _text(_l("Ngành hàng"), 200, id="f-goods")


class StreetForm(MarketsForm):
    name = _text(_l("Tên tuyến phố"), 200, required=True, id="f-name")
    launched_on = DateField(_l("Ngày ra mắt"), validators=[Optional()], id="f-launched-on")


class VendorForm(MarketsForm):
    name = _text(_l("Họ tên / tên cửa hàng"), 200, required=True, id="f-name")
    phone = _text(
        _l("Điện thoại"), 20, id="f-phone", render_kw={"inputmode": "tel", "autocomplete": "off"}
    )
    goods = _text(_l("Mặt hàng"), 200, id="f-goods")
    stall_ids = SelectMultipleField(
        _l("Sạp"),
        coerce=picked_id,
        choices=[],
        validate_choice=False,  # the service says which stalls may be taken
        id="f-stalls",
        description=_l("Giữ Ctrl (hoặc chạm) để chọn nhiều sạp."),
    )
    house_number = _text(_l("Số nhà"), 50, id="f-house-number")
    business_kind = _text(_l("Loại hình kinh doanh"), 200, id="f-business-kind")
    code_in_purpose = BooleanField(
        _l("Đưa mã biển vào nội dung chuyển khoản của mã QR"), id="f-code-in-purpose"
    )

    def for_market(self, stalls: list[SelectChoice]) -> VendorForm:
        """A vendor of a market picks stalls, and has no house number."""
        self.stall_ids.choices = stalls
        del self.house_number
        del self.business_kind
        return self

    def for_street(self) -> VendorForm:
        """A shop on a street has a house number and a kind of business, no stall."""
        del self.stall_ids
        return self


class AccountForm(MarketsForm):
    bank = SelectField(_l("Ngân hàng"), choices=[], validate_choice=False, id="f-bank")
    number = _text(
        _l("Số tài khoản / số thẻ"),
        MAX_ACCOUNT_TYPED,
        required=True,
        id="f-number",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    service = SelectField(
        _l("Loại"),
        choices=[SelectChoice(code, label) for code, label in SERVICE_LABELS.items()],
        id="f-service",
    )
    holder_name = _text(
        _l("Tên chủ tài khoản (như ngân hàng hiện)"), MAX_HOLDER_NAME, id="f-holder-name"
    )


class StepForm(MarketsForm):
    status = SelectField(
        _l("Trạng thái"),
        choices=lambda: [SelectChoice(s, str(STATUS_LABELS[s])) for s in STATUSES],
        id="f-status",
    )
    reason = SelectField(
        _l("Lý do (khi ngừng hoặc không tham gia)"),
        choices=lambda: [
            SelectChoice("", _("— không —")),
            *(SelectChoice(r, str(REASON_LABELS[r])) for r in REASONS),
        ],
        id="f-reason",
    )
    effective_on = DateField(_l("Ngày"), validators=[Optional()], id="f-effective-on")
    note = _text(_l("Ghi chú"), 300, id="f-note")


# ---- reading a bank's code; self-registration; Chợ 4.0 (app.markets.registration) ---------


def _bank_photo(label: Any) -> FileField:
    return FileField(
        label,
        id="f-photo",
        description=_l("Nếu có ảnh, ngân hàng và số tài khoản được đọc từ mã QR trong ảnh."),
        render_kw={"accept": "image/*", "capture": "environment"},
    )


class WithBankPhoto(MarketsForm):
    """A form with an optional photo of the bank-made code a vendor displays."""

    photo: Any

    def data_for_service(self) -> dict[str, Any]:
        data = super().data_for_service()
        data.pop("photo", None)
        return data

    def photo_bytes(self) -> bytes | None:
        """The photo's content, or None when no file was chosen."""
        chosen = self.photo.data
        if not isinstance(chosen, FileStorage) or not chosen.filename:
            return None
        content: bytes = chosen.read()
        return content


class VendorPhotoForm(VendorForm, WithBankPhoto):
    """The officer's "add vendor" form: a photo of the code they display gives their account."""

    photo = _bank_photo(_l("Chụp mã QR ngân hàng đang dán ở sạp"))


class AccountPhotoForm(AccountForm, WithBankPhoto):
    """The "add account" form: the account may be read from a photo of the bank's code."""

    photo = _bank_photo(_l("Chụp mã QR ngân hàng đang dán ở sạp"))


class RegisterForm(WithBankPhoto):
    """The public self-registration form (ids `f-…`), phone first: place, stall or house
    number, name and phone, then the account typed or read from a photo."""

    place = SelectField(_l("Chợ hoặc tuyến phố"), choices=[], validate_choice=False, id="f-place")
    stall_number = _text(
        _l("Số sạp (ở chợ)"),
        20,
        id="f-stall-number",
        description=_l("Số sạp như ban quản lý chợ đánh số."),
    )
    house_number = _text(_l("Số nhà (ở tuyến phố)"), 50, id="f-house-number")
    name = _text(_l("Họ tên / tên cửa hàng"), 200, required=True, id="f-name")
    phone = _text(
        _l("Điện thoại"),
        20,
        required=True,
        id="f-phone",
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )
    goods = _text(_l("Mặt hàng"), 200, id="f-goods")
    photo = _bank_photo(_l("Chụp mã QR ngân hàng của bạn"))
    bank = SelectField(_l("Hoặc chọn ngân hàng"), choices=[], validate_choice=False, id="f-bank")
    number = _text(
        _l("Số tài khoản"),
        MAX_ACCOUNT_TYPED,
        id="f-number",
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"},
    )
    holder_name = _text(
        _l("Tên chủ tài khoản (như ngân hàng hiện)"), MAX_HOLDER_NAME, id="f-holder-name"
    )

    def data_for_service(self) -> dict[str, Any]:
        data = super().data_for_service()
        place = data.pop("place") or ""
        data["market_id"] = picked_id(place[1:]) if place.startswith("m") else None
        data["street_id"] = picked_id(place[1:]) if place.startswith("s") else None
        return data


class RejectForm(PageForm):
    reason = _text(_l("Lý do từ chối"), 300, required=True, id="f-reason")


class CriterionForm(MarketsForm):
    name = _text(_l("Tiêu chí"), 300, required=True, id="f-name")
    description = TextAreaField(
        _l("Mô tả"), validators=[_at_most(1000)], filters=[strip], id="f-description"
    )
    active = BooleanField(_l("Đang dùng"), id="f-active", default=True)


class RecognitionForm(MarketsForm):
    decision_number = _text(_l("Số quyết định"), 50, required=True, id="f-decision-number")
    decided_on = DateField(
        _l("Ngày quyết định"),
        validators=[DataRequired(_l("Không được để trống."))],
        id="f-decided-on",
    )
    issued_by = _text(_l("Cơ quan ban hành"), 200, id="f-issued-by")
    criterion_ids = SelectMultipleField(
        _l("Tiêu chí đạt"),
        coerce=picked_id,
        choices=[],
        validate_choice=False,  # the service says which criteria exist
        id="f-criteria",
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


# ---- importing a roster (app.markets.imports) ---------------------------------------------


class VendorFileForm(PageForm):
    """Step 1 of an import: the CSV or XLSX roster to preview."""

    file = FileField(
        _l("Tệp .csv hoặc .xlsx"),
        validators=[FileRequired(message=_l("Hãy chọn một tệp .csv hoặc .xlsx."))],
        description=_l(
            "Cột: họ tên, điện thoại, mặt hàng, số sạp và khu (chợ) hoặc số nhà và loại hình "
            "kinh doanh (tuyến phố), ngân hàng, số tài khoản, chủ tài khoản, tham gia (có/không), "
            "lý do, ghi chú. CSV UTF-8 hoặc Windows-1258 đều được."
        ),
        render_kw={"accept": ".csv,.xlsx,text/csv," + XLSX_TYPE},
        id="f-file",
    )


class VendorConfirmForm(PageForm):
    """Step 2 of an import: the previewed rows posted back, to be checked again and written."""

    rows = RowsField(validators=[InputRequired()])
