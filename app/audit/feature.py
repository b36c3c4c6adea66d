"""What the audit feature contributes: the log's page and API, its refusals' messages, and the
labels of the common actions."""

from flask_babel import lazy_gettext as _l

from app.audit import resources, routes
from app.audit.messages import MESSAGES
from app.feature import AuditLabels, Feature

FEATURE = Feature(
    "audit",
    pages=routes.bp,
    api=resources.blp,
    messages=MESSAGES,
    audit_labels=AuditLabels(
        actions={"create": _l("Thêm"), "update": _l("Sửa")},
        actors={"system": _l("Hệ thống"), "cli": _l("Dòng lệnh")},
    ),
)
