"""Importing an event's guest list from a CSV/XLSX file, through the project's one import
machinery (`app.spreadsheets` reads the table, `app.file_imports` shapes drafts, previews and
row errors): preview every row (nothing written), then write all of them or none.

Columns (headers in Vietnamese with or without diacritics, or in English): Họ tên (required),
Xưng hô, Điện thoại, Nhóm, Bên (the side by name; may be empty when the event has one side or
one side is chosen for the whole file), Mời bởi. A column the list does not know is refused by
name (a misspelt "Điện thoạii" would otherwise drop every phone number silently); a numbering
column (STT) and notes are let through. A CSV that is not UTF-8 and whose Vietnamese letters
were lost or garbled on the way (saved as Windows-1252, or UTF-8 opened as 1252 and saved
again) is refused with the way out: save it as "CSV UTF-8".

Each row is checked as a guest added by hand is (`app.events.guests.clean_guest`), against the
other rows and the event's guests: the same phone twice is a row error naming the other row or
guest.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from sqlalchemy import select

from app.errors import DomainError
from app.events import guests as rules
from app.events import hosting
from app.events.models import EventSide, GiftEvent, Guest
from app.extensions import db
from app.file_imports import FilePreview, RowDraft, RowsError, file_error
from app.spreadsheets import (
    MAX_ROWS,
    Column,
    Sheet,
    SheetFileError,
    TableRow,
    TableSpec,
    check_limits,
    decode_text,
    formula_start,
    read_table,
    write_csv,
    write_xlsx,
)
from app.transaction import transaction
from app.vietqr.text import fold

COLUMNS: Final = (
    Column(
        "name",
        "họ tên (name)",
        ("họ tên", "họ và tên", "tên", "tên khách", "khách mời", "full name", "guest"),
        required=True,
    ),
    Column("honorific", "xưng hô (honorific)", ("xưng hô", "danh xưng", "title")),
    Column("phone", "điện thoại (phone)", ("điện thoại", "số điện thoại", "sđt", "phone number")),
    Column("group", "nhóm (group)", ("nhóm", "nhóm khách", "group name")),
    Column("side", "bên (side)", ("bên", "nhà", "bên nhận")),
    Column("invited_by", "mời bởi (invited by)", ("mời bởi", "người mời", "khách của", "owner")),
)
SPEC: Final = TableSpec(COLUMNS)
KEYS: Final = SPEC.keys
HEADERS: Final = {
    "name": "Họ tên",
    "honorific": "Xưng hô",
    "phone": "Điện thoại",
    "group": "Nhóm",
    "side": "Bên",
    "invited_by": "Mời bởi",
}
assert all(SPEC.aliases[fold(HEADERS[key])] == key for key in KEYS)
#: Columns a list may have that the import does not read (numbering, notes).
IGNORED: Final = frozenset({"stt", "tt", "so tt", "no", "ghi chu", "note", "notes"})
#: The column keys as the guest fields they fill.
FIELD_OF: Final = {"group": "group_name"}
EXAMPLE: Final = {
    "name": "Trần Văn Nam",
    "honorific": "anh",
    "phone": "0912345678",
    "group": "Bạn cô dâu",
    "side": "Nhà gái",
    "invited_by": "Cô dâu",
}
FILENAME: Final = "mau-danh-sach-khach-moi"
WIDTHS: Final = (28, 10, 14, 20, 12, 16)
#: Signs of Vietnamese text that went through the wrong code page: UTF-8 bytes read as
#: Windows-1252/1258 ("Há»\x8d tÃªn"), or letters the code page could not hold turned into "?".
_GARBLED = re.compile(r"[ÃÄÆ][\u0080-\u00bf\u0152-\u0178\u2013-\u203a]|á»|áº|\w\?\w")


@dataclass
class GuestDraft(RowDraft):
    """One row of a guest list as given (`given`, by column key) and as it will be written."""

    given: dict[str, str]
    cells: dict[str, str] = field(default_factory=dict)
    cleaned: dict[str, Any] = field(default_factory=dict)
    side: EventSide | None = None

    def posted(self) -> dict[str, Any]:
        """The row as given, as `drafts_from_rows` reads it back (a confirmed preview)."""
        return {"line": self.line, **self.given}


class GuestPreview(FilePreview[GuestDraft]):
    """Every row of a guest list with its problems; nothing is written."""


class GuestRowsError(RowsError[GuestDraft]):
    """A guest list with row errors: nothing was written (`drafts` holds every row)."""

    def __init__(self, drafts: list[GuestDraft]) -> None:
        super().__init__("events.rows_with_errors", drafts)


# ---- the template --------------------------------------------------------------------------


def instructions() -> list[str]:
    """The instructions sheet's lines (Vietnamese: the template is a Vietnamese document)."""
    return [
        "Điền danh sách khách mời vào trang 'Danh sách', mỗi khách một dòng, dưới dòng tiêu đề "
        "(giữ nguyên dòng tiêu đề, thay dòng ví dụ).",
        "Họ tên: bắt buộc. Xưng hô: anh, chị, cô, chú, bác, ông bà… (thiệp mời ghi 'Kính mời "
        "anh Nam').",
        "Bên: tên bên như trên trang sự kiện (Nhà trai, Nhà gái); để trống khi sự kiện chỉ có "
        "một bên hoặc khi chọn bên cho cả tệp lúc tải lên.",
        "Mời bởi: khách của ai (Cô dâu, Chú rể, Bố cô dâu…), để cộng sổ mừng theo người.",
        "Không được trùng số điện thoại với dòng khác hoặc với khách đã có.",
        "",
        "Ví dụ:",
    ]


def _header() -> list[str]:
    return [HEADERS[key] for key in KEYS]


@cache
def csv_template() -> bytes:
    """The header row and the example row, UTF-8 with BOM."""
    return write_csv(_header(), [[EXAMPLE[key] for key in KEYS]])


@cache
def xlsx_template() -> bytes:
    """A workbook: the list (headers and the example row) and the instructions."""
    example = [[EXAMPLE[key] for key in KEYS]]
    notes: list[list[str]] = [[line] for line in instructions()]
    return write_xlsx(
        [
            Sheet("Danh sách", _header(), example, list(WIDTHS)),
            Sheet("Hướng dẫn", ["Hướng dẫn"], [*notes, _header(), *example], [100]),
        ]
    )


FORMATS: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template(fmt: str) -> tuple[bytes, dict[str, str]]:
    """The blank guest list as `fmt` ("csv" or "xlsx") and the headers of its download."""
    data = csv_template() if fmt == "csv" else xlsx_template()
    return data, {
        "Content-Type": FORMATS[fmt],
        "Content-Disposition": f'attachment; filename="{FILENAME}.{fmt}"',
    }


# ---- reading -------------------------------------------------------------------------------


def _check_encoding(filename: str, data: bytes) -> None:
    """Refuse a CSV whose Vietnamese went through the wrong code page, saying how to save it."""
    if not filename.lower().endswith(".csv"):
        return
    try:
        decoded = decode_text(data)
    except SheetFileError:
        return  # the reader says what is wrong
    match = _GARBLED.search(decoded.text)
    if match is None:
        return
    start = max(match.start() - 8, 0)
    sample = decoded.text[start : match.end() + 8].splitlines()[0] if decoded.text else ""
    raise DomainError(
        "events.file_not_utf8",
        "file",
        sample=sample.strip()[:40],
        encoding=decoded.encoding,
    )


def _header_cells(filename: str, data: bytes) -> list[str]:
    """The header row's cells of a CSV (the first row with a value)."""
    if not filename.lower().endswith(".csv"):
        return []
    try:
        text = decode_text(data).text
    except SheetFileError:
        return []
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(cell.strip() for cell in cells):
                return [cell.strip() for cell in cells]
    except csv.Error:
        return []
    return []


def _xlsx_header_cells(data: bytes) -> list[str]:
    """The header row of an XLSX the kernel's bounded reader has already accepted."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # the kernel's reader read it: no header check then
        return []
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(max_row=50, max_col=30, values_only=True):
            cells = ["" if value is None else str(value).strip() for value in row]
            if any(cells):
                return cells
        return []
    finally:
        workbook.close()


def _check_columns(filename: str, data: bytes) -> None:
    """Refuse a header the list does not know, by name (numbering and notes are let through)."""
    cells = (
        _xlsx_header_cells(data)
        if filename.lower().endswith(".xlsx")
        else _header_cells(filename, data)
    )
    unknown = [
        cell
        for cell in cells
        if cell and fold(cell) not in SPEC.aliases and fold(cell) not in IGNORED
    ]
    if unknown:
        raise DomainError(
            "events.file_columns_unknown",
            "file",
            unknown=", ".join(f"'{cell}'" for cell in unknown),
            needed=", ".join(HEADERS.values()),
        )


def _unguarded(value: str) -> str:
    """A cell as an export wrote it: "'=…" (the CSV formula guard) reads back as "=…"."""
    if value.startswith("'") and formula_start(value[1:]):
        return value[1:]
    return value


def _as_text(value: object) -> str:
    """A posted value as text: strings and numbers only, anything else is empty."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _draft(line: int, values: Mapping[str, object]) -> GuestDraft:
    return GuestDraft(line, {key: _unguarded(_as_text(values.get(key))) for key in KEYS})


def read_drafts(filename: str, data: bytes) -> list[GuestDraft]:
    """The rows of an uploaded CSV/XLSX as drafts; a DomainError on "file" when unreadable."""
    _check_encoding(filename, data)
    try:
        rows = read_table(filename, data, SPEC)
    except SheetFileError as error:
        raise file_error("events", error) from error
    _check_columns(filename, data)
    drafts = [_draft(row.line, row.values) for row in rows]
    for draft, row in zip(drafts, rows, strict=True):
        draft.cells = {key: ref for key in KEYS if (ref := row.cell(key))}
    return drafts


def drafts_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[GuestDraft]:
    """Drafts from plain rows ({"line", "name", "phone", …}), e.g. a confirmed preview; the
    same limits as a file's apply."""
    drafts: list[GuestDraft] = []
    for index, row in enumerate(rows, start=1):
        line = row.get("line")
        number = line if isinstance(line, int) and 0 < line < 2**31 else index
        drafts.append(_draft(number, row))
        if len(drafts) > MAX_ROWS:
            break  # enough to refuse: the rest is not looked at
    _check_limits(drafts)
    return drafts


def _check_limits(drafts: list[GuestDraft]) -> None:
    try:
        check_limits([TableRow(draft.line, draft.given) for draft in drafts], MAX_ROWS)
    except SheetFileError as error:
        raise file_error("events", error) from error


# ---- checking -----------------------------------------------------------------------------


def _side_of(
    draft: GuestDraft, sides: list[EventSide], managed: list[EventSide], chosen: EventSide | None
) -> EventSide | None:
    named = draft.given["side"]
    if not named:
        if chosen is not None:
            return chosen
        if len(managed) == 1:
            return managed[0]
        names = ", ".join(side.name for side in managed)
        draft.problems.append(DomainError("events.import_side_missing", "side", sides=names))
        return None
    side = next((side for side in sides if fold(side.name) == fold(named)), None)
    if side is None:
        names = ", ".join(side.name for side in managed)
        draft.problems.append(
            DomainError("events.import_side_unknown", "side", value=named[:40], sides=names)
        )
        return None
    if side not in managed:
        draft.problems.append(DomainError("events.guest_side_not_yours", "side", side=side.name))
        return None
    if chosen is not None and side is not chosen:
        draft.problems.append(
            DomainError("events.import_side_other", "side", value=side.name, chosen=chosen.name)
        )
        return None
    return side


def check_drafts(
    user: Any, event: GiftEvent, drafts: list[GuestDraft], side: EventSide | None = None
) -> list[GuestDraft]:
    """Check every draft as a guest added by hand, against the other rows and the event's
    guests; fills `problems`, `cleaned` and `side`."""
    managed = rules.managed_sides(user, event)
    taken = {
        (side_id, phone): name
        for side_id, phone, name in db.session.execute(
            select(Guest.side_id, Guest.phone, Guest.name).where(
                Guest.event_id == event.id, Guest.phone != ""
            )
        )
    }
    in_file: dict[tuple[int, str], int] = {}
    for draft in drafts:
        draft.problems.clear()
        refuse = draft.problems.append
        for key in KEYS:
            value = draft.given[key]
            if formula_start(value) == "=":
                cell = draft.cells.get(key, "")
                code = "events.import_formula_cell" if cell else "events.import_formula"
                refuse(DomainError(code, key, value=value[:20], cell=cell))
        if draft.problems:
            continue
        data = {FIELD_OF.get(key, key): draft.given[key] for key in KEYS if key != "side"}
        try:
            draft.cleaned = rules.clean_guest(data)
        except DomainError as error:
            error.field = next(
                (key for key, name in FIELD_OF.items() if name == error.field), error.field
            )
            refuse(error)
        draft.side = _side_of(draft, list(event.sides), managed, side)
        phone = draft.cleaned.get("phone", "")
        if not phone or draft.side is None:
            continue
        where = (draft.side.id, phone)  # unique within a side (`guests.phone_owner`)
        if where in taken:
            refuse(DomainError("events.import_phone_taken", "phone", name=taken[where]))
        elif where in in_file:
            refuse(DomainError("events.import_phone_repeated", "phone", line=in_file[where]))
        else:
            in_file[where] = draft.line
    return drafts


# ---- preview and import -------------------------------------------------------------------


def chosen_side(user: Any, event: GiftEvent, side_id: int | None) -> EventSide | None:
    """The side chosen for the whole file, which `user` must manage; None when none."""
    if side_id is None:
        return None
    return rules.pick_side(user, event, side_id)


def preview_file(
    user: Any, event_id: int, filename: str, data: bytes, side_id: int | None = None
) -> GuestPreview:
    """Every row of the file with its problems; writes nothing."""
    event = hosting.hosted_event(user, event_id)
    side = chosen_side(user, event, side_id)
    return GuestPreview(check_drafts(user, event, read_drafts(filename, data), side))


def import_file(
    user: Any, event_id: int, filename: str, data: bytes, side_id: int | None = None
) -> list[Guest]:
    """Add every guest of the file, or none (GuestRowsError lists the bad rows)."""
    hosting.hosted_event(user, event_id)
    return import_drafts(user, event_id, read_drafts(filename, data), side_id)


def import_drafts(
    user: Any, event_id: int, drafts: list[GuestDraft], side_id: int | None = None
) -> list[Guest]:
    """Add the guests of checked-again drafts, all or none, each with its code and link."""
    event = hosting.hosted_event(user, event_id)
    side = chosen_side(user, event, side_id)
    if not drafts:
        raise DomainError("events.import_no_rows", "file")
    _check_limits(drafts)
    check_drafts(user, event, drafts, side)
    if not all(draft.ok for draft in drafts):
        raise GuestRowsError(drafts)

    def write() -> list[Guest]:
        created: list[Guest] = []
        with transaction(rules.conflicts()):
            for draft in drafts:
                assert draft.side is not None
                created.append(rules.new_guest(event, draft.side, draft.cleaned))
        return created

    return rules.retrying(write)
