"""Pages for people (make a code, check a code) and vietqr.io-compatible quick links."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from app.codes import quick_links, services
from app.codes.forms import CheckCodeForm, MakeCodeForm
from app.codes.messages import defect_message
from app.codes.responses import send_image
from app.codes.schemas import QRRequestSchema
from app.errors import DomainError
from app.forms import show_beside

bp = Blueprint("codes", __name__, template_folder="templates")


@bp.route("/", methods=["GET", "POST"])
def home() -> str:
    """Make a code: bank, account, holder, optional amount and purpose → code, sign, downloads."""
    form = MakeCodeForm()
    made = None
    if form.validate_on_submit():
        try:
            made = services.make_code(QRRequestSchema().load(form.code_request_data()))
        except DomainError as error:
            show_beside(form, error, "purpose")  # service, initiation, payload: the texts
    return render_template(
        "codes/home.html",
        form=form,
        errors=form.shown_errors(),
        made=made,
        links=_links(made) if made else None,
        banks=list(services.bank_directory()),
    )


def _links(made: services.MadeCode) -> dict[str, str]:
    sign: dict[str, Any] = {
        "payload": made.payload,
        "name": made.account_name,
        "note": made.purpose_display,
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
    }


@bp.route("/kiem-tra", methods=["GET", "POST"])
def check() -> str:
    """Check a code: paste its text or upload a photo; every defect in plain words."""
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
            "text": defect_message(d.code, d.message),
            "detail": d.message,
        }
        for d in (decoded.defects if decoded else ())
    ]
    return render_template(
        "codes/check.html",
        form=form,
        errors=form.shown_errors(),
        decoded=decoded,
        defects=defects,
    )


@bp.get(quick_links.RULE)
def quick_link(spec: str, fmt: str) -> Response:
    """vietqr.io's quick link scheme: /qr/<bank>-<account>-<template>.<fmt>?amount=&addInfo=
    &accountName= (switching from img.vietqr.io is a change of host). Plain requests are
    answered before they reach Flask, by the same functions (`app.codes.quick_links`)."""
    return send_image(quick_links.quick_link_job(spec, fmt, request))
