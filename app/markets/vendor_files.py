"""The columns of a vendor list (a market's or a street's roster) as people keep it in Excel, and
the blank lists they download, fill in and import. Pure: no Flask, no database.

One spec serves the import (`app.spreadsheets.read_table`), the templates and the export, so
that an exported list, edited, imports into another place as it is. Headers are Vietnamese
(English aliases are read too); a market's list has stall and section columns, a street's list
house number and kind of business.
"""

from __future__ import annotations

from functools import cache
from typing import Final, Literal

from app.spreadsheets import Column, Sheet, TableSpec, write_csv, write_xlsx
from app.vietqr.text import fold

PlaceKind = Literal["market", "street"]
PLACE_KINDS: Final = ("market", "street")

COLUMNS: Final = (
    Column(
        "name",
        "họ tên (name)",
        ("họ tên", "họ và tên", "tên", "tên tiểu thương", "tên cửa hàng"),
        required=True,
    ),
    Column("phone", "điện thoại (phone)", ("điện thoại", "số điện thoại", "sđt", "phone number")),
    Column("goods", "mặt hàng (goods)", ("mặt hàng", "ngành hàng")),
    Column("stall", "số sạp (stall)", ("số sạp", "sạp", "stall number", "stalls")),
    Column("section", "khu (section)", ("khu", "khu / dãy", "dãy")),
    Column("house_number", "số nhà (house number)", ("số nhà", "house number")),
    Column(
        "business_kind",
        "loại hình kinh doanh (business kind)",
        ("loại hình kinh doanh", "loại hình", "business kind"),
    ),
    Column("bank", "ngân hàng (bank)", ("ngân hàng",)),
    Column("account", "số tài khoản (account)", ("số tài khoản", "tài khoản", "stk")),
    Column(
        "holder_name",
        "chủ tài khoản (holder name)",
        ("chủ tài khoản", "tên chủ tài khoản", "holder name", "holder"),
    ),
    Column("taking_part", "tham gia (taking part)", ("tham gia", "taking part"), required=True),
    Column("reason", "lý do (reason)", ("lý do",)),
    Column("note", "ghi chú (note)", ("ghi chú",)),
)
SPEC: Final = TableSpec(COLUMNS)
KEYS: Final = SPEC.keys

#: The columns of each kind of place, in the order of its template and export.
PLACE_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "market": (
        "name",
        "phone",
        "goods",
        "stall",
        "section",
        "bank",
        "account",
        "holder_name",
        "taking_part",
        "reason",
        "note",
    ),
    "street": (
        "name",
        "phone",
        "goods",
        "house_number",
        "business_kind",
        "bank",
        "account",
        "holder_name",
        "taking_part",
        "reason",
        "note",
    ),
}
#: The Vietnamese header of each column (each one the reader knows).
HEADERS: Final = {
    "name": "Họ tên",
    "phone": "Điện thoại",
    "goods": "Mặt hàng",
    "stall": "Số sạp",
    "section": "Khu",
    "house_number": "Số nhà",
    "business_kind": "Loại hình kinh doanh",
    "bank": "Ngân hàng",
    "account": "Số tài khoản",
    "holder_name": "Chủ tài khoản",
    "taking_part": "Tham gia",
    "reason": "Lý do",
    "note": "Ghi chú",
}
assert all(SPEC.aliases[fold(HEADERS[key])] == key for key in KEYS)
#: Written by the export after the columns that import: read by nobody.
EXPORT_EXTRA: Final = ("Trạng thái hôm nay", "Mã biển")
#: Answers of the "taking part" column.
YES: Final = "có"
NO: Final = "không"
YES_WORDS: Final = frozenset({"co", "yes", "y", "x", "1", "true", "tham gia", "dang tham gia"})
NO_WORDS: Final = frozenset({"khong", "no", "n", "0", "false", "khong tham gia"})

FILENAMES: Final = {"market": "mau-danh-sach-tieu-thuong-cho", "street": "mau-danh-sach-tuyen-pho"}
WIDTHS: Final = {
    "name": 28,
    "phone": 14,
    "goods": 20,
    "stall": 10,
    "section": 10,
    "house_number": 10,
    "business_kind": 20,
    "bank": 14,
    "account": 18,
    "holder_name": 24,
    "taking_part": 10,
    "reason": 28,
    "note": 24,
}

#: An example row of each template (on the instructions sheet and in the CSV as a comment-free
#: example a person replaces): a vendor taking part, and one who is not.
EXAMPLES: Final[dict[str, tuple[dict[str, str], ...]]] = {
    "market": (
        {
            "name": "Nguyễn Thị Lan",
            "phone": "0912345678",
            "goods": "Rau củ",
            "stall": "A12",
            "section": "Khu A",
            "bank": "VietinBank",
            "account": "113366668888",
            "holder_name": "NGUYEN THI LAN",
            "taking_part": YES,
        },
        {
            "name": "Trần Văn Bảy",
            "goods": "Cá",
            "stall": "B3",
            "section": "Khu B",
            "taking_part": NO,
            "reason": "Người cao tuổi",
        },
    ),
    "street": (
        {
            "name": "Tiệm tạp hoá Bình An",
            "phone": "0987654321",
            "goods": "Tạp hoá",
            "house_number": "25",
            "business_kind": "Hộ kinh doanh",
            "bank": "Vietcombank",
            "account": "0123456789",
            "holder_name": "LE VAN BINH",
            "taking_part": YES,
        },
    ),
}


def header(place: str) -> list[str]:
    return [HEADERS[key] for key in PLACE_COLUMNS[place]]


def row_cells(place: str, values: dict[str, str]) -> list[str]:
    return [values.get(key, "") for key in PLACE_COLUMNS[place]]


def instructions(place: str, reasons: list[str]) -> list[str]:
    """The instructions sheet's lines (Vietnamese: the template is a Vietnamese document)."""
    where = "chợ" if place == "market" else "tuyến phố"
    lines = [
        f"Điền danh sách tiểu thương của {where} vào trang 'Danh sách', mỗi người một dòng, "
        "dưới dòng tiêu đề (giữ nguyên dòng tiêu đề).",
        "Họ tên: bắt buộc. Tham gia: bắt buộc, 'có' hoặc 'không'; khi 'không' thì ghi lý do.",
        "Lý do: một trong: " + "; ".join(reasons) + ".",
        "Ngân hàng: tên ngắn (VietinBank), mã (ICB) hoặc BIN (970415); cùng với số tài khoản và "
        "tên chủ tài khoản như ngân hàng hiện.",
    ]
    if place == "market":
        lines.append(
            "Số sạp: sạp chưa có trong chợ sẽ được thêm; nhiều sạp thì ngăn bằng dấu phẩy."
        )
    lines += [
        "Không được trùng số điện thoại, tài khoản hay số sạp với dòng khác hoặc với tiểu thương "
        "đã có.",
        "Tải tệp lên trang 'Nhập danh sách' của "
        + where
        + ": mọi dòng được kiểm tra và xem trước, chưa ghi gì cho đến khi bạn xác nhận.",
        "",
        "Ví dụ:",
    ]
    return lines


@cache
def csv_template(place: str) -> bytes:
    """The header row and the example rows, UTF-8 with BOM (the examples are to be replaced)."""
    return write_csv(header(place), [row_cells(place, row) for row in EXAMPLES[place]])


@cache
def xlsx_template(place: str, reasons: tuple[str, ...]) -> bytes:
    """A workbook: the list (headers and the example rows) and the instructions."""
    examples = [row_cells(place, row) for row in EXAMPLES[place]]
    notes: list[list[str]] = [[line] for line in instructions(place, list(reasons))]
    notes += [header(place), *examples]
    return write_xlsx(
        [
            Sheet(
                "Danh sách",
                header(place),
                examples,
                [WIDTHS[key] for key in PLACE_COLUMNS[place]],
            ),
            Sheet("Hướng dẫn", ["Hướng dẫn"], notes, [100]),
        ]
    )
