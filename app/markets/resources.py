"""REST API of the markets feature: markets, stalls, cashless streets, vendors, their accounts
and participation steps, statuses as of a date, Chợ 4.0 criteria and recognitions.

Every operation needs a signed-in caller; lists hold only what the caller may see (officers
and viewers their subtree, admins everything, a vendor their own record); changes are the
services' to allow (403 outside the caller's scope).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask import Response
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.api_blueprint import Blueprint
from app.api_docs import PUBLIC, SIGNED_IN, answers
from app.errors import DomainError
from app.localities.models import Locality
from app.localities.tree import get_locality
from app.markets import exports, imports, services
from app.markets.models import (
    CashlessStreet,
    Market,
    MarketRecognition,
    ParticipationStep,
    RecognitionCriterion,
    Stall,
    Vendor,
    VendorAccount,
)
from app.markets.schemas import (
    AccountChangeSchema,
    AccountInSchema,
    AccountSchema,
    CriterionChangeSchema,
    CriterionInSchema,
    CriterionSchema,
    MarketChangeSchema,
    MarketInSchema,
    MarketSchema,
    PlaceQuerySchema,
    RecognitionInSchema,
    RecognitionSchema,
    StallChangeSchema,
    StallInSchema,
    StallSchema,
    StatusQuerySchema,
    StepInSchema,
    StepSchema,
    StreetChangeSchema,
    StreetInSchema,
    StreetSchema,
    VendorChangeSchema,
    VendorFileSchema,
    VendorImportPreviewSchema,
    VendorImportQuerySchema,
    VendorImportResultSchema,
    VendorInSchema,
    VendorQuerySchema,
    VendorSchema,
    VendorStatusSchema,
)
from app.paging import paged

blp = Blueprint(
    "markets_api",
    __name__,
    url_prefix="",
    tag="Chợ và tuyến phố / Markets and streets",
    description="Chợ, tuyến phố không dùng tiền mặt, tiểu thương, tài khoản nhận tiền, quá trình "
    "tham gia và công nhận Chợ 4.0. / Markets, cashless streets, vendors, their receiving "
    "accounts and participation, Chợ 4.0 recognitions.",
)


def _locality(locality_id: int | None) -> Locality | None:
    """The locality a list is filtered on (its subtree), which the caller must be able to see."""
    if locality_id is None:
        return None
    locality = get_locality(locality_id)
    if locality is None:
        raise DomainError("markets.locality_not_found", "locality", status=404)
    services.require_view(current_user, locality)
    return locality


# ---- markets and stalls -------------------------------------------------------------------


@blp.route("/markets")
class Markets(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(PlaceQuerySchema, location="query")
    @blp.response(200, MarketSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    def get(self, query: dict[str, Any], pagination_parameters: PaginationParameters) -> Any:
        """Các chợ / Markets

        Các chợ người gọi được xem (trong cây địa bàn của `locality` khi có), chia trang bằng
        `page` và `page_size` (thông tin trang ở header X-Pagination).

        The markets the caller may see (in a locality's subtree when `locality` is given),
        paginated by `page` and `page_size` (page information in the X-Pagination header)."""
        found = services.markets_in(
            current_user,
            _locality(query["locality"]),
            pagination_parameters.page,
            pagination_parameters.page_size,
        )
        return paged(found, pagination_parameters)

    @answers(blp, 400, 401, 403, 409, 422, security=SIGNED_IN)
    @blp.arguments(MarketInSchema)
    @blp.response(201, MarketSchema)
    def post(self, data: dict[str, Any]) -> Market:
        """Thêm chợ / Add a market

        Thêm một chợ vào xã/phường hoặc thôn/ấp/khu phố mà người gọi quản lý.

        Add a market to a commune or hamlet the caller manages."""
        return services.create_market(current_user, data)


@blp.route("/markets/<int:market_id>")
class MarketDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, MarketSchema)
    def get(self, market_id: int) -> Market:
        """Một chợ / One market

        Một chợ người gọi được xem.

        One market the caller may see."""
        return services.visible_market(current_user, market_id)

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(MarketChangeSchema(partial=True))
    @blp.response(200, MarketSchema)
    def patch(self, data: dict[str, Any], market_id: int) -> Market:
        """Sửa chợ / Change a market

        Sửa thông tin một chợ; chuyển chợ sang địa bàn khác thì tiểu thương đi theo.

        Change a market; moving it to another locality moves its vendors with it."""
        return services.update_market(current_user, services.get_market(market_id), data)


@blp.route("/markets/<int:market_id>/stalls")
class MarketStalls(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.response(200, StallSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=100)
    def get(self, market_id: int, pagination_parameters: PaginationParameters) -> list[Stall]:
        """Các sạp của chợ / A market's stalls

        Các sạp của một chợ theo thứ tự số sạp, chia trang bằng `page` và `page_size`.

        A market's stalls in stall order, paginated by `page` and `page_size`."""
        market = services.visible_market(current_user, market_id)
        found = services.stalls_of(
            market, pagination_parameters.page, pagination_parameters.page_size
        )
        return paged(found, pagination_parameters)

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(StallInSchema)
    @blp.response(201, StallSchema)
    def post(self, data: dict[str, Any], market_id: int) -> Stall:
        """Thêm sạp / Add a stall

        Thêm một sạp vào chợ; số sạp đã có trong chợ này bị từ chối (409, ô `number`).

        Add a stall to the market; a number already used in this market is a 409 on `number`."""
        return services.add_stall(current_user, services.get_market(market_id), data)


@blp.route("/stalls/<int:stall_id>")
class StallDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(StallChangeSchema(partial=True))
    @blp.response(200, StallSchema)
    def patch(self, data: dict[str, Any], stall_id: int) -> Stall:
        """Sửa sạp / Change a stall

        Sửa số sạp, khu, mặt hàng hoặc người đứng tên.

        Change a stall's number, section, goods or holder."""
        return services.update_stall(current_user, services.get_stall(stall_id), data)


@blp.route("/markets/<int:market_id>/recognitions")
class MarketRecognitions(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, RecognitionSchema(many=True))
    def get(self, market_id: int) -> list[MarketRecognition]:
        """Quyết định công nhận Chợ 4.0 / A market's Chợ 4.0 decisions

        Các quyết định công nhận Chợ 4.0 của một chợ, mới nhất trước (danh sách ngắn: không
        chia trang).

        A market's Chợ 4.0 decisions, latest first (a short list: not paginated)."""
        return services.recognitions_of(services.visible_market(current_user, market_id))

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(RecognitionInSchema)
    @blp.response(201, RecognitionSchema)
    def post(self, data: dict[str, Any], market_id: int) -> MarketRecognition:
        """Ghi quyết định công nhận / Record a recognition

        Ghi một quyết định công nhận chợ đạt Chợ 4.0 cùng các tiêu chí chợ đã đạt.

        Record a decision recognising the market as Chợ 4.0 and the criteria it met."""
        return services.recognise_market(current_user, services.get_market(market_id), data)


# ---- cashless streets ---------------------------------------------------------------------


@blp.route("/streets")
class Streets(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(PlaceQuerySchema, location="query")
    @blp.response(200, StreetSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    def get(self, query: dict[str, Any], pagination_parameters: PaginationParameters) -> Any:
        """Các tuyến phố không dùng tiền mặt / Cashless streets

        Các tuyến phố không dùng tiền mặt người gọi được xem (trong cây địa bàn của `locality`
        khi có), chia trang bằng `page` và `page_size`.

        The cashless streets the caller may see (in a locality's subtree when `locality` is
        given), paginated by `page` and `page_size`."""
        found = services.streets_in(
            current_user,
            _locality(query["locality"]),
            pagination_parameters.page,
            pagination_parameters.page_size,
        )
        return paged(found, pagination_parameters)

    @answers(blp, 400, 401, 403, 422, security=SIGNED_IN)
    @blp.arguments(StreetInSchema)
    @blp.response(201, StreetSchema)
    def post(self, data: dict[str, Any]) -> CashlessStreet:
        """Thêm tuyến phố / Add a cashless street

        Thêm một tuyến phố không dùng tiền mặt vào xã/phường hoặc thôn/ấp/khu phố mà người gọi
        quản lý.

        Add a cashless street to a commune or hamlet the caller manages."""
        return services.create_street(current_user, data)


@blp.route("/streets/<int:street_id>")
class StreetDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, StreetSchema)
    def get(self, street_id: int) -> CashlessStreet:
        """Một tuyến phố / One cashless street

        Một tuyến phố không dùng tiền mặt người gọi được xem.

        One cashless street the caller may see."""
        return services.visible_street(current_user, street_id)

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(StreetChangeSchema(partial=True))
    @blp.response(200, StreetSchema)
    def patch(self, data: dict[str, Any], street_id: int) -> CashlessStreet:
        """Sửa tuyến phố / Change a cashless street

        Sửa thông tin một tuyến phố không dùng tiền mặt.

        Change a cashless street."""
        return services.update_street(current_user, services.get_street(street_id), data)


# ---- vendors, accounts, participation -----------------------------------------------------


@blp.route("/vendors")
class Vendors(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(VendorQuerySchema, location="query")
    @blp.response(200, VendorSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    def get(self, query: dict[str, Any], pagination_parameters: PaginationParameters) -> Any:
        """Các tiểu thương / Vendors

        Các tiểu thương người gọi được xem (tiểu thương chỉ thấy chính mình), theo tên; lọc theo
        địa bàn, chợ hoặc tuyến phố; chia trang bằng `page` và `page_size`.

        The vendors the caller may see (a vendor: their own record), by name; filtered by
        locality, market or street; paginated by `page` and `page_size`."""
        market = services.visible_market(current_user, query["market"]) if query["market"] else None
        street = services.visible_street(current_user, query["street"]) if query["street"] else None
        found = services.vendors_in(
            current_user,
            locality=_locality(query["locality"]),
            market=market,
            street=street,
            page=pagination_parameters.page,
            per_page=pagination_parameters.page_size,
        )
        return paged(found, pagination_parameters)

    @answers(blp, 400, 401, 403, 409, 422, security=SIGNED_IN)
    @blp.arguments(VendorInSchema)
    @blp.response(201, VendorSchema)
    def post(self, data: dict[str, Any]) -> Vendor:
        """Thêm tiểu thương / Add a vendor

        Thêm một tiểu thương vào chợ (trên các sạp của chợ) hoặc tuyến phố mà người gọi quản lý;
        tiểu thương được cấp một mã biển mới.

        Add a vendor to a market (on its stalls) or a street the caller manages; the vendor
        gets a fresh sign code."""
        return services.create_vendor(current_user, data)


@blp.route("/vendors/<int:vendor_id>")
class VendorDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, VendorSchema)
    def get(self, vendor_id: int) -> Vendor:
        """Một tiểu thương / One vendor

        Một tiểu thương cùng các tài khoản nhận tiền (cán bộ, người xem của địa bàn, hoặc chính
        tiểu thương).

        One vendor with their accounts (their officers, viewers, or the vendor)."""
        return services.visible_vendor(current_user, vendor_id)

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(VendorChangeSchema(partial=True))
    @blp.response(200, VendorSchema)
    def patch(self, data: dict[str, Any], vendor_id: int) -> Vendor:
        """Sửa tiểu thương / Change a vendor

        Sửa thông tin một tiểu thương; chính tiểu thương được sửa tên, số điện thoại, mặt hàng,
        tên cửa hàng và việc đưa mã biển vào mã QR.

        Change a vendor; the vendor themself may change their name, phone, goods, shop and
        whether the sign code goes into their QR."""
        return services.update_vendor(current_user, services.get_vendor(vendor_id), data)


@blp.route("/vendors/<int:vendor_id>/accounts")
class VendorAccounts(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, AccountSchema(many=True))
    def get(self, vendor_id: int) -> list[VendorAccount]:
        """Tài khoản nhận tiền / A vendor's accounts

        Các tài khoản nhận tiền của một tiểu thương, tài khoản chính trước (vài tài khoản: không
        chia trang).

        A vendor's receiving accounts, the primary one first (a few: not paginated)."""
        return services.visible_vendor(current_user, vendor_id).accounts

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(AccountInSchema)
    @blp.response(201, AccountSchema)
    def post(self, data: dict[str, Any], vendor_id: int) -> VendorAccount:
        """Thêm tài khoản / Add an account

        Thêm một tài khoản nhận tiền, được kiểm tra theo chuẩn VietQR; tài khoản đầu tiên là tài
        khoản chính.

        Add a receiving account, checked by the VietQR core; the first is the primary one."""
        return services.add_account(current_user, services.get_vendor(vendor_id), data)


@blp.route("/vendor-accounts/<int:account_id>")
class VendorAccountDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(AccountChangeSchema(partial=True))
    @blp.response(200, AccountSchema)
    def patch(self, data: dict[str, Any], account_id: int) -> VendorAccount:
        """Sửa tài khoản / Change an account

        Sửa một tài khoản (được kiểm tra lại); `is_primary: true` đặt nó làm tài khoản chính.

        Change an account (checked again); `is_primary: true` makes it the primary one."""
        return services.update_account(current_user, services.get_account(account_id), data)

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, account_id: int) -> None:
        """Xoá tài khoản / Remove an account

        Xoá một tài khoản nhận tiền (tài khoản chính chỉ khi nó là tài khoản cuối cùng).

        Remove an account (the primary one only when it is the last)."""
        services.remove_account(current_user, services.get_account(account_id))


@blp.route("/vendors/<int:vendor_id>/steps")
class VendorSteps(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.response(200, StepSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=100)
    def get(
        self, vendor_id: int, pagination_parameters: PaginationParameters
    ) -> list[ParticipationStep]:
        """Quá trình tham gia / Participation history

        Các bước tham gia của một tiểu thương, cũ nhất trước, chia trang bằng `page` và
        `page_size`.

        A vendor's participation history, oldest first, paginated by `page` and `page_size`."""
        vendor = services.visible_vendor(current_user, vendor_id)
        found = services.steps_of(
            vendor, pagination_parameters.page, pagination_parameters.page_size
        )
        return paged(found, pagination_parameters)

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(StepInSchema)
    @blp.response(201, StepSchema)
    def post(self, data: dict[str, Any], vendor_id: int) -> ParticipationStep:
        """Ghi một bước / Record a step

        Ghi một bước có ngày (đăng ký, treo mã QR, nhận chuyển khoản, ngừng hoặc không tham gia,
        hai bước sau kèm lý do); quá trình đã ghi không bao giờ bị sửa.

        Record a dated step (enrolled, QR displayed, receiving, stopped or not taking part,
        with a reason for the last two); the history is never changed."""
        return services.record_step(current_user, services.get_vendor(vendor_id), data)


@blp.route("/vendor-statuses")
class VendorStatuses(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(StatusQuerySchema, location="query")
    @blp.response(200, VendorStatusSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=100)
    def get(self, query: dict[str, Any], pagination_parameters: PaginationParameters) -> Any:
        """Trạng thái tại một ngày / Statuses as of a date

        Trạng thái của mọi tiểu thương người gọi được xem tại một ngày (mặc định hôm nay), trong
        cây địa bàn, một chợ hoặc một tuyến phố; chia trang bằng `page` và `page_size`.

        Every vendor's status as of a date (today by default), in a locality's subtree, a
        market or a street, among those the caller may see; paginated by `page` and `page_size`."""
        market = services.visible_market(current_user, query["market"]) if query["market"] else None
        street = services.visible_street(current_user, query["street"]) if query["street"] else None
        statuses = services.statuses_as_of(
            query["as_of"] or services.today(),
            locality=_locality(query["locality"]),
            market=market,
            street=street,
            scope=services.viewable(current_user),
        )
        start = (pagination_parameters.page - 1) * pagination_parameters.page_size
        pagination_parameters.item_count = len(statuses)
        return statuses[start : start + pagination_parameters.page_size]


# ---- Chợ 4.0 criteria ---------------------------------------------------------------------


@blp.route("/recognition-criteria")
class Criteria(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, security=SIGNED_IN)
    @blp.response(200, CriterionSchema(many=True))
    def get(self) -> list[RecognitionCriterion]:
        """Tiêu chí Chợ 4.0 / Chợ 4.0 criteria

        Bộ tiêu chí Chợ 4.0 của tỉnh (danh sách ngắn: không chia trang).

        The province's Chợ 4.0 checklist (a short list: not paginated)."""
        return services.criteria()

    @answers(blp, 400, 401, 403, 409, 422, security=SIGNED_IN)
    @blp.arguments(CriterionInSchema)
    @blp.response(201, CriterionSchema)
    def post(self, data: dict[str, Any]) -> RecognitionCriterion:
        """Thêm tiêu chí / Add a criterion

        Thêm một tiêu chí Chợ 4.0 (quản trị viên).

        Add a Chợ 4.0 criterion (admins)."""
        return services.add_criterion(current_user, data)


@blp.route("/recognition-criteria/<int:criterion_id>")
class CriterionDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.arguments(CriterionChangeSchema(partial=True))
    @blp.response(200, CriterionSchema)
    def patch(self, data: dict[str, Any], criterion_id: int) -> RecognitionCriterion:
        """Sửa tiêu chí / Change a criterion

        Đổi tên, mô tả hoặc thôi dùng một tiêu chí (quản trị viên).

        Rename, describe or retire a criterion (admins)."""
        return services.update_criterion(current_user, services.get_criterion(criterion_id), data)


# ---- importing and exporting a roster -----------------------------------------------------


def _roster_place(place: str, place_id: int) -> imports.Place:
    """The market ("markets") or street ("streets") of an import or export."""
    if place == "markets":
        return services.get_market(place_id)
    return services.get_street(place_id)


@blp.route("/<any(markets, streets):place>/<int:place_id>/vendors/import")
class VendorImport(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 413, 422, security=SIGNED_IN)
    @blp.arguments(VendorImportQuerySchema, location="query")
    @blp.arguments(VendorFileSchema, location="files")
    @blp.response(201, VendorImportResultSchema)
    @blp.alt_response(200, schema=VendorImportPreviewSchema, description="dry_run=1: the preview")
    def post(
        self, query: dict[str, Any], files: dict[str, Any], place: str, place_id: int
    ) -> list[Vendor] | tuple[imports.VendorPreview, int]:
        """Nhập danh sách tiểu thương / Import a roster

        Thêm cả danh sách tiểu thương của một chợ hoặc tuyến phố từ tệp CSV/XLSX, tất cả hoặc
        không dòng nào; `dry_run=1` xem trước từng dòng với lỗi của nó (cả trùng số điện thoại,
        tài khoản, số sạp) và không ghi gì. Lỗi của dòng trả về 422 với `errors["line N"]`.

        Add a market's or a street's whole roster from a CSV/XLSX file, all rows or none;
        `dry_run=1` previews every row with its errors (duplicate phones, accounts and stall
        numbers included) and writes nothing. Row errors come back as 422 with
        `errors["line N"]`."""
        found = _roster_place(place, place_id)
        upload = files["file"]
        filename, data = upload.filename or "", upload.read()
        if query["dry_run"]:
            return imports.preview_file(current_user, found, filename, data), 200
        return imports.import_file(current_user, found, filename, data)


@blp.route("/vendor-import-template/<any(market, street):place>.<any(csv, xlsx):fmt>")
@answers(blp, 401, 404, security=PUBLIC)
@blp.response(
    200,
    description="the roster template: CSV (UTF-8 with BOM) or XLSX, Vietnamese headers and an "
    "example row",
)
def vendor_import_template(place: str, fmt: str) -> Response:
    """Mẫu tệp danh sách tiểu thương / Roster import template

    Mẫu mà `…/vendors/import` đọc lại: dòng tiêu đề tiếng Việt và dòng ví dụ; tệp XLSX có thêm
    một trang hướng dẫn.

    The template that `…/vendors/import` reads back: Vietnamese headers and an example row;
    the XLSX also has an instructions sheet."""
    body, headers = exports.template(place, fmt)
    return Response(body, headers=headers)


@blp.route("/<any(markets, streets):place>/<int:place_id>/vendors/export.<any(csv, xlsx):fmt>")
@answers(blp, 401, 403, 404, security=SIGNED_IN)
@blp.response(
    200,
    description="the roster: CSV (UTF-8 with BOM) or XLSX with the import's columns, the status "
    "today and the sign code",
)
@login_required
def vendor_export(place: str, place_id: int, fmt: str) -> Response:
    """Tải danh sách tiểu thương / Export a roster

    Danh sách tiểu thương của một chợ hoặc tuyến phố người gọi được xem, cùng các cột của tệp
    nhập (sửa rồi nhập vào nơi khác được), trạng thái hôm nay và mã biển.

    The roster of a market or a street the caller may see, with the import's columns (edit it
    and import it elsewhere), the status today and the sign code."""
    body, headers = exports.export(current_user, _roster_place(place, place_id), fmt)
    return Response(body, headers=headers)
