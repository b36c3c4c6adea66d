"""Indicators rolled up the hierarchy: numerators and denominators are each summed over a unit's
subtree, then divided (as DHIS2 does), as of any date.

Each indicator's parts come from the feature that owns the data (`app.indicators.Count`: rows
of (locality_id, value) as of a day). One query per part reads the values of every unit below a
parent with their materialised paths; the path tells which child each value rolls up into.
Only 2025 units are read here: figures kept against pre-2025 units are restated through the
old → new map where they are entered (`app.reports` figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select

from app.extensions import db
from app.feature import indicators as registered_indicators
from app.indicators import Count, Indicator
from app.localities.models import Locality
from app.localities.tree import children, provinces, subtree_ids_select


@dataclass(frozen=True)
class Figure:
    """One indicator's value for one unit: the numerator, the denominator (None for a plain
    count), where it came from ("computed" from Quét's records or "entered" by an officer),
    and whether it is approximate (restated from a pre-2025 unit that was split)."""

    numerator: int
    denominator: int | None = None
    source: str = "computed"
    approximate: bool = False

    @property
    def percent(self) -> float | None:
        """The share in percent; None for a count or an empty denominator (never 0/0 = 0)."""
        if self.denominator is None or self.denominator == 0:
            return None
        return 100.0 * self.numerator / self.denominator


@dataclass
class UnitFigures:
    """Every indicator's computed figure for one unit (`locality` None: the whole country)."""

    locality: Locality | None
    figures: dict[str, Figure] = field(default_factory=dict)


def all_indicators() -> list[Indicator]:
    """Every indicator the registered features define, in their order."""
    return list(registered_indicators(current_app).values())


def indicator(code: str) -> Indicator | None:
    return registered_indicators(current_app).get(code)


def child_units(parent: Locality | None) -> list[Locality]:
    """The units a parent's figures are broken down into: the 34 provinces for the country,
    else the parent's listed children (a retired hamlet leaves the table)."""
    return provinces() if parent is None else children(parent)


def subtree_ids(parent: Locality | None) -> list[int] | None:
    """The ids of `parent` and every unit below it (None for the whole country: no filter)."""
    if parent is None:
        return None
    return list(db.session.scalars(subtree_ids_select(parent)))


def part_rows(count: Count, as_of: date, ids: Sequence[int] | None) -> Select[Any]:
    """A count's rows (locality_id, value) as of `as_of`, narrowed to the localities `ids`
    inside its own WHERE (before it groups), so a province reads its own rows only."""
    stmt = count(as_of)
    if ids is None:
        return stmt
    locality = stmt.selected_columns.locality_id
    return stmt.where(getattr(locality, "element", locality).in_(ids))


def subtree_rows(
    count: Count, parent: Locality | None, as_of: date, ids: Sequence[int] | None = None
) -> Select[Any]:
    """A count's rows as of `as_of` for the localities of `parent`'s subtree (2025 units for
    the whole country), as (path, value); `ids` are the subtree's ids when already read."""
    narrowed = ids if ids is not None or parent is None else subtree_ids(parent)
    per_locality = part_rows(count, as_of, narrowed).subquery()
    return _within(
        select(Locality.path, per_locality.c.value).join(
            per_locality, per_locality.c.locality_id == Locality.id
        ),
        parent,
    )


def _within(stmt: Select[Any], parent: Locality | None) -> Select[Any]:
    """`stmt` (joined to Locality) narrowed to `parent`'s subtree, or to the 2025 units."""
    if parent is None:
        return stmt.where(Locality.era == "vn2025")
    return stmt.where(Locality.path.like(parent.path + "%"))


def child_position(parent: Locality | None) -> int:
    """Where a child's id sits in a subtree member's path (split on "/")."""
    return 0 if parent is None else parent.depth + 1


def stored_level(parent: Locality | None) -> bool:
    """Whether the sums below `parent` are read from the stored values
    (`app.reports.aggregates`): for the country, a province and a commune, when storing is on."""
    from app.reports import aggregates  # the store builds on this module

    return aggregates.enabled() and (parent is None or parent.level in aggregates.STORED_LEVELS)


def stored_sums(
    count: Count, parent: Locality | None, days: Sequence[date], units: Sequence[int]
) -> list[tuple[dict[int, int], int]]:
    """The stored sums of a count for `units` as of each of `days`, with the parent's own
    total (for the country: the sum over `units`, its provinces)."""
    from app.reports import aggregates

    wanted = [*units, parent.id] if parent is not None else list(units)
    sums = []
    for values in aggregates.stored_values(count, days, wanted):
        total = values.get(parent.id, 0) if parent is not None else sum(values.values())
        sums.append((values, total))
    return sums


def stored_units(parent: Locality | None) -> list[int]:
    """The units whose stored sums make up the parent's own total: none for a unit (its own
    sum is stored), the provinces for the country."""
    return [] if parent is not None else [unit.id for unit in child_units(None)]


def _values_by_child(
    count: Count,
    parent: Locality | None,
    as_of: date,
    ids: Sequence[int] | None,
    units: Sequence[int],
) -> tuple[dict[int, int], int]:
    """A count's values summed per child of `parent` (by child id), and over the whole subtree
    (records kept on the parent itself, or on a retired hamlet, count in the total only)."""
    if stored_level(parent) and (parent is None or parent.level == "province"):
        [(values, total)] = stored_sums(count, parent, [as_of], units)
        return {unit: values[unit] for unit in units if unit in values}, total
    position = child_position(parent)
    by_child: dict[int, int] = {}
    total = 0
    for path, value in db.session.execute(subtree_rows(count, parent, as_of, ids)):
        amount = int(value or 0)
        total += amount
        ids = path.strip("/").split("/")
        if len(ids) > position:
            child = int(ids[position])
            by_child[child] = by_child.get(child, 0) + amount
    return by_child, total


def distinct_counts(chosen: Sequence[Indicator]) -> list[Count]:
    """The distinct counts the chosen indicators read (a denominator shared by several
    indicators, such as the vendors of markets, is read once)."""
    parts: list[Count] = []
    for item in chosen:
        for count in (item.numerator, item.denominator):
            if count is not None and count not in parts:
                parts.append(count)
    return parts


def breakdown(
    parent: Locality | None, as_of: date, chosen: Sequence[Indicator] | None = None
) -> tuple[UnitFigures, list[UnitFigures]]:
    """The parent's figures and each child's, for every indicator (or `chosen`), as of the end
    of `as_of`: one query per distinct count."""
    items = list(chosen) if chosen is not None else all_indicators()
    ids = subtree_ids(parent)
    rows = [UnitFigures(unit) for unit in child_units(parent)]
    units = [row.locality.id for row in rows if row.locality is not None]
    values = {
        count: _values_by_child(count, parent, as_of, ids, units)
        for count in distinct_counts(items)
    }
    total = UnitFigures(parent)
    for item in items:
        numerators, numerator_total = values[item.numerator]
        denominators: dict[int, int] = {}
        denominator_total: int | None = None
        if item.denominator is not None:
            denominators, denominator_total = values[item.denominator]
        total.figures[item.code] = Figure(numerator_total, denominator_total)
        for row in rows:
            assert row.locality is not None
            unit_id = row.locality.id
            row.figures[item.code] = Figure(
                numerators.get(unit_id, 0),
                denominators.get(unit_id, 0) if item.denominator is not None else None,
            )
    return total, rows


def totals(
    parent: Locality | None, as_of: date, chosen: Sequence[Indicator] | None = None
) -> dict[str, Figure]:
    """The parent's own figures (its whole subtree) as of the end of `as_of`: one summing
    query per distinct count."""
    items = list(chosen) if chosen is not None else all_indicators()
    ids = subtree_ids(parent)
    sums: dict[Count, int] = {}
    stored = stored_level(parent)
    units = stored_units(parent) if stored else []
    for count in distinct_counts(items):
        if stored:
            sums[count] = stored_sums(count, parent, [as_of], units)[0][1]
            continue
        per_locality = part_rows(count, as_of, ids).subquery()
        stmt = _within(
            select(func.coalesce(func.sum(per_locality.c.value), 0)).join(
                Locality, per_locality.c.locality_id == Locality.id
            ),
            parent,
        )
        sums[count] = int(db.session.scalar(stmt) or 0)
    return {
        item.code: Figure(
            sums[item.numerator],
            sums[item.denominator] if item.denominator is not None else None,
        )
        for item in items
    }


def cutoff_day() -> int:
    """The reporting cut-off day of the month (14 by default; Decree 09/2019/NĐ-CP)."""
    value: Any = current_app.config.get("REPORT_CUTOFF_DAY", 14)
    return int(value)
