"""The indicator registry (`app.feature`): each feature's fixed indicators, then those its data
defines, in the order the features register; a fixed code keeps its fixed definition."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import literal, select

from app.feature import Feature, fixed_indicators, indicators
from app.indicators import Indicator


def _count(_as_of: date):  # type: ignore[no-untyped-def]
    return select(literal(1).label("locality_id"), literal(1).label("value"))


def _indicator(code: str, label: str = "") -> Indicator:
    return Indicator(code=code, label=label or code, numerator=_count, numerator_label="")


def test_data_defined_indicators_follow_their_features_fixed_ones() -> None:
    app = Flask(__name__)
    defined = [_indicator("b.extra"), _indicator("b.fixed", "shadowed")]
    Feature("a", indicators=(_indicator("a.one"),)).register(app)
    Feature("b", indicators=(_indicator("b.fixed"),), data_indicators=lambda: defined).register(app)
    Feature("c", indicators=(_indicator("c.one"),)).register(app)
    Feature("d", data_indicators=lambda: [_indicator("d.only")]).register(app)

    found = indicators(app)
    assert list(found) == ["a.one", "b.fixed", "b.extra", "c.one", "d.only"]
    assert found["b.fixed"].label == "b.fixed"  # the fixed definition wins
    assert found["b.extra"].feature == "b" and found["d.only"].feature == "d"
    assert list(fixed_indicators(app)) == ["a.one", "b.fixed", "c.one"]

    defined.append(_indicator("b.later"))  # read again when asked
    assert "b.later" in indicators(app)


def test_a_fixed_indicator_defined_twice_is_refused() -> None:
    app = Flask(__name__)
    Feature("a", indicators=(_indicator("a.one"),)).register(app)
    with pytest.raises(ValueError, match="defined twice"):
        Feature("b", indicators=(_indicator("a.one"),)).register(app)
