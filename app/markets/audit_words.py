"""What the markets feature's audit entries mean to a person (`MARKETS_AUDIT`): its fields'
labels, its codes in words (kinds, statuses, reasons), markets, streets, vendors, stalls,
criteria, banks, localities and people by name instead of ids, and a subject naming the market,
street or vendor an entry is about.

Every field label is given for its entity ("vendor.goods"), so the words of other features'
fields of the same name stay theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.services import user_named
from app.audit_log import recorded_row
from app.codes import services as codes
from app.feature import AuditLabels
from app.localities.services import locality_named
from app.markets.messages import (
    MARKET_KIND_LABELS,
    REASON_LABELS,
    REGISTRATION_LABELS,
    SERVICE_LABELS,
    STATUS_LABELS,
)
from app.markets.models import (
    CashlessStreet,
    Market,
    RecognitionCriterion,
    Stall,
    Vendor,
)

Snapshot = Mapping[str, Any] | None

ENTITIES: Mapping[str, Any] = {
    "market": _l("Chợ"),
    "stall": _l("Sạp"),
    "cashless_street": _l("Tuyến phố không dùng tiền mặt"),
    "vendor": _l("Tiểu thương"),
    "vendor_account": _l("Tài khoản nhận tiền"),
    "participation_step": _l("Bước tham gia"),
    "recognition_criterion": _l("Tiêu chí Chợ 4.0"),
    "market_recognition": _l("Công nhận Chợ 4.0"),
}

#: The label of every field the services record, per entity.
FIELDS: Mapping[str, Mapping[str, Any]] = {
    "market": {
        "name": _l("Tên chợ"),
        "locality_id": _l("Địa bàn"),
        "kind": _l("Loại chợ"),
        "address": _l("Địa chỉ"),
        "board_contact_name": _l("Ban quản lý chợ: người liên hệ"),
        "board_contact_phone": _l("Ban quản lý chợ: điện thoại"),
    },
    "stall": {
        "market_id": _l("Chợ"),
        "number": _l("Số sạp"),
        "section": _l("Khu / dãy"),
        "goods": _l("Ngành hàng"),
        "vendor_id": _l("Tiểu thương đứng tên"),
    },
    "cashless_street": {
        "name": _l("Tên tuyến phố"),
        "locality_id": _l("Địa bàn"),
        "launched_on": _l("Ngày ra mắt"),
    },
    "vendor": {
        "name": _l("Họ tên / tên cửa hàng"),
        "phone": _l("Điện thoại"),
        "goods": _l("Mặt hàng"),
        "locality_id": _l("Địa bàn"),
        "market_id": _l("Chợ"),
        "street_id": _l("Tuyến phố"),
        "stall_ids": _l("Sạp"),
        "house_number": _l("Số nhà"),
        "business_kind": _l("Loại hình kinh doanh"),
        "sign_code": _l("Mã biển"),
        "code_in_purpose": _l("Mã biển trong nội dung chuyển khoản"),
        "registration": _l("Đăng ký"),
        "user_id": _l("Tài khoản đăng nhập của tiểu thương"),
        "rejection_reason": _l("Lý do từ chối"),
    },
    "vendor_account": {
        "vendor_id": _l("Tiểu thương"),
        "bank_bin": _l("Ngân hàng"),
        "service": _l("Loại"),
        "number": _l("Số tài khoản / số thẻ"),
        "holder_name": _l("Tên chủ tài khoản"),
        "is_primary": _l("Tài khoản chính"),
    },
    "participation_step": {
        "vendor_id": _l("Tiểu thương"),
        "status": _l("Trạng thái"),
        "reason": _l("Lý do"),
        "note": _l("Ghi chú"),
        "effective_on": _l("Ngày"),
        "recorded_by_label": _l("Người ghi"),
    },
    "recognition_criterion": {
        "name": _l("Tiêu chí"),
        "description": _l("Mô tả"),
        "active": _l("Đang dùng"),
    },
    "market_recognition": {
        "market_id": _l("Chợ"),
        "decision_number": _l("Số quyết định"),
        "decided_on": _l("Ngày quyết định"),
        "issued_by": _l("Cơ quan ban hành"),
        "criterion_ids": _l("Tiêu chí đạt"),
    },
}


def _gone(value: Any) -> str:
    return str(_("Không còn trong dữ liệu (số %(id)s)", id=value))


def market_named(market_id: Any) -> str:
    """A market recorded by id, by its name."""
    market = recorded_row(Market, market_id)
    return market.name if market is not None else _gone(market_id)


def street_named(street_id: Any) -> str:
    """A cashless street recorded by id, by its name."""
    street = recorded_row(CashlessStreet, street_id)
    return street.name if street is not None else _gone(street_id)


def vendor_named(vendor_id: Any) -> str:
    """A vendor recorded by id, by their name."""
    vendor = recorded_row(Vendor, vendor_id)
    return vendor.name if vendor is not None else _gone(vendor_id)


def _stall_words(stall: Stall) -> str:
    if stall.number:
        return str(_("Sạp %(number)s", number=stall.number))
    return str(_("Sạp không số"))


def stalls_named(stall_ids: Any) -> Any:
    """Stalls recorded by id, by their numbers ("Sạp 1, Sạp 2")."""
    if not isinstance(stall_ids, list):
        return stall_ids
    found = []
    for stall_id in stall_ids:
        stall = recorded_row(Stall, stall_id)
        found.append(_stall_words(stall) if stall is not None else _gone(stall_id))
    return found or None


def criteria_named(criterion_ids: Any) -> Any:
    """Chợ 4.0 criteria recorded by id, by their names."""
    if not isinstance(criterion_ids, list):
        return criterion_ids
    found = []
    for criterion_id in criterion_ids:
        criterion = recorded_row(RecognitionCriterion, criterion_id)
        found.append(criterion.name if criterion is not None else _gone(criterion_id))
    return found or None


def bank_named(bank_bin: Any) -> str:
    """A bank recorded by BIN: its short name and BIN (the BIN alone when it is unknown)."""
    bank = codes.bank_directory().by_bin(str(bank_bin))
    return f"{bank.short_name} ({bank.bin})" if bank is not None else str(bank_bin)


def blank_as_none(value: Any) -> Any:
    """A text left empty shows as "—", like a value that was never there."""
    return None if value == "" else value


def _words(labels: Mapping[str, Any]) -> Callable[[Any], str]:
    return lambda code: str(labels.get(code, code))


def _named_in(name: str | None, place: str | None) -> str | None:
    """ "Cô Đào · Chợ An Bình" (either part alone when the other is missing)."""
    return " · ".join(part for part in (name, place) if part) or None


def _vendor_with_place(vendor_id: Any) -> str | None:
    vendor = recorded_row(Vendor, vendor_id)
    if vendor is None:
        return None
    place = vendor.market or vendor.street
    return _named_in(vendor.name, place.name if place is not None else None)


def _named_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    """A market, street or criterion by its recorded name."""
    snapshot = after or before or {}
    return str(snapshot["name"]) if snapshot.get("name") else None


def _stall_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    """ "Sạp 2 · Chợ An Bình"."""
    snapshot = after or before or {}
    number = snapshot.get("number")
    stall = str(_("Sạp %(number)s", number=number)) if number else str(_("Sạp không số"))
    market = market_named(snapshot["market_id"]) if snapshot.get("market_id") else None
    return _named_in(stall, market)


def _vendor_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    """ "Cô Đào · Chợ An Bình" (the market or street as recorded)."""
    snapshot = after or before or {}
    if snapshot.get("market_id"):
        place: str | None = market_named(snapshot["market_id"])
    elif snapshot.get("street_id"):
        place = street_named(snapshot["street_id"])
    else:
        place = None
    name = str(snapshot["name"]) if snapshot.get("name") else None
    return _named_in(name, place)


def _account_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    """ "Cô Đào · Vietcombank (970436) 0123456789"."""
    snapshot = after or before or {}
    account = " ".join(
        part
        for part in (
            bank_named(snapshot["bank_bin"]) if snapshot.get("bank_bin") else None,
            str(snapshot["number"]) if snapshot.get("number") else None,
        )
        if part
    )
    vendor = recorded_row(Vendor, snapshot.get("vendor_id"))
    return _named_in(vendor.name if vendor is not None else None, account or None)


def _step_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    """The vendor the step is about, with their market or street."""
    snapshot = after or before or {}
    return _vendor_with_place(snapshot.get("vendor_id"))


def _recognition_subject(entity_id: str, before: Snapshot, after: Snapshot) -> str | None:
    """ "QĐ 12/QĐ-UBND · Chợ An Bình"."""
    snapshot = after or before or {}
    number = snapshot.get("decision_number")
    decision = str(_("QĐ %(number)s", number=number)) if number else None
    market = market_named(snapshot["market_id"]) if snapshot.get("market_id") else None
    return _named_in(decision, market)


def _per_entity(values: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """{"vendor": {"goods": x}} → {"vendor.goods": x}: words for one entity's field only."""
    return {
        f"{entity}.{name}": value
        for entity, fields in values.items()
        for name, value in fields.items()
    }


#: How recorded values read, per entity and field (a field not named here: empty text as "—").
VALUES: Mapping[str, Callable[[Any], Any]] = {
    **{key: blank_as_none for key in _per_entity(FIELDS)},
    **_per_entity(
        {
            "market": {"locality_id": locality_named, "kind": _words(MARKET_KIND_LABELS)},
            "stall": {"market_id": market_named, "vendor_id": vendor_named},
            "cashless_street": {"locality_id": locality_named},
            "vendor": {
                "locality_id": locality_named,
                "market_id": market_named,
                "street_id": street_named,
                "stall_ids": stalls_named,
                "registration": _words(REGISTRATION_LABELS),
                "user_id": user_named,
            },
            "vendor_account": {
                "vendor_id": vendor_named,
                "bank_bin": bank_named,
                "service": _words(SERVICE_LABELS),
            },
            "participation_step": {
                "vendor_id": vendor_named,
                "status": _words(STATUS_LABELS),
                "reason": _words(REASON_LABELS),
            },
            "market_recognition": {"market_id": market_named, "criterion_ids": criteria_named},
        }
    ),
}


MARKETS_AUDIT = AuditLabels(
    entities=ENTITIES,
    actions={"delete": _l("Xoá"), "approve": _l("Duyệt"), "reject": _l("Từ chối")},
    actors={"self-registration": _l("Tự đăng ký")},
    fields=_per_entity(FIELDS),
    values=VALUES,
    subjects={
        "market": _named_subject,
        "stall": _stall_subject,
        "cashless_street": _named_subject,
        "vendor": _vendor_subject,
        "vendor_account": _account_subject,
        "participation_step": _step_subject,
        "recognition_criterion": _named_subject,
        "market_recognition": _recognition_subject,
    },
)
