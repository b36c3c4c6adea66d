"""Pages of the markets feature: the markets and streets of a locality, a market's page, a
street's page, a vendor's page, and the forms to add and change them.

Every page needs a signed-in person: officers and viewers read their subtree, officers change
it, a vendor reads and edits their own record and accounts. A service's refusal is shown beside
the field it concerns; a refusal of the whole request (403, 404) is an error page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields import SelectChoice

from app.access import require_login
from app.codes import services as codes
from app.errors import DomainError
from app.forms import save_form, show_beside
from app.localities.models import Locality
from app.localities.tree import ancestors, get_locality
from app.markets import exports, imports, services, signs
from app.markets.forms import (
    AccountForm,
    AccountPhotoForm,
    MarketForm,
    MarketsForm,
    StallForm,
    StepForm,
    StreetForm,
    VendorConfirmForm,
    VendorFileForm,
    VendorForm,
    VendorPhotoForm,
)
from app.markets.messages import (
    COLUMN_LABELS,
    MARKET_KIND_LABELS,
    NO_STATUS_LABEL,
    REASON_LABELS,
    REGISTRATION_LABELS,
    STATUS_LABELS,
)
from app.markets.models import Market, Vendor, VendorAccount
from app.markets.photo_forms import save_with_photo
from app.markets.registration import REGISTERED_KEY
from app.markets.vendor_files import PLACE_COLUMNS
from app.render import PAGES

bp = Blueprint("markets", __name__, template_folder="templates")

Page = tuple[str, int]


@bp.context_processor
def labels() -> dict[str, Any]:
    return {
        "kind_labels": MARKET_KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "reason_labels": REASON_LABELS,
        "registration_labels": REGISTRATION_LABELS,
        "no_status_label": NO_STATUS_LABEL,
    }


def _locality(locality_id: int) -> Locality:
    locality = get_locality(locality_id)
    if locality is None:
        raise DomainError("markets.locality_not_found", status=404)
    return locality


def _form_page(form: MarketsForm, title: str, back: str, status: int = 200, **context: Any) -> Page:
    return render_template(
        "markets/form.html", form=form, title=title, back=back, **context
    ), status


_save = save_form


# ---- a locality's markets and streets -----------------------------------------------------


@bp.route("/dia-ban/<int:locality_id>/cho")
def places(locality_id: int) -> str:
    """The markets and streets of a locality's subtree with their counts as of today."""
    user = require_login()
    locality = _locality(locality_id)
    found = services.places_of(user, locality)
    return render_template(
        "markets/places.html",
        locality=locality,
        crumbs=ancestors(locality),
        found=found,
        today=services.today(),
        can_add=locality.level in ("commune", "hamlet")
        and locality.era == "vn2025"
        and services.may_manage(user, locality),
        can_manage_here=services.may_manage(user, locality),
    )


@bp.route("/dia-ban/<int:locality_id>/cho/them", methods=["GET", "POST"])
def add_market(locality_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    locality = _locality(locality_id)
    services.require_manage(user, locality)
    form = MarketForm()
    back = url_for("markets.places", locality_id=locality.id)
    return _save(
        form,
        "name",
        lambda data: services.create_market(user, {**data, "locality_id": locality.id}),
        lambda market: url_for("markets.market", market_id=market.id),
        lambda status: _form_page(form, _("Thêm chợ ở %(name)s", name=locality.name), back, status),
    )


@bp.route("/dia-ban/<int:locality_id>/tuyen-pho/them", methods=["GET", "POST"])
def add_street(locality_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    locality = _locality(locality_id)
    services.require_manage(user, locality)
    form = StreetForm()
    back = url_for("markets.places", locality_id=locality.id)
    return _save(
        form,
        "name",
        lambda data: services.create_street(user, {**data, "locality_id": locality.id}),
        lambda street: url_for("markets.street", street_id=street.id),
        lambda status: _form_page(
            form,
            _("Thêm tuyến phố không dùng tiền mặt ở %(name)s", name=locality.name),
            back,
            status,
        ),
    )


# ---- a market -----------------------------------------------------------------------------


def _market_page(market: Market, stall_form: StallForm | None = None, status: int = 200) -> Page:
    user = current_user
    statuses = services.statuses_as_of(services.today(), market=market, with_stalls=True)
    manage = services.may_manage(user, market.locality)
    return render_template(
        "markets/market.html",
        market=market,
        crumbs=[*ancestors(market.locality), market.locality],
        stalls=services.stalls_of(market, per_page=1000).items,
        statuses=statuses,
        counts=services.count_statuses(statuses),
        recognition=next(iter(services.recognitions_of(market)), None),
        can_manage=manage,
        stall_form=stall_form or (StallForm(formdata=None) if manage else None),
    ), status


@bp.route("/cho/<int:market_id>")
def market(market_id: int) -> Page:
    """A market: its facts, Chợ 4.0 recognition, stalls and vendors with their status today."""
    return _market_page(services.visible_market(require_login(), market_id))


@bp.route("/cho/<int:market_id>/sua", methods=["GET", "POST"])
def edit_market(market_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    found = services.get_market(market_id)
    services.require_manage(user, found.locality)
    form = MarketForm(obj=found)
    back = url_for("markets.market", market_id=found.id)
    return _save(
        form,
        "name",
        lambda data: services.update_market(user, found, data),
        lambda saved: back,
        lambda status: _form_page(form, _("Sửa chợ %(name)s", name=found.name), back, status),
    )


@bp.route("/cho/<int:market_id>/sap", methods=["POST"])
def add_stall(market_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    found = services.get_market(market_id)
    services.require_manage(user, found.locality)
    form = StallForm()
    return _save(
        form,
        "number",
        lambda data: services.add_stall(user, found, data),
        lambda stall: url_for("markets.market", market_id=found.id, _anchor="sap"),
        lambda status: _market_page(found, form, status),
    )


@bp.route("/sap/<int:stall_id>/sua", methods=["GET", "POST"])
def edit_stall(stall_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    stall = services.get_stall(stall_id)
    services.require_manage(user, stall.market.locality)
    form = StallForm(obj=stall)
    back = url_for("markets.market", market_id=stall.market_id, _anchor="sap")
    return _save(
        form,
        "number",
        lambda data: services.update_stall(user, stall, data),
        lambda saved: back,
        lambda status: _form_page(
            form, _("Sửa sạp %(number)s", number=stall.number or "—"), back, status
        ),
    )


# ---- a cashless street --------------------------------------------------------------------


@bp.route("/tuyen-pho/<int:street_id>")
def street(street_id: int) -> str:
    """A cashless street: its shops and households with their status today."""
    user = require_login()
    found = services.visible_street(user, street_id)
    statuses = services.statuses_as_of(services.today(), street=found)
    return render_template(
        "markets/street.html",
        street=found,
        crumbs=[*ancestors(found.locality), found.locality],
        statuses=statuses,
        counts=services.count_statuses(statuses),
        can_manage=services.may_manage(user, found.locality),
    )


@bp.route("/tuyen-pho/<int:street_id>/sua", methods=["GET", "POST"])
def edit_street(street_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    found = services.get_street(street_id)
    services.require_manage(user, found.locality)
    form = StreetForm(obj=found)
    back = url_for("markets.street", street_id=found.id)
    return _save(
        form,
        "name",
        lambda data: services.update_street(user, found, data),
        lambda saved: back,
        lambda status: _form_page(form, _("Sửa tuyến phố %(name)s", name=found.name), back, status),
    )


# ---- vendors ------------------------------------------------------------------------------


def _stall_choices(market: Market) -> list[SelectChoice]:
    return [
        SelectChoice(
            str(stall.id),
            f"{stall.number or '—'} · {stall.section or ''} {stall.goods or ''}".strip(),
        )
        for stall in services.stalls_of(market, per_page=1000).items
    ]


@bp.route("/cho/<int:market_id>/tieu-thuong/them", methods=["GET", "POST"])
def add_market_vendor(market_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    found = services.get_market(market_id)
    services.require_manage(user, found.locality)
    form = VendorPhotoForm().for_market(_stall_choices(found))
    back = url_for("markets.market", market_id=found.id)
    return save_with_photo(
        form,
        "name",
        lambda data, code: services.create_vendor(
            user, {**data, "market_id": found.id}, first_account=code.as_account() if code else None
        ),
        lambda vendor: url_for("markets.vendor", vendor_id=vendor.id),
        lambda status: _form_page(
            form, _("Thêm tiểu thương vào %(name)s", name=found.name), back, status
        ),
        _save,
    )


@bp.route("/tuyen-pho/<int:street_id>/tieu-thuong/them", methods=["GET", "POST"])
def add_street_vendor(street_id: int) -> WerkzeugResponse | Page:
    user = require_login()
    found = services.get_street(street_id)
    services.require_manage(user, found.locality)
    form = VendorPhotoForm().for_street()
    back = url_for("markets.street", street_id=found.id)
    return save_with_photo(
        form,
        "name",
        lambda data, code: services.create_vendor(
            user, {**data, "street_id": found.id}, first_account=code.as_account() if code else None
        ),
        lambda vendor: url_for("markets.vendor", vendor_id=vendor.id),
        lambda status: _form_page(
            form, _("Thêm cửa hàng vào %(name)s", name=found.name), back, status
        ),
        _save,
    )


def _sign_links(vendor: Vendor) -> dict[str, str] | None:
    """Links to the vendor's own sign (name, place and sign code printed), or None without a
    primary account."""
    if vendor.primary_account is None:
        return None
    sign = "markets.vendor_sign"
    return {
        "png": url_for(sign, vendor_id=vendor.id, fmt="png"),
        "png_download": url_for(sign, vendor_id=vendor.id, fmt="png", download=1),
        "pdf_a6": url_for(sign, vendor_id=vendor.id, fmt="pdf", page="A6", download=1),
        "pdf_a4": url_for(sign, vendor_id=vendor.id, fmt="pdf", page="A4", download=1),
    }


def _vendor_page(vendor: Vendor, step_form: StepForm | None = None, status: int = 200) -> Page:
    user = current_user
    manage = services.may_manage(user, vendor.locality)
    banks = {bank.bin: bank for bank in codes.list_banks(None).banks}
    return render_template(
        "markets/vendor.html",
        vendor=vendor,
        crumbs=[*ancestors(vendor.locality), vendor.locality],
        banks=banks,
        history=list(reversed(vendor.steps)),
        links=_sign_links(vendor),
        can_manage=manage,
        can_edit=services.may_edit_vendor(user, vendor),
        step_form=step_form or (StepForm(formdata=None) if manage else None),
        today=services.today(),
    ), status


@bp.route("/tieu-thuong/<int:vendor_id>")
def vendor(vendor_id: int) -> Page:
    """A vendor: facts, receiving accounts, sign downloads, participation history."""
    return _vendor_page(services.visible_vendor(require_login(), vendor_id))


def _sign_vendor(vendor_id: int) -> Vendor:
    """The vendor whose sign is asked for: one the person may view, or a pending one this
    browser session registered itself (`registration_pages`)."""
    if vendor_id in session.get(REGISTERED_KEY, []):
        found = services.get_vendor(vendor_id)
        if found.registration == "pending":
            return found
    return services.visible_vendor(require_login(), vendor_id)


@bp.route("/tieu-thuong/<int:vendor_id>/bien.<any(png, pdf):fmt>")
def vendor_sign(vendor_id: int, fmt: str) -> WerkzeugResponse:
    """The vendor's sign (PNG, or PDF in A6 or A4 with four to cut): revalidated on every use,
    since it changes when the vendor's account, place or approval does."""
    found = _sign_vendor(vendor_id)
    page = request.args.get("page", "A6")
    if page not in PAGES:
        raise DomainError("markets.sign_page", "page", pages=", ".join(PAGES))
    job = signs.sign_file(found, fmt, page)
    if job is None:
        raise DomainError("markets.no_primary_account", "vendor_id", status=404)
    answer = codes.image_response(job, request, download=request.args.get("download") == "1")
    answer.headers["Cache-Control"] = "private, no-cache"
    return answer


def _editable_vendor(vendor_id: int) -> tuple[Any, Vendor]:
    user = require_login()
    found = services.get_vendor(vendor_id)
    if not services.may_edit_vendor(user, found):
        raise DomainError("markets.forbidden", status=403)
    return user, found


@bp.route("/tieu-thuong/<int:vendor_id>/sua", methods=["GET", "POST"])
def edit_vendor(vendor_id: int) -> WerkzeugResponse | Page:
    user, found = _editable_vendor(vendor_id)
    form = VendorForm(obj=found, data={"stall_ids": [s.id for s in found.stalls]})
    if found.market is not None:
        form.for_market(_stall_choices(found.market))
    else:
        form.for_street()
    if not services.may_manage(user, found.locality):  # the vendor themself
        for name in list(form._fields):
            if name not in services.OWNER_FIELDS and name != "csrf_token":
                del form[name]
    back = url_for("markets.vendor", vendor_id=found.id)
    return _save(
        form,
        "name",
        lambda data: services.update_vendor(user, found, data),
        lambda saved: back,
        lambda status: _form_page(form, _("Sửa %(name)s", name=found.name), back, status),
    )


def _bank_choices() -> list[SelectChoice]:
    return [
        SelectChoice("", _("— chọn ngân hàng —")),
        *(SelectChoice(b.bin, f"{b.short_name} ({b.code})") for b in codes.list_banks(None).banks),
    ]


@bp.route("/tieu-thuong/<int:vendor_id>/tai-khoan/them", methods=["GET", "POST"])
def add_account(vendor_id: int) -> WerkzeugResponse | Page:
    user, found = _editable_vendor(vendor_id)
    form = AccountPhotoForm()
    form.bank.choices = _bank_choices()
    back = url_for("markets.vendor", vendor_id=found.id)
    return save_with_photo(
        form,
        "number",
        lambda data, code: services.add_account(user, found, data),
        lambda account: back,
        lambda status: _form_page(
            form, _("Thêm tài khoản nhận tiền cho %(name)s", name=found.name), back, status
        ),
        _save,
    )


def _editable_account(account_id: int) -> tuple[Any, VendorAccount]:
    account = services.get_account(account_id)
    user, _vendor = _editable_vendor(account.vendor_id)
    return user, account


@bp.route("/tai-khoan-nhan/<int:account_id>/sua", methods=["GET", "POST"])
def edit_account(account_id: int) -> WerkzeugResponse | Page:
    user, account = _editable_account(account_id)
    form = AccountForm(obj=account, data={"bank": account.bank_bin})
    form.bank.choices = _bank_choices()
    back = url_for("markets.vendor", vendor_id=account.vendor_id)
    return _save(
        form,
        "number",
        lambda data: services.update_account(user, account, data),
        lambda saved: back,
        lambda status: _form_page(form, _("Sửa tài khoản nhận tiền"), back, status),
    )


@bp.route("/tai-khoan-nhan/<int:account_id>/dat-chinh", methods=["POST"])
def make_primary(account_id: int) -> WerkzeugResponse:
    user, account = _editable_account(account_id)
    services.make_primary(user, account)
    flash(_("Đã đặt làm tài khoản chính."), "success")
    return redirect(url_for("markets.vendor", vendor_id=account.vendor_id))


@bp.route("/tai-khoan-nhan/<int:account_id>/xoa", methods=["POST"])
def remove_account(account_id: int) -> WerkzeugResponse:
    user, account = _editable_account(account_id)
    vendor_id = account.vendor_id
    services.remove_account(user, account)
    flash(_("Đã xoá tài khoản."), "success")
    return redirect(url_for("markets.vendor", vendor_id=vendor_id))


@bp.route("/tieu-thuong/<int:vendor_id>/buoc", methods=["POST"])
def record_step(vendor_id: int) -> WerkzeugResponse | Page:
    """Record a participation step from the vendor's page."""
    user = require_login()
    found = services.get_vendor(vendor_id)
    services.require_manage(user, found.locality)
    form = StepForm()
    return _save(
        form,
        "status",
        lambda data: services.record_step(user, found, data),
        lambda step: url_for("markets.vendor", vendor_id=found.id, _anchor="lich-su"),
        lambda status: _vendor_page(found, form, status),
    )


# ---- importing and exporting a roster (app.markets.imports, app.markets.exports) ----------

#: A place's kind as its pages' addresses name it.
PLACE_PATHS = {"cho": "market", "tuyen-pho": "street"}


def _place(place: str, place_id: int) -> imports.Place:
    if PLACE_PATHS[place] == "market":
        return services.get_market(place_id)
    return services.get_street(place_id)


def _place_page(found: imports.Place) -> str:
    if isinstance(found, Market):
        return url_for("markets.market", market_id=found.id)
    return url_for("markets.street", street_id=found.id)


def _render_import(
    found: imports.Place,
    form: VendorFileForm,
    preview: imports.VendorPreview | None = None,
    status: int = 200,
) -> Page:
    confirm = None
    if preview is not None and preview.valid:
        confirm = VendorConfirmForm(formdata=None)
        confirm.rows.data = [draft.posted() for draft in preview.rows]
    kind = imports.place_kind(found)
    place = next(path for path, name in PLACE_PATHS.items() if name == kind)
    return render_template(
        "markets/import.html",
        found=found,
        kind=kind,
        place=place,
        back=_place_page(found),
        crumbs=[*ancestors(found.locality), found.locality],
        form=form,
        preview=preview,
        confirm=confirm,
        columns=PLACE_COLUMNS[kind],
        column_labels=COLUMN_LABELS,
    ), status


@bp.route("/<any(cho, 'tuyen-pho'):place>/<int:place_id>/nhap-danh-sach", methods=["GET", "POST"])
def import_vendors(place: str, place_id: int) -> Page:
    """Step 1: upload a roster (CSV/XLSX); the answer is the preview of every row."""
    user = require_login()
    found = _place(place, place_id)
    services.require_manage(user, found.locality)
    form = VendorFileForm()
    if not form.is_submitted():
        return _render_import(found, form)
    if not form.validate_on_submit():
        return _render_import(found, form, status=422)
    upload = form.file.data
    try:
        preview = imports.preview_file(user, found, upload.filename or "", upload.read())
    except DomainError as error:
        show_beside(form, error, "file")
        return _render_import(found, form, status=error.status)
    return _render_import(found, form, preview, 200 if preview.valid else 422)


@bp.route("/<any(cho, 'tuyen-pho'):place>/<int:place_id>/nhap-danh-sach/xac-nhan", methods=["POST"])
def confirm_vendors(place: str, place_id: int) -> WerkzeugResponse | Page:
    """Step 2: write the previewed rows (checked again), all or none."""
    user = require_login()
    found = _place(place, place_id)
    services.require_manage(user, found.locality)
    confirm = VendorConfirmForm()
    if not confirm.validate_on_submit():
        raise DomainError("markets.confirmation_unreadable", status=400)
    form = VendorFileForm(formdata=None)  # the way back: upload the file again
    try:
        drafts = imports.drafts_from_rows(confirm.rows.data or [])
        created = imports.import_drafts(user, found, drafts)
    except imports.VendorRowsError as error:
        show_beside(form, error, "file")
        return _render_import(found, form, imports.VendorPreview(error.drafts), error.status)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        show_beside(form, error, "file")
        return _render_import(found, form, status=error.status)
    flash(_("Đã thêm %(n)d tiểu thương vào %(name)s.", n=len(created), name=found.name), "success")
    return redirect(_place_page(found))


@bp.route("/mau-danh-sach-tieu-thuong/<any(cho, 'tuyen-pho'):place>.<any(csv, xlsx):fmt>")
def vendor_template(place: str, fmt: str) -> Response:
    """The roster template to fill in and import (public: it holds no data)."""
    body, headers = exports.template(PLACE_PATHS[place], fmt)
    return Response(body, headers=headers)


@bp.route("/<any(cho, 'tuyen-pho'):place>/<int:place_id>/danh-sach.<any(csv, xlsx):fmt>")
def export_vendors(place: str, place_id: int, fmt: str) -> Response:
    """The place's roster as a file, with the import's columns, status today and sign code."""
    user = require_login()
    body, headers = exports.export(user, _place(place, place_id), fmt)
    return Response(body, headers=headers)
