"""REST API of the audit feature: /audit, the log of changes to shared data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from app.api_docs import SIGNED_IN, answers
from app.audit import services as audit
from app.audit.schemas import AuditPageSchema, AuditQuerySchema
from app.extensions import db
from app.localities.models import Locality

blp = Blueprint("audit_api", __name__, description="The audit log of changes to shared data")


@blp.route("/audit")
class AuditLog(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The audit log: admins read everything, officers their subtree; newest first."""
        locality = None
        if query["locality"] is not None:
            locality = db.get_or_404(Locality, query["locality"])
        result = audit.log_for(
            current_user,
            entity=query["entity"],
            locality=locality,
            page=query["page"],
            per_page=query["per_page"],
        )
        return {
            "items": result.entries,
            "page": result.page,
            "pages": result.pages,
            "per_page": result.per_page,
            "total": result.total,
        }
