"""Pages of self-registration and approval, on the markets blueprint: the public registration
form and its sign, a locality's pending registrations with approve and reject, and the
officer's "add vendor" and "add account" forms reading the account from a photo of the bank's
code (`app.markets.registration`).

Registering is public and rate-limited per address (`REGISTRATION_LIMITS`, shared with the
API); the browser session that registered a vendor may fetch that pending vendor's sign.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields import SelectChoice

from app.access import require_login
from app.errors import DomainError
from app.extensions import limiter
from app.forms import show_beside
from app.localities.tree import ancestors
from app.markets import registration, services
from app.markets.forms import RegisterForm, RejectForm
from app.markets.models import Vendor
from app.markets.photo_forms import read_line, read_photo
from app.markets.routes import (
    Page,
    _bank_choices,
    _locality,
    _sign_links,
    bp,
)

SESSION_KEY = registration.REGISTERED_KEY


def registration_limits() -> str:
    """How often one address may register (`REGISTRATION_LIMITS` in the config)."""
    return str(current_app.config["REGISTRATION_LIMITS"])


#: One budget for the page and the API.
limit_registrations = limiter.shared_limit(
    registration_limits, scope="vendor-registration", methods=["POST"]
)


def remember_registration(vendor: Vendor) -> None:
    kept = [i for i in session.get(SESSION_KEY, []) if i != vendor.id]
    session[SESSION_KEY] = [*kept, vendor.id][-registration.REMEMBERED :]


def registered_here(vendor: Vendor) -> bool:
    """Whether this browser session registered `vendor` and it is still pending."""
    return vendor.registration == "pending" and vendor.id in session.get(SESSION_KEY, [])


# ---- self-registration --------------------------------------------------------------------


def _place_choices() -> dict[str, list[SelectChoice]]:
    groups: dict[str, list[SelectChoice]] = {"": [SelectChoice("", _("— chọn chợ hoặc phố —"))]}
    for group in registration.places_to_register():
        label = group.locality.known_as
        groups[label] = [
            *(SelectChoice(f"m{m.id}", m.name) for m in group.markets),
            *(SelectChoice(f"s{s.id}", _("Phố %(name)s", name=s.name)) for s in group.streets),
        ]
    return groups


@bp.route("/dang-ky-tieu-thuong", methods=["GET", "POST"])
@limit_registrations
def register() -> WerkzeugResponse | Page:
    """Public self-registration: the place, the stall or house number, name and phone, and the
    account typed or read from a photo; the vendor is created pending and sees their sign."""
    form = RegisterForm()
    form.place.choices = _place_choices()
    form.bank.choices = _bank_choices()
    if not form.is_submitted():
        if request.args.get("cho", "").isdigit():
            form.place.data = f"m{request.args['cho']}"
        elif request.args.get("pho", "").isdigit():
            form.place.data = f"s{request.args['pho']}"
        return render_template("markets/register.html", form=form), 200
    status = 422
    if form.validate():
        code = read_photo(form)
        if not form.photo.errors:
            data = form.data_for_service()
            if code is not None:
                data |= code.as_account()
            try:
                vendor = registration.register(current_user, data)
            except DomainError as error:
                show_beside(form, error, "place")
                status = error.status
            else:
                remember_registration(vendor)
                if code is not None:
                    flash(read_line(code), "success")
                return redirect(url_for("markets.registered", vendor_id=vendor.id))
    return render_template("markets/register.html", form=form), status


@bp.route("/dang-ky-tieu-thuong/<int:vendor_id>")
def registered(vendor_id: int) -> Page:
    """The sign of a registration this browser session made, with what happens next (another
    session's registration is a 404, as one that does not exist)."""
    if vendor_id not in session.get(SESSION_KEY, []):
        raise DomainError("markets.vendor_not_found", status=404)
    vendor = services.get_vendor(vendor_id)
    links = _sign_links(vendor) if registered_here(vendor) else None
    return render_template("markets/register_done.html", vendor=vendor, links=links), 200


# ---- approval -----------------------------------------------------------------------------


@bp.route("/dia-ban/<int:locality_id>/dang-ky-cho-duyet")
def pending(locality_id: int) -> Page:
    """The pending registrations of a locality's subtree, for its officers."""
    user = require_login()
    locality = _locality(locality_id)
    services.require_manage(user, locality)
    return _pending_page(locality_id)


def _pending_page(locality_id: int, form: RejectForm | None = None, failed: int = 0) -> Page:
    locality = _locality(locality_id)
    found = registration.pending_in(current_user, locality)
    return render_template(
        "markets/pending.html",
        locality=locality,
        crumbs=ancestors(locality),
        found=found,
        banks=registration.bank_names(),
        reject_form=form,
        failed=failed,
    ), (422 if failed else 200)


def _pending_vendor(vendor_id: int) -> tuple[Any, Vendor]:
    user = require_login()
    vendor = services.get_vendor(vendor_id)
    services.require_manage(user, vendor.locality)
    return user, vendor


def _back(vendor: Vendor) -> str:
    locality_id = request.form.get("back_to", type=int) or vendor.locality_id
    return url_for("markets.pending", locality_id=locality_id)


@bp.route("/tieu-thuong/<int:vendor_id>/duyet", methods=["POST"])
def approve(vendor_id: int) -> WerkzeugResponse:
    user, vendor = _pending_vendor(vendor_id)
    back = _back(vendor)
    registration.approve(user, vendor)
    flash(_("Đã duyệt đăng ký của %(name)s.", name=vendor.name), "success")
    return redirect(back)


@bp.route("/tieu-thuong/<int:vendor_id>/tu-choi", methods=["POST"])
def reject(vendor_id: int) -> WerkzeugResponse | Page:
    user, vendor = _pending_vendor(vendor_id)
    back = _back(vendor)
    name = vendor.name
    form = RejectForm()
    if form.validate_on_submit():
        try:
            registration.reject(user, vendor, form.reason.data)
        except DomainError as error:
            if error.status in (403, 404, 409):
                raise
            show_beside(form, error, "reason")
        else:
            flash(_("Đã từ chối đăng ký của %(name)s.", name=name), "success")
            return redirect(back)
    locality_id = request.form.get("back_to", type=int) or vendor.locality_id
    return _pending_page(locality_id, form, vendor.id)
