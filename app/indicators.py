"""An indicator as the feature that owns its data defines it, once: numerator and denominator
as queries by locality, as of a date.

Each feature lists its indicators in its `Feature` (`indicators=`); `app.reports.rollup` sums
both parts up the hierarchy before dividing (as DHIS2 does), as of any date and period by
period. A new indicator is one definition in the feature that records its data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import Select

#: The value of one part of an indicator as of the end of a day, per locality where the records
#: sit: a SELECT of rows (locality_id, value), at most one row per locality id.
Count = Callable[[date], Select[Any]]

#: How an indicator's value reads: a number of things, or an amount of đồng.
UNITS: Final = ("count", "amount")


@dataclass(frozen=True)
class Indicator:
    """One indicator: a count, or a share (numerator over denominator) when it has a
    denominator. Labels are lazy translatable strings."""

    #: Stable code, "<feature>.<name>": "markets.vendors_with_qr".
    code: str
    #: What it measures, as a report's column heading: "Tiểu thương có mã QR".
    label: Any
    numerator: Count
    #: What the numerator counts ("tiểu thương có mã QR") and the denominator ("tiểu thương").
    numerator_label: Any
    denominator: Count | None = None
    denominator_label: Any = None
    #: The report section it belongs to: "Chợ 4.0", "Tổ công nghệ số cộng đồng".
    group: Any = ""
    unit: str = "count"
    #: Whether the numerator counts a part of the denominator, so a share over 100% is wrong
    #: data (and a target over 100% makes no sense).
    bounded: bool = True
    #: Whether a unit's report must carry this figure.
    required: bool = False
    #: The feature that records the data it counts (set when the feature registers it).
    feature: str = ""

    @property
    def is_share(self) -> bool:
        return self.denominator is not None
