"""REST API of the swapped-sign checks, on the markets API blueprint.

`POST /signs/verify` is public, like the codes feature's check: anyone about to pay may check a
sign. It says no more than the sign and its codes show (vendor, stall, market, the bank and
account each code pays to); another vendor owning the account a wrong code pays to is named
only to officers who manage that vendor's place, everyone else reads "belongs to another
registered vendor". It is rate-limited per address. Check rounds are the officers' (read by
those who may see the market, written by those who manage it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask import request
from flask.views import MethodView
from flask_login import current_user, login_required

from app.api_docs import PUBLIC, SIGNED_IN, answers
from app.errors import DomainError
from app.extensions import limiter
from app.markets import checks, services
from app.markets.check_schemas import (
    SIGN_CODE_MAX,
    CheckedSchema,
    ResolveInSchema,
    RoundSchema,
    SignCheckInSchema,
    SignCheckSchema,
    VerificationSchema,
    VerifyInSchema,
)
from app.markets.models import CheckRound, SignCheck
from app.markets.resources import blp
from app.request_guards import MAX_DB_INTEGER

#: A row id in a multipart form, documented as the JSON body's `Id` is.
ID_PROPERTY = {"type": "integer", "minimum": 1, "maximum": MAX_DB_INTEGER}
SIGN_CODE_PROPERTY = {"type": "string", "maxLength": SIGN_CODE_MAX}
#: Checks of signs per address (a round of a big market is a few hundred an hour).
VERIFY_LIMITS = "60 per minute;600 per hour"


def _photo_doc(schema: Any, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "content": {
                "application/json": {"schema": schema},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "photo": {
                                "type": "string",
                                "format": "binary",
                                "description": "a photo of the sign (one or more codes)",
                            },
                            **extra,
                        },
                    }
                },
            }
        }
    }


def _input(schema: Any) -> tuple[dict[str, Any], bytes | None]:
    """The fields of a JSON body or of a multipart form, and the photo of the latter."""
    if request.mimetype == "multipart/form-data":
        raw = {k: v for k, v in request.form.items() if isinstance(k, str) and v != ""}
        upload = request.files.get("photo")
        if upload is None or not upload.filename:
            raise DomainError("codes.image.missing", "photo")
        photo: bytes | None = upload.read()
    else:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise DomainError("markets.check_nothing", "payload")
        raw, photo = body, None
    data: dict[str, Any] = schema.load(raw)
    if photo is None:
        data["payloads"] = [
            *([data["payload"]] if data.get("payload") else []),
            *data.get("payloads", []),
        ]
    data.pop("payload", None)
    return data, photo


@blp.route("/signs/verify", methods=["POST"])
@limiter.limit(VERIFY_LIMITS)
@answers(blp, 400, 401, 413, 422, 429, security=PUBLIC)
@blp.doc(
    **_photo_doc(VerifyInSchema, {"sign_code": {"type": "string", "maxLength": SIGN_CODE_MAX}})
)
@blp.response(200, VerificationSchema)
def verify_sign(**_: Any) -> checks.Verification:
    """Kiểm tra biển mã / Verify a sign

    Mã trên biển có trả vào tài khoản đã đăng ký của tiểu thương không: gửi nội dung mã
    (`payload` hoặc `payloads`) hoặc ảnh chụp biển (`photo`, có thể có nhiều mã: kiểm tra từng
    mã), kèm mã biển, sạp (`stall_id`, hoặc `market_id` và `stall_number`) hoặc `vendor_id`.
    Mỗi mã: `ok` (trả vào tài khoản đã duyệt của tiểu thương), `mismatch` (trả vào chỗ khác:
    ngân hàng, tài khoản, có phải của tiểu thương khác không; cùng số ở ngân hàng khác cũng là
    sai lệch), `not_vietqr` (không phải mã chuyển khoản ngân hàng, không kiểm tra được),
    `not_registered` (tiểu thương chưa được duyệt hoặc mã biển không có ai). Không nêu tiểu
    thương: `found` cho biết mã trả vào đâu và có thuộc tiểu thương đã đăng ký nào không. Ai
    cũng gọi được; tên và sạp của tiểu thương khác chỉ cho cán bộ quản lý nơi đó.

    Whether the codes on a sign pay to the vendor's registered account: send the codes' texts
    (`payload` or `payloads`) or a photo of the sign (`photo`, which may hold several codes:
    each is checked), with the sign code, the stall (`stall_id`, or `market_id` and
    `stall_number`) or `vendor_id`. Each code: `ok` (pays to one of the vendor's approved
    accounts), `mismatch` (pays elsewhere: bank, account, whether another vendor owns it; the
    same number at another bank is a mismatch too), `not_vietqr` (no bank transfer code: cannot
    be checked), `not_registered` (the vendor is not approved, or nobody has that sign code).
    Without a vendor: `found` says where each code pays and whether a registered vendor owns
    that account. Public; another vendor's name and stall are shown only to officers who manage
    their place."""
    data, photo = _input(VerifyInSchema())
    return checks.verify(current_user, photo=photo, **data)


@blp.route("/markets/<int:market_id>/check-rounds")
class MarketCheckRounds(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, RoundSchema(many=True))
    def get(self, market_id: int) -> list[CheckRound]:
        """Các lượt kiểm tra biển của chợ / A market's check rounds

        Các lượt kiểm tra biển mã của một chợ, mới nhất trước (tối đa 20).

        A market's sign check rounds, latest first (at most 20)."""
        market = services.visible_market(current_user, market_id)
        return checks.rounds_of(market)

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(201, RoundSchema)
    def post(self, market_id: int) -> CheckRound:
        """Bắt đầu lượt kiểm tra / Start a check round

        Bắt đầu một lượt kiểm tra biển mã ở chợ người gọi quản lý.

        Start a sign check round in a market the caller manages."""
        market = services.get_market(market_id)
        return checks.start_round(current_user, market=market)


@blp.route("/streets/<int:street_id>/check-rounds")
class StreetCheckRounds(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, RoundSchema(many=True))
    def get(self, street_id: int) -> list[CheckRound]:
        """Các lượt kiểm tra biển của tuyến phố / A street's check rounds

        Các lượt kiểm tra biển mã của một tuyến phố không dùng tiền mặt, mới nhất trước (tối
        đa 20).

        A cashless street's sign check rounds, latest first (at most 20)."""
        street = services.visible_street(current_user, street_id)
        return checks.rounds_of(street=street)

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(201, RoundSchema)
    def post(self, street_id: int) -> CheckRound:
        """Bắt đầu lượt kiểm tra tuyến phố / Start a street's check round

        Bắt đầu một lượt kiểm tra biển mã ở tuyến phố người gọi quản lý; mỗi cửa hàng được
        kiểm tra bằng `…/checks` với `vendor_id`.

        Start a sign check round on a street the caller manages; each shop is checked with
        `…/checks` and its `vendor_id`."""
        return checks.start_round(current_user, street=services.get_street(street_id))


@blp.route("/check-rounds/<int:round_id>")
class CheckRoundDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, RoundSchema)
    def get(self, round_id: int) -> CheckRound:
        """Một lượt kiểm tra / One check round

        Một lượt kiểm tra và các biển đã kiểm tra trong lượt.

        One check round with the signs checked in it."""
        return checks.visible_round(current_user, round_id)


@blp.route("/check-rounds/<int:round_id>/finish", methods=["POST"])
@login_required
@answers(blp, 401, 403, 404, 409, security=SIGNED_IN)
@blp.response(200, RoundSchema)
def finish_round(round_id: int) -> CheckRound:
    """Kết thúc lượt kiểm tra / Finish a check round

    Kết thúc một lượt kiểm tra (không thêm biển vào lượt này nữa).

    Finish a check round (no more signs are added to it)."""
    return checks.finish_round(current_user, checks.get_round(round_id))


@blp.route("/check-rounds/<int:round_id>/checks", methods=["POST"])
@login_required
@answers(blp, 400, 401, 403, 404, 409, 413, 422, security=SIGNED_IN)
@blp.doc(**_photo_doc(SignCheckInSchema, {"stall_id": ID_PROPERTY}))
@blp.response(201, CheckedSchema)
def add_check(round_id: int, **_: Any) -> checks.Checked:
    """Kiểm tra một biển trong lượt / Check a sign in a round

    Kiểm tra biển của một sạp (`stall_id`; ở tuyến phố: `vendor_id`) bằng ảnh chụp (`photo`)
    hoặc nội dung mã, và lưu kết quả (lưu nội dung mã, không lưu ảnh).

    Check a stall's sign (`stall_id`; on a street: `vendor_id`) from a photo (`photo`) or the
    codes' texts, and save the result (the texts are kept, never the photo)."""
    check_round = checks.get_round(round_id)
    services.require_manage(current_user, check_round.locality)
    data, photo = _input(SignCheckInSchema())
    return checks.check_sign(current_user, check_round, data, photo)


@blp.route("/sign-checks/<int:check_id>/resolve", methods=["POST"])
@login_required
@answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
@blp.arguments(ResolveInSchema)
@blp.response(200, SignCheckSchema)
def resolve_check(data: dict[str, Any], check_id: int) -> SignCheck:
    """Đánh dấu đã xử lý sai lệch / Resolve a mismatch

    Đóng việc theo dõi một sai lệch, kèm ghi chú đã làm gì (ghi vào nhật ký).

    Close the follow-up of a mismatch, with a note saying what was done (audited)."""
    return checks.resolve_check(current_user, checks.get_check(check_id), data["note"])
