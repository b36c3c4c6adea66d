"""Figures officers enter for a unit and period, read beside the computed ones.

`entered_breakdown` sums what was entered below a parent for one period, per child, the same
way the computed figures roll up (numerators and denominators apart). Targets are read per
unit and year.
"""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.localities.models import Locality
from app.reports.models import EnteredFigure, Target
from app.reports.periods import Period
from app.reports.rollup import Figure


def entered_breakdown(
    parent: Locality | None, period: Period
) -> tuple[dict[str, Figure], dict[int, dict[str, Figure]]]:
    """What officers entered for `period` in the parent's subtree: the parent's figures by
    indicator code, and each child's (by child id) — summed over every unit below."""
    stmt = (
        select(
            Locality.path,
            EnteredFigure.indicator,
            EnteredFigure.numerator,
            EnteredFigure.denominator,
        )
        .join(Locality, Locality.id == EnteredFigure.locality_id)
        .where(EnteredFigure.period == period.key, Locality.era == "vn2025")
    )
    position = 0
    if parent is not None:
        stmt = stmt.where(Locality.path.like(parent.path + "%"))
        position = parent.depth + 1
    totals: dict[str, list[int | None]] = {}
    per_child: dict[int, dict[str, list[int | None]]] = {}
    for path, code, numerator, denominator in db.session.execute(stmt):
        ids = path.strip("/").split("/")
        sums = [totals.setdefault(code, [0, None])]
        if len(ids) > position:
            sums.append(per_child.setdefault(int(ids[position]), {}).setdefault(code, [0, None]))
        for pair in sums:
            pair[0] = (pair[0] or 0) + numerator
            if denominator is not None:
                pair[1] = (pair[1] or 0) + denominator
    return (
        {code: _entered(pair) for code, pair in totals.items()},
        {
            child: {code: _entered(pair) for code, pair in codes.items()}
            for child, codes in per_child.items()
        },
    )


def _entered(pair: list[int | None]) -> Figure:
    return Figure(int(pair[0] or 0), pair[1], source="entered")


def targets_for(locality: Locality, year: int) -> dict[str, Target]:
    """The unit's targets for `year`, by indicator code."""
    rows = db.session.scalars(
        select(Target).where(Target.locality_id == locality.id, Target.year == year)
    )
    return {target.indicator: target for target in rows}
