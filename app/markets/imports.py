"""Importing a market's or a street's roster from a CSV/XLSX file: preview, then all or nothing.

The file is read by the kernel's spreadsheet reader with the vendor list's columns
(`app.markets.vendor_files`); each row becomes a `VendorDraft`, checked here against the other
rows and the place's existing vendors (same phone, same bank account, same stall: duplicates are
row errors) and through the codes feature (the bank by name, short name or BIN; the account by
the VietQR core). A preview writes nothing. An import checks every row again and writes them all
in one transaction through the feature's own services (`add_stall`, `create_vendor`,
`add_account`, `record_step`), each audited as a single creation is; one bad row and nothing is
written (`VendorRowsError` lists the bad rows). An officer imports only into a place they manage.

Every vendor of the roster is taking part ("enrolled") or not ("not_taking_part", with a reason).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import User
from app.codes import services as codes
from app.errors import DomainError
from app.extensions import db
from app.file_imports import FilePreview, RowDraft, RowsError, file_error
from app.markets import services
from app.markets.messages import REASON_LABELS
from app.markets.models import REASONS, CashlessStreet, Market, Stall, Vendor, VendorAccount
from app.markets.vendor_files import KEYS, NO_WORDS, SPEC, YES_WORDS, PlaceKind
from app.spreadsheets import (
    MAX_ROWS,
    SheetFileError,
    TableRow,
    check_limits,
    formula_start,
    read_table,
)
from app.transaction import transaction
from app.vietqr.text import fold

type Place = Market | CashlessStreet

#: The longest value each column may hold (the columns of the rows written).
MAX_LENGTHS = {
    "name": 200,
    "phone": 20,
    "goods": 200,
    "stall": 20,
    "section": 100,
    "house_number": 50,
    "business_kind": 200,
    "account": 30,
    "holder_name": 50,
    "note": 300,
}
#: Only a market's vendors hold stalls; only a street's have a house number and kind.
ONLY_FOR = {
    "stall": "market",
    "section": "market",
    "house_number": "street",
    "business_kind": "street",
}
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_STALL_SEPARATORS = re.compile(r"[,;]")


def place_kind(place: Place) -> PlaceKind:
    return "market" if isinstance(place, Market) else "street"


@dataclass
class VendorDraft(RowDraft):
    """One row of a roster as given (`given`, by column key) and as it will be written, with its
    `problems`."""

    given: dict[str, str]
    #: Each value's cell in the file ("C4"), when it came from a file.
    cells: dict[str, str] = field(default_factory=dict)
    phone: str = ""
    stalls: list[str] = field(default_factory=list)
    bank_bin: str | None = None
    bank_name: str = ""
    account: str = ""
    taking_part: bool | None = None
    reason: str | None = None

    def posted(self) -> dict[str, Any]:
        """The row as given, as `drafts_from_rows` reads it back (a confirmed preview)."""
        return {"line": self.line, **self.given}


class VendorPreview(FilePreview[VendorDraft]):
    """Every row of a roster with its problems; nothing is written."""


class VendorRowsError(RowsError[VendorDraft]):
    """A roster with row errors: nothing was written (`drafts` holds every row)."""

    def __init__(self, drafts: list[VendorDraft]) -> None:
        super().__init__("markets.rows_with_errors", drafts)


# ---- reading ------------------------------------------------------------------------------


def _unguarded(value: str) -> str:
    """A cell as our export wrote it: "'=…" (the CSV formula guard) reads back as "=…"."""
    if value.startswith("'") and formula_start(value[1:]):
        return value[1:]
    return value


def _draft(line: int, values: Mapping[str, object]) -> VendorDraft:
    return VendorDraft(line, {key: _unguarded(_as_text(values.get(key))) for key in KEYS})


def read_drafts(filename: str, data: bytes) -> list[VendorDraft]:
    """The rows of an uploaded CSV/XLSX as drafts; a DomainError on "file" when unreadable."""
    try:
        rows = read_table(filename, data, SPEC)
    except SheetFileError as error:
        raise file_error("markets", error) from error
    drafts = [_draft(row.line, row.values) for row in rows]
    for draft, row in zip(drafts, rows, strict=True):
        draft.cells = {key: ref for key in KEYS if (ref := row.cell(key))}
    return drafts


def drafts_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[VendorDraft]:
    """Drafts from plain rows ({"line", "name", "phone", …}), e.g. a confirmed preview; the
    same limits as a file's apply (a DomainError on "file" beyond them)."""
    drafts: list[VendorDraft] = []
    for index, row in enumerate(rows, start=1):
        line = row.get("line")
        number = line if isinstance(line, int) and 0 < line < 2**31 else index
        drafts.append(_draft(number, row))
        if len(drafts) > MAX_ROWS:
            break  # enough to refuse: the rest is not looked at
    _check_limits(drafts)
    return drafts


def _check_limits(drafts: list[VendorDraft]) -> None:
    try:
        check_limits([TableRow(draft.line, draft.given) for draft in drafts], MAX_ROWS)
    except SheetFileError as error:
        raise file_error("markets", error) from error


def _as_text(value: object) -> str:
    """A posted value as text: strings and numbers only, anything else is empty."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


# ---- checking -----------------------------------------------------------------------------


def _reason_words() -> dict[str, str]:
    """Each reason by its key and its label (Vietnamese, and the reader's language), folded."""
    words = {fold(key): key for key in REASONS}
    for key, label in REASON_LABELS.items():
        words.setdefault(fold(str(label)), key)
    with force_locale("vi"):
        for key, label in REASON_LABELS.items():
            words.setdefault(fold(str(label)), key)
    return words


def reason_labels_vi() -> list[str]:
    """The reasons as a Vietnamese file names them."""
    with force_locale("vi"):
        return [str(REASON_LABELS[key]) for key in REASONS]


def _phone(value: str) -> str | None:
    """A phone number without separators; a nine-digit number gets back the leading zero a
    spreadsheet took away (0912… typed as a number). None when it is not a phone number."""
    phone = _PHONE_SEPARATORS.sub("", value)
    if phone.isdigit() and len(phone) == 9:
        phone = "0" + phone
    return phone if _PHONE.match(phone) else None


@dataclass
class _Taken:
    """What the place already has: phones, accounts and held stalls, each with its vendor."""

    phones: dict[str, str]
    accounts: dict[tuple[str, str], str]
    stalls: dict[str, Stall]


def _taken(place: Place) -> _Taken:
    where = (
        Vendor.market_id == place.id if isinstance(place, Market) else Vendor.street_id == place.id
    )
    phones = {  # as the file's are compared: "0912 345 678" typed on a form is 0912345678
        _phone(phone) or phone: name
        for phone, name in db.session.execute(
            select(Vendor.phone, Vendor.name).where(where, Vendor.phone != "")
        )
    }
    accounts = {
        (bank_bin, number): name
        for bank_bin, number, name in db.session.execute(
            select(VendorAccount.bank_bin, VendorAccount.number, Vendor.name)
            .join(Vendor, Vendor.id == VendorAccount.vendor_id)
            .where(where)
        )
    }
    stalls: dict[str, Stall] = {}
    if isinstance(place, Market):
        found = db.session.scalars(
            select(Stall).where(Stall.market_id == place.id, Stall.number.is_not(None))
        )
        stalls = {stall.number: stall for stall in found if stall.number}
    return _Taken(phones, accounts, stalls)


def check_drafts(place: Place, drafts: list[VendorDraft]) -> list[VendorDraft]:
    """Check every draft against the others and the place's vendors; fills `problems` and the
    values to write (phone, stalls, bank, account, taking part, reason)."""
    kind = place_kind(place)
    taken = _taken(place)
    reasons = _reason_words()
    phones_in_file: dict[str, int] = {}
    accounts_in_file: dict[tuple[str, str], int] = {}
    stalls_in_file: dict[str, int] = {}
    for draft in drafts:
        refuse = draft.problems.append
        for key in KEYS:
            value = draft.given[key]
            if value.startswith("="):
                cell = draft.cells.get(key)
                code = "markets.import_formula_cell" if cell else "markets.import_formula"
                refuse(DomainError(code, key, value=value[:20], cell=cell or ""))
            elif len(value) > MAX_LENGTHS.get(key, 1000):
                refuse(
                    DomainError(
                        "markets.import_too_long", key, length=len(value), most=MAX_LENGTHS[key]
                    )
                )
            elif value and ONLY_FOR.get(key, kind) != kind:
                code = (
                    "markets.import_market_only"
                    if kind == "street"
                    else "markets.import_street_only"
                )
                refuse(DomainError(code, key))
        if draft.problems:
            continue
        if not " ".join(draft.given["name"].split()):
            refuse(DomainError("markets.required", "name"))
        _check_phone(draft, taken, phones_in_file)
        _check_stalls(draft, taken, stalls_in_file)
        _check_account(draft, taken, accounts_in_file)
        _check_taking_part(draft, reasons)
    return drafts


def _check_phone(draft: VendorDraft, taken: _Taken, in_file: dict[str, int]) -> None:
    if not draft.given["phone"]:
        return
    phone = _phone(draft.given["phone"])
    if phone is None:
        draft.problems.append(
            DomainError("markets.import_phone", "phone", value=draft.given["phone"])
        )
        return
    draft.phone = phone
    if phone in taken.phones:
        draft.problems.append(
            DomainError("markets.import_phone_taken", "phone", name=taken.phones[phone])
        )
    elif phone in in_file:
        draft.problems.append(
            DomainError("markets.import_phone_repeated", "phone", line=in_file[phone])
        )
    else:
        in_file[phone] = draft.line


def _check_stalls(draft: VendorDraft, taken: _Taken, in_file: dict[str, int]) -> None:
    numbers = [n.strip() for n in _STALL_SEPARATORS.split(draft.given["stall"]) if n.strip()]
    for number in dict.fromkeys(numbers):
        stall = taken.stalls.get(number)
        if len(number) > MAX_LENGTHS["stall"]:
            draft.problems.append(
                DomainError(
                    "markets.import_too_long",
                    "stall",
                    length=len(number),
                    most=MAX_LENGTHS["stall"],
                )
            )
        elif stall is not None and stall.vendor is not None:
            draft.problems.append(
                DomainError(
                    "markets.import_stall_taken", "stall", number=number, name=stall.vendor.name
                )
            )
        elif number in in_file:
            draft.problems.append(
                DomainError(
                    "markets.import_stall_repeated", "stall", number=number, line=in_file[number]
                )
            )
        else:
            in_file[number] = draft.line
            draft.stalls.append(number)


def _check_account(draft: VendorDraft, taken: _Taken, in_file: dict[tuple[str, str], int]) -> None:
    bank, number, holder = draft.given["bank"], draft.given["account"], draft.given["holder_name"]
    if not (bank or number or holder):
        return
    if not bank:
        draft.problems.append(DomainError("markets.import_bank_missing", "bank"))
        return
    if not number:
        draft.problems.append(DomainError("markets.required", "account"))
        return
    try:
        made = codes.make_code(
            codes.CodeRequest(bank=bank, account=number, account_name=holder or None)
        )
    except DomainError as error:
        fields = {"bank": "bank", "account": "account", "account_name": "holder_name"}
        if error.field == "bank":
            draft.problems.append(DomainError("markets.import_bank_unknown", "bank", value=bank))
        else:
            error.field = fields.get(error.field or "", "account")
            draft.problems.append(error)
        return
    key = (made.bank.bin, made.code.account)
    draft.bank_bin, draft.bank_name, draft.account = made.bank.bin, made.bank.short_name, key[1]
    if key in taken.accounts:
        draft.problems.append(
            DomainError("markets.import_account_taken", "account", name=taken.accounts[key])
        )
    elif key in in_file:
        draft.problems.append(
            DomainError("markets.import_account_repeated", "account", line=in_file[key])
        )
    else:
        in_file[key] = draft.line


def _check_taking_part(draft: VendorDraft, reasons: dict[str, str]) -> None:
    answer = fold(draft.given["taking_part"])
    reason_text = draft.given["reason"]
    if not answer:
        draft.problems.append(DomainError("markets.import_taking_part_missing", "taking_part"))
        return
    if answer in YES_WORDS:
        draft.taking_part = True
        if reason_text:
            draft.problems.append(DomainError("markets.reason_unexpected", "reason"))
        return
    if answer not in NO_WORDS:
        draft.problems.append(
            DomainError(
                "markets.import_taking_part_invalid",
                "taking_part",
                value=draft.given["taking_part"],
            )
        )
        return
    draft.taking_part = False
    if not reason_text:
        draft.problems.append(DomainError("markets.reason_missing", "reason"))
        return
    reason = reasons.get(fold(reason_text))
    if reason is None:
        allowed = "; ".join(reason_labels_vi())
        draft.problems.append(
            DomainError(
                "markets.import_reason_invalid", "reason", value=reason_text, allowed=allowed
            )
        )
    draft.reason = reason


# ---- preview and import -------------------------------------------------------------------


def preview_file(user: User | Any, place: Place, filename: str, data: bytes) -> VendorPreview:
    """Every row of the file with its problems; writes nothing."""
    services.require_manage(user, place.locality)
    return VendorPreview(check_drafts(place, read_drafts(filename, data)))


def import_file(user: User | Any, place: Place, filename: str, data: bytes) -> list[Vendor]:
    """Add every vendor of the file, or none (VendorRowsError lists the bad rows)."""
    services.require_manage(user, place.locality)
    return import_drafts(user, place, read_drafts(filename, data))


def import_drafts(user: User | Any, place: Place, drafts: list[VendorDraft]) -> list[Vendor]:
    """Add the vendors of checked-again drafts all-or-nothing, through the feature's services
    (stalls the file names that the market lacks are added first)."""
    services.require_manage(user, place.locality)
    if not drafts:
        raise DomainError("markets.import_no_rows", "file")
    _check_limits(drafts)
    check_drafts(place, drafts)
    if not all(draft.ok for draft in drafts):
        raise VendorRowsError(drafts)
    created: list[Vendor] = []
    with transaction():
        stalls = _taken(place).stalls
        for draft in drafts:
            created.append(_write(user, place, draft, stalls))
    return created


def _write(user: User | Any, place: Place, draft: VendorDraft, stalls: dict[str, Stall]) -> Vendor:
    data: dict[str, Any] = {
        "name": " ".join(draft.given["name"].split()),
        "phone": draft.phone,
        "goods": draft.given["goods"],
    }
    if isinstance(place, Market):
        for number in draft.stalls:
            if number not in stalls:
                stalls[number] = services.add_stall(
                    user,
                    place,
                    {
                        "number": number,
                        "section": draft.given["section"],
                        "goods": draft.given["goods"],
                    },
                )
        data |= {"market_id": place.id, "stall_ids": [stalls[n].id for n in draft.stalls]}
    else:
        data |= {
            "street_id": place.id,
            "house_number": draft.given["house_number"],
            "business_kind": draft.given["business_kind"],
        }
    vendor = services.create_vendor(user, data)
    if draft.bank_bin is not None:
        services.add_account(
            user,
            vendor,
            {
                "bank": draft.bank_bin,
                "number": draft.account,
                "holder_name": draft.given["holder_name"],
            },
        )
    status = "enrolled" if draft.taking_part else "not_taking_part"
    services.record_step(
        user, vendor, {"status": status, "reason": draft.reason, "note": draft.given["note"]}
    )
    return vendor
