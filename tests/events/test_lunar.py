"""The lunar dates Vietnamese cards print: Vietnam's calendar (UTC+7), leap months, can-chi."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask

from app.events.lunar import LunarDate, lunar_date, lunar_date_text


@pytest.mark.parametrize(
    ("tet", "year_name"),
    [
        (date(1985, 1, 21), "Ất Sửu"),  # China's Tết was 20 Feb 1985: Vietnam's calendar differs
        (date(2007, 2, 17), "Đinh Hợi"),  # China's: 18 Feb 2007
        (date(2024, 2, 10), "Giáp Thìn"),
        (date(2025, 1, 29), "Ất Tỵ"),
        (date(2026, 2, 17), "Bính Ngọ"),
        (date(1900, 1, 31), "Canh Tý"),
    ],
)
def test_tet_is_the_first_day_of_the_first_month(tet: date, year_name: str) -> None:
    lunar = lunar_date(tet)
    assert lunar == LunarDate(day=1, month=1, year=tet.year, leap=False)
    assert lunar.year_name == year_name
    eve = lunar_date(tet - timedelta(days=1))
    assert (eve.month, eve.year, eve.leap) == (12, tet.year - 1, False)
    assert eve.day in (29, 30)


def test_1985_in_vietnam_is_not_chinas_calendar() -> None:
    assert lunar_date(date(1985, 2, 20)) == LunarDate(day=1, month=2, year=1985)


@pytest.mark.parametrize(
    ("solar", "expected"),
    [
        (date(2023, 3, 21), LunarDate(30, 2, 2023)),
        (date(2023, 3, 22), LunarDate(1, 2, 2023, leap=True)),
        (date(2023, 4, 19), LunarDate(29, 2, 2023, leap=True)),
        (date(2023, 4, 20), LunarDate(1, 3, 2023)),
        (date(2025, 7, 24), LunarDate(30, 6, 2025)),
        (date(2025, 7, 25), LunarDate(1, 6, 2025, leap=True)),
        (date(2025, 8, 22), LunarDate(29, 6, 2025, leap=True)),
        (date(2025, 8, 23), LunarDate(1, 7, 2025)),
        (date(2024, 9, 17), LunarDate(15, 8, 2024)),  # Tết Trung thu
    ],
)
def test_leap_months_and_mid_year_days(solar: date, expected: LunarDate) -> None:
    assert lunar_date(solar) == expected


def test_days_follow_each_other_for_two_centuries() -> None:
    day = date(1900, 1, 31)
    previous = lunar_date(day)
    while day < date(2100, 12, 31):
        day += timedelta(days=1)
        lunar = lunar_date(day)
        if lunar.day == 1:
            assert previous.day in (29, 30), day
            if not lunar.leap:
                assert lunar.month == previous.month % 12 + 1, day
            else:
                assert lunar.month == previous.month, day
        else:
            assert (lunar.day, lunar.month, lunar.leap) == (
                previous.day + 1,
                previous.month,
                previous.leap,
            ), day
        previous = lunar


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2101, 1, 1)])
def test_years_outside_the_supported_range_are_refused(day: date) -> None:
    with pytest.raises(ValueError, match="1900"):
        lunar_date(day)


def test_the_text_a_card_prints(app: Flask) -> None:
    from flask_babel import force_locale

    with app.test_request_context():
        assert lunar_date_text(date(2024, 9, 17)) == "15/8 âm lịch, năm Giáp Thìn"
        assert lunar_date_text(date(2023, 3, 22)) == "1/2 nhuận âm lịch, năm Quý Mão"
        with force_locale("en"):
            assert "Giáp Thìn" in lunar_date_text(date(2024, 9, 17))
