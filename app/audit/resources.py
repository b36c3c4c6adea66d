"""REST API of the audit feature: /audit, the log of changes to shared data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.api_blueprint import Blueprint
from app.api_docs import SIGNED_IN, answers
from app.audit import services
from app.audit.schemas import AuditEntrySchema, AuditQuerySchema
from app.audit_log import AuditEntry

blp = Blueprint(
    "audit_api",
    __name__,
    tag="Nhật ký thay đổi / Audit log",
    description="Nhật ký các thay đổi dữ liệu dùng chung. / The log of changes to shared data.",
)


@blp.route("/audit")
class AuditLog(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditEntrySchema(many=True))
    @blp.paginate(page_size=50, max_page_size=200)
    def get(
        self, query: dict[str, Any], pagination_parameters: PaginationParameters
    ) -> list[AuditEntry]:
        """Nhật ký thay đổi / The audit log

        Quản trị viên đọc tất cả, cán bộ đọc địa bàn của mình; mới nhất trước. Chia trang bằng
        `page` và `page_size` (header X-Pagination).

        The audit log: admins read everything, officers their subtree; newest first. Paginated by
        `page` and `page_size` (metadata in the X-Pagination header)."""
        found = services.log_for(
            current_user,
            entity=query["entity"],
            locality_id=query["locality"],
            page=pagination_parameters.page,
            per_page=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = found.total
        return found.entries
