"""Rendering benchmarks: QR PNG/SVG per encoder (libzint, zxing-cpp, qrcode), the PNG writer,
sign PNG/PDF, decoding a PNG.

Run with ``python bench/bench_render.py``.

Repetitions of every case are interleaved in one process and the median is reported, so a
noisy neighbour hurts all cases alike. Payloads differ per repetition (the amount changes), so
the symbol cache in app.render.symbol does not flatter the encoders; one row shows the cached
case (the same code re-rendered, as a sign page or an ETag miss does).
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.render import (
    Sign,
    decode_image,
    render_png,
    render_sign_pdf,
    render_sign_png,
    render_svg,
)
from app.render.images import png_bytes_1bit, png_geometry
from app.render.symbol import Symbol, encode

try:  # the numpy row writer is measured here only (not a dependency of the app)
    import numpy as np
except ImportError:
    np = None

BASE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "54{amount_len:02d}{amount}5802VN62220818Ung Ho Quy Vac Xin6304{crc}"
)
_counter = itertools.count(100_000)


def _payload() -> str:
    amount = str(next(_counter))
    return BASE.format(amount_len=len(amount), amount=amount, crc="3ACF")


def _sign(payload: str) -> Sign:
    return Sign(
        payload=payload,
        bank_name="VietinBank",
        account="113366668888",
        account_name="Nguyễn Thị Hồng Đào",
        amount=79000,
        purpose="Ủng hộ quỹ vắc xin",
        title="Sạp cá cô Đào",
        footer="Kiểm tra tên người nhận trước khi chuyển",
    )


def _batch(fn: Callable[[str], object], n: int) -> float:
    """Seconds per call, over n calls with fresh payloads (made before the clock starts)."""
    payloads = [_payload() for _ in range(n)]
    start = time.perf_counter()
    for p in payloads:
        fn(p)
    return (time.perf_counter() - start) / n


def _png_numpy(sym: Symbol, size: int, scale: int, offset: int) -> bytes:
    """The issue's candidate writer: numpy ``repeat`` + ``packbits``, then zlib level 1; gives
    the same bytes as app.render.images.png_bytes_1bit (checked before timing)."""
    import struct
    import zlib

    assert np is not None
    w = sym.width
    stride = (size + 7) // 8
    light = np.frombuffer(sym.pixels, np.uint8).reshape(w, w) != 0
    rows = np.ones((size, stride * 8 + 8), bool)
    rows[:, :8] = False  # filter byte 0
    span = slice(offset, offset + w * scale)
    rows[span, 8 + size :] = False  # symbol rows pad with 0 bits, margin rows with 1 bits
    rows[span, 8 + offset : 8 + offset + w * scale] = light.repeat(scale, 0).repeat(scale, 1)
    ihdr = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)
    idat = zlib.compress(np.packbits(rows, axis=1).tobytes(), 1)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    sig = b"\x89PNG\r\n\x1a\n"
    return sig + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _writer(fn: Callable[[Symbol, int, int, int], bytes], sym: Symbol) -> Callable[[str], object]:
    scale, offset = png_geometry(sym.width, 400, 4)
    return lambda p: fn(sym, 400, scale, offset)


def _check_numpy_writer() -> None:
    for size in (64, 100, 203, 400, 401, 777, 2000):
        for border in (0, 4, 9):
            sym = encode(_payload())
            scale, offset = png_geometry(sym.width, size, border)
            old = png_bytes_1bit(sym, size, scale, offset)
            assert _png_numpy(sym, size, scale, offset) == old, (size, border)


def run(rounds: int = 5) -> list[tuple[str, float, str]]:
    """Measure every case ``rounds`` times, interleaved; return (name, value, unit) rows."""
    fixed = _payload()
    png_fixed = render_png(fixed)
    sign_fixed = _sign(fixed)
    sym_fixed = encode(fixed)
    cases: dict[str, tuple[Callable[[str], object], int]] = {
        "png_zint": (lambda p: render_png(p, size=400, encoder="zint"), 400),
        "png_zxing": (lambda p: render_png(p, size=400, encoder="zxing"), 400),
        "writer_today": (_writer(png_bytes_1bit, sym_fixed), 400),
        "png_qrcode": (lambda p: render_png(p, size=400, encoder="qrcode"), 15),
        "png_cached": (lambda p: render_png(fixed, size=400), 400),
        "svg_zint": (lambda p: render_svg(p, encoder="zint"), 300),
        "svg_qrcode": (lambda p: render_svg(p, encoder="qrcode"), 15),
        "sign_png": (lambda p: render_sign_png(_sign(p)), 5),
        "sign_pdf": (lambda p: render_sign_pdf([_sign(p)]), 3),
        "sign_pdf_a4_4": (lambda p: render_sign_pdf([sign_fixed] * 3 + [_sign(p)], page="A4"), 2),
        "decode_png": (lambda p: decode_image(png_fixed), 200),
    }
    if np is not None:
        _check_numpy_writer()
        cases["writer_numpy"] = (_writer(_png_numpy, sym_fixed), 400)
    for fn, _ in cases.values():  # warm up: imports, font loading, caches
        fn(_payload())
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, (fn, n) in cases.items():
            samples[name].append(_batch(fn, n))
    med = {name: statistics.median(v) for name, v in samples.items()}
    numpy_rows = (
        [
            ("png writer alone, numpy rows (same bytes)", med["writer_numpy"] * 1e6, "us"),
            ("png writer numpy / today", med["writer_today"] / med["writer_numpy"], "x faster"),
        ]
        if np is not None
        else []
    )
    return [
        ("png 400px zint (default), new payload", 1 / med["png_zint"], "renders/s"),
        ("png 400px zxing (before), new payload", 1 / med["png_zxing"], "renders/s"),
        ("png zint / zxing, same run", med["png_zxing"] / med["png_zint"], "x faster"),
        ("png writer alone, today's", med["writer_today"] * 1e6, "us"),
        *numpy_rows,
        ("png 400px qrcode", 1 / med["png_qrcode"], "renders/s"),
        ("png 400px, cached symbol", 1 / med["png_cached"], "renders/s"),
        ("svg zint", 1 / med["svg_zint"], "renders/s"),
        ("svg qrcode", 1 / med["svg_qrcode"], "renders/s"),
        ("sign png 600px", med["sign_png"] * 1e3, "ms"),
        ("sign pdf A6, 1 sign", med["sign_pdf"] * 1e3, "ms"),
        ("sign pdf A4, 4 signs", med["sign_pdf_a4_4"] * 1e3, "ms"),
        ("decode 400px png", med["decode_png"] * 1e3, "ms"),
    ]


if __name__ == "__main__":
    t0 = time.perf_counter()
    for name, value, unit in run():
        print(f"{name:34s} {value:10.2f} {unit}")
    print(f"(took {time.perf_counter() - t0:.1f} s)")
