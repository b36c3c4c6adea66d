"""REST API for banks and payment codes (/api/v1/banks, /api/v1/qr) and a signed-in person's
saved bank accounts (/api/v1/bank-accounts: her own only; someone else's is a 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask import Response, request
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.api_blueprint import Blueprint
from app.api_docs import PUBLIC, SIGNED_IN, answers
from app.codes import services
from app.codes.models import MAX_SAVED_ACCOUNTS, SavedAccount
from app.codes.responses import send_image
from app.codes.schemas import (
    AccountDraft,
    BankListQuerySchema,
    BankListSchema,
    BankSchema,
    CodeRequest,
    DecodeRequestSchema,
    DecodeResponseSchema,
    ImageQuerySchema,
    QRRequestSchema,
    QRResponseSchema,
    SavedAccountChangeSchema,
    SavedAccountInputSchema,
    SavedAccountSchema,
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

    Biển in: dòng tiêu đề lớn (để thanh toán, hoặc dịp mừng), một dòng tên tùy chọn, mã QR, dấu
    VietQR, ngân hàng, số tiền, chủ tài khoản, số tài khoản và nội dung bằng tiếng Việt.

    A printable sign: a headline (to pay, or a gift's occasion), an optional title line, the
    code, the VietQR mark, bank, amount, holder, account and purpose in Vietnamese."""
    made = services.printable_code(query["payload"], name=query["name"], note=query["note"])
    sign = made.sign(query["title"] or None, headline=query["headline"])
    job = services.sign_image(sign, fmt, page=query["page"])
    return send_image(job, download=query["download"])


@blp.route("/bank-accounts")
class SavedAccounts(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 422, security=SIGNED_IN)
    @blp.response(200, SavedAccountSchema(many=True))
    @blp.paginate(page_size=MAX_SAVED_ACCOUNTS, max_page_size=MAX_SAVED_ACCOUNTS)
    def get(self, pagination_parameters: PaginationParameters) -> list[SavedAccount]:
        """Tài khoản đã lưu của tôi / My saved bank accounts

        Các tài khoản ngân hàng tôi đã lưu (để tạo mã không phải gõ lại), xếp theo nhãn. Chỉ
        người lưu thấy được.

        My saved bank accounts (to make codes without retyping them), by label. Only their
        owner sees them."""
        found = services.saved_accounts_of(
            current_user, pagination_parameters.page, pagination_parameters.page_size
        )
        pagination_parameters.item_count = found.total
        return found.accounts

    @answers(blp, 400, 401, 409, 413, 422, security=SIGNED_IN)
    @blp.arguments(SavedAccountInputSchema)
    @blp.response(201, SavedAccountSchema)
    def post(self, draft: AccountDraft) -> SavedAccount:
        """Lưu một tài khoản / Save a bank account

        Lưu một tài khoản ngân hàng, kiểm tra như ngân hàng và số tài khoản của một mã (tên ngân
        hàng khớp với nhiều ngân hàng bị từ chối kèm các lựa chọn). Tài khoản đã lưu rồi: 409.

        Save a bank account, checked as a code's bank and account are (a bank name that
        matches several is refused with the candidates). One I already keep is a 409."""
        return services.save_account(current_user, draft)


@blp.route("/bank-accounts/<int:account_id>")
class SavedAccountDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(200, SavedAccountSchema)
    def get(self, account_id: int) -> SavedAccount:
        """Một tài khoản đã lưu / One saved bank account

        Một tài khoản tôi đã lưu (của người khác: 404).

        One of my saved bank accounts (someone else's is a 404)."""
        return services.saved_account(current_user, account_id)

    @answers(blp, 400, 401, 404, 409, 413, 422, security=SIGNED_IN)
    @blp.arguments(SavedAccountChangeSchema)
    @blp.response(200, SavedAccountSchema)
    def patch(self, draft: AccountDraft, account_id: int) -> SavedAccount:
        """Sửa tài khoản đã lưu / Change a saved bank account

        Sửa các trường được gửi; tên chủ tài khoản hoặc nhãn rỗng hay null thì xoá trường đó.

        Change the fields given; an empty or null holder name or label clears it."""
        return services.change_saved_account(current_user, account_id, draft)

    @answers(blp, 401, 404, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, account_id: int) -> None:
        """Xoá tài khoản đã lưu / Forget a saved bank account

        Xoá một tài khoản tôi đã lưu.

        Forget one of my saved bank accounts."""
        services.delete_saved_account(current_user, account_id)
