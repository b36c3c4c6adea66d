"""The import templates: downloadable where a hamlet list is imported (the import page, the
API, the command line), and read back by the importer once filled in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from openpyxl import load_workbook

from app.localities import hamlet_templates
from app.localities.hamlet_files import read_hamlet_file
from app.localities.models import Locality
from app.localities.names import parse_hamlet_kind
from tests.factories import bearer, make_user, sign_in
from tests.localities.conftest import hamlet_count


def _filled_xlsx(blank: bytes, rows: list[tuple[str, str, str]]) -> bytes:
    """The template as a person fills it in (openpyxl standing in for Excel)."""
    book = load_workbook(io.BytesIO(blank))
    sheet = book["Danh sách"]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_templates_hold_the_headers_the_reader_wants() -> None:
    assert hamlet_templates.csv_template() == "\ufeffTên,Loại,Mã\r\n".encode()
    book = load_workbook(io.BytesIO(hamlet_templates.xlsx_template()))
    assert book.sheetnames == ["Danh sách", "Hướng dẫn"]  # the reader reads the first
    sheet = book["Danh sách"]
    assert [cell.value for cell in sheet[1]] == ["Tên", "Loại", "Mã"]
    (types,) = sheet.data_validations.dataValidation
    offered = types.formula1.strip('"').split(",")
    assert offered == hamlet_templates.kind_labels()
    assert all(parse_hamlet_kind(label) for label in offered)  # every offered type is read
    assert sheet.column_dimensions["C"].number_format == "@"  # codes stay text
    # Blank, each reads as "no rows" (never as an error about the columns).
    for fmt in ("csv", "xlsx"):
        with pytest.raises(ValueError, match="không có dòng dữ liệu"):
            read_hamlet_file(f"mau.{fmt}", hamlet_templates.template(fmt))


def test_downloaded_from_the_page_filled_in_and_imported(
    client: FlaskClient, an_hoi: Locality
) -> None:
    sign_in(client, make_user("o@example.vn", ("officer", an_hoi)))
    page = client.get(f"/dia-ban/{an_hoi.id}/nhap-thon").get_data(as_text=True)
    assert "/dia-ban/mau-nhap-thon.xlsx" in page and "/dia-ban/mau-nhap-thon.csv" in page

    blank = client.get("/dia-ban/mau-nhap-thon.csv")
    assert blank.status_code == 200 and blank.mimetype == "text/csv"
    assert 'filename="mau-danh-sach-thon-ap.csv"' in blank.headers["Content-Disposition"]
    filled = blank.data + "Ấp 3,Ấp,01\r\nThôn Đông,Thôn,\r\n".encode()
    preview = client.post(
        f"/dia-ban/{an_hoi.id}/nhap-thon", data={"file": (io.BytesIO(filled), "mau.csv")}
    )
    assert preview.status_code == 200 and "Không có lỗi" in preview.get_data(as_text=True)

    blank = client.get("/dia-ban/mau-nhap-thon.xlsx")
    assert blank.mimetype == hamlet_templates.FORMATS["xlsx"]
    rows = read_hamlet_file("mau.xlsx", _filled_xlsx(blank.data, [("5", "Khu phố", "05")]))
    assert [(r.name, r.kind, r.code) for r in rows] == [("5", "Khu phố", "05")]


def test_downloaded_from_the_api_filled_in_and_imported(
    client: FlaskClient, an_hoi: Locality
) -> None:
    blank = client.get("/api/v1/localities/hamlet-import-template.xlsx")
    assert blank.status_code == 200
    assert client.get("/api/v1/localities/hamlet-import-template.pdf").status_code == 404
    filled = _filled_xlsx(blank.data, [("Ấp 3", "Ấp", "01"), ("Tổ 7", "Tổ dân phố", "")])
    created = client.post(
        f"/api/v1/localities/{an_hoi.id}/hamlets/import",
        data={"file": (io.BytesIO(filled), "mau.xlsx")},
        headers=bearer(make_user("o@example.vn", ("officer", an_hoi))),
    )
    assert created.status_code == 201, created.get_json()
    assert [h["name"] for h in created.get_json()["created"]] == ["Ấp 3", "Tổ 7"]
    assert [h["code"] for h in created.get_json()["created"]] == ["01", None]
    assert hamlet_count(an_hoi) == 2
    csv = client.get("/api/v1/localities/hamlet-import-template.csv")
    assert csv.data == hamlet_templates.csv_template()


def test_command_line_writes_the_template(runner: FlaskCliRunner, tmp_path: Path) -> None:
    for name in ("mau.xlsx", "mau.CSV"):
        result = runner.invoke(args=["localities", "hamlets-template", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "mau.CSV").read_bytes() == hamlet_templates.csv_template()
    assert load_workbook(tmp_path / "mau.xlsx").sheetnames[0] == "Danh sách"
    refused = runner.invoke(args=["localities", "hamlets-template", str(tmp_path / "mau.pdf")])
    assert refused.exit_code == 2 and ".xlsx or .csv" in refused.output
