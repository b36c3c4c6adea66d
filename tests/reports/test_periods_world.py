"""The small world the periodic reports' tests share (no tests of its own): Places (province P,
communes A and B, hamlet H under A), officers of A, B and P, a viewer of A, an admin, and two
indicators of a test feature: a bounded share and a required count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import false, literal, select

from app.accounts.models import User
from app.feature import INDICATORS_KEY
from app.indicators import Indicator
from app.localities.models import Locality
from tests.factories import Places, make_user

SHARE = "test.vendors_with_qr"
COUNT = "test.team_members"


def _nothing(_as_of: date) -> Any:
    return select(Locality.id.label("locality_id"), literal(0).label("value")).where(false())


TEST_INDICATORS = (
    Indicator(
        code=SHARE,
        label="Tiểu thương có mã QR",
        numerator=_nothing,
        numerator_label="tiểu thương có mã QR",
        denominator=_nothing,
        denominator_label="tiểu thương",
    ),
    Indicator(
        code=COUNT,
        label="Thành viên tổ công nghệ số",
        numerator=_nothing,
        numerator_label="thành viên",
        bounded=False,
        required=True,
    ),
)


def add_test_indicators(app: Flask) -> None:
    """Make the test indicators and the reports feature's own the whole registry (a new dict:
    the fixture restores the old), so that other features' required indicators do not add
    warnings these tests do not expect."""
    registered = {
        code: item
        for code, item in app.extensions.get(INDICATORS_KEY, {}).items()
        if item.feature == "reports"
    }
    for item in TEST_INDICATORS:
        registered[item.code] = item
    app.extensions[INDICATORS_KEY] = registered


@dataclass
class World:
    places: Places
    officer_a: User
    officer_b: User
    officer_p: User
    viewer_a: User
    admin: User


def make_world(app: Flask) -> World:
    add_test_indicators(app)
    places = Places()
    return World(
        places,
        make_user("officer-a@x.vn", ("officer", places.commune_a)),
        make_user("officer-b@x.vn", ("officer", places.commune_b)),
        make_user("officer-p@x.vn", ("officer", places.province)),
        make_user("viewer-a@x.vn", ("viewer", places.commune_a)),
        make_user("admin@x.vn", "admin"),
    )


def figure(locality: Locality, period: str = "2025-10", **values: Any) -> dict[str, Any]:
    """An entered figure's data (the share by default)."""
    data: dict[str, Any] = {
        "indicator": SHARE,
        "locality_id": locality.id,
        "period": period,
        "numerator": 30,
        "denominator": 100,
        "source": "Danh sách Agribank",
    }
    data.update(values)
    return data
