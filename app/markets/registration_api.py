"""API of self-registration and its approval, on the markets API blueprint
(`app.markets.registration`): the public, rate-limited registration (shared with the page),
the pending registrations an officer manages, approve and reject."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required

from app.api_docs import PUBLIC, SIGNED_IN, answers
from app.markets import registration, services
from app.markets.models import Vendor
from app.markets.registration_pages import limit_registrations
from app.markets.resources import _locality, blp
from app.markets.schemas import (
    RegistrationInSchema,
    RegistrationQuerySchema,
    RejectionInSchema,
    VendorSchema,
)


@blp.route("/vendor-registrations")
class VendorRegistrations(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [limit_registrations]

    @login_required
    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(RegistrationQuerySchema, location="query")
    @blp.response(200, VendorSchema(many=True))
    def get(self, query: dict[str, Any]) -> list[Vendor]:
        """Đăng ký chờ duyệt / Pending registrations

        Các tiểu thương tự đăng ký đang chờ duyệt ở nơi người gọi quản lý (trong cây địa bàn
        của `locality_id` khi có), cũ nhất trước (danh sách ngắn: không chia trang).

        The self-registered vendors waiting for approval where the caller manages (in the
        subtree of `locality_id` when given), oldest first (a short list: not paginated)."""
        return registration.pending_in(current_user, _locality(query["locality_id"]))

    @answers(blp, 400, 401, 404, 409, 422, 429, security=PUBLIC)
    @blp.arguments(RegistrationInSchema)
    @blp.response(201, VendorSchema)
    def post(self, data: dict[str, Any]) -> Vendor:
        """Tự đăng ký / Register oneself

        Tiểu thương tự đăng ký ở một chợ (trên một sạp có sẵn, `stall_number`) hoặc tuyến phố
        (`house_number`) với tài khoản nhận tiền; hồ sơ chờ cán bộ địa bàn duyệt và biển ghi
        "chưa xác nhận" đến khi được duyệt. Giới hạn số lần theo địa chỉ IP.

        A vendor registers at a market (on an existing stall, `stall_number`) or a street
        (`house_number`) with a receiving account; the record waits for an officer of the
        place and the sign says "not confirmed" until then. Rate-limited per IP address."""
        return registration.register(current_user, data)


@blp.route("/vendors/<int:vendor_id>/approve")
class VendorApproval(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 409, security=SIGNED_IN)
    @blp.response(200, VendorSchema)
    def post(self, vendor_id: int) -> Vendor:
        """Duyệt đăng ký / Approve a registration

        Duyệt một đăng ký chờ duyệt: hồ sơ được xác nhận và bắt đầu với bước "đã đăng ký"
        (chưa coi là đã treo mã QR); ghi vào nhật ký.

        Approve a pending registration: the record is confirmed and starts with the step
        "enrolled" (a displayed QR is not assumed); recorded in the audit log."""
        return registration.approve(current_user, services.get_vendor(vendor_id))


@blp.route("/vendors/<int:vendor_id>/reject")
class VendorRejection(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(RejectionInSchema)
    @blp.response(204)
    def post(self, data: dict[str, Any], vendor_id: int) -> None:
        """Từ chối đăng ký / Reject a registration

        Từ chối một đăng ký chờ duyệt kèm lý do: hồ sơ bị xoá, sạp được trả lại; nhật ký giữ
        hồ sơ và lý do.

        Reject a pending registration with a reason: the record is deleted and its stall
        freed; the audit log keeps the record and the reason."""
        registration.reject(current_user, services.get_vendor(vendor_id), data["reason"])
