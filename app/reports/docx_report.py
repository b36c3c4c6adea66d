"""The report as a DOCX ready to sign, made with python-docx.

The header follows the administrative document layout (Nghị định 30/2020/NĐ-CP, appendix I): a
borderless two-column table, the issuing body in capitals and "Số: …/BC-…" on the left, the
national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in bold and the motto "Độc lập - Tự do -
Hạnh phúc" underlined on the right, the place and date in italics under it; then "BÁO CÁO" and
the subject line, the headline counts, one table per indicator group, the trend, the targets
and the signature block. Times New Roman 13 pt (tables 11 pt, the header 12–13 pt).
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import force_locale
from flask_babel import gettext as _

from app.formatting import format_day
from app.reports.document import ReportContent, figure_text, number, percent_text
from app.reports.rollup import Figure

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TABLE_SIZE = Pt(11)
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _font(run: Any, size: Pt = BODY_SIZE, *, bold: bool = False, italic: bool = False) -> Any:
    run.font.name = FONT
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    # East Asian text falls back to another font unless the run names it too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _line(
    cell_or_doc: Any,
    text: str,
    *,
    size: Pt = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
) -> Any:
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = _font(paragraph.add_run(text), size, bold=bold, italic=italic)
    run.font.underline = underline
    return paragraph


def _header(document: Any, content: ReportContent) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    issuer = content.issuer
    _line(left, issuer.body.upper(), size=Pt(12), bold=True, first=True)
    _line(left, "———", size=Pt(12))
    _line(left, f"Số: {issuer.number}", size=Pt(13))
    _line(right, NATIONAL_TITLE, size=Pt(12), bold=True, first=True)
    _line(right, MOTTO, size=Pt(13), bold=True, underline=True)
    _line(right, "")
    _line(right, issuer.date_line, size=Pt(13), italic=True)


def _cell(cell: Any, text: str, *, bold: bool = False, align: Any = None) -> None:
    paragraph = cell.paragraphs[0]
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), TABLE_SIZE, bold=bold)


def _figure_cells(figure: Figure | None, share: bool) -> list[str]:
    if figure is None:
        return ["", "", ""] if share else [""]
    if not share:
        return [number(figure.numerator)]
    return [number(figure.numerator), number(figure.denominator or 0), percent_text(figure)]


def _tables(document: Any, content: ReportContent) -> None:
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for index, group in enumerate(content.groups, start=1):
        _line(document, f"{index}. {group.title}", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for part in group.parts():
            columns = 2 + sum(3 if item.is_share else 1 for item in part)
            table = document.add_table(rows=2, cols=columns)
            table.style = "Table Grid"
            head, sub = table.rows
            _cell(head.cells[0], "STT", bold=True)
            _cell(head.cells[1], _("Đơn vị"), bold=True)
            position = 2
            for item in part:
                width = 3 if item.is_share else 1
                merged = head.cells[position]
                if width > 1:
                    merged = merged.merge(head.cells[position + width - 1])
                _cell(merged, str(item.label), bold=True)
                if item.is_share:
                    for offset, title in enumerate(
                        (str(item.numerator_label), str(item.denominator_label), "%")
                    ):
                        _cell(sub.cells[position + offset], title, bold=True)
                else:
                    _cell(sub.cells[position], str(item.numerator_label), bold=True)
                position += width
            head.cells[0].merge(sub.cells[0])
            head.cells[1].merge(sub.cells[1])
            for row_number, (name, figures) in enumerate(group.rows, start=1):
                cells = table.add_row().cells
                _cell(cells[0], str(row_number))
                _cell(cells[1], name)
                values = [
                    text
                    for item in part
                    for text in _figure_cells(figures.get(item.code), item.is_share)
                ]
                for offset, text in enumerate(values):
                    _cell(cells[2 + offset], text, align=right)
            cells = table.add_row().cells
            _cell(cells[1], _("Tổng cộng"), bold=True)
            values = [
                text
                for item in part
                for text in _figure_cells(group.total.get(item.code), item.is_share)
            ]
            for offset, text in enumerate(values):
                _cell(cells[2 + offset], text, bold=True, align=right)
            _line(document, "")


def _trend(document: Any, content: ReportContent) -> None:
    if not content.trend or not content.trend_indicators:
        return
    _line(document, _("Diễn biến theo tháng"), bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    table = document.add_table(rows=1, cols=1 + len(content.trend_indicators))
    table.style = "Table Grid"
    _cell(table.rows[0].cells[0], _("Kỳ"), bold=True)
    for offset, item in enumerate(content.trend_indicators, start=1):
        _cell(table.rows[0].cells[offset], str(item.label), bold=True)
    for point in content.trend:
        cells = table.add_row().cells
        _cell(cells[0], point.period.label())
        for offset, item in enumerate(content.trend_indicators, start=1):
            figure = point.figures.get(item.code)
            _cell(
                cells[offset],
                figure_text(item, figure) if figure else "",
                align=WD_ALIGN_PARAGRAPH.RIGHT,
            )
    _line(document, "")


def _targets(document: Any, content: ReportContent) -> None:
    if not content.targets:
        return
    _line(
        document,
        _("Chỉ tiêu năm %(year)s", year=content.period.year),
        bold=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    for line in content.targets:
        unit = "%" if line.indicator.is_share else ""
        reached = "—" if line.reached is None else f"{number(round(line.reached))}{unit}"
        progress = "" if line.progress is None else f" ({number(round(line.progress))}%)"
        _line(
            document,
            f"- {line.indicator.label}: {reached} / {number(line.target)}{unit}{progress}",
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )


def _signature(document: Any, content: ReportContent) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _line(
        left,
        _("Nơi nhận:"),
        size=Pt(12),
        bold=True,
        italic=True,
        first=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _line(left, _("- Như trên;"), size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, _("- Lưu: VT."), size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(right, _("TM. %(body)s", body=content.issuer.body.upper()), bold=True, first=True)
    _line(right, _("(Ký, ghi rõ họ tên, đóng dấu)"), italic=True)


def render(content: ReportContent) -> bytes:
    """The report as DOCX bytes (a Vietnamese document, whatever the reader's language)."""
    with force_locale("vi"):
        document = Document()
        section = document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        style = document.styles["Normal"]
        style.font.name = FONT
        style.font.size = BODY_SIZE
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        _header(document, content)
        _line(document, "")
        _line(document, "BÁO CÁO", size=Pt(14), bold=True)
        _line(document, content.subject, size=Pt(14), bold=True)
        _line(document, "")
        if content.headline:
            paragraph = _line(document, "", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            _font(paragraph.add_run(_("Kết quả nổi bật: ")), bold=True)
            _font(paragraph.add_run(content.headline_text + "."))
        _line(
            document,
            _("Số liệu tính đến hết ngày %(day)s.", day=format_day(content.as_of)),
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        _tables(document, content)
        _trend(document, content)
        _targets(document, content)
        _line(document, "")
        _signature(document, content)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
