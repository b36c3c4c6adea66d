"""Finding and reading QR codes in photos and screenshots."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, UnidentifiedImageError

from app.render.errors import ImageDecodeError
from app.render.symbol import HAS_ZXING

if HAS_ZXING:
    import zxingcpp

ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP")  # no EPS/PDF/TIFF plug-ins on untrusted input
DECODE_MAX_SIDE = 2048  # larger photos are shrunk first; a phone photo of a sign still scans
SMALL_SIDE = 600  # smaller images get a second, upscaled attempt
# What one decode may allocate for the picture as stored in the file (Pillow keeps RGB and RGBA
# at 4 bytes a pixel): 64 MB is a 16-megapixel colour photo, more than a phone camera's QR
# photo needs. A JPEG is first scaled down in the DCT domain (`draft`), so only what is left
# after that counts; PNG and WebP are decoded whole, so their pixels x bytes are capped here.
MAX_DECODED_BYTES = 64_000_000
_ORIENTATION = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _bytes_per_pixel(im: Image.Image) -> int:
    """What decoding costs a pixel: Pillow's storage (RGB is padded to 4 bytes); WebP is decoded
    by libwebp into its own RGBA buffer first and copied (measured ~15 bytes a pixel in all)."""
    if im.format == "WEBP":
        return 12
    if im.mode in ("1", "L", "P"):
        return 1
    if im.mode.startswith("I;16"):
        return 2
    return 4


def _open(
    data: bytes, max_bytes: int, max_pixels: int, max_decoded_bytes: int = MAX_DECODED_BYTES
) -> Image.Image:
    """Open (header only), check the caps, and for JPEG choose a greyscale draft."""
    if len(data) > max_bytes:
        raise ImageDecodeError(
            "too_large", f"the file has {len(data)} bytes, at most {max_bytes} allowed"
        )
    if not data:
        raise ImageDecodeError("not_an_image", "the file is empty")
    try:
        # Pillow checks its own global Image.MAX_IMAGE_PIXELS here (error beyond twice it, a
        # warning beyond it); we do not touch that global, and apply our own cap just below.
        im = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageDecodeError(
            "too_many_pixels", f"the image is too large to open, at most {max_pixels} pixels"
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageDecodeError(
            "not_an_image", "not a PNG, JPEG or WebP image this service can read"
        ) from exc
    w, h = im.size
    if w * h > max_pixels:
        raise ImageDecodeError(
            "too_many_pixels", f"the image has {w}x{h} = {w * h} pixels, at most {max_pixels}"
        )
    if im.format == "JPEG":
        # Decode straight to greyscale, scaled down by 1/2, 1/4 or 1/8 while decoding.
        im.draft("L", (DECODE_MAX_SIDE, DECODE_MAX_SIDE))
    w, h = im.size
    if w * h * _bytes_per_pixel(im) > max_decoded_bytes:
        most = max_decoded_bytes // _bytes_per_pixel(im)
        raise ImageDecodeError(
            "too_many_pixels",
            f"the image has {w}x{h} = {w * h} {im.mode} {im.format} pixels, at most {most} "
            "for that kind; "
            "send a greyscale image or a smaller photo (a phone photo of 12 MP is plenty)",
        )
    return im


def _palette_to_grey(im: Image.Image) -> Image.Image:
    """A palette image as greyscale, transparent entries flattened onto white, 1 byte a pixel."""
    colours = im.getpalette("RGB") or []
    transparency = im.info.get("transparency")
    lut: list[int] = []
    for index in range(256):
        r, g, b = colours[index * 3 : index * 3 + 3] or (0, 0, 0)
        grey = (r * 299 + g * 587 + b * 114) // 1000
        if isinstance(transparency, bytes):
            alpha = transparency[index] if index < len(transparency) else 255
        else:
            alpha = 0 if transparency == index else 255
        lut.append((grey * alpha + 255 * (255 - alpha)) // 255)
    return im.point(lut, "L")


def _alpha_and_grey(im: Image.Image) -> tuple[Image.Image | None, Image.Image]:
    """The alpha channel (None when opaque) and the grey values, each 1 byte a pixel."""
    if im.mode == "P":
        return None, _palette_to_grey(im)  # transparency is in the palette lookup
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        if im.mode in ("PA", "RGBa", "La"):
            im = im.convert("RGBA")
        return im.getchannel("A"), im.convert("L")
    return None, im if im.mode == "L" else im.convert("L")


def _prepare(im: Image.Image) -> Image.Image:
    """Greyscale, upright, alpha flattened onto white, at most DECODE_MAX_SIDE a side.

    The picture is decoded once (a JPEG already greyscale and scaled down while decoding),
    turned to one byte a pixel before anything else, then shrunk by an integer factor, so the
    later steps work on at most DECODE_MAX_SIDE² pixels.
    """
    try:
        orientation = im.getexif().get(_ORIENTATION)
        im.load()
        alpha, im = _alpha_and_grey(im)  # drops the full-size colour picture
        if alpha is not None:  # flattened onto white: transparent screenshots
            flat = Image.new("L", im.size, 255)
            flat.paste(im, mask=alpha)
            im = flat
            del alpha
        if max(im.size) > DECODE_MAX_SIDE:
            im = im.reduce(-(-max(im.size) // DECODE_MAX_SIDE))  # ceil: integer box average
        if orientation in _TRANSPOSE:
            im = im.transpose(_TRANSPOSE[orientation])
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageDecodeError("not_an_image", "the image data is damaged or truncated") from exc
    return im


def _read(im: Image.Image, **options: Any) -> list[zxingcpp.Barcode]:
    return zxingcpp.read_barcodes(
        im,
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
        try_rotate=True,
        try_invert=True,
        try_downscale=True,
        return_errors=True,
        **options,
    )


def decode_image(
    data: bytes,
    *,
    max_bytes: int = 8_000_000,
    max_pixels: int = 40_000_000,
    allow_several: bool = False,
    max_decoded_bytes: int = MAX_DECODED_BYTES,
) -> list[str]:
    """The QR payloads found in a PNG, JPEG or WebP photo or screenshot, deduplicated.

    Raises ImageDecodeError: "too_large", "not_an_image", "too_many_pixels", "no_code",
    "unreadable" (a code was found but could not be read) and, unless ``allow_several``,
    "several_codes" when more than one distinct payload is in the picture.
    """
    if not HAS_ZXING:  # pragma: no cover
        raise RuntimeError("decoding images needs zxing-cpp")
    im = _prepare(_open(data, max_bytes, max_pixels, max_decoded_bytes))
    found = _read(im)
    if not any(b.valid for b in found):
        attempts: list[Image.Image] = [im]
        if max(im.size) < SMALL_SIDE:  # tiny thumbnails: give the detector more pixels
            attempts = [im.resize((im.width * 2, im.height * 2), Image.Resampling.BICUBIC)]
        for attempt in attempts:
            found += _read(attempt, binarizer=zxingcpp.Binarizer.GlobalHistogram)
            if any(b.valid for b in found):
                break
    texts: list[str] = []
    for barcode in found:
        if barcode.valid and barcode.text not in texts:
            texts.append(barcode.text)
    if not texts:
        if found:
            raise ImageDecodeError(
                "unreadable", "a QR code was found but could not be read; take a sharper photo"
            )
        raise ImageDecodeError("no_code", "no QR code was found in the image")
    if len(texts) > 1 and not allow_several:
        raise ImageDecodeError(
            "several_codes", f"{len(texts)} different QR codes are in the image, expected one"
        )
    return texts
