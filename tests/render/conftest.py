"""Shared data and an independent decoder for the rendering tests."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image

from app.render import Sign

PAYLOAD = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)
OTHER_PAYLOAD = (
    "00020101021138570010A000000727012700069704220113VQRQ123456780208QRIBFTTA53037045802VN6304ABCD"
)
HOLDER = "Nguyễn Thị Hồng Đào"


def zxing_texts(img: Image.Image) -> list[str]:
    """Decode every QR code in a Pillow image with zxing-cpp (the test's own call)."""
    return [
        b.text
        for b in zxingcpp.read_barcodes(
            img, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        )
    ]


def decode_bytes(data: bytes) -> list[str]:
    """Decode the QR codes of an encoded image file."""
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        return zxing_texts(im.convert("L"))


_RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z")


def rasterise_svg_path(d: str, modules: int, scale: int = 6) -> Image.Image:
    """Draw the run rectangles of our SVG path data with Pillow (no cairo needed)."""
    img = Image.new("L", (modules * scale, modules * scale), 255)
    covered = 0
    for m in _RUN.finditer(d):
        x, y, n, back = (int(g) for g in m.groups())
        assert n == back
        img.paste(0, (x * scale, y * scale, (x + n) * scale, (y + 1) * scale))
        covered += len(m.group(0))
    assert covered == len(d), "path data has parts the rasteriser did not understand"
    return img


@pytest.fixture
def sign() -> Sign:
    return Sign(
        payload=PAYLOAD,
        bank_name="VietinBank",
        account="113366668888",
        account_name=HOLDER,
        amount=79000,
        purpose="Ủng hộ quỹ vắc xin",
        title="Sạp cá cô Đào",
        footer="Kiểm tra tên người nhận trước khi chuyển",
    )


def media_box(pdf: bytes) -> tuple[float, float]:
    """The (single) MediaBox of an fpdf2 document, in pt."""
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert len(boxes) == 1, boxes
    w, h = boxes.pop()
    return float(w), float(h)


def page_count(pdf: bytes) -> int:
    """/Count of the root page tree."""
    m = re.search(rb"/Count (\d+)", pdf)
    assert m is not None
    return int(m.group(1))
