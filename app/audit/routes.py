"""Pages of the audit feature: the log of changes to shared data (/nhat-ky)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from app.accounts.services import manageable_localities
from app.audit import services
from app.extensions import db
from app.localities.models import Locality

bp = Blueprint("audit", __name__, template_folder="templates")


@bp.get("/nhat-ky")
@login_required
def log() -> tuple[str, int]:
    """Who changed what and when, before → after: admins everything, officers their subtree."""
    if not services.may_read_log(current_user):
        abort(403)
    locality_id = request.args.get("locality", type=int)
    locality = db.get_or_404(Locality, locality_id) if locality_id else None
    entity = request.args.get("entity") or None
    page = services.log_for(
        current_user, entity=entity, locality=locality, page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "audit/log.html",
        page=page,
        entity=entity,
        locality=locality,
        entities=services.entities(),
        localities=manageable_localities(current_user, request.args.get("dia_ban", "")),
        changed_fields=services.changed_fields,
    ), 200
