"""Reading a hamlet list (CSV or XLSX) into rows. Pure: no Flask, no database.

Columns (header names in Vietnamese or English, any case, with or without diacritics):
tên / name (required), loại / type (required), mã / code (optional). CSV text may be UTF-8 with
or without BOM, UTF-16 with BOM, or Windows-1258 (what Vietnamese Excel still writes); it is
NFC-normalised after decoding (Windows-1258 writes tone marks as combining characters).

Refusals are Vietnamese templates marked with `N_` (extracted into the catalogue, not translated
here); `HamletFileError` keeps the template and its values so the caller can translate it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Final

from app.localities.names import fold

MAX_ROWS: Final = 5000
MAX_SCANNED_ROWS: Final = 50 * MAX_ROWS  # blank rows included
COLUMN_ALIASES: Final[dict[str, str]] = {
    "name": "name",
    "ten": "name",
    "ten thon": "name",
    "ten ap": "name",
    "ten thon ap": "name",
    "ten don vi": "name",
    "type": "kind",
    "kind": "kind",
    "loai": "kind",
    "loai don vi": "kind",
    "code": "code",
    "ma": "code",
    "ma so": "code",
    "ma thon": "code",
}
REQUIRED: Final = ("name", "kind")
COLUMN_LABELS: Final = {"name": "tên (name)", "kind": "loại (type)", "code": "mã (code)"}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction only (gettext_noop); it is translated where it is shown."""
    return message


class HamletFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, header); `field` is "file".

    `template` (a Vietnamese msgid) and `params` are for translating; `message` is the Vietnamese.
    """

    field = "file"

    def __init__(self, template: str, **params: object) -> None:
        message = template % params if params else template
        super().__init__(message)
        self.message = message
        self.template = template
        self.params = params


@dataclass(frozen=True)
class FileRow:
    line: int  # 1-based line (CSV) or row (XLSX) number, header = 1
    name: str
    kind: str
    code: str


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_text(data: bytes) -> DecodedText:
    """UTF-8 with BOM, UTF-16 with BOM, UTF-8, else Windows-1258; NFC-normalised."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1258"), "cp1258"
            except UnicodeDecodeError as error:
                raise HamletFileError(
                    N_("Không đọc được bảng mã của tệp: hãy lưu tệp dạng CSV UTF-8.")
                ) from error
    if "\x00" in text:
        raise HamletFileError(N_("Tệp có ký tự NUL: đây không phải tệp CSV văn bản."))
    return DecodedText(unicodedata.normalize("NFC", text), encoding)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _rows_from_table(table: list[tuple[int, list[str]]]) -> list[FileRow]:
    if not table:
        raise HamletFileError(
            N_("Tệp trống: cần một dòng tiêu đề (tên, loại, mã) và các dòng dữ liệu.")
        )
    header_line, header = table[0]
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = COLUMN_ALIASES.get(fold(title))
        if key and key not in columns:
            columns[key] = index
    missing = [COLUMN_LABELS[key] for key in REQUIRED if key not in columns]
    if missing:
        found = ", ".join(f"'{h}'" for h in header if h)
        if not found:
            raise HamletFileError(
                N_(
                    "Thiếu cột: %(missing)s. Dòng tiêu đề %(line)d có: không có. "
                    "Cần các cột tên/name, loại/type và (không bắt buộc) mã/code."
                ),
                missing=", ".join(missing),
                line=header_line,
            )
        raise HamletFileError(
            N_(
                "Thiếu cột: %(missing)s. Dòng tiêu đề %(line)d có: %(found)s. "
                "Cần các cột tên/name, loại/type và (không bắt buộc) mã/code."
            ),
            missing=", ".join(missing),
            line=header_line,
            found=found,
        )
    rows: list[FileRow] = []
    for line, cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            continue

        def get(key: str, cells: list[str] = cells) -> str:
            index = columns.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        rows.append(FileRow(line, get("name"), get("kind"), get("code")))
        if len(rows) > MAX_ROWS:
            raise HamletFileError(N_("Tệp có hơn %(n)d dòng; hãy chia nhỏ tệp."), n=MAX_ROWS)
    if not rows:
        raise HamletFileError(N_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return rows


def read_csv(data: bytes) -> list[FileRow]:
    """Rows of a CSV file (comma, semicolon or tab separated)."""
    text = decode_text(data).text
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = [(reader.line_num, [c.strip() for c in cells]) for cells in reader]
    except csv.Error as error:
        raise HamletFileError(
            N_("Tệp CSV hỏng ở dòng %(line)d: %(error)s"), line=reader.line_num, error=str(error)
        ) from error
    return _rows_from_table([(line, cells) for line, cells in table if cells])


def read_xlsx(data: bytes) -> list[FileRow]:
    """Rows of the first sheet of an XLSX workbook; formulas are read as their text ("=…")."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise HamletFileError(
            N_("Không mở được tệp Excel (.xlsx): tệp hỏng hoặc sai định dạng.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        table: list[tuple[int, list[str]]] = []
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            # Stop reading as soon as the file is known to be too big: a few kilobytes of
            # XLSX can unpack to millions of rows.
            if len(table) > MAX_ROWS + 1 or index > MAX_SCANNED_ROWS:
                raise HamletFileError(N_("Tệp có hơn %(n)d dòng; hãy chia nhỏ tệp."), n=MAX_ROWS)
            if any(value is not None and str(value).strip() for value in values):
                table.append((index, [_cell(value) for value in values]))
    finally:
        workbook.close()
    return _rows_from_table(table)


def read_hamlet_file(filename: str, data: bytes) -> list[FileRow]:
    """Rows of an uploaded hamlet list; the format comes from the content, then the name."""
    if not data:
        raise HamletFileError(N_("Chưa chọn tệp hoặc tệp rỗng."))
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data)
    lower = filename.lower()
    if lower.endswith((".xls", ".xlsm", ".ods")):
        raise HamletFileError(N_("Chỉ nhận tệp .csv hoặc .xlsx; hãy lưu lại tệp dưới dạng .xlsx."))
    return read_csv(data)
