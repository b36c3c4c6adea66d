"""The columns of a team's member list and activity list as people keep them in Excel, and the
blank lists they download, fill in and import. Pure: no Flask, no database.

Headers are Vietnamese (English aliases are read too). The activity list has one column per
topic in use ("Kết quả: Ví điện tử…", or the topic's code as header) holding how many people got
that outcome, so its spec is built from the topic list at the time of the import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final, Literal

from app.spreadsheets import Column, Sheet, TableSpec, write_csv, write_xlsx

ListKind = Literal["members", "activities"]
LIST_KINDS: Final = ("members", "activities")
#: A topic as the activity list names it: (code, name).
TopicColumn = tuple[str, str]
OUTCOME_PREFIX: Final = "outcome:"

MEMBER_COLUMNS: Final = (
    Column("name", "họ tên (name)", ("họ tên", "họ và tên", "tên"), required=True),
    Column("role", "vai trò (role)", ("vai trò", "chức vụ")),
    Column("phone", "điện thoại (phone)", ("điện thoại", "số điện thoại", "sđt", "phone number")),
    Column(
        "joined_on",
        "ngày vào tổ (joined on)",
        ("ngày vào tổ", "ngày tham gia", "joined", "joined on"),
        required=True,
    ),
    Column("left_on", "ngày rời tổ (left on)", ("ngày rời tổ", "left", "left on")),
    Column("note", "ghi chú (note)", ("ghi chú",)),
)
MEMBER_SPEC: Final = TableSpec(MEMBER_COLUMNS)
MEMBER_HEADERS: Final = {
    "name": "Họ tên",
    "role": "Vai trò",
    "phone": "Điện thoại",
    "joined_on": "Ngày vào tổ",
    "left_on": "Ngày rời tổ",
    "note": "Ghi chú",
}
ACTIVITY_COLUMNS: Final = (
    Column("held_on", "ngày (date)", ("ngày", "ngày hoạt động", "held on", "date"), required=True),
    Column("topic", "chủ đề (topic)", ("chủ đề", "nội dung"), required=True),
    Column("place", "địa điểm (place)", ("địa điểm", "nơi")),
    Column(
        "people_reached",
        "số người (people reached)",
        ("số người", "số người được hỗ trợ", "people reached", "people"),
    ),
    Column("result", "kết quả (result)", ("kết quả", "ghi chú kết quả")),
)
ACTIVITY_HEADERS: Final = {
    "held_on": "Ngày",
    "topic": "Chủ đề",
    "place": "Địa điểm",
    "people_reached": "Số người",
    "result": "Kết quả",
}
FILENAMES: Final = {
    "members": "mau-thanh-vien-to-cong-nghe-so",
    "activities": "mau-hoat-dong-to-cong-nghe-so",
}
_DAY_FORMS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


def outcome_header(name: str) -> str:
    return f"Kết quả: {name}"


def activity_spec(topics: Sequence[TopicColumn]) -> TableSpec:
    """The activity list's columns with one outcome column per topic."""
    outcome_columns = tuple(
        Column(
            OUTCOME_PREFIX + code,
            f"{outcome_header(name)} ({code})",
            (outcome_header(name), code, name),
        )
        for code, name in topics
    )
    return TableSpec(ACTIVITY_COLUMNS + outcome_columns)


def read_day(text: str) -> date | None:
    """A date as people type it (25/03/2026, 25-3-2026, 2026-03-25) or as an XLSX cell holds
    it (days since 1899-12-30); None when it is not one."""
    text = text.strip()
    if text.isdigit() and 20000 <= int(text) <= 80000:
        return _EXCEL_EPOCH + timedelta(days=int(text))
    text = text.split(" ")[0]  # "2026-03-25 00:00:00" from a date cell written as text
    for form in _DAY_FORMS:
        found = form.match(text)
        if found:
            try:
                return date(int(found["y"]), int(found["m"]), int(found["d"]))
            except ValueError:
                return None
    return None


def _member_rows() -> list[list[str]]:
    return [
        ["Nguyễn Văn An", "Tổ trưởng", "0912345678", "15/07/2025", "", ""],
        ["Trần Thị Bình", "Tổ viên", "0987654321", "15/07/2025", "", "Đoàn thanh niên"],
    ]


def _activity_rows(topics: Sequence[TopicColumn]) -> list[list[str]]:
    first = topics[0][1] if topics else ""
    outcomes = ["23" if index == 0 else "" for index in range(len(topics))]
    return [["20/11/2026", first, "Nhà văn hoá thôn Đông", "40", "Hướng dẫn tại chỗ", *outcomes]]


def header(kind: ListKind, topics: Sequence[TopicColumn] = ()) -> list[str]:
    if kind == "members":
        return list(MEMBER_HEADERS.values())
    return [*ACTIVITY_HEADERS.values(), *(outcome_header(name) for _code, name in topics)]


def instructions(kind: ListKind) -> list[str]:
    """The instructions sheet's lines (Vietnamese: the template is a Vietnamese document)."""
    if kind == "members":
        return [
            "Mỗi thành viên một dòng, dưới dòng tiêu đề (giữ nguyên dòng tiêu đề).",
            "Họ tên và ngày vào tổ: bắt buộc. Vai trò: tổ trưởng, tổ phó hoặc tổ viên "
            "(để trống là tổ viên). Ngày ghi dạng 25/03/2026.",
            "Một người (cùng số điện thoại, hoặc cùng họ tên khi không có số) không ở hai tổ "
            "của cùng một địa bàn trong cùng thời gian.",
        ]
    return [
        "Mỗi hoạt động một dòng, dưới dòng tiêu đề (giữ nguyên dòng tiêu đề).",
        "Ngày và chủ đề: bắt buộc; ngày không được sau hôm nay. Chủ đề: tên hoặc mã chủ đề "
        "trong danh sách đang dùng.",
        "Các cột 'Kết quả: …': số người nhận được kết quả đó (số nguyên, không âm).",
    ]


def csv_template(kind: ListKind, topics: Sequence[TopicColumn] = ()) -> bytes:
    """The header row and example rows, UTF-8 with BOM (the examples are to be replaced)."""
    rows = _member_rows() if kind == "members" else _activity_rows(topics)
    return write_csv(header(kind, topics), rows)


def xlsx_template(kind: ListKind, topics: Sequence[TopicColumn] = ()) -> bytes:
    """A workbook: the list (headers and example rows) and the instructions."""
    rows = _member_rows() if kind == "members" else _activity_rows(topics)
    columns = header(kind, topics)
    notes = [[line] for line in instructions(kind)]
    return write_xlsx(
        [
            Sheet("Danh sách", columns, rows, [22 for _column in columns]),
            Sheet("Hướng dẫn", ["Hướng dẫn"], notes, [100]),
        ]
    )
