"""Importing a market's or a street's roster from CSV/XLSX: the preview names every bad row and
field, duplicates are found within the file and against the place's vendors, and an import
writes every row through the feature's services or none."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from openpyxl import Workbook
from sqlalchemy import func, select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.markets import imports, services
from app.markets.models import ParticipationStep, Stall, Vendor, VendorAccount
from tests.localities.conftest import cp1258_bytes
from tests.markets.conftest import ACCOUNT, BANK, World, add_vendor

HEADER = "Họ tên,Điện thoại,Mặt hàng,Số sạp,Khu,Ngân hàng,Số tài khoản,Chủ tài khoản,Tham gia,Lý do"
GOOD = (
    HEADER + "\n"
    "Nguyễn Thị Lan,0912 345 678,Rau,A12,Khu A,VietinBank,113366668888,NGUYEN THI LAN,có,\n"
    "Trần Văn Bảy,,Cá,1,,,,,không,Người cao tuổi\n"
    "Lê Thị Hoa,0987654321,Thịt,,,ICB,0123456789,,Có,\n"
)


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _problems(preview: imports.VendorPreview) -> dict[int, dict[str, list[str]]]:
    return {draft.line: draft.errors for draft in preview.rows if not draft.ok}


@pytest.fixture
def request_context(app: Flask) -> object:
    with app.test_request_context():
        yield None


def test_a_good_file_is_previewed_then_imported(world: World, request_context: object) -> None:
    preview = imports.preview_file(world.officer_a, world.market, "ds.csv", GOOD.encode())
    assert preview.valid and len(preview.rows) == 3
    assert _count(Vendor) == 0  # a preview writes nothing
    created = imports.import_file(world.officer_a, world.market, "ds.csv", GOOD.encode())
    lan, bay, hoa = created
    assert (lan.name, lan.phone, [s.number for s in lan.stalls]) == (
        "Nguyễn Thị Lan",
        "0912345678",
        ["A12"],
    )
    new_stall = lan.stalls[0]
    assert (new_stall.section, new_stall.goods) == ("Khu A", "Rau")  # added: it did not exist
    assert [s.id for s in bay.stalls] == [world.stalls[0].id]  # stall "1" existed: assigned
    assert lan.primary_account is not None
    assert (lan.primary_account.bank_bin, lan.primary_account.number) == (BANK, ACCOUNT)
    assert lan.primary_account.holder_name == "NGUYEN THI LAN"
    assert hoa.primary_account is not None and hoa.primary_account.bank_bin == BANK
    assert [(s.status, s.reason) for s in lan.steps] == [("enrolled", None)]
    assert [(s.status, s.reason) for s in bay.steps] == [("not_taking_part", "elderly")]
    # Audited as single creations are.
    entities = db.session.scalars(select(AuditEntry.entity).where(AuditEntry.action == "create"))
    made = list(entities)
    assert made.count("vendor") == 3 and made.count("participation_step") == 3
    assert made.count("vendor_account") == 2 and made.count("stall") == 3 + 1


def test_wrong_columns_name_what_is_missing(world: World, request_context: object) -> None:
    with pytest.raises(DomainError) as caught:
        imports.preview_file(world.officer_a, world.market, "x.csv", b"ten,so dien thoai\nA,1\n")
    error = caught.value
    assert (error.field, error.code) == ("file", "markets.file_columns_missing")
    assert "tham gia (taking part)" in error.message and "'so dien thoai'" in error.message


def test_windows_1258_and_utf16_files_are_read(world: World, request_context: object) -> None:
    text = "Họ tên,Tham gia,Lý do\nTrần Văn Bảy,không,Người cao tuổi\nNguyễn Thị Lan,có,\n"
    for data in (cp1258_bytes(text), text.encode("utf-16")):
        preview = imports.preview_file(world.officer_a, world.market, "ds.csv", data)
        assert [d.given["name"] for d in preview.rows] == ["Trần Văn Bảy", "Nguyễn Thị Lan"]
        assert preview.valid and preview.rows[0].reason == "elderly"


def test_an_xlsx_from_excel_is_read_with_numbers_as_text(
    world: World, request_context: object
) -> None:
    data = _xlsx(
        [
            ["Name", "Phone", "Stall", "Bank", "Account", "Taking part", "Reason"],
            ["Chị Năm", 912345678, 7, "970415", 113366668888, "yes", None],
            ["Bà Tư", None, None, None, None, "no", "no_smartphone"],
        ]
    )
    preview = imports.preview_file(world.officer_a, world.market, "ds.xlsx", data)
    assert preview.valid, _problems(preview)
    first, second = preview.rows
    assert (first.phone, first.stalls, first.account) == ("0912345678", ["7"], ACCOUNT)
    assert (second.taking_part, second.reason) == (False, "no_smartphone")


def test_formula_cells_are_refused_for_their_row(world: World, request_context: object) -> None:
    data = _xlsx(
        [
            ["Họ tên", "Điện thoại", "Tham gia"],
            ["Chị Năm", "=1+1", "có"],
            ["Bà Tư", "", "có"],
        ]
    )
    preview = imports.preview_file(world.officer_a, world.market, "ds.xlsx", data)
    assert list(_problems(preview)) == [2]
    assert _problems(preview)[2]["phone"] == [
        "Ô B2 ('=1+1') là công thức bảng tính: hãy ghi giá trị, không ghi công thức."
    ]
    csv_formula = 'Họ tên,Tham gia\n=HYPERLINK("http://x"),có\n'
    preview = imports.preview_file(world.officer_a, world.market, "ds.csv", csv_formula.encode())
    assert "Ô A2 " in _problems(preview)[2]["name"][0]
    # Rows posted back have no cells to name: the message names the value.
    (posted,) = imports.check_drafts(
        world.market, imports.drafts_from_rows([{"line": 2, "name": "=1", "taking_part": "có"}])
    )
    assert posted.errors["name"][0].startswith("Ô '=1' là công thức")


def test_duplicates_within_the_file_and_against_the_market(
    world: World, request_context: object
) -> None:
    held = add_vendor(world, "Cô Ba", phone="0911 111.111", stall_ids=[world.stalls[1].id])
    services.add_account(world.officer_a, held, {"bank": BANK, "number": ACCOUNT})
    text = (
        "Họ tên,Điện thoại,Số sạp,Ngân hàng,Số tài khoản,Tham gia\n"
        "A,0911111111,,,,có\n"  # phone of Cô Ba
        "B,,2,,,có\n"  # stall 2 is Cô Ba's
        "C,,,VietinBank,113366668888,có\n"  # Cô Ba's account
        "D,0922222222,9,Vietcombank,0123456789,có\n"
        "E,0922222222,9,Vietcombank,0123456789,có\n"  # all three repeat row 5
    )
    problems = _problems(
        imports.preview_file(world.officer_a, world.market, "ds.csv", text.encode())
    )
    assert "Cô Ba" in problems[2]["phone"][0]
    assert "Cô Ba" in problems[3]["stall"][0]
    assert "Cô Ba" in problems[4]["account"][0]
    assert 5 not in problems
    assert set(problems[6]) == {"phone", "stall", "account"}
    assert all("dòng 5" in messages[0] for messages in problems[6].values())


def test_unknown_bank_and_bad_account(world: World, request_context: object) -> None:
    text = (
        "Họ tên,Ngân hàng,Số tài khoản,Tham gia\n"
        "A,Ngân hàng Mặt Trăng,123456,có\n"
        "B,VietinBank,12 ab!,có\n"
        "C,,123456,có\n"
    )
    problems = _problems(
        imports.preview_file(world.officer_a, world.market, "ds.csv", text.encode())
    )
    assert "Ngân hàng Mặt Trăng" in problems[2]["bank"][0]
    assert list(problems[3]) == ["account"]
    assert list(problems[4]) == ["bank"]


def test_taking_part_and_reasons(world: World, request_context: object) -> None:
    text = (
        "Họ tên,Tham gia,Lý do\n"
        "A,,\n"
        "B,có lẽ,\n"
        "C,không,\n"
        "D,không,Trời mưa\n"
        "E,có,Người cao tuổi\n"
        "F,Không,lo ngai ve thue\n"
    )
    problems = _problems(
        imports.preview_file(world.officer_a, world.market, "ds.csv", text.encode())
    )
    assert list(problems) == [2, 3, 4, 5, 6]
    assert "taking_part" in problems[2] and "có lẽ" in problems[3]["taking_part"][0]
    assert "reason" in problems[4] and "Người cao tuổi" in problems[5]["reason"][0]
    assert "reason" in problems[6]


def test_one_bad_row_and_nothing_is_written(world: World, request_context: object) -> None:
    bad = GOOD + "Ông Sáu,abc,,,,,,,có,\n"
    stalls_before = _count(Stall)
    with pytest.raises(imports.VendorRowsError) as caught:
        imports.import_file(world.officer_a, world.market, "ds.csv", bad.encode())
    assert caught.value.errors == {
        "line 5": [f"phone: {caught.value.drafts[3].errors['phone'][0]}"]
    }
    assert "1/4 dòng có lỗi" in caught.value.message
    assert (_count(Vendor), _count(VendorAccount), _count(ParticipationStep)) == (0, 0, 0)
    assert _count(Stall) == stalls_before


def test_a_failure_while_writing_leaves_nothing(
    world: World, request_context: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing even when a service refuses in the middle of the writing."""
    calls = []
    real = services.record_step

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise DomainError("markets.step_in_future", "effective_on")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "record_step", failing)
    with pytest.raises(DomainError):
        imports.import_file(world.officer_a, world.market, "ds.csv", GOOD.encode())
    assert (_count(Vendor), _count(VendorAccount), _count(ParticipationStep)) == (0, 0, 0)
    assert _count(Stall) == 3


def test_an_officer_imports_only_where_they_manage(world: World, request_context: object) -> None:
    for user in (world.officer_b, world.viewer_a):
        with pytest.raises(DomainError) as caught:
            imports.preview_file(user, world.market, "ds.csv", GOOD.encode())
        assert caught.value.status == 403
        with pytest.raises(DomainError):
            imports.import_file(user, world.market, "ds.csv", GOOD.encode())
    assert _count(Vendor) == 0


def test_a_street_roster(world: World, request_context: object) -> None:
    street = services.create_street(
        world.officer_a, {"name": "Phố Hàng Đào", "locality_id": world.places.commune_a.id}
    )
    text = (
        "Họ tên,Số nhà,Loại hình kinh doanh,Số sạp,Tham gia\n"
        "Tiệm Bình An,25,Hộ kinh doanh,,có\n"
        "Tiệm Hoa,26,,A1,có\n"
    )
    problems = _problems(imports.preview_file(world.officer_a, street, "ds.csv", text.encode()))
    assert list(problems) == [3] and list(problems[3]) == ["stall"]
    fixed = text.replace(",A1,", ",,").encode()
    shop, _hoa = imports.import_file(world.officer_a, street, "ds.csv", fixed)
    assert (shop.street_id, shop.house_number, shop.business_kind) == (
        street.id,
        "25",
        "Hộ kinh doanh",
    )


def test_confirmed_rows_keep_the_file_limits(world: World, request_context: object) -> None:
    rows = [{"line": 2, "name": "A" * 1001, "taking_part": "có"}]
    with pytest.raises(DomainError) as caught:
        imports.drafts_from_rows(rows)
    assert caught.value.field == "file" and "1000" in caught.value.message
    odd = imports.drafts_from_rows([{"line": 10**30, "name": ["x"], "taking_part": 7}])
    assert (odd[0].line, odd[0].given["name"], odd[0].given["taking_part"]) == (1, "", "7")
    with pytest.raises(DomainError) as caught:
        imports.import_drafts(world.officer_a, world.market, [])
    assert caught.value.code == "markets.import_no_rows"
