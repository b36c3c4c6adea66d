"""What the contacts' audit entries mean to a person (`CONTACTS_AUDIT`). The entries keep that a
contact, a gift given or a link changed, never who the contact is or what was given: those are
the host's private matters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.accounts.services import user_named
from app.events.contact_messages import CONTACT_KIND_LABELS, PAST_EVENT_KIND_LABELS
from app.events.gifts import UNIT_LABELS
from app.feature import AuditLabels

ENTITIES: Mapping[str, Any] = {
    "contact": _l("Người trong danh bạ"),
    "gift_given": _l("Lần mừng người khác"),
    "gift_event": _l("Sự kiện mừng"),
    "guest": _l("Khách mời"),
    "ledger_entry": _l("Dòng sổ mừng"),
}


def _words(labels: Mapping[str, Any]) -> Any:
    return lambda value: str(labels.get(value, value))


CONTACTS_AUDIT = AuditLabels(
    entities=ENTITIES,
    fields={
        "contact.owner_id": _l("Chủ danh bạ"),
        "contact.kind": _l("Loại"),
        "contact.fields": _l("Trường đã sửa"),
        "gift_given.contact_id": _l("Người được mừng (mã)"),
        "gift_given.unit": _l("Đơn vị"),
        "gift_given.fields": _l("Trường đã sửa"),
        "guest.contact_id": _l("Người trong danh bạ (mã)"),
        "ledger_entry.contact_id": _l("Người trong danh bạ (mã)"),
        "gift_event.kind": _l("Loại sự kiện"),
        "gift_event.entries": _l("Số dòng sổ mừng"),
        "gift_event.archived": _l("Lưu trữ"),
    },
    values={
        "contact.owner_id": user_named,
        "contact.kind": _words(CONTACT_KIND_LABELS),
        "gift_given.unit": _words(UNIT_LABELS),
        "gift_event.kind": _words(PAST_EVENT_KIND_LABELS),
    },
)
