"""Printable payment signs as PNG and SVG."""

from __future__ import annotations

import io
import re
from html import escape
from pathlib import Path

from PIL import Image, ImageDraw

from app.render.errors import check_range
from app.render.fonts import FONT_FAMILY, FontFiles, font_files, pil_font
from app.render.images import svg_path_data, symbol_image
from app.render.layout import WHITE, Layout, Measure, Sign, Style, layout_sign
from app.render.symbol import DEFAULT_ENCODER, encode

SIGN_WIDTH_MIN = 240
SIGN_WIDTH_MAX = 2400
SIGN_STYLE = Style(frame=True)


def pil_measure(fonts: FontFiles) -> Measure:
    """Advance widths as Pillow will draw them."""

    def measure(text: str, bold: bool, size: float) -> float:
        return float(pil_font(fonts.path(bold), round(size, 2)).getlength(text))

    return measure


def draw_png(layout: Layout, fonts: FontFiles) -> Image.Image:
    """Rasterise a layout (px units, integer module size) onto a white RGB image."""
    img = Image.new("RGB", (round(layout.width), round(layout.height)), WHITE)
    draw = ImageDraw.Draw(img)
    for frame in layout.frames:
        # Pillow's box includes both ends; a rule thinner than a pixel is one pixel
        box = (
            frame.x,
            frame.y,
            max(frame.x, frame.x + frame.w - 1),
            max(frame.y, frame.y + frame.h - 1),
        )
        if frame.filled:
            draw.rectangle(box, fill=frame.colour)
        else:
            draw.rectangle(box, outline=frame.colour, width=round(frame.line))
    if layout.qr is not None:
        qr = layout.qr
        img.paste(symbol_image(qr.symbol, round(qr.module)), (round(qr.x), round(qr.y)))
    for t in layout.texts:
        draw.text(
            (t.x, t.baseline),
            t.text,
            fill=t.colour,
            font=pil_font(fonts.path(t.bold), round(t.size, 2)),
            anchor="ms" if t.anchor == "middle" else "ls",
        )
    return img


def render_sign_png(
    sign: Sign,
    *,
    width: int = 600,
    font_dir: str | Path | None = None,
    encoder: str = DEFAULT_ENCODER,
) -> bytes:
    """A printable sign ``width`` px wide (height follows the content): the headline band,
    title, the QR, the VietQR mark, bank and amount large, holder (upper case), account and
    purpose, footer. Long text wraps or shrinks, never overflows. RGB PNG, same input -> same
    bytes."""
    check_range("width", width, SIGN_WIDTH_MIN, SIGN_WIDTH_MAX)
    fonts = font_files(font_dir)
    layout = layout_sign(
        sign,
        encode(sign.payload, encoder=encoder),
        pil_measure(fonts),
        width=width,
        style=SIGN_STYLE,
        integer_modules=True,
    )
    return png_bytes(draw_png(layout, fonts))


def png_bytes(img: Image.Image) -> bytes:
    """PNG without metadata chunks (deterministic)."""
    out = io.BytesIO()
    img.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _rgb(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


# Characters XML 1.0 does not allow in a document (controls other than tab and newlines, lone
# surrogates, U+FFFE and U+FFFF). Layout texts come through `nfc`, which drops them already;
# this keeps every SVG well-formed whatever a future text path forgets.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """``text`` escaped for an XML text node, without characters XML cannot hold."""
    return escape(_NOT_XML.sub("", text), quote=False)


def draw_svg(layout: Layout) -> str:
    """An SVG of a layout; text as <text> in Be Vietnam Pro with a fixed ``textLength`` so a
    substitute font cannot make a line overflow."""
    w, h = _num(layout.width), _num(layout.height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
        f'<rect width="{w}" height="{h}" fill="#fff"/>',
    ]
    for f in layout.frames:
        if f.filled:
            parts.append(
                f'<rect x="{_num(f.x)}" y="{_num(f.y)}" width="{_num(f.w)}" '
                f'height="{_num(f.h)}" fill="{_rgb(f.colour)}"/>'
            )
            continue
        parts.append(
            f'<rect x="{_num(f.x + f.line / 2)}" y="{_num(f.y + f.line / 2)}" '
            f'width="{_num(f.w - f.line)}" height="{_num(f.h - f.line)}" fill="none" '
            f'stroke="{_rgb(f.colour)}" stroke-width="{_num(f.line)}"/>'
        )
    if layout.qr is not None:
        qr = layout.qr
        parts.append(
            f'<path fill="#000" shape-rendering="crispEdges" transform="translate('
            f'{_num(qr.x)} {_num(qr.y)}) scale({qr.module:.4f})" d="{svg_path_data(qr.symbol)}"/>'
        )
    family = f"'{FONT_FAMILY}', sans-serif"
    for t in layout.texts:
        anchor = ' text-anchor="middle"' if t.anchor == "middle" else ""
        weight = ' font-weight="700"' if t.bold else ""
        parts.append(
            f'<text x="{_num(t.x)}" y="{_num(t.baseline)}" font-family="{family}" '
            f'font-size="{_num(t.size)}"{weight} fill="{_rgb(t.colour)}"{anchor} '
            f'textLength="{_num(t.width)}" lengthAdjust="spacingAndGlyphs">'
            f"{_xml_text(t.text)}</text>"
        )
    parts.append("</svg>\n")
    return "\n".join(parts)
