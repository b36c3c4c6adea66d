"""Importing a guest list (app.events.guest_files): headers in Vietnamese with or without
diacritics or in English, CSV in UTF-8 (BOM or not) or Windows-1258, XLSX; wrong columns and
garbled encodings refused by name; a preview that writes nothing and names each bad row; an
import of all rows or none; the templates read back."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator

import pytest
from flask import Flask
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.errors import DomainError
from app.events import guest_files, guests
from app.events.models import Guest
from app.extensions import db
from tests.events.test_guests import Party, make_party

HEADER = "Họ tên,Xưng hô,Điện thoại,Nhóm,Bên,Mời bởi\n"
GOOD = HEADER + (
    "Trần Văn Nam,anh,0912 345 678,Bạn chú rể,Nhà trai,Chú rể\n"
    "Lê Thị Hoa,chị,,Đồng nghiệp,nhà gái,Cô dâu\n"
    "Đặng Văn Đức,bác,912000111,Họ hàng,NHA TRAI,Bố chú rể\n"
)


#: The tone marks Windows-1258 writes as combining characters after the letter.
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Text as Vietnamese Excel writes Windows-1258: the letter with its shape (â, ơ, ư…)
    precomposed where the code page has it, then the tone mark as a combining character."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            shape = "".join(mark for mark in marks if mark not in TONES)
            tone = "".join(mark for mark in marks if mark in TONES)
            out += unicodedata.normalize("NFC", base + shape).encode("cp1258")
            out += tone.encode("cp1258")
    return bytes(out)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Guest)) or 0


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _problems(preview: guest_files.GuestPreview) -> dict[int, dict[str, list[str]]]:
    return {draft.line: draft.errors for draft in preview.rows if not draft.ok}


@pytest.fixture
def party(app: Flask) -> Iterator[Party]:
    with app.test_request_context():
        yield make_party()


def test_a_good_file_is_previewed_then_imported(party: Party) -> None:
    preview = guest_files.preview_file(party.owner, party.event.id, "khach.csv", GOOD.encode())
    assert preview.valid and len(preview.rows) == 3
    assert [draft.side.id for draft in preview.rows if draft.side] == [
        party.groom,
        party.bride,
        party.groom,
    ]
    assert _count() == 0  # a preview writes nothing

    created = guest_files.import_file(party.owner, party.event.id, "khach.csv", GOOD.encode())
    assert [(g.name, g.honorific, g.phone, g.group_name, g.invited_by) for g in created] == [
        ("Trần Văn Nam", "anh", "+84912345678", "Bạn chú rể", "Chú rể"),
        ("Lê Thị Hoa", "chị", "", "Đồng nghiệp", "Cô dâu"),
        ("Đặng Văn Đức", "bác", "+84912000111", "Họ hàng", "Bố chú rể"),  # the lost 0 back
    ]
    assert len({g.code for g in created}) == 3 and len({g.token for g in created}) == 3


@pytest.mark.parametrize(
    "header",
    [
        "Ho ten,Xung ho,Dien thoai,Nhom,Ben,Moi boi\n",
        "Full name,Title,Phone,Group,Side,Invited by\n",
        "HỌ VÀ TÊN;XƯNG HÔ;SĐT;NHÓM;BÊN;NGƯỜI MỜI\n",
    ],
)
def test_headers_without_diacritics_or_in_english(party: Party, header: str) -> None:
    body = GOOD.split("\n", 1)[1]
    if ";" in header:
        body = body.replace(",", ";")
    preview = guest_files.preview_file(
        party.owner, party.event.id, "khach.csv", (header + body).encode("utf-8-sig")
    )
    assert preview.valid and preview.rows[0].cleaned["phone"] == "+84912345678"


def test_windows_1258_is_read_and_garbled_text_is_refused_clearly(party: Party) -> None:
    preview = guest_files.preview_file(party.owner, party.event.id, "k.csv", cp1258_bytes(GOOD))
    assert preview.valid and preview.rows[2].given["name"] == "Đặng Văn Đức"

    # UTF-8 opened as Windows-1252 and saved again; and Windows-1252, which has no "ọ".
    garbled = GOOD.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    lossy = GOOD.encode("cp1252", errors="replace")
    for data in (garbled, lossy):
        with pytest.raises(DomainError) as refused:
            guest_files.preview_file(party.owner, party.event.id, "k.csv", data)
        assert (refused.value.code, refused.value.field) == ("events.file_not_utf8", "file")
        assert "CSV UTF-8" in refused.value.message


def test_wrong_columns_are_named(party: Party) -> None:
    with pytest.raises(DomainError) as missing:
        guest_files.preview_file(
            party.owner, party.event.id, "k.csv", b"Ten khach moi,Phone\nNam,0912345678\n"
        )
    assert missing.value.code == "events.file_columns_missing"
    assert "họ tên (name)" in missing.value.message and "'Ten khach moi'" in missing.value.message

    with pytest.raises(DomainError) as unknown:
        guest_files.preview_file(
            party.owner, party.event.id, "k.csv", "STT,Họ tên,Số ĐT\n1,Nam,0912\n".encode()
        )
    assert unknown.value.code == "events.file_columns_unknown"
    assert "'Số ĐT'" in unknown.value.message and "STT" not in unknown.value.message

    with pytest.raises(DomainError) as unknown_xlsx:
        guest_files.preview_file(
            party.owner, party.event.id, "k.xlsx", _xlsx([["Họ tên", "Quà"], ["Nam", "x"]])
        )
    assert "'Quà'" in unknown_xlsx.value.message


def test_row_errors_are_named_and_nothing_is_written(party: Party) -> None:
    guests.add_guest(
        party.owner,
        party.event.id,
        {"name": "Có sẵn", "phone": "0987654321", "side_id": party.groom},
    )
    bad = HEADER + (
        "Trần Văn Nam,anh,0912345678,,Nhà trai,\n"  # 2: fine
        ",chị,,,Nhà gái,\n"  # 3: no name
        "Lê Văn Ba,,0912.345.678,,Nhà trai,\n"  # 4: the phone of line 2
        "Phạm Văn Tư,,0987 654 321,,Nhà trai,\n"  # 5: an existing guest's phone
        "Ngô Thị Năm,,,,Nhà ngoại,\n"  # 6: no such side
        "Vũ Văn Sáu,,,,,\n"  # 7: two sides: which one?
        "Hồ Văn Bảy,,=HYPERLINK(1),,Nhà trai,\n"  # 8: a formula
        "Lý Văn Tám,,abc,,Nhà trai,\n"  # 9: not a phone
    )
    preview = guest_files.preview_file(party.owner, party.event.id, "k.csv", bad.encode())
    problems = _problems(preview)
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 9]
    assert problems[3] == {"name": ["Hãy nhập họ tên khách."]}
    assert problems[4] == {"phone": ["Trùng số điện thoại với dòng 2."]}
    assert problems[5] == {"phone": ["Số điện thoại này đã có ở khách Có sẵn."]}
    assert "Nhà trai, Nhà gái" in problems[6]["side"][0]
    assert "side" in problems[7]
    assert "C8" in problems[8]["phone"][0]
    assert "abc" in problems[9]["phone"][0]
    assert _count() == 1

    with pytest.raises(guest_files.GuestRowsError) as refused:
        guest_files.import_file(party.owner, party.event.id, "k.csv", bad.encode())
    assert refused.value.status == 422
    assert sorted(refused.value.errors) == [f"line {n}" for n in (3, 4, 5, 6, 7, 8, 9)]
    assert _count() == 1  # all or nothing

    # The same phone on the other side is another guest of that side.
    other_side = HEADER + "Bạn chung,,0987654321,,Nhà gái,\n"
    assert guest_files.preview_file(party.owner, party.event.id, "k.csv", other_side.encode()).valid


def test_a_side_for_the_whole_file_and_a_side_host(party: Party) -> None:
    body = "Họ tên,Điện thoại\nTrần Văn Nam,0912345678\nLê Thị Hoa,\n"
    created = guest_files.import_file(
        party.owner, party.event.id, "k.csv", body.encode(), side_id=party.bride
    )
    assert {g.side_id for g in created} == {party.bride}

    # The bride's mother manages her side only: an empty Bên is hers, Nhà trai is refused.
    mine = "Họ tên,Bên\nNgô Văn Chín,\nĐỗ Thị Mười,Nhà trai\n"
    preview = guest_files.preview_file(party.bride_mother, party.event.id, "k.csv", mine.encode())
    assert preview.rows[0].ok and preview.rows[0].side is not None
    assert preview.rows[0].side.id == party.bride
    assert "Nhà trai" in _problems(preview)[3]["side"][0]
    with pytest.raises(DomainError) as not_theirs:
        guest_files.preview_file(
            party.bride_mother, party.event.id, "k.csv", body.encode(), side_id=party.groom
        )
    assert not_theirs.value.status == 403
    with pytest.raises(DomainError) as stranger:
        guest_files.preview_file(party.stranger, party.event.id, "k.csv", body.encode())
    assert stranger.value.status == 404


def test_xlsx_and_the_templates_read_back(party: Party) -> None:
    rows: list[list[object]] = [
        ["Họ tên", "Xưng hô", "Điện thoại", "Bên"],
        ["Trần Văn Nam", "anh", 912345678, "Nhà trai"],
    ]
    preview = guest_files.preview_file(party.owner, party.event.id, "k.xlsx", _xlsx(rows))
    assert preview.valid and preview.rows[0].cleaned["phone"] == "+84912345678"

    book = load_workbook(io.BytesIO(guest_files.template("xlsx")[0]))
    sheet = book["Danh sách"]
    assert [c.value for c in sheet[1]] == [
        "Họ tên",
        "Xưng hô",
        "Điện thoại",
        "Nhóm",
        "Bên",
        "Mời bởi",
    ]
    assert sheet["A2"].value == "Trần Văn Nam"
    for fmt in ("csv", "xlsx"):
        data, headers = guest_files.template(fmt)
        assert f"mau-danh-sach-khach-moi.{fmt}" in headers["Content-Disposition"]
        filled = guest_files.preview_file(party.owner, party.event.id, f"t.{fmt}", data)
        assert filled.valid, filled.rows[0].errors


def test_a_confirmed_preview_is_checked_again(party: Party) -> None:
    preview = guest_files.preview_file(party.owner, party.event.id, "k.csv", GOOD.encode())
    rows = [draft.posted() for draft in preview.rows]
    guests.add_guest(
        party.owner,
        party.event.id,
        {"name": "Nhanh tay", "phone": "0912345678", "side_id": party.groom},
    )
    with pytest.raises(guest_files.GuestRowsError):
        guest_files.import_drafts(party.owner, party.event.id, guest_files.drafts_from_rows(rows))
    assert _count() == 1
    with pytest.raises(DomainError) as empty:
        guest_files.import_drafts(party.owner, party.event.id, [])
    assert empty.value.code == "events.import_no_rows"
