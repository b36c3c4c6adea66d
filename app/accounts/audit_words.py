"""What the accounts feature's audit entries mean to a person: roles by name, people and
localities by name instead of ids (`ACCOUNTS_AUDIT`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.accounts.models import Invitation
from app.accounts.services import role_label, user_named
from app.audit_log import recorded_row
from app.feature import AuditLabels
from app.localities.services import locality_named


def _role_subject(
    entity_id: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> str | None:
    """ "Cán bộ địa bàn · Xã An Bình · lan@x.vn" from the recorded role."""
    snapshot = after or before or {}
    parts = [
        role_label(str(snapshot["role"])) if snapshot.get("role") else None,
        snapshot.get("locality"),
        snapshot.get("user") or snapshot.get("email"),
    ]
    return " · ".join(str(part) for part in parts if part) or None


def _invitation_subject(
    entity_id: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> str | None:
    """Whom the invitation was for, recorded or (when the entry did not record it) looked up."""
    snapshot = after or before or {}
    if snapshot.get("email"):
        return str(snapshot["email"])
    invitation = recorded_row(Invitation, entity_id)
    return invitation.email if invitation is not None else None


def _reset_subject(
    entity_id: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> str | None:
    """Whose password the link resets, as they sign in."""
    snapshot = after or before or {}
    return str(snapshot["user"]) if snapshot.get("user") else None


ACCOUNTS_AUDIT = AuditLabels(
    entities={
        "role_assignment": _l("Vai trò"),
        "invitation": _l("Lời mời"),
        "password_reset": _l("Đặt lại mật khẩu"),
    },
    actions={
        "grant": _l("Cấp vai trò"),
        "revoke": _l("Thu hồi vai trò"),
        "invite": _l("Mời"),
        "accept": _l("Nhận lời mời"),
        "withdraw": _l("Rút lại lời mời"),
        "request_reset": _l("Yêu cầu đường dẫn qua email"),
        "issue_reset": _l("Cấp đường dẫn đặt lại"),
        "use_reset": _l("Đặt mật khẩu mới"),
    },
    fields={
        "user_id": _l("Người dùng"),
        "email": _l("Email"),
        "role": _l("Vai trò"),
        "locality_id": _l("Địa bàn"),
        "locality": _l("Tên địa bàn khi ghi"),
        "accepted_at": _l("Nhận lời lúc"),
        "withdrawn_at": _l("Rút lại lúc"),
        "user": _l("Tài khoản"),
        "expires_at": _l("Hết hạn lúc"),
        "used_at": _l("Dùng lúc"),
    },
    values={
        "user_id": user_named,
        "role": role_label,
        "locality_id": locality_named,
    },
    subjects={
        "role_assignment": _role_subject,
        "invitation": _invitation_subject,
        "password_reset": _reset_subject,
    },
)
