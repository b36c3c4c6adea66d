"""REST API of the localities feature (/api/v1/localities…).

Reading the tree is public (the geography is public data); adding hamlets needs a signed-in
officer of the commune (or of a unit above it) or an admin, by session or bearer token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask import Response, jsonify, url_for
from flask.views import MethodView
from flask_login import login_required
from flask_smorest.pagination import PaginationParameters

from app.access import require_manage
from app.api_blueprint import Blueprint
from app.api_docs import PUBLIC, SIGNED_IN, answers
from app.errors import FieldError, json_error
from app.extensions import db
from app.localities import services, tree
from app.localities.models import ERAS, LEVELS, Locality
from app.localities.schemas import (
    ChildrenSchema,
    ConversionSchema,
    HamletCreateSchema,
    HamletFileSchema,
    HamletImportQuerySchema,
    HamletImportResultSchema,
    HamletPreviewSchema,
    LocalityDetailSchema,
    LocalitySchema,
    SearchQuerySchema,
    SearchResultSchema,
)

blp = Blueprint(
    "localities_api",
    __name__,
    url_prefix="",
    description="Administrative units (2025 and legacy), hamlets, legacy → 2025 conversion",
)


DETAIL_CHILDREN = 50  # children inside a unit's answer; the rest through children_url


def _child_rows(kids: list[Locality]) -> list[dict[str, Any]]:
    counts = tree.child_counts(kids)
    return [{**LocalitySchema().dump(kid), "child_count": counts[kid.id]} for kid in kids]


def _detail(locality: Locality) -> dict[str, Any]:
    """A unit with its ancestors and a bounded list of children, their count and a link."""
    total = tree.child_counts([locality])[locality.id]
    kids = tree.children_page(locality, 0, DETAIL_CHILDREN) if total else []
    return {
        **LocalitySchema().dump(locality),
        "ancestors": tree.ancestors(locality),
        "children": _child_rows(kids),
        "child_count": total,
        "children_url": url_for("localities_api.LocalityChildren", locality_id=locality.id),
    }


def _page(params: PaginationParameters, total: int) -> tuple[int, int] | None:
    """(offset, limit) of the page asked for, or None past the end (no query for it)."""
    params.item_count = total
    offset = params.first_item
    return None if offset >= total else (offset, params.page_size)


@blp.route("/localities")
class Localities(MethodView):
    @answers(blp, 401, 422, security=PUBLIC)
    @blp.arguments(SearchQuerySchema, location="query")
    @blp.response(200, SearchResultSchema)
    @blp.paginate(page_size=20, max_page_size=100)
    def get(
        self, args: dict[str, Any], pagination_parameters: PaginationParameters
    ) -> dict[str, Any]:
        """Search units by name (diacritics and type words optional), filter; paginated by
        `page` and `page_size` (metadata in the X-Pagination header)."""
        found = services.search(
            args["q"],
            level=args["level"],
            era=args["era"],
            parent_id=args["parent"],
            page=pagination_parameters.page,
            per_page=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = found.total
        crumbs = tree.ancestors_of_many(found.items)
        return {
            "items": [
                {**LocalitySchema().dump(item), "ancestors": crumbs[item.id]}
                for item in found.items
            ],
            "total": found.total,
            "page": found.page,
            "per_page": found.per_page,
        }


@blp.route("/localities/<int:locality_id>")
class LocalityDetail(MethodView):
    @answers(blp, 401, 404, 422, security=PUBLIC)
    @blp.response(200, LocalityDetailSchema)
    def get(self, locality_id: int) -> dict[str, Any]:
        """One unit with its ancestors (root first), its first children (at most 50), how many
        children it has and the link to all of them."""
        return _detail(db.get_or_404(Locality, locality_id))


@blp.route("/localities/<int:locality_id>/children")
class LocalityChildren(MethodView):
    @answers(blp, 401, 404, 422, security=PUBLIC)
    @blp.response(200, ChildrenSchema)
    @blp.paginate(page_size=100, max_page_size=100)
    def get(self, locality_id: int, pagination_parameters: PaginationParameters) -> dict[str, Any]:
        """The units directly below one unit, by name, with their own child counts; paginated
        by `page` and `page_size` (metadata in the X-Pagination header)."""
        locality = db.get_or_404(Locality, locality_id)
        total = tree.child_counts([locality])[locality.id]
        window = _page(pagination_parameters, total)
        kids = tree.children_page(locality, *window) if window else []
        return {"locality": locality, "children": _child_rows(kids), "total": total}


@blp.route("/localities/by-code/<string:era>/<string:level>/<string:code>")
class LocalityByCode(MethodView):
    @answers(blp, 401, 404, 422, security=PUBLIC)
    @blp.response(200, LocalityDetailSchema)
    def get(self, era: str, level: str, code: str) -> dict[str, Any]:
        """An official unit by era, level and code ("vn2025/province/86", "legacy/commune/28756").

        Codes are zero-padded if given without the leading zeros.
        """
        if era not in ERAS:
            raise FieldError("era", f"Unknown era '{era}': use one of {', '.join(ERAS)}.", 404)
        if level not in LEVELS or level == "hamlet":
            raise FieldError(
                "level", f"Unknown level '{level}': use province, district or commune.", 404
            )
        locality = tree.get_by_code(era, level, code)
        if locality is None:
            raise FieldError("code", f"No {era} {level} has code '{code}'.", 404)
        return _detail(locality)


@blp.route("/localities/<int:locality_id>/conversion")
class LocalityConversionView(MethodView):
    @answers(blp, 401, 404, 422, security=PUBLIC)
    @blp.response(200, ConversionSchema)
    def get(self, locality_id: int) -> dict[str, Any]:
        """The 2025 units a legacy unit's data is restated on (a 2025 unit maps to itself)."""
        locality = db.get_or_404(Locality, locality_id)
        targets = services.restate_on_2025(locality)
        return {
            "locality": locality,
            "targets": [{"locality": target, "partly": partly} for target, partly in targets],
        }


@blp.route("/localities/<int:commune_id>/hamlets")
class Hamlets(MethodView):
    # Anonymous callers get 401 before their body is validated.
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 413, 422, security=SIGNED_IN)
    @blp.arguments(HamletCreateSchema)
    @blp.response(201, LocalitySchema)
    def post(self, data: dict[str, Any], commune_id: int) -> Locality:
        """Add a hamlet (thôn, ấp, bản, khu phố, tổ dân phố …) under a 2025 commune."""
        commune = db.get_or_404(Locality, commune_id)
        require_manage(commune)
        return services.add_hamlet(commune, data["name"], data["kind"], data["code"])


@blp.route("/localities/<int:commune_id>/hamlets/import")
class HamletImport(MethodView):
    # Anonymous callers get 401 before their body is validated.
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 409, 413, 422, security=SIGNED_IN)
    @blp.arguments(HamletImportQuerySchema, location="query")
    @blp.arguments(HamletFileSchema, location="files")
    @blp.response(201, HamletImportResultSchema)
    @blp.alt_response(200, schema=HamletPreviewSchema, description="dry_run=1: the preview")
    def post(self, query: dict[str, Any], files: dict[str, Any], commune_id: int) -> Any:
        """Add the hamlets of a CSV/XLSX file, all or none; `dry_run=1` previews every row with
        its errors and writes nothing. Row errors come back as 422 with `errors["line N"]`."""
        commune = db.get_or_404(Locality, commune_id)
        require_manage(commune)
        upload = files["file"]
        data = upload.read()
        if query["dry_run"]:
            drafts = services.preview_hamlet_file(commune, upload.filename or "", data)
            bad = sum(1 for d in drafts if not d.ok)
            body = HamletPreviewSchema().dump(
                {"valid": bad == 0, "error_count": bad, "rows": drafts}
            )
            return jsonify(body)  # a Response passes through the 201 schema untouched
        try:
            created = services.import_hamlet_file(commune, upload.filename or "", data)
        except services.HamletRowsError as error:
            response: Response = json_error(
                422, error.message, {"file": [error.message], **error.row_errors()}
            )
            return response
        return {"count": len(created), "created": created}
