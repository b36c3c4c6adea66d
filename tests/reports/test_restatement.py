"""Figures entered against pre-2025 units, restated on the 2025 units through the reform's
commune map: a legacy commune merged whole is exact; a district, or a commune split among
several new ones, is shared out equally and marked approximate; parts add up to the figure."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.localities import importers, tree
from app.localities.models import Locality, LocalityConversion
from app.reports import figures, submissions
from app.reports.periods import Period
from app.reports.restatement import restate
from tests.factories import make_locality
from tests.reports.test_periods_world import SHARE, World, figure, make_world

TODAY = date(2026, 11, 20)
OCTOBER = Period.parse("2025-10")


class Legacy:
    """Old province O, district D with communes X1 (merged whole into A), X2 (split between A
    and B, partly merged) and X3 (merged whole into B); X4 partly merged into A alone."""

    def __init__(self, world: World) -> None:
        a, b = world.places.commune_a, world.places.commune_b
        self.province = make_locality("Tỉnh Bến Tre", "province", code="83", era="legacy")
        self.district = make_locality(
            "Huyện Chợ Lách", "district", self.province, code="833", era="legacy"
        )
        self.x1 = self._commune("Xã Long Thới", "28945", [(a, False)])
        self.x2 = self._commune("Xã Hòa Nghĩa", "28948", [(a, True), (b, True)])
        self.x3 = self._commune("Xã Sơn Định", "28951", [(b, False)])
        self.x4 = self._commune("Xã Tân Thiềng", "28954", [(a, True)])

    def _commune(self, name: str, code: str, targets: list[tuple[Locality, bool]]) -> Locality:
        commune = make_locality(name, "commune", self.district, code=code, era="legacy")
        for target, partly in targets:
            db.session.add(
                LocalityConversion(legacy_id=commune.id, target_id=target.id, partly_merged=partly)
            )
        db.session.commit()
        return commune


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


@pytest.fixture
def legacy(world: World) -> Legacy:
    return Legacy(world)


def _parts(unit: Locality, numerator: int, denominator: int | None) -> dict[str, tuple]:
    return {
        part.target.name: (part.numerator, part.denominator, part.approximate)
        for part in restate(unit, numerator, denominator)
    }


def test_a_commune_merged_whole_is_exact(app: Flask, legacy: Legacy) -> None:
    assert _parts(legacy.x1, 7, 20) == {"Xã An Bình": (7, 20, False)}


def test_a_split_commune_is_shared_and_approximate(app: Flask, legacy: Legacy) -> None:
    assert _parts(legacy.x2, 7, 21) == {
        "Xã An Bình": (4, 11, True),
        "Xã Bình Minh": (3, 10, True),
    }


def test_a_partly_merged_commune_is_approximate(app: Flask, legacy: Legacy) -> None:
    assert _parts(legacy.x4, 7, None) == {"Xã An Bình": (7, None, True)}


def test_a_district_goes_through_its_communes(app: Flask, legacy: Legacy) -> None:
    # X1, X4 → A; X2 → half A, half B; X3 → B: A weighs 5/8, B 3/8.
    parts = _parts(legacy.district, 80, 160)
    assert parts == {"Xã An Bình": (50, 100, True), "Xã Bình Minh": (30, 60, True)}


def test_entered_breakdown_includes_restated_figures(
    app: Flask, world: World, legacy: Legacy
) -> None:
    figures.enter_figure(
        world.officer_p, figure(legacy.district, numerator=80, denominator=160), TODAY
    )
    figures.enter_figure(
        world.officer_a, figure(world.places.commune_a, numerator=5, denominator=10), TODAY
    )
    total, children = figures.entered_breakdown(world.places.province, OCTOBER)
    assert (total[SHARE].numerator, total[SHARE].denominator) == (85, 170)
    assert total[SHARE].approximate
    a = children[world.places.commune_a.id][SHARE]
    assert (a.numerator, a.denominator, a.approximate, a.source) == (55, 110, True, "entered")
    only_a, _ = figures.entered_breakdown(world.places.commune_a, OCTOBER)
    assert only_a[SHARE].numerator == 55
    other, _ = figures.entered_breakdown(world.places.other_province, OCTOBER)
    assert other == {}


def test_an_exact_restatement_is_not_approximate(app: Flask, world: World, legacy: Legacy) -> None:
    figures.enter_figure(world.officer_a, figure(legacy.x1, numerator=3, denominator=9), TODAY)
    total, _ = figures.entered_breakdown(world.places.commune_a, OCTOBER)
    assert (total[SHARE].numerator, total[SHARE].approximate) == (3, False)


def test_who_enters_for_a_legacy_unit(app: Flask, world: World, legacy: Legacy) -> None:
    figures.enter_figure(world.officer_a, figure(legacy.x1), TODAY)  # all of it went into A
    for who, unit in ((world.officer_a, legacy.x2), (world.officer_b, legacy.district)):
        with pytest.raises(DomainError) as refused:
            figures.enter_figure(who, figure(unit), TODAY)
        assert refused.value.status == 403
    orphan = make_locality("Xã Không Rõ", "commune", legacy.district, code="28999", era="legacy")
    with pytest.raises(DomainError):
        figures.enter_figure(world.officer_p, figure(orphan), TODAY)


def test_a_legacy_figure_is_locked_with_the_new_unit(
    app: Flask, world: World, legacy: Legacy
) -> None:
    report = submissions.draft_report(world.places.commune_a, OCTOBER)
    submissions.explain(world.officer_a, report, {"missing:test.team_members": "chưa có"})
    submissions.submit(world.officer_a, report)
    with pytest.raises(DomainError) as locked:
        figures.enter_figure(world.officer_p, figure(legacy.district), TODAY)
    assert locked.value.status == 409


def _merged_whole(commune: Locality) -> bool:
    links = db.session.scalars(
        select(LocalityConversion).where(LocalityConversion.legacy_id == commune.id)
    ).all()
    return len(links) == 1 and not links[0].partly_merged


def test_the_old_ben_tre_on_the_real_map(app: Flask) -> None:
    """The catalogue's own units: a district of the old Bến Tre restated on Vĩnh Long's
    communes, every part approximate, adding up to the figure."""
    importers.import_current()
    importers.import_legacy()
    district = db.session.scalars(
        select(Locality).where(
            Locality.era == "legacy",
            Locality.level == "district",
            Locality.path.like(f"{tree.get_by_code('legacy', 'province', '83').path}%"),  # type: ignore[union-attr]
        )
    ).first()
    assert district is not None
    parts = restate(district, 1000, 2000)
    assert parts and all(part.approximate for part in parts)
    assert {part.target.parent.code for part in parts if part.target.parent} == {"86"}
    assert sum(part.numerator for part in parts) == 1000
    assert sum(part.denominator or 0 for part in parts) == 2000
    commune = next(c for c in tree.children(district) if _merged_whole(c))
    [exact] = restate(commune, 5, None)
    assert (exact.numerator, exact.approximate) == (5, False)
