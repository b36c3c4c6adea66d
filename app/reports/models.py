"""What the reports feature stores: figures officers enter, the reports units submit for a
period, and targets.

Computed figures are not stored here: each feature's indicator definitions count them from its
own records as of any date (`app.indicators`, `app.reports.rollup`). An entered figure is what
an officer reports directly for a unit and period (a bank's list, a hamlet's own count), with
its source; a report keeps the figures "as submitted" beside the current ones.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, TimestampMixin
from app.localities.models import Locality

#: Kinds of reporting period (Decree 09/2019/NĐ-CP): monthly, quarterly, yearly.
PERIOD_KINDS: Final = ("month", "quarter", "year")
#: A report's life: drafted, submitted, approved by the level above (and so locked).
REPORT_STATES: Final = ("draft", "submitted", "approved")

FIGURE_INDEX: Final = "uq_entered_figures_indicator_locality_period"
REPORT_INDEX: Final = "uq_reports_locality_period"
TARGET_INDEX: Final = "uq_targets_indicator_locality_year"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class EnteredFigure(TimestampMixin, Base):
    """A figure an officer enters for one indicator, unit and period, with where it came from.

    `period` is the period's key ("2026-11", "2026-Q4", "2026"; see `app.reports.periods`).
    The unit may be a pre-2025 one: such figures are restated on the 2025 units."""

    __tablename__ = "entered_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(60))
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    period: Mapped[str] = mapped_column(String(10))
    numerator: Mapped[int] = mapped_column(BigInteger)
    denominator: Mapped[int | None] = mapped_column(BigInteger, default=None)
    #: Where the figure came from: "Danh sách của Agribank", "Sở Công Thương", "thôn tự đếm".
    source: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(String(1000), default="")
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    entered_by_label: Mapped[str] = mapped_column(String(255), default="")

    locality: Mapped[Locality] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("indicator", "locality_id", "period", name=FIGURE_INDEX),
        CheckConstraint("numerator >= 0", name="numerator"),
        CheckConstraint("denominator IS NULL OR denominator >= 0", name="denominator"),
        Index("ix_entered_figures_period_indicator", "period", "indicator"),
    )


class Report(TimestampMixin, Base):
    """A unit's report for one period: drafted, submitted, approved by the level above (then
    locked). Reopening a report for a correction puts it back to draft (audited); the figures
    as last submitted stay in `submitted_figures` beside the current ones."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    period: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10), default="draft")
    #: The day the report is due (the period's end plus the days the rules allow).
    due_on: Mapped[date]
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    submitted_by_label: Mapped[str] = mapped_column(String(255), default="")
    #: Whether the first submission came by the due day (a reopened report keeps it).
    on_time: Mapped[bool | None] = mapped_column(default=None)
    approved_at: Mapped[datetime | None] = mapped_column(default=None)
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    approved_by_label: Mapped[str] = mapped_column(String(255), default="")
    #: Figures as submitted: {indicator code: {"computed": figure, "entered": figure or None}},
    #: a figure being {"numerator", "denominator", "approximate"}.
    submitted_figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The officer's explanations of data-check warnings: {check key: text}.
    explanations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: How many times the report was reopened after approval or submission.
    reopened: Mapped[int] = mapped_column(default=0)

    locality: Mapped[Locality] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("locality_id", "period", name=REPORT_INDEX),
        CheckConstraint(_in("state", REPORT_STATES), name="state"),
        Index("ix_reports_period_state", "period", "state"),
    )


class Target(TimestampMixin, Base):
    """A target for one indicator, unit and year: a share in percent for an indicator with a
    denominator ("100% of communes have a team by 2026"), else a count."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(60))
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="RESTRICT"), index=True
    )
    year: Mapped[int]
    value: Mapped[Any] = mapped_column(Numeric(15, 2))
    note: Mapped[str] = mapped_column(String(500), default="")

    locality: Mapped[Locality] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("indicator", "locality_id", "year", name=TARGET_INDEX),
        CheckConstraint("value >= 0", name="value"),
    )


class IndicatorDay(TimestampMixin, Base):
    """A count of an indicator whose values as of `day` are stored (`IndicatorValue`): the
    figures of provinces and communes, each summed over its subtree, so a dashboard of the
    country or of a province reads a few thousand rows instead of a million. A change to a
    record the counts read removes every stored day from the change's date on
    (`app.reports.aggregates`), so a late correction to last month shows up."""

    __tablename__ = "indicator_days"

    count_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)

    __table_args__ = (Index("ix_indicator_days_day", "day"),)


class IndicatorValue(TimestampMixin, Base):
    """One stored value: a count as of a day, summed over a province's or a commune's subtree
    (only units whose value is not 0)."""

    __tablename__ = "indicator_values"

    count_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    locality_id: Mapped[int] = mapped_column(
        ForeignKey("localities.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_indicator_values_day", "day"),)
