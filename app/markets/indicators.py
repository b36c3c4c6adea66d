"""The indicators the markets feature's records feed: Chợ 4.0 markets, vendors showing a QR and
receiving transfers, cashless streets and their shops, and sign checks.

Every count is taken as of the end of a day (Vietnam's time) from the history: a market or a
street is counted once it was added, a vendor's status is their latest participation step on or
before that day, a recognition once it was decided. No current-status column is read.

Vendors: the Chợ 4.0 shares count the vendors of markets; the shops of cashless streets are
counted apart (their own share), so a report never counts one vendor twice. A pending
self-registration is not a vendor until approved (as the roster counts it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, union_all

from app.indicators import Indicator
from app.markets.models import (
    CashlessStreet,
    CheckRound,
    Market,
    MarketRecognition,
    ParticipationStep,
    SignCheck,
    Vendor,
)

#: Vietnam's offset from UTC: a day ends at 17:00 UTC.
VIETNAM_OFFSET: Final = timedelta(hours=7)
WITH_QR: Final = ("qr_displayed", "receiving")
RECEIVING: Final = ("receiving",)

MARKETS_GROUP: Final = _l("Chợ 4.0")
STREETS_GROUP: Final = _l("Tuyến phố không dùng tiền mặt")
CHECKS_GROUP: Final = _l("Kiểm tra biển mã")


def end_of_day(as_of: date) -> datetime:
    """The end of `as_of` in Vietnam, as an aware UTC moment."""
    return datetime.combine(as_of + timedelta(days=1), time.min, UTC) - VIETNAM_OFFSET


def _per_locality(locality: Any, value: Any, stmt: Select[Any]) -> Select[Any]:
    """Rows (locality_id, value) of `stmt`, grouped by locality."""
    return stmt.add_columns(locality.label("locality_id"), value.label("value")).group_by(locality)


def _latest_status(as_of: date) -> Any:
    """A vendor's status on `as_of`: their latest step on or before it (the latest date, then
    the last recorded), as a correlated subquery read through the (vendor_id, effective_on)
    index, so a unit's vendors cost one index probe each, whatever the country holds."""
    return (
        select(ParticipationStep.status)
        .where(ParticipationStep.vendor_id == Vendor.id, ParticipationStep.effective_on <= as_of)
        .order_by(ParticipationStep.effective_on.desc(), ParticipationStep.id.desc())
        .limit(1)
        .correlate(Vendor)
        .scalar_subquery()
    )


def _vendors(
    as_of: date, place: ColumnElement[bool], statuses: tuple[str, ...] | None
) -> Select[Any]:
    """Approved vendors on the roster by `as_of` (added by then or with a step by then) at
    `place`, whose status then is one of `statuses` (any status when None), per locality."""
    status = _latest_status(as_of)
    stmt = select().select_from(Vendor).where(Vendor.registration == "approved", place)
    if statuses is not None:
        stmt = stmt.where(status.in_(statuses))
    else:
        stmt = stmt.where(or_(Vendor.created_at < end_of_day(as_of), status.is_not(None)))
    return _per_locality(Vendor.locality_id, func.count(), stmt)


def markets(as_of: date) -> Select[Any]:
    """Markets added by the end of `as_of`."""
    stmt = select().select_from(Market).where(Market.created_at < end_of_day(as_of))
    return _per_locality(Market.locality_id, func.count(), stmt)


def recognised_markets(as_of: date) -> Select[Any]:
    """Markets with a Chợ 4.0 recognition decided on or before `as_of`."""
    recognised = (
        select(MarketRecognition.market_id)
        .where(MarketRecognition.decided_on <= as_of)
        .distinct()
        .subquery()
    )
    stmt = select().select_from(Market).join(recognised, recognised.c.market_id == Market.id)
    return _per_locality(Market.locality_id, func.count(), stmt)


@dataclass(frozen=True)
class VendorCount:
    """Vendors of markets or of streets (`on`), with a status among `statuses` (any when
    None), per locality: called with a day it is a `Count`; `over` counts many days at once."""

    on: str  # "market" or "street"
    statuses: tuple[str, ...] | None = None

    def _place(self) -> ColumnElement[bool]:
        column = Vendor.market_id if self.on == "market" else Vendor.street_id
        return column.is_not(None)

    def __call__(self, as_of: date) -> Select[Any]:
        return _vendors(as_of, self._place(), self.statuses)

    def over(self, ends: Sequence[date], ids: Sequence[int] | None = None) -> Select[Any]:
        """The count as of each of `ends` in one pass over the history: rows (position,
        locality_id, value), position the index in `ends`; only localities `ids` when given.
        Each step holds from its date until the vendor's next step (steps of one date: the
        last recorded holds), so a day's status is the step whose span covers it."""
        days = union_all(
            *(
                select(
                    literal(position).label("position"),
                    literal(end, ParticipationStep.effective_on.type).label("day"),
                    literal(end_of_day(end), Vendor.created_at.type).label("moment"),
                )
                for position, end in enumerate(ends)
            )
        ).subquery()
        vendors = [Vendor.registration == "approved", self._place()]
        if ids is not None:
            vendors.append(Vendor.locality_id.in_(ids))
        if self.statuses is None:
            first = (
                select(
                    ParticipationStep.vendor_id,
                    func.min(ParticipationStep.effective_on).label("on"),
                )
                .group_by(ParticipationStep.vendor_id)
                .subquery()
            )
            stmt = (
                select(days.c.position, Vendor.locality_id.label("locality_id"))
                .select_from(Vendor)
                .outerjoin(first, first.c.vendor_id == Vendor.id)
                .join(days, or_(Vendor.created_at < days.c.moment, first.c.on <= days.c.day))
                .where(*vendors)
            )
        else:
            spans = (
                select(
                    Vendor.locality_id,
                    ParticipationStep.status,
                    ParticipationStep.effective_on.label("since"),
                    func.lead(ParticipationStep.effective_on)
                    .over(
                        partition_by=ParticipationStep.vendor_id,
                        order_by=(ParticipationStep.effective_on, ParticipationStep.id),
                    )
                    .label("until"),
                )
                .join(Vendor, Vendor.id == ParticipationStep.vendor_id)
                .where(*vendors)
                .subquery()
            )
            stmt = (
                select(days.c.position, spans.c.locality_id.label("locality_id"))
                .select_from(spans)
                .join(
                    days,
                    and_(
                        spans.c.since <= days.c.day,
                        or_(spans.c.until.is_(None), spans.c.until > days.c.day),
                    ),
                )
                .where(spans.c.status.in_(self.statuses))
            )
        position, locality = stmt.selected_columns
        return stmt.add_columns(func.count().label("value")).group_by(position, locality)


market_vendors = VendorCount("market")
market_vendors_with_qr = VendorCount("market", WITH_QR)
market_vendors_receiving = VendorCount("market", RECEIVING)
street_shops = VendorCount("street")
street_shops_with_qr = VendorCount("street", WITH_QR)


def cashless_streets(as_of: date) -> Select[Any]:
    """Cashless streets launched on or before `as_of`."""
    stmt = (
        select()
        .select_from(CashlessStreet)
        .where(CashlessStreet.launched_on.is_not(None), CashlessStreet.launched_on <= as_of)
    )
    return _per_locality(CashlessStreet.locality_id, func.count(), stmt)


def _sign_checks(as_of: date, results: tuple[str, ...] | None) -> Select[Any]:
    """Signs checked by the end of `as_of` (with a result among `results`), per locality of the
    round's market or street."""
    locality = func.coalesce(Market.locality_id, CashlessStreet.locality_id)
    stmt = (
        select()
        .select_from(SignCheck)
        .join(CheckRound, CheckRound.id == SignCheck.round_id)
        .outerjoin(Market, Market.id == CheckRound.market_id)
        .outerjoin(CashlessStreet, CashlessStreet.id == CheckRound.street_id)
        .where(SignCheck.created_at < end_of_day(as_of))
    )
    if results is not None:
        stmt = stmt.where(SignCheck.result.in_(results))
    return _per_locality(locality, func.count(), stmt)


def signs_checked(as_of: date) -> Select[Any]:
    return _sign_checks(as_of, None)


def swapped_signs(as_of: date) -> Select[Any]:
    """Signs found paying elsewhere or damaged ("mismatch")."""
    return _sign_checks(as_of, ("mismatch",))


INDICATORS: Final = (
    Indicator(
        "markets.cho_4_0",
        _l("Chợ đạt mô hình Chợ 4.0"),
        recognised_markets,
        _l("chợ đạt Chợ 4.0"),
        markets,
        _l("chợ"),
        group=MARKETS_GROUP,
        required=True,
    ),
    Indicator(
        "markets.vendors_with_qr",
        _l("Tiểu thương có mã QR"),
        market_vendors_with_qr,
        _l("tiểu thương treo mã QR"),
        market_vendors,
        _l("tiểu thương"),
        group=MARKETS_GROUP,
        required=True,
    ),
    Indicator(
        "markets.vendors_receiving",
        _l("Tiểu thương nhận chuyển khoản"),
        market_vendors_receiving,
        _l("tiểu thương nhận chuyển khoản"),
        market_vendors,
        _l("tiểu thương"),
        group=MARKETS_GROUP,
        required=True,
    ),
    Indicator(
        "markets.cashless_streets",
        _l("Tuyến phố không dùng tiền mặt"),
        cashless_streets,
        _l("tuyến phố đã ra mắt"),
        group=STREETS_GROUP,
        required=True,
    ),
    Indicator(
        "markets.shops_with_qr",
        _l("Hộ kinh doanh trên tuyến phố nhận QR"),
        street_shops_with_qr,
        _l("hộ kinh doanh nhận QR"),
        street_shops,
        _l("hộ kinh doanh trên tuyến phố"),
        group=STREETS_GROUP,
    ),
    Indicator(
        "markets.signs_checked",
        _l("Biển mã đã kiểm tra"),
        signs_checked,
        _l("biển mã đã kiểm tra"),
        group=CHECKS_GROUP,
    ),
    Indicator(
        "markets.swapped_signs",
        _l("Biển mã bị tráo phát hiện được"),
        swapped_signs,
        _l("biển mã sai tài khoản"),
        signs_checked,
        _l("biển mã đã kiểm tra"),
        group=CHECKS_GROUP,
    ),
)
