"""Pages of the localities feature: the browser (/dia-ban), a unit's page, adding hamlets.

Browsing is public. Adding hamlets needs an officer of the commune (or above) or an admin.
The file import is two steps: upload → preview (every row with its errors); confirming posts
the previewed rows back as JSON in a hidden field (CSRF-protected) and the service validates
them again, with a file's limits, before writing all of them or none. Nothing is kept on the
server between the steps. A service's refusal is shown beside the field it concerns.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from app.access import can_manage, can_view, require_manage
from app.errors import DomainError
from app.extensions import db
from app.forms import show_beside
from app.localities import hamlet_templates, services, tree
from app.localities.forms import (
    ChildFilterForm,
    HamletConfirmForm,
    HamletEditForm,
    HamletFileForm,
    HamletForm,
    HamletMoveForm,
)
from app.localities.models import ERAS, KIND_LABELS, Locality
from app.request_guards import query_int
from app.vietqr.text import fold

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


#: A list of children longer than this gets a filter box.
FILTER_FROM = 12


def _filtered(units: list[Locality], query: str) -> list[Locality]:
    """The units whose name (diacritics-blind, type word included) contains `query` (its first
    100 characters, as the search box's)."""
    key = fold(query[:100])
    return [unit for unit in units if key in fold(unit.name)] if key else units


def _render_detail(
    locality: Locality,
    status: int = 200,
    *,
    form: HamletForm | None = None,
    edit: HamletEditForm | None = None,
    move: HamletMoveForm | None = None,
) -> tuple[str, int]:
    """A unit's page; its officers also get the forms that change it (a commune: add hamlets,
    restore retired ones; a hamlet: rename, move, retire or restore)."""
    manages = can_manage(current_user, locality)
    is_commune = locality.level == "commune" and locality.era == "vn2025"
    all_children = tree.children(locality)
    filter_form = ChildFilterForm(formdata=request.args)
    children = _filtered(all_children, filter_form.q.data or "")
    context: dict[str, Any] = {
        "locality": locality,
        "crumbs": tree.ancestors(locality),
        "children": children,
        "child_total": len(all_children),
        "counts": tree.child_counts(children),
        "filter_form": filter_form if len(all_children) > FILTER_FROM else None,
        "conversion": services.restate_on_2025(locality) if locality.era == "legacy" else [],
        "can_manage": manages and is_commune,
        # Links to the unit's markets and teams only for those who may read them.
        "readable": can_view(current_user, locality),
        "retired": tree.children(locality, retired=True) if manages and is_commune else [],
        # Only its officers get the forms (and so a session with a CSRF token).
        "form": form or (HamletForm(formdata=None) if manages and is_commune else None),
    }
    if manages and locality.level == "hamlet":
        targets = [c for c in services.move_targets(locality) if can_manage(current_user, c)]
        move = move or HamletMoveForm(formdata=None)
        move.commune.choices = [("", _("— chọn —")), *((c.id, c.name) for c in targets)]
        edit = edit or HamletEditForm(
            formdata=None, name=locality.name, kind=locality.kind, code=locality.code or ""
        )
        context.update(manage_hamlet=True, edit=edit, move=move if targets else None)
    return render_template("localities/detail.html", **context), status


def _managed(locality_id: int) -> Locality:
    """The unit whose hamlets the signed-in user manages (otherwise 404, login or 403)."""
    locality = db.get_or_404(Locality, locality_id)
    require_manage(locality)
    return locality


@bp.route("/dia-ban/<int:locality_id>")
def detail(locality_id: int) -> tuple[str, int]:
    """A unit: breadcrumbs, facts, children with counts (and a filter when they are many); the
    forms that change it for its officers."""
    return _render_detail(db.get_or_404(Locality, locality_id))


@bp.route("/dia-ban/<int:locality_id>/them-thon", methods=["POST"])
def add_hamlet(locality_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Add one hamlet from the form on the commune's page."""
    commune = _managed(locality_id)
    form = HamletForm()
    if not form.validate_on_submit():
        return _render_detail(commune, 422, form=form)
    try:
        hamlet = services.add_hamlet(commune, form.name.data, form.kind.data, form.code.data)
    except DomainError as error:
        show_beside(form, error, "name")
        return _render_detail(commune, error.status, form=form)
    flash(_("Đã thêm %(name)s.", name=hamlet.name), "success")
    return redirect(url_for("localities.detail", locality_id=commune.id))


@bp.route("/dia-ban/mau-nhap-thon.<any(csv, xlsx):fmt>")
def hamlet_template(fmt: str) -> Response:
    """The template to fill in and import (public: it holds no data)."""
    body, headers = hamlet_templates.download(fmt)
    return Response(body, headers=headers)


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


@bp.route("/dia-ban/<int:locality_id>/sua", methods=["POST"])
def edit_hamlet(locality_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Rename a hamlet, or change its type or code."""
    hamlet = _managed(locality_id)
    edit = HamletEditForm()
    if not edit.validate_on_submit():
        return _render_detail(hamlet, 422, edit=edit)
    try:
        services.update_hamlet(
            hamlet, name=edit.name.data, kind=edit.kind.data, code=edit.code.data or ""
        )
    except DomainError as error:
        show_beside(edit, error, "name")
        return _render_detail(hamlet, error.status, edit=edit)
    flash(_("Đã lưu %(name)s.", name=hamlet.name), "success")
    return redirect(url_for("localities.detail", locality_id=hamlet.id))


@bp.route("/dia-ban/<int:locality_id>/chuyen", methods=["POST"])
def move_hamlet(locality_id: int) -> WerkzeugResponse | tuple[str, int]:
    """File a hamlet under another commune of its province (the officer manages both)."""
    hamlet = _managed(locality_id)
    move = HamletMoveForm()
    if not move.validate_on_submit():
        return _render_detail(hamlet, 422, move=move)
    commune = tree.get_locality(move.commune.data or 0)
    if commune is not None:
        require_manage(commune)
    try:
        services.move_hamlet(hamlet, commune)
    except DomainError as error:
        show_beside(move, error, "commune")
        return _render_detail(hamlet, error.status, move=move)
    assert commune is not None
    flash(
        _("Đã chuyển %(name)s sang %(commune)s.", name=hamlet.name, commune=commune.name), "success"
    )
    return redirect(url_for("localities.detail", locality_id=hamlet.id))


@bp.route("/dia-ban/<int:locality_id>/ngung-dung", methods=["POST"])
def retire_hamlet(locality_id: int) -> WerkzeugResponse:
    """Retire a hamlet: it leaves the lists and the search; its page offers to restore it."""
    hamlet = _managed(locality_id)
    services.retire_hamlet(hamlet)
    flash(_("Đã ngừng dùng %(name)s. Có thể khôi phục ngay tại đây.", name=hamlet.name), "success")
    return redirect(url_for("localities.detail", locality_id=hamlet.id))


@bp.route("/dia-ban/<int:locality_id>/khoi-phuc", methods=["POST"])
def restore_hamlet(locality_id: int) -> WerkzeugResponse:
    """Bring a retired hamlet back into the lists and the search."""
    hamlet = _managed(locality_id)
    services.restore_hamlet(hamlet)
    flash(_("Đã khôi phục %(name)s.", name=hamlet.name), "success")
    return redirect(url_for("localities.detail", locality_id=hamlet.id))
