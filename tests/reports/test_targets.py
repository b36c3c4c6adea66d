"""Targets per indicator, unit and year: bad input refused (over 100% for a bounded share, a
fraction of a count, a negative value, a year out of range, a duplicate), kept by managers only,
and progress against them (an entered figure wins over the computed one)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.reports import figures, targets
from app.reports.models import Target
from tests.reports.test_periods_world import COUNT, SHARE, World, figure, make_world


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


def _target(world: World, **values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "indicator": SHARE,
        "locality_id": world.places.commune_a.id,
        "year": 2026,
        "value": Decimal("100"),
    }
    data.update(values)
    return data


def test_a_manager_sets_changes_and_deletes_a_target(app: Flask, world: World) -> None:
    target = targets.create_target(world.officer_a, _target(world))
    assert target.value == Decimal("100")
    targets.change_target(world.officer_p, target, {"value": Decimal("90"), "note": "Nghị quyết"})
    assert (target.value, target.note) == (Decimal("90"), "Nghị quyết")
    targets.delete_target(world.admin, target)
    assert db.session.scalars(select(Target)).all() == []
    assert db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "target").order_by(AuditEntry.id)
    ).all() == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"value": Decimal("100.01")}, "reports.target_over_100"),
        ({"value": Decimal("-1")}, "reports.target_value_invalid"),
        ({"indicator": COUNT, "value": Decimal("2.5")}, "reports.target_count_whole"),
        ({"year": 2019}, "reports.target_year"),
        ({"year": 2101}, "reports.target_year"),
        ({"indicator": "no.such"}, "reports.indicator_unknown"),
    ],
)
def test_bad_targets_are_refused(
    app: Flask, world: World, change: dict[str, Any], code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        targets.create_target(world.officer_a, _target(world, **change))
    assert (refused.value.code, refused.value.status) == (code, 422)
    assert db.session.scalars(select(Target)).all() == []


def test_a_count_may_exceed_100(app: Flask, world: World) -> None:
    target = targets.create_target(world.officer_a, _target(world, indicator=COUNT, value=250))
    assert target.value == 250


def test_a_duplicate_target_is_a_conflict(app: Flask, world: World) -> None:
    targets.create_target(world.officer_a, _target(world))
    with pytest.raises(DomainError) as refused:
        targets.create_target(world.officer_p, _target(world, value=Decimal("80")))
    assert (refused.value.status, refused.value.field) == (409, "indicator")


@pytest.mark.parametrize("who", ["officer_b", "viewer_a"])
def test_others_do_not_keep_targets(app: Flask, world: World, who: str) -> None:
    with pytest.raises(DomainError) as refused:
        targets.create_target(getattr(world, who), _target(world))
    assert refused.value.status == 403
    target = targets.create_target(world.officer_a, _target(world))
    with pytest.raises(DomainError):
        targets.change_target(getattr(world, who), target, {"value": Decimal("1")})
    with pytest.raises(DomainError):
        targets.delete_target(getattr(world, who), target)


def test_progress(app: Flask, world: World) -> None:
    targets.create_target(world.officer_a, _target(world, value=Decimal("60")))
    targets.create_target(world.officer_a, _target(world, indicator=COUNT, value=10))
    figures.enter_figure(
        world.officer_a,
        figure(world.places.commune_a, "2026-11", numerator=45, denominator=50),
        date(2026, 11, 20),
    )
    found = {
        item.indicator.code: item
        for item in targets.progress(world.places.commune_a, 2026, date(2026, 11, 10))
    }
    share = found[SHARE]
    assert (share.value, share.figure.source, share.reached) == (90.0, "entered", True)
    assert share.achieved == 150.0
    count = found[COUNT]
    assert (count.value, count.figure.source, count.reached, count.achieved) == (
        0.0,
        "computed",
        False,
        0.0,
    )
    assert targets.progress(world.places.commune_a, 2027, date(2026, 11, 10)) == []
