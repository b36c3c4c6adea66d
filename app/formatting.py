"""How pages write dates, times and money, in the reader's language (Jinja filters).

Babel does the formatting (digit grouping, month names, the time zone of
`BABEL_DEFAULT_TIMEZONE`); this module only picks the patterns. Vietnamese readers get the
forms they write by hand: 05/03/2026, 14:07, 50.000 đ. English readers get the usual English
forms (Mar 5, 2026, 2:07 PM; the month named, so 5/3 and 3/5 cannot be confused) and the
currency's ISO code after the amount (50,000 VND).

    {{ user.created_at|datetime }}   {{ entry.at|date }}   {{ code.amount|money }}
"""

from __future__ import annotations

from datetime import date, datetime, time

from flask import Flask
from flask_babel import format_currency, format_date, format_datetime, format_time, get_locale

#: The currency every amount is in (an integer number of đồng).
CURRENCY = "VND"

#: Babel patterns per language; a language not listed uses Babel's medium date and short time.
DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "MMM d, yyyy"}
TIME_PATTERNS = {"vi": "HH:mm", "en": "h:mm a"}
DATETIME_PATTERNS = {"vi": "dd/MM/yyyy HH:mm", "en": "MMM d, yyyy, h:mm a"}
#: "¤¤" is the ISO code (VND); the Vietnamese sign is the everyday "đ", not CLDR's "₫".
MONEY_PATTERNS = {"vi": "#,##0 đ", "en": "#,##0 ¤¤"}
DEFAULT_MONEY_PATTERN = "#,##0 ¤¤"


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "vi"


def format_day(value: date | datetime | None) -> str:
    """A date (or the day of a moment, in the local time zone): 05/03/2026 / Mar 5, 2026."""
    if value is None:
        return ""
    return str(format_date(value, DATE_PATTERNS.get(_language(), "medium")))


def format_clock(value: time | datetime | None) -> str:
    """A time of day (of a moment, in the local time zone): 14:07 / 2:07 PM."""
    if value is None:
        return ""
    return str(format_time(value, TIME_PATTERNS.get(_language(), "short")))


def format_moment(value: datetime | None) -> str:
    """A moment, in the local time zone: 05/03/2026 14:07 / Mar 5, 2026, 2:07 PM."""
    if value is None:
        return ""
    return str(format_datetime(value, DATETIME_PATTERNS.get(_language(), "medium")))


def format_money(amount: int | None) -> str:
    """An amount of đồng: 50.000 đ / 50,000 VND."""
    if amount is None:
        return ""
    pattern = MONEY_PATTERNS.get(_language(), DEFAULT_MONEY_PATTERN)
    return str(format_currency(amount, CURRENCY, pattern))


def register_filters(app: Flask) -> None:
    """Make the filters `date`, `time`, `datetime` and `money` available to every template."""
    app.jinja_env.filters.update(
        date=format_day, time=format_clock, datetime=format_moment, money=format_money
    )
