"""The kernel's spreadsheet machinery on its own: a column spec read from CSV (any of the
encodings people's Excel writes) and XLSX, refusals with reasons, and writers whose text cells
Excel never runs as formulas. Pure: it runs without Flask or SQLAlchemy."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from app import spreadsheets
from app.spreadsheets import (
    Column,
    Sheet,
    SheetFileError,
    TableSpec,
    formula_start,
    read_table,
    write_csv,
    write_xlsx,
)
from tests.purity import assert_runs_without_web_stack

SPEC = TableSpec(
    (
        Column("name", "họ tên (name)", ("họ tên", "tên"), required=True),
        Column("phone", "điện thoại (phone)", ("điện thoại", "sđt")),
        Column("taking_part", "tham gia (taking part)", ("tham gia",), required=True),
    )
)
TEXT = "Họ Tên;SĐT;Tham gia;Cột lạ\nCô Đào;0912;có;x\n;;;\nBác Ba;;không;\n"


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _values(rows: list[spreadsheets.TableRow]) -> list[tuple[int, dict[str, str]]]:
    return [(row.line, dict(row.values)) for row in rows]


EXPECTED = [
    (2, {"name": "Cô Đào", "phone": "0912", "taking_part": "có"}),
    (4, {"name": "Bác Ba", "phone": "", "taking_part": "không"}),
]


def test_runs_without_the_web_stack() -> None:
    assert_runs_without_web_stack(
        "from app.spreadsheets import read_table, write_xlsx, TableSpec, Column"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_csv_in_the_encodings_excel_writes(encoding: str) -> None:
    assert _values(read_table("ds.csv", TEXT.encode(encoding), SPEC)) == EXPECTED


def test_headers_are_matched_folded_and_missing_ones_named() -> None:
    rows = read_table("ds.csv", "HO TEN,tham gia\nA,có\n".encode(), SPEC)
    assert _values(rows) == [(2, {"name": "A", "phone": "", "taking_part": "có"})]
    with pytest.raises(SheetFileError) as caught:
        read_table("ds.csv", b"ten,phone number\nA,1\n", SPEC)
    error = caught.value
    assert (error.reason, error.field) == ("columns_missing", "file")
    assert error.params["missing"] == "tham gia (taking part)"
    assert "'phone number'" in error.message
    assert "điện thoại (phone) (không bắt buộc)" in error.message
    with pytest.raises(SheetFileError, match="cần một dòng tiêu đề"):
        read_table("ds.csv", b"\n\n", SPEC)


def test_xlsx_rows_and_formula_cells_read_as_their_text() -> None:
    data = _xlsx([["Họ tên", "Điện thoại", "Tham gia"], ["Cô Đào", 912345678, "có"]])
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    sheet.append(["Bác Ba", "=A2&1", "không"])
    out = io.BytesIO()
    book.save(out)
    rows = read_table("ds.xlsx", out.getvalue(), SPEC)
    assert [row["phone"] for row in rows] == ["912345678", "=A2&1"]
    assert formula_start(rows[1]["phone"]) == "="
    assert (rows[1].cell("phone"), rows[1].cell("taking_part")) == ("B3", "C3")
    csv_row = read_table("ds.csv", TEXT.encode(), SPEC)[1]
    assert (csv_row.cell("name"), csv_row.cell("phone")) == ("A4", "B4")


def test_limits_come_from_the_spec() -> None:
    small = TableSpec(SPEC.columns, max_rows=2)
    text = "tên,tham gia\n" + "".join(f"A{n},có\n" for n in range(3))
    with pytest.raises(SheetFileError, match="hơn 2 dòng"):
        read_table("ds.csv", text.encode(), small)
    with pytest.raises(SheetFileError, match="hơn 2 dòng"):
        read_table(
            "ds.xlsx", _xlsx([["tên", "tham gia"], *[[f"A{n}", "có"] for n in range(3)]]), small
        )


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"x", "format"), (b"\xff\xfea\x00\x00\xd8", "encoding")],
)
def test_refusals_keep_their_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SheetFileError) as caught:
        read_table("ds.xls" if reason == "format" else "ds.csv", data, SPEC)
    assert caught.value.reason == reason and caught.value.message == spreadsheets.REASONS[reason]


@pytest.mark.parametrize("value", ["=1+1", "+84912", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_csv_writer_guards_formula_like_text(value: str) -> None:
    data = write_csv(["Tên", "Số"], [[value, 12], ["An", None]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["Tên", "Số"], ["'" + value, "12"], ["An", ""]]


def test_xlsx_writer_writes_text_as_inert_strings() -> None:
    evil = '=HYPERLINK("http://x.example","bấm")'
    data = write_xlsx([Sheet("Danh sách", ["Tên", "Số"], [[evil, 7], ["-x", "An"]], [20, 8])])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    cells = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [[c.value for c in row] for row in cells] == [["Tên", "Số"], [evil, 7], ["-x", "An"]]
    assert cells[1][0].data_type == "s" and cells[1][0].quotePrefix
    assert cells[2][0].quotePrefix and not cells[2][1].quotePrefix
    assert cells[1][1].data_type == "n"
    assert cells[0][0].font.bold
    # Read back by our own reader: the text as written.
    rows = read_table("x.xlsx", data, TableSpec((Column("name", "tên", ("tên",), True),)))
    assert [row["name"] for row in rows] == [evil, "-x"]
