"""Dates, times and money in the reader's language (app.formatting's Jinja filters)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from flask import Flask, render_template_string

# 07:07 UTC is 14:07 in Hồ Chí Minh City (UTC+7, BABEL_DEFAULT_TIMEZONE).
MOMENT = datetime(2026, 3, 5, 7, 7, tzinfo=UTC)


def render(app: Flask, source: str, language: str, **values: object) -> str:
    with app.test_request_context(f"/?lang={language}"):
        return render_template_string(source, **values)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "05/03/2026 · 14:07 · 05/03/2026 14:07"),
        ("en", "Mar 5, 2026 · 2:07 PM · Mar 5, 2026, 2:07 PM"),
    ],
)
def test_moments_in_the_local_time_zone(app: Flask, language: str, expected: str) -> None:
    source = "{{ at|date }} · {{ at|time }} · {{ at|datetime }}"
    assert render(app, source, language, at=MOMENT) == expected


def test_a_stored_naive_moment_is_utc(app: Flask) -> None:
    """SQLite gives naive UTC datetimes back; they are shown in local time all the same."""
    naive = MOMENT.replace(tzinfo=None)
    assert render(app, "{{ at|datetime }}", "vi", at=naive) == "05/03/2026 14:07"


def test_a_day_after_local_midnight(app: Flask) -> None:
    """18:30 UTC on the 31st is already 01:30 on the 1st in Vietnam: the local day is shown."""
    late = datetime(2025, 12, 31, 18, 30, tzinfo=UTC)
    assert render(app, "{{ at|date }}", "vi", at=late) == "01/01/2026"


def test_plain_dates_and_times(app: Flask) -> None:
    assert render(app, "{{ d|date }} {{ t|time }}", "vi", d=date(2026, 1, 9), t=time(9, 5)) == (
        "09/01/2026 09:05"
    )


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("vi", 50_000, "50.000 đ"),
        ("vi", 1_234_567, "1.234.567 đ"),
        ("vi", 0, "0 đ"),
        ("en", 50_000, "50,000 VND"),
        ("en", 1_234_567, "1,234,567 VND"),
        ("en", 999_999_999_999_999, "999,999,999,999,999 VND"),
    ],
)
def test_money(app: Flask, language: str, amount: int, expected: str) -> None:
    assert render(app, "{{ amount|money }}", language, amount=amount) == expected


def test_nothing_shows_as_nothing(app: Flask) -> None:
    source = "[{{ none|date }}{{ none|time }}{{ none|datetime }}{{ none|money }}]"
    assert render(app, source, "vi", none=None) == "[]"


def test_pages_show_amounts_with_the_filter(app: Flask) -> None:
    """The made code's amount, in each language (the make-a-code page)."""
    client = app.test_client()
    form = {"bank": "ICB", "account": "113366668888", "amount": "79000", "purpose": "x"}
    assert "79.000 đ" in client.post("/", data=form).get_data(as_text=True)
    english = client.post("/?lang=en", data=form).get_data(as_text=True)
    assert "79,000 VND" in english and "79.000" not in english
