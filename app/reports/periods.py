"""Reporting periods as the state's rules cut them, not calendar months.

Decree 09/2019/NĐ-CP, art. 12: a monthly report covers the 15th of the previous month to the
14th of this one; a quarterly report from the 15th of the month before the quarter to the 14th
of its last month; a yearly report from 15 December of the year before to 14 December. The
cut-off day (14) is configurable (`REPORT_CUTOFF_DAY`, at most 28 so every month has it).

A period's key reads as people write it: "2026-11" (tháng 11/2026), "2026-Q4", "2026".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

KINDS: Final = ("month", "quarter", "year")
DEFAULT_CUTOFF: Final = 14
_KEY = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$")


def _month_end(year: int, month: int, cutoff: int) -> date:
    return date(year, month, cutoff)


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: kind "month" (number 1–12), "quarter" (1–4) or "year" (1)."""

    year: int
    kind: str
    number: int

    @classmethod
    def parse(cls, key: str) -> Period:
        """The period a key names; ValueError for anything else."""
        found = _KEY.match(key.strip())
        if not found or not 2000 <= int(found.group(1)) <= 2100:
            raise ValueError(f"period: {key!r} is not a period such as 2026-11, 2026-Q4 or 2026")
        year = int(found.group(1))
        if found.group(2):
            return cls(year, "month", int(found.group(2)))
        if found.group(3):
            return cls(year, "quarter", int(found.group(3)))
        return cls(year, "year", 1)

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    def _last_month(self) -> int:
        return {"month": self.number, "quarter": self.number * 3, "year": 12}[self.kind]

    def _months(self) -> int:
        return {"month": 1, "quarter": 3, "year": 12}[self.kind]

    def end(self, cutoff: int = DEFAULT_CUTOFF) -> date:
        """The last day the period covers (the cut-off day of its last month)."""
        return _month_end(self.year, self._last_month(), cutoff)

    def start(self, cutoff: int = DEFAULT_CUTOFF) -> date:
        """The first day it covers (the day after the previous period's cut-off)."""
        month = self._last_month() - self._months()  # the month before the period, 0-based
        year = self.year
        if month <= 0:
            month += 12
            year -= 1
        return _month_end(year, month, cutoff) + timedelta(days=1)

    def previous(self) -> Period:
        if self.kind == "year":
            return Period(self.year - 1, "year", 1)
        count = 12 if self.kind == "month" else 4
        if self.number == 1:
            return Period(self.year - 1, self.kind, count)
        return Period(self.year, self.kind, self.number - 1)

    def label(self) -> str:
        """As a Vietnamese report heads it: "Tháng 11/2026", "Quý IV/2026", "Năm 2026"."""
        if self.kind == "month":
            return f"Tháng {self.number}/{self.year}"
        if self.kind == "quarter":
            return f"Quý {('I', 'II', 'III', 'IV')[self.number - 1]}/{self.year}"
        return f"Năm {self.year}"


def period_containing(day: date, kind: str = "month", cutoff: int = DEFAULT_CUTOFF) -> Period:
    """The period of `kind` that covers `day`: the 15th of a month already belongs to the next
    month's report (with the default cut-off)."""
    year, month = day.year, day.month
    if day.day > cutoff:
        month += 1
        if month == 13:
            year, month = year + 1, 1
    if kind == "month":
        return Period(year, "month", month)
    if kind == "quarter":
        return Period(year, "quarter", (month - 1) // 3 + 1)
    if kind == "year":
        return Period(year, "year", 1)
    raise ValueError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")


def months_up_to(last: Period, count: int) -> list[Period]:
    """`count` monthly periods ending with `last`, oldest first."""
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]
