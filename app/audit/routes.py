"""Pages of the audit feature: the log of changes to shared data (/nhat-ky)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.services import manageable_localities
from app.audit import services
from app.audit.forms import LogFilterForm
from app.audit.presentation import Presenter
from app.feature import audit_labels
from app.request_guards import query_int

bp = Blueprint("audit", __name__, template_folder="templates")


@bp.get("/nhat-ky")
@login_required
def log() -> tuple[str, int]:
    """Who changed what and when, before → after, in the domain's words: admins everything,
    officers their subtree."""
    form = LogFilterForm(formdata=request.args)
    presenter = Presenter(audit_labels(current_app))
    form.entity.choices = [("", _("Tất cả"))] + [
        (name, presenter.entity_label(name)) for name in services.entities()
    ]
    page = None
    if form.validate():
        page = services.log_for(
            current_user,
            entity=form.entity.data or None,
            locality_id=form.locality.data,
            page=query_int("page", 1),
        )
    picker = manageable_localities(current_user, form.dia_ban.data or "")
    if page is not None and page.locality is not None and page.locality not in picker:
        picker.insert(0, page.locality)
    form.locality.choices = [("", _("Toàn bộ phạm vi của tôi"))] + [
        (loc.id, loc.known_as) for loc in picker
    ]
    return render_template(
        "audit/log.html",
        form=form,
        page=page,
        entries=[presenter.entry(entry) for entry in page.entries] if page else [],
    ), (200 if page is not None else 422)
