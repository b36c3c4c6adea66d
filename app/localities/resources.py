"""REST API of the localities feature (/api/v1/localities…).

Reading the tree is public (the geography is public data); adding hamlets needs a signed-in
officer of the commune (or of a unit above it) or an admin, by session or bearer token. Views
return the services' objects and the response schemas dump them; refusals are `DomainError`s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask import Response
from flask.views import MethodView
from flask_login import login_required
from flask_smorest.pagination import PaginationParameters
from marshmallow import Schema

from app.access import require_manage
from app.api_blueprint import Blueprint
from app.api_docs import PUBLIC, SIGNED_IN, answers
from app.errors import DomainError
from app.extensions import db
from app.localities import hamlet_templates, services, tree
from app.localities.models import ERAS, LEVELS, Locality
from app.localities.schemas import (
    ChildrenQuerySchema,
    ChildrenSchema,
    ConversionSchema,
    HamletCreateSchema,
    HamletFileSchema,
    HamletImportQuerySchema,
    HamletImportResultSchema,
    HamletMoveSchema,
    HamletPreviewSchema,
    HamletUpdateSchema,
    LocalityDetailSchema,
    LocalitySchema,
    SearchQuerySchema,
    SearchResultSchema,
)

blp = Blueprint(
    "localities_api",
    __name__,
    url_prefix="",
    tag="Địa bàn / Localities",
    description="Đơn vị hành chính (từ 01/07/2025 và trước đó), thôn/ấp, chuyển đổi đơn vị cũ "
    "sang đơn vị mới. / Administrative units (2025 and legacy), hamlets, legacy → 2025 "
    "conversion.",
)


DETAIL_CHILDREN = 50  # children inside a unit's answer; the rest through children_url

View = Callable[..., Any]


def reads(schema: type[Schema], *refusals: int) -> Callable[[View], View]:
    """A public read: 200 with `schema`, or one of `refusals` (and 401 for a bad token)."""

    def decorate(view: View) -> View:
        read: View = answers(blp, 401, *refusals, security=PUBLIC)(blp.response(200, schema)(view))
        return read

    return decorate


def writes(status: int, schema: type[Schema]) -> Callable[[View], View]:
    """A signed-in write: `status` with `schema`, or the refusals a write may get."""

    def decorate(view: View) -> View:
        written: View = answers(blp, 400, 401, 403, 404, 409, 413, 422, security=SIGNED_IN)(
            blp.response(status, schema)(view)
        )
        return written

    return decorate


class SignedInView(MethodView):
    """A view for signed-in callers only: anonymous ones get 401 before their body is
    validated (they learn nothing about its rules)."""

    decorators: ClassVar[list[View]] = [login_required]


@blp.route("/localities")
class Localities(MethodView):
    @reads(SearchResultSchema, 422)
    @blp.arguments(SearchQuerySchema, location="query")
    @blp.paginate(page_size=20, max_page_size=100)
    def get(
        self, args: dict[str, Any], pagination_parameters: PaginationParameters
    ) -> services.SearchPage:
        """Tìm đơn vị hành chính / Search units

        Tìm theo tên (có dấu hay không, có hay không chữ “xã”, “phường”…), lọc; chia trang bằng
        `page` và `page_size` (thông tin trang ở header X-Pagination).

        Search units by name (diacritics and type words optional), filter; paginated by `page` and
        `page_size` (page information in the X-Pagination header)."""
        found = services.search(
            args["q"],
            level=args["level"],
            era=args["era"],
            parent_id=args["parent"],
            page=pagination_parameters.page,
            per_page=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = found.total
        return found


@blp.route("/localities/<int:locality_id>")
class LocalityDetail(MethodView):
    @reads(LocalityDetailSchema, 404, 422)
    def get(self, locality_id: int) -> services.Unit:
        """Một đơn vị / One unit

        Đơn vị cùng các cấp trên (từ gốc), các đơn vị trực thuộc đầu tiên (tối đa 50), số đơn vị
        trực thuộc và liên kết tới tất cả.

        One unit with its ancestors (root first), its first children (at most 50), how many children
        it has and the link to all of them."""
        locality = db.get_or_404(Locality, locality_id)
        return services.with_first_children(locality, DETAIL_CHILDREN)


@blp.route("/localities/<int:locality_id>/children")
class LocalityChildren(MethodView):
    @reads(ChildrenSchema, 404, 422)
    @blp.arguments(ChildrenQuerySchema, location="query")
    @blp.paginate(page_size=100, max_page_size=100)
    def get(
        self, args: dict[str, Any], locality_id: int, pagination_parameters: PaginationParameters
    ) -> services.Unit:
        """Đơn vị trực thuộc / The units below one unit

        Các đơn vị ngay dưới một đơn vị, xếp theo thứ tự tiếng Việt (Bến Tre trước Bình Minh),
        cùng số đơn vị trực thuộc của từng đơn vị; `retired=true` liệt kê các thôn đã ngừng dùng;
        chia trang bằng `page` và `page_size` (thông tin trang ở header X-Pagination).

        The units directly below one unit, the Vietnamese way (Bến Tre before Bình Minh), with
        their own child counts; `retired=true` lists the retired hamlets instead. Paginated by
        `page` and `page_size` (page information in the X-Pagination header)."""
        locality = db.get_or_404(Locality, locality_id)
        unit = services.children_of(
            locality,
            pagination_parameters.page,
            pagination_parameters.page_size,
            retired=args["retired"],
        )
        pagination_parameters.item_count = unit.child_count
        return unit


@blp.route("/localities/by-code/<string:era>/<string:level>/<string:code>")
class LocalityByCode(MethodView):
    @reads(LocalityDetailSchema, 404, 422)
    def get(self, era: str, level: str, code: str) -> services.Unit:
        """Đơn vị theo mã chính thức / A unit by its official code

        Theo thời kỳ, cấp và mã ("vn2025/province/86", "legacy/commune/28756"); mã thiếu số 0 ở
        đầu được tự thêm.

        An official unit by era, level and code ("vn2025/province/86", "legacy/commune/28756").
        Codes are zero-padded if given without the leading zeros."""
        if era not in ERAS:
            raise DomainError(
                "localities.era_unknown", "era", status=404, era=era, eras=", ".join(ERAS)
            )
        if level not in LEVELS or level == "hamlet":
            raise DomainError("localities.level_unknown", "level", status=404, level=level)
        locality = tree.get_by_code(era, level, code)
        if locality is None:
            raise DomainError(
                "localities.code_unknown", "code", status=404, era=era, level=level, value=code
            )
        return services.with_first_children(locality, DETAIL_CHILDREN)


@blp.route("/localities/<int:locality_id>/conversion")
class LocalityConversionView(MethodView):
    @reads(ConversionSchema, 404, 422)
    def get(self, locality_id: int) -> services.Conversion:
        """Chuyển đổi sang đơn vị mới / Conversion to 2025 units

        Các đơn vị từ 01/07/2025 mà số liệu của một đơn vị cũ được quy về (đơn vị mới quy về chính
        nó).

        The 2025 units a legacy unit's data is restated on (a 2025 unit maps to itself)."""
        return services.conversion(db.get_or_404(Locality, locality_id))


@blp.route("/localities/<int:commune_id>/hamlets")
class Hamlets(SignedInView):
    @writes(201, LocalitySchema)
    @blp.arguments(HamletCreateSchema)
    def post(self, data: dict[str, Any], commune_id: int) -> Locality:
        """Thêm thôn/ấp / Add a hamlet

        Thêm một thôn, ấp, bản, khu phố, tổ dân phố … vào một xã/phường từ 01/07/2025.

        Add a hamlet (thôn, ấp, bản, khu phố, tổ dân phố …) under a 2025 commune."""
        commune = db.get_or_404(Locality, commune_id)
        require_manage(commune)
        return services.add_hamlet(commune, data["name"], data["kind"], data["code"])


@blp.route("/localities/hamlet-import-template.<any(csv, xlsx):fmt>")
@answers(blp, 401, 404, security=PUBLIC)
@blp.response(
    200,
    description="the blank hamlet list: CSV (UTF-8 with BOM) or XLSX, headers Tên, Loại, Mã",
)
def hamlet_import_template(fmt: str) -> Response:
    """Mẫu tệp nhập thôn / Hamlet import template

    Mẫu mà `…/hamlets/import` đọc lại: dòng tiêu đề (Tên, Loại, Mã); tệp XLSX có thêm danh sách chọn
    loại thôn và một trang hướng dẫn.

    The template that `…/hamlets/import` reads back: a header row (Tên, Loại, Mã); the XLSX
    also has a drop-down of the hamlet types and an instructions sheet."""
    body, headers = hamlet_templates.download(fmt)
    return Response(body, headers=headers)


@blp.route("/localities/<int:commune_id>/hamlets/import")
class HamletImport(SignedInView):
    @writes(201, HamletImportResultSchema)
    @blp.arguments(HamletImportQuerySchema, location="query")
    @blp.arguments(HamletFileSchema, location="files")
    @blp.alt_response(200, schema=HamletPreviewSchema, description="dry_run=1: the preview")
    def post(
        self, query: dict[str, Any], files: dict[str, Any], commune_id: int
    ) -> list[Locality] | tuple[services.HamletPreview, int]:
        """Nhập thôn/ấp từ tệp / Import hamlets from a file

        Thêm các thôn/ấp của một tệp CSV/XLSX, tất cả hoặc không dòng nào; `dry_run=1` xem trước
        từng dòng với lỗi của nó và không ghi gì. Lỗi của dòng trả về 422 với `errors["line N"]`.

        Add the hamlets of a CSV/XLSX file, all or none; `dry_run=1` previews every row with its
        errors and writes nothing. Row errors come back as 422 with `errors["line N"]`."""
        commune = db.get_or_404(Locality, commune_id)
        require_manage(commune)
        upload = files["file"]
        filename, data = upload.filename or "", upload.read()
        if query["dry_run"]:
            return services.preview_hamlet_file(commune, filename, data), 200
        return services.import_hamlet_file(commune, filename, data)


def _hamlet(hamlet_id: int) -> Locality:
    """The hamlet (or any unit: the service refuses official ones) the caller manages."""
    hamlet = db.get_or_404(Locality, hamlet_id)
    require_manage(hamlet)
    return hamlet


@blp.route("/hamlets/<int:hamlet_id>")
class HamletDetail(SignedInView):
    @writes(200, LocalitySchema)
    @blp.arguments(HamletUpdateSchema)
    def patch(self, data: dict[str, Any], hamlet_id: int) -> Locality:
        """Sửa thôn / Change a hamlet

        Đổi tên, loại hoặc mã của thôn (kiểm tra như khi thêm; thôn đã ngừng dùng phải khôi phục
        trước: 409).

        Rename a hamlet, change its type or its code (each checked as when adding one; a
        retired hamlet is restored first: 409)."""
        hamlet = _hamlet(hamlet_id)
        code = (data["code"] or "") if "code" in data else None
        return services.update_hamlet(
            hamlet, name=data.get("name"), kind=data.get("kind"), code=code
        )


@blp.route("/hamlets/<int:hamlet_id>/move")
class HamletMove(SignedInView):
    @writes(200, LocalitySchema)
    @blp.arguments(HamletMoveSchema)
    def post(self, data: dict[str, Any], hamlet_id: int) -> Locality:
        """Chuyển thôn / Move a hamlet

        Chuyển thôn sang một xã, phường khác của cùng tỉnh; người gọi quản lý cả hai xã (cán bộ
        tỉnh hoặc quản trị).

        File a hamlet under another 2025 commune of the same province; the caller manages
        both communes (an officer of the province, or an admin)."""
        hamlet = _hamlet(hamlet_id)
        commune = tree.get_locality(data["commune_id"])
        if commune is not None:
            require_manage(commune)
        return services.move_hamlet(hamlet, commune)


@blp.route("/hamlets/<int:hamlet_id>/retire")
class HamletRetire(SignedInView):
    @writes(200, LocalitySchema)
    def post(self, hamlet_id: int) -> Locality:
        """Ngừng dùng thôn / Retire a hamlet

        Thôn rời danh sách và kết quả tìm kiếm, giữ trang và lịch sử; tên và mã vẫn được giữ chỗ.

        Retire a hamlet: it leaves the lists and the search, keeps its page and history;
        its name and code stay reserved. Retiring a retired hamlet changes nothing."""
        return services.retire_hamlet(_hamlet(hamlet_id))


@blp.route("/hamlets/<int:hamlet_id>/restore")
class HamletRestore(SignedInView):
    @writes(200, LocalitySchema)
    def post(self, hamlet_id: int) -> Locality:
        """Khôi phục thôn / Restore a hamlet

        Đưa thôn đã ngừng dùng trở lại danh sách và kết quả tìm kiếm.

        Bring a retired hamlet back into the lists and the search."""
        return services.restore_hamlet(_hamlet(hamlet_id))
