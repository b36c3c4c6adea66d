"""Pure rendering core: QR matrix -> PNG / SVG, printable signs (PNG / PDF), vietqr.io-style
template images, and decoding QR codes from photos. No Flask, no database."""

from app.render.decode import decode_image, decode_image_payload
from app.render.errors import ImageDecodeError, RenderError
from app.render.fonts import FONT_DIR, FONT_FAMILY
from app.render.images import render_png, render_svg
from app.render.layout import Sign, format_amount, holder_display
from app.render.pdf import PAGES, render_sign_pdf
from app.render.sign import render_sign_png
from app.render.symbol import ENCODERS, HAS_ZXING, qr_matrix
from app.render.templates import (
    FORMATS,
    MIMETYPES,
    TEMPLATE_SIZES,
    TEMPLATES,
    render_template_image,
)

__all__ = [
    "ENCODERS",
    "FONT_DIR",
    "FONT_FAMILY",
    "FORMATS",
    "HAS_ZXING",
    "MIMETYPES",
    "PAGES",
    "TEMPLATES",
    "TEMPLATE_SIZES",
    "ImageDecodeError",
    "RenderError",
    "Sign",
    "decode_image",
    "decode_image_payload",
    "format_amount",
    "holder_display",
    "qr_matrix",
    "render_png",
    "render_sign_pdf",
    "render_sign_png",
    "render_svg",
    "render_template_image",
]
