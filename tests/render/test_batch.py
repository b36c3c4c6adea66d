"""The streaming batch writer: signs taken one at a time from an iterable (never read ahead),
written in chunks into one valid PDF (page count, A4 cut lines, every code decoded back), the
same bytes for the same signs, and memory that does not grow with the number of signs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from app.render import RenderError, Sign
from app.render.batch import write_signs_pdf
from tests.render.conftest import PAYLOAD, media_box, page_count, zxing_texts

PDFTOPPM = shutil.which("pdftoppm")
PDFINFO = shutil.which("pdfinfo")
A6 = (297.64, 419.53)
A4 = (595.28, 841.89)


def _numbered(sign: Sign, n: int) -> list[Sign]:
    return [replace(sign, payload=f"{PAYLOAD[:-4]}{i:04d}", title=f"Sạp {i + 1}") for i in range(n)]


def _write(signs: list[Sign] | Iterator[Sign], **options: object) -> bytes:
    out = io.BytesIO()
    write_signs_pdf(signs, out, **options)  # type: ignore[arg-type]
    return out.getvalue()


def _streams(pdf: bytes) -> list[bytes]:
    """Every stream of the document, inflated."""
    found = []
    for m in re.finditer(rb"/Filter /FlateDecode[^>]*>>\nstream\n", pdf):
        end = pdf.index(b"\nendstream", m.end())
        found.append(zlib.decompress(pdf[m.end() : end]))
    return found


@pytest.mark.parametrize(("n", "chunk"), [(1, 48), (7, 3), (10, 4)])
def test_a6_pages_across_chunks(sign: Sign, n: int, chunk: int) -> None:
    data = _write(_numbered(sign, n), page="A6", chunk_signs=chunk)
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert media_box(data) == A6
    assert page_count(data) == n
    assert data.count(b"/Type /Page\n") == n  # every page object once, under one page tree
    assert data.count(b"/Type /Pages") == 1


@pytest.mark.skipif(PDFINFO is None, reason="pdfinfo (poppler-utils) is not installed")
def test_a4_four_a_page_with_cut_lines_and_a_valid_file(sign: Sign, tmp_path: Path) -> None:
    data = _write(_numbered(sign, 10), page="A4", chunk_signs=4)
    assert media_box(data) == A4 and page_count(data) == 3
    dashed = [s for s in _streams(data) if b"[4.000 3.000] 0.000 d" in s]
    assert len(dashed) == 3  # each page's cut lines
    pdf = tmp_path / "a4.pdf"
    pdf.write_bytes(data)
    assert PDFINFO is not None
    info = subprocess.run([PDFINFO, str(pdf)], check=True, capture_output=True, text=True)
    assert re.search(r"Pages:\s+3\n", info.stdout) and "Syntax Error" not in info.stderr
    assert "Title:           Mã QR thanh toán" in info.stdout


def test_the_iterable_is_consumed_lazily(sign: Sign) -> None:
    """The writer draws each sign before it takes the next: never a list of them all."""
    drawn: list[int] = []

    def signs() -> Iterator[Sign]:
        for i, one in enumerate(_numbered(sign, 9)):
            assert len(drawn) == i, f"sign {i} taken before sign {i - 1} was drawn"
            yield one

    data = _write(signs(), page="A4", progress=drawn.append, chunk_signs=4)
    assert drawn == list(range(1, 10))
    assert page_count(data) == 3


def test_same_signs_same_bytes(sign: Sign) -> None:
    signs = _numbered(sign, 6)
    assert _write(signs, chunk_signs=4) == _write(signs, chunk_signs=4)
    assert _write(signs, chunk_signs=4) != _write(_numbered(sign, 5), chunk_signs=4)


def test_no_signs_and_bad_options(sign: Sign) -> None:
    with pytest.raises(RenderError) as err:
        _write(iter([]))
    assert err.value.field == "signs" and err.value.code == "empty"
    with pytest.raises(RenderError) as err:
        _write([sign], page="Letter")
    assert err.value.field == "page"
    with pytest.raises(ValueError, match="multiple of 4"):
        _write([sign], page="A4", chunk_signs=6)


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
def test_every_code_of_a_chunked_document_scans(sign: Sign, tmp_path: Path) -> None:
    signs = _numbered(sign, 6)
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(_write(signs, page="A6", chunk_signs=4))
    assert PDFTOPPM is not None
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "100", "-gray", str(pdf), str(tmp_path / "p")], check=True
    )
    found = []
    for png in sorted(tmp_path.glob("p*.png")):
        with Image.open(png) as im:
            found += zxing_texts(im.convert("L"))
    assert found == [s.payload for s in signs]


def _peak(sign: Sign, n: int) -> int:
    signs = (replace(sign, title=f"Sạp {i}") for i in range(n))
    tracemalloc.start()
    try:
        write_signs_pdf(signs, _Discard(), chunk_signs=8)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class _Discard(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        return len(data)  # type: ignore[arg-type]


def test_memory_does_not_grow_with_the_signs(sign: Sign) -> None:
    """Eight times the signs in chunks of eight: the peak stays that of about one chunk (a
    whole-document writer's would be several times larger)."""
    _peak(sign, 8)  # fonts and caches loaded once
    small, large = _peak(sign, 16), _peak(sign, 128)
    assert large < small * 1.5, (small, large)
