"""Every registered indicator — the features' own, with the teams' topics as the admin keeps
them (a seeded topic renamed, with markup in its name, and one added) — through every output of
the reports: the dashboard page, its CSV and XLSX tables, the indicators API, the printable
report, its DOCX, XLSX appendices and PDF. The other report tests use hand-made registries."""

from __future__ import annotations

import csv
import io

import openpyxl
from docx import Document
from flask import Flask
from flask.testing import FlaskClient

from app.reports.rollup import all_indicators
from app.teams import services as teams
from tests.factories import Places, bearer, make_user, sign_in
from tests.reports.document_fixtures import past_period

RENAMED = "VNeID mức 2 <b>&"
ADDED = "Chữ ký số cá nhân"


def test_every_indicator_through_every_output(
    app: Flask, client: FlaskClient, places: Places
) -> None:
    admin = make_user("admin@x.vn", "admin")
    teams.seed_topics()
    vneid = next(t for t in teams.topics() if t.code == "vneid")
    teams.update_topic(admin, vneid, {"name": RENAMED})
    teams.add_topic(admin, {"code": "chu_ky_so", "name": ADDED, "outcome": "chứng thư số"})
    codes = [item.code for item in all_indicators()]
    assert {"markets.vendors_with_qr", "events.gift_qr_events", "teams.members"} <= set(codes)
    assert {"teams.outcome_vneid", "teams.outcome_chu_ky_so", "reports.on_time"} <= set(codes)
    sign_in(client, admin)
    province = places.province.id

    page = client.get(f"/bao-cao/{province}?indicator=teams.outcome_vneid")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "VNeID mức 2 &lt;b&gt;&amp;" in html and RENAMED not in html  # escaped
    assert ADDED in html

    table = client.get(f"/bao-cao/{province}/bang.csv")
    rows = list(csv.reader(io.StringIO(table.get_data(as_text=True).lstrip("\ufeff"))))
    header = " | ".join(rows[0] + rows[1]) if len(rows) > 1 else rows[0][0]
    assert RENAMED in header and ADDED in header
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/bao-cao/{province}/bang.xlsx").data))
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value}
    assert any(RENAMED in value for value in cells) and any(ADDED in value for value in cells)

    listed = client.get("/api/v1/reports/indicators", headers=bearer(admin)).get_json()
    labels = {item["code"]: item["label"] for item in listed}
    assert labels["teams.outcome_vneid"] == RENAMED and labels["teams.outcome_chu_ky_so"] == ADDED

    base = f"/bao-cao/{province}/ky/{past_period().key}"
    printable = client.get(f"{base}/in")
    assert printable.status_code == 200 and RENAMED not in printable.get_data(as_text=True)
    docx = client.get(f"{base}/bao-cao.docx")
    assert docx.status_code == 200
    texts = [
        cell.text
        for table in Document(io.BytesIO(docx.data)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert any(RENAMED in text for text in texts)
    appendix = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/phu-luc.xlsx").data))
    cells = {
        str(c.value) for sheet in appendix for row in sheet.iter_rows() for c in row if c.value
    }
    assert any(ADDED in value for value in cells)
    pdf = client.get(f"{base}/bao-cao.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
