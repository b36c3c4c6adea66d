"""Pure rendering core: QR matrix -> PNG / SVG, printable signs (PNG / PDF), vietqr.io-style
template images, and decoding QR codes from photos. No Flask, no database."""

from app.render.batch import write_signs_pdf
from app.render.decode import decode_image
from app.render.errors import DECODE_ERROR_CODES, RENDER_ERROR_CODES, ImageDecodeError, RenderError
from app.render.fonts import FONT_DIR, FONT_FAMILY
from app.render.images import (
    BORDER_MAX,
    BORDER_MIN,
    PNG_SIZE_MAX,
    PNG_SIZE_MIN,
    check_png_options,
    render_png,
    render_svg,
)
from app.render.layout import (
    DESIGN_VERSION,
    HEADLINE_KINDS,
    MAX_HOLDER_NAME,
    MAX_SIGN_LINE,
    Sign,
    format_amount,
    holder_display,
)
from app.render.pdf import PAGES, render_sign_pdf
from app.render.sign import render_sign_png
from app.render.symbol import DEFAULT_ENCODER, ENCODERS, HAS_ZXING, qr_matrix
from app.render.templates import (
    FORMATS,
    MIMETYPES,
    TEMPLATE_SIZES,
    TEMPLATES,
    render_template_image,
)

__all__ = [
    "BORDER_MAX",
    "BORDER_MIN",
    "DECODE_ERROR_CODES",
    "DEFAULT_ENCODER",
    "DESIGN_VERSION",
    "ENCODERS",
    "FONT_DIR",
    "FONT_FAMILY",
    "FORMATS",
    "HAS_ZXING",
    "HEADLINE_KINDS",
    "MAX_HOLDER_NAME",
    "MAX_SIGN_LINE",
    "MIMETYPES",
    "PAGES",
    "PNG_SIZE_MAX",
    "PNG_SIZE_MIN",
    "RENDER_ERROR_CODES",
    "TEMPLATES",
    "TEMPLATE_SIZES",
    "ImageDecodeError",
    "RenderError",
    "Sign",
    "check_png_options",
    "decode_image",
    "format_amount",
    "holder_display",
    "qr_matrix",
    "render_png",
    "render_sign_pdf",
    "render_sign_png",
    "render_svg",
    "render_template_image",
    "write_signs_pdf",
]
