"""The gift-events indicator: events created by the end of a day (Vietnam's time) with a side
showing a QR, counted where the event is held."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask

from app.events.indicators import INDICATORS
from app.extensions import db
from app.reports.rollup import Figure, breakdown
from tests.factories import Places, make_event, make_side, make_user

CODE = "events.gift_qr_events"


def test_events_with_a_gift_qr_are_counted_from_their_creation(app: Flask, places: Places) -> None:
    host = make_user("host@x.vn", "host")
    shown = make_event(host, places.hamlet)
    hidden = make_event(host, places.commune_a, title="Mừng thọ")
    no_account = make_event(host, places.commune_b, title="Tân gia", account=None)
    one_side_hidden = make_event(host, places.commune_b, title="Đám hỏi")
    for side in hidden.sides:
        side.show_qr = False
    one_side_hidden.sides[0].show_qr = False
    # 23:59 in Vietnam on 1 March is 16:59 UTC; 17:00 UTC is already 2 March there.
    for event, moment in (
        (shown, datetime(2026, 3, 1, 16, 59, tzinfo=UTC)),
        (hidden, datetime(2026, 1, 1, tzinfo=UTC)),
        (no_account, datetime(2026, 1, 1, tzinfo=UTC)),
        (one_side_hidden, datetime(2026, 3, 1, 17, 0, tzinfo=UTC)),
    ):
        event.created_at = moment
        for side in event.sides:
            side.created_at = moment  # created with the event
    db.session.commit()

    def counts(day: date) -> tuple[Figure, list[Figure]]:
        total, rows = breakdown(places.province, day, INDICATORS)
        return total.figures[CODE], [row.figures[CODE] for row in rows]

    assert counts(date(2026, 2, 28)) == (Figure(0), [Figure(0), Figure(0)])
    assert counts(date(2026, 3, 1)) == (Figure(1), [Figure(1), Figure(0)])
    assert counts(date(2026, 3, 2)) == (Figure(2), [Figure(1), Figure(1)])
    assert INDICATORS[0].denominator is None
    assert str(INDICATORS[0].group) == "QR mừng cưới"


def test_a_side_added_later_counts_from_its_own_creation(app: Flask, places: Places) -> None:
    host = make_user("host@x.vn", "host")
    event = make_event(host, places.commune_a, sides=("Gia chủ",), account=None)
    event.created_at = datetime(2026, 1, 1, tzinfo=UTC)
    event.sides[0].created_at = event.created_at
    db.session.commit()
    # the hosts add a side with an account on 2 March (17:00 UTC on 1 March)
    event.sides.append(make_side("Nhà gái", 1, created_at=datetime(2026, 3, 1, 17, 0, tzinfo=UTC)))
    db.session.commit()

    def count(day: date) -> int:
        return breakdown(places.province, day, INDICATORS)[0].figures[CODE].numerator

    assert [count(date(2026, 2, 1)), count(date(2026, 3, 1)), count(date(2026, 3, 2))] == [0, 0, 1]
