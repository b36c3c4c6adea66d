"""The Vietnamese lunar calendar (âm lịch): a solar date's lunar day, month and can-chi year.

Hồ Ngọc Đức's published algorithm: new moons (Meeus, simplified) and the sun's longitude,
both taken at UTC+7, so the months are Vietnam's — which differ from China's (UTC+8) in some
years: Tết 1985 fell on 21 January in Vietnam and on 20 February in China. A lunar year runs
from the month holding the winter solstice (month 11) to the next; a year of 13 months has as
leap month the first one in which the sun enters no new zodiac sign. Valid for 1900–2100.

Pure: stdlib only, apart from `lunar_date_text`, which says the result in the current language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

TIME_ZONE = 7.0
"""Hours east of UTC at which Vietnam's calendar is computed."""

FIRST_YEAR = 1900
LAST_YEAR = 2100

STEMS = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
BRANCHES = (
    "Tý",
    "Sửu",
    "Dần",
    "Mão",
    "Thìn",
    "Tỵ",
    "Ngọ",
    "Mùi",
    "Thân",
    "Dậu",
    "Tuất",
    "Hợi",
)

_SYNODIC_MONTH = 29.530588853
_NEW_MOON_EPOCH = 2415021.076998695
"""Julian day of the new moon of 1 January 1900 (k = 0)."""


@dataclass(frozen=True)
class LunarDate:
    """A day of the lunar calendar; `year` is the lunar year (Tết starts it)."""

    day: int
    month: int
    year: int
    leap: bool = False

    @property
    def year_name(self) -> str:
        """The can-chi name of the lunar year, e.g. "Giáp Thìn" for 2024."""
        return f"{STEMS[(self.year + 6) % 10]} {BRANCHES[(self.year + 8) % 12]}"


def _julian_day(day: date) -> int:
    return day.toordinal() + 1721425


def _new_moon(k: int) -> float:
    """Julian day (UT) of the k-th new moon after the one of January 1900."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _new_moon_day(k: int) -> int:
    """Julian day number, in Vietnam, of the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + TIME_ZONE / 24)


def _sun_longitude(jd: float) -> float:
    """The sun's apparent longitude, radians in [0, 2π), at Julian day `jd` (UT)."""
    t = (jd - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    return longitude - math.pi * 2 * math.floor(longitude / (math.pi * 2))


def _sun_sign(day_number: int) -> int:
    """Which of the 12 thirty-degree arcs the sun is in at the start of a Vietnamese day."""
    return math.floor(_sun_longitude(day_number - 0.5 - TIME_ZONE / 24) / math.pi * 6)


def _month_11(year: int) -> int:
    """Julian day number of the first day of the lunar month holding the winter solstice."""
    off = _julian_day(date(year, 12, 31)) - 2415021
    k = math.floor(off / _SYNODIC_MONTH)
    start = _new_moon_day(k)
    if _sun_sign(start) >= 9:
        start = _new_moon_day(k - 1)
    return start


def _leap_month_offset(month_11: int) -> int:
    """Months after month 11 until the first month in which the sun enters no new sign."""
    k = math.floor((month_11 - _NEW_MOON_EPOCH) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = _sun_sign(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_sign(_new_moon_day(k + i))
        if arc == last or i >= 14:
            return i - 1


def lunar_date(day: date) -> LunarDate:
    """The Vietnamese lunar date of a solar date (years 1900–2100)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"day: got year {day.year}, only {FIRST_YEAR}–{LAST_YEAR} are supported")
    day_number = _julian_day(day)
    k = math.floor((day_number - _NEW_MOON_EPOCH) / _SYNODIC_MONTH) + 1
    # The mean month only estimates k: a true new moon can be hours off the mean one.
    while _new_moon_day(k) > day_number:
        k -= 1
    while _new_moon_day(k + 1) <= day_number:
        k += 1
    month_start = _new_moon_day(k)
    a11 = _month_11(day.year)
    b11 = a11
    if a11 >= month_start:
        year = day.year
        a11 = _month_11(day.year - 1)
    else:
        year = day.year + 1
        b11 = _month_11(day.year + 1)
    diff = math.floor((month_start - a11) / 29)
    leap = False
    month = diff + 11
    if b11 - a11 > 365:
        leap_offset = _leap_month_offset(a11)
        if diff >= leap_offset:
            month = diff + 10
            leap = diff == leap_offset
    if month > 12:
        month -= 12
    if month >= 11 and diff < 4:
        year -= 1
    return LunarDate(day=day_number - month_start + 1, month=month, year=year, leap=leap)


def lunar_date_text(day: date) -> str:
    """How a card prints a date's lunar day: "15/8 âm lịch, năm Giáp Thìn" (translated)."""
    from flask_babel import gettext as _  # the only non-pure part: the words

    lunar = lunar_date(day)
    if lunar.leap:
        return str(
            _(
                "%(day)s/%(month)s nhuận âm lịch, năm %(year)s",
                day=lunar.day,
                month=lunar.month,
                year=lunar.year_name,
            )
        )
    return str(
        _(
            "%(day)s/%(month)s âm lịch, năm %(year)s",
            day=lunar.day,
            month=lunar.month,
            year=lunar.year_name,
        )
    )
