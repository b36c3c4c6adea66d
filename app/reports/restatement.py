"""Figures kept against pre-2025 units, restated on the 2025 units through the reform's map.

A legacy commune went into one or more 2025 communes (`LocalityConversion`); a legacy district
is its legacy communes. A legacy unit's figure is shared among the 2025 communes it went into,
each legacy commune weighing the same and a split commune's weight shared equally among its
targets (nobody knows how a commune's vendors or teams were split, so no target is favoured).
Shares are rounded by the largest remainder, so the restated parts always add up to the figure
entered. A restated figure is approximate when it was shared among several targets or went
through a commune that was only partly merged; a legacy commune merged whole into one 2025
commune is restated exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select

from app.extensions import db
from app.localities.models import Locality, LocalityConversion


@dataclass(frozen=True)
class Share:
    """The part of a legacy unit's figure that goes to one 2025 unit."""

    target: Locality
    weight: Fraction
    partly_merged: bool


@dataclass(frozen=True)
class Restated:
    """A legacy figure's part on one 2025 unit."""

    target: Locality
    numerator: int
    denominator: int | None
    approximate: bool


def legacy_communes(unit: Locality) -> list[Locality]:
    """The legacy communes a legacy unit stands for: itself, or every commune below it."""
    if unit.level == "commune":
        return [unit]
    return list(
        db.session.scalars(
            select(Locality)
            .where(Locality.path.like(unit.path + "%"), Locality.level == "commune")
            .order_by(Locality.id)
        )
    )


def shares(unit: Locality) -> list[Share]:
    """How a legacy unit's figures are shared among 2025 units (weights add up to 1; empty when
    the map knows none of its communes)."""
    communes = legacy_communes(unit)
    if not communes:
        return []
    rows = db.session.execute(
        select(
            LocalityConversion.legacy_id,
            LocalityConversion.target_id,
            LocalityConversion.partly_merged,
        )
        .where(LocalityConversion.legacy_id.in_([c.id for c in communes]))
        .order_by(LocalityConversion.legacy_id, LocalityConversion.target_id)
    ).all()
    targets_of: dict[int, list[tuple[int, bool]]] = {}
    for legacy_id, target_id, partly in rows:
        targets_of.setdefault(legacy_id, []).append((target_id, bool(partly)))
    mapped = [c for c in communes if c.id in targets_of]
    if not mapped:
        return []
    weights: dict[int, Fraction] = {}
    partly_by_target: dict[int, bool] = {}
    for commune in mapped:
        links = targets_of[commune.id]
        for target_id, partly in links:
            weight = Fraction(1, len(mapped) * len(links))
            weights[target_id] = weights.get(target_id, Fraction(0)) + weight
            partly_by_target[target_id] = partly_by_target.get(target_id, False) or partly
    targets = {
        t.id: t for t in db.session.scalars(select(Locality).where(Locality.id.in_(weights)))
    }
    return [
        Share(targets[target_id], weight, partly_by_target[target_id])
        for target_id, weight in sorted(weights.items())
    ]


def _apportion(amount: int, weights: list[Fraction]) -> list[int]:
    """`amount` shared by `weights` in whole numbers that add up to it (largest remainder)."""
    exact = [amount * weight for weight in weights]
    parts = [int(value) for value in exact]
    left = amount - sum(parts)
    order = sorted(range(len(exact)), key=lambda i: (exact[i] - parts[i], -i), reverse=True)
    for index in order[:left]:
        parts[index] += 1
    return parts


def restate(
    unit: Locality, numerator: int, denominator: int | None, found: list[Share] | None = None
) -> list[Restated]:
    """A legacy unit's figure as parts on the 2025 units it went into."""
    parts = shares(unit) if found is None else found
    if not parts:
        return []
    weights = [share.weight for share in parts]
    numerators = _apportion(numerator, weights)
    denominators = _apportion(denominator, weights) if denominator is not None else None
    spread = len(parts) > 1
    return [
        Restated(
            share.target,
            numerators[index],
            denominators[index] if denominators is not None else None,
            spread or share.partly_merged,
        )
        for index, share in enumerate(parts)
    ]


def targets_of(units: Iterable[Locality]) -> list[Locality]:
    """Every 2025 unit the legacy `units` went into."""
    seen: dict[int, Locality] = {}
    for unit in units:
        for share in shares(unit):
            seen.setdefault(share.target.id, share.target)
    return list(seen.values())
