"""The encoders side by side: libzint (default), zxing-cpp and qrcode give symbols that decode back
to their payload at level M, with the version chosen by the content; libzint's are the very
symbols zxing-cpp made (it calls libzint inside), so the PNG bytes did not change."""

from __future__ import annotations

import io
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from app.render import render_png
from app.render.images import png_bytes_1bit, png_geometry
from app.render.symbol import (
    DEFAULT_ENCODER,
    ENCODERS,
    HAS_ZINT,
    Symbol,
    _encode_qrcode,
    _encode_zint,
    _encode_zxing,
    encode,
)

from .conftest import PAYLOAD

ROOT = Path(__file__).resolve().parents[2]
BASE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "54{amount_len:02d}{amount}5802VN6222{purpose_len:02d}{purpose}6304{crc}"
)
pytestmark = pytest.mark.skipif(not HAS_ZINT, reason="zint-bindings wheel missing")


def vietqr(amount: int, purpose: str) -> str:
    """A VietQR-shaped payload (117-149 characters for these amounts and purposes)."""
    a = str(amount)
    crc = f"{zlib.crc32((a + purpose).encode()) & 0xFFFF:04X}"
    return BASE.format(
        amount_len=len(a), amount=a, purpose_len=len(purpose), purpose=purpose, crc=crc
    )


def decode_symbol(sym: Symbol) -> tuple[str, str, int]:
    """Decode a Symbol at 4 px a module, 4 modules of quiet zone: (text, EC level, version)."""
    side = (sym.width + 8) * 4
    img = Image.new("L", (side, side), 255)
    img.paste(
        Image.frombytes("L", (sym.width, sym.width), sym.pixels).resize((sym.width * 4,) * 2),
        (16, 16),
    )
    found = zxingcpp.read_barcodes(
        img, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    assert len(found) == 1
    return found[0].text, found[0].ec_level, (sym.width - 17) // 4


def test_zint_is_the_default() -> None:
    assert DEFAULT_ENCODER == "zint"
    assert ENCODERS == ("zint", "zxing", "qrcode")


@settings(max_examples=150, deadline=None)
@given(
    amount=st.integers(min_value=1_000, max_value=10**13),
    purpose=st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz0123456789", max_size=25
    ),
)
def test_zint_symbols_decode_back_at_level_m(amount: int, purpose: str) -> None:
    payload = vietqr(amount, purpose)
    sym = _encode_zint(payload)
    text, ec_level, version = decode_symbol(sym)
    assert (text, ec_level) == (payload, "M")
    # the same symbol as zxing-cpp's writer (which runs libzint inside): same version and mask
    assert sym == _encode_zxing(payload)
    assert 1 <= version <= 40


def test_version_follows_the_content() -> None:
    widths = [_encode_zint(p).width for p in ("HELLO", PAYLOAD, "x" * 500, "x" * 2331)]
    assert widths == sorted(widths) and len(set(widths)) == 4
    assert widths[0] == 21 and widths[-1] == 177  # version 1 and version 40


@pytest.mark.parametrize("payload", ["HELLO", PAYLOAD, "x" * 300, "Nguyễn Thị Hồng Đào"])
def test_all_encoders_decode_to_the_same_payload(payload: str) -> None:
    for encoder in ENCODERS:
        png = render_png(payload, encoder=encoder)
        with Image.open(io.BytesIO(png)) as im:
            texts = [b.text for b in zxingcpp.read_barcodes(im.convert("L"))]
        assert texts == [payload], encoder
    assert decode_symbol(_encode_qrcode(payload))[:2] == (payload, "M")


def test_zint_png_bytes_match_zxing() -> None:
    for amount in range(100_000, 100_040):
        payload = vietqr(amount, "Ung Ho Quy Vac Xin")
        assert render_png(payload, encoder="zint") == render_png(payload, encoder="zxing")


def test_png_writer_any_size() -> None:
    """The 1-bit writer at sizes that are and are not multiples of 8, read back by Pillow."""
    sym = encode(PAYLOAD)
    for size in (64, 100, 203, 400, 401, 777, 2000):
        scale, offset = png_geometry(sym.width, size, 4)
        with Image.open(io.BytesIO(png_bytes_1bit(sym, size, scale, offset))) as im:
            assert im.size == (size, size) and im.mode == "1"
            crop = im.convert("L").crop(
                (offset, offset, offset + sym.width * scale, offset + sym.width * scale)
            )
            assert (
                crop.resize((sym.width, sym.width), Image.Resampling.NEAREST).tobytes()
                == sym.pixels
            )


def test_fallback_without_zint() -> None:
    """With zint unimportable, encoder="zint" quietly uses zxing-cpp, and qrcode without both."""
    code = (
        "import sys; sys.modules['zint'] = None\n"
        "from app.render.symbol import HAS_ZINT, encode, _encode_zxing\n"
        "assert not HAS_ZINT\n"
        "assert encode('HELLO VIETQR', encoder='zint') == _encode_zxing('HELLO VIETQR')\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    code = (
        "import sys; sys.modules['zint'] = None; sys.modules['zxingcpp'] = None\n"
        "from app.render.symbol import encode, _encode_qrcode\n"
        "assert encode('HELLO VIETQR') == _encode_qrcode('HELLO VIETQR')\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
