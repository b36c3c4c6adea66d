"""QR PNG and SVG: every image decodes back, sizes are exact, bytes are stable."""

from __future__ import annotations

import io
import re

import pytest
import qrcode
import qrcode.constants
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from app.render import ENCODERS, RenderError, qr_matrix, render_png, render_svg
from app.render.symbol import _encode_cached

from .conftest import OTHER_PAYLOAD, PAYLOAD, decode_bytes, rasterise_svg_path, zxing_texts


@pytest.mark.parametrize("encoder", ENCODERS)
def test_png_decodes_to_payload(encoder: str) -> None:
    assert decode_bytes(render_png(PAYLOAD, encoder=encoder)) == [PAYLOAD]


@pytest.mark.parametrize("encoder", ENCODERS)
def test_png_is_1bit_exact_size(encoder: str) -> None:
    for size in (64, 250, 400, 401, 777, 2000):
        with Image.open(io.BytesIO(render_png(PAYLOAD, size=size, encoder=encoder))) as im:
            assert im.mode == "1"
            assert im.size == (size, size)
            assert im.format == "PNG"


def test_png_has_no_metadata_chunks() -> None:
    data = render_png(PAYLOAD)
    chunks = []
    pos = 8
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunks.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    assert chunks == [b"IHDR", b"IDAT", b"IEND"]


@pytest.mark.parametrize("border", [0, 1, 4, 10])
def test_png_quiet_zone_and_integer_scale(border: int) -> None:
    size = 400
    matrix = qr_matrix(PAYLOAD)
    width = len(matrix)
    scale = size // (width + 2 * border)
    with Image.open(io.BytesIO(render_png(PAYLOAD, size=size, border=border))) as im:
        px = im.convert("L")
    bbox = Image.eval(px, lambda v: 255 - v).getbbox()
    assert bbox is not None
    left, top, right, bottom = bbox
    assert right - left == bottom - top == width * scale
    assert left >= border * scale and top >= border * scale
    assert size - right >= border * scale and size - bottom >= border * scale
    # every module is a whole scale x scale block of one colour, matching the matrix
    for y in range(width):
        for x in range(width):
            block = px.crop(
                (left + x * scale, top + y * scale, left + (x + 1) * scale, top + (y + 1) * scale)
            )
            lo, hi = block.getextrema()
            assert lo == hi == (0 if matrix[y][x] else 255)


def test_png_size_too_small_for_symbol() -> None:
    long_payload = "A" * 1500
    with pytest.raises(RenderError) as err:
        render_png(long_payload, size=64)
    assert err.value.field == "size"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"size": 5000}, "size", "size: got 5000, allowed 64..2000"),
        ({"size": 63}, "size", "size: got 63, allowed 64..2000"),
        ({"border": -1}, "border", "border: got -1, allowed 0..16"),
        ({"border": 17}, "border", "border: got 17, allowed 0..16"),
        ({"encoder": "segno"}, "encoder", "encoder: got 'segno', allowed zint, zxing, qrcode"),
    ],
)
def test_render_errors(kwargs: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(RenderError) as err:
        render_png(PAYLOAD, **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field
    assert str(err.value) == message
    assert isinstance(err.value, ValueError)


def test_payload_errors() -> None:
    with pytest.raises(RenderError) as err:
        render_png("")
    assert err.value.field == "payload"
    for encoder in ENCODERS:
        with pytest.raises(RenderError) as err:
            render_png("x" * 2400, encoder=encoder)
        assert err.value.field == "payload"


def test_size_must_be_int() -> None:
    with pytest.raises(RenderError):
        render_png(PAYLOAD, size=400.0)  # type: ignore[arg-type]
    with pytest.raises(RenderError):
        render_png(PAYLOAD, size=True)  # type: ignore[arg-type]


@pytest.mark.parametrize("encoder", ENCODERS)
def test_png_and_svg_deterministic(encoder: str) -> None:
    assert render_png(PAYLOAD, encoder=encoder) == render_png(PAYLOAD, encoder=encoder)
    first = render_svg(PAYLOAD, encoder=encoder)
    _encode_cached.cache_clear()  # a fresh encode, not the cached symbol
    assert render_svg(PAYLOAD, encoder=encoder) == first
    assert render_png(PAYLOAD, encoder=encoder) == render_png(PAYLOAD, encoder=encoder)


def test_different_payloads_different_images() -> None:
    assert render_png(PAYLOAD) != render_png(OTHER_PAYLOAD)


def test_matrix_shape_and_finder_pattern() -> None:
    for encoder in ENCODERS:
        m = qr_matrix(PAYLOAD, encoder=encoder)
        assert len(m) in (37, 41)  # version 5 (zxing segments better) or 6
        assert all(len(row) == len(m) for row in m)
        # 7x7 finder in the top-left corner: dark ring, light ring, dark 3x3 centre
        assert all(m[0][:7]) and all(m[6][:7])
        assert not any(m[1][1:6])
        assert all(m[3][2:5])


def test_qrcode_made_image_decodes_with_zxing() -> None:
    """An image made by qrcode's own PIL factory is read by zxing: the encoders agree."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8)
    qr.add_data(PAYLOAD)
    img = qr.make_image().get_image().convert("L")
    assert zxing_texts(img) == [PAYLOAD]
    ours = [decode_bytes(render_png(PAYLOAD, encoder=e)) for e in ENCODERS]
    assert ours == [[PAYLOAD]] * len(ENCODERS)


def _svg_parts(svg: str) -> tuple[int, str]:
    view = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    path = re.findall(r'<path fill="#000" d="([^"]*)"/>', svg)
    assert view and view.group(1) == view.group(2)
    assert len(path) == 1
    return int(view.group(1)), path[0]


@pytest.mark.parametrize("encoder", ENCODERS)
@pytest.mark.parametrize("border", [4, 2])
def test_svg_rasterised_decodes(encoder: str, border: int) -> None:
    svg = render_svg(PAYLOAD, border=border, encoder=encoder)
    modules, d = _svg_parts(svg)
    assert modules == len(qr_matrix(PAYLOAD, encoder=encoder)) + 2 * border
    assert 'shape-rendering="crispEdges"' in svg
    assert f'<rect width="{modules}" height="{modules}" fill="#fff"/>' in svg
    assert zxing_texts(rasterise_svg_path(d, modules)) == [PAYLOAD]


def test_svg_matches_matrix_and_size_attribute() -> None:
    svg = render_svg(PAYLOAD, size=300, border=0)
    assert 'width="300" height="300"' in svg
    modules, d = _svg_parts(svg)
    img = rasterise_svg_path(d, modules, scale=1)
    m = qr_matrix(PAYLOAD)
    assert [[img.getpixel((x, y)) == 0 for x in range(modules)] for y in range(modules)] == m
    assert "width=" not in render_svg(PAYLOAD).split(">")[0].replace("viewBox", "")
    with pytest.raises(RenderError):
        render_svg(PAYLOAD, size=10)


@settings(max_examples=25, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=300)
)
def test_png_round_trip_property(payload: str) -> None:
    assert decode_bytes(render_png(payload, size=600)) == [payload]


def test_render_errors_carry_a_code_and_params() -> None:
    with pytest.raises(RenderError) as err:
        render_png(PAYLOAD, border=17)
    assert (err.value.code, err.value.params) == (
        "out_of_range",
        {"got": 17, "least": 0, "most": 16},
    )
    with pytest.raises(RenderError) as err:
        render_png("A" * 1500, size=64)
    assert err.value.code == "too_small" and err.value.params["got"] == 64
