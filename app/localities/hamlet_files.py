"""Reading a hamlet list (CSV or XLSX) into rows: the hamlet list's columns over the kernel's
spreadsheet reader (`app.spreadsheets`). Pure: no Flask, no database.

Columns (header names in Vietnamese or English, any case, with or without diacritics):
tên / name (required), loại / type (required), mã / code (optional). Refusals are the reader's
`SheetFileError` (here also named `HamletFileError`), shown as "localities.file_<reason>".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from app import spreadsheets
from app.spreadsheets import REASONS, Column, SheetFileError, TableRow, TableSpec

__all__ = ["REASONS", "FileRow", "HamletFileError", "read_csv", "read_hamlet_file"]

MAX_ROWS: Final = spreadsheets.MAX_ROWS
MAX_CELLS: Final = spreadsheets.MAX_CELLS
MAX_XML_ELEMENTS: Final = spreadsheets.MAX_XML_ELEMENTS
MAX_SHARED_STRINGS: Final = spreadsheets.MAX_SHARED_STRINGS
HamletFileError = SheetFileError

SPEC: Final = TableSpec(
    (
        Column(
            "name",
            "tên (name)",
            ("tên", "tên thôn", "tên ấp", "tên thôn ấp", "tên đơn vị"),
            required=True,
        ),
        Column("kind", "loại (type)", ("type", "loại", "loại đơn vị"), required=True),
        Column("code", "mã (code)", ("mã", "mã số", "mã thôn")),
    )
)
#: Header (folded) → column key, as the reader matches them.
COLUMN_ALIASES: Final = SPEC.aliases


@dataclass(frozen=True)
class FileRow:
    line: int  # 1-based line (CSV) or row (XLSX) number, header = 1
    name: str
    kind: str
    code: str


def _spec() -> TableSpec:
    """The spec with this module's row limit, read when used (tests lower it)."""
    return replace(SPEC, max_rows=MAX_ROWS)


def _hamlet_rows(rows: list[TableRow]) -> list[FileRow]:
    return [FileRow(row.line, row["name"], row["kind"], row["code"]) for row in rows]


def check_limits(rows: Sequence[FileRow]) -> None:
    """The limits of one hamlet list, for a file (preview, import) and for the rows a
    confirmation posts back alike: at most MAX_ROWS rows, no value over MAX_CELL_CHARS."""
    spreadsheets.check_limits(
        [
            TableRow(row.line, {"name": row.name, "kind": row.kind, "code": row.code})
            for row in rows
        ],
        MAX_ROWS,
    )


def read_csv(data: bytes) -> list[FileRow]:
    """Rows of a CSV hamlet list (comma, semicolon or tab separated)."""
    return _hamlet_rows(spreadsheets.read_csv(data, _spec()))


def read_hamlet_file(filename: str, data: bytes) -> list[FileRow]:
    """Rows of an uploaded hamlet list; the format comes from the content, then the name."""
    return _hamlet_rows(spreadsheets.read_table(filename, data, _spec()))
