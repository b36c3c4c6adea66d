"""Pages of the localities feature: the browser (/dia-ban), a unit's page, adding hamlets.

Browsing is public. Adding hamlets needs an officer of the commune (or above) or an admin.
The file import is two steps: upload → preview (every row with its errors); confirming posts
the previewed rows back as JSON in a hidden field (CSRF-protected) and the service validates
them again before writing all of them or none. Nothing is kept on the server between the steps.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from app.access import can_manage, require_manage
from app.errors import FieldError
from app.extensions import db
from app.localities import services, tree
from app.localities.models import ERAS, HAMLET_KINDS, KIND_LABELS, Locality
from app.request_guards import query_int

bp = Blueprint("localities", __name__, template_folder="templates")

PER_PAGE = 30
MAX_CONFIRM_BYTES = 2_000_000


def _hamlet_kinds() -> list[tuple[str, str]]:
    return [(kind, KIND_LABELS[kind]) for kind in HAMLET_KINDS]


@bp.route("/dia-ban")
def browse() -> str:
    """Search box, then either the hits (with breadcrumbs) or the provinces of an era."""
    query = (request.args.get("q") or "").strip()[:100]
    era = request.args.get("era") if request.args.get("era") in ERAS else None
    page = query_int("page", 1, maximum=10_000)
    context: dict[str, Any] = {"query": query, "era": era}
    if query:
        found = services.search(query, era=era, page=max(page, 1), per_page=PER_PAGE)
        context.update(found=found, crumbs=tree.ancestors_of_many(found.items))
    else:
        units = tree.provinces(era or "vn2025")
        context.update(provinces=units, counts=tree.child_counts(units))
    return render_template("localities/browse.html", **context)


def _render_detail(
    locality: Locality,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    kids = tree.children(locality)
    manage = (
        locality.level == "commune"
        and locality.era == "vn2025"
        and can_manage(current_user, locality)
    )
    conversion = services.restate_on_2025(locality) if locality.era == "legacy" else []
    return (
        render_template(
            "localities/detail.html",
            locality=locality,
            crumbs=tree.ancestors(locality),
            children=kids,
            counts=tree.child_counts(kids),
            conversion=conversion,
            can_manage=manage,
            kinds=_hamlet_kinds(),
            form=form or {"name": "", "kind": "", "code": ""},
            errors=errors or {},
        ),
        status,
    )


@bp.route("/dia-ban/<int:locality_id>")
def detail(locality_id: int) -> tuple[str, int]:
    """A unit: breadcrumbs, facts, children with counts; the hamlet form for its officers."""
    return _render_detail(db.get_or_404(Locality, locality_id))


@bp.route("/dia-ban/<int:locality_id>/them-thon", methods=["POST"])
def add_hamlet(locality_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Add one hamlet from the form on the commune's page."""
    commune = db.get_or_404(Locality, locality_id)
    require_manage(commune)
    form = {key: (request.form.get(key) or "").strip() for key in ("name", "kind", "code")}
    try:
        hamlet = services.add_hamlet(commune, form["name"], form["kind"], form["code"] or None)
    except FieldError as error:
        return _render_detail(commune, form, {error.field or "name": error.message}, error.status)
    flash(_("Đã thêm %(name)s.", name=hamlet.name), "success")
    return redirect(url_for("localities.detail", locality_id=commune.id))


def _render_import(
    commune: Locality,
    drafts: list[services.HamletDraft] | None = None,
    error: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    rows_json = ""
    if drafts and all(d.ok for d in drafts):
        rows_json = json.dumps(
            [{"line": d.line, "name": d.name, "kind": d.kind, "code": d.code} for d in drafts],
            ensure_ascii=False,
        )
    return (
        render_template(
            "localities/hamlet_import.html",
            commune=commune,
            crumbs=tree.ancestors(commune),
            drafts=drafts,
            bad=sum(1 for d in drafts if not d.ok) if drafts else 0,
            error=error,
            rows_json=rows_json,
            labels=KIND_LABELS,
        ),
        status,
    )


@bp.route("/dia-ban/<int:locality_id>/nhap-thon", methods=["GET", "POST"])
def import_hamlets(locality_id: int) -> tuple[str, int]:
    """Step 1: upload a CSV/XLSX; the answer is the preview of every row."""
    commune = db.get_or_404(Locality, locality_id)
    require_manage(commune)
    services.require_commune(commune)
    if request.method == "GET":
        return _render_import(commune)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render_import(commune, error=_("Hãy chọn một tệp .csv hoặc .xlsx."), status=422)
    try:
        drafts = services.preview_hamlet_file(commune, upload.filename, upload.read())
    except FieldError as error:
        return _render_import(commune, error=error.message, status=422)
    return _render_import(commune, drafts, status=200 if all(d.ok for d in drafts) else 422)


@bp.route("/dia-ban/<int:locality_id>/nhap-thon/xac-nhan", methods=["POST"])
def confirm_hamlets(locality_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Step 2: write the previewed rows (validated again), all or none."""
    commune = db.get_or_404(Locality, locality_id)
    require_manage(commune)
    raw = request.form.get("rows") or ""
    try:
        rows = json.loads(raw) if len(raw) <= MAX_CONFIRM_BYTES else None
    except (ValueError, RecursionError):  # RecursionError: deeply nested JSON
        rows = None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        abort(400, description=_("Dữ liệu xác nhận không hợp lệ; hãy tải tệp lên lại."))
    try:
        created = services.add_hamlets(commune, services.drafts_from_rows(rows))
    except services.HamletRowsError as error:
        return _render_import(commune, error.drafts, error=error.message, status=422)
    except FieldError as error:
        return _render_import(commune, error=error.message, status=error.status)
    flash(_("Đã thêm %(n)d thôn/ấp vào %(name)s.", n=len(created), name=commune.name), "success")
    return redirect(url_for("localities.detail", locality_id=commune.id))
