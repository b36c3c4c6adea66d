"""The printable report as a PDF (fpdf2), with the render core's embedded Vietnamese font.

The same content as the page and the DOCX: the administrative header, "BÁO CÁO" and the
subject, the headline counts, each group's table, its bar chart (drawn as rectangles, so the
PDF needs no SVG support), the trend and the targets, then the signature block. A4 portrait.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from app.formatting import format_day
from app.render.fonts import font_files
from app.render.pdf import PAGE_SIZES, PDF_FAMILY, new_pdf
from app.reports.document import Chart, ReportContent, figure_text, number, percent_text
from app.reports.rollup import Figure

MARGIN = 50.0
BODY = 11.0
SMALL = 8.0
BAR_COLOUR = (29, 111, 184)
TRACK_COLOUR = (230, 236, 242)


def _text(
    pdf: FPDF,
    text: str,
    size: float = BODY,
    *,
    bold: bool = False,
    align: str = "L",
    width: float = 0.0,
) -> None:
    pdf.set_font(PDF_FAMILY, "B" if bold else "", size)
    pdf.multi_cell(width, size * 1.35, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _header(pdf: FPDF, content: ReportContent) -> None:
    issuer = content.issuer
    usable = pdf.w - 2 * MARGIN
    left_w, right_w = usable * 0.42, usable * 0.58
    top = pdf.get_y()
    pdf.set_xy(MARGIN, top)
    pdf.set_font(PDF_FAMILY, "B", 10)
    pdf.multi_cell(left_w, 13, issuer.body.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(PDF_FAMILY, "", 10)
    pdf.multi_cell(left_w, 13, f"Số: {issuer.number}", align="C", new_x="LEFT", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(MARGIN + left_w, top)
    pdf.set_font(PDF_FAMILY, "B", 10)
    pdf.cell(
        right_w, 13, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT"
    )
    pdf.set_font(PDF_FAMILY, "B", 10.5)
    motto = "Độc lập - Tự do - Hạnh phúc"
    pdf.cell(right_w, 14, motto, align="C", new_x="LEFT", new_y="NEXT")
    line_w = pdf.get_string_width(motto)
    x = MARGIN + left_w + (right_w - line_w) / 2
    pdf.set_line_width(0.6)
    pdf.line(x, pdf.get_y() - 1, x + line_w, pdf.get_y() - 1)
    pdf.set_font(PDF_FAMILY, "", 10)
    pdf.cell(right_w, 20, issuer.date_line, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(MARGIN, max(left_bottom, pdf.get_y()) + 14)


def _figure_cells(figure: Figure | None, share: bool) -> list[str]:
    if figure is None:
        return ["", "", ""] if share else [""]
    if not share:
        return [number(figure.numerator)]
    return [number(figure.numerator), number(figure.denominator or 0), percent_text(figure)]


def _table(pdf: FPDF, head: list[str], rows: list[list[str]], name_width: float) -> None:
    pdf.set_font(PDF_FAMILY, "", SMALL)
    others = len(head) - 2
    usable = pdf.w - 2 * MARGIN
    widths = [22.0, name_width] + [(usable - 22.0 - name_width) / max(others, 1)] * others
    with pdf.table(
        col_widths=widths,
        width=usable,
        text_align=["CENTER", "LEFT", *(["RIGHT"] * others)],
        line_height=SMALL * 1.4,
        headings_style=FontFace(emphasis="BOLD", fill_color=(238, 242, 246)),
        first_row_as_headings=True,
    ) as table:
        for values in [head, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(6)


def _chart(pdf: FPDF, chart: Chart) -> None:
    usable = pdf.w - 2 * MARGIN
    label_w, text_w, bar_h, gap = usable * 0.32, 50.0, 10.0, 4.0
    needed = 16 + len(chart.bars) * (bar_h + gap)
    if pdf.get_y() + needed > pdf.h - MARGIN:
        pdf.add_page()
    _text(pdf, chart.title, 9, bold=True)
    track = usable - label_w - text_w
    for bar in chart.bars:
        y = pdf.get_y()
        pdf.set_font(PDF_FAMILY, "", SMALL)
        pdf.set_xy(MARGIN, y)
        pdf.cell(label_w - 4, bar_h, bar.label[:40], align="R")
        pdf.set_fill_color(*TRACK_COLOUR)
        pdf.rect(MARGIN + label_w, y, track, bar_h, "F")
        pdf.set_fill_color(*BAR_COLOUR)
        length = track * min((bar.value or 0.0) / chart.scale, 1.0)
        if length > 0:
            pdf.rect(MARGIN + label_w, y, length, bar_h, "F")
        pdf.set_xy(MARGIN + label_w + track + 4, y)
        pdf.cell(text_w - 4, bar_h, bar.text)
        pdf.set_xy(MARGIN, y + bar_h + gap)
    pdf.set_fill_color(255, 255, 255)  # tables drawn after this use the fill colour too
    pdf.ln(6)


def _groups(pdf: FPDF, content: ReportContent) -> None:
    for index, group in enumerate(content.groups, start=1):
        _text(pdf, f"{index}. {group.title}", bold=True)
        for part in group.parts():
            head = ["STT", _("Đơn vị")]
            for item in part:
                if item.is_share:
                    head += [
                        f"{item.label}: {item.numerator_label}",
                        str(item.denominator_label),
                        "%",
                    ]
                else:
                    head.append(f"{item.label}")
            rows = [
                [str(position), name]
                + [
                    text
                    for item in part
                    for text in _figure_cells(figures.get(item.code), item.is_share)
                ]
                for position, (name, figures) in enumerate(group.rows, start=1)
            ]
            rows.append(
                ["", _("Tổng cộng")]
                + [
                    text
                    for item in part
                    for text in _figure_cells(group.total.get(item.code), item.is_share)
                ]
            )
            _table(pdf, head, rows, 110.0)
        chart = content.chart_of(group.title)
        if chart is not None:
            _chart(pdf, chart)


def _trend(pdf: FPDF, content: ReportContent) -> None:
    if not content.trend or not content.trend_indicators:
        return
    _text(pdf, _("Diễn biến theo tháng"), bold=True)
    head = ["", _("Kỳ")] + [str(item.label) for item in content.trend_indicators]
    rows = [
        [str(position), point.period.label()]
        + [figure_text(item, point.figures[item.code]) for item in content.trend_indicators]
        for position, point in enumerate(content.trend, start=1)
    ]
    _table(pdf, head, rows, 90.0)
    chart = content.chart_of("")
    if chart is not None:
        _chart(pdf, chart)


def _targets(pdf: FPDF, content: ReportContent) -> None:
    if not content.targets:
        return
    _text(pdf, _("Chỉ tiêu năm %(year)s", year=content.period.year), bold=True)
    for line in content.targets:
        unit = "%" if line.indicator.is_share else ""
        reached = "—" if line.reached is None else f"{number(round(line.reached))}{unit}"
        progress = "" if line.progress is None else f" ({number(round(line.progress))}%)"
        _text(pdf, f"- {line.indicator.label}: {reached} / {number(line.target)}{unit}{progress}")
    pdf.ln(6)


def _signature(pdf: FPDF, content: ReportContent) -> None:
    if pdf.get_y() + 90 > pdf.h - MARGIN:
        pdf.add_page()
    usable = pdf.w - 2 * MARGIN
    top = pdf.get_y() + 10
    pdf.set_xy(MARGIN, top)
    _text(pdf, _("Nơi nhận:"), 9, bold=True, width=usable * 0.45)
    _text(pdf, _("- Như trên;"), SMALL, width=usable * 0.45)
    _text(pdf, _("- Lưu: VT."), SMALL, width=usable * 0.45)
    pdf.set_xy(MARGIN + usable * 0.45, top)
    pdf.set_font(PDF_FAMILY, "B", 10)
    pdf.multi_cell(
        usable * 0.55,
        14,
        _("TM. %(body)s", body=content.issuer.body.upper()),
        align="C",
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.set_font(PDF_FAMILY, "", 9)
    pdf.multi_cell(usable * 0.55, 12, _("(Ký, ghi rõ họ tên, đóng dấu)"), align="C")


def render(content: ReportContent) -> bytes:
    """The report as PDF bytes (in Vietnamese, whatever the reader's language)."""
    with force_locale("vi"):
        pdf: Any = new_pdf(font_files(), PAGE_SIZES["A4"], content.subject)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, MARGIN)
        pdf.add_page()
        _header(pdf, content)
        _text(pdf, "BÁO CÁO", 13, bold=True, align="C")
        _text(pdf, content.subject, 12, bold=True, align="C")
        pdf.ln(8)
        if content.headline:
            _text(pdf, _("Kết quả nổi bật: ") + content.headline_text + ".")
        _text(pdf, _("Số liệu tính đến hết ngày %(day)s.", day=format_day(content.as_of)), 9)
        pdf.ln(6)
        _groups(pdf, content)
        _trend(pdf, content)
        _targets(pdf, content)
        _signature(pdf, content)
        return bytes(pdf.output())
