"""Reporting periods cut on the 14th (Decree 09/2019/NĐ-CP), due days, and entered figures:
what is refused (a bad indicator, a future period, a numerator over its denominator, a
missing source, a unit outside scope) and that every change is audited."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.reports import figures, submissions
from app.reports.models import EnteredFigure
from app.reports.periods import Period, period_containing
from tests.reports.test_periods_world import COUNT, SHARE, World, figure, make_world

TODAY = date(2026, 11, 20)


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


@pytest.mark.parametrize(
    ("day", "kind", "key"),
    [
        (date(2026, 11, 14), "month", "2026-11"),
        (date(2026, 11, 15), "month", "2026-12"),
        (date(2026, 12, 15), "month", "2027-01"),
        (date(2026, 12, 14), "year", "2026"),
        (date(2026, 12, 15), "year", "2027"),
        (date(2026, 3, 14), "quarter", "2026-Q1"),
        (date(2026, 3, 15), "quarter", "2026-Q2"),
        (date(2025, 12, 15), "quarter", "2026-Q1"),
    ],
)
def test_period_boundaries(day: date, kind: str, key: str) -> None:
    assert period_containing(day, kind, 14).key == key


def test_period_start_end_and_due_day(app: Flask) -> None:
    quarter = Period.parse("2026-Q1")
    assert (quarter.start(14), quarter.end(14)) == (date(2025, 12, 15), date(2026, 3, 14))
    year = Period.parse("2026")
    assert (year.start(14), year.end(14)) == (date(2025, 12, 15), date(2026, 12, 14))
    assert submissions.due_on(Period.parse("2026-11")) == date(2026, 11, 19)


def test_an_officer_enters_a_figure_audited(app: Flask, world: World) -> None:
    entered = figures.enter_figure(world.officer_a, figure(world.places.commune_a), TODAY)
    assert (entered.numerator, entered.denominator, entered.period) == (30, 100, "2025-10")
    again = figures.enter_figure(
        world.officer_a, figure(world.places.commune_a, numerator=40), TODAY
    )
    assert again.id == entered.id and again.numerator == 40
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.entity == "entered_figure")
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["create", "update"]


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"indicator": "no.such"}, "reports.indicator_unknown", "indicator"),
        ({"period": "2026-13"}, "reports.period_invalid", "period"),
        ({"period": "2027-01"}, "reports.period_future", "period"),
        ({"period": "2027"}, "reports.period_future", "period"),
        ({"numerator": 101}, "reports.over_denominator", "numerator"),
        ({"denominator": None}, "reports.denominator_missing", "denominator"),
        ({"source": "  "}, "reports.source_missing", "source"),
        ({"indicator": COUNT}, "reports.denominator_not_share", "denominator"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_written(
    app: Flask, world: World, change: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        figures.enter_figure(world.officer_a, figure(world.places.commune_a, **change), TODAY)
    assert (refused.value.code, refused.value.field, refused.value.status) == (code, field, 422)
    assert db.session.scalars(select(EnteredFigure)).all() == []


def test_the_current_period_takes_figures(app: Flask, world: World) -> None:
    entered = figures.enter_figure(
        world.officer_a, figure(world.places.commune_a, period="2026-12"), date(2026, 11, 15)
    )
    assert entered.period == "2026-12"


@pytest.mark.parametrize("who", ["officer_b", "viewer_a"])
def test_a_unit_outside_scope_is_refused(app: Flask, world: World, who: str) -> None:
    with pytest.raises(DomainError) as refused:
        figures.enter_figure(getattr(world, who), figure(world.places.commune_a), TODAY)
    assert refused.value.status == 403


def test_the_province_officer_enters_for_a_hamlet(app: Flask, world: World) -> None:
    entered = figures.enter_figure(world.officer_p, figure(world.places.hamlet), TODAY)
    total, children = figures.entered_breakdown(world.places.province, Period.parse("2025-10"))
    assert entered.locality_id == world.places.hamlet.id
    assert total[SHARE].numerator == 30
    assert children[world.places.commune_a.id][SHARE].denominator == 100
