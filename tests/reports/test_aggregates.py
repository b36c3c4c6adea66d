"""Stored indicator values (`app.reports.aggregates`) always equal the computation from raw
rows: filled on first read, removed from a change's date on — a late correction to last month
shows up, as do an edit, a deletion and a bulk statement."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from app.extensions import db
from app.localities.models import Locality
from app.markets.models import Market, ParticipationStep, Vendor
from app.reports.models import IndicatorDay, IndicatorValue
from app.reports.periods import Period, months_up_to
from app.reports.rollup import UnitFigures, breakdown, totals
from app.reports.series import monthly_series
from tests.factories import Places
from tests.markets.test_indicators import _vendor

DAYS = [date(2026, 1, 14), date(2026, 2, 14), date(2026, 3, 14)]
QR = "markets.vendors_with_qr"
GIFT_QR = "events.gift_qr_events"


def _market(locality: Locality, name: str) -> Market:
    market = Market(name=name, locality_id=locality.id, kind="hang_2")
    db.session.add(market)
    db.session.flush()
    return market


@pytest.fixture
def world(app: Flask, places: Places) -> Places:
    """Market vendors in communes A and B (and hamlet H), with histories."""
    a = _market(places.commune_a, "Chợ A")
    b = _market(places.commune_b, "Chợ B")
    _vendor(places.commune_a, market=a, on=date(2026, 1, 5))
    _vendor(places.hamlet, market=a, status="enrolled", on=date(2026, 1, 10))
    _vendor(places.commune_b, market=b, status="receiving", on=date(2026, 2, 1))
    db.session.commit()
    return places


def _plain(rows: list[UnitFigures]) -> list[tuple[int | None, dict[str, object]]]:
    return [
        (row.locality.id if row.locality else None, {c: vars(f) for c, f in row.figures.items()})
        for row in rows
    ]


def _raw(app: Flask, call: object) -> object:
    """The same call with storing off: every figure from the raw rows."""
    app.config["INDICATOR_STORE"] = False
    try:
        return call()  # type: ignore[operator]
    finally:
        app.config["INDICATOR_STORE"] = True


def _everything(parent: Locality | None) -> object:
    periods = months_up_to(Period.parse("2026-03"), 3)
    results = []
    for day in DAYS:
        total, rows = breakdown(parent, day)
        results.append((_plain([total]), _plain(rows), totals(parent, day)))
    results.append(monthly_series(parent, periods))
    return results


def _stored_days() -> int:
    return int(db.session.scalar(select(func.count()).select_from(IndicatorDay)) or 0)


def test_stored_values_equal_the_raw_computation(app: Flask, world: Places) -> None:
    for parent in (None, world.province, world.commune_a, world.hamlet):
        first = _everything(parent)  # fills the store
        again = _everything(parent)  # reads it
        assert first == again == _raw(app, lambda p=parent: _everything(p))
    assert _stored_days() > 0
    assert db.session.scalar(select(func.count()).select_from(IndicatorValue))


def test_a_late_correction_to_last_month_shows_up(app: Flask, world: Places) -> None:
    before = totals(world.province, DAYS[1])[QR]
    assert (before.numerator, before.denominator) == (2, 3)
    stored_march = _stored_days()
    vendor = db.session.scalar(select(Vendor).where(Vendor.locality_id == world.hamlet.id))
    # recorded today, dated in January: the hamlet's vendor showed a QR from 12 January
    db.session.add(
        ParticipationStep(
            vendor_id=vendor.id,
            status="qr_displayed",
            effective_on=date(2026, 1, 12),
            recorded_by_label="t",
        )
    )
    db.session.commit()
    assert _stored_days() < stored_march
    after = totals(world.province, DAYS[1])[QR]
    assert (after.numerator, after.denominator) == (3, 3)
    assert after == _raw(app, lambda: totals(world.province, DAYS[1]))[QR]  # type: ignore[index]


def test_an_edit_a_deletion_and_a_bulk_statement_each_show_up(app: Flask, world: Places) -> None:
    province = world.province

    def qr() -> tuple[int, int | None]:
        figure = totals(province, DAYS[2])[QR]
        return figure.numerator, figure.denominator

    assert qr() == (2, 3)
    vendor = db.session.scalar(select(Vendor).where(Vendor.locality_id == world.commune_b.id))
    vendor.registration = "pending"  # an edit: no longer on the roster
    db.session.commit()
    assert qr() == (1, 2)
    db.session.execute(update(Vendor).values(registration="approved"))  # a bulk statement
    db.session.commit()
    assert qr() == (2, 3)
    step = db.session.scalar(
        select(ParticipationStep).where(ParticipationStep.status == "qr_displayed")
    )
    db.session.delete(step)  # a deletion
    db.session.commit()
    assert qr() == (1, 3)
    raw = _raw(app, lambda: totals(province, DAYS[2]))
    assert totals(province, DAYS[2]) == raw


def test_nothing_the_indicators_do_not_read_removes_stored_days(app: Flask, world: Places) -> None:
    totals(world.province, DAYS[0])
    stored = _stored_days()
    from tests.factories import make_user

    make_user("someone@example.vn")
    db.session.commit()
    assert _stored_days() == stored


def test_the_store_command_fills_every_count_ahead(
    app: Flask, world: Places, runner: object
) -> None:
    result = runner.invoke(args=["reports", "store", "--day", "2026-03-20"])  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.output
    keys = set(
        db.session.scalars(
            select(IndicatorDay.count_key).where(IndicatorDay.day == date(2026, 3, 20))
        )
    )
    assert "markets.vendors_with_qr:n" in keys and "teams.members:n" in keys
    assert date(2026, 3, 14) in set(db.session.scalars(select(IndicatorDay.day)))
    stored = totals(world.province, date(2026, 3, 20))
    assert stored == _raw(app, lambda: totals(world.province, date(2026, 3, 20)))


def test_a_side_added_to_an_old_event_keeps_the_store_equal_to_the_raw_rows(
    app: Flask, world: Places
) -> None:
    from tests.factories import make_event, make_side, make_user

    event = make_event(make_user("host@x.vn", "host"), world.commune_a, ("Gia chủ",), account=None)
    event.created_at = event.sides[0].created_at = datetime(2026, 1, 1, tzinfo=UTC)
    db.session.commit()
    assert totals(world.province, DAYS[1])[GIFT_QR].numerator == 0  # stored for 14 February
    event.sides.append(make_side("Nhà gái", 1))  # added today, with an account
    db.session.commit()
    for day in (*DAYS, date.today()):
        assert totals(world.province, day) == _raw(app, lambda d=day: totals(world.province, d))
    assert totals(world.province, DAYS[1])[GIFT_QR].numerator == 0


def test_a_change_removes_the_stored_days_of_the_counts_that_read_its_table_only(
    app: Flask, world: Places
) -> None:
    from app.teams.models import Team, TeamMember

    team = Team(locality_id=world.commune_a.id, name="Tổ", founded_on=date(2025, 7, 1))
    member = TeamMember(team=team, name="An", joined_on=date(2025, 8, 1))
    db.session.add_all([team, member])
    db.session.commit()

    def stored_keys() -> set[str]:
        return set(db.session.scalars(select(IndicatorDay.count_key)))

    assert totals(world.province, DAYS[2])["teams.members"].numerator == 1
    before = stored_keys()
    assert {"markets.vendors_with_qr:n", "teams.members:n"} <= before
    member.left_on = date(2026, 3, 1)  # an edit: every stored day of the counts of members
    db.session.commit()
    after = stored_keys()
    assert "teams.members:n" not in after and "teams.activities:n" in after
    assert "markets.vendors_with_qr:n" in after and "events.gift_qr_events:n" in after
    assert totals(world.province, DAYS[2]) == _raw(app, lambda: totals(world.province, DAYS[2]))
    assert totals(world.province, DAYS[2])["teams.members"].numerator == 0

    db.session.delete(member)  # a deletion, and a bulk statement, narrow alike
    db.session.commit()
    assert "teams.members:n" not in stored_keys() and "markets.vendors_with_qr:n" in stored_keys()
    db.session.execute(update(Vendor).values(registration="approved"))
    db.session.commit()
    assert "markets.vendors_with_qr:n" not in stored_keys()
    assert "teams.activities:n" in stored_keys()
    assert totals(world.province, DAYS[2]) == _raw(app, lambda: totals(world.province, DAYS[2]))
