"""Pages for people (make a code, check a code) and vietqr.io-compatible quick links."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from app.access import is_signed_in, require_login
from app.codes import quick_links, services
from app.codes.forms import CheckCodeForm, MakeCodeForm
from app.codes.messages import defect_message
from app.codes.models import SavedAccount
from app.codes.responses import send_image
from app.codes.schemas import QRRequestSchema
from app.errors import DomainError
from app.forms import picked_id, show_beside

bp = Blueprint("codes", __name__, template_folder="templates")

#: The quick link the make page offers: vietqr.io's template with the code, bank, account,
#: holder, amount and purpose (their "compact2").
QUICK_LINK_TEMPLATE = "compact2"


@bp.route("/", methods=["GET", "POST"])
def home() -> str:
    """Make a code: bank, account, holder, optional amount and purpose → code, sign, downloads.
    Every field's refusal is shown at once beside it (the form's lengths and the service's
    rules); a bank name that matched several banks, or none, offers the ones perhaps meant.
    A signed-in person picks one of her saved accounts (`?saved=<id>`: the login page for
    someone not signed in, a 404 for someone else's) and may save the one she typed."""
    form = MakeCodeForm()
    if not form.is_submitted() and request.args.get("saved"):
        chosen = services.saved_account(require_login(), picked_id(request.args["saved"]) or 0)
        form = MakeCodeForm(data=_filled_from(chosen))
    user = current_user if is_signed_in(current_user) else None
    made = None
    kept = None
    if form.is_submitted():
        form.validate()
        try:
            made = services.make_code(QRRequestSchema().load(form.code_request_data()))
        except DomainError as error:
            show_beside(form, error, "purpose")  # service, initiation, payload: the texts
        if form.errors:
            made = None
        elif made is not None:
            form.bank.data, form.bank_pick.data = made.bank.short_name, None
            if user is not None and form.save_account.data:
                try:
                    kept = services.remember_account(user, made, form.account_label.data)
                except DomainError as error:
                    show_beside(form, error, "save_account")
    directory = services.bank_directory()
    return render_template(
        "codes/home.html",
        form=form,
        made=made,
        kept=kept,
        links=_links(made, form.title.data) if made else None,
        banks=list(directory),
        candidates=(
            services.bank_candidates(form.bank.data)[: services.MAX_BANK_CANDIDATES]
            if form.bank.errors
            else []
        ),
        saved_accounts=[
            (saved, directory.by_bin(saved.bank_bin))
            for saved in (services.saved_accounts_of(user).accounts if user else [])
        ],
    )


@bp.post("/tai-khoan-ngan-hang/<int:account_id>/xoa")
@login_required
def forget_account(account_id: int) -> WerkzeugResponse:
    """Delete one of my saved bank accounts (someone else's is a 404)."""
    services.delete_saved_account(current_user, account_id)
    flash(_("Đã xoá tài khoản đã lưu."), "success")
    return redirect(url_for("codes.home"))


def _filled_from(saved: SavedAccount) -> dict[str, str | None]:
    """The make form's fields from a saved account (the bank by its short name, the BIN when
    the directory no longer lists it)."""
    bank = services.bank_directory().by_bin(saved.bank_bin)
    return {
        "bank": bank.short_name if bank else saved.bank_bin,
        "account": saved.account,
        "account_name": saved.account_name,
        "account_label": saved.label,
    }


def _links(made: services.MadeCode, title: str | None) -> dict[str, str]:
    sign: dict[str, Any] = {
        "payload": made.payload,
        "name": made.account_name,
        "note": made.purpose_display,
        "title": title or None,
    }
    return {
        "png": url_for("codes_api.code_image", fmt="png", payload=made.payload, size=600),
        "png_download": url_for(
            "codes_api.code_image", fmt="png", payload=made.payload, size=800, download=1
        ),
        "svg_download": url_for(
            "codes_api.code_image", fmt="svg", payload=made.payload, download=1
        ),
        "sign_png": url_for("codes_api.sign_image", fmt="png", **sign),
        "sign_png_download": url_for("codes_api.sign_image", fmt="png", download=1, **sign),
        "pdf_a6": url_for("codes_api.sign_image", fmt="pdf", page="A6", download=1, **sign),
        "pdf_a4": url_for("codes_api.sign_image", fmt="pdf", page="A4", download=1, **sign),
        "quick": url_for(
            "codes.quick_link",
            spec=f"{made.bank.bin}-{made.code.account}-{QUICK_LINK_TEMPLATE}",
            fmt="png",
            amount=made.code.amount,
            addInfo=made.code.purpose,
            accountName=made.account_name,
            _external=True,
        ),
    }


@bp.route("/kiem-tra", methods=["GET", "POST"])
def check() -> str:
    """Check a code: paste its text or upload a photo; a verdict (pay, check the payee, do not
    pay) and every defect in plain words, the technical lines behind a toggle."""
    form = CheckCodeForm()
    decoded = None
    if form.validate_on_submit():
        try:
            if form.image.data:
                decoded = services.check_photo(form.image.data.read())
            else:
                decoded = services.check_payload(form.payload.data)
        except DomainError as error:
            show_beside(form, error, "payload")
    defects = [
        {
            "tag": d.tag,
            "severity": d.severity,
            "text": defect_message(d.code, d.message, d.params),
            "detail": d.message,
        }
        for d in (decoded.defects if decoded else ())
    ]
    return render_template(
        "codes/check.html",
        form=form,
        decoded=decoded,
        defects=defects,
    )


@bp.get(quick_links.RULE)
def quick_link(spec: str, fmt: str) -> Response:
    """vietqr.io's quick link scheme: /qr/<bank>-<account>-<template>.<fmt>?amount=&addInfo=
    &accountName= (switching from img.vietqr.io is a change of host). Plain requests are
    answered before they reach Flask, by the same functions (`app.codes.quick_links`)."""
    return send_image(quick_links.quick_link_job(spec, fmt, request))
