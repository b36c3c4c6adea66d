"""`flask demo seed --scale commune`: realistic data with histories, refused a second time, and
the dashboard's figures read from it agree (the series with each month's totals)."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from app.extensions import db
from app.localities.models import Locality
from app.markets.models import ParticipationStep, Vendor
from app.reports.periods import Period, months_up_to
from app.reports.rollup import breakdown, totals
from app.reports.scale import SCALES
from app.reports.series import monthly_series


def test_the_commune_scale_seeds_once_and_its_figures_add_up(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["demo", "seed", "--scale", "commune"])
    assert result.exit_code == 0, result.output
    assert "Seeded commune scale" in result.output

    scale = SCALES["commune"]
    assert db.session.scalar(select(func.count()).select_from(Vendor)) == scale.vendors
    steps = db.session.scalar(select(func.count()).select_from(ParticipationStep)) or 0
    assert steps > scale.vendors  # histories, not one status each
    hamlets = db.session.scalar(
        select(func.count()).select_from(Locality).where(Locality.level == "hamlet")
    )
    assert hamlets == scale.hamlets

    again = runner.invoke(args=["demo", "seed", "--scale", "commune"])
    assert again.exit_code != 0
    assert "already seeded" in again.output
    assert db.session.scalar(select(func.count()).select_from(Vendor)) == scale.vendors

    total, provinces = breakdown(None, date(2026, 11, 14))
    assert total.figures["markets.vendors_with_qr"].numerator > 0
    assert 0 < total.figures["markets.vendors_with_qr"].denominator <= scale.vendors
    assert total.figures["events.gift_qr_events"].numerator > 0
    assert sum(row.figures["markets.vendors_with_qr"].numerator for row in provinces) == (
        total.figures["markets.vendors_with_qr"].numerator
    )
    periods = months_up_to(Period(2026, "month", 11), 4)
    for period, figures in monthly_series(None, periods):
        assert figures == totals(None, period.end())


def test_an_unknown_scale_is_refused(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo", "seed", "--scale", "planet"])
    assert result.exit_code == 2
    assert "planet" in result.output
    assert db.session.scalar(select(func.count()).select_from(Vendor)) == 0
