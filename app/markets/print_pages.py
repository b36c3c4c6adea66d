"""Pages for printing every sign of a market or street at once (routes on the markets
blueprint): the "In tất cả biển" button posts here, the job runs in the background, and the
job's page shows its progress (a small script polls its status every second; without
JavaScript the page refreshes itself every 3 s while the job runs) and then the download.

Only officers who manage the place (and admins) may print and see the job.
"""

from __future__ import annotations

from typing import Any

from flask import Response as FlaskResponse
from flask import flash, jsonify, redirect, render_template, send_file, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectField
from wtforms.fields import SelectChoice

from app.access import require_login
from app.errors import DomainError
from app.markets import printing
from app.markets.forms import MarketsForm
from app.markets.messages import PRINT_STATUS_LABELS
from app.markets.models import PRINT_PAGES, PrintJob
from app.markets.routes import bp

PAGE_LABELS = {"A6": _l("A6: một biển một trang"), "A4": _l("A4: bốn biển, có đường cắt")}


class PrintForm(MarketsForm):
    """The "print every sign" button, with the paper to print on."""

    page = SelectField(
        _l("Khổ giấy"),
        choices=lambda: [SelectChoice(p, str(PAGE_LABELS[p])) for p in PRINT_PAGES],
        default="A6",
        id="f-print-page",
    )


class RunAgainForm(MarketsForm):
    """The "run again" button of a failed or stalled job (its CSRF token only)."""


def _start(back: str, **place: int) -> WerkzeugResponse:
    """Queue the job and go to its page; when there is nothing to print, back to the place's
    page saying why."""
    user = require_login()
    form = PrintForm()
    page = form.page.data if form.validate_on_submit() else None
    if page is None:
        raise DomainError("markets.sign_page", "page", pages=", ".join(PRINT_PAGES))
    try:
        job = printing.create_print_job(user, page=page, **place)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        flash(error.message, "error")
        return redirect(back)
    return redirect(url_for("markets.print_job", job_id=job.id))


@bp.route("/cho/<int:market_id>/in-bien", methods=["POST"])
def print_market(market_id: int) -> WerkzeugResponse:
    """Start printing every sign of a market; on to the job's page."""
    return _start(url_for("markets.market", market_id=market_id), market_id=market_id)


@bp.route("/tuyen-pho/<int:street_id>/in-bien", methods=["POST"])
def print_street(street_id: int) -> WerkzeugResponse:
    """Start printing every sign of a street; on to the job's page."""
    return _start(url_for("markets.street", street_id=street_id), street_id=street_id)


def status_of(job: PrintJob) -> dict[str, Any]:
    """A job's state as the page's script and the API read it."""
    return {
        "id": job.id,
        "status": job.status,
        "status_label": str(PRINT_STATUS_LABELS[job.status]),
        "total": job.total,
        "done": job.done,
        "skipped": job.skipped,
        "page": job.page,
        "error": job.error,
        "file_url": url_for("markets.print_file", job_id=job.id)
        if printing.file_of(job) is not None
        else None,
    }


@bp.route("/in-bien/<int:job_id>")
def print_job(job_id: int) -> str:
    """A print job: progress while it runs, then the download link (or what went wrong)."""
    job = printing.visible_print_job(require_login(), job_id)
    kind, place = printing.place_of(job)
    return render_template(
        "markets/print_job.html",
        job=job,
        kind=kind,
        place=place,
        state=status_of(job),
        again=RunAgainForm(formdata=None) if printing.may_run_again(job) else None,
    )


@bp.route("/in-bien/<int:job_id>/chay-lai", methods=["POST"])
def print_again(job_id: int) -> WerkzeugResponse:
    """Run a failed or stalled job again (it starts over); back to its page."""
    user = require_login()
    job = printing.visible_print_job(user, job_id)
    if RunAgainForm().validate_on_submit():
        try:
            printing.run_again(user, job)
        except DomainError as error:
            if error.status in (403, 404):
                raise
            flash(error.message, "error")
    return redirect(url_for("markets.print_job", job_id=job_id))


@bp.route("/in-bien/<int:job_id>/tien-do")
def print_progress(job_id: int) -> FlaskResponse:
    """A print job's progress as JSON (what the job page's script polls)."""
    job = printing.visible_print_job(require_login(), job_id)
    answer = jsonify(status_of(job))
    answer.headers["Cache-Control"] = "no-store"
    return answer


@bp.route("/in-bien/<int:job_id>/tai-ve")
def print_file(job_id: int) -> WerkzeugResponse:
    """The finished PDF, as an attachment named after the place ("bien-cho-an-binh.pdf")."""
    return send_print_file(printing.visible_print_job(require_login(), job_id))


def send_print_file(job: PrintJob) -> WerkzeugResponse:
    """A finished job's PDF as an attachment named after the place (409 until it is done);
    the page and the API send it alike."""
    path = printing.file_of(job)
    if path is None:
        raise DomainError("markets.print_not_ready", status=409)
    answer = send_file(
        path,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=printing.download_name(job),
        max_age=0,
    )
    answer.headers["Cache-Control"] = "private, no-cache"
    return answer
