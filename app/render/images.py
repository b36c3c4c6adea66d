"""QR code as a 1-bit PNG or as an SVG with one merged path."""

from __future__ import annotations

import struct
import zlib

from PIL import Image

from app.render.errors import RenderError, check_range
from app.render.symbol import DEFAULT_ENCODER, Symbol, encode

PNG_SIZE_MIN = 64
PNG_SIZE_MAX = 2000
BORDER_MIN = 0
BORDER_MAX = 16
PNG_COMPRESS_LEVEL = 1  # level 6 saves ~1/3 of ~1 kB and costs far more time than the encoder

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def check_png_options(size: int | None, border: int) -> None:
    """Raise RenderError("size" or "border") unless both are within this module's limits
    (``size`` None: an SVG that scales to its container)."""
    if size is not None:
        check_range("size", size, PNG_SIZE_MIN, PNG_SIZE_MAX)
    check_range("border", border, BORDER_MIN, BORDER_MAX)


def symbol_image(sym: Symbol, scale: int) -> Image.Image:
    """The symbol alone (no quiet zone) as a mode "1" image, ``scale`` pixels per module."""
    img = Image.frombytes("L", (sym.width, sym.width), sym.pixels).convert(
        "1", dither=Image.Dither.NONE
    )
    if scale != 1:
        side = sym.width * scale
        img = img.resize((side, side), Image.Resampling.NEAREST)
    return img


def png_geometry(width: int, size: int, border: int) -> tuple[int, int]:
    """(pixels per module, offset of the symbol) for a ``size`` px square with ``border`` modules
    of quiet zone at least; raise RenderError("size") when not even 1 px per module fits."""
    modules = width + 2 * border
    scale = size // modules
    if scale < 1:
        raise RenderError(
            "size",
            f"got {size}, this code needs at least {modules} px ({modules} modules)",
            code="too_small",
            got=size,
            least=modules,
        )
    return scale, (size - width * scale) // 2


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png_bytes_1bit(sym: Symbol, size: int, scale: int, offset: int) -> bytes:
    """Write the PNG by hand: 1-bit greyscale, filter 0 rows, zlib level 1, no ancillary
    chunks. Pillow's own PNG writer costs ~3x more for the same pixels."""
    w = sym.width
    stride = (size + 7) // 8
    # Scale each module row horizontally once (in C), then repeat the packed row ``scale`` times.
    band = Image.new("1", (size, w), 1)
    band.paste(
        Image.frombytes("L", (w, w), sym.pixels)
        .convert("1", dither=Image.Dither.NONE)
        .resize((w * scale, w), Image.Resampling.NEAREST),
        (offset, 0),
    )
    packed = band.tobytes()
    white = b"\x00" + b"\xff" * stride
    rows: list[bytes] = [white] * offset
    for y in range(w):
        rows += [b"\x00" + packed[y * stride : (y + 1) * stride]] * scale
    rows += [white] * (size - offset - w * scale)
    ihdr = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"".join(rows), PNG_COMPRESS_LEVEL)
    return _PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def render_png(
    payload: str, *, size: int = 400, border: int = 4, encoder: str = DEFAULT_ENCODER
) -> bytes:
    """A 1-bit black-on-white PNG exactly ``size`` px square.

    Modules are scaled by the largest whole number that leaves ``border`` modules of quiet zone;
    the pixels left over become extra white margin around the centred symbol (so the quiet zone
    is at least ``border`` modules, and the image is exactly the size asked for). Same input,
    same bytes: the file has only IHDR, IDAT and IEND.
    """
    check_png_options(size, border)
    sym = encode(payload, encoder=encoder)
    scale, offset = png_geometry(sym.width, size, border)
    return png_bytes_1bit(sym, size, scale, offset)


def svg_path_data(sym: Symbol, offset: int = 0) -> str:
    """Path data covering the dark modules: one ``M x y h n v1 h-n z`` per horizontal run."""
    return "".join(f"M{x + offset} {y + offset}h{n}v1h-{n}z" for y, x, n in sym.runs())


def render_svg(
    payload: str, *, size: int | None = None, border: int = 4, encoder: str = DEFAULT_ENCODER
) -> str:
    """An SVG whose viewBox is in modules (quiet zone included): a white background rect and
    one black ``<path>`` of run-length merged rectangles, crisp edges. ``size`` (px) sets
    width/height; None leaves the SVG to scale to its container."""
    check_png_options(size, border)
    sym = encode(payload, encoder=encoder)
    n = sym.width + 2 * border
    dims = f' width="{size}" height="{size}"' if size is not None else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}"{dims}'
        ' shape-rendering="crispEdges">'
        f'<rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path fill="#000" d="{svg_path_data(sym, border)}"/>'
        "</svg>\n"
    )
