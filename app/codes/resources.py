"""REST API for banks and payment codes (/api/v1/banks, /api/v1/qr)."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView

from app.api_blueprint import Blueprint
from app.api_docs import PUBLIC, answers
from app.codes import services
from app.codes.responses import send_image
from app.codes.schemas import (
    BankListQuerySchema,
    BankListSchema,
    BankSchema,
    CodeRequest,
    DecodeRequestSchema,
    DecodeResponseSchema,
    ImageQuerySchema,
    QRRequestSchema,
    QRResponseSchema,
    SignQuerySchema,
)
from app.errors import DomainError
from app.vietqr import Bank, DecodedPayload

blp = Blueprint(
    "codes_api",
    __name__,
    url_prefix="",
    tag="Mã thanh toán / Payment codes",
    description="Tạo, kiểm tra và vẽ mã VietQR; danh sách ngân hàng. / Make, check and draw "
    "VietQR payment codes; the bank directory.",
)


@blp.route("/banks")
class Banks(MethodView):
    @answers(blp, 401, 422, security=PUBLIC)
    @blp.arguments(BankListQuerySchema, location="query")
    @blp.response(200, BankListSchema)
    def get(self, query: dict[str, Any]) -> services.BankListing:
        """Danh sách ngân hàng / The bank directory

        Các ngân hàng và ví điện tử nhận chuyển khoản VietQR (danh sách NAPAS). Một câu trả lời chứa
        cả danh sách (66 thành viên; tìm kiếm trả tối đa 100) cùng nguồn và ngày cập nhật, như danh
        sách của vietqr.io: không chia trang.

        The NAPAS bank directory (banks and e-wallets that receive VietQR transfers). One answer
        holds the whole directory (66 members; a search at most 100) with its source and date,
        as vietqr.io's list does: it is not paginated."""
        return services.list_banks(query["q"])


@blp.route("/banks/<string:bank_id>")
class BankDetail(MethodView):
    @answers(blp, 401, 404, security=PUBLIC)
    @blp.response(200, BankSchema)
    def get(self, bank_id: str) -> Bank:
        """Một ngân hàng / One bank

        Tìm theo BIN hoặc mã (tên ngắn và tên đầy đủ cũng được).

        One bank by BIN or code (short and full names work too)."""
        return services.find_bank(bank_id)


@blp.route("/qr")
class MakeCode(MethodView):
    @answers(blp, 400, 401, 413, 422, security=PUBLIC)
    @blp.arguments(QRRequestSchema)
    @blp.response(200, QRResponseSchema)
    def post(self, code_request: CodeRequest) -> services.MadeCode:
        """Tạo mã / Make a code

        Tạo nội dung mã VietQR, kèm liên kết tới ảnh mã và biển in.

        Make a VietQR payload with links to its images and printable sign."""
        return services.make_code(code_request)


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
def decode(**_: Any) -> DecodedPayload:
    """Kiểm tra mã / Check a code

    Kiểm tra một nội dung mã, hoặc tìm và kiểm tra mã trong ảnh chụp. Mã có lỗi không phải là lỗi
    của yêu cầu: câu trả lời là 200 với `valid: false` và liệt kê mọi lỗi.

    Check a payload, or find and check the code in a photo. Defects do not make it an error: the
    answer is a 200 with `valid: false` and every defect listed."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("image")
        if upload is None or not upload.filename:
            raise DomainError(
                "codes.image.missing", "image", detail="no file uploaded in the field 'image'"
            )
        return services.check_photo(upload.read())
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError(
            "codes.payload.not_json",
            "payload",
            detail='send JSON {"payload": "..."} or a multipart upload with the field \'image\'',
        )
    return services.check_payload(DecodeRequestSchema().load(body)["payload"])


@blp.route("/qr/image.<any(png, svg):fmt>")
@answers(blp, 401, 404, 422, security=PUBLIC)
@blp.arguments(ImageQuerySchema, location="query")
@blp.response(200, description="the code as a PNG or SVG image")
def code_image(query: dict[str, Any], fmt: str) -> Response:
    """Ảnh mã / The code as an image

    Chỉ có mã: mức sửa lỗi M, lề 4 ô, vuông `size` điểm ảnh.

    The code alone, error correction M, 4-module quiet zone, `size` pixels square."""
    made = services.printable_code(query["payload"])
    job = services.code_image(made.payload, fmt, size=query["size"], border=query["border"])
    return send_image(job, download=query["download"])


@blp.route("/qr/sign.<any(png, pdf):fmt>")
@answers(blp, 401, 404, 422, security=PUBLIC)
@blp.arguments(SignQuerySchema, location="query")
@blp.response(200, description="a printable sign (PNG, or PDF in A6 or A4 with four signs)")
def sign_image(query: dict[str, Any], fmt: str) -> Response:
    """Biển in / A printable sign

    Biển in bằng tiếng Việt với ngân hàng, chủ tài khoản, số tài khoản, số tiền và nội dung.

    A printable sign with bank, holder, account, amount and purpose in Vietnamese."""
    made = services.printable_code(query["payload"], name=query["name"], note=query["note"])
    job = services.sign_image(made.sign(query["title"] or None), fmt, page=query["page"])
    return send_image(job, download=query["download"])
