"""What the swapped-sign checks' audit entries mean to a person (`CHECKS_AUDIT`, merged into
the markets feature's labels): check rounds and sign checks, by market, stall and vendor."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit_log import recorded_row
from app.feature import AuditLabels
from app.markets.audit_words import (
    bank_named,
    blank_as_none,
    market_named,
    street_named,
    vendor_named,
)
from app.markets.check_messages import CHECK_RESULT_LABELS
from app.markets.models import CheckRound, Stall

Snapshot = Mapping[str, Any] | None

FIELDS: Mapping[str, Mapping[str, Any]] = {
    "check_round": {
        "market_id": _l("Chợ"),
        "street_id": _l("Tuyến phố"),
        "started_by_label": _l("Người kiểm tra"),
        "started_at": _l("Bắt đầu"),
        "finished_at": _l("Kết thúc"),
    },
    "sign_check": {
        "round_id": _l("Lượt kiểm tra"),
        "stall_id": _l("Sạp"),
        "vendor_id": _l("Tiểu thương"),
        "result": _l("Kết quả"),
        "found_bank_bin": _l("Ngân hàng mã đang trả vào"),
        "found_account": _l("Tài khoản mã đang trả vào"),
        "other_vendor_id": _l("Tài khoản của tiểu thương khác"),
        "checked_by_label": _l("Người kiểm tra"),
        "resolved_at": _l("Xử lý lúc"),
        "resolved_by_label": _l("Người xử lý"),
        "resolution_note": _l("Cách xử lý"),
    },
}


def _stall_named(stall_id: Any) -> str | None:
    stall = recorded_row(Stall, stall_id)
    if stall is None:
        return None
    return str(_("Sạp %(number)s", number=stall.number)) if stall.number else str(_("Sạp không số"))


def _round_named(round_id: Any) -> str:
    found = recorded_row(CheckRound, round_id)
    if found is None:
        return str(round_id)
    place = found.market or found.street
    return str(_("Lượt kiểm tra %(place)s", place=place.name if place else ""))


def _round_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    snapshot = after or before or {}
    if snapshot.get("market_id"):
        return market_named(snapshot["market_id"])
    if snapshot.get("street_id"):
        return street_named(snapshot["street_id"])
    return None


def _check_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    snapshot = after or before or {}
    parts = [
        vendor_named(snapshot["vendor_id"]) if snapshot.get("vendor_id") else None,
        _stall_named(snapshot["stall_id"]) if snapshot.get("stall_id") else None,
    ]
    return " · ".join(part for part in parts if part) or None


def _maybe(words: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A value's words, or None ("—") when nothing was recorded."""
    return lambda value: words(value) if value not in (None, "") else None


def _result_words(code: Any) -> str:
    return str(CHECK_RESULT_LABELS.get(code, code))


VALUES: Mapping[str, Any] = {
    **{f"{entity}.{name}": blank_as_none for entity, fields in FIELDS.items() for name in fields},
    "check_round.market_id": _maybe(market_named),
    "check_round.street_id": _maybe(street_named),
    "sign_check.round_id": _round_named,
    "sign_check.stall_id": _maybe(_stall_named),
    "sign_check.vendor_id": _maybe(vendor_named),
    "sign_check.other_vendor_id": _maybe(vendor_named),
    "sign_check.found_bank_bin": _maybe(bank_named),
    "sign_check.result": _result_words,
}

CHECKS_AUDIT = AuditLabels(
    entities={"check_round": _l("Lượt kiểm tra biển"), "sign_check": _l("Kiểm tra biển mã")},
    fields={
        f"{entity}.{name}": label
        for entity, fields in FIELDS.items()
        for name, label in fields.items()
    },
    values=VALUES,
    subjects={"check_round": _round_subject, "sign_check": _check_subject},
)
