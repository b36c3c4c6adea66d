"""A dashboard's table as a file (CSV or XLSX) in the layout Vietnamese reports use: STT, Đơn vị,
then each indicator's numerator, denominator and percent (a count has its number only), and a
last row "Tổng cộng" for the unit itself. Figures officers entered for the period follow, for
each indicator that has any, marked "nhập tay" and with their sources, beside (never added to)
the computed ones.

Written through the kernel's guarded writers (`app.spreadsheets`), so a unit's name can never
run as a formula. The file is a Vietnamese document whatever the reader's language.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale

from app.indicators import Indicator
from app.reports.dashboard import Dashboard, Row
from app.reports.rollup import Figure
from app.spreadsheets import FORMATS, Sheet, write_csv, write_xlsx
from app.vietqr.text import fold

COUNTRY = "Cả nước"
TOTAL = "Tổng cộng"
ENTERED = "nhập tay"


def _entered_indicators(board: Dashboard) -> list[Indicator]:
    """The indicators for which an officer entered a figure anywhere in the table."""
    lines = [*board.rows, board.total]
    return [item for item in board.indicators if any(item.code in row.entered for row in lines)]


def header(board: Dashboard) -> list[str]:
    """STT, Đơn vị, then per indicator: "<label> - <numerator>", "<label> - <denominator>",
    "<label> - Tỷ lệ (%)" for a share, "<label> - <what it counts>" for a count; then the
    entered figures the same way ("<label> - nhập tay - …") with their sources."""
    columns = ["STT", "Đơn vị"]
    with force_locale("vi"):
        for item in board.indicators:
            columns += _columns(str(item.label), item)
        for item in _entered_indicators(board):
            label = f"{item.label} - {ENTERED}"
            columns += [*_columns(label, item), f"{label} - Nguồn"]
    return columns


def _columns(label: str, item: Indicator) -> list[str]:
    if item.is_share:
        return [
            f"{label} - {item.numerator_label}",
            f"{label} - {item.denominator_label}",
            f"{label} - Tỷ lệ (%)",
        ]
    return [f"{label} - {item.numerator_label}"]


def _figure_cells(item: Indicator, figure: Figure | None) -> list[object]:
    cells: list[object] = [figure.numerator if figure else None]
    if item.is_share:
        percent = figure.percent if figure else None
        cells += [
            figure.denominator if figure else None,
            round(percent, 1) if percent is not None else None,
        ]
    return cells


def _cells(board: Dashboard, row: Row) -> list[object]:
    cells: list[object] = []
    for item in board.indicators:
        cells += _figure_cells(item, row.figures.get(item.code))
    for item in _entered_indicators(board):
        cells += _figure_cells(item, row.entered.get(item.code))
        cells.append("; ".join(row.sources.get(item.code, [])) or None)
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
            [
                "Nguồn",
                "Tính từ dữ liệu Quét; các cột “nhập tay” là số cán bộ nhập cho kỳ báo cáo, "
                "kèm nguồn, để bên cạnh (không cộng vào) số tính được",
            ],
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
