"""QR symbol encoding: the module matrix, from zxing-cpp (fast, C++) or qrcode (pure Python).

Everything here uses error correction level M and returns the symbol without a quiet zone.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import qrcode
import qrcode.constants
import qrcode.exceptions

from app.render.errors import RenderError, check_choice

try:
    import zxingcpp
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    HAS_ZXING = False
else:
    HAS_ZXING = True

ENCODERS = ("zxing", "qrcode")
MAX_PAYLOAD_CHARS = 2331  # byte mode, version 40-M; longer payloads can never fit

DARK = 0


class Symbol(NamedTuple):
    """A square QR symbol: ``width`` modules a side, ``pixels`` one byte per module, row-major,
    0 = dark and 255 = light (the layout of a Pillow "L" image)."""

    width: int
    pixels: bytes

    def runs(self) -> list[tuple[int, int, int]]:
        """Horizontal runs of dark modules as ``(row, first column, length)``."""
        out: list[tuple[int, int, int]] = []
        w = self.width
        px = self.pixels
        for y in range(w):
            row = px[y * w : (y + 1) * w]
            x = row.find(b"\x00")
            while x != -1:
                end = row.find(b"\xff", x)
                if end == -1:
                    end = w
                out.append((y, x, end - x))
                x = row.find(b"\x00", end)
        return out


def check_encoder(encoder: str) -> None:
    """Raise RenderError unless ``encoder`` is one of ENCODERS."""
    check_choice("encoder", encoder, ENCODERS)


def _check_payload(payload: str) -> None:
    if not payload:
        raise RenderError("payload", "must not be empty", code="empty")
    if len(payload) > MAX_PAYLOAD_CHARS:
        raise _too_long(payload)


def _too_long(payload: str) -> RenderError:
    return RenderError(
        "payload",
        f"got {len(payload)} characters, too long for a QR code at level M "
        f"(at most {MAX_PAYLOAD_CHARS} ASCII characters fit)",
        code="too_long",
        got=len(payload),
        most=MAX_PAYLOAD_CHARS,
    )


def _encode_zxing(payload: str) -> Symbol:
    try:
        barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    except Exception as exc:  # zxing-cpp raises a plain ValueError/RuntimeError
        raise _too_long(payload) from exc
    image = zxingcpp.write_barcode_to_image(barcode, scale=1, add_quiet_zones=False)
    height, width = image.shape[0], image.shape[1]
    if width != height:  # pragma: no cover - QR symbols are square
        raise RenderError("payload", "the encoder returned a non-square symbol", code="bad_symbol")
    return Symbol(width, bytes(memoryview(image)))


def _encode_qrcode(payload: str) -> Symbol:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(payload)
    try:
        qr.make(fit=True)
    except (qrcode.exceptions.DataOverflowError, ValueError) as exc:
        raise _too_long(payload) from exc
    modules: list[list[bool | None]] = qr.modules
    dark, light = b"\x00", b"\xff"
    pixels = b"".join(dark if cell else light for row in modules for cell in row)
    return Symbol(len(modules), pixels)


@lru_cache(maxsize=512)
def _encode_cached(payload: str, encoder: str) -> Symbol:
    if encoder == "zxing" and HAS_ZXING:
        return _encode_zxing(payload)
    return _encode_qrcode(payload)


def encode(payload: str, *, encoder: str = "zxing") -> Symbol:
    """Encode ``payload`` at level M into a Symbol (cached: signs re-render the same codes).

    ``encoder="zxing"`` falls back to qrcode when zxing-cpp cannot be imported.
    """
    check_encoder(encoder)
    _check_payload(payload)
    return _encode_cached(payload, encoder)


def qr_matrix(payload: str, *, encoder: str = "zxing") -> list[list[bool]]:
    """The module matrix of ``payload`` at EC level M, no quiet zone; True = dark."""
    sym = encode(payload, encoder=encoder)
    w = sym.width
    px = sym.pixels
    return [[px[y * w + x] == DARK for x in range(w)] for y in range(w)]
