"""A printed sign still scans when photographed: the PDF is rasterised at 150 dpi (as a print
is), then made to look like a phone photo of it taken from an angle (perspective, a slight
rotation, blur, uneven light, noise, JPEG), and decoded by zxing-cpp to exactly its payload:
the A6 sign, and each quarter of an A4 sheet of four."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageFilter

from app.render import HEADLINE_KINDS, Sign, render_sign_pdf

from .conftest import PAYLOAD, zxing_texts

PDFTOPPM = shutil.which("pdftoppm")
DPI = 150
BACKGROUND = 96  # the stall's wall behind the sign: a mid grey

pytestmark = pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is missing")


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8 unknowns: no numpy needed)."""
    n = len(b)
    m = [[*row, rhs] for row, rhs in zip(a, b, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def perspective_coefficients(
    target: list[tuple[float, float]], source: list[tuple[float, float]]
) -> list[float]:
    """Pillow's PERSPECTIVE data mapping each output point in ``target`` to ``source``."""
    rows: list[list[float]] = []
    rhs: list[float] = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return _solve(rows, rhs)


def photograph(page: Image.Image, seed: int) -> Image.Image:
    """``page`` as a phone would see it held at an angle below and to the left of the sign:
    the far (top) edge shorter, one side shorter than the other, turned ~4 degrees, slightly
    out of focus, lit unevenly, with sensor noise and JPEG compression."""
    rng = random.Random(seed)
    w, h = page.size
    out_w, out_h = int(w * 1.15), int(h * 1.1)
    # where the page's corners land in the photo (top-left, top-right, bottom-right, bottom-left)
    landed = [
        (0.16 * w, 0.05 * h),
        (1.02 * w, 0.10 * h),
        (1.09 * w, 1.05 * h),
        (0.05 * w, 0.98 * h),
    ]
    corners = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    photo = page.transform(
        (out_w, out_h),
        Image.Transform.PERSPECTIVE,
        perspective_coefficients(landed, corners),
        Image.Resampling.BICUBIC,
        fillcolor=BACKGROUND,
    )
    photo = photo.rotate(4.0, Image.Resampling.BICUBIC, expand=True, fillcolor=BACKGROUND)
    photo = photo.filter(ImageFilter.GaussianBlur(1.3))
    # light from the left: the right edge a third darker than the left
    light = Image.linear_gradient("L").rotate(90).resize(photo.size)  # 255 left -> 0 right
    photo = ImageChops.multiply(photo, light.point(lambda v: 170 + v // 3))
    noise = Image.frombytes("L", photo.size, rng.randbytes(photo.size[0] * photo.size[1]))
    photo = Image.blend(photo, noise, 0.2)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=70)
    with Image.open(io.BytesIO(out.getvalue())) as jpeg:
        return jpeg.convert("L")


def rasterise(pdf: bytes, tmp_path: Path) -> Image.Image:
    """The PDF's one page at 150 dpi in grey, as pdftoppm draws it."""
    assert PDFTOPPM is not None
    path = tmp_path / "sign.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [PDFTOPPM, "-png", "-r", str(DPI), "-gray", "-singlefile", str(path), str(tmp_path / "p")],
        check=True,
    )
    with Image.open(tmp_path / "p.png") as im:
        return im.convert("L")


def test_photograph_really_distorts(sign: Sign, tmp_path: Path) -> None:
    """The photo is not the page: its corners are the wall, and the flat page did not scan
    anything else (so the test below measures the distortion, not a copy)."""
    page = rasterise(render_sign_pdf([sign]), tmp_path)
    photo = photograph(page, seed=1)
    assert photo.size[0] > page.size[0] * 1.1
    assert photo.crop((0, 0, 20, 20)).getextrema()[1] < 200  # the wall with noise, not paper
    assert zxing_texts(page) == [PAYLOAD]
    (flat,) = zxingcpp.read_barcodes(page)
    assert flat.ec_level == "M"  # the level every VietQR generator uses, kept on the sign


@pytest.mark.parametrize("headline", ["pay", "wedding"])
def test_a6_photographed_from_an_angle_scans(sign: Sign, headline: str, tmp_path: Path) -> None:
    printed = replace(sign, headline=headline, title="Mừng cưới Lan & Minh")
    page = rasterise(render_sign_pdf([printed], page="A6"), tmp_path)
    assert page.size == (621, 875)  # A6 (297.64 x 419.53 pt) at 150 dpi
    assert zxing_texts(photograph(page, seed=2)) == [PAYLOAD]


def test_each_a4_quarter_photographed_scans(sign: Sign, tmp_path: Path) -> None:
    payloads = [f"{PAYLOAD[:-4]}{i:04d}" for i in range(4)]  # four different codes
    signs = [
        replace(sign, payload=p, headline=HEADLINE_KINDS[i % len(HEADLINE_KINDS)])
        for i, p in enumerate(payloads)
    ]
    page = rasterise(render_sign_pdf(signs, page="A4"), tmp_path)
    w, h = page.size
    for i, payload in enumerate(payloads):
        left, top = (i % 2) * w // 2, (i // 2) * h // 2
        quarter = page.crop((left, top, left + w // 2, top + h // 2))
        assert zxing_texts(photograph(quarter, seed=10 + i)) == [payload], i
