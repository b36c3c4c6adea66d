"""The indicator the reports feature counts from its own records: reporting completeness.

`reports.on_time`: monthly reports submitted on time / monthly reports expected, one per
commune (2025 units) per monthly period. As of a day, the monthly period that covers it is
counted (with the configured cut-off day).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, literal, select

from app.indicators import Indicator
from app.localities.models import Locality
from app.reports.models import Report
from app.reports.periods import period_containing
from app.reports.rollup import cutoff_day


def reports_on_time(as_of: date) -> Select[Any]:
    """Per commune: 1 when its monthly report for the period covering `as_of` came on time."""
    key = period_containing(as_of, "month", cutoff_day()).key
    return (
        select(Report.locality_id.label("locality_id"), literal(1).label("value"))
        .join(Locality, Locality.id == Report.locality_id)
        .where(
            Report.period == key,
            Report.on_time.is_(True),
            Locality.era == "vn2025",
            Locality.level == "commune",
        )
    )


def reports_expected(as_of: date) -> Select[Any]:
    """Per commune: 1 (every 2025 commune owes a monthly report)."""
    return select(Locality.id.label("locality_id"), literal(1).label("value")).where(
        Locality.era == "vn2025", Locality.level == "commune"
    )


ON_TIME = Indicator(
    code="reports.on_time",
    label=_l("Báo cáo tháng nộp đúng hạn"),
    numerator=reports_on_time,
    numerator_label=_l("báo cáo nộp đúng hạn"),
    denominator=reports_expected,
    denominator_label=_l("báo cáo phải nộp"),
    group=_l("Báo cáo định kỳ"),
)

INDICATORS = (ON_TIME,)
