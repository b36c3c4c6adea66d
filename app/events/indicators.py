"""The indicator the gift-events feature's records feed: gift events with a gift QR.

Counted as of the end of a day (Vietnam's time): events created by then, where at least one
side added by then shows its QR (a receiving account, and the hosts did not leave the QR off). A
side added later does not reach back before its creation. A plain count: there is no list of all
weddings to divide by.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, select

from app.events.models import EventSide, GiftEvent
from app.indicators import Indicator

#: Vietnam's offset from UTC: a day ends at 17:00 UTC.
VIETNAM_OFFSET: Final = timedelta(hours=7)


def end_of_day(as_of: date) -> datetime:
    """The end of `as_of` in Vietnam, as an aware UTC moment."""
    return datetime.combine(as_of + timedelta(days=1), time.min, UTC) - VIETNAM_OFFSET


def events_with_gift_qr(as_of: date) -> Select[Any]:
    """Gift events created by the end of `as_of` with a side, added by then, showing a QR,
    per locality."""
    end = end_of_day(as_of)
    shows_qr = exists().where(
        EventSide.event_id == GiftEvent.id,
        EventSide.created_at < end,
        EventSide.show_qr.is_(True),
        EventSide.account_number != "",
    )
    return (
        select(GiftEvent.locality_id.label("locality_id"), func.count().label("value"))
        .where(GiftEvent.created_at < end, shows_qr)
        .group_by(GiftEvent.locality_id)
    )


INDICATORS: Final = (
    Indicator(
        "events.gift_qr_events",
        _l("Đám cưới, sự kiện dùng QR mừng"),
        events_with_gift_qr,
        _l("sự kiện có mã QR mừng"),
        group=_l("QR mừng cưới"),
        bounded=False,
    ),
)
