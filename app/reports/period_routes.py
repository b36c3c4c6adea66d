"""Pages of the periodic reports, on the reports pages blueprint: a unit's report for a period
(figures computed and entered side by side, the data checks with their explanations, submit,
approve, reopen, and the figures as submitted), the entered-figures form, the targets page and
the reports waiting for the reader's approval."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields import SelectChoice

from app.access import require_login
from app.accounts.permissions import can_manage, can_view
from app.errors import DomainError
from app.forms import save_form, show_beside
from app.localities.models import Locality
from app.localities.tree import ancestors
from app.reports import figures, submissions, targets
from app.reports.blueprints import bp
from app.reports.checks import Finding
from app.reports.models import EnteredFigure
from app.reports.period_audit_words import STATE_LABELS
from app.reports.period_forms import ExplanationForm, FigureForm, ReopenForm, TargetForm
from app.reports.periods import Period
from app.reports.rollup import all_indicators, cutoff_day, indicator

Page = tuple[str, int]


@bp.context_processor
def period_helpers() -> dict[str, Any]:
    return {
        "report_state_labels": STATE_LABELS,
        "indicator_named": indicator,
        "count": format_decimal,
        "percent": lambda value: format_decimal(round(float(value), 1)),
    }


def _visible(user: Any, locality_id: int) -> Locality:
    unit = figures.figure_unit(locality_id)
    if not can_view(user, unit) and not figures.may_enter(user, unit):
        raise DomainError("reports.forbidden", status=403)
    return unit


def _report_url(unit: Locality, period: Period) -> str:
    return url_for("reports.period_report", locality_id=unit.id, period=period.key)


# ---- a unit's report for a period ------------------------------------------------------------


def _report_page(
    unit: Locality,
    period: Period,
    forms: dict[str, ExplanationForm] | None = None,
    reopen_form: ReopenForm | None = None,
    status: int = 200,
) -> Page:
    user = require_login()
    report = submissions.report_for(user, unit, period)
    shown = submissions.view(user, report)
    explained = report.explanations or {}
    explanation_forms = {
        w.key: ExplanationForm.for_warning(
            w.key, formdata=None, data={"text": explained.get(w.key, "")}
        )
        for w in shown.warnings
    }
    explanation_forms.update(forms or {})
    return render_template(
        "reports/period_report.html",
        unit=unit,
        period=period,
        shown=shown,
        crumbs=[*ancestors(unit), unit],
        explanation_forms=explanation_forms,
        reopen_form=reopen_form or ReopenForm(formdata=None),
        can_enter=can_manage(user, unit),
        warning_text=warning_text,
        cutoff=cutoff_day(),
    ), status


def warning_text(found: Finding) -> str:
    """What a warning says, in the reader's language."""
    label = str(found.indicator.label)
    if found.kind == "over":
        return str(
            _(
                "%(label)s: tử số lớn hơn mẫu số (%(value)s%%).",
                label=label,
                value=format_decimal(round(found.value or 0, 1)),
            )
        )
    if found.kind == "far":
        return str(
            _(
                "%(label)s: %(value)s khác xa trung bình 3 kỳ trước (%(mean)s).",
                label=label,
                value=format_decimal(round(found.value or 0, 1)),
                mean=format_decimal(round(found.mean or 0, 1)),
            )
        )
    return str(_("%(label)s: chỉ tiêu bắt buộc chưa có số liệu.", label=label))


@bp.route("/bao-cao/<int:locality_id>/ky/<string(maxlength=10):period>")
def period_report(locality_id: int, period: str) -> Page:
    """A unit's report for a period (drafted on its manager's first visit)."""
    require_login()
    unit, key = submissions.get_report(locality_id, period)
    return _report_page(unit, key)


@bp.route(
    "/bao-cao/<int:locality_id>/ky/<string(maxlength=10):period>/giai-trinh", methods=["POST"]
)
def explain_warning(locality_id: int, period: str) -> WerkzeugResponse | Page:
    user = require_login()
    unit, key = submissions.get_report(locality_id, period)
    if not submissions.may_explain(user, unit):
        raise DomainError("reports.forbidden", status=403)
    warning_key = str(request.args.get("canh-bao", ""))[:80]
    form = ExplanationForm.for_warning(warning_key)
    if not warning_key or not form.validate_on_submit():
        return _report_page(unit, key, forms={warning_key: form}, status=422)
    try:
        submissions.explain(
            user, submissions.draft_report(unit, key), {warning_key: form.text.data or ""}
        )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        show_beside(form, error, "text")
        return _report_page(unit, key, forms={warning_key: form}, status=error.status)
    flash(_("Đã lưu giải trình."), "success")
    return redirect(_report_url(unit, key) + "#kiem-tra")


def _act(locality_id: int, period: str, action: str) -> WerkzeugResponse | Page:
    user = require_login()
    unit, key = submissions.get_report(locality_id, period)
    try:
        if action == "submit":
            if not submissions.may_explain(user, unit):
                raise DomainError("reports.forbidden", status=403)
            submissions.submit(user, submissions.draft_report(unit, key))
            flash(_("Đã nộp báo cáo."), "success")
        else:
            if not submissions.may_approve(user, unit):
                raise DomainError("reports.not_approver", status=403)
            found = submissions.find_report(unit, key)
            if found is None:
                raise DomainError("reports.report_not_submitted", "state", status=409)
            submissions.approve(user, found)
            flash(_("Đã duyệt báo cáo."), "success")
    except DomainError as error:
        if error.status in (403, 404):
            raise
        flash(error.message, "error")
        return _report_page(unit, key, status=error.status)
    return redirect(_report_url(unit, key))


@bp.route("/bao-cao/<int:locality_id>/ky/<string(maxlength=10):period>/nop", methods=["POST"])
def submit_period_report(locality_id: int, period: str) -> WerkzeugResponse | Page:
    return _act(locality_id, period, "submit")


@bp.route("/bao-cao/<int:locality_id>/ky/<string(maxlength=10):period>/duyet", methods=["POST"])
def approve_period_report(locality_id: int, period: str) -> WerkzeugResponse | Page:
    return _act(locality_id, period, "approve")


@bp.route("/bao-cao/<int:locality_id>/ky/<string(maxlength=10):period>/mo-lai", methods=["POST"])
def reopen_period_report(locality_id: int, period: str) -> WerkzeugResponse | Page:
    user = require_login()
    unit, key = submissions.get_report(locality_id, period)
    found = submissions.find_report(unit, key)
    if found is None or not submissions.may_reopen(user, found):
        if found is None and can_view(user, unit):
            raise DomainError("reports.report_is_draft", "state", status=409)
        raise DomainError("reports.not_approver", status=403)
    form = ReopenForm()
    return save_form(
        form,
        "reason",
        lambda data: submissions.reopen(user, found, data["reason"]),
        lambda _report: _report_url(unit, key),
        lambda status: _report_page(unit, key, reopen_form=form, status=status),
    )


# ---- entered figures -------------------------------------------------------------------------


def _indicator_choices() -> list[SelectChoice]:
    return [SelectChoice(item.code, str(item.label)) for item in all_indicators()]


def _figures_page(unit: Locality, form: FigureForm, status: int = 200) -> Page:
    return render_template(
        "reports/figures.html",
        unit=unit,
        form=form,
        entered=figures.figures_of(unit),
        crumbs=[*ancestors(unit), unit],
        current=figures.current_period(submissions.today()),
        may_enter=figures.may_enter(require_login(), unit),
    ), status


@bp.route("/bao-cao/<int:locality_id>/nhap-so-lieu", methods=["GET", "POST"])
def entered_figures(locality_id: int) -> WerkzeugResponse | Page:
    """The figures entered for a unit, and the form to enter one."""
    user = require_login()
    unit = _visible(user, locality_id)
    form = FigureForm()
    form.indicator.choices = _indicator_choices()
    if not form.is_submitted():
        form.period.data = (
            request.args.get("ky", "")[:10] or figures.current_period(submissions.today()).key
        )
        form.indicator.data = request.args.get("chi-tieu", "")[:60] or None
    elif not figures.may_enter(user, unit):
        raise DomainError("reports.forbidden", status=403)

    def save(data: dict[str, Any]) -> EnteredFigure:
        return figures.enter_figure(user, {**data, "locality_id": unit.id}, submissions.today())

    return save_form(
        form,
        "numerator",
        save,
        lambda figure: (
            _report_url(unit, Period.parse(figure.period))
            if unit.era == "vn2025"
            else url_for("reports.entered_figures", locality_id=unit.id)
        ),
        lambda status: _figures_page(unit, form, status),
    )


@bp.route("/bao-cao/so-lieu/<int:figure_id>/xoa", methods=["POST"])
def delete_entered_figure(figure_id: int) -> WerkzeugResponse:
    user = require_login()
    figure = figures.get_figure(figure_id)
    unit = figure.locality
    try:
        figures.delete_figure(user, figure)
        flash(_("Đã xoá số liệu."), "success")
    except DomainError as error:
        if error.status in (403, 404):
            raise
        flash(error.message, "error")
    return redirect(url_for("reports.entered_figures", locality_id=unit.id))


# ---- targets ---------------------------------------------------------------------------------


def _targets_page(unit: Locality, form: TargetForm, year: int, status: int = 200) -> Page:
    user = require_login()
    return render_template(
        "reports/targets.html",
        unit=unit,
        form=form,
        year=year,
        progress=targets.progress(unit, year, submissions.today()),
        all_targets=targets.targets_of(user, unit),
        crumbs=[*ancestors(unit), unit],
        may_manage=can_manage(user, unit),
    ), status


@bp.route("/bao-cao/<int:locality_id>/chi-tieu", methods=["GET", "POST"])
def unit_targets(locality_id: int) -> WerkzeugResponse | Page:
    """A unit's targets with the progress of this year's, and the form to add one."""
    user = require_login()
    unit = submissions.report_unit(locality_id)
    if not can_view(user, unit):
        raise DomainError("reports.forbidden", status=403)
    year = submissions.today().year
    form = TargetForm()
    form.indicator.choices = _indicator_choices()
    if not form.is_submitted():
        form.year.data = year
    elif not can_manage(user, unit):
        raise DomainError("reports.forbidden", status=403)
    return save_form(
        form,
        "value",
        lambda data: targets.create_target(user, {**data, "locality_id": unit.id}),
        lambda _target: url_for("reports.unit_targets", locality_id=unit.id),
        lambda status: _targets_page(unit, form, year, status),
    )


@bp.route("/bao-cao/chi-tieu/<int:target_id>/xoa", methods=["POST"])
def delete_unit_target(target_id: int) -> WerkzeugResponse:
    user = require_login()
    target = targets.get_target(target_id)
    unit = target.locality
    targets.delete_target(user, target)
    flash(_("Đã xoá chỉ tiêu kế hoạch."), "success")
    return redirect(url_for("reports.unit_targets", locality_id=unit.id))


# ---- waiting for my approval -----------------------------------------------------------------


@bp.route("/bao-cao/cho-duyet")
def waiting_for_me() -> Page:
    """Submitted reports of the units below those the reader manages."""
    user = require_login()
    rows, total = submissions.waiting_for(user, 1, 100)
    return render_template("reports/period_waiting.html", reports=rows, total=total), 200
