"""The report sent upward: its content, the DOCX opened back with python-docx, the XLSX with
openpyxl, the PDF through pdftotext and pdftoppm, and who may read it."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from app.accounts.models import OFFICER, VIEWER
from app.reports import document
from app.reports.document import more_than
from app.reports.models import Target
from tests.factories import Places, make_locality, make_user, sign_in
from tests.reports.document_fixtures import future_period, past_period, seed

SCREENSHOTS = Path(__file__).parents[1] / "screenshots"
HEADLINE = (
    "1/2 xã, phường, đặc khu có Tổ công nghệ số cộng đồng; 1/1 thôn, ấp, khu phố; 5 thành viên"
)


def _url(places: Places, suffix: str, locality: Any = None) -> str:
    unit = locality or places.province
    return f"/bao-cao/{unit.id}/ky/{past_period().key}/{suffix}"


@pytest.fixture
def seeded(app: Flask, places: Places) -> Places:
    seed(app, places)
    return places


@pytest.fixture
def officer(app: Flask, client: FlaskClient, seeded: Places) -> FlaskClient:
    sign_in(client, make_user("can-bo@example.vn", (OFFICER, seeded.province)))
    return client


def test_content_headline_tables_and_trend(app: Flask, seeded: Places) -> None:
    content = document.build(seeded.province, past_period())
    assert content.headline_text == HEADLINE
    assert [group.title for group in content.groups] == [
        "Tổ công nghệ số cộng đồng",
        "Chợ 4.0",
    ]
    teams = content.groups[0]
    rows = dict(teams.rows)
    assert list(rows) == ["Xã An Bình", "Xã Bình Minh"]
    assert rows["Xã An Bình"]["teams.communes_with_team"].percent == 100.0
    assert rows["Xã Bình Minh"]["teams.communes_with_team"].percent == 0.0
    assert rows["Xã An Bình"]["teams.members"].numerator == 5  # the hamlet's team rolls up
    assert teams.total["teams.communes_with_team"].denominator == 2
    markets = content.groups[1]
    assert markets.total["markets.with_model"].percent == 75.0
    assert content.trend and content.trend[-1].period.key == past_period().key
    assert content.trend[-1].figures["teams.members"].numerator == 5
    assert content.issuer.body == "UBND TỈNH PHÚ THỊNH"
    assert content.issuer.place == "Phú Thịnh"
    assert [chart.group for chart in content.charts] == [teams.title, markets.title, ""]


def test_headline_rounds_members_down_and_skips_missing_indicators(app: Flask) -> None:
    assert more_than(1234) == (True, 1200)
    assert more_than(1200) == (False, 1200)
    assert more_than(57) == (False, 57)
    figures = {"teams.members": document.Figure(1234)}
    assert document.headline(figures) == ["hơn 1.200 thành viên"]
    assert document.headline({}) == []


def test_target_progress(app: Flask, seeded: Places, db: Any) -> None:
    db.session.add(
        Target(
            indicator="teams.communes_with_team",
            locality_id=seeded.province.id,
            year=past_period().year,
            value=100,
        )
    )
    db.session.commit()
    content = document.build(seeded.province, past_period())
    [line] = content.targets
    assert line.reached == 50.0 and line.progress == 50.0


def test_docx_header_headline_and_tables(officer: FlaskClient, seeded: Places) -> None:
    answer = officer.get(_url(seeded, "bao-cao.docx"))
    assert answer.status_code == 200
    assert answer.mimetype.endswith("wordprocessingml.document")
    assert "bao-cao-tinh-phu-thinh-" in answer.headers["Content-Disposition"]
    doc = Document(io.BytesIO(answer.data))
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert left.paragraphs[0].text == "UBND TỈNH PHÚ THỊNH"
    assert "Số: …/BC-UBND" in [p.text for p in left.paragraphs]
    title, motto = right.paragraphs[0], right.paragraphs[1]
    assert title.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and title.runs[0].bold
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.runs[0].underline
    place = right.paragraphs[-1]
    assert place.text.startswith("Phú Thịnh, ngày ") and place.runs[0].italic
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert any(text.startswith("Kết quả chuyển đổi số cộng đồng") for text in texts)
    assert f"Kết quả nổi bật: {HEADLINE}." in texts
    teams = doc.tables[1]
    cells = [[cell.text for cell in row.cells] for row in teams.rows]
    assert cells[2][:5] == ["1", "Xã An Bình", "1", "1", "100%"]
    assert cells[3][:5] == ["2", "Xã Bình Minh", "0", "1", "0%"]
    assert cells[-1][1:5] == ["Tổng cộng", "1", "2", "50%"]
    assert cells[-1][-1] == "5"  # members
    fonts = {run.font.name for p in doc.paragraphs for run in p.runs if run.text}
    assert fonts == {"Times New Roman"}
    sizes = {run.font.size.pt for p in doc.paragraphs for run in p.runs if run.text}
    assert sizes <= {13.0, 14.0}
    signer = doc.tables[-1].rows[0].cells[1].paragraphs[0].text
    assert signer == "TM. UBND TỈNH PHÚ THỊNH"


def test_docx_number_and_issuing_body_from_the_query(officer: FlaskClient, seeded: Places) -> None:
    answer = officer.get(
        _url(seeded, "bao-cao.docx")
        + "?co_quan=Ban Chỉ đạo CĐS tỉnh&so=12/BC-BCĐ&dia_danh=Thành Lập"
    )
    doc = Document(io.BytesIO(answer.data))
    left, right = doc.tables[0].rows[0].cells
    assert left.paragraphs[0].text == "BAN CHỈ ĐẠO CĐS TỈNH"
    assert "Số: 12/BC-BCĐ" in [p.text for p in left.paragraphs]
    assert right.paragraphs[-1].text.startswith("Thành Lập, ngày ")


def test_too_long_number_is_refused_for_a_file_and_shown_beside_the_field(
    officer: FlaskClient, seeded: Places
) -> None:
    long_number = "9" * (document.NUMBER_LIMIT + 1)
    assert officer.get(_url(seeded, "bao-cao.docx") + f"?so={long_number}").status_code == 422
    page = officer.get(_url(seeded, "in") + f"?so={long_number}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="e-f-so"' in html and "…/BC-UBND" in html


def test_xlsx_appendices_one_sheet_per_group(officer: FlaskClient, seeded: Places) -> None:
    answer = officer.get(_url(seeded, "phu-luc.xlsx"))
    assert answer.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(answer.data), read_only=True)
    assert book.sheetnames == ["Tổ công nghệ số cộng đồng", "Chợ 4.0"]
    rows = list(book["Tổ công nghệ số cộng đồng"].iter_rows(values_only=True))
    assert rows[0][:5] == (
        "STT",
        "Đơn vị",
        "Xã có Tổ CNS: xã có tổ",
        "Xã có Tổ CNS: xã",
        "Xã có Tổ CNS: %",
    )
    assert rows[1][:5] == (1, "Xã An Bình", 1, 1, 100)
    assert rows[-1][1:5] == ("Tổng cộng", 1, 2, 50)
    markets = list(book["Chợ 4.0"].iter_rows(values_only=True))
    assert markets[1] == (1, "Xã An Bình", 3, 4, 75)
    book.close()


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")
def test_pdf_has_the_headline_and_is_not_blank(
    officer: FlaskClient, seeded: Places, tmp_path: Path
) -> None:
    answer = officer.get(_url(seeded, "bao-cao.pdf"))
    assert answer.status_code == 200 and answer.data.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(answer.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "1/2 xã, phường, đặc khu có Tổ công nghệ số cộng đồng" in flat
    assert "5 thành viên" in flat
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    [png] = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > image.width * image.height * 0.01  # text, tables and bars are drawn
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copy(png, SCREENSHOTS / "report-document-pdf-page1.png")


def test_page_shows_the_report(officer: FlaskClient, seeded: Places) -> None:
    html = officer.get(_url(seeded, "in")).get_data(as_text=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert HEADLINE in html
    assert html.count("<svg") == 3
    assert "/bao-cao.docx" in html and "/phu-luc.xlsx" in html and "/bao-cao.pdf" in html


@pytest.mark.parametrize("suffix", ["in", "bao-cao.docx", "bao-cao.pdf", "phu-luc.xlsx"])
def test_anonymous_goes_to_the_login(client: FlaskClient, seeded: Places, suffix: str) -> None:
    answer = client.get(_url(seeded, suffix))
    assert answer.status_code == 302 and "/dang-nhap" in answer.headers["Location"]
    as_json = client.get(_url(seeded, suffix), headers={"Accept": "application/json"})
    assert as_json.status_code == 401


@pytest.mark.parametrize("suffix", ["in", "bao-cao.docx", "bao-cao.pdf", "phu-luc.xlsx"])
def test_outside_the_scope_is_forbidden(client: FlaskClient, seeded: Places, suffix: str) -> None:
    sign_in(client, make_user("xa-c@example.vn", (OFFICER, seeded.commune_c)))
    assert client.get(_url(seeded, suffix)).status_code == 403
    assert client.get(_url(seeded, suffix, seeded.commune_a)).status_code == 403


def test_a_viewer_reads_their_commune_only(client: FlaskClient, seeded: Places) -> None:
    sign_in(client, make_user("xem@example.vn", (VIEWER, seeded.commune_a)))
    assert client.get(_url(seeded, "in", seeded.commune_a)).status_code == 200
    assert client.get(_url(seeded, "in")).status_code == 403
    doc = Document(io.BytesIO(client.get(_url(seeded, "bao-cao.docx", seeded.commune_a)).data))
    assert doc.tables[0].rows[0].cells[0].paragraphs[0].text == "UBND XÃ AN BÌNH"


@pytest.mark.parametrize("suffix", ["in", "bao-cao.docx", "bao-cao.pdf", "phu-luc.xlsx"])
def test_a_period_in_the_future_is_refused(
    officer: FlaskClient, seeded: Places, suffix: str
) -> None:
    answer = officer.get(f"/bao-cao/{seeded.province.id}/ky/{future_period().key}/{suffix}")
    assert answer.status_code == 422
    assert "chưa bắt đầu" in answer.get_data(as_text=True)


def test_bad_period_and_unknown_or_legacy_unit_are_not_found(
    officer: FlaskClient, seeded: Places
) -> None:
    assert officer.get(f"/bao-cao/{seeded.province.id}/ky/2026-13/in").status_code == 404
    assert officer.get(f"/bao-cao/{seeded.province.id}/ky/hom-nay/in").status_code == 404
    assert officer.get(f"/bao-cao/999999/ky/{past_period().key}/in").status_code == 404
    legacy = make_locality("Huyện Cũ", "district", seeded.province, era="legacy")
    assert officer.get(_url(seeded, "in", legacy)).status_code == 404


def test_report_without_any_indicator(app: Flask, officer: FlaskClient, seeded: Places) -> None:
    from tests.reports.document_fixtures import register

    register(app, [])
    assert officer.get(_url(seeded, "in")).status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(officer.get(_url(seeded, "phu-luc.xlsx")).data))
    assert book.sheetnames == ["Phụ lục"]
    assert officer.get(_url(seeded, "bao-cao.pdf")).status_code == 200
    assert officer.get(_url(seeded, "bao-cao.docx")).status_code == 200


def test_a_wide_group_is_cut_into_tables_a_page_holds(app: Flask, places: Places) -> None:
    from tests.reports.document_fixtures import indicators

    communes, hamlets, members, markets = indicators((places.commune_a.id, 1, 2))
    group = document.GroupTable("Nhóm", [communes, hamlets, members, markets], [], {})
    assert group.parts(7) == [[communes, hamlets, members], [markets]]
    assert group.parts(3) == [[communes], [hamlets], [members], [markets]]
    assert group.parts(2) == [[communes], [hamlets], [members], [markets]]  # a share never splits


def test_the_date_line_pads_days_under_10_and_months_1_and_2() -> None:
    from datetime import date

    def line(day: date) -> str:
        return document.Issuer("UBND XÃ AN BÌNH", "…/BC-UBND", "An Bình", day).date_line

    assert line(date(2026, 2, 5)) == "An Bình, ngày 05 tháng 02 năm 2026"
    assert line(date(2026, 3, 5)) == "An Bình, ngày 05 tháng 3 năm 2026"
    assert line(date(2026, 11, 14)) == "An Bình, ngày 14 tháng 11 năm 2026"
