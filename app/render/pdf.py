"""Printable signs as PDF: embedded subset font, selectable text, the QR as one vector path."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from app.render.errors import RenderError, check_choice
from app.render.fonts import FontFiles, font_files
from app.render.layout import Layout, Measure, QrItem, Sign, Style, layout_sign
from app.render.symbol import DEFAULT_ENCODER, encode

PAGE_SIZES: dict[str, tuple[float, float]] = {  # pt
    "A6": (297.64, 419.53),
    "A4": (595.28, 841.89),
}
PAGES = tuple(PAGE_SIZES)
SIGNS_PER_PAGE = {"A6": 1, "A4": 4}
PDF_FAMILY = "BeVietnamPro"
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)  # fixed so the same signs give the same bytes
PRODUCER = "Quét"
MAX_SIGNS = 2000
PDF_STYLE = Style(frame=True)


def new_pdf(fonts: FontFiles, page_size: tuple[float, float], title: str) -> FPDF:
    """An FPDF in pt units with Be Vietnam Pro loaded and fixed metadata."""
    pdf = FPDF(unit="pt", format=page_size)
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.add_font(PDF_FAMILY, "", fonts.regular)
    pdf.add_font(PDF_FAMILY, "B", fonts.bold)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_title(title)
    pdf.set_lang("vi")
    return pdf


def pdf_measure(pdf: FPDF) -> Measure:
    """Advance widths as fpdf2 will set them."""

    def measure(text: str, bold: bool, size: float) -> float:
        pdf.set_font(PDF_FAMILY, "B" if bold else "", size)
        return float(pdf.get_string_width(text))

    return measure


def draw_layout(pdf: FPDF, layout: Layout, dx: float = 0.0, dy: float = 0.0) -> None:
    """Draw a layout on the current page with its origin at (dx, dy)."""
    for f in layout.frames:
        if f.filled:
            pdf.set_fill_color(*f.colour)
            pdf.rect(dx + f.x, dy + f.y, f.w, f.h, "F")
            continue
        pdf.set_draw_color(*f.colour)
        pdf.set_line_width(f.line)
        pdf.rect(dx + f.x + f.line / 2, dy + f.y + f.line / 2, f.w - f.line, f.h - f.line, "D")
    if layout.qr is not None:
        _qr_path(pdf, layout.qr, dx, dy)
    for t in layout.texts:
        pdf.set_font(PDF_FAMILY, "B" if t.bold else "", t.size)
        pdf.set_text_color(*t.colour)
        left = t.x - t.width / 2 if t.anchor == "middle" else t.x
        pdf.text(dx + left, dy + t.baseline, t.text)


def _qr_path(pdf: FPDF, qr: QrItem, dx: float, dy: float) -> None:
    """The symbol's dark runs as one path filled once: no hairline seams between modules.

    Written as PDF operators (fpdf2's drawing API deep-copies every path, ~50 ms a sign).
    Every edge is computed from its grid position, so neighbouring rectangles share edges
    exactly after rounding. Wrapped in q/Q so fpdf2's own colour state stays true."""
    m = qr.module
    width = qr.symbol.width
    left = dx + qr.x
    top = pdf.h - (dy + qr.y)  # PDF's y axis points up
    xs = [round(left + i * m, 2) for i in range(width + 1)]
    ys = [round(top - i * m, 2) for i in range(width + 1)]
    ops = ["q 0 g"]
    for y, x, n in qr.symbol.runs():
        ops.append(
            f"{xs[x]:.2f} {ys[y + 1]:.2f} {xs[x + n] - xs[x]:.2f} {ys[y] - ys[y + 1]:.2f} re"
        )
    ops.append("f Q")
    pdf._out("\n".join(ops))


def pdf_bytes(pdf: FPDF) -> bytes:
    """The finished document."""
    return bytes(pdf.output())


def render_sign_pdf(
    signs: Sequence[Sign],
    *,
    page: str = "A6",
    font_dir: str | Path | None = None,
    encoder: str = DEFAULT_ENCODER,
) -> bytes:
    """Signs as a printable PDF: "A6" one sign per page; "A4" four A6 signs per page (2x2)
    with dashed cut lines, as many pages as needed. Same signs -> same bytes."""
    check_choice("page", page, PAGES)
    if not signs:
        raise RenderError("signs", "got 0 signs, at least 1 needed", code="empty")
    if len(signs) > MAX_SIGNS:
        raise RenderError(
            "signs",
            f"got {len(signs)} signs, at most {MAX_SIGNS} per document",
            code="too_long",
            got=len(signs),
            most=MAX_SIGNS,
        )
    fonts = font_files(font_dir)
    pdf = new_pdf(fonts, PAGE_SIZES[page], "Mã QR thanh toán")
    measure = pdf_measure(pdf)
    for index, sign in enumerate(signs):
        add_sign(pdf, sign, index, page, measure, encoder)
    return pdf_bytes(pdf)


def add_sign(pdf: FPDF, sign: Sign, index: int, page: str, measure: Measure, encoder: str) -> None:
    """Draw the `index`-th sign of a document in its place: a new page at each page's first
    slot (with the cut lines on A4), then the sign laid out in its A6 cell."""
    slot = index % SIGNS_PER_PAGE[page]
    if slot == 0:
        pdf.add_page()
        if page == "A4":
            cut_lines(pdf)
    cell_w = PAGE_SIZES["A4"][0] / 2  # = A6 width; A4 cells are A6 with 1.4 pt more height
    cell_h = PAGE_SIZES["A4"][1] / 2 if page == "A4" else PAGE_SIZES["A6"][1]
    layout = layout_sign(
        sign,
        encode(sign.payload, encoder=encoder),
        measure,
        width=cell_w,
        height=cell_h,
        style=PDF_STYLE,
    )
    draw_layout(pdf, layout, (slot % 2) * cell_w, (slot // 2) * cell_h)


def cut_lines(pdf: FPDF) -> None:
    w, h = PAGE_SIZES["A4"]
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.5)
    pdf.set_dash_pattern(dash=4, gap=3)
    pdf.line(w / 2, 0, w / 2, h)
    pdf.line(0, h / 2, w, h / 2)
    pdf.set_dash_pattern()
