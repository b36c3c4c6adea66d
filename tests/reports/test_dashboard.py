"""The dashboard service: scope (admins, officers, viewers, anonymous), a future date refused,
figures rolled up per child with entered figures and their sources beside them, the trend and
progress against targets, and a tree with no data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Select, literal, select, union_all

from app.accounts.models import ADMIN, OFFICER, VIEWER
from app.errors import DomainError
from app.extensions import db
from app.feature import INDICATORS_KEY
from app.indicators import Indicator
from app.reports import dashboard as service
from app.reports.models import EnteredFigure, Target
from tests.factories import Places, make_user

AS_OF = date(2026, 10, 20)  # in the period "2026-11" (15 October – 14 November)


@dataclass(frozen=True, eq=False)  # hashed by identity, as a function is
class FixedCount:
    """A count for tests: per locality id, (first day, value) steps; the value as of a day is
    the last step on or before it."""

    steps: dict[int, list[tuple[date, int]]]

    def __call__(self, as_of: date) -> Select[Any]:
        rows = []
        for locality_id, history in self.steps.items():
            known = [value for day, value in sorted(history) if day <= as_of]
            if known:
                rows.append((locality_id, known[-1]))
        parts = [
            select(literal(locality_id).label("locality_id"), literal(value).label("value"))
            for locality_id, value in rows or [(-1, 0)]
        ]
        table = union_all(*parts).subquery("fixed")
        return select(table.c.locality_id, table.c.value)


@dataclass
class Seeded:
    places: Places
    admin: Any
    province_officer: Any
    commune_viewer: Any
    nobody: Any


def seed(app: Flask) -> Seeded:
    """Province P (communes A, B; hamlet H under A) and Q (commune C); two test indicators:
    a share (vendors with QR / vendors) and a count (team members)."""
    places = Places()
    a, b, h, c = places.commune_a, places.commune_b, places.hamlet, places.commune_c
    qr = FixedCount(
        {
            a.id: [(date(2026, 1, 1), 3)],
            h.id: [(date(2026, 1, 1), 1), (date(2026, 9, 1), 2)],
            b.id: [(date(2026, 5, 1), 1)],
        }
    )
    vendors = FixedCount({a.id: [(date(2026, 1, 1), 10)], b.id: [(date(2026, 1, 1), 5)]})
    members = FixedCount({a.id: [(date(2026, 1, 1), 4)], c.id: [(date(2026, 1, 1), 7)]})
    app.extensions[INDICATORS_KEY] = {
        "test.vendors_with_qr": Indicator(
            "test.vendors_with_qr",
            "Tiểu thương có mã QR",
            qr,
            "tiểu thương có mã QR",
            vendors,
            "tiểu thương",
            group="Chợ 4.0",
            feature="markets",
        ),
        "test.members": Indicator(
            "test.members",
            "Thành viên tổ công nghệ số",
            members,
            "thành viên",
            group="Tổ công nghệ số",
            feature="teams",
        ),
    }
    return Seeded(
        places,
        make_user("admin@example.vn", ADMIN),
        make_user("tinh@example.vn", (OFFICER, places.province)),
        make_user("xa@example.vn", (VIEWER, places.commune_a)),
        make_user("ai@example.vn"),
    )


@pytest.fixture
def seeded(app: Flask) -> Seeded:
    return seed(app)


def refusal(call: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def test_a_province_officer_sees_each_commune_rolled_up(seeded: Seeded) -> None:
    places = seeded.places
    board = service.dashboard(seeded.province_officer, places.province.id, AS_OF)
    assert board.locality == places.province
    assert board.period.key == "2026-11"
    assert [row.locality for row in board.rows] == [places.commune_a, places.commune_b]
    a, b = board.rows
    assert a.figures["test.vendors_with_qr"].numerator == 5  # commune 3 + hamlet 2
    assert a.figures["test.vendors_with_qr"].denominator == 10
    assert a.figures["test.vendors_with_qr"].percent == 50.0
    assert b.figures["test.vendors_with_qr"].percent == 20.0
    assert a.figures["test.members"].denominator is None
    total = board.total.figures["test.vendors_with_qr"]
    assert (total.numerator, total.denominator) == (6, 15)
    assert board.total.figures["test.members"].numerator == 4
    assert board.breadcrumbs == []
    assert not board.sees_country


def test_the_as_of_day_counts_the_history_then(seeded: Seeded) -> None:
    board = service.dashboard(seeded.admin, seeded.places.commune_a.id, date(2026, 3, 1))
    assert board.total.figures["test.vendors_with_qr"].numerator == 4  # the hamlet had 1
    assert [row.locality for row in board.rows] == [seeded.places.hamlet]
    assert board.breadcrumbs == [seeded.places.province]


def test_the_trend_reads_each_month_end(seeded: Seeded) -> None:
    board = service.dashboard(seeded.admin, seeded.places.province.id, AS_OF)
    assert len(board.trend) == service.TREND_MONTHS
    assert [point.period.key for point in board.trend][-2:] == ["2026-10", "2026-11"]
    assert board.trend[-1].as_of == AS_OF  # the running period: as of the day asked
    assert board.trend[-2].as_of == date(2026, 10, 14)
    numerators = [point.figures["test.vendors_with_qr"].numerator for point in board.trend]
    # Dec 2025: nothing; from Jan 3 + 1; B joins in May (period 2026-05 ends 14 May); H → 2
    # from 1 September (period 2026-09 ends 14 September).
    assert numerators == [0, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6]


def test_trend_months_are_bounded(seeded: Seeded) -> None:
    error = refusal(lambda: service.dashboard(seeded.admin, None, AS_OF, months=0))
    assert (error.field, error.status) == ("months", 422)


def test_the_country_is_for_admins(seeded: Seeded) -> None:
    board = service.dashboard(seeded.admin, None, AS_OF)
    assert board.locality is None and board.sees_country
    names = [row.locality.name for row in board.rows if row.locality is not None]
    assert sorted(names) == sorted(["Tỉnh Phú Thịnh", "Tỉnh Hà Sơn"])
    assert board.total.figures["test.members"].numerator == 11
    assert board.targets == []
    error = refusal(lambda: service.dashboard(seeded.province_officer, None, AS_OF))
    assert (error.code, error.status) == ("reports.country_admins_only", 403)


def test_outside_the_viewers_scope_is_refused_with_a_message(seeded: Seeded) -> None:
    places = seeded.places
    for user, locality in [
        (seeded.commune_viewer, places.province),
        (seeded.commune_viewer, places.commune_b),
        (seeded.province_officer, places.other_province),
        (seeded.nobody, places.commune_a),
    ]:
        error = refusal(lambda u=user, place=locality: service.dashboard(u, place.id, AS_OF))
        assert (error.code, error.field, error.status) == (
            "reports.outside_scope",
            "locality_id",
            403,
        )
        assert error.params["name"] == locality.name
    assert service.dashboard(seeded.commune_viewer, places.hamlet.id, AS_OF).rows == []


def test_an_anonymous_visitor_is_asked_to_sign_in(seeded: Seeded) -> None:
    from flask_login import AnonymousUserMixin

    error = refusal(
        lambda: service.dashboard(AnonymousUserMixin(), seeded.places.province.id, AS_OF)
    )
    assert error.status == 401


def test_a_missing_or_legacy_locality(seeded: Seeded) -> None:
    from tests.factories import make_locality

    old = make_locality("Huyện Cũ", "district", seeded.places.province, era="legacy")
    assert refusal(lambda: service.dashboard(seeded.admin, 999_999, AS_OF)).status == 404
    error = refusal(lambda: service.dashboard(seeded.admin, old.id, AS_OF))
    assert (error.code, error.status) == ("reports.legacy_locality", 422)


def test_a_day_in_the_future_is_refused_on_its_field(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "today", lambda: date(2026, 10, 20))
    error = refusal(lambda: service.dashboard(seeded.admin, None, date(2026, 10, 21)))
    assert (error.code, error.field, error.status) == ("reports.future_date", "as_of", 422)
    assert service.dashboard(seeded.admin, None, date(2026, 10, 20)).as_of == AS_OF
    assert service.dashboard(seeded.admin, None).as_of == AS_OF


def test_entered_figures_and_their_sources_sit_beside_the_computed_ones(
    seeded: Seeded,
) -> None:
    places = seeded.places
    for locality, numerator, source in [
        (places.commune_b, 4, "Danh sách của Agribank"),
        (places.commune_a, 9, "Sở Công Thương"),
        (places.hamlet, 2, "Thôn tự đếm"),
    ]:
        db.session.add(
            EnteredFigure(
                indicator="test.vendors_with_qr",
                locality_id=locality.id,
                period="2026-11",
                numerator=numerator,
                denominator=10,
                source=source,
            )
        )
    db.session.commit()
    board = service.dashboard(seeded.province_officer, places.province.id, AS_OF)
    a, b = board.rows
    assert a.entered["test.vendors_with_qr"].numerator == 11
    assert a.entered["test.vendors_with_qr"].source == "entered"
    assert a.sources["test.vendors_with_qr"] == ["Sở Công Thương", "Thôn tự đếm"]
    assert b.sources["test.vendors_with_qr"] == ["Danh sách của Agribank"]
    assert board.total.entered["test.vendors_with_qr"].numerator == 15
    assert a.figures["test.vendors_with_qr"].source == "computed"
    assert "test.members" not in a.entered


def test_progress_against_the_years_targets(seeded: Seeded) -> None:
    province = seeded.places.province
    db.session.add_all(
        [
            Target(indicator="test.vendors_with_qr", locality_id=province.id, year=2026, value=80),
            Target(indicator="test.members", locality_id=province.id, year=2026, value=3),
            Target(indicator="test.members", locality_id=province.id, year=2025, value=99),
        ]
    )
    db.session.commit()
    board = service.dashboard(seeded.admin, province.id, AS_OF)
    found = {item.indicator.code: item for item in board.targets}
    assert found["test.vendors_with_qr"].target == Decimal(80)
    assert found["test.vendors_with_qr"].value == pytest.approx(40.0)
    assert not found["test.vendors_with_qr"].reached
    assert found["test.members"].value == 4.0 and found["test.members"].reached


def test_a_tree_without_data_or_indicators(app: Flask) -> None:
    places = Places()
    admin = make_user("admin@example.vn", ADMIN)
    app.extensions[INDICATORS_KEY] = {}
    board = service.dashboard(admin, places.province.id, AS_OF)
    assert [row.figures for row in board.rows] == [{}, {}]
    assert board.total.figures == {} and board.targets == []


def test_an_empty_denominator_has_no_percent(seeded: Seeded) -> None:
    board = service.dashboard(seeded.admin, seeded.places.other_province.id, AS_OF)
    (c,) = board.rows
    figure = c.figures["test.vendors_with_qr"]
    assert (figure.numerator, figure.denominator, figure.percent) == (0, 0, None)
