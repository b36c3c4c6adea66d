"""Data checks a unit's report runs before it is submitted, shown to the officer, who fixes the
figure or explains it (one explanation per warning, kept with the report).

- `over`: a bounded share whose numerator is larger than its denominator (computed or entered);
- `far`: an entered figure far from the unit's previous periods: more than `FAR_FACTOR` times,
  or under 1/`FAR_FACTOR` of, the mean of the last `FAR_PERIODS` periods that have one (the
  share in percent for a share, the count otherwise);
- `missing`: an indicator a report must carry with neither an entered figure nor any computed
  data.
Each warning has a stable key ("far:teams.members"), under which its explanation is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from app.indicators import Indicator
from app.localities.models import Locality
from app.reports.figures import entered_breakdown
from app.reports.periods import Period
from app.reports.rollup import Figure

KINDS: Final = ("over", "far", "missing")
FAR_FACTOR: Final = 3
FAR_PERIODS: Final = 3


@dataclass(frozen=True)
class Finding:
    """One data check's finding on one indicator of a report."""

    kind: str
    indicator: Indicator
    #: The figure's value (a count, or a share in percent) and, for `far`, the mean it is far from.
    value: float | None = None
    mean: float | None = None
    source: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.indicator.code}"


def value_of(figure: Figure) -> float | None:
    """What a figure is compared by: its percent for a share, its numerator for a count."""
    if figure.denominator is None:
        return float(figure.numerator)
    return figure.percent


def _far(unit: Locality, period: Period, code: str, now: float) -> float | None:
    """The mean of the last periods' entered values, when `now` is far from it."""
    values: list[float] = []
    earlier = period.previous()
    for _ in range(FAR_PERIODS):
        totals, _children = entered_breakdown(unit, earlier)
        figure = totals.get(code)
        value = value_of(figure) if figure is not None else None
        if value is not None:
            values.append(value)
        earlier = earlier.previous()
    if not values:
        return None
    mean = sum(values) / len(values)
    if mean == 0:
        return mean if now > 0 else None
    return mean if now > FAR_FACTOR * mean or now * FAR_FACTOR < mean else None


def run_checks(
    unit: Locality,
    period: Period,
    indicators: list[Indicator],
    computed: Mapping[str, Figure],
    entered: Mapping[str, Figure],
) -> list[Finding]:
    """Every warning on a unit's figures for a period, in the indicators' order."""
    found: list[Finding] = []
    for item in indicators:
        pair = [("computed", computed.get(item.code)), ("entered", entered.get(item.code))]
        for source, figure in pair:
            if (
                figure is not None
                and item.bounded
                and figure.denominator is not None
                and figure.numerator > figure.denominator
            ):
                found.append(Finding("over", item, figure.percent, source=source))
                break
        typed = entered.get(item.code)
        if typed is not None:
            now = value_of(typed)
            if now is not None:
                mean = _far(unit, period, item.code, now)
                if mean is not None:
                    found.append(Finding("far", item, now, mean, source="entered"))
        if item.required and typed is None:
            figure = computed.get(item.code)
            if figure is None or (figure.numerator == 0 and not figure.denominator):
                found.append(Finding("missing", item))
    return found
