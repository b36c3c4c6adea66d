"""The dashboard's table as CSV and XLSX, opened back: STT, Đơn vị, each indicator's numerator,
denominator and percent, a "Tổng cộng" row; scope as for the page."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.extensions import db
from app.reports.models import EnteredFigure
from tests.factories import make_locality, sign_in
from tests.reports.test_dashboard import Seeded, seed

HEADER = [
    "STT",
    "Đơn vị",
    "Tiểu thương có mã QR - tiểu thương có mã QR",
    "Tiểu thương có mã QR - tiểu thương",
    "Tiểu thương có mã QR - Tỷ lệ (%)",
    "Thành viên tổ công nghệ số - thành viên",
]


@pytest.fixture
def seeded(app: Flask) -> Seeded:
    return seed(app)


def test_csv_opens_back_with_the_report_layout(client: FlaskClient, seeded: Seeded) -> None:
    places = seeded.places
    sign_in(client, seeded.province_officer)
    answer = client.get(f"/bao-cao/{places.province.id}/bang.csv?as_of=2026-10-20")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    disposition = answer.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="bang-chi-tieu-tinh-phu-thinh-2026-10-20.csv"'
    rows = list(csv.reader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    assert rows == [
        HEADER,
        ["1", "Xã An Bình", "5", "10", "50.0", "4"],
        ["2", "Xã Bình Minh", "1", "5", "20.0", "0"],
        ["", "Tổng cộng", "6", "15", "40.0", "4"],
    ]


def test_xlsx_opens_back_with_openpyxl(client: FlaskClient, seeded: Seeded) -> None:
    sign_in(client, seeded.admin)
    answer = client.get("/bao-cao/bang.xlsx?as_of=2026-10-20")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.get_data()))
    table = book["Bảng chỉ tiêu"]
    rows = [list(row) for row in table.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Tỉnh Phú Thịnh"][2:] == [6, 15, 40.0, 4]
    assert by_name["Tỉnh Hà Sơn"][2:] == [0, 0, None, 7]
    assert rows[-1] == [None, "Tổng cộng", 6, 15, 40.0, 11]
    assert sorted(row[0] for row in rows[1:-1]) == [1, 2]
    about = {row[0]: row[1] for row in book["Thông tin"].iter_rows(min_row=2, values_only=True)}
    assert about["Đơn vị"] == "Cả nước"
    assert about["Số liệu đến hết ngày"].date() == date(2026, 10, 20)
    assert about["Kỳ báo cáo"] == "Tháng 11/2026"


def test_a_name_like_a_formula_stays_text(client: FlaskClient, seeded: Seeded) -> None:
    make_locality("=HYPERLINK(1)", "commune", seeded.places.province)
    sign_in(client, seeded.admin)
    answer = client.get(f"/bao-cao/{seeded.places.province.id}/bang.csv?as_of=2026-10-20")
    assert "'=HYPERLINK(1)" in answer.get_data().decode("utf-8-sig")


def test_exports_keep_scope_and_refuse_a_future_day(client: FlaskClient, seeded: Seeded) -> None:
    sign_in(client, seeded.commune_viewer)
    assert client.get(f"/bao-cao/{seeded.places.province.id}/bang.csv").status_code == 403
    assert client.get("/bao-cao/bang.xlsx").status_code == 403
    answer = client.get(f"/bao-cao/{seeded.places.commune_a.id}/bang.csv?as_of=2999-01-01")
    assert answer.status_code == 422
    assert client.get(f"/bao-cao/{seeded.places.commune_a.id}/bang.pdf").status_code == 404


def test_entered_figures_follow_the_computed_ones_with_their_sources(
    client: FlaskClient, seeded: Seeded
) -> None:
    places = seeded.places
    for locality, numerator, source in [
        (places.commune_a, 9, "Sở Công Thương"),
        (places.hamlet, 2, "Thôn tự đếm"),
    ]:
        db.session.add(
            EnteredFigure(
                indicator="test.vendors_with_qr",
                locality_id=locality.id,
                period="2026-11",
                numerator=numerator,
                denominator=10,
                source=source,
            )
        )
    db.session.commit()
    sign_in(client, seeded.province_officer)
    answer = client.get(f"/bao-cao/{places.province.id}/bang.xlsx?as_of=2026-10-20")
    rows = [
        list(row)
        for row in load_workbook(io.BytesIO(answer.get_data())).active.iter_rows(values_only=True)
    ]
    entered = "Tiểu thương có mã QR - nhập tay"
    assert rows[0] == [
        *HEADER,
        f"{entered} - tiểu thương có mã QR",
        f"{entered} - tiểu thương",
        f"{entered} - Tỷ lệ (%)",
        f"{entered} - Nguồn",
    ]
    by_name = {row[1]: row for row in rows[1:]}
    # beside the computed 5/10, never added to them
    assert by_name["Xã An Bình"][2:] == [
        5,
        10,
        50.0,
        4,
        11,
        20,
        55.0,
        "Sở Công Thương; Thôn tự đếm",
    ]
    assert by_name["Xã Bình Minh"][6:] == [None, None, None, None]
    assert by_name["Tổng cộng"][6:] == [11, 20, 55.0, "Sở Công Thương; Thôn tự đếm"]
