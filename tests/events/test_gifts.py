"""A gift is kept as given: đồng whole and bounded, gold in chỉ or cây with fractions, foreign
money with its currency, things described; totals per unit, never converted."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask

from app.errors import DomainError
from app.events.gifts import MAX_DONG, add_up, clean_gift, gift_text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"quantity": "500000"}, ("dong", Decimal(500000), "", "", None)),
        ({"unit": "dong", "quantity": 2_000_000}, ("dong", Decimal(2000000), "", "", None)),
        (
            {"unit": "gold_chi", "quantity": "0.5", "value_vnd": "4.250.000"},
            ("gold_chi", Decimal("0.5"), "", "", 4_250_000),
        ),
        ({"unit": "gold_cay", "quantity": 1}, ("gold_cay", Decimal(1), "", "", None)),
        (
            {"unit": "foreign", "quantity": "100", "currency": "usd"},
            ("foreign", Decimal(100), "USD", "", None),
        ),
        (
            {"unit": "in_kind", "description": " Bộ ấm chén Bát Tràng "},
            ("in_kind", None, "", "Bộ ấm chén Bát Tràng", None),
        ),
    ],
)
def test_gifts_are_kept_in_their_units(app: Flask, data: dict[str, Any], expected: tuple) -> None:
    gift = clean_gift(data)
    assert (gift.unit, gift.quantity, gift.currency, gift.description, gift.value_vnd) == expected


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"quantity": 0}, "events.quantity_positive", "quantity"),
        ({"quantity": -500000}, "events.quantity_positive", "quantity"),
        ({"quantity": "500000.5"}, "events.dong_whole", "quantity"),
        ({"quantity": MAX_DONG + 1}, "events.quantity_absurd", "quantity"),
        ({"quantity": "năm trăm"}, "events.quantity_not_number", "quantity"),
        ({"quantity": "NaN"}, "events.quantity_not_number", "quantity"),
        ({"quantity": "Infinity"}, "events.quantity_not_number", "quantity"),
        ({}, "events.quantity_required", "quantity"),
        ({"unit": "bitcoin", "quantity": 1}, "events.unit_unknown", "unit"),
        ({"unit": "gold_chi", "quantity": "0.125"}, "events.too_many_decimals", "quantity"),
        ({"unit": "gold_cay", "quantity": 5000}, "events.quantity_absurd", "quantity"),
        ({"unit": "foreign", "quantity": 100}, "events.currency_unknown", "currency"),
        (
            {"unit": "foreign", "quantity": 100, "currency": "VND"},
            "events.currency_unknown",
            "currency",
        ),
        (
            {"unit": "foreign", "quantity": 1, "currency": "XYZ"},
            "events.currency_unknown",
            "currency",
        ),
        ({"quantity": 1, "currency": "USD"}, "events.currency_only_foreign", "currency"),
        ({"unit": "in_kind"}, "events.description_required", "description"),
        (
            {"unit": "in_kind", "description": "x" * 301},
            "events.description_too_long",
            "description",
        ),
        ({"quantity": 500000, "value_vnd": 500000}, "events.value_for_dong", "value_vnd"),
        ({"unit": "gold_chi", "quantity": 1, "value_vnd": 0}, "events.value_range", "value_vnd"),
        (
            {"unit": "gold_chi", "quantity": 1, "value_vnd": "abc"},
            "events.value_range",
            "value_vnd",
        ),
    ],
)
def test_bad_gifts_are_refused_naming_the_field(
    app: Flask, data: dict[str, Any], code: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        clean_gift(data)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.status == 422


def test_gifts_and_totals_read_as_written(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        assert gift_text("dong", Decimal(500000)) == "500.000 đ"
        assert gift_text("gold_chi", Decimal("1.5")) == "1,5 chỉ vàng"
        assert gift_text("gold_cay", Decimal("2.00")) == "2 cây vàng"
        assert gift_text("foreign", Decimal(100), "USD") == "100 USD"
        assert gift_text("in_kind", None, "", "Bộ ấm chén") == "Bộ ấm chén"
        gifts = [
            SimpleNamespace(unit="foreign", quantity=Decimal(50), currency="USD"),
            SimpleNamespace(unit="dong", quantity=Decimal(500000), currency=""),
            SimpleNamespace(unit="gold_chi", quantity=Decimal("0.5"), currency=""),
            SimpleNamespace(unit="dong", quantity=Decimal(1000000), currency=""),
            SimpleNamespace(unit="gold_chi", quantity=Decimal(1), currency=""),
            SimpleNamespace(unit="foreign", quantity=Decimal(20), currency="EUR"),
            SimpleNamespace(unit="in_kind", quantity=None, currency=""),
        ]
        totals = add_up(gifts)
        assert [total.text for total in totals] == [
            "1.500.000 đ",
            "1,5 chỉ vàng",
            "20 EUR",
            "50 USD",
            "1 món hiện vật",
        ]
