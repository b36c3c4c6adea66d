"""The markets feature's indicators, each counted as of a date from the history: Chợ 4.0 by
the recognition's decision date, cashless streets by their launch, shops of streets apart from
market vendors, pending self-registrations left out, and sign checks by result."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask

from app.extensions import db
from app.indicators import Indicator
from app.localities.models import Locality
from app.markets.indicators import INDICATORS
from app.markets.models import (
    CashlessStreet,
    CheckRound,
    Market,
    MarketRecognition,
    ParticipationStep,
    SignCheck,
    Vendor,
)
from app.matching import new_code
from app.reports.rollup import Figure, totals
from tests.factories import Places

LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def _by_code(code: str) -> Indicator:
    return next(item for item in INDICATORS if item.code == code)


def _figure(code: str, parent: Locality, day: date) -> Figure:
    return totals(parent, day, [_by_code(code)])[code]


def _vendor(
    locality: Locality,
    *,
    market: Market | None = None,
    street: CashlessStreet | None = None,
    status: str = "qr_displayed",
    on: date = date(2026, 1, 5),
    registration: str = "approved",
) -> Vendor:
    vendor = Vendor(
        name="Hộ bà Ba",
        locality_id=locality.id,
        market_id=market.id if market else None,
        street_id=street.id if street else None,
        sign_code=new_code("QT"),
        registration=registration,
        created_at=LONG_AGO,
    )
    db.session.add(vendor)
    db.session.flush()
    db.session.add(
        ParticipationStep(
            vendor_id=vendor.id, status=status, effective_on=on, recorded_by_label="t"
        )
    )
    db.session.flush()
    return vendor


def test_every_markets_indicator_is_registered_with_its_group(app: Flask) -> None:
    from app.feature import indicators

    registered = indicators(app)
    for item in INDICATORS:
        assert registered[item.code].feature == "markets"
        assert item.code.startswith("markets.")
        assert str(item.group) in ("Chợ 4.0", "Tuyến phố không dùng tiền mặt", "Kiểm tra biển mã")
    assert "events.gift_qr_events" in registered


def test_cho_4_0_counts_a_market_from_its_decision_date(app: Flask, places: Places) -> None:
    recognised = Market(
        name="Chợ An Bình", locality_id=places.commune_a.id, kind="hang_2", created_at=LONG_AGO
    )
    plain = Market(
        name="Chợ Bình Minh", locality_id=places.commune_b.id, kind="hang_3", created_at=LONG_AGO
    )
    later = Market(
        name="Chợ Mới",
        locality_id=places.commune_b.id,
        kind="tam",
        created_at=datetime(2026, 6, 1, tzinfo=UTC),
    )
    db.session.add_all([recognised, plain, later])
    db.session.flush()
    for number in ("12/QĐ-UBND", "30/QĐ-UBND"):  # a second decision does not count it twice
        db.session.add(
            MarketRecognition(
                market_id=recognised.id, decision_number=number, decided_on=date(2026, 3, 2)
            )
        )
    db.session.commit()

    assert _figure("markets.cho_4_0", places.province, date(2026, 3, 1)) == Figure(0, 2)
    assert _figure("markets.cho_4_0", places.province, date(2026, 3, 2)) == Figure(1, 2)
    assert _figure("markets.cho_4_0", places.province, date(2026, 6, 1)) == Figure(1, 3)


def test_streets_and_their_shops_are_counted_apart_from_market_vendors(
    app: Flask, places: Places
) -> None:
    market = Market(name="Chợ", locality_id=places.commune_a.id, kind="hang_2", created_at=LONG_AGO)
    street = CashlessStreet(
        name="Phố Hàng Mã", locality_id=places.commune_a.id, launched_on=date(2026, 2, 1)
    )
    unlaunched = CashlessStreet(name="Phố Mới", locality_id=places.commune_a.id, launched_on=None)
    db.session.add_all([market, street, unlaunched])
    db.session.flush()
    _vendor(places.commune_a, market=market)
    _vendor(places.commune_a, street=street, status="receiving")
    _vendor(places.commune_a, street=street, status="enrolled")
    _vendor(places.commune_a, street=street, registration="pending")  # not a shop yet
    db.session.commit()

    day = date(2026, 2, 1)
    assert _figure("markets.cashless_streets", places.commune_a, date(2026, 1, 31)) == Figure(0)
    assert _figure("markets.cashless_streets", places.commune_a, day) == Figure(1)
    assert _figure("markets.shops_with_qr", places.commune_a, day) == Figure(1, 2)
    assert _figure("markets.vendors_with_qr", places.commune_a, day) == Figure(1, 1)
    assert _figure("markets.vendors_receiving", places.commune_a, day) == Figure(0, 1)


def test_sign_checks_count_by_date_and_swapped_signs_by_result(app: Flask, places: Places) -> None:
    market = Market(name="Chợ", locality_id=places.commune_a.id, kind="hang_2", created_at=LONG_AGO)
    street = CashlessStreet(name="Phố", locality_id=places.commune_b.id, launched_on=None)
    db.session.add_all([market, street])
    db.session.flush()
    checked = datetime(2026, 4, 10, 3, tzinfo=UTC)
    for place, results in ((market, ("ok", "mismatch", "not_registered")), (street, ("mismatch",))):
        round_ = CheckRound(
            market_id=place.id if place is market else None,
            street_id=place.id if place is street else None,
            started_by_label="t",
            started_at=checked,
        )
        db.session.add(round_)
        db.session.flush()
        for result in results:
            db.session.add(
                SignCheck(
                    round_id=round_.id,
                    result=result,
                    payloads=[],
                    checked_by_label="t",
                    created_at=checked,
                )
            )
    db.session.commit()

    assert _figure("markets.signs_checked", places.province, date(2026, 4, 9)) == Figure(0)
    assert _figure("markets.signs_checked", places.province, date(2026, 4, 10)) == Figure(4)
    assert _figure("markets.swapped_signs", places.province, date(2026, 4, 10)) == Figure(2, 4)
    assert _figure("markets.swapped_signs", places.commune_b, date(2026, 4, 10)) == Figure(1, 1)
