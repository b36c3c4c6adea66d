"""QR symbol encoding: the module matrix, from libzint (zint-bindings, C), zxing-cpp (C++, which
calls libzint inside) or qrcode (pure Python).

Everything here uses error correction level M, lets the encoder choose the version from the
content and the mask by the standard's penalty rules, and returns the symbol without a quiet zone.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import qrcode
import qrcode.constants
import qrcode.exceptions

from app.render.errors import RenderError, check_choice

try:
    import zint
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    HAS_ZINT = False
else:
    HAS_ZINT = True

try:
    import zxingcpp
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    HAS_ZXING = False
else:
    HAS_ZXING = True

ENCODERS = ("zint", "zxing", "qrcode")
DEFAULT_ENCODER = "zint"
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


_ZINT_QR_EC_M = 2  # libzint's option_1 for QR: 1 = L, 2 = M, 3 = Q, 4 = H
_ZINT_ROW_BYTES = 144  # libzint's encoded_data rows: 1152 modules as bits, least significant first
# One packed byte of 8 modules (bit i = module i, 1 = dark) -> 8 pixel bytes (0 dark, 255 light).
_ZINT_BYTE_PIXELS = [bytes(0 if (b >> i) & 1 else 255 for i in range(8)) for b in range(256)]


def _encode_zint(payload: str) -> Symbol:
    """libzint straight (the same library and symbols as zxing-cpp's writer, without its
    BitMatrix and image copies). Non-ASCII text goes through zxing-cpp so that its bytes and ECI
    stay what they have always been (VietQR payloads are ASCII)."""
    if not payload.isascii():
        return _encode_zxing(payload) if HAS_ZXING else _encode_qrcode(payload)
    sym = zint.Symbol()
    sym.symbology = zint.Symbology.QRCODE
    sym.option_1 = _ZINT_QR_EC_M
    try:
        sym.encode(payload)
    except Exception as exc:  # libzint reports "Input too long" as a RuntimeError
        raise _too_long(payload) from exc
    w = sym.width
    if w != sym.rows or w < 21:  # pragma: no cover - QR symbols are square
        raise RenderError("payload", "the encoder returned a non-square symbol", code="bad_symbol")
    stride = (w + 7) // 8
    span = stride * 8
    raw = sym.encoded_data.tobytes()
    packed = b"".join([raw[y * _ZINT_ROW_BYTES : y * _ZINT_ROW_BYTES + stride] for y in range(w)])
    pixels = b"".join(map(_ZINT_BYTE_PIXELS.__getitem__, packed))
    if span != w:
        pixels = b"".join([pixels[y * span : y * span + w] for y in range(w)])
    return Symbol(w, pixels)


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
    if encoder == "zint" and HAS_ZINT:
        return _encode_zint(payload)
    if encoder in ("zint", "zxing") and HAS_ZXING:
        return _encode_zxing(payload)
    return _encode_qrcode(payload)


def encode(payload: str, *, encoder: str = DEFAULT_ENCODER) -> Symbol:
    """Encode ``payload`` at level M into a Symbol (cached: signs re-render the same codes).

    A missing wheel falls back quietly: ``"zint"`` to zxing-cpp, then qrcode; ``"zxing"`` to
    qrcode.
    """
    check_encoder(encoder)
    _check_payload(payload)
    return _encode_cached(payload, encoder)


def qr_matrix(payload: str, *, encoder: str = DEFAULT_ENCODER) -> list[list[bool]]:
    """The module matrix of ``payload`` at EC level M, no quiet zone; True = dark."""
    sym = encode(payload, encoder=encoder)
    w = sym.width
    px = sym.pixels
    return [[px[y * w + x] == DARK for x in range(w)] for y in range(w)]
