"""Importing an old paper sổ mừng (a ledger kept by hand, typed into Excel): preview, then all
or nothing, through the one import machinery (`app.file_imports`, `app.spreadsheets`).

The host names the past event (kind, title, day — in the past —, locality); the file has one
gift a row: Họ tên, Quan hệ, Số tiền (đồng) or Số lượng with Đơn vị ("đ", "chỉ", "cây", "USD",
…, "hiện vật"), Hình thức, Ghi chú, Điện thoại. Every gift goes through `clean_gift`. Writing
creates the event (one side, the host its owner, archived: it is over), its ledger entries
(entered by hand) and the host's contacts: a row is matched to an existing contact by phone,
else by the exact name, else a new contact is made (rows of the same person share it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cache
from typing import Any, Final

from babel.numbers import list_currencies
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit_log import record_change
from app.database import utcnow
from app.errors import DomainError
from app.events import contacts
from app.events.contact_messages import PAST_EVENT_KIND_LABELS
from app.events.gifts import clean_gift, gift_text
from app.events.models import (
    EVENT_KINDS,
    Ceremony,
    Contact,
    EventHost,
    EventSide,
    GiftEvent,
    LedgerEntry,
)
from app.extensions import db
from app.file_imports import FilePreview, RowDraft, RowsError, file_error
from app.localities import services as localities
from app.localities.models import Locality
from app.localities.tree import get_by_code, get_locality
from app.matching import new_code
from app.spreadsheets import (
    MAX_ROWS,
    Column,
    Sheet,
    SheetFileError,
    TableRow,
    TableSpec,
    check_limits,
    formula_start,
    read_table,
    write_csv,
    write_xlsx,
)
from app.transaction import transaction
from app.vietqr.text import fold

COLUMNS: Final = (
    Column("name", "họ tên (name)", ("họ tên", "họ và tên", "tên", "người mừng"), required=True),
    Column("relation", "quan hệ (relation)", ("quan hệ",)),
    Column("amount", "số tiền (amount)", ("số tiền", "tiền mừng", "tiền")),
    Column("quantity", "số lượng (quantity)", ("số lượng",)),
    Column("unit", "đơn vị (unit)", ("đơn vị",)),
    Column("method", "hình thức (method)", ("hình thức",)),
    Column("note", "ghi chú (note)", ("ghi chú",)),
    Column("phone", "điện thoại (phone)", ("điện thoại", "số điện thoại", "sđt")),
)
SPEC: Final = TableSpec(COLUMNS)
KEYS: Final = SPEC.keys
HEADERS: Final = {
    "name": "Họ tên",
    "relation": "Quan hệ",
    "amount": "Số tiền",
    "quantity": "Số lượng",
    "unit": "Đơn vị",
    "method": "Hình thức",
    "note": "Ghi chú",
    "phone": "Điện thoại",
}
MAX_LENGTHS: Final = {"name": 200, "relation": 100, "note": 1000, "phone": 30}
EXAMPLES: Final = (
    {"name": "Anh Trần Văn Nam", "relation": "Bạn chú rể", "amount": "500.000"},
    {"name": "Gia đình cô Ba", "relation": "Họ hàng", "quantity": "1", "unit": "chỉ"},
    {"name": "Chị Lan", "quantity": "50", "unit": "USD", "method": "Phong bì"},
    {"name": "Bác Tư", "unit": "hiện vật", "note": "Bộ ấm chén Bát Tràng"},
)
TITLE_MAX: Final = 200

#: Units as people write them (folded) → (unit, currency).
UNIT_WORDS: Final = {
    "d": ("dong", ""),
    "dong": ("dong", ""),
    "vnd": ("dong", ""),
    "chi": ("gold_chi", ""),
    "chi vang": ("gold_chi", ""),
    "cay": ("gold_cay", ""),
    "cay vang": ("gold_cay", ""),
    "luong": ("gold_cay", ""),
    "hien vat": ("in_kind", ""),
    "qua": ("in_kind", ""),
    "mon": ("in_kind", ""),
}
METHOD_WORDS: Final = {
    "chuyen khoan": "transfer",
    "ck": "transfer",
    "phong bi": "envelope",
    "phong bao": "envelope",
    "tien mat": "cash",
    "vang": "gold",
    "hien vat": "in_kind",
    "qua": "in_kind",
}
_AMOUNT = re.compile(r"^[0-9][0-9., ]*$")
_AMOUNT_WORDS = re.compile(r"(?i)\s*(đồng|đ|vnđ|vnd|dong)\.?\s*$")


@dataclass(frozen=True)
class PastEvent:
    """The past event a ledger belongs to, checked."""

    kind: str
    title: str
    held_on: date
    locality: Locality


@dataclass
class LedgerDraft(RowDraft):
    """One row of an old ledger as given (`given`, by column key) and as it will be written."""

    given: dict[str, str]
    cells: dict[str, str] = field(default_factory=dict)
    gift: dict[str, Any] = field(default_factory=dict)
    method: str = "envelope"
    phone: str = ""
    #: The contact the row goes to: an existing one's id and name, or None for a new one.
    contact_id: int | None = None
    contact_name: str = ""
    matched_by: str = ""

    def posted(self) -> dict[str, Any]:
        """The row as given, as `drafts_from_rows` reads it back (a confirmed preview)."""
        return {"line": self.line, **self.given}

    @property
    def gift_text(self) -> str:
        if not self.gift:
            return ""
        return gift_text(
            self.gift["unit"],
            self.gift["quantity"],
            self.gift["currency"],
            self.gift["description"],
        )


class LedgerPreview(FilePreview[LedgerDraft]):
    """Every row of an old ledger with its problems; nothing is written."""


class LedgerRowsError(RowsError[LedgerDraft]):
    def __init__(self, drafts: list[LedgerDraft]) -> None:
        super().__init__("events.rows_with_errors", drafts)


# ---- the past event -----------------------------------------------------------------------


def find_locality(text: str) -> Locality:
    """The commune or hamlet named by `text`: its 2025 code ("28777") or its name, which must
    name one place (else the refusal lists the candidates with their codes)."""
    text = " ".join((text or "").split())
    if not text:
        raise DomainError("events.required", "locality")
    if text.isdigit():
        found = get_by_code("vn2025", "commune", text)
        if found is None:
            raise DomainError("events.commune_not_found", "locality")
        return found
    hits = localities.search(text, level="commune", era="vn2025", per_page=6).items
    exact = [unit for unit in hits if fold(unit.locality.name) == fold(text)]
    chosen = exact or hits
    if not chosen:
        raise DomainError("events.commune_not_found", "locality")
    if len(chosen) > 1:
        choices = "; ".join(
            ", ".join([unit.locality.name, *(a.name for a in unit.ancestors[:1])])
            + f" ({unit.locality.code})"
            for unit in chosen[:5]
        )
        raise DomainError("events.locality_ambiguous", "locality", choices=choices)
    return chosen[0].locality


def check_event(data: Mapping[str, Any]) -> PastEvent:
    """The past event's fields checked: kind, title, `held_on` (not after today), and the
    locality by `locality_id` or by `locality` (a name or code)."""
    kind = data.get("kind") or ""
    if kind not in EVENT_KINDS:
        raise DomainError("events.kind_invalid", "kind")
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        raise DomainError("events.required", "title")
    if len(title) > TITLE_MAX:
        raise DomainError("events.too_long", "title", limit=TITLE_MAX)
    held_on = data.get("held_on")
    if not isinstance(held_on, date):
        raise DomainError("events.date_invalid", "held_on")
    if held_on > contacts.today():
        raise DomainError("events.past_date_future", "held_on")
    if data.get("locality_id") is not None:
        locality = get_locality(int(data["locality_id"]))
        if locality is None:
            raise DomainError("events.locality_not_found", "locality_id")
        if locality.level not in ("commune", "hamlet"):
            raise DomainError("events.locality_level", "locality_id", name=locality.name)
    else:
        locality = find_locality(str(data.get("locality") or ""))
    return PastEvent(kind, title, held_on, locality)


# ---- reading ------------------------------------------------------------------------------


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _draft(line: int, values: Mapping[str, object]) -> LedgerDraft:
    return LedgerDraft(line, {key: _as_text(values.get(key)) for key in KEYS})


def read_drafts(filename: str, data: bytes) -> list[LedgerDraft]:
    """The rows of an uploaded CSV/XLSX as drafts; a DomainError on "file" when unreadable."""
    try:
        rows = read_table(filename, data, SPEC)
    except SheetFileError as error:
        raise file_error("events", error) from error
    drafts = [_draft(row.line, row.values) for row in rows]
    for draft, row in zip(drafts, rows, strict=True):
        draft.cells = {key: ref for key in KEYS if (ref := row.cell(key))}
    return drafts


def drafts_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[LedgerDraft]:
    """Drafts from plain rows, e.g. a confirmed preview; the same limits as a file's."""
    drafts: list[LedgerDraft] = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise DomainError("events.confirmation_unreadable", "file", status=400)
        line = row.get("line")
        number = line if isinstance(line, int) and 0 < line < 2**31 else index
        drafts.append(_draft(number, row))
        if len(drafts) > MAX_ROWS:
            break
    _check_limits(drafts)
    return drafts


def _check_limits(drafts: list[LedgerDraft]) -> None:
    try:
        check_limits([TableRow(draft.line, draft.given) for draft in drafts], MAX_ROWS)
    except SheetFileError as error:
        raise file_error("events", error) from error


# ---- checking -----------------------------------------------------------------------------


def _amount(text: str) -> Decimal | None:
    """ "500.000", "500,000", "500000 đ", "1.500.000đ" → whole đồng; None when unreadable."""
    text = _AMOUNT_WORDS.sub("", text).strip()
    if not _AMOUNT.match(text):
        return None
    digits = re.sub(r"[., ]", "", text)
    return Decimal(digits) if digits else None


def _quantity(text: str, unit: str) -> str:
    """A quantity as Vietnamese write it ("1,5" chỉ; "1.000.000" đ) as a plain decimal text."""
    text = text.replace(" ", "")
    if unit == "dong":
        return re.sub(r"[.,]", "", text)
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    return text


def _unit(text: str) -> tuple[str, str] | None:
    folded = fold(text)
    if folded in UNIT_WORDS:
        return UNIT_WORDS[folded]
    code = text.strip().upper()
    if len(code) == 3 and code.isalpha() and code in list_currencies() and code != "VND":
        return ("foreign", code)
    return None


def _check_gift(draft: LedgerDraft) -> None:
    given, refuse = draft.given, draft.problems.append
    unit_text, note = given["unit"], given["note"]
    if given["amount"] and (given["quantity"] or unit_text):
        refuse(DomainError("events.import_amount_and_quantity", "amount"))
        return
    data: dict[str, Any]
    if given["amount"]:
        amount = _amount(given["amount"])
        if amount is None:
            refuse(DomainError("events.import_amount", "amount", value=given["amount"][:30]))
            return
        data = {"unit": "dong", "quantity": amount}
    elif unit_text:
        unit = _unit(unit_text)
        if unit is None:
            refuse(DomainError("events.import_unit", "unit", value=unit_text[:30]))
            return
        data = {
            "unit": unit[0],
            "currency": unit[1],
            "quantity": _quantity(given["quantity"], unit[0]) or None,
        }
        if unit[0] == "in_kind":
            data["description"] = note[:300]
    elif given["quantity"]:
        refuse(DomainError("events.import_unit_missing", "unit"))
        return
    else:
        refuse(DomainError("events.import_nothing_given", "amount"))
        return
    try:
        draft.gift = clean_gift(data).as_fields()
    except DomainError as error:
        if error.field == "quantity" and data["unit"] == "dong" and given["amount"]:
            error.field = "amount"
        if error.field == "description":
            error.field = "note"
        draft.problems.append(error)


def _check_method(draft: LedgerDraft) -> None:
    text = draft.given["method"]
    unit = draft.gift.get("unit", "dong")
    if not text:
        draft.method = {"gold_chi": "gold", "gold_cay": "gold", "in_kind": "in_kind"}.get(
            unit, "envelope"
        )
        return
    method = METHOD_WORDS.get(fold(text))
    if method is None:
        draft.problems.append(DomainError("events.import_method", "method", value=text[:30]))
        return
    draft.method = method


def _contacts_index(user: Any) -> tuple[dict[str, Contact], dict[str, Contact]]:
    owned = db.session.scalars(
        select(Contact).where(Contact.owner_id == user.id).order_by(Contact.id)
    )
    by_phone: dict[str, Contact] = {}
    by_name: dict[str, Contact] = {}
    for contact in owned:
        if contact.phone:
            by_phone.setdefault(contact.phone, contact)
        by_name.setdefault(contact.name.casefold(), contact)
    return by_phone, by_name


def check_drafts(user: Any, drafts: list[LedgerDraft]) -> list[LedgerDraft]:
    """Check every draft; fills `problems`, the gift, the method, the phone and the contact
    each row goes to."""
    by_phone, by_name = _contacts_index(user)
    for draft in drafts:
        draft.problems.clear()
        refuse = draft.problems.append
        for key in KEYS:
            value = draft.given[key]
            if formula_start(value) and not (key in ("amount", "quantity") and value[0] == "-"):
                refuse(DomainError("events.import_formula", key, value=value[:20]))
            elif len(value) > MAX_LENGTHS.get(key, 100):
                refuse(DomainError("events.too_long", key, limit=MAX_LENGTHS.get(key, 100)))
        if draft.problems:
            continue
        draft.given["name"] = " ".join(draft.given["name"].split())
        if not draft.given["name"]:
            refuse(DomainError("events.required", "name"))
        if draft.given["phone"]:
            try:
                draft.phone = contacts.contact_phone(draft.given["phone"])
            except DomainError:
                refuse(DomainError("events.import_phone", "phone", value=draft.given["phone"]))
        _check_gift(draft)
        _check_method(draft)
        found = by_phone.get(draft.phone) if draft.phone else None
        draft.matched_by = "phone" if found else ""
        if found is None:
            found = by_name.get(draft.given["name"].casefold())
            draft.matched_by = "name" if found else ""
        draft.contact_id = found.id if found else None
        draft.contact_name = found.name if found else ""
    return drafts


# ---- preview and import -------------------------------------------------------------------


def preview_file(
    user: Any, data: Mapping[str, Any], filename: str, content: bytes
) -> LedgerPreview:
    """Every row of the file with its problems, after the event's fields; writes nothing."""
    contacts.signed_in_id(user)
    check_event(data)
    return LedgerPreview(check_drafts(user, read_drafts(filename, content)))


def import_file(user: Any, data: Mapping[str, Any], filename: str, content: bytes) -> GiftEvent:
    """Write the past event and every row of the file, or nothing."""
    return import_drafts(user, data, read_drafts(filename, content))


def import_drafts(user: Any, data: Mapping[str, Any], drafts: list[LedgerDraft]) -> GiftEvent:
    """The past event with its ledger and contacts, from drafts checked again; all or none."""
    contacts.signed_in_id(user)
    past = check_event(data)
    if not drafts:
        raise DomainError("events.import_no_rows", "file")
    _check_limits(drafts)
    check_drafts(user, drafts)
    if not all(draft.ok for draft in drafts):
        raise LedgerRowsError(drafts)
    with transaction():
        event = _write_event(user, past)
        side = event.sides[0]
        received_at = side.ceremonies[0].starts_at
        made: dict[tuple[str, str], Contact] = {}
        for draft in drafts:
            contact = _contact_of(user, draft, made)
            entry = LedgerEntry(
                event=event,
                side=side,
                contact=contact,
                giver_kind="person",
                giver_name=draft.given["name"],
                relation=draft.given["relation"],
                method=draft.method,
                received_at=received_at,
                message="" if draft.gift["unit"] == "in_kind" else draft.given["note"],
                source="manual",
                created_by_id=user.id,
                **draft.gift,
            )
            db.session.add(entry)
        db.session.flush()
        record_change(
            "import",
            "gift_event",
            event.id,
            None,
            {"kind": event.kind, "entries": len(drafts), "archived": True},
            None,  # a family's ledger is not the locality officers' to read, as every event entry
        )
    return event


def _write_event(user: Any, past: PastEvent) -> GiftEvent:
    starts = datetime.combine(past.held_on, time(5, 0), tzinfo=UTC)  # noon in Vietnam
    event = GiftEvent(
        kind=past.kind,
        title=past.title,
        locality=past.locality,
        message="",
        archived_at=utcnow(),
    )
    event.hosts.append(EventHost(user_id=user.id, role="owner"))
    side = EventSide(name=_("Gia đình"), position=0, code=new_code("QH"), show_qr=False)
    side.ceremonies.append(Ceremony(name=str(PAST_EVENT_KIND_LABELS[past.kind]), starts_at=starts))
    event.sides.append(side)
    db.session.add(event)
    db.session.flush()
    return event


def _contact_of(user: Any, draft: LedgerDraft, made: dict[tuple[str, str], Contact]) -> Contact:
    if draft.contact_id is not None:
        contact = db.session.get(Contact, draft.contact_id)
        assert contact is not None
        if draft.phone and not contact.phone:
            contact.phone = draft.phone
        return contact
    key = ("phone", draft.phone) if draft.phone else ("name", draft.given["name"].casefold())
    name_key = ("name", draft.given["name"].casefold())
    contact = made.get(key) or made.get(name_key)
    if contact is None:
        contact = Contact(
            owner_id=user.id,
            kind="household" if fold(draft.given["name"]).startswith("gia dinh") else "person",
            name=draft.given["name"],
            phone=draft.phone,
            relation=draft.given["relation"],
        )
        db.session.add(contact)
        db.session.flush()
        record_change("create", "contact", contact.id, None, {"owner_id": user.id}, None)
    made.setdefault(key, contact)
    made.setdefault(name_key, contact)
    return contact


# ---- the blank file -----------------------------------------------------------------------


def header() -> list[str]:
    return [HEADERS[key] for key in KEYS]


def _rows() -> list[list[str]]:
    return [[row.get(key, "") for key in KEYS] for row in EXAMPLES]


@cache
def csv_template() -> bytes:
    """The header row and example rows, UTF-8 with BOM (the examples are to be replaced)."""
    return write_csv(header(), _rows())


@cache
def xlsx_template() -> bytes:
    with force_locale("vi"):
        notes = [
            ["Mỗi dòng một món mừng. Họ tên: bắt buộc."],
            ["Tiền đồng: ghi ở cột Số tiền (500000 hoặc 500.000)."],
            ["Vàng, ngoại tệ: ghi Số lượng và Đơn vị (chỉ, cây, USD, EUR…); 1,5 chỉ được."],
            ["Hiện vật: Đơn vị 'hiện vật' và ghi món quà ở cột Ghi chú."],
            ["Hình thức: chuyển khoản, phong bì, tiền mặt, vàng, hiện vật (có thể để trống)."],
        ]
    return write_xlsx(
        [
            Sheet("Sổ mừng", header(), _rows(), [28, 16, 14, 10, 10, 14, 28, 14]),
            Sheet("Hướng dẫn", ["Hướng dẫn"], notes, [100]),
        ]
    )
