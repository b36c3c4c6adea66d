"""REST API for banks and payment codes (/api/v1/banks, /api/v1/qr)."""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from app.api_docs import PUBLIC, answers
from app.codes import services
from app.codes.responses import send_image
from app.codes.schemas import (
    BankListQuerySchema,
    BankListSchema,
    BankSchema,
    DecodeRequestSchema,
    DecodeResponseSchema,
    ImageQuerySchema,
    QRRequestSchema,
    QRResponseSchema,
    SignQuerySchema,
)
from app.errors import FieldError
from app.render import ImageDecodeError, Sign

blp = Blueprint(
    "codes_api", __name__, url_prefix="", description="VietQR payment codes and the bank directory"
)


@blp.route("/banks")
class Banks(MethodView):
    @answers(blp, 401, 422, security=PUBLIC)
    @blp.arguments(BankListQuerySchema, location="query")
    @blp.response(200, BankListSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The NAPAS bank directory (banks and e-wallets that receive VietQR transfers)."""
        directory = services.bank_directory()
        banks = directory.search(query["q"], limit=100) if query["q"] else list(directory)
        return {
            "source": directory.source,
            "updated": directory.updated,
            "count": len(banks),
            "banks": [bank.to_dict() for bank in banks],
        }


@blp.route("/banks/<string:bank_id>")
class BankDetail(MethodView):
    @answers(blp, 401, 404, security=PUBLIC)
    @blp.response(200, BankSchema)
    def get(self, bank_id: str) -> dict[str, Any]:
        """One bank by BIN or code (short and full names work too)."""
        directory = services.bank_directory()
        bank = directory.by_bin(bank_id)
        if bank is None:
            try:
                bank = directory.find(bank_id)
            except ValueError as error:
                abort(404, message=str(error), errors={"bank": [str(error)]})
                raise  # abort() always raises; this tells the type checker
        return bank.to_dict()


def _image_links(made: services.MadeCode) -> dict[str, str]:
    payload = made.payload
    sign_args = {"payload": payload, "name": made.account_name, "note": made.purpose_display}
    return {
        "png": url_for("codes_api.code_image", fmt="png", payload=payload, _external=True),
        "svg": url_for("codes_api.code_image", fmt="svg", payload=payload, _external=True),
        "sign_png": url_for("codes_api.sign_image", fmt="png", _external=True, **sign_args),
        "sign_pdf": url_for("codes_api.sign_image", fmt="pdf", _external=True, **sign_args),
    }


@blp.route("/qr")
class MakeCode(MethodView):
    @answers(blp, 400, 401, 413, 422, security=PUBLIC)
    @blp.arguments(QRRequestSchema)
    @blp.response(200, QRResponseSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Make a VietQR payload with links to its images and printable sign."""
        made = services.make_code(services.CodeRequest(**data))
        code = made.code
        return {
            "payload": made.payload,
            "bank": made.bank.to_dict(),
            "account": code.account,
            "service": code.service,
            "initiation": made.initiation,
            "amount": code.amount,
            "purpose": code.purpose,
            "bill_number": code.bill_number,
            "reference": code.reference,
            "account_name": made.account_name,
            "images": _image_links(made),
        }


@blp.route("/qr/decode", methods=["POST"])
@answers(blp, 400, 401, 413, 422, security=PUBLIC)
@blp.doc(
    requestBody={
        "content": {
            "application/json": {"schema": DecodeRequestSchema},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "image": {
                            "type": "string",
                            "format": "binary",
                            "description": "a photo or screenshot holding one QR code",
                        }
                    },
                }
            },
        }
    }
)
@blp.response(200, DecodeResponseSchema)
def decode(**_: Any) -> dict[str, Any]:
    """Check a payload, or find and check the code in a photo. Defects do not make it an
    error: the answer is a 200 with `valid: false` and every defect listed."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("image")
        if upload is None or not upload.filename:
            raise FieldError("image", "no file uploaded in the field 'image'")
        try:
            decoded = services.check_photo(upload.read())
        except ImageDecodeError as error:
            status = 413 if error.code == "too_large" else 422
            raise FieldError("image", error.message, status=status) from error
    else:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise FieldError(
                "payload",
                'send JSON {"payload": "..."} or a multipart upload with the field \'image\'',
            )
        data = DecodeRequestSchema().load(body)
        decoded = services.check_payload(data["payload"])
    return decoded.to_dict()


@blp.route("/qr/image.<any(png, svg):fmt>")
@answers(blp, 401, 404, 422, security=PUBLIC)
@blp.arguments(ImageQuerySchema, location="query")
@blp.response(200, description="the code as a PNG or SVG image")
def code_image(query: dict[str, Any], fmt: str) -> Response:
    """The code alone, error correction M, 4-module quiet zone, `size` pixels square."""
    services.printable_payload(query["payload"])
    job = services.code_image(query["payload"], fmt, size=query["size"], border=query["border"])
    return send_image(job, download=query["download"])


@blp.route("/qr/sign.<any(png, pdf):fmt>")
@answers(blp, 401, 404, 422, security=PUBLIC)
@blp.arguments(SignQuerySchema, location="query")
@blp.response(200, description="a printable sign (PNG, or PDF in A6 or A4 with four signs)")
def sign_image(query: dict[str, Any], fmt: str) -> Response:
    """A printable sign with bank, holder, account, amount and purpose in Vietnamese."""
    decoded = services.printable_payload(query["payload"])
    assert decoded.code is not None and decoded.bank is not None
    sign = Sign(
        payload=decoded.payload,
        bank_name=decoded.bank.short_name,
        account=decoded.code.account,
        account_name=services.holder_name(query["name"]),
        amount=decoded.code.amount,
        purpose=services.printed_purpose(query["note"] or None, decoded.code.purpose),
        title=query["title"] or None,
    )
    return send_image(
        services.sign_image(sign, fmt, page=query["page"]), download=query["download"]
    )
