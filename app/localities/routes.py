"""Pages of the localities feature: the browser (/dia-ban), a unit's page, adding hamlets.

Browsing is public. Adding hamlets needs an officer of the commune (or above) or an admin.
The file import is two steps: upload → preview (every row with its errors); confirming posts
the previewed rows back as JSON in a hidden field (CSRF-protected) and the service validates
them again, with a file's limits, before writing all of them or none. Nothing is kept on the
server between the steps. A service's refusal is shown beside the field it concerns.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from app.access import can_manage, require_manage
from app.errors import DomainError
from app.extensions import db
from app.forms import show_beside
from app.localities import services, tree
from app.localities.forms import HamletConfirmForm, HamletFileForm, HamletForm
from app.localities.models import ERAS, KIND_LABELS, Locality
from app.request_guards import query_int

bp = Blueprint("localities", __name__, template_folder="templates")

PER_PAGE = 30


@bp.route("/dia-ban")
def browse() -> str:
    """Search box, then either the hits (with breadcrumbs) or the provinces of an era."""
    query = (request.args.get("q") or "").strip()[:100]
    era = request.args.get("era") if request.args.get("era") in ERAS else None
    context: dict[str, Any] = {"query": query, "era": era}
    if query:
        # The page number is bounded as the API's is (a 422 naming it beyond the database's
        # integers); a page past the end is empty and runs no query for it.
        page = query_int("page", 1)
        context.update(found=services.search(query, era=era, page=page, per_page=PER_PAGE))
    else:
        units = tree.provinces(era or "vn2025")
        context.update(provinces=units, counts=tree.child_counts(units))
    return render_template("localities/browse.html", **context)


def _render_detail(
    locality: Locality, form: HamletForm | None = None, status: int = 200
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
            # Only its officers get the form (and so a session with a CSRF token).
            form=form or (HamletForm(formdata=None) if manage else None),
        ),
        status,
    )


def _managed(locality_id: int) -> Locality:
    """The unit whose hamlets the signed-in user manages (otherwise 404, login or 403)."""
    commune = db.get_or_404(Locality, locality_id)
    require_manage(commune)
    return commune


@bp.route("/dia-ban/<int:locality_id>")
def detail(locality_id: int) -> tuple[str, int]:
    """A unit: breadcrumbs, facts, children with counts; the hamlet form for its officers."""
    return _render_detail(db.get_or_404(Locality, locality_id))


@bp.route("/dia-ban/<int:locality_id>/them-thon", methods=["POST"])
def add_hamlet(locality_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Add one hamlet from the form on the commune's page."""
    commune = _managed(locality_id)
    form = HamletForm()
    if not form.validate_on_submit():
        return _render_detail(commune, form, 422)
    try:
        hamlet = services.add_hamlet(commune, form.name.data, form.kind.data, form.code.data)
    except DomainError as error:
        show_beside(form, error, "name")
        return _render_detail(commune, form, error.status)
    flash(_("Đã thêm %(name)s.", name=hamlet.name), "success")
    return redirect(url_for("localities.detail", locality_id=commune.id))


def _render_import(
    commune: Locality,
    form: HamletFileForm,
    preview: services.HamletPreview | None = None,
    status: int = 200,
) -> tuple[str, int]:
    confirm = None
    if preview is not None and preview.valid:
        confirm = HamletConfirmForm(formdata=None)
        confirm.rows.data = [draft.given() for draft in preview.rows]
    return (
        render_template(
            "localities/hamlet_import.html",
            commune=commune,
            crumbs=tree.ancestors(commune),
            form=form,
            preview=preview,
            confirm=confirm,
            labels=KIND_LABELS,
        ),
        status,
    )


@bp.route("/dia-ban/<int:locality_id>/nhap-thon", methods=["GET", "POST"])
def import_hamlets(locality_id: int) -> tuple[str, int]:
    """Step 1: upload a CSV/XLSX; the answer is the preview of every row."""
    commune = _managed(locality_id)
    services.require_commune(commune)
    form = HamletFileForm()
    if request.method == "GET":
        return _render_import(commune, form)
    if not form.validate_on_submit():
        return _render_import(commune, form, status=422)
    upload = form.file.data
    try:
        preview = services.preview_hamlet_file(commune, upload.filename, upload.read())
    except DomainError as error:
        show_beside(form, error, "file")
        return _render_import(commune, form, status=error.status)
    return _render_import(commune, form, preview, 200 if preview.valid else 422)


@bp.route("/dia-ban/<int:locality_id>/nhap-thon/xac-nhan", methods=["POST"])
def confirm_hamlets(locality_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Step 2: write the previewed rows (validated again), all or none."""
    commune = _managed(locality_id)
    confirm = HamletConfirmForm()
    if not confirm.validate_on_submit():
        raise DomainError("localities.confirmation_unreadable", status=400)
    form = HamletFileForm(formdata=None)  # the way back: upload the file again
    try:
        rows = confirm.rows.data or []
        created = services.add_hamlets(commune, services.drafts_from_rows(rows))
    except services.HamletRowsError as error:
        show_beside(form, error, "file")
        return _render_import(commune, form, services.HamletPreview(error.drafts), error.status)
    except DomainError as error:
        show_beside(form, error, "file")
        return _render_import(commune, form, status=error.status)
    flash(_("Đã thêm %(n)d thôn/ấp vào %(name)s.", n=len(created), name=commune.name), "success")
    return redirect(url_for("localities.detail", locality_id=commune.id))
