"""A dashboard's table as a file (CSV or XLSX) in the layout Vietnamese reports use: STT, Đơn vị,
then each indicator's numerator, denominator and percent (a count has its number only), and a
last row "Tổng cộng" for the unit itself.

Written through the kernel's guarded writers (`app.spreadsheets`), so a unit's name can never
run as a formula. The file is a Vietnamese document whatever the reader's language.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale

from app.reports.dashboard import Dashboard, Row
from app.spreadsheets import FORMATS, Sheet, write_csv, write_xlsx
from app.vietqr.text import fold

COUNTRY = "Cả nước"
TOTAL = "Tổng cộng"


def header(board: Dashboard) -> list[str]:
    """STT, Đơn vị, then per indicator: "<label> - <numerator>", "<label> - <denominator>",
    "<label> - Tỷ lệ (%)" for a share, "<label> - <what it counts>" for a count."""
    columns = ["STT", "Đơn vị"]
    with force_locale("vi"):
        for item in board.indicators:
            label = str(item.label)
            columns.append(f"{label} - {item.numerator_label}")
            if item.is_share:
                columns += [f"{label} - {item.denominator_label}", f"{label} - Tỷ lệ (%)"]
    return columns


def _cells(board: Dashboard, row: Row) -> list[object]:
    cells: list[object] = []
    for item in board.indicators:
        figure = row.figures.get(item.code)
        cells.append(figure.numerator if figure else None)
        if item.is_share:
            percent = figure.percent if figure else None
            cells += [
                figure.denominator if figure else None,
                round(percent, 1) if percent is not None else None,
            ]
    return cells


def unit_name(board: Dashboard) -> str:
    return board.locality.name if board.locality is not None else COUNTRY


def rows(board: Dashboard) -> list[list[object]]:
    """One row per child (numbered), then "Tổng cộng"."""
    body: list[list[object]] = []
    for number, row in enumerate(board.rows, 1):
        name = row.locality.name if row.locality is not None else ""
        body.append([number, name, *_cells(board, row)])
    body.append(["", TOTAL, *_cells(board, board.total)])
    return body


def filename(board: Dashboard, fmt: str) -> str:
    """An ASCII file name: "bang-chi-tieu-tinh-vinh-long-2026-11-20.xlsx"."""
    slug = "-".join(fold(unit_name(board)).split())[:60]
    slug = "".join(char for char in slug if char.isalnum() or char == "-") or "don-vi"
    return f"bang-chi-tieu-{slug}-{board.as_of.isoformat()}.{fmt}"


def export(board: Dashboard, fmt: str) -> tuple[bytes, dict[str, str]]:
    """The board's table as `fmt` ("csv" or "xlsx") and the headers of its download. The
    XLSX has a second sheet naming the unit, the day, the period and the data's origin."""
    head = header(board)
    body = rows(board)
    if fmt == "csv":
        data = write_csv(head, body)
    else:
        about: list[list[Any]] = [
            ["Đơn vị", unit_name(board)],
            ["Số liệu đến hết ngày", board.as_of],
            ["Kỳ báo cáo", board.period.label()],
            ["Nguồn", "Tính từ dữ liệu Quét (số liệu nhập tay không có trong bảng này)"],
        ]
        data = write_xlsx(
            [
                Sheet("Bảng chỉ tiêu", head, body, [6, 32, *([18] * (len(head) - 2))]),
                Sheet("Thông tin", ["Mục", "Nội dung"], about, [24, 60]),
            ]
        )
    return data, {
        "Content-Type": FORMATS[fmt],
        "Content-Disposition": f'attachment; filename="{filename(board, fmt)}"',
    }
