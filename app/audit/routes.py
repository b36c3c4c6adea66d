"""Pages of the audit feature: the log of changes to shared data (/nhat-ky)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext
from flask_login import current_user, login_required

from app.accounts.services import manageable_localities
from app.audit import services
from app.extensions import db
from app.localities.models import Locality
from app.request_guards import query_int

bp = Blueprint("audit", __name__, template_folder="templates")

# What the log's stable codes mean to the person reading it; an unknown code shows as it is.
ACTIONS = {
    "create": lazy_gettext("Thêm"),
    "update": lazy_gettext("Sửa"),
    "move": lazy_gettext("Chuyển"),
    "import": lazy_gettext("Nhập dữ liệu"),
    "grant": lazy_gettext("Cấp vai trò"),
    "revoke": lazy_gettext("Thu hồi vai trò"),
    "invite": lazy_gettext("Mời"),
    "accept": lazy_gettext("Nhận lời mời"),
}
ENTITIES = {
    "locality": lazy_gettext("Địa bàn"),
    "localities": lazy_gettext("Danh mục địa bàn"),
    "role_assignment": lazy_gettext("Vai trò"),
    "invitation": lazy_gettext("Lời mời"),
}


def _label(labels: dict[str, Any], code: str) -> str:
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
    return render_template(
        "audit/log.html",
        page=page,
        entity=entity,
        locality=locality,
        entities=services.entities(),
        localities=manageable_localities(current_user, request.args.get("dia_ban", "")),
        changed_fields=services.changed_fields,
        action_label=lambda code: _label(ACTIONS, code),
        entity_label=lambda code: _label(ENTITIES, code),
    ), 200
