"""What the guest list's audit entries mean to a person (`GUESTS_AUDIT`). The entries keep that a
guest of an event was added, changed, removed or given a new personal link, and which fields
changed, never who the guest is: so the words name the event and the side, not the guest."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit_log import recorded_row
from app.events.models import EventSide
from app.feature import AuditLabels

Snapshot = Mapping[str, Any] | None

#: The guest fields an update names, in words.
CHANGED_FIELDS: Mapping[str, Any] = {
    "name": _l("Họ tên"),
    "honorific": _l("Xưng hô"),
    "phone": _l("Điện thoại"),
    "group_name": _l("Nhóm"),
    "invited_by": _l("Khách của"),
    "side_id": _l("Bên"),
}


def _side_named(value: Any) -> Any:
    side = recorded_row(EventSide, value)
    return side.name if side is not None else value


def _changed_words(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    return ", ".join(str(CHANGED_FIELDS.get(str(name), name)) for name in value)


def _guest_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    """ "Khách mời của sự kiện số 12" (never the guest's name)."""
    snapshot = after or before or {}
    event_id = snapshot.get("event_id")
    if event_id is None:
        return None
    return str(_("Khách mời của sự kiện số %(id)s", id=event_id))


VALUES: Mapping[str, Callable[[Any], Any]] = {
    "guest.side_id": _side_named,
    "guest.changed": _changed_words,
}

GUESTS_AUDIT = AuditLabels(
    entities={"guest": _l("Khách mời")},
    actions={"new_link": _l("Tạo đường dẫn riêng mới")},
    fields={
        "guest.event_id": _l("Sự kiện"),
        "guest.side_id": _l("Bên"),
        "guest.changed": _l("Trường đã sửa"),
    },
    values=VALUES,
    subjects={"guest": _guest_subject},
)
