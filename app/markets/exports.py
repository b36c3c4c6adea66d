"""A market's or a street's vendor list as a file (CSV or XLSX) people open in Excel.

The columns are the import's (`app.markets.vendor_files`), with Vietnamese headers, so that an
exported list, edited, imports into another place as it is; then the status as of today and the
sign code. Every text cell is written through the kernel's guarded writers
(`app.spreadsheets`): a name such as "=HYPERLINK(…)" stays inert text in Excel.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import force_locale

from app.codes import services as codes
from app.markets import services
from app.markets.imports import Place, place_kind, reason_labels_vi
from app.markets.messages import NO_STATUS_LABEL, REASON_LABELS, STATUS_LABELS
from app.markets.models import CashlessStreet, Market
from app.markets.vendor_files import (
    EXPORT_EXTRA,
    FILENAMES,
    NO,
    PLACE_COLUMNS,
    WIDTHS,
    YES,
    csv_template,
    header,
    xlsx_template,
)
from app.spreadsheets import FORMATS, Sheet, write_csv, write_xlsx
from app.vietqr.text import fold

#: Statuses in which a vendor is not taking part (the "taking part" column says "không").
NOT_TAKING_PART = ("stopped", "not_taking_part")


def _bank_names() -> dict[str, str]:
    return {bank.bin: bank.short_name for bank in codes.list_banks(None).banks}


def rows(user: Any, place: Place, as_of: date) -> tuple[list[str], list[list[str]]]:
    """The header and one row per vendor of the place (by name), as of `as_of`."""
    services.require_view(user, place.locality)
    kind = place_kind(place)
    statuses = services.statuses_as_of(
        as_of,
        market=place if isinstance(place, Market) else None,
        street=place if isinstance(place, CashlessStreet) else None,
        with_stalls=True,
    )
    banks = _bank_names()
    body: list[list[str]] = []
    with force_locale("vi"):  # the file is a Vietnamese document, as its headers are
        for item in statuses:
            vendor = item.vendor
            account = vendor.primary_account
            stopped = item.status in NOT_TAKING_PART
            values = {
                "name": vendor.name,
                "phone": vendor.phone,
                "goods": vendor.goods,
                "stall": ", ".join(s.number for s in vendor.stalls if s.number),
                "section": ", ".join(dict.fromkeys(s.section for s in vendor.stalls if s.section)),
                "house_number": vendor.house_number,
                "business_kind": vendor.business_kind,
                "bank": banks.get(account.bank_bin, account.bank_bin) if account else "",
                "account": account.number if account else "",
                "holder_name": account.holder_name if account else "",
                "taking_part": (NO if stopped else YES) if item.status else "",
                "reason": str(REASON_LABELS[item.reason]) if stopped and item.reason else "",
                "note": item.step.note if item.step else "",
            }
            status = str(STATUS_LABELS[item.status]) if item.status else str(NO_STATUS_LABEL)
            body.append([values[key] for key in PLACE_COLUMNS[kind]] + [status, vendor.sign_code])
    return [*header(kind), *EXPORT_EXTRA], body


def filename(place: Place, fmt: str, as_of: date) -> str:
    """An ASCII file name: "danh-sach-cho-ben-thanh-2026-12-01.xlsx"."""
    slug = "-".join(fold(place.name).split())[:60] or str(place.id)
    slug = "".join(char for char in slug if char.isalnum() or char == "-")
    prefix = "danh-sach-cho" if place_kind(place) == "market" else "danh-sach-tuyen-pho"
    return f"{prefix}-{slug}-{as_of.isoformat()}.{fmt}"


def export(user: Any, place: Place, fmt: str) -> tuple[bytes, dict[str, str]]:
    """The place's list as `fmt` ("csv" or "xlsx") and the headers of its download."""
    as_of = services.today()
    head, body = rows(user, place, as_of)
    if fmt == "csv":
        data = write_csv(head, body)
    else:
        widths = [WIDTHS[key] for key in PLACE_COLUMNS[place_kind(place)]] + [22, 12]
        data = write_xlsx([Sheet("Danh sách", head, body, widths)])
    return data, {
        "Content-Type": FORMATS[fmt],
        "Content-Disposition": f'attachment; filename="{filename(place, fmt, as_of)}"',
    }


def template(place: str, fmt: str) -> tuple[bytes, dict[str, str]]:
    """The blank list of a market ("market") or a street ("street") as `fmt`, with an example
    row, and the headers of its download."""
    if fmt == "csv":
        data = csv_template(place)
    else:
        data = xlsx_template(place, tuple(reason_labels_vi()))
    return data, {
        "Content-Type": FORMATS[fmt],
        "Content-Disposition": f'attachment; filename="{FILENAMES[place]}.{fmt}"',
    }
