"""A unit's report: drafted, submitted (warnings explained first), approved by the level above,
locked (figures refused), reopened with a reason (figures as submitted kept); on time or late;
the list waiting for approval; the reporting-completeness indicator."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.reports import figures, submissions
from app.reports.periods import Period
from app.reports.rollup import totals
from tests.reports.test_periods_world import COUNT, SHARE, World, figure, make_world

TODAY = date(2026, 11, 20)
OCTOBER = Period.parse("2025-10")


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """Submissions happen at `moment` (UTC)."""
    monkeypatch.setattr(submissions, "utcnow", lambda: moment)


def _ready(world: World) -> None:
    """Commune A's October figures: the share and the required count."""
    figures.enter_figure(world.officer_a, figure(world.places.commune_a), TODAY)
    figures.enter_figure(
        world.officer_a,
        figure(world.places.commune_a, indicator=COUNT, numerator=12, denominator=None),
        TODAY,
    )


def test_submit_approve_lock_reopen(app: Flask, world: World) -> None:
    _ready(world)
    a = world.places.commune_a
    report = submissions.draft_report(a, OCTOBER)
    assert (report.state, report.due_on) == ("draft", date(2025, 10, 19))
    submissions.submit(world.officer_a, report)
    assert report.state == "submitted" and report.on_time is False  # submitted in 2026
    assert report.submitted_figures[SHARE]["entered"] == {
        "numerator": 30,
        "denominator": 100,
        "approximate": False,
    }
    assert report.submitted_figures[SHARE]["computed"]["numerator"] == 0
    # submitted: locked already
    with pytest.raises(DomainError) as locked:
        figures.enter_figure(world.officer_a, figure(a, numerator=31), TODAY)
    assert locked.value.status == 409
    # the unit's own officer does not approve; the province's does
    with pytest.raises(DomainError) as own:
        submissions.approve(world.officer_a, report)
    assert own.value.status == 403
    submissions.approve(world.officer_p, report)
    assert report.state == "approved"
    # a hamlet below the locked commune is locked too
    with pytest.raises(DomainError) as below:
        figures.enter_figure(world.officer_p, figure(world.places.hamlet), TODAY)
    assert below.value.status == 409
    # approved: only the level above reopens, with a reason
    with pytest.raises(DomainError) as not_own:
        submissions.reopen(world.officer_a, report, "sửa")
    assert not_own.value.status == 403
    with pytest.raises(DomainError) as no_reason:
        submissions.reopen(world.officer_p, report, "  ")
    assert no_reason.value.code == "reports.reason_missing"
    submissions.reopen(world.officer_p, report, "Sai số thành viên")
    assert (report.state, report.reopened, report.on_time) == ("draft", 1, False)
    figures.enter_figure(world.officer_a, figure(a, numerator=45), TODAY)
    shown = submissions.view(world.officer_a, report)
    share = next(row for row in shown.rows if row.indicator.code == SHARE)
    assert share.entered is not None and share.entered.numerator == 45  # hiện tại
    assert (
        share.submitted is not None and share.submitted["entered"]["numerator"] == 30
    )  # như đã nộp
    reopened = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "report", AuditEntry.action == "reopen")
    ).one()
    assert reopened.after is not None and reopened.after["reason"] == "Sai số thành viên"
    assert db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "report").order_by(AuditEntry.id)
    ).all() == ["create", "submit", "approve", "reopen"]


def test_a_submitted_report_is_taken_back_by_its_officer(app: Flask, world: World) -> None:
    _ready(world)
    report = submissions.draft_report(world.places.commune_a, OCTOBER)
    submissions.submit(world.officer_a, report)
    submissions.reopen(world.officer_a, report, "Quên một thôn")
    assert report.state == "draft"


@pytest.mark.parametrize("who", ["officer_b", "viewer_a"])
def test_others_neither_submit_nor_approve(app: Flask, world: World, who: str) -> None:
    _ready(world)
    report = submissions.draft_report(world.places.commune_a, OCTOBER)
    with pytest.raises(DomainError) as refused:
        submissions.submit(getattr(world, who), report)
    assert refused.value.status == 403
    submissions.submit(world.officer_a, report)
    with pytest.raises(DomainError) as approving:
        submissions.approve(getattr(world, who), report)
    assert approving.value.status == 403


def test_the_province_report_is_approved_by_an_admin_only(app: Flask, world: World) -> None:
    report = submissions.draft_report(world.places.province, OCTOBER)
    figures.enter_figure(
        world.officer_p,
        figure(world.places.province, indicator=COUNT, numerator=3, denominator=None),
        TODAY,
    )
    submissions.submit(world.officer_p, report)
    with pytest.raises(DomainError):
        submissions.approve(world.officer_p, report)
    submissions.approve(world.admin, report)
    assert report.state == "approved"


def test_approving_needs_a_submitted_report(app: Flask, world: World) -> None:
    report = submissions.draft_report(world.places.commune_a, OCTOBER)
    with pytest.raises(DomainError) as refused:
        submissions.approve(world.officer_p, report)
    assert refused.value.status == 409


@pytest.mark.parametrize(
    ("moment", "on_time"),
    [
        (datetime(2025, 10, 19, 16, 59, tzinfo=UTC), True),  # 23:59 on the due day in Vietnam
        (datetime(2025, 10, 19, 17, 0, tzinfo=UTC), False),  # 00:00 the day after, in Vietnam
    ],
)
def test_on_time_or_late(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch, moment: datetime, on_time: bool
) -> None:
    _ready(world)
    report = submissions.draft_report(world.places.commune_a, OCTOBER)
    _at(monkeypatch, moment)
    submissions.submit(world.officer_a, report)
    assert report.on_time is on_time
    submissions.reopen(world.officer_a, report, "sửa")
    _at(monkeypatch, datetime(2026, 1, 1, tzinfo=UTC))
    submissions.submit(world.officer_a, report)
    assert report.on_time is on_time  # the first submission counts


def test_reporting_completeness(app: Flask, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _ready(world)
    _at(monkeypatch, datetime(2025, 10, 17, tzinfo=UTC))
    submissions.submit(world.officer_a, submissions.draft_report(world.places.commune_a, OCTOBER))
    figure_b = figure(world.places.commune_b, indicator=COUNT, numerator=4, denominator=None)
    figures.enter_figure(world.officer_b, figure_b, TODAY)
    _at(monkeypatch, datetime(2025, 10, 25, tzinfo=UTC))
    submissions.submit(world.officer_b, submissions.draft_report(world.places.commune_b, OCTOBER))
    province = totals(world.places.province, date(2025, 10, 1))["reports.on_time"]
    assert (province.numerator, province.denominator) == (1, 2)
    assert province.percent == 50.0
    november = totals(world.places.province, date(2025, 10, 15))["reports.on_time"]
    assert (november.numerator, november.denominator) == (0, 2)


def test_waiting_for_approval(app: Flask, world: World) -> None:
    _ready(world)
    report = submissions.draft_report(world.places.commune_a, OCTOBER)
    submissions.submit(world.officer_a, report)
    assert submissions.waiting_for(world.officer_p) == ([report], 1)
    assert submissions.waiting_for(world.admin) == ([report], 1)
    assert submissions.waiting_for(world.officer_a) == ([], 0)
    assert submissions.waiting_for(world.officer_b) == ([], 0)
    assert submissions.waiting_for(world.viewer_a) == ([], 0)
