"""Data checks before a report is submitted: a numerator over its denominator, a figure far
from the unit's previous periods, a required figure missing; each explained before submitting."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from app.errors import DomainError
from app.extensions import db
from app.reports import figures, submissions
from app.reports.models import EnteredFigure
from app.reports.periods import Period
from tests.reports.test_periods_world import COUNT, SHARE, World, figure, make_world

TODAY = date(2026, 11, 20)
OCTOBER = Period.parse("2025-10")


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


def _count(world: World, period: str, value: int) -> None:
    data = figure(
        world.places.commune_a, period, indicator=COUNT, numerator=value, denominator=None
    )
    figures.enter_figure(world.officer_a, data, TODAY)


def _keys(world: World) -> list[str]:
    report = submissions.draft_report(world.places.commune_a, OCTOBER)
    return [found.key for found in submissions.view(world.officer_a, report).warnings]


def test_no_warning_on_plain_figures(app: Flask, world: World) -> None:
    for period, value in (("2025-07", 10), ("2025-08", 12), ("2025-09", 11), ("2025-10", 30)):
        _count(world, period, value)
    assert _keys(world) == []  # 30 is under 3 × the mean 11


def test_a_required_figure_missing(app: Flask, world: World) -> None:
    assert _keys(world) == [f"missing:{COUNT}"]


@pytest.mark.parametrize(("now", "far"), [(34, True), (33, False), (3, True), (4, False)])
def test_far_from_the_previous_periods(app: Flask, world: World, now: int, far: bool) -> None:
    for period, value in (("2025-07", 9), ("2025-08", 12), ("2025-09", 12)):  # mean 11
        _count(world, period, value)
    _count(world, "2025-10", now)
    assert _keys(world) == ([f"far:{COUNT}"] if far else [])


def test_far_compares_a_share_by_its_percent(app: Flask, world: World) -> None:
    _count(world, "2025-10", 5)
    figures.enter_figure(world.officer_a, figure(world.places.commune_a, "2025-09"), TODAY)
    figures.enter_figure(
        world.officer_a,
        figure(world.places.commune_a, "2025-10", numerator=95, denominator=100),
        TODAY,
    )
    assert _keys(world) == [f"far:{SHARE}"]  # 95% against 30%


def test_a_numerator_over_its_denominator(app: Flask, world: World) -> None:
    _count(world, "2025-10", 5)
    # Typed before the rule refused it (or imported): the check still catches it.
    db.session.add(
        EnteredFigure(
            indicator=SHARE,
            locality_id=world.places.hamlet.id,
            period="2025-10",
            numerator=120,
            denominator=100,
            source="thôn tự đếm",
        )
    )
    db.session.commit()
    assert _keys(world) == [f"over:{SHARE}"]


def test_warnings_are_explained_before_submitting(app: Flask, world: World) -> None:
    report = submissions.draft_report(world.places.commune_a, OCTOBER)
    with pytest.raises(DomainError) as refused:
        submissions.submit(world.officer_a, report)
    assert refused.value.code == "reports.warnings_unexplained"
    assert list(refused.value.errors) == [f"missing:{COUNT}"]
    submissions.explain(world.officer_a, report, {f"missing:{COUNT}": "Tổ chưa thành lập"})
    submissions.submit(world.officer_a, report)
    assert report.state == "submitted"
    assert report.explanations == {f"missing:{COUNT}": "Tổ chưa thành lập"}


def test_fixing_the_figure_clears_the_warning(app: Flask, world: World) -> None:
    report = submissions.draft_report(world.places.commune_a, OCTOBER)
    _count(world, "2025-10", 7)
    submissions.submit(world.officer_a, report)
    assert report.state == "submitted"
