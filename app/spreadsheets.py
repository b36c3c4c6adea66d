"""Tables people keep in spreadsheets: reading a CSV/XLSX file into rows by a column spec, and
writing CSV/XLSX files that Excel opens safely. Pure: no Flask, no database (the kernel's one
spreadsheet machinery; a feature gives its columns as a `TableSpec`).

Reading. A `TableSpec` names each column's canonical key, the headers it is known by (Vietnamese
or English, any case, with or without diacritics: compared folded, `app.vietqr.text.fold`),
whether it is required and its label for messages. CSV text may be UTF-8 with or without BOM,
UTF-16 with BOM, or Windows-1258 (what Vietnamese Excel still writes); it is NFC-normalised after
decoding (Windows-1258 writes tone marks as combining characters). XLSX is streamed through expat
within limits (a zip bomb, a huge declared sheet or a DTD is refused before it costs anything).
Rows come back as `TableRow(line, values)`; a formula cell reads as its text, "=…", which the
feature refuses for that row (`formula_start`).

Refusals name a reason of `REASONS`, whose Vietnamese templates are marked with `N_` (extracted
into the catalogue, not translated here); `SheetFileError` keeps the reason, the template and
its values so that the caller can show it translated (as "<feature>.file_<reason>").

Writing. `write_csv` (UTF-8 with BOM, so that Excel reads Vietnamese) and `write_xlsx` (openpyxl,
write-only) guard every text cell that Excel would take for a formula (`FORMULA_STARTS`): in CSV
it is prefixed with an apostrophe, in XLSX it is an explicit string cell with a quote prefix.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from xml.parsers import expat

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from app.vietqr.text import fold

MAX_ROWS: Final = 5000
MAX_COLUMNS: Final = 50  # columns beyond are not read (the header is looked for in these)
MAX_CELL_CHARS: Final = 1000  # a longer cell is not a list people keep by hand
# XLSX only: checked on the zip directory before anything is unpacked, then while streaming.
MAX_XLSX_MEMBERS: Final = 1000
MAX_XLSX_MEMBER_BYTES: Final = 10_000_000  # one unpacked part (a 5,000-row sheet is ~0.5 MB)
MAX_XLSX_UNPACKED: Final = 20_000_000  # all parts together
MAX_XLSX_RATIO: Final = 100  # unpacked / packed, for parts over 1 MB
MAX_XML_ELEMENTS: Final = 250_000  # per part (a 5,000-row list has ~50,000)
MAX_CELLS: Final = 100_000  # cells in the sheet, empty ones included
MAX_DECLARED_CELLS: Final = 2_000_000  # rows x columns of the sheet's declared dimension
MAX_SHARED_STRINGS: Final = 100_000
#: A text cell beginning with one of these is a formula to Excel (or becomes one when edited).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

XLSX_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE: Final = "text/csv; charset=utf-8"
FORMATS: Final = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction only (gettext_noop); it is translated where it is shown."""
    return message


#: Why a file cannot be read: reason → its Vietnamese message (a msgid; each feature shows it as
#: its error code "<feature>.file_<reason>", translated).
REASONS: Final[dict[str, str]] = {
    "empty": N_("Chưa chọn tệp hoặc tệp rỗng."),
    "format": N_("Chỉ nhận tệp .csv hoặc .xlsx; hãy lưu lại tệp dưới dạng .xlsx."),
    "encoding": N_("Không đọc được bảng mã của tệp: hãy lưu tệp dạng CSV UTF-8."),
    "nul": N_("Tệp có ký tự NUL: đây không phải tệp CSV văn bản."),
    "csv_broken": N_("Tệp CSV hỏng ở dòng %(line)d: %(error)s"),
    "no_header": N_("Tệp trống: cần một dòng tiêu đề (%(needed)s) và các dòng dữ liệu."),
    "columns_missing": N_(
        "Thiếu cột: %(missing)s. Dòng tiêu đề %(line)d có: %(found)s. Cần các cột: %(needed)s."
    ),
    "columns_missing_none": N_(
        "Thiếu cột: %(missing)s. Dòng tiêu đề %(line)d có: không có. Cần các cột: %(needed)s."
    ),
    "no_rows": N_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."),
    "too_many_rows": N_("Tệp có hơn %(n)d dòng; hãy chia nhỏ tệp."),
    "cell_too_long": N_(
        "Dòng %(line)d có một ô dài hơn %(most)d ký tự: tệp không giống một danh sách."
    ),
    "xlsx_unreadable": N_("Không mở được tệp Excel (.xlsx): tệp hỏng hoặc sai định dạng."),
    "xlsx_members": N_(
        "Tệp Excel có %(count)d phần, tối đa %(most)d: tệp không phải bảng tính thường."
    ),
    "xlsx_member_size": N_(
        "Tệp Excel có phần '%(part)s' giải nén ra %(size)d byte, "
        "tối đa %(most)d byte: hãy chia nhỏ tệp."
    ),
    "xlsx_ratio": N_(
        "Tệp Excel có phần '%(part)s' nén %(ratio)d lần (tối đa %(most)d lần): "
        "giống một quả bom nén, không mở."
    ),
    "xlsx_unpacked": N_(
        "Tệp Excel giải nén ra %(size)d byte, tối đa %(most)d byte: hãy chia nhỏ tệp."
    ),
    "xlsx_dtd": N_("Tệp Excel có khai báo DTD: không nhận."),
    "xlsx_elements": N_("Tệp Excel có hơn %(most)d phần tử XML trong một phần: hãy chia nhỏ tệp."),
    "xlsx_strings": N_("Tệp Excel có hơn %(most)d chuỗi văn bản: hãy chia nhỏ tệp."),
    "xlsx_cell_too_long": N_(
        "Tệp Excel có một ô dài hơn %(most)d ký tự: tệp không giống một danh sách."
    ),
    "xlsx_cells": N_("Trang tính có hơn %(most)d ô: hãy chia nhỏ tệp."),
    "xlsx_dimension": N_(
        "Trang tính khai báo vùng %(ref)s (%(rows)d dòng × %(columns)d cột), "
        "quá lớn cho một danh sách: hãy chép dữ liệu sang một tệp mới."
    ),
}


class SheetFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, header, limits).

    `reason` is a key of REASONS (the feature maps it to its translated message with `params`);
    `message` is the Vietnamese text; `field` is the input it concerns.
    """

    field = "file"

    def __init__(self, reason: str, **params: Any) -> None:
        template = REASONS[reason]
        message = template % params if params else template
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Column:
    """One column of a table: its canonical `key`, the headers it is known by (compared
    folded), whether a file must have it, and its `label` in messages ("tên (name)")."""

    key: str
    label: str
    headers: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    """The columns of one kind of list and its row limit."""

    columns: tuple[Column, ...]
    max_rows: int = MAX_ROWS
    aliases: dict[str, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        aliases: dict[str, str] = {}
        for column in self.columns:
            for header in (column.key, *column.headers):
                aliases.setdefault(fold(header), column.key)
        object.__setattr__(self, "aliases", aliases)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def labels(self) -> dict[str, str]:
        return {column.key: column.label for column in self.columns}

    def needed(self) -> str:
        """The columns, for messages: "tên (name), loại (type), mã (code) (không bắt buộc)"."""
        return ", ".join(
            column.label if column.required else f"{column.label} ({N_('không bắt buộc')})"
            for column in self.columns
        )

    @property
    def max_scanned_rows(self) -> int:
        return 50 * self.max_rows  # blank rows included


@dataclass(frozen=True)
class TableRow:
    """One row of a file: its line (CSV) or row (XLSX) number, header = 1, and its cells' text
    by column key (every key of the spec; "" for a column the file does not have)."""

    line: int
    values: Mapping[str, str]
    #: Each key's column in the file (0 = A), for naming a cell: "C4".
    columns: Mapping[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")

    def cell(self, key: str) -> str | None:
        """Where `key`'s value is, as Excel names the cell ("C4"); None for a missing column."""
        index = self.columns.get(key)
        return None if index is None else f"{column_letter(index)}{self.line}"


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_text(data: bytes) -> DecodedText:
    """UTF-8 with BOM, UTF-16 with BOM, UTF-8, else Windows-1258; NFC-normalised."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text, encoding = data.decode("utf-16"), "utf-16"
        else:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, encoding = data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as error:  # a BOM followed by bytes that are not that encoding
        raise SheetFileError("encoding") from error
    if "\x00" in text:
        raise SheetFileError("nul")
    return DecodedText(unicodedata.normalize("NFC", text), encoding)


def formula_start(value: str) -> str | None:
    """The character that makes `value` a spreadsheet formula ("=", "+", "-", "@", tab, CR),
    or None: a feature refuses such a cell in an imported row."""
    return value[0] if value.startswith(FORMULA_STARTS) else None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _rows_from_table(table: list[tuple[int, list[str]]], spec: TableSpec) -> list[TableRow]:
    if not table:
        raise SheetFileError("no_header", needed=spec.needed())
    header_line, header = table[0]
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = spec.aliases.get(fold(title))
        if key and key not in columns:
            columns[key] = index
    labels = spec.labels
    missing = [labels[c.key] for c in spec.columns if c.required and c.key not in columns]
    if missing:
        found = ", ".join(f"'{h}'" for h in header if h)
        params = {"missing": ", ".join(missing), "line": header_line, "needed": spec.needed()}
        if not found:
            raise SheetFileError("columns_missing_none", **params)
        raise SheetFileError("columns_missing", found=found, **params)
    rows: list[TableRow] = []
    for line, cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            key: cells[index].strip() if index < len(cells) else ""
            for key, index in columns.items()
        }
        rows.append(TableRow(line, {key: values.get(key, "") for key in spec.keys}, columns))
    if not rows:
        raise SheetFileError("no_rows")
    check_limits(rows, spec.max_rows)
    return rows


def check_limits(rows: Sequence[TableRow], max_rows: int = MAX_ROWS) -> None:
    """The limits of one list, for a file (preview, import) and for the rows a confirmation
    posts back alike: at most `max_rows` rows, no value over MAX_CELL_CHARS."""
    if len(rows) > max_rows:
        raise _too_many_rows(max_rows)
    for row in rows:
        if any(len(value) > MAX_CELL_CHARS for value in row.values.values()):
            raise _cell_too_long(row.line)


def read_csv(data: bytes, spec: TableSpec) -> list[TableRow]:
    """Rows of a CSV file (comma, semicolon or tab separated), read up to the row limit."""
    text = decode_text(data).text
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[tuple[int, list[str]]] = []
    filled = 0
    try:
        for cells in reader:
            if not cells:
                continue
            kept = [cell.strip() for cell in cells[:MAX_COLUMNS]]  # only the columns used
            if any(len(cell) > MAX_CELL_CHARS for cell in kept):
                raise _cell_too_long(reader.line_num)
            filled += any(kept)
            if filled > spec.max_rows + 1:  # the header and max_rows rows
                raise _too_many_rows(spec.max_rows)
            table.append((reader.line_num, kept))
    except csv.Error as error:
        raise SheetFileError("csv_broken", line=reader.line_num, error=str(error)) from error
    return _rows_from_table(table, spec)


# ---- XLSX: a bounded streaming reader ------------------------------------------------------------
#
# An XLSX file is a zip of XML parts. A few kilobytes of it can declare A1:XFD250000, unpack to
# gigabytes (a "zip bomb"), or hold one cell of a gigabyte; openpyxl would read all of that and
# pad every row to the declared width. So the zip directory is checked first (member count,
# each member's size and compression ratio, the total), then the first sheet is streamed through
# expat: the declared dimension, the number of cells and rows and each text's length are counted
# as they go, only the first MAX_COLUMNS columns are kept, and reading stops at the first limit.

_MAIN_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = "/worksheet"
_SHARED_TYPE = "/sharedStrings"
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def _column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def _check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts would unpack to more than the limits allow, or that
    zipfile cannot unpack at all (encrypted parts, compression other than stored or deflated)."""
    members = archive.infolist()
    if any(
        member.flag_bits & 1
        or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        for member in members
    ):
        raise SheetFileError("xlsx_unreadable")
    if len(members) > MAX_XLSX_MEMBERS:
        raise SheetFileError(
            "xlsx_members",
            count=len(members),
            most=MAX_XLSX_MEMBERS,
        )
    total = 0
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_XLSX_MEMBER_BYTES:
            raise SheetFileError(
                "xlsx_member_size",
                part=member.filename[:60],
                size=member.file_size,
                most=MAX_XLSX_MEMBER_BYTES,
            )
        if member.file_size > 1_000_000 and ratio > MAX_XLSX_RATIO:
            raise SheetFileError(
                "xlsx_ratio",
                part=member.filename[:60],
                ratio=int(ratio),
                most=MAX_XLSX_RATIO,
            )
        total += member.file_size
    if total > MAX_XLSX_UNPACKED:
        raise SheetFileError(
            "xlsx_unpacked",
            size=total,
            most=MAX_XLSX_UNPACKED,
        )


class _XmlWalker:
    """Feeds one zip part through expat with a DTD refused (no entity tricks)."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.elements = 0
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.StartDoctypeDeclHandler = self._doctype
        # Inside <rPh> (phonetic hints, Japanese): its <t> is not part of the cell's text.
        self.in_phonetic = False

    @staticmethod
    def _doctype(*_args: object) -> None:
        raise SheetFileError("xlsx_dtd")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise SheetFileError(
                "xlsx_elements",
                most=MAX_XML_ELEMENTS,
            )
        if _local(name) == "rPh":
            self.in_phonetic = True
        self.start(name, attrs)

    def _end(self, name: str) -> None:
        if _local(name) == "rPh":
            self.in_phonetic = False
        self.end(name)

    def _text(self, data: str) -> None:
        if not self.in_phonetic:
            self.text(data)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """An element opens (`_local(name)` drops the namespace)."""

    def end(self, name: str) -> None:
        """An element closes."""

    def text(self, data: str) -> None:
        """Character data."""

    def walk(self, archive: zipfile.ZipFile, part: str) -> None:
        try:
            with archive.open(part) as stream:
                while chunk := stream.read(64 * 1024):
                    self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise SheetFileError("xlsx_unreadable") from error


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


class _Relations(_XmlWalker):
    def __init__(self) -> None:
        super().__init__()
        self.targets: dict[str, tuple[str, str]] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship" and len(self.targets) < 1000:
            self.targets[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))


class _FirstSheet(_XmlWalker):
    def __init__(self) -> None:
        super().__init__()
        self.relation: str | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet" and self.relation is None:
            self.relation = attrs.get(f"{_MAIN_REL} id")


class _SharedStrings(_XmlWalker):
    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []
        self.parts: list[str] | None = None
        self.length = 0
        self.in_text = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "si":
            self.parts, self.length = [], 0
        elif local == "t":
            self.in_text = True

    def end(self, name: str) -> None:
        local = _local(name)
        if local == "t":
            self.in_text = False
        elif local == "si" and self.parts is not None:
            if len(self.strings) >= MAX_SHARED_STRINGS:
                raise SheetFileError(
                    "xlsx_strings",
                    most=MAX_SHARED_STRINGS,
                )
            self.strings.append("".join(self.parts))
            self.parts = None

    def text(self, data: str) -> None:
        if self.in_text and self.parts is not None:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                raise _cell_too_long(None)
            self.parts.append(data)


def _cell_too_long(row: int | None) -> SheetFileError:
    if row is None:
        return SheetFileError(
            "xlsx_cell_too_long",
            most=MAX_CELL_CHARS,
        )
    return SheetFileError(
        "cell_too_long",
        line=row,
        most=MAX_CELL_CHARS,
    )


def _number_text(value: str) -> str:
    try:
        return str(int(value))
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        return value
    return str(int(number)) if number.is_integer() and abs(number) < 1e16 else str(number)


class _Sheet(_XmlWalker):
    """The rows of one worksheet: [(row number, cells of the first MAX_COLUMNS columns)]."""

    def __init__(self, shared: list[str], max_rows: int) -> None:
        super().__init__()
        self.shared = shared
        self.max_rows = max_rows
        self.table: list[tuple[int, list[str]]] = []
        self.cells = 0
        self.row_number = 0
        self.row: dict[int, str] = {}
        self.column = -1
        self.kind = ""
        self.keep = False
        self.capture: str | None = None  # "v", "t" (inline text) or "f"
        self.value: list[str] = []
        self.formula: list[str] | None = None
        self.length = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise SheetFileError("xlsx_cells", most=MAX_CELLS)
            found = _CELL_REF.match(attrs.get("r", ""))
            self.column = _column_index(found.group(1)) if found else self.column + 1
            self.kind = attrs.get("t", "n")
            self.keep = self.column < MAX_COLUMNS
            self.value, self.formula, self.length = [], None, 0
        elif local in ("v", "t", "f") and self.keep:
            self.capture = local
            if local == "f":
                self.formula = []
        elif local == "row":
            number = attrs.get("r", "")
            self.row_number = int(number) if number.isdigit() else self.row_number + 1
            if self.row_number > 50 * self.max_rows:  # blank rows included
                raise _too_many_rows(self.max_rows)
            self.row, self.column = {}, -1
        elif local == "dimension":
            _check_dimension(attrs.get("ref", ""), self.max_rows)

    def text(self, data: str) -> None:
        if self.capture is None:
            return
        self.length += len(data)
        if self.length > MAX_CELL_CHARS:
            raise _cell_too_long(self.row_number)
        if self.capture == "f" and self.formula is not None:
            self.formula.append(data)
        else:
            self.value.append(data)

    def end(self, name: str) -> None:
        local = _local(name)
        if local in ("v", "t", "f"):
            self.capture = None
        elif local == "c":
            if self.keep:
                self.row[self.column] = self._cell_text()
            self.keep = False
        elif local == "row":
            if any(value.strip() for value in self.row.values()):
                width = max(self.row) + 1
                self.table.append((self.row_number, [self.row.get(i, "") for i in range(width)]))
                if len(self.table) > self.max_rows + 1:  # the header and max_rows rows
                    raise _too_many_rows(self.max_rows)
            self.row = {}

    def _cell_text(self) -> str:
        if self.formula is not None:  # formulas are read as their text, as typed
            return "=" + "".join(self.formula)
        raw = "".join(self.value)
        if self.kind == "s":
            index = int(raw) if raw.strip().isdigit() else -1
            if not 0 <= index < len(self.shared):
                raise SheetFileError("xlsx_unreadable")
            return _cell(self.shared[index])
        if self.kind == "b":
            return "TRUE" if raw.strip() == "1" else "FALSE"
        if self.kind in ("n", "") and raw:
            return _number_text(raw.strip())
        return _cell(raw)


def _too_many_rows(max_rows: int) -> SheetFileError:
    return SheetFileError("too_many_rows", n=max_rows)


def _check_dimension(ref: str, max_rows: int) -> None:
    """Refuse a sheet that declares more rows or cells than a list can have."""
    corners = [_CELL_REF.match(part) for part in ref.split(":")]
    if not ref or not all(corners) or len(corners) > 2:
        return  # missing or odd: the counts while reading still apply
    first, last = corners[0], corners[-1]
    assert first is not None and last is not None
    rows = int(last.group(2)) - int(first.group(2)) + 1
    columns = _column_index(last.group(1)) - _column_index(first.group(1)) + 1
    if rows > 50 * max_rows or rows * columns > MAX_DECLARED_CELLS:
        raise SheetFileError(
            "xlsx_dimension",
            ref=ref[:40],
            rows=rows,
            columns=columns,
        )


def _part_path(target: str) -> str:
    """A relationship target of xl/workbook.xml as a path in the zip."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in ("xl/" + target).split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def read_xlsx(data: bytes, spec: TableSpec) -> list[TableRow]:
    """Rows of the first sheet of an XLSX workbook; formulas are read as their text ("=…").

    Bounded in time and memory whatever the file declares (see the limits above).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SheetFileError("xlsx_unreadable") from error
    with archive:
        _check_zip(archive)
        names = set(archive.namelist())
        try:
            relations = _Relations()
            if "xl/_rels/workbook.xml.rels" in names:
                relations.walk(archive, "xl/_rels/workbook.xml.rels")
            first = _FirstSheet()
            if "xl/workbook.xml" in names:
                first.walk(archive, "xl/workbook.xml")
            sheet_type, sheet_target = relations.targets.get(first.relation or "", ("", ""))
            sheet_part = (
                _part_path(sheet_target)
                if sheet_type.endswith(_SHEET_TYPE)
                else "xl/worksheets/sheet1.xml"
            )
            shared_part = next(
                (
                    _part_path(t)
                    for kind, t in relations.targets.values()
                    if kind.endswith(_SHARED_TYPE)
                ),
                "xl/sharedStrings.xml",
            )
            if sheet_part not in names:
                raise SheetFileError("xlsx_unreadable")
            shared = _SharedStrings()
            if shared_part in names:
                shared.walk(archive, shared_part)
            sheet = _Sheet(shared.strings, spec.max_rows)
            sheet.walk(archive, sheet_part)
        except SheetFileError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as error:
            raise SheetFileError("xlsx_unreadable") from error
    return _rows_from_table(sheet.table, spec)


def read_table(filename: str, data: bytes, spec: TableSpec) -> list[TableRow]:
    """Rows of an uploaded list; the format comes from the content, then the name."""
    if not data:
        raise SheetFileError("empty")
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, spec)
    lower = filename.lower()
    if lower.endswith((".xls", ".xlsm", ".ods")):
        raise SheetFileError("format")
    return read_csv(data, spec)


# ---- writing: CSV and XLSX that Excel opens safely -------------------------------------------


def guarded(value: object) -> object:
    """A CSV cell's value: text that Excel would run as a formula gets an apostrophe in front
    (Excel shows it as text and hides the apostrophe); other values as they are."""
    if isinstance(value, str) and formula_start(value):
        return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file in UTF-8 with a byte order mark (so that Excel reads Vietnamese), CRLF line
    ends, every text cell guarded against formulas; None is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([guarded(title) for title in header])
    for row in rows:
        writer.writerow(["" if value is None else guarded(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Sheet:
    """One sheet to write: its title, header row, rows, and column widths (characters)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[float] = ()


def column_letter(index: int) -> str:
    """A column's letters as Excel shows them: 0 → "A", 26 → "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx_cell(sheet: Any, value: object, *, bold: bool = False) -> Any:
    """A write-only cell of `sheet`; text is always a string cell, never a formula (a text that
    begins like one gets the quote prefix, so that editing it in Excel keeps it text)."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if formula_start(value):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook (openpyxl, write-only) of `sheets`, the first one the list; headers bold and
    frozen, every text cell a string cell (`xlsx_cell`)."""
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        sheet.freeze_panes = "A2"
        for index, width in enumerate(spec.widths):
            sheet.column_dimensions[column_letter(index)].width = width
        sheet.append([xlsx_cell(sheet, title, bold=True) for title in spec.header])
        for row in spec.rows:
            sheet.append([xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def guard_sheet(sheet: Any) -> None:
    """Guard the text cells of an ordinary (not write-only) openpyxl sheet as `xlsx_cell` does:
    for workbooks that need what write-only sheets lack (drop-down lists)."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if formula_start(cell.value):
                    cell.quotePrefix = True
