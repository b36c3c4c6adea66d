"""decode_image: real photos scan, hostile or useless files fail with the right code."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageFilter

from app.render import (
    ImageDecodeError,
    Sign,
    decode_image,
    render_png,
    render_sign_png,
)
from app.render.decode import _open, _prepare

from .conftest import OTHER_PAYLOAD, PAYLOAD


def _save(img: Image.Image, fmt: str, **kw: object) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **kw)
    return out.getvalue()


def _code(data: bytes) -> str:
    with pytest.raises(ImageDecodeError) as err:
        decode_image(data)
    assert isinstance(err.value, ValueError) and err.value.message
    return err.value.code


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_formats(fmt: str) -> None:
    with Image.open(io.BytesIO(render_png(PAYLOAD, size=500))) as im:
        data = _save(im.convert("L"), fmt)
    assert decode_image(data) == [PAYLOAD]


def test_transparent_screenshot() -> None:
    with Image.open(io.BytesIO(render_png(PAYLOAD))) as im:
        dark = im.convert("L").point(lambda v: 255 - v)  # alpha: 255 where dark
    rgba = Image.new("RGBA", dark.size, (0, 0, 0, 0))
    rgba.putalpha(dark)  # black modules on a fully transparent background
    assert decode_image(_save(rgba, "PNG")) == [PAYLOAD]


def test_not_an_image() -> None:
    assert _code(b"hello, this is not a picture") == "not_an_image"
    assert _code(b"") == "not_an_image"
    gif = _save(Image.new("L", (10, 10)), "GIF")
    assert _code(gif) == "not_an_image"  # only PNG, JPEG and WebP are opened


def test_truncated_png() -> None:
    data = render_png(PAYLOAD)
    assert _code(data[: len(data) // 2]) == "not_an_image"


def test_too_large() -> None:
    data = render_png(PAYLOAD)
    with pytest.raises(ImageDecodeError) as err:
        decode_image(data, max_bytes=len(data) - 1)
    assert err.value.code == "too_large"


def test_decompression_bomb_header() -> None:
    """A 50000x50000 PNG header: Pillow's own bomb error, reported as too_many_pixels."""
    assert _code(_png_header_only(50_000, 50_000)) == "too_many_pixels"


def test_pixel_cap_below_pillows() -> None:
    # 7000x7000 = 49 M pixels: under Pillow's warning threshold, over our 40 M default
    assert _code(_png_header_only(7000, 7000)) == "too_many_pixels"
    data = render_png(PAYLOAD)
    with pytest.raises(ImageDecodeError) as err:
        decode_image(data, max_pixels=399 * 400)
    assert err.value.code == "too_many_pixels"
    assert decode_image(data, max_pixels=400 * 400) == [PAYLOAD]


def test_real_bomb_is_rejected_before_decoding() -> None:
    big = Image.new("1", (12_000, 12_000), 1)  # 144 M pixels, a few kB compressed
    data = _save(big, "PNG")
    assert len(data) < 100_000
    assert _code(data) == "too_many_pixels"


def test_no_code() -> None:
    noise = Image.effect_noise((400, 300), 60).convert("L")
    assert _code(_save(noise, "PNG")) == "no_code"
    assert _code(_save(Image.new("L", (300, 300), 255), "JPEG")) == "no_code"


def test_two_codes() -> None:
    canvas = Image.new("L", (840, 400), 255)
    for i, payload in enumerate((PAYLOAD, OTHER_PAYLOAD)):
        with Image.open(io.BytesIO(render_png(payload))) as im:
            canvas.paste(im.convert("L"), (i * 440, 0))
    data = _save(canvas, "PNG")
    assert _code(data) == "several_codes"
    assert sorted(decode_image(data, allow_several=True)) == sorted([PAYLOAD, OTHER_PAYLOAD])


def test_same_code_twice_is_one() -> None:
    canvas = Image.new("L", (840, 400), 255)
    with Image.open(io.BytesIO(render_png(PAYLOAD))) as im:
        canvas.paste(im.convert("L"), (0, 0))
        canvas.paste(im.convert("L"), (440, 0))
    assert decode_image(_save(canvas, "PNG")) == [PAYLOAD]


def _photo(sign: Sign) -> Image.Image:
    """A phone photo of the printed sign: on a table, tilted, in perspective, soft, noisy."""
    with Image.open(io.BytesIO(render_sign_png(sign, width=600))) as im:
        paper = im.convert("RGB")
    scene = Image.new("RGB", (1400, 1500), (120, 95, 70))
    scene.paste(paper.rotate(11, expand=True, fillcolor=(120, 95, 70)), (250, 200))
    w, h = scene.size
    # keystone: the top edge is farther from the camera than the bottom edge
    coeffs = _perspective_coeffs(
        [(0, 0), (w, 0), (w, h), (0, h)], [(140, 60), (w - 180, 10), (w, h), (30, h - 40)]
    )
    shot = scene.transform((w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    shot = shot.filter(ImageFilter.GaussianBlur(1.6))
    noise = Image.effect_noise((w, h), 25).convert("RGB")
    return Image.blend(shot, noise, 0.18)


def _perspective_coeffs(
    dst: list[tuple[int, int]], src: list[tuple[int, int]]
) -> tuple[float, ...]:
    """Coefficients mapping output (dst) points to input (src) points, for Image.transform."""
    rows: list[list[float]] = []
    rhs: list[float] = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    # Gaussian elimination, 8x8
    n = 8
    a = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[piv] = a[piv], a[col]
        for r in range(n):
            if r != col:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col], strict=True)]
    return tuple(a[i][n] / a[i][i] for i in range(n))


def test_photo_of_sign_at_an_angle(sign: Sign) -> None:
    photo = _photo(sign)
    data = _save(photo, "JPEG", quality=55)
    assert decode_image(data) == [PAYLOAD]


def test_exif_rotated_jpeg(sign: Sign) -> None:
    photo = _photo(sign)
    # the camera stored the pixels sideways and says so in EXIF (Orientation 6 = rotate 90 CW)
    sideways = photo.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    data = _save(sideways, "JPEG", quality=70, exif=exif.tobytes())
    prepared = _prepare(_open(data, 8_000_000, 40_000_000))
    assert prepared.size == photo.size  # upright again
    assert prepared.mode == "L"
    assert decode_image(data) == [PAYLOAD]


def test_big_photo_is_downsized(sign: Sign) -> None:
    photo = _photo(sign).resize((4200, 4500))
    data = _save(photo, "JPEG", quality=80)
    prepared = _prepare(_open(data, 8_000_000, 40_000_000))
    assert max(prepared.size) <= 2048
    assert decode_image(data) == [PAYLOAD]


def test_error_codes_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown decode error code"):
        ImageDecodeError("bad_code", "x")


def _code_on(size: tuple[int, int], mode: str, background: object) -> Image.Image:
    with Image.open(io.BytesIO(render_png(PAYLOAD, size=900))) as im:
        code = im.convert(mode)
    canvas = Image.new(mode, size, background)  # type: ignore[arg-type]
    canvas.paste(code, (size[0] // 3, size[1] // 3))
    return canvas


def test_colour_bomb_under_the_pixel_cap_is_refused_before_decoding() -> None:
    """6,324² RGBA: 40 M pixels (under the cap) but 160 MB once decoded, from a 169 KB file."""
    data = _save(Image.new("RGBA", (6324, 6324), (255, 255, 255, 255)), "PNG")
    assert len(data) < 200_000
    with pytest.raises(ImageDecodeError) as err:
        _open(data, 8_000_000, 40_000_000)
    assert err.value.code == "too_many_pixels" and "RGBA" in err.value.message
    # the same pixels in greyscale (1 byte each) are within the budget
    grey = _save(_code_on((6300, 6300), "L", 255), "PNG")
    assert decode_image(grey) == [PAYLOAD]


def test_decoded_bytes_cap_counts_bands_and_format() -> None:
    rgba = _save(_code_on((1500, 1500), "RGBA", (255, 255, 255, 255)), "PNG")
    with pytest.raises(ImageDecodeError) as err:
        decode_image(rgba, max_decoded_bytes=1500 * 1500 * 4 - 1)
    assert err.value.code == "too_many_pixels"
    assert decode_image(rgba, max_decoded_bytes=1500 * 1500 * 4) == [PAYLOAD]
    # WebP is decoded into libwebp's buffer and copied: it costs more a pixel
    webp = _save(_code_on((4000, 4000), "RGB", (255, 255, 255)), "WEBP")
    assert _code(webp) == "too_many_pixels"
    assert decode_image(_save(_code_on((2000, 2000), "RGB", (255, 255, 255)), "WEBP")) == [PAYLOAD]


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "P", "LA", "1"])
def test_big_pictures_are_grey_and_small_before_reading(mode: str) -> None:
    """Every mode ends greyscale, at most DECODE_MAX_SIDE a side, and still scans."""
    picture = _code_on((3900, 2900), "RGB", (255, 255, 255))
    converted = picture.convert(mode) if mode != "P" else picture.quantize(4)
    data = _save(converted, "PNG")
    prepared = _prepare(_open(data, 8_000_000, 40_000_000))
    assert prepared.mode == "L" and max(prepared.size) <= 2048
    assert decode_image(data) == [PAYLOAD]


def test_transparent_palette_screenshot() -> None:
    """Black modules on a transparent palette entry (tRNS): flattened onto white, not black."""
    with Image.open(io.BytesIO(render_png(PAYLOAD))) as im:
        grey = im.convert("L")
    palette = Image.new("P", grey.size)
    palette.putpalette([0, 0, 0, 0, 0, 0])  # both entries black; entry 1 is transparent
    palette.paste(grey.point(lambda v: 1 if v > 128 else 0))
    data = _save(palette, "PNG", transparency=1)
    prepared = _prepare(_open(data, 8_000_000, 40_000_000))
    assert prepared.getpixel((0, 0)) == 255  # the quiet zone is white
    assert decode_image(data) == [PAYLOAD]


def test_exif_orientation_on_a_big_jpeg(sign: Sign) -> None:
    photo = _photo(sign).resize((2800, 3000))
    sideways = photo.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    data = _save(sideways, "JPEG", quality=75, exif=exif.tobytes())
    prepared = _prepare(_open(data, 8_000_000, 40_000_000))
    assert prepared.width < prepared.height  # upright: portrait like the photo
    assert decode_image(data) == [PAYLOAD]
