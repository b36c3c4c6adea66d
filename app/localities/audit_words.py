"""What the localities feature's audit entries mean to a person: its fields' labels, its codes'
words (era, level, kind), a parent by name instead of its id (`LOCALITIES_AUDIT`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from app.audit_log import recorded_row
from app.feature import AuditLabels
from app.localities.models import KIND_LABELS, Locality
from app.localities.services import locality_named

ERA_LABELS = {"vn2025": _l("Từ 01/07/2025"), "legacy": _l("Trước 01/07/2025")}
LEVEL_LABELS = {
    "province": _l("Tỉnh, thành phố"),
    "district": _l("Quận, huyện (trước 2025)"),
    "commune": _l("Xã, phường"),
    "hamlet": _l("Thôn, tổ dân phố"),
}


def _words(labels: Mapping[str, Any]) -> Any:
    return lambda code: str(labels.get(code, code))


def _per_level(counts: Any) -> Any:
    """{"province": 34, "commune": 3321} → "Tỉnh, thành phố: 34; Xã, phường: 3.321"."""
    if not isinstance(counts, Mapping):
        return counts
    shown = "; ".join(
        f"{LEVEL_LABELS.get(level, level)}: {format_decimal(count)}"
        for level, count in counts.items()
    )
    return shown or None  # nothing at any level


def _locality_subject(
    entity_id: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> str | None:
    found = recorded_row(Locality, entity_id)
    if found is not None:
        return found.known_as
    snapshot = after or before or {}
    return str(snapshot["name"]) if snapshot.get("name") else None


def _catalogue_subject(
    entity_id: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> str | None:
    era = ERA_LABELS.get(entity_id)
    return str(era) if era is not None else None


LOCALITIES_AUDIT = AuditLabels(
    entities={"locality": _l("Địa bàn"), "localities": _l("Danh mục địa bàn")},
    actions={
        "move": _l("Chuyển"),
        "import": _l("Nhập dữ liệu"),
        "retire": _l("Ngừng dùng"),
        "restore": _l("Khôi phục"),
    },
    fields={
        "era": _l("Thời kỳ"),
        "level": _l("Cấp"),
        "kind": _l("Loại"),
        "code": _l("Mã"),
        "name": _l("Tên"),
        "parent_id": _l("Trực thuộc"),
        "retired_at": _l("Ngừng dùng từ"),
        "localities.added": _l("Đơn vị thêm mới"),
        "localities.updated": _l("Đơn vị cập nhật"),
        "localities.conversions_added": _l("Dòng chuyển đổi thêm mới"),
        "localities.conversions_updated": _l("Dòng chuyển đổi cập nhật"),
    },
    values={
        "locality.era": _words(ERA_LABELS),
        "locality.level": _words(LEVEL_LABELS),
        "locality.kind": _words(KIND_LABELS),
        "locality.parent_id": locality_named,
        "localities.added": _per_level,
        "localities.updated": _per_level,
    },
    subjects={"locality": _locality_subject, "localities": _catalogue_subject},
)
