"""Pages for people (make a code, check a code) and vietqr.io-compatible quick links."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from app.codes import services
from app.codes.messages import defect_message, field_message
from app.codes.responses import send_image
from app.codes.schemas import (
    MAX_ACCOUNT_TYPED,
    MAX_AMOUNT_TYPED,
    MAX_BANK,
    MAX_NAME,
    MAX_TEXT_TYPED,
)
from app.render import ImageDecodeError
from app.vietqr import MAX_QR_TEXT, PayloadError

bp = Blueprint("codes", __name__, template_folder="templates")

# The page's fields and their longest input, as the API documents them: a longer value is
# refused by its length, and the page never sends back more than that.
FORM_FIELDS = {
    "bank": MAX_BANK,
    "account": MAX_ACCOUNT_TYPED,
    "account_name": MAX_NAME,
    "amount": MAX_AMOUNT_TYPED,
    "purpose": MAX_TEXT_TYPED,
}


@bp.route("/", methods=["GET", "POST"])
def home() -> str:
    """Make a code: bank, account, holder, optional amount and purpose → code, sign, downloads."""
    form = {name: (request.form.get(name) or "").strip() for name in FORM_FIELDS}
    errors: dict[str, str] = {}
    for name, limit in FORM_FIELDS.items():
        if len(form[name]) > limit:
            errors[name] = _("Quá dài: tối đa %(limit)s ký tự.", limit=limit)
            form[name] = form[name][:limit]
    made = None
    if request.method == "POST" and not errors:
        try:
            made = services.make_code(
                services.CodeRequest(
                    bank=form["bank"],
                    account=form["account"],
                    account_name=form["account_name"],
                    amount=form["amount"],
                    purpose=form["purpose"],
                )
            )
        except PayloadError as error:
            errors[error.field] = field_message(error.field, error.message)
    return render_template(
        "codes/home.html",
        form=form,
        errors=errors,
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
    payload = (request.form.get("payload") or "").strip()
    errors: dict[str, str] = {}
    decoded = None
    if request.method == "POST":
        upload = request.files.get("image")
        try:
            if upload is not None and upload.filename:
                decoded = services.check_photo(upload.read())
            elif payload:
                decoded = services.check_payload(payload)
            else:
                errors["payload"] = _("Dán nội dung mã QR hoặc chọn ảnh chụp mã.")
        except ImageDecodeError as error:
            errors["image"] = _photo_message(error)
        except PayloadError as error:
            errors[error.field] = field_message(error.field, error.message)
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
        payload=payload[:MAX_QR_TEXT],  # a longer text was refused, and is not sent back
        errors=errors,
        decoded=decoded,
        defects=defects,
    )


def _photo_message(error: ImageDecodeError) -> str:
    messages = {
        "not_an_image": _("Tệp này không phải là ảnh (PNG, JPEG hoặc WebP)."),
        "too_large": _(
            "Ảnh quá lớn; hãy gửi ảnh nhỏ hơn %(size)s MB.",
            size=current_app.config["QR_UPLOAD_MAX_BYTES"] // 1_000_000,
        ),
        "too_many_pixels": _("Ảnh có quá nhiều điểm ảnh; hãy chụp lại với độ phân giải thấp hơn."),
        "no_code": _("Không tìm thấy mã QR nào trong ảnh; hãy chụp gần và rõ hơn."),
        "several_codes": _("Ảnh có nhiều mã QR khác nhau; hãy chụp riêng từng mã."),
        "unreadable": _("Không đọc được mã QR trong ảnh; hãy chụp lại rõ hơn."),
    }
    return str(messages.get(error.code, error.message))


@bp.get("/qr/<string:spec>.<any(png, jpg, svg, pdf):fmt>")
def quick_link(spec: str, fmt: str) -> Response:
    """vietqr.io's quick link scheme: /qr/<bank>-<account>-<template>.<fmt>?amount=&addInfo=
    &accountName= (switching from img.vietqr.io is a change of host)."""
    parts = spec.split("-")
    if len(parts) == 2:
        parts.append("compact")
    if len(parts) != 3:
        abort(404, description="use /qr/<bank>-<account>-<template>.<png|jpg|svg|pdf>")
    bank, account, template = parts

    def code_request() -> services.CodeRequest:
        args = request.args
        return services.CodeRequest(
            bank=bank,
            account=account,
            amount=args.get("amount") or None,
            purpose=args.get("addInfo"),
            account_name=args.get("accountName"),
        )

    job = services.quick_link_image(template, fmt, (spec, request.query_string), code_request)
    return send_image(job)
