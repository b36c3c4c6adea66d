"""Indicator arithmetic on small hand-made trees: numerators and denominators summed up the
hierarchy before dividing, empty denominators, records on the parent itself, a retired hamlet,
counts as of a date across a participation history, and the monthly series."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask

from app.extensions import db
from app.localities.models import Locality
from app.markets.models import Market, ParticipationStep, Vendor
from app.matching import new_code
from app.reports.periods import Period, months_up_to
from app.reports.rollup import Figure, breakdown, child_units, indicator, totals
from app.reports.series import monthly_series
from tests.factories import Places, make_locality

LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)
QR = "markets.vendors_with_qr"
RECEIVING = "markets.vendors_receiving"


def _market(locality: Locality, name: str = "Chợ") -> Market:
    market = Market(name=name, locality_id=locality.id, kind="hang_2", created_at=LONG_AGO)
    db.session.add(market)
    db.session.flush()
    return market


def _vendor(
    market: Market,
    *steps: tuple[str, date],
    created: datetime = LONG_AGO,
    registration: str = "approved",
) -> Vendor:
    vendor = Vendor(
        name="Cô Đào",
        locality_id=market.locality_id,
        market_id=market.id,
        sign_code=new_code("QT"),
        registration=registration,
        created_at=created,
    )
    db.session.add(vendor)
    db.session.flush()
    for status, on in steps:
        reason = "other" if status in ("stopped", "not_taking_part") else None
        db.session.add(
            ParticipationStep(
                vendor_id=vendor.id,
                status=status,
                reason=reason,
                effective_on=on,
                recorded_by_label="tests",
            )
        )
    db.session.commit()
    return vendor


def _chosen(*codes: str) -> list:  # type: ignore[type-arg]
    found = [indicator(code) for code in codes]
    assert all(found)
    return found


def test_numerators_and_denominators_are_summed_before_dividing(app: Flask, places: Places) -> None:
    _vendor(_market(places.commune_a), ("qr_displayed", date(2026, 1, 5)))
    market_b = _market(places.commune_b)
    for _ in range(3):
        _vendor(market_b, ("enrolled", date(2026, 1, 5)))

    total, rows = breakdown(places.province, date(2026, 2, 1), _chosen(QR))

    assert total.figures[QR] == Figure(1, 4)
    assert total.figures[QR].percent == 25.0  # not the mean of 100% and 0%
    by_name = {row.locality.name: row.figures[QR] for row in rows if row.locality}
    assert by_name == {"Xã An Bình": Figure(1, 1), "Xã Bình Minh": Figure(0, 3)}
    assert totals(places.province, date(2026, 2, 1), _chosen(QR)) == {QR: Figure(1, 4)}


def test_an_empty_denominator_has_no_percent_and_a_unit_without_data_is_zero(
    app: Flask, places: Places
) -> None:
    _vendor(_market(places.commune_a), ("qr_displayed", date(2026, 1, 5)))

    total, rows = breakdown(places.other_province, date(2026, 2, 1), _chosen(QR, RECEIVING))

    assert total.figures[QR] == Figure(0, 0)
    assert total.figures[QR].percent is None  # never 0/0 = 0%
    assert [row.figures[QR] for row in rows] == [Figure(0, 0)]
    assert Figure(5).percent is None  # a plain count has no share
    national, provinces = breakdown(None, date(2026, 2, 1), _chosen(QR))
    assert national.figures[QR] == Figure(1, 1)
    assert {row.locality.id: row.figures[QR] for row in provinces if row.locality} == {
        places.province.id: Figure(1, 1),
        places.other_province.id: Figure(0, 0),
    }


def test_records_on_the_parent_itself_count_in_the_total_not_in_a_child(
    app: Flask, places: Places
) -> None:
    _vendor(_market(places.commune_a), ("receiving", date(2026, 1, 5)))
    _vendor(_market(places.hamlet), ("enrolled", date(2026, 1, 5)))

    total, rows = breakdown(places.commune_a, date(2026, 2, 1), _chosen(RECEIVING))

    assert total.figures[RECEIVING] == Figure(1, 2)
    assert [(row.locality, row.figures[RECEIVING]) for row in rows] == [
        (places.hamlet, Figure(0, 1))
    ]


def test_a_retired_hamlet_leaves_the_rows_but_its_records_stay_in_the_total(
    app: Flask, places: Places
) -> None:
    old = make_locality("Thôn Cũ", "hamlet", places.commune_a)
    _vendor(_market(old), ("qr_displayed", date(2026, 1, 5)))
    old.retired_at = datetime(2026, 1, 20, tzinfo=UTC)
    db.session.commit()

    total, rows = breakdown(places.commune_a, date(2026, 2, 1), _chosen(QR))

    assert old not in child_units(places.commune_a)
    assert [row.locality for row in rows] == [places.hamlet]
    assert total.figures[QR] == Figure(1, 1)


def test_counts_as_of_a_date_follow_the_participation_history(app: Flask, places: Places) -> None:
    market = _market(places.commune_a)
    _vendor(
        market,
        ("enrolled", date(2026, 1, 10)),
        ("qr_displayed", date(2026, 3, 1)),
        ("stopped", date(2026, 5, 1)),
        created=datetime(2026, 1, 10, 2, tzinfo=UTC),
    )
    _vendor(market, ("qr_displayed", date(2026, 1, 1)), registration="pending")

    def qr_on(day: date) -> Figure:
        return totals(places.commune_a, day, _chosen(QR))[QR]

    assert qr_on(date(2026, 1, 9)) == Figure(0, 0)  # not on the roster yet
    assert qr_on(date(2026, 1, 10)) == Figure(0, 1)
    assert qr_on(date(2026, 2, 28)) == Figure(0, 1)
    assert qr_on(date(2026, 3, 1)) == Figure(1, 1)
    assert qr_on(date(2026, 4, 30)) == Figure(1, 1)
    assert qr_on(date(2026, 5, 1)) == Figure(0, 1)  # stopped: still a vendor, no longer a QR


def test_a_step_on_the_14th_belongs_to_that_month_and_on_the_15th_to_the_next(
    app: Flask, places: Places
) -> None:
    market = _market(places.commune_a)
    _vendor(market, ("qr_displayed", date(2026, 3, 14)))
    _vendor(market, ("qr_displayed", date(2026, 3, 15)))
    periods = [Period(2026, "month", 3), Period(2026, "month", 4)]

    series = monthly_series(places.province, periods, _chosen(QR))

    assert [(period.key, figures[QR]) for period, figures in series] == [
        ("2026-03", Figure(1, 2)),
        ("2026-04", Figure(2, 2)),
    ]


def test_the_monthly_series_equals_the_totals_of_each_month(app: Flask, places: Places) -> None:
    market_a, market_h = _market(places.commune_a), _market(places.hamlet)
    _vendor(market_a, ("enrolled", date(2025, 12, 20)), ("receiving", date(2026, 2, 14)))
    _vendor(market_h, ("qr_displayed", date(2026, 1, 15)), ("stopped", date(2026, 4, 2)))
    _vendor(
        market_h, ("not_taking_part", date(2026, 3, 3)), created=datetime(2026, 3, 3, tzinfo=UTC)
    )
    _vendor(_market(places.commune_c), ("receiving", date(2026, 1, 1)))
    # two steps on one day: the last recorded holds
    _vendor(market_a, ("qr_displayed", date(2026, 2, 1)), ("stopped", date(2026, 2, 1)))
    _vendor(market_a, created=datetime(2026, 2, 20, tzinfo=UTC))  # on the roster, no step yet
    _vendor(market_a, ("receiving", date(2026, 1, 1)), registration="pending")
    periods = months_up_to(Period(2026, "month", 6), 7)

    for parent in (None, places.province, places.commune_a, places.hamlet):
        series = monthly_series(parent, periods)
        assert [period for period, _ in series] == periods
        for period, figures in series:
            assert figures == totals(parent, period.end()), (parent, period)
    assert monthly_series(None, []) == []
