"""The table card: an A5 or A6 PDF with one page per side with an account, rasterised and its
codes decoded back to each side's payload (side code as purpose); Vietnamese text kept."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.codes import services as codes
from app.events import public
from app.extensions import db
from app.vietqr import decode_payload
from tests.factories import Places, make_event, make_user, sign_in

PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")


def _event() -> tuple[Any, Any]:
    host = make_user("host@x.vn", "host")
    event = make_event(host, Places().commune_a, title="Lễ cưới Đặng Minh & Nguyễn Thị Lan")
    event.sides[1].hosts_names = "Ông Nguyễn Văn Hải – Bà Trần Thị Lụa"
    db.session.commit()
    return host, event


@pytest.mark.skipif(PDFTOPPM is None or PDFTOTEXT is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("size", ["A5", "A6"])
def test_the_card_decodes_back_to_each_sides_code(
    client: FlaskClient, tmp_path: Path, size: str
) -> None:
    host, event = _event()
    sign_in(client, host)
    response = client.get(f"/su-kien/{event.id}/thiep-ban.pdf?kho={size}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(response.data)
    assert PDFTOPPM is not None and PDFTOTEXT is not None
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "150", "-gray", str(pdf), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2
    expected = [public.side_code(side) for side in event.sides]
    for page, side, made in zip(pages, event.sides, expected, strict=True):
        (payload,) = codes.codes_in_photo(page.read_bytes())
        assert made is not None and payload == made.payload
        assert decode_payload(payload).code.purpose == side.code
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Lễ cưới Đặng Minh & Nguyễn Thị Lan" in text
    assert "Ông Nguyễn Văn Hải – Bà Trần Thị Lụa" in text
    assert event.sides[0].code in text


def test_page_size_and_sides_without_account(app: Flask, client: FlaskClient) -> None:
    host, event = _event()
    sign_in(client, host)
    wrong = client.get(f"/su-kien/{event.id}/thiep-ban.pdf?kho=A4")
    assert wrong.status_code == 422
    assert "Khổ thiệp phải là A5 hoặc A6." in wrong.get_data(as_text=True)
    a6 = client.get(f"/su-kien/{event.id}/thiep-ban.pdf?kho=A6")
    assert b"/MediaBox [0 0 297.64 419.53]" in a6.data
    for side in event.sides:
        side.account_number = ""
    db.session.commit()
    none = client.get(f"/su-kien/{event.id}/thiep-ban.pdf")
    assert none.status_code == 409
    assert "Chưa bên nào có tài khoản nhận mừng" in none.get_data(as_text=True)
    stranger = app.test_client()
    sign_in(stranger, make_user("other@x.vn", "host"))
    assert stranger.get(f"/su-kien/{event.id}/thiep-ban.pdf").status_code == 404
