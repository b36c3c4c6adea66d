"""Images shaped like vietqr.io's quick-link templates, in PNG, JPEG, SVG or PDF."""

from __future__ import annotations

import io
from pathlib import Path

from app.render.errors import check_choice
from app.render.fonts import font_files
from app.render.images import render_png, render_svg
from app.render.layout import Sign, Style, layout_sign
from app.render.pdf import draw_layout, new_pdf, pdf_bytes, pdf_measure
from app.render.sign import draw_png, draw_svg, pil_measure, png_bytes
from app.render.symbol import DEFAULT_ENCODER, encode

TEMPLATES = ("compact", "compact2", "qr_only", "print")
TEMPLATE_SIZES: dict[str, tuple[int, int]] = {
    "compact": (540, 540),
    "compact2": (540, 640),
    "qr_only": (480, 480),
    "print": (600, 776),
}
#: vietqr.io's meaning of each template, in the sign's design: compact is the code with the
#: VietQR mark and the bank; compact2 adds the transfer details (amount, holder, account,
#: purpose); print is the whole sign (headline band, title, details, footer, frame); qr_only is
#: the code alone.
TEMPLATE_STYLES: dict[str, Style] = {
    "compact": Style(headline=False, title=False, fields=False, footer=False),
    "compact2": Style(headline=False, title=False, footer=False),
    "qr_only": Style(
        headline=False, title=False, mark=False, bank=False, fields=False, footer=False
    ),
    "print": Style(frame=True),
}
FORMATS = ("png", "jpg", "svg", "pdf")
MIMETYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
JPEG_QUALITY = 92


def render_template_image(
    template: str,
    sign: Sign,
    *,
    fmt: str,
    font_dir: str | Path | None = None,
    encoder: str = DEFAULT_ENCODER,
) -> tuple[bytes, str]:
    """``(bytes, mimetype)`` of ``sign`` drawn as a vietqr.io-style template: compact 540x540
    (QR, VietQR mark, bank), compact2 540x640 (QR, mark, transfer info), qr_only 480x480,
    print 600x776 (the whole sign: headline, title, QR, full info, footer). Sizes are px, or pt
    for PDF."""
    check_choice("template", template, TEMPLATES)
    check_choice("fmt", fmt, FORMATS)
    width, height = TEMPLATE_SIZES[template]
    style = TEMPLATE_STYLES[template]
    mimetype = MIMETYPES[fmt]
    if template == "qr_only" and fmt == "png":
        return render_png(sign.payload, size=width, encoder=encoder), mimetype
    if template == "qr_only" and fmt == "svg":
        return render_svg(sign.payload, size=width, encoder=encoder).encode(), mimetype
    fonts = font_files(font_dir)
    symbol = encode(sign.payload, encoder=encoder)
    if fmt == "pdf":
        pdf = new_pdf(fonts, (float(width), float(height)), f"VietQR {template}")
        pdf.add_page()
        layout = layout_sign(
            sign, symbol, pdf_measure(pdf), width=width, height=height, style=style
        )
        draw_layout(pdf, layout)
        return pdf_bytes(pdf), mimetype
    layout = layout_sign(
        sign,
        symbol,
        pil_measure(fonts),
        width=width,
        height=height,
        style=style,
        integer_modules=fmt != "svg",
    )
    if fmt == "svg":
        return draw_svg(layout).encode(), mimetype
    img = draw_png(layout, fonts)
    if fmt == "png":
        return png_bytes(img), mimetype
    out = io.BytesIO()
    img.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue(), mimetype
