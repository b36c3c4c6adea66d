"""What the ledger's audit entries mean to a person (`LEDGER_AUDIT`). They keep a side, a
method, a unit and a source, never who gave what (`app.events.ledger`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.events.gifts import UNIT_LABELS
from app.events.ledger_messages import METHOD_LABELS, SOURCE_LABELS
from app.feature import AuditLabels


def _label(labels: Mapping[str, Any]) -> Any:
    def show(value: Any) -> Any:
        return labels.get(value, value) if isinstance(value, str) else value

    return show


LEDGER_AUDIT = AuditLabels(
    entities={"ledger_entry": _l("Mục sổ mừng")},
    actions={"thanked": _l("Đánh dấu đã cảm ơn"), "unthanked": _l("Bỏ dấu đã cảm ơn")},
    fields={
        "ledger_entry.side_id": _l("Bên nhận mừng"),
        "ledger_entry.method": _l("Hình thức"),
        "ledger_entry.unit": _l("Đơn vị"),
        "ledger_entry.source": _l("Nguồn"),
        "ledger_entry.thanked": _l("Đã cảm ơn"),
    },
    values={
        "ledger_entry.method": _label(METHOD_LABELS),
        "ledger_entry.unit": _label(UNIT_LABELS),
        "ledger_entry.source": _label(SOURCE_LABELS),
    },
)
