"""Sign PDFs: valid, right page size and count, real Vietnamese text, a QR that scans in print."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from app.render import RenderError, Sign, render_sign_pdf

from .conftest import PAYLOAD, media_box, page_count, zxing_texts

PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
A6 = (297.64, 419.53)
A4 = (595.28, 841.89)


def _signs(n: int, sign: Sign) -> list[Sign]:
    return [replace(sign, account=f"11336666{i:04d}", amount=1000 * (i + 1)) for i in range(n)]


def test_a6_one_sign_per_page(sign: Sign) -> None:
    data = render_sign_pdf([sign])
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert media_box(data) == A6
    assert page_count(data) == 1
    assert page_count(render_sign_pdf(_signs(3, sign), page="A6")) == 3


@pytest.mark.parametrize(("n", "pages"), [(1, 1), (3, 1), (4, 1), (5, 2), (8, 2), (9, 3)])
def test_a4_four_per_page(sign: Sign, n: int, pages: int) -> None:
    data = render_sign_pdf(_signs(n, sign), page="A4")
    assert media_box(data) == A4
    assert page_count(data) == pages


def test_pdf_deterministic(sign: Sign) -> None:
    signs = _signs(5, sign)
    assert render_sign_pdf(signs, page="A4") == render_sign_pdf(signs, page="A4")
    assert render_sign_pdf([sign]) != render_sign_pdf([replace(sign, amount=1)])


def test_pdf_embeds_subset_font(sign: Sign) -> None:
    data = render_sign_pdf([sign])
    assert b"/FontFile2" in data
    assert b"BeVietnamPro" in data
    assert b"/CreationDate (D:20240101000000Z)" in data


def test_pdf_errors(sign: Sign) -> None:
    with pytest.raises(RenderError) as err:
        render_sign_pdf([sign], page="Letter")
    assert err.value.field == "page"
    assert str(err.value) == "page: got 'Letter', allowed A6, A4"
    with pytest.raises(RenderError) as err:
        render_sign_pdf([])
    assert err.value.field == "signs"


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_is_real_vietnamese(sign: Sign, tmp_path: Path) -> None:
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(render_sign_pdf(_signs(2, sign), page="A4"))
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for needle in (
        "NGUYỄN THỊ HỒNG ĐÀO",
        "Sạp cá cô Đào",
        "Quét mã để thanh toán",
        "VietQR",
        "Số tài khoản",
        "Ủng hộ quỹ vắc xin",
        "1.000 đ",
        "2.000 đ",
        "113366660001",
    ):
        assert needle in text, needle


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("page", ["A6", "A4"])
def test_printed_qr_scans(sign: Sign, page: str, tmp_path: Path) -> None:
    """Rasterise the PDF at a modest 100 dpi and decode every sign's QR from the page image."""
    signs = (
        [replace(sign, payload=f"{PAYLOAD[:-4]}{i:04d}") for i in range(4)]
        if page == "A4"
        else [sign]
    )
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(render_sign_pdf(signs, page=page))
    assert PDFTOPPM is not None
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "100", "-gray", str(pdf), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p*.png"))
    assert len(pages) == 1
    with Image.open(pages[0]) as im:
        found = zxing_texts(im.convert("L"))
    assert sorted(found) == sorted(s.payload for s in signs)


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_has_no_control_characters(sign: Sign, tmp_path: Path) -> None:
    dirty = replace(
        sign,
        account_name="Nguyễn\x01 Thị\x1b Hồng\u202e Đào\x7f",
        purpose="Ủng hộ\x0b quỹ\x85 vắc xin\ufffe",
        title="Quét\x08 mã",
    )
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(render_sign_pdf([dirty]))
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "NGUYỄN THỊ HỒNG ĐÀO" in text and "Ủng hộ quỹ vắc xin" in text
    assert all(ch.isprintable() or ch in "\n\f" for ch in text), repr(text)
