"""`flask reports …`: keep the stored indicator values filled ahead of the dashboards."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from app.extensions import db
from app.reports import aggregates
from app.reports.dashboard import today
from app.reports.periods import months_up_to, period_containing
from app.reports.rollup import all_indicators, cutoff_day, distinct_counts
from app.reports.series import period_days

reports_cli = AppGroup("reports", help="Indicators and reports.")


@reports_cli.command("store")
@click.option(
    "--day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="As of this day (default: today in Vietnam), and the 12 monthly periods up to it.",
)
def store_command(day: object | None) -> None:
    """Compute and store every indicator as of a day and the ends of the 12 monthly periods
    before it, so the first dashboard after a change reads stored values (run it from cron
    at night and after a large import)."""
    as_of: date = day.date() if day is not None else today()  # type: ignore[attr-defined]
    periods = months_up_to(period_containing(as_of, "month", cutoff_day()), 12)
    days = sorted(set(period_days(periods, as_of)))
    counts = distinct_counts(all_indicators())
    with click.progressbar(counts, label="Chỉ tiêu / indicators") as bar:
        for count in bar:
            aggregates.stored_values(count, days, [])
            db.session.commit()
    click.echo(f"{len(counts)} counts stored as of {len(days)} days, up to {as_of.isoformat()}")
