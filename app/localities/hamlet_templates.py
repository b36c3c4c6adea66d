"""The blank hamlet lists people download, fill in and import (CSV and XLSX). Pure: no Flask,
no database.

The headers are the Vietnamese column names the reader (`hamlet_files`) accepts, so that a
downloaded template, filled in, imports as it is. The CSV is the kernel's (`app.spreadsheets`:
UTF-8 with BOM); the workbook is written with openpyxl as an ordinary one (write-only sheets have
no drop-down lists), its text cells guarded as the kernel's writer guards them; its first sheet is
the list (the one the reader reads) with a drop-down of the hamlet types and the code column
kept as text (so "01" stays "01"), its second sheet the instructions.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Final

from babel.numbers import format_decimal
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from app.localities.hamlet_files import COLUMN_ALIASES, MAX_ROWS
from app.localities.models import HAMLET_KINDS, KIND_LABELS
from app.spreadsheets import FORMATS, guard_sheet, write_csv

__all__ = ["FORMATS", "HEADERS", "csv_template", "download", "template", "xlsx_template"]
from app.vietqr.text import fold

#: The template's header row: name, type, code (each a heading the reader knows).
HEADERS: Final = ("Tên", "Loại", "Mã")
assert [COLUMN_ALIASES[fold(header)] for header in HEADERS] == ["name", "kind", "code"]

FILENAME: Final = "mau-danh-sach-thon-ap"

#: Rows shown as examples on the instructions sheet (never on the list itself: an example left
#: in the list would be imported).
EXAMPLES: Final = (("Ấp 3", "Ấp", "AP03"), ("Thôn Đông", "Thôn", ""), ("5", "Khu phố", "KP5"))


def kind_labels() -> list[str]:
    """The hamlet types as the template offers them (Thôn, Ấp, Bản, Khu phố, Tổ dân phố …)."""
    return [KIND_LABELS[kind] for kind in HAMLET_KINDS]


@cache
def csv_template() -> bytes:
    """The header row as CSV in UTF-8 with a byte order mark (so Excel reads Vietnamese)."""
    return write_csv(HEADERS, [])


@cache
def xlsx_template() -> bytes:
    """A workbook: the list (headers, a type drop-down, text codes) and the instructions."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABC", (32, 16, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions["C"].number_format = "@"  # codes are text: "01" stays "01"
    last = MAX_ROWS + 1
    types = DataValidation(
        type="list",
        formula1='"' + ",".join(kind_labels()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",  # other spellings the importer reads (TDP, KP) are allowed
        errorTitle="Loại thôn/ấp",
        error="Nên chọn một loại trong danh sách: " + ", ".join(kind_labels()) + ".",
    )
    types.add(f"B2:B{last}")
    sheet.add_data_validation(types)

    notes = book.create_sheet("Hướng dẫn")
    notes.column_dimensions["A"].width = 100
    for line in (
        "Điền danh sách thôn/ấp vào trang 'Danh sách', mỗi thôn/ấp một dòng, "
        "dưới dòng tiêu đề (giữ nguyên dòng tiêu đề).",
        "Tên: bắt buộc, ví dụ 'Ấp 3', 'Thôn Đông'; chỉ ghi '3' thì loại được thêm vào: 'Ấp 3'.",
        "Loại: bắt buộc, một trong: " + ", ".join(kind_labels()) + ".",
        "Mã: không bắt buộc; chữ, số, '.', '_' hoặc '-', tối đa 20 ký tự, không trùng trong xã.",
        f"Tối đa {format_decimal(MAX_ROWS, locale='vi')} dòng một tệp.",
        "Tải tệp lên trang 'Nhập thôn/ấp từ tệp' của xã/phường: mọi dòng được kiểm tra và "
        "xem trước, chưa ghi gì cho đến khi bạn xác nhận.",
        "",
        "Ví dụ:",
    ):
        notes.append([line])
    notes.append(list(HEADERS))
    for example in EXAMPLES:
        notes.append(list(example))
    for written in (sheet, notes):
        guard_sheet(written)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template(fmt: str) -> bytes:
    """The template in `fmt` ("csv" or "xlsx")."""
    return csv_template() if fmt == "csv" else xlsx_template()


def download(fmt: str) -> tuple[bytes, dict[str, str]]:
    """The template in `fmt` and the headers of its download (type, attachment name)."""
    return template(fmt), {
        "Content-Type": FORMATS[fmt],
        "Content-Disposition": f'attachment; filename="{FILENAME}.{fmt}"',
    }
