"""An indicator's figures month by month: the trend a dashboard draws.

Each point is a reporting period (`app.reports.periods`: a month ends on the cut-off day, the
14th) and holds the unit's totals as of the period's end, exactly as `rollup.totals` gives them
for that day. The months are read together: one query per distinct count, not one query per
indicator per month. A count that can read many days in one pass over its history (an
`over(ends, ids)` method, as the vendor counts of `app.markets.indicators` have: each
participation step spans the days until the vendor's next step) is asked for every period's
end at once; any other count is a UNION ALL of itself as of each period's end. Either way the
rows are summed over the unit's subtree per period in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, func, literal, select, union_all

from app.extensions import db
from app.indicators import Count, Indicator
from app.localities.models import Locality
from app.reports.periods import Period
from app.reports.rollup import (
    Figure,
    all_indicators,
    cutoff_day,
    distinct_counts,
    part_rows,
    stored_level,
    stored_sums,
    stored_units,
    subtree_ids,
)


def _monthly_sums(
    count: Count,
    parent: Locality | None,
    days: Sequence[date],
    ids: Sequence[int] | None,
    units: Sequence[int] | None = None,
) -> list[int]:
    """The count summed over `parent`'s subtree as of each of `days`, in one query (or from
    the stored values, for the country, a province or a commune)."""
    if stored_level(parent):
        return [total for _values, total in stored_sums(count, parent, days, units or [])]
    over = getattr(count, "over", None)
    if over is not None:  # the count reads every day in one pass over its history
        every = over(list(days), ids).subquery()
    else:
        branches: list[Select[Any]] = []
        for index, day in enumerate(days):
            rows = part_rows(count, day, ids).subquery()
            branches.append(
                select(
                    literal(index).label("position"),
                    rows.c.locality_id.label("locality_id"),
                    rows.c.value.label("value"),
                )
            )
        every = union_all(*branches).subquery()
    stmt = select(every.c.position, func.sum(every.c.value)).join(
        Locality, Locality.id == every.c.locality_id
    )
    if parent is None:
        stmt = stmt.where(Locality.era == "vn2025")
    else:
        stmt = stmt.where(Locality.path.like(parent.path + "%"))
    found = dict(db.session.execute(stmt.group_by(every.c.position)).tuples().all())
    return [int(found.get(index) or 0) for index in range(len(days))]


def period_days(periods: Sequence[Period], until: date | None = None) -> list[date]:
    """The day each period is counted as of: its end, or `until` for a period that ends after
    it (the period under way)."""
    cutoff = cutoff_day()
    return [
        min(period.end(cutoff), until) if until is not None else period.end(cutoff)
        for period in periods
    ]


def monthly_series(
    parent: Locality | None,
    periods: Sequence[Period],
    chosen: Sequence[Indicator] | None = None,
    until: date | None = None,
) -> list[tuple[Period, dict[str, Figure]]]:
    """For each period (oldest first, as given), the parent's figures for every indicator (or
    `chosen`) as of the period's end — or as of `until` for a period that ends after it (the
    period under way): (period, {code: Figure})."""
    items = list(chosen) if chosen is not None else all_indicators()
    if not periods:
        return []
    days = period_days(periods, until)
    ids = subtree_ids(parent)
    units = stored_units(parent) if stored_level(parent) else None
    sums = {
        count: _monthly_sums(count, parent, days, ids, units) for count in distinct_counts(items)
    }
    series: list[tuple[Period, dict[str, Figure]]] = []
    for index, period in enumerate(periods):
        figures = {
            item.code: Figure(
                sums[item.numerator][index],
                sums[item.denominator][index] if item.denominator is not None else None,
            )
            for item in items
        }
        series.append((period, figures))
    return series
