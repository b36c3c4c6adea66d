"""A unit's periodic report: drafted (on its officer's first visit or first figure), checked,
submitted, approved by the level above (and so locked), reopened for a correction.

- Submitting runs the data checks (`app.reports.checks`): every warning needs the officer's
  explanation first. It stores the figures as submitted (computed totals of the unit's subtree
  as of the period's end, and the entered ones) and, the first time, whether the report came by
  its due day (the period's end plus `REPORT_DUE_DAYS`, in Vietnam's calendar).
- Approving is for the level above: an officer of a unit above it, or an admin (an admin may
  approve any report, even one of a unit they are officer of). Approved means locked: no figure
  of the unit, or of a unit below it, is entered for that period until it is reopened.
- Reopening (with a reason, audited) puts it back to draft and counts it; the figures as
  submitted stay beside the current ones until it is submitted again. The unit's own officer may
  take back a report that is submitted but not yet approved; an approved one is reopened by the
  level above.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from flask import current_app
from sqlalchemy import func, select

from app.accounts.permissions import can_manage, can_view, is_admin, managed_localities
from app.audit_log import record_change, snapshot
from app.database import utcnow
from app.errors import DomainError
from app.extensions import db
from app.indicators import Indicator
from app.localities.models import Locality
from app.reports.checks import Finding, run_checks
from app.reports.figures import actor_of, entered_breakdown, figure_unit
from app.reports.models import REPORT_INDEX, Report
from app.reports.periods import Period
from app.reports.rollup import Figure, all_indicators, cutoff_day, totals
from app.transaction import transaction

VIETNAM_OFFSET: Final = timedelta(hours=7)
MAX_EXPLANATION: Final = 1000
MAX_REASON: Final = 500
REPORT_FIELDS: Final = ("state", "on_time", "reopened", "explanations")


def today() -> date:
    """Today in Vietnam (UTC+7): periods and due days are Vietnam's calendar days."""
    return (utcnow() + VIETNAM_OFFSET).date()


def due_on(period: Period) -> date:
    """The day a report for `period` is due."""
    days = int(current_app.config.get("REPORT_DUE_DAYS", 5))
    return period.end(cutoff_day()) + timedelta(days=days)


def report_unit(locality_id: int) -> Locality:
    """A 2025 unit that reports (a legacy unit's figures are restated, it has no report)."""
    unit = figure_unit(locality_id)
    if unit.era != "vn2025":
        raise DomainError("reports.report_legacy", "locality_id", status=404)
    return unit


def find_report(unit: Locality, period: Period) -> Report | None:
    found: Report | None = db.session.scalars(
        select(Report).where(Report.locality_id == unit.id, Report.period == period.key)
    ).first()
    return found


def draft_report(unit: Locality, period: Period) -> Report:
    """The unit's report for `period`, drafted now if it has none."""
    existing = find_report(unit, period)
    if existing is not None:
        return existing
    with transaction({REPORT_INDEX: DomainError("reports.report_exists", "period")}):
        report = Report(
            locality=unit,
            locality_id=unit.id,
            period=period.key,
            state="draft",
            due_on=due_on(period),
            submitted_figures={},
            explanations={},
            reopened=0,
        )
        db.session.add(report)
        db.session.flush()
        record_change("create", "report", report.id, None, _snapshot(report), unit.id)
    return report


def report_for(user: Any, unit: Locality, period: Period) -> Report:
    """The report a person reads: drafted on its manager's first visit; for a reader, the saved
    one or an unsaved draft (nothing is written on a reader's visit)."""
    if not can_view(user, unit):
        raise DomainError("reports.forbidden", status=403)
    if can_manage(user, unit):
        return draft_report(unit, period)
    return find_report(unit, period) or Report(
        locality=unit,
        locality_id=unit.id,
        period=period.key,
        state="draft",
        due_on=due_on(period),
        submitted_figures={},
        explanations={},
        reopened=0,
    )


@dataclass
class Row:
    """One indicator of a report: computed and entered side by side, and as submitted."""

    indicator: Indicator
    computed: Figure
    entered: Figure | None
    submitted: Mapping[str, Any] | None


@dataclass
class ReportView:
    """Everything a report's page and API show."""

    report: Report
    period: Period
    rows: list[Row]
    warnings: list[Finding]
    may_submit: bool = False
    may_approve: bool = False
    may_reopen: bool = False
    unexplained: list[str] = field(default_factory=list)


def _current(
    unit: Locality, period: Period
) -> tuple[list[Indicator], dict[str, Figure], dict[str, Figure]]:
    indicators = all_indicators()
    computed = totals(unit, period.end(cutoff_day()), indicators)
    entered, _children = entered_breakdown(unit, period)
    return indicators, computed, entered


def may_explain(user: Any, unit: Locality) -> bool:
    """The unit's managers explain warnings and submit its report."""
    return can_manage(user, unit)


def may_approve(user: Any, unit: Locality) -> bool:
    """The level above: an officer of a unit above `unit`, or an admin."""
    if is_admin(user):
        return True
    return unit.parent is not None and can_manage(user, unit.parent)


def may_reopen(user: Any, report: Report) -> bool:
    if report.state == "approved":
        return may_approve(user, report.locality)
    return report.state == "submitted" and (
        can_manage(user, report.locality) or may_approve(user, report.locality)
    )


def view(user: Any, report: Report) -> ReportView:
    """The report with its current figures, its checks and what `user` may do with it."""
    period = Period.parse(report.period)
    indicators, computed, entered = _current(report.locality, period)
    warnings = run_checks(report.locality, period, indicators, computed, entered)
    rows = [
        Row(
            item,
            computed[item.code],
            entered.get(item.code),
            report.submitted_figures.get(item.code),
        )
        for item in indicators
    ]
    explained = report.explanations or {}
    return ReportView(
        report,
        period,
        rows,
        warnings,
        may_submit=report.state == "draft" and can_manage(user, report.locality),
        may_approve=report.state == "submitted" and may_approve(user, report.locality),
        may_reopen=report.id is not None and may_reopen(user, report),
        unexplained=[w.key for w in warnings if not str(explained.get(w.key, "")).strip()],
    )


def _snapshot(report: Report) -> dict[str, Any]:
    return snapshot(report, REPORT_FIELDS)


def _dump(figure: Figure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "approximate": figure.approximate,
    }


def explain(user: Any, report: Report, explanations: Mapping[str, str]) -> Report:
    """Keep the officer's explanations of warnings (an empty text removes one)."""
    if not can_manage(user, report.locality):
        raise DomainError("reports.forbidden", status=403)
    if report.state != "draft":
        raise DomainError("reports.report_not_draft", "state", status=409)
    kept = dict(report.explanations or {})
    for key, text in explanations.items():
        cleaned = str(text).strip()[:MAX_EXPLANATION]
        if cleaned:
            kept[str(key)[:80]] = cleaned
        else:
            kept.pop(str(key), None)
    with transaction():
        before = _snapshot(report)
        report.explanations = kept
        record_change("explain", "report", report.id, before, _snapshot(report), report.locality_id)
    return report


def submit(user: Any, report: Report) -> Report:
    """Submit a draft whose every warning is explained; keep its figures as submitted."""
    if not can_manage(user, report.locality):
        raise DomainError("reports.forbidden", status=403)
    if report.state != "draft":
        raise DomainError("reports.report_not_draft", "state", status=409)
    shown = view(user, report)
    if shown.unexplained:
        raise DomainError(
            "reports.warnings_unexplained",
            "explanations",
            count=len(shown.unexplained),
            errors={
                key: [str(DomainError("reports.explanation_missing").message)]
                for key in shown.unexplained
            },
        )
    actor = actor_of(user)
    moment = utcnow()
    with transaction():
        before = _snapshot(report)
        report.submitted_figures = {
            row.indicator.code: {"computed": _dump(row.computed), "entered": _dump(row.entered)}
            for row in shown.rows
        }
        report.state = "submitted"
        report.submitted_at = moment
        report.submitted_by_id = actor.user_id
        report.submitted_by_label = actor.label[:255]
        if report.on_time is None:
            report.on_time = (moment + VIETNAM_OFFSET).date() <= report.due_on
        record_change("submit", "report", report.id, before, _snapshot(report), report.locality_id)
    return report


def approve(user: Any, report: Report) -> Report:
    """Approve a submitted report (the level above); it is locked from now on."""
    if not may_approve(user, report.locality):
        raise DomainError("reports.not_approver", status=403)
    if report.state != "submitted":
        raise DomainError("reports.report_not_submitted", "state", status=409)
    actor = actor_of(user)
    with transaction():
        before = _snapshot(report)
        report.state = "approved"
        report.approved_at = utcnow()
        report.approved_by_id = actor.user_id
        report.approved_by_label = actor.label[:255]
        record_change("approve", "report", report.id, before, _snapshot(report), report.locality_id)
    return report


def reopen(user: Any, report: Report, reason: str) -> Report:
    """Back to draft for a correction, with a reason (the figures as submitted are kept)."""
    if report.state == "draft":
        raise DomainError("reports.report_is_draft", "state", status=409)
    if not may_reopen(user, report):
        raise DomainError("reports.not_approver", status=403)
    cleaned = reason.strip()[:MAX_REASON]
    if not cleaned:
        raise DomainError("reports.reason_missing", "reason")
    with transaction():
        before = _snapshot(report)
        report.state = "draft"
        report.reopened += 1
        report.approved_at = None
        report.approved_by_id = None
        report.approved_by_label = ""
        record_change(
            "reopen",
            "report",
            report.id,
            before,
            {**_snapshot(report), "reason": cleaned},
            report.locality_id,
        )
    return report


def waiting_for(user: Any, page: int = 1, per_page: int = 50) -> tuple[list[Report], int]:
    """Submitted reports `user` may approve (units below the ones they manage; all for an
    admin), oldest due first, one page, and how many there are."""
    scope = managed_localities(user)
    if scope.is_empty:
        return [], 0
    stmt = (
        select(Report)
        .join(Locality, Locality.id == Report.locality_id)
        .where(Report.state == "submitted")
    )
    if not scope.everything:
        stmt = stmt.where(
            scope.where(Report.locality_id), Locality.id.not_in([r.id for r in scope.roots])
        )
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(
        stmt.order_by(Report.due_on, Report.id).offset((page - 1) * per_page).limit(per_page)
    )
    return list(rows), int(total)


def get_report(locality_id: int, key: str) -> tuple[Locality, Period]:
    """The unit and period a report's address names (404 / 422 when they do not exist)."""
    unit = report_unit(locality_id)
    try:
        period = Period.parse(key)
    except ValueError as error:
        raise DomainError("reports.period_invalid", "period", status=404, value=key[:20]) from error
    if period.start(cutoff_day()) > today():
        raise DomainError("reports.period_future", "period", status=404, period=period.label())
    return unit, period
