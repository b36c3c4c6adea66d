"""Figures officers enter for a unit and period, read beside the computed ones.

`entered_breakdown` sums what was entered below a parent for one period, per child, the same
way the computed figures roll up (numerators and denominators apart); figures entered against
pre-2025 units are restated on the 2025 units first (`app.reports.restatement`) and marked
approximate where they were shared out. Targets are read per unit and year.

Entering a figure (`enter_figure`): an officer of the unit (for a legacy unit: an officer of
every 2025 unit it went into), an indicator of the registry, a period that has begun and is not
locked by a submitted or approved report of the unit or a unit above it, a source; for a share a
denominator, and for a bounded share a numerator no larger than it. Entering the same
indicator, unit and period again corrects the figure (audited as a change).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from sqlalchemy import select

from app.access import is_signed_in
from app.accounts.permissions import can_manage, managed_localities
from app.audit_log import Actor, current_actor, record_change, snapshot
from app.errors import DomainError
from app.extensions import db
from app.localities.models import Locality
from app.localities.tree import get_locality, path_ids
from app.reports.models import FIGURE_INDEX, EnteredFigure, Report, Target
from app.reports.periods import Period, period_containing
from app.reports.restatement import restate, targets_of
from app.reports.rollup import Figure, cutoff_day, indicator
from app.transaction import transaction

MAX_SOURCE: Final = 300
MAX_NOTE: Final = 1000
#: The largest figure anyone types (a national count of vendors is about a million).
MAX_VALUE: Final = 10**12
#: What an audit entry of a figure keeps.
FIGURE_FIELDS: Final = (
    "indicator",
    "locality_id",
    "period",
    "numerator",
    "denominator",
    "source",
    "note",
)


def actor_of(user: Any) -> Actor:
    """Who acts: the signed-in user (even outside a request), else the request's or command's
    actor."""
    if is_signed_in(user):
        return Actor(label=user.login_name, user_id=user.id)
    return current_actor()


def entered_breakdown(
    parent: Locality | None, period: Period
) -> tuple[dict[str, Figure], dict[int, dict[str, Figure]]]:
    """What officers entered for `period` in the parent's subtree: the parent's figures by
    indicator code, and each child's (by child id) — summed over every unit below. Figures of
    pre-2025 units are restated on the 2025 units (approximate where they were shared out)."""
    position = 0 if parent is None else parent.depth + 1
    totals: dict[str, list[Any]] = {}
    per_child: dict[int, dict[str, list[Any]]] = {}

    def add(path: str, code: str, numerator: int, denominator: int | None, approx: bool) -> None:
        if parent is not None and not path.startswith(parent.path):
            return
        ids = path.strip("/").split("/")
        sums = [totals.setdefault(code, [0, None, False])]
        if len(ids) > position:
            sums.append(
                per_child.setdefault(int(ids[position]), {}).setdefault(code, [0, None, False])
            )
        for part in sums:
            part[0] += numerator
            if denominator is not None:
                part[1] = (part[1] or 0) + denominator
            part[2] = part[2] or approx

    current = (
        select(
            Locality.path,
            EnteredFigure.indicator,
            EnteredFigure.numerator,
            EnteredFigure.denominator,
        )
        .join(Locality, Locality.id == EnteredFigure.locality_id)
        .where(EnteredFigure.period == period.key, Locality.era == "vn2025")
    )
    if parent is not None:
        current = current.where(Locality.path.like(parent.path + "%"))
    for path, code, numerator, denominator in db.session.execute(current):
        add(path, code, numerator, denominator, False)
    legacy = db.session.scalars(
        select(EnteredFigure)
        .join(Locality, Locality.id == EnteredFigure.locality_id)
        .where(EnteredFigure.period == period.key, Locality.era == "legacy")
        .order_by(EnteredFigure.id)
    )
    for figure in legacy:
        for part in restate(figure.locality, figure.numerator, figure.denominator):
            add(
                part.target.path,
                figure.indicator,
                part.numerator,
                part.denominator,
                part.approximate,
            )
    return (
        {code: _entered(part) for code, part in totals.items()},
        {
            child: {code: _entered(part) for code, part in codes.items()}
            for child, codes in per_child.items()
        },
    )


def _entered(part: list[Any]) -> Figure:
    return Figure(int(part[0]), part[1], source="entered", approximate=bool(part[2]))


def targets_for(locality: Locality, year: int) -> dict[str, Target]:
    """The unit's targets for `year`, by indicator code."""
    rows = db.session.scalars(
        select(Target).where(Target.locality_id == locality.id, Target.year == year)
    )
    return {target.indicator: target for target in rows}


# ---- entering figures ------------------------------------------------------------------------


def may_enter(user: Any, unit: Locality) -> bool:
    """Whether `user` may enter figures for `unit`: its manager, or for a pre-2025 unit the
    manager of every 2025 unit it went into."""
    if unit.era == "vn2025":
        return can_manage(user, unit)
    scope = managed_localities(user)
    if scope.everything:
        return True
    targets = targets_of([unit])
    return bool(targets) and all(scope.contains(target) for target in targets)


def locking_report(unit: Locality, period: Period) -> Report | None:
    """A submitted or approved report that covers `unit`'s figures for `period` (the unit's own
    or one of a unit above it; for a legacy unit, those of the 2025 units it went into)."""
    units = [unit] if unit.era == "vn2025" else targets_of([unit])
    ids = {ancestor for each in units for ancestor in path_ids(each)}
    if not ids:
        return None
    found: Report | None = db.session.scalars(
        select(Report)
        .where(Report.locality_id.in_(ids), Report.period == period.key, Report.state != "draft")
        .order_by(Report.id)
        .limit(1)
    ).first()
    return found


def parse_period(key: str, today: date) -> Period:
    """The period a key names, refused (422 on `period`) if malformed or not yet begun."""
    try:
        period = Period.parse(key)
    except ValueError as error:
        raise DomainError("reports.period_invalid", "period", value=key[:20]) from error
    if period.start(cutoff_day()) > today:
        raise DomainError("reports.period_future", "period", period=period.label())
    return period


def figure_unit(locality_id: int) -> Locality:
    unit = get_locality(locality_id)
    if unit is None or (unit.level == "hamlet" and unit.retired):
        raise DomainError("reports.locality_not_found", "locality_id", status=404)
    return unit


def _snapshot(figure: EnteredFigure) -> dict[str, Any]:
    return snapshot(figure, FIGURE_FIELDS)


def enter_figure(user: Any, data: Mapping[str, Any], today: date) -> EnteredFigure:
    """Enter (or correct) one figure: `indicator`, `locality_id`, `period`, `numerator`,
    `denominator` (a share's), `source`, `note`."""
    unit = figure_unit(int(data["locality_id"]))
    if not may_enter(user, unit):
        raise DomainError("reports.forbidden", "locality_id", status=403)
    found = indicator(str(data["indicator"]))
    if found is None:
        raise DomainError(
            "reports.indicator_unknown", "indicator", value=str(data["indicator"])[:60]
        )
    period = parse_period(str(data["period"]), today)
    numerator = int(data["numerator"])
    denominator = data.get("denominator")
    if found.is_share:
        if denominator is None:
            raise DomainError(
                "reports.denominator_missing", "denominator", label=found.denominator_label
            )
        denominator = int(denominator)
        if found.bounded and numerator > denominator:
            raise DomainError(
                "reports.over_denominator",
                "numerator",
                numerator=numerator,
                denominator=denominator,
            )
    elif denominator is not None:
        raise DomainError("reports.denominator_not_share", "denominator")
    source = str(data.get("source") or "").strip()
    if not source:
        raise DomainError("reports.source_missing", "source")
    locked = locking_report(unit, period)
    if locked is not None:
        raise DomainError(
            "reports.period_locked",
            "period",
            status=409,
            unit=locked.locality.name,
            period=period.label(),
        )
    existing = db.session.scalars(
        select(EnteredFigure).where(
            EnteredFigure.indicator == found.code,
            EnteredFigure.locality_id == unit.id,
            EnteredFigure.period == period.key,
        )
    ).first()
    actor = actor_of(user)
    with transaction({FIGURE_INDEX: DomainError("reports.figure_exists", "indicator")}):
        before = _snapshot(existing) if existing is not None else None
        figure = existing or EnteredFigure(
            indicator=found.code, locality_id=unit.id, period=period.key
        )
        figure.numerator = numerator
        figure.denominator = denominator
        figure.source = source[:MAX_SOURCE]
        figure.note = str(data.get("note") or "").strip()[:MAX_NOTE]
        figure.entered_by_id = actor.user_id
        figure.entered_by_label = actor.label[:255]
        if existing is None:
            db.session.add(figure)
        db.session.flush()
        record_change(
            "update" if before else "create",
            "entered_figure",
            figure.id,
            before,
            _snapshot(figure),
            unit.id,
        )
    return figure


def get_figure(figure_id: int) -> EnteredFigure:
    figure = db.session.get(EnteredFigure, figure_id)
    if figure is None:
        raise DomainError("reports.figure_not_found", status=404)
    return figure


def delete_figure(user: Any, figure: EnteredFigure) -> None:
    """Remove an entered figure (not while its period is locked)."""
    if not may_enter(user, figure.locality):
        raise DomainError("reports.forbidden", status=403)
    period = Period.parse(figure.period)
    locked = locking_report(figure.locality, period)
    if locked is not None:
        raise DomainError(
            "reports.period_locked",
            "period",
            status=409,
            unit=locked.locality.name,
            period=period.label(),
        )
    with transaction():
        record_change(
            "delete", "entered_figure", figure.id, _snapshot(figure), None, figure.locality_id
        )
        db.session.delete(figure)


def figures_of(unit: Locality, period: Period | None = None) -> list[EnteredFigure]:
    """The figures entered for `unit` itself (one period, or every one, latest first)."""
    stmt = select(EnteredFigure).where(EnteredFigure.locality_id == unit.id)
    if period is not None:
        stmt = stmt.where(EnteredFigure.period == period.key)
    return list(
        db.session.scalars(stmt.order_by(EnteredFigure.period.desc(), EnteredFigure.indicator))
    )


def current_period(today: date) -> Period:
    """The monthly period that covers `today`."""
    return period_containing(today, "month", cutoff_day())
