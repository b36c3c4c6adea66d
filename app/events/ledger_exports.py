"""A ledger as a file (CSV or XLSX), laid out as families keep their sổ mừng: STT, Họ tên,
Quan hệ, Số tiền, Hình thức, Ghi chú, then Đơn vị, Mời bởi, Ngày nhận, Đã cảm ơn (and Bên when
the file holds several sides), with total rows per unit at the bottom.

Gold and foreign money stay in their units (the number in "Số tiền", the unit beside it): never
converted. Every text cell goes through the kernel's guarded writers (`app.spreadsheets`), so a
name such as "=HYPERLINK(…)" stays inert text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

from flask_babel import force_locale

from app.events import ledger
from app.events.gifts import UNIT_LABELS, add_up
from app.events.hosting import readable_ledger
from app.events.ledger_messages import METHOD_LABELS
from app.events.models import EventSide, LedgerEntry
from app.formatting import format_day
from app.spreadsheets import FORMATS, Sheet, write_csv, write_xlsx
from app.vietqr.text import fold

HEADER: Final = (
    "STT",
    "Họ tên",
    "Quan hệ",
    "Số tiền",
    "Hình thức",
    "Ghi chú",
    "Đơn vị",
    "Mời bởi",
    "Ngày nhận",
    "Đã cảm ơn",
)
SIDE_HEADER: Final = "Bên"
WIDTHS: Final = (6, 30, 18, 14, 14, 36, 12, 16, 12, 10, 14)
TOTAL_LABEL: Final = "Tổng cộng"
ESTIMATE_LABEL: Final = "Giá trị quy đổi (ước tính), đồng"


def _number(quantity: Decimal | None) -> int | Decimal | None:
    if quantity is None:
        return None
    return int(quantity) if quantity == quantity.to_integral() else quantity.normalize()


def _unit(unit: str, currency: str) -> str:
    return currency if unit == "foreign" else str(UNIT_LABELS[unit])


def _name(entry: LedgerEntry) -> str:
    if entry.giver_kind == "unnamed":
        return "(không ghi tên)"
    if entry.giver_kind == "on_behalf":
        return f"{entry.giver_name} (gửi hộ {entry.on_behalf_of})"
    return entry.giver_name


def _note(entry: LedgerEntry) -> str:
    return " — ".join(part for part in (entry.description, entry.message) if part)


def rows(entries: Sequence[LedgerEntry], with_side: bool) -> list[list[Any]]:
    """One row per entry, numbered, then a blank row and the total rows per unit."""
    body: list[list[Any]] = []
    with force_locale("vi"):  # the file is a Vietnamese document, as its headers are
        for number, entry in enumerate(entries, start=1):
            row: list[Any] = [
                number,
                _name(entry),
                entry.relation,
                _number(entry.quantity),
                str(METHOD_LABELS[entry.method]),
                _note(entry),
                _unit(entry.unit, entry.currency),
                entry.owner,
                format_day(entry.received_at),
                "x" if entry.thanked_at else "",
            ]
            body.append([*row, entry.side.name] if with_side else row)
        totals = add_up(entries)
        if totals:
            body.append([])
        for total in totals:
            label = f"{TOTAL_LABEL} ({total.count} mục)"
            quantity = None if total.unit == "in_kind" else _number(total.quantity)
            body.append(["", label, "", quantity, "", "", _unit(total.unit, total.currency)])
        estimate = sum(e.value_vnd or 0 for e in entries if e.unit != "dong")
        if estimate:
            body.append(["", ESTIMATE_LABEL, "", estimate, "", "", str(UNIT_LABELS["dong"])])
    return body


def _sides(user: Any, event_id: int, side_id: int | None) -> list[EventSide]:
    if side_id is not None:
        return [readable_ledger(user, event_id, side_id)]
    return ledger.readable_sides(user, ledger.hosted_event(user, event_id))


def filename(sides: Sequence[EventSide], fmt: str, today: date) -> str:
    """An ASCII file name: "so-mung-nha-gai-2026-12-01.xlsx" ("so-mung-…" for every side)."""
    slug = "-".join(fold(sides[0].name).split()) if len(sides) == 1 else "tat-ca"
    slug = "".join(char for char in slug if char.isalnum() or char == "-")[:40]
    return f"so-mung-{slug or 'ben'}-{today.isoformat()}.{fmt}"


def export(user: Any, event_id: int, side_id: int | None, fmt: str) -> tuple[bytes, dict[str, str]]:
    """The ledger of one side (or of every side `user` reads, with a Bên column) as `fmt`
    ("csv" or "xlsx") and the headers of its download."""
    sides = _sides(user, event_id, side_id)
    event = sides[0].event if sides else ledger.hosted_event(user, event_id)
    entries = ledger.all_entries(user, event, sides)
    with_side = side_id is None
    header = [*HEADER, SIDE_HEADER] if with_side else list(HEADER)
    body = rows(entries, with_side)
    if fmt == "csv":
        data = write_csv(header, body)
    else:
        data = write_xlsx([Sheet("Sổ mừng", header, body, WIDTHS[: len(header)])])
    name = filename(sides, fmt, date.today()) if sides else f"so-mung.{fmt}"
    return data, {
        "Content-Type": FORMATS[fmt],
        "Content-Disposition": f'attachment; filename="{name}"',
    }
