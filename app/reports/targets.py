"""Targets per indicator, unit and year ("100% xã có Tổ công nghệ số cộng đồng năm 2026"), kept
by the unit's managers, and progress against them.

A share's target is a percent (over 100% is refused when the indicator is bounded); a count's
is a whole number. Progress compares the value now with the target: an entered figure of the
month that covers the day (officers enter figures because Quét's records are incomplete, so a
figure they typed wins), else the figure Quét computes from its records as of the day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import select

from app.accounts.permissions import can_manage, can_view
from app.audit_log import record_change, snapshot
from app.errors import DomainError
from app.extensions import db
from app.indicators import Indicator
from app.localities.models import Locality
from app.reports.checks import value_of
from app.reports.figures import entered_breakdown, figure_unit
from app.reports.models import TARGET_INDEX, Target
from app.reports.periods import period_containing
from app.reports.rollup import Figure, cutoff_day, indicator, totals
from app.transaction import transaction

YEAR_MIN: Final = 2020
YEAR_MAX: Final = 2100
MAX_COUNT: Final = 10**12
MAX_NOTE: Final = 500
TARGET_FIELDS: Final = ("indicator", "locality_id", "year", "value", "note")


def _snapshot(target: Target) -> dict[str, Any]:
    return snapshot(target, TARGET_FIELDS)


def _checked_value(item: Indicator, value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except ArithmeticError as error:
        raise DomainError("reports.target_value_invalid", "value") from error
    if not amount.is_finite() or amount < 0:
        raise DomainError("reports.target_value_invalid", "value")
    if item.is_share:
        if item.bounded and amount > 100:
            raise DomainError("reports.target_over_100", "value", value=str(amount))
        return amount.quantize(Decimal("0.01"))
    if amount != amount.to_integral_value() or amount > MAX_COUNT:
        raise DomainError("reports.target_count_whole", "value")
    return amount


def _checked_year(year: Any) -> int:
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise DomainError("reports.target_year", "year", low=YEAR_MIN, high=YEAR_MAX)
    return year


def targets_of(user: Any, unit: Locality, year: int | None = None) -> list[Target]:
    if not can_view(user, unit):
        raise DomainError("reports.forbidden", status=403)
    stmt = select(Target).where(Target.locality_id == unit.id)
    if year is not None:
        stmt = stmt.where(Target.year == year)
    return list(db.session.scalars(stmt.order_by(Target.year.desc(), Target.indicator)))


def get_target(target_id: int) -> Target:
    target = db.session.get(Target, target_id)
    if target is None:
        raise DomainError("reports.target_not_found", status=404)
    return target


def create_target(user: Any, data: Mapping[str, Any]) -> Target:
    """A new target: `indicator`, `locality_id`, `year`, `value`, `note`."""
    unit = figure_unit(int(data["locality_id"]))
    if unit.era != "vn2025" or not can_manage(user, unit):
        raise DomainError("reports.forbidden", "locality_id", status=403)
    item = indicator(str(data["indicator"]))
    if item is None:
        raise DomainError(
            "reports.indicator_unknown", "indicator", value=str(data["indicator"])[:60]
        )
    target = Target(
        indicator=item.code,
        locality_id=unit.id,
        year=_checked_year(data["year"]),
        value=_checked_value(item, data["value"]),
        note=str(data.get("note") or "").strip()[:MAX_NOTE],
    )
    with transaction({TARGET_INDEX: DomainError("reports.target_exists", "indicator")}):
        db.session.add(target)
        db.session.flush()
        record_change("create", "target", target.id, None, _snapshot(target), unit.id)
    return target


def change_target(user: Any, target: Target, data: Mapping[str, Any]) -> Target:
    """Change a target's `value`, `year` or `note`."""
    if not can_manage(user, target.locality):
        raise DomainError("reports.forbidden", status=403)
    item = indicator(target.indicator)
    if item is None:
        raise DomainError("reports.indicator_unknown", "indicator", value=target.indicator)
    value = _checked_value(item, data["value"]) if "value" in data else target.value
    year = _checked_year(data["year"]) if "year" in data else target.year
    with transaction({TARGET_INDEX: DomainError("reports.target_exists", "year")}):
        before = _snapshot(target)
        target.value = value
        target.year = year
        if "note" in data:
            target.note = str(data.get("note") or "").strip()[:MAX_NOTE]
        record_change("update", "target", target.id, before, _snapshot(target), target.locality_id)
    return target


def delete_target(user: Any, target: Target) -> None:
    if not can_manage(user, target.locality):
        raise DomainError("reports.forbidden", status=403)
    with transaction():
        record_change("delete", "target", target.id, _snapshot(target), None, target.locality_id)
        db.session.delete(target)


@dataclass(frozen=True)
class Progress:
    """A target and how far the unit has come: `value` now (a percent for a share, a count
    otherwise), `achieved` as a percent of the target (None for a target of 0)."""

    target: Target
    indicator: Indicator
    figure: Figure
    value: float | None

    @property
    def achieved(self) -> float | None:
        goal = float(self.target.value)
        if self.value is None or goal == 0:
            return None
        return 100.0 * self.value / goal

    @property
    def reached(self) -> bool:
        return self.value is not None and self.value >= float(self.target.value)


def progress(unit: Locality, year: int, as_of: date) -> list[Progress]:
    """The unit's targets for `year` with the value each indicator has as of `as_of`."""
    rows = list(
        db.session.scalars(
            select(Target)
            .where(Target.locality_id == unit.id, Target.year == year)
            .order_by(Target.indicator)
        )
    )
    known = [(target, indicator(target.indicator)) for target in rows]
    chosen = [item for _target, item in known if item is not None]
    if not chosen:
        return []
    computed = totals(unit, as_of, chosen)
    entered, _children = entered_breakdown(unit, period_containing(as_of, "month", cutoff_day()))
    found: list[Progress] = []
    for target, item in known:
        if item is None:
            continue
        figure = entered.get(item.code) or computed[item.code]
        found.append(Progress(target, item, figure, value_of(figure)))
    return found
