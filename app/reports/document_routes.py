"""The report sent upward, for a unit and a period: the printable page and its files (DOCX ready
to sign, PDF, XLSX appendices).

Signed-in readers of the unit only (anonymous: the login page; outside their scope: 403). The
number, issuing body and place of the header come from the query string (`so`, `co_quan`,
`dia_danh`), with defaults from the unit; the page's form sets them and its links carry them.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.access import require_login
from app.accounts.permissions import can_view
from app.extensions import db
from app.forms import PageForm, text_field
from app.localities.models import Locality
from app.reports import document, docx_report, pdf_report
from app.reports.blueprints import bp
from app.reports.dashboard import today
from app.reports.document import Issuer, ReportContent
from app.reports.periods import Period
from app.vietqr.text import fold

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BASE = "/bao-cao/<int:locality_id>/ky/<period_key>"


class IssuerForm(PageForm):
    """The header's number, issuing body and place. A GET form (the links carry it)."""

    class Meta:
        csrf = False

    co_quan = text_field(_l("Cơ quan ban hành"), document.ISSUER_LIMIT, id="f-co-quan")
    so = text_field(_l("Số văn bản"), document.NUMBER_LIMIT, id="f-so")
    dia_danh = text_field(_l("Địa danh"), document.PLACE_LIMIT, id="f-dia-danh")


def _unit_and_period(locality_id: int, period_key: str) -> tuple[Locality, Period]:
    """The unit (a 2025 unit the reader may view) and the period; 401, 403 or 404 otherwise."""
    user = require_login()
    locality = db.get_or_404(Locality, locality_id)
    if locality.era != "vn2025":
        abort(404)
    if not can_view(user, locality):
        abort(403)
    try:
        period = Period.parse(period_key)
    except ValueError:
        abort(404)
    return locality, period


def _issuer(form: IssuerForm, locality: Locality) -> Issuer:
    defaults = document.default_issuer(locality, today())
    if not form.validate():
        return defaults
    return Issuer(
        form.co_quan.data or defaults.body,
        form.so.data or defaults.number,
        form.dia_danh.data or defaults.place,
        defaults.issued_on,
    )


BAD_ISSUER = _l("Cơ quan ban hành, số văn bản hoặc địa danh quá dài; hãy sửa trên trang báo cáo.")


def _content(locality_id: int, period_key: str, *, in_vietnamese: bool) -> ReportContent:
    """The report's content; a file (in Vietnamese) is refused with 422 when the header's
    fields are too long (the page shows the message beside the field instead)."""
    locality, period = _unit_and_period(locality_id, period_key)
    form = IssuerForm(request.args)
    if in_vietnamese and not form.validate():
        abort(422, description=BAD_ISSUER)
    if in_vietnamese:
        with force_locale("vi"):
            return document.build(locality, period, _issuer(form, locality))
    return document.build(locality, period, _issuer(form, locality))


def _file_name(content: ReportContent, stem: str, extension: str) -> str:
    """An ASCII download name: "bao-cao-xa-an-binh-2026-11.docx"."""
    slug = "-".join(fold(content.locality.name).split())[:60]
    slug = "".join(char for char in slug if char.isalnum() or char == "-") or str(
        content.locality.id
    )
    return f"{stem}-{slug}-{content.period.key}.{extension}"


def _download(data: bytes, mimetype: str, name: str) -> Response:
    answer = Response(data, mimetype=mimetype)
    answer.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    answer.headers["Cache-Control"] = "private, no-store"
    return answer


@bp.route(BASE + "/in")
def document_page(locality_id: int, period_key: str) -> Any:
    """The printable report (A4 when printed), with links to its DOCX, PDF and XLSX."""
    content = _content(locality_id, period_key, in_vietnamese=False)
    form = IssuerForm(request.args)
    form.validate()
    query = {name: value for name, value in request.args.items() if name in form._fields}
    return render_template(
        "reports/document.html",
        content=content,
        form=form,
        query=query,
        number=document.number,
        percent_text=document.percent_text,
        figure_text=document.figure_text,
        chart_svg=document.chart_svg,
    )


@bp.route(BASE + "/bao-cao.docx")
def document_docx(locality_id: int, period_key: str) -> Response:
    """The report as a DOCX ready to sign."""
    content = _content(locality_id, period_key, in_vietnamese=True)
    data = docx_report.render(content)
    return _download(data, DOCX_TYPE, _file_name(content, "bao-cao", "docx"))


@bp.route(BASE + "/bao-cao.pdf")
def document_pdf(locality_id: int, period_key: str) -> Response:
    """The report as a PDF."""
    content = _content(locality_id, period_key, in_vietnamese=True)
    data = pdf_report.render(content)
    return _download(data, "application/pdf", _file_name(content, "bao-cao", "pdf"))


@bp.route(BASE + "/phu-luc.xlsx")
def document_xlsx(locality_id: int, period_key: str) -> Response:
    """The report's appendices: one sheet per indicator group."""
    content = _content(locality_id, period_key, in_vietnamese=True)
    data = document.appendices(content)
    return _download(data, XLSX_TYPE, _file_name(content, "phu-luc", "xlsx"))
