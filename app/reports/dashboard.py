"""A locality's dashboard, assembled for one viewer: every indicator for the unit and each child
(computed from Quét's records, with what officers entered beside them), the unit's month-by-month
trend and its progress against the year's targets.

The pages, the exports and the API all ask `dashboard(...)`; scope is checked here once
(`locality_in_scope`): admins see everything and the whole country, officers and viewers their
own subtrees only; a date in the future is refused on its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import select

from app.accounts.permissions import viewable_localities
from app.errors import DomainError
from app.extensions import db
from app.indicators import Indicator
from app.localities.models import Locality
from app.localities.tree import ancestors, get_locality
from app.reports import figures, rollup
from app.reports.models import EnteredFigure
from app.reports.periods import Period, months_up_to, period_containing
from app.reports.rollup import Figure
from app.reports.series import monthly_series
from app.request_guards import VIETNAM_TIME

#: How many months a trend covers by default, and at most.
TREND_MONTHS: Final = 12
MAX_TREND_MONTHS: Final = 36


def today() -> date:
    """Today in Vietnam (UTC+7): the default as-of day."""
    return datetime.now(VIETNAM_TIME).date()


@dataclass
class Row:
    """One unit's line of the table: computed figures by indicator code, and what officers
    entered for the period (summed over the unit's subtree) with the sources they named."""

    locality: Locality | None
    figures: dict[str, Figure]
    entered: dict[str, Figure] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class TrendPoint:
    """The unit's figures as of the end of one monthly period (or the as-of day, for the
    period still running)."""

    period: Period
    as_of: date
    figures: dict[str, Figure]


@dataclass(frozen=True)
class Progress:
    """Progress towards a target: the target (a percent for a share, else a count) and the
    unit's current value on the same scale (None when there is no denominator yet)."""

    indicator: Indicator
    target: Decimal
    value: float | None
    note: str = ""

    @property
    def reached(self) -> bool:
        return self.value is not None and self.value >= float(self.target)


@dataclass
class Dashboard:
    """Everything a dashboard shows for one unit (None: the whole country) as of one day."""

    locality: Locality | None
    as_of: date
    period: Period
    indicators: list[Indicator]
    total: Row
    rows: list[Row]
    trend: list[TrendPoint]
    targets: list[Progress]
    #: The units above it the viewer may open, root first.
    breadcrumbs: list[Locality]
    #: Whether the viewer may open the whole country's dashboard (admins).
    sees_country: bool


def require_viewer(user: Any) -> None:
    """Refuse an anonymous visitor (the caller has already sent them to log in)."""
    if not getattr(user, "is_authenticated", False):
        raise DomainError("reports.sign_in", "locality_id", status=401)


def locality_in_scope(user: Any, locality_id: int | None) -> Locality | None:
    """The unit `locality_id` names (None: the whole country) if `user` may read its reports:
    404 when there is no such unit, 422 for a pre-2025 one, 403 outside the viewer's scope."""
    require_viewer(user)
    scope = viewable_localities(user)
    if locality_id is None:
        if not scope.everything:
            raise DomainError("reports.country_admins_only", "locality_id", status=403)
        return None
    locality = get_locality(locality_id)
    if locality is None:
        raise DomainError("reports.locality_not_found", "locality_id", status=404)
    if not scope.contains(locality):
        raise DomainError("reports.outside_scope", "locality_id", status=403, name=locality.name)
    if locality.era != "vn2025":
        raise DomainError("reports.legacy_locality", "locality_id", status=422, name=locality.name)
    return locality


def home_locality(user: Any) -> Locality | None:
    """Where a viewer's dashboard opens: the country for admins, else the first unit of their
    scope (403 when they have none)."""
    require_viewer(user)
    scope = viewable_localities(user)
    if scope.everything:
        return None
    if not scope.roots:
        raise DomainError("reports.no_scope", "locality_id", status=403)
    return scope.roots[0]


def check_as_of(as_of: date | None) -> date:
    """The as-of day (today when not given); a day in the future is refused."""
    now = today()
    if as_of is None:
        return now
    if as_of > now:
        raise DomainError("reports.future_date", "as_of", status=422, day=as_of.isoformat())
    return as_of


def entered_sources(
    parent: Locality | None, period: Period
) -> dict[int | None, dict[str, list[str]]]:
    """The sources officers named for the period's entered figures below `parent`: by child id
    (and None for the whole subtree), by indicator code, each source once."""
    stmt = (
        select(Locality.path, EnteredFigure.indicator, EnteredFigure.source)
        .join(Locality, Locality.id == EnteredFigure.locality_id)
        .where(EnteredFigure.period == period.key, Locality.era == "vn2025")
        .order_by(EnteredFigure.source)
    )
    position = 0
    if parent is not None:
        stmt = stmt.where(Locality.path.like(parent.path + "%"))
        position = parent.depth + 1
    found: dict[int | None, dict[str, list[str]]] = {}
    for path, code, source in db.session.execute(stmt):
        ids = path.strip("/").split("/")
        keys: list[int | None] = [None]
        if len(ids) > position:
            keys.append(int(ids[position]))
        for key in keys:
            listed = found.setdefault(key, {}).setdefault(code, [])
            if source not in listed:
                listed.append(source)
    return found


def check_months(months: int) -> None:
    """Refuse a trend shorter than one month or longer than `MAX_TREND_MONTHS`."""
    if not 1 <= months <= MAX_TREND_MONTHS:
        raise DomainError(
            "reports.months_range", "months", status=422, minimum=1, maximum=MAX_TREND_MONTHS
        )


def trend(
    locality: Locality | None,
    as_of: date,
    months: int = TREND_MONTHS,
    chosen: list[Indicator] | None = None,
) -> list[TrendPoint]:
    """The unit's figures at the end of each of the `months` monthly periods up to the one
    holding `as_of` (that one as of `as_of` itself), oldest first."""
    check_months(months)
    cutoff = rollup.cutoff_day()
    last = period_containing(as_of, "month", cutoff)
    return [
        TrendPoint(period, min(period.end(cutoff), as_of), figures)
        for period, figures in monthly_series(
            locality, months_up_to(last, months), chosen, until=as_of
        )
    ]


def progress(locality: Locality | None, year: int, total: dict[str, Figure]) -> list[Progress]:
    """The unit's targets for `year` with where it stands (the whole country has none)."""
    if locality is None:
        return []
    found = []
    targets = figures.targets_for(locality, year)
    for item in rollup.all_indicators():
        target = targets.get(item.code)
        if target is None:
            continue
        figure = total.get(item.code)
        value: float | None = None
        if figure is not None:
            value = figure.percent if item.is_share else float(figure.numerator)
        found.append(Progress(item, Decimal(target.value), value, target.note))
    return found


def dashboard(
    user: Any,
    locality_id: int | None,
    as_of: date | None = None,
    months: int | None = TREND_MONTHS,
) -> Dashboard:
    """The dashboard of `locality_id` (None: the country) for `user`, as of `as_of`, with a
    trend of `months` months (None: no trend, for the exports and the API's breakdown)."""
    locality = locality_in_scope(user, locality_id)
    scope = viewable_localities(user)
    day = check_as_of(as_of)
    if months is not None:
        check_months(months)
    period = period_containing(day, "month", rollup.cutoff_day())
    indicators = rollup.all_indicators()
    total_figures, child_figures = rollup.breakdown(locality, day)
    entered_total, entered_children = figures.entered_breakdown(locality, period)
    sources = entered_sources(locality, period)
    total = Row(locality, total_figures.figures, entered_total, sources.get(None, {}))
    rows = []
    for unit in child_figures:
        assert unit.locality is not None
        unit_id = unit.locality.id
        rows.append(
            Row(
                unit.locality,
                unit.figures,
                entered_children.get(unit_id, {}),
                sources.get(unit_id, {}),
            )
        )
    return Dashboard(
        locality=locality,
        as_of=day,
        period=period,
        indicators=indicators,
        total=total,
        rows=rows,
        trend=trend(locality, day, months) if months is not None else [],
        targets=progress(locality, period.year, total.figures),
        breadcrumbs=[unit for unit in ancestors(locality) if scope.contains(unit)]
        if locality is not None
        else [],
        sees_country=scope.everything,
    )


@dataclass(frozen=True)
class Series:
    """A unit's figures month by month (the API's series)."""

    locality: Locality | None
    as_of: date
    points: list[TrendPoint]


def series(
    user: Any, locality_id: int | None, months: int = TREND_MONTHS, as_of: date | None = None
) -> Series:
    """The unit's month-by-month figures up to `as_of`, for `user` within scope."""
    locality = locality_in_scope(user, locality_id)
    day = check_as_of(as_of)
    return Series(locality, day, trend(locality, day, months))


def map_indicators() -> list[Indicator]:
    """The indicators a map can show (every registered one)."""
    return rollup.all_indicators()


@dataclass(frozen=True)
class ProvinceValue:
    """One province's figure for the map (None outside the viewer's scope)."""

    locality: Locality
    figure: Figure | None
    viewable: bool


@dataclass(frozen=True)
class ProvinceValues:
    """An indicator's figure in each of the 34 provinces as of a day (the map's data)."""

    indicator: Indicator | None
    as_of: date
    rows: list[ProvinceValue]


def province_values(user: Any, code: str | None, as_of: date | None = None) -> ProvinceValues:
    """The indicator `code` (the first one when not given) in every province as of `as_of`:
    an admin sees every value; officers and viewers those of provinces in their scope (a
    province only partly in scope shows no value, as its total would reveal the rest)."""
    require_viewer(user)
    day = check_as_of(as_of)
    indicators = map_indicators()
    found = {item.code: item for item in indicators}
    if code:
        item: Indicator | None = found.get(code)
        if item is None:
            raise DomainError("reports.indicator_not_found", "indicator", status=422, value=code)
    else:
        item = indicators[0] if indicators else None
    scope = viewable_localities(user)
    if item is None:
        return ProvinceValues(None, day, [])
    _, units = rollup.breakdown(None, day, [item])
    rows = []
    for unit in units:
        assert unit.locality is not None
        allowed = scope.contains(unit.locality)
        rows.append(
            ProvinceValue(unit.locality, unit.figures.get(item.code) if allowed else None, allowed)
        )
    return ProvinceValues(item, day, rows)
