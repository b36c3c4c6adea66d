"""What the events feature's audit entries mean to a person (`EVENTS_AUDIT`).

The entries hold no family data (see `app.events.services`): the words name the kind of
event and its number, the fields that changed, banks, localities and users, never a title,
a name or an account number, even while the event still exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.services import user_named
from app.codes import services as codes
from app.events.messages import EVENT_KIND_LABELS, HOST_ROLE_LABELS
from app.feature import AuditLabels
from app.localities.services import locality_named

Snapshot = Mapping[str, Any] | None

ENTITIES: Mapping[str, Any] = {
    "gift_event": _l("Sự kiện mừng"),
    "event_side": _l("Bên nhận mừng"),
    "ceremony": _l("Nghi lễ"),
    "event_host": _l("Chủ nhà sự kiện"),
    "wish": _l("Lời chúc"),
}

FIELDS: Mapping[str, Mapping[str, Any]] = {
    "wish": {"event_id": _l("Sự kiện"), "hidden": _l("Ẩn khỏi trang công khai")},
    "gift_event": {
        "kind": _l("Loại sự kiện"),
        "locality_id": _l("Địa bàn"),
        "show_wishes": _l("Hiện lời chúc"),
        "archived_at": _l("Lưu trữ lúc"),
        "title": _l("Tên sự kiện"),
        "message": _l("Lời nhắn"),
        "changed": _l("Đã sửa"),
        "sides": _l("Số bên nhận mừng"),
        "hosts": _l("Số chủ nhà"),
        "guests": _l("Số khách mời"),
        "rsvps": _l("Số lượt trả lời"),
        "wishes": _l("Số lời chúc"),
        "gifts": _l("Số món mừng"),
    },
    "event_side": {
        "event_id": _l("Sự kiện"),
        "position": _l("Thứ tự"),
        "show_qr": _l("Hiện mã QR"),
        "ledger_shared": _l("Chia sẻ sổ mừng"),
        "bank_bin": _l("Ngân hàng"),
        "code": _l("Mã bên nhận mừng"),
        "has_account": _l("Có tài khoản nhận"),
        "name": _l("Tên bên"),
        "hosts_names": _l("Tên chủ nhà in trên thiệp"),
        "account_number": _l("Số tài khoản"),
        "account_name": _l("Tên chủ tài khoản"),
        "changed": _l("Đã sửa"),
    },
    "ceremony": {
        "side_id": _l("Bên nhận mừng"),
        "starts_at": _l("Bắt đầu"),
        "ends_at": _l("Kết thúc"),
        "name": _l("Tên nghi lễ"),
        "venue": _l("Nơi tổ chức"),
        "address": _l("Địa chỉ"),
        "map_url": _l("Bản đồ"),
        "changed": _l("Đã sửa"),
    },
    "event_host": {
        "event_id": _l("Sự kiện"),
        "user_id": _l("Người dùng"),
        "role": _l("Vai trò"),
        "side_id": _l("Bên nhận mừng"),
    },
}


def _per_entity(values: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    return {
        f"{entity}.{name}": value
        for entity, fields in values.items()
        for name, value in fields.items()
    }


def event_numbered(event_id: Any) -> str:
    """An event by its number only ("Sự kiện số 12"): its title is the family's."""
    return str(_("Sự kiện số %(id)s", id=event_id))


def side_numbered(side_id: Any) -> str:
    return str(_("Bên số %(id)s", id=side_id)) if side_id is not None else str(_("Cả sự kiện"))


def bank_named(bank_bin: Any) -> str:
    if not bank_bin:
        return "—"
    bank = codes.bank_directory().by_bin(str(bank_bin))
    return f"{bank.short_name} ({bank.bin})" if bank is not None else str(bank_bin)


def kind_named(kind: Any) -> str:
    return str(EVENT_KIND_LABELS.get(kind, kind))


def role_named(role: Any) -> str:
    return str(HOST_ROLE_LABELS.get(role, role))


def _fields_named(entity: str) -> Any:
    labels = FIELDS[entity]

    def named(changed: Any) -> Any:
        if not isinstance(changed, list):
            return changed
        return ", ".join(str(labels.get(name, name)) for name in changed) or None

    return named


def _event_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    """ "Đám cưới · Sự kiện số 12"."""
    snapshot = after or before or {}
    kind = kind_named(snapshot["kind"]) if snapshot.get("kind") else None
    return " · ".join(part for part in (kind, event_numbered(entity_id)) if part)


def _in_event(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    snapshot = after or before or {}
    event_id = snapshot.get("event_id")
    return event_numbered(event_id) if event_id is not None else None


def _ceremony_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    snapshot = after or before or {}
    side_id = snapshot.get("side_id")
    return side_numbered(side_id) if side_id is not None else None


EVENTS_AUDIT = AuditLabels(
    entities=ENTITIES,
    actions={
        "archive": _l("Lưu trữ"),
        "unarchive": _l("Bỏ lưu trữ"),
        "delete": _l("Xoá"),
    },
    fields=_per_entity(FIELDS),
    values=_per_entity(
        {
            "gift_event": {
                "kind": kind_named,
                "locality_id": locality_named,
                "changed": _fields_named("gift_event"),
            },
            "event_side": {
                "event_id": event_numbered,
                "bank_bin": bank_named,
                "changed": _fields_named("event_side"),
            },
            "ceremony": {"side_id": side_numbered, "changed": _fields_named("ceremony")},
            "event_host": {
                "event_id": event_numbered,
                "user_id": user_named,
                "role": role_named,
                "side_id": side_numbered,
            },
        }
    ),
    subjects={
        "gift_event": _event_subject,
        "event_side": _in_event,
        "ceremony": _ceremony_subject,
        "event_host": _in_event,
    },
)
