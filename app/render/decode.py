"""Finding and reading QR codes in photos and screenshots."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from app.render.errors import ImageDecodeError
from app.render.symbol import HAS_ZXING

if HAS_ZXING:
    import zxingcpp

ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP")  # no EPS/PDF/TIFF plug-ins on untrusted input
DECODE_MAX_SIDE = 2048  # larger photos are shrunk first; a phone photo of a sign still scans
SMALL_SIDE = 600  # smaller images get a second, upscaled attempt


def _open(data: bytes, max_bytes: int, max_pixels: int) -> Image.Image:
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
    return im


def _prepare(im: Image.Image) -> Image.Image:
    """Greyscale, upright, alpha flattened onto white, at most DECODE_MAX_SIDE a side."""
    if im.format == "JPEG":
        im.draft("L", (DECODE_MAX_SIDE, DECODE_MAX_SIDE))  # DCT-domain downscale: fast
    try:
        im.load()
        im = ImageOps.exif_transpose(im)
        if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
            rgba = im.convert("RGBA")
            flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            flat.alpha_composite(rgba)
            im = flat
        im = im.convert("L")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageDecodeError("not_an_image", "the image data is damaged or truncated") from exc
    if max(im.size) > DECODE_MAX_SIDE:
        im.thumbnail((DECODE_MAX_SIDE, DECODE_MAX_SIDE), Image.Resampling.BOX)
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
) -> list[str]:
    """The QR payloads found in a PNG, JPEG or WebP photo or screenshot, deduplicated.

    Raises ImageDecodeError: "too_large", "not_an_image", "too_many_pixels", "no_code",
    "unreadable" (a code was found but could not be read) and, unless ``allow_several``,
    "several_codes" when more than one distinct payload is in the picture.
    """
    if not HAS_ZXING:  # pragma: no cover
        raise RuntimeError("decoding images needs zxing-cpp")
    im = _prepare(_open(data, max_bytes, max_pixels))
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


def decode_image_payload(
    data: bytes, *, max_bytes: int = 8_000_000, max_pixels: int = 40_000_000
) -> str:
    """The single QR payload in an image (errors as for decode_image)."""
    return decode_image(data, max_bytes=max_bytes, max_pixels=max_pixels)[0]
