"""Pages of the audit feature: the log of changes to shared data (/nhat-ky)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required

from app.accounts.services import manageable_localities
from app.audit import services
from app.extensions import db
from app.feature import audit_labels
from app.localities.models import Locality
from app.request_guards import query_int

bp = Blueprint("audit", __name__, template_folder="templates")


def _label(labels: Mapping[str, Any], code: str) -> str:
    """What a log code means to the reader (each feature gives its own); unknown codes show
    as they are."""
    return str(labels.get(code, code))


@bp.get("/nhat-ky")
@login_required
def log() -> tuple[str, int]:
    """Who changed what and when, before → after: admins everything, officers their subtree."""
    if not services.may_read_log(current_user):
        abort(403)
    locality_id = query_int("locality", 0)
    locality = db.get_or_404(Locality, locality_id) if locality_id else None
    entity = request.args.get("entity") or None
    page = services.log_for(
        current_user, entity=entity, locality=locality, page=query_int("page", 1)
    )
    labels = audit_labels(current_app)
    return render_template(
        "audit/log.html",
        page=page,
        entity=entity,
        locality=locality,
        entities=services.entities(),
        localities=manageable_localities(current_user, request.args.get("dia_ban", "")),
        changed_fields=services.changed_fields,
        action_label=lambda code: _label(labels.actions, code),
        entity_label=lambda code: _label(labels.entities, code),
    ), 200
