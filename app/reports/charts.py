"""Charts drawn on the server as SVG: bars by child unit, a month-by-month trend and progress
against a target.

Pure functions from plain data to SVG text (no Flask, no database, no JavaScript): the dashboard
and the printable report embed the same drawings (`Markup` in templates). Each drawing scales
with its `viewBox` (360 units wide, so one unit is one pixel on a phone), carries `<title>` and
`<desc>`, and escapes every label (Vietnamese names, or anything a person typed). Values are
shown as text the caller formats (the reader's locale); a value is None where there is no data.
Colours keep at least 4.5:1 contrast against white for text and marks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

#: The drawing's width in viewBox units (one unit is one CSS pixel on a 360-px phone).
WIDTH: Final = 360
#: Bar and line colour (a dark blue, 7.4:1 on white), text (near black), the target (dark red,
#: 6.5:1), grid lines and "no data" (grey, 4.6:1 as text).
BAR_COLOUR: Final = "#1f5f99"
TEXT_COLOUR: Final = "#1a1a1a"
TARGET_COLOUR: Final = "#b3261e"
GRID_COLOUR: Final = "#cccccc"
MUTED_COLOUR: Final = "#666666"
TRACK_COLOUR: Final = "#e8eef5"
FONT: Final = "font-family=\"'Be Vietnam Pro', system-ui, sans-serif\""


@dataclass(frozen=True)
class Bar:
    """One bar: a child unit's value (None: no data), the text shown beside it, and where a
    click on it leads (the unit's own dashboard)."""

    label: str
    value: float | None
    text: str
    href: str | None = None


@dataclass(frozen=True)
class Point:
    """One period of a trend: its short label ("11/2026"), value (None: no data) and text."""

    label: str
    value: float | None
    text: str


def _e(text: str) -> str:
    return escape(str(text), quote=True)


def _n(number: float) -> str:
    """A coordinate with at most one decimal."""
    rounded = round(number, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def nice_maximum(value: float) -> float:
    """The axis end for `value`: the next 1, 2, 2.5 or 5 × 10ⁿ at or above it (1 for 0)."""
    if value <= 0 or math.isnan(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-9:
            return float(step * power)
    return float(10 * power)


def _open(height: float, title: str, description: str, role_id: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="100%" role="img" aria-labelledby="{role_id}-t {role_id}-d" '
        f'class="chart" preserveAspectRatio="xMinYMin meet" {FONT}>'
        f'<title id="{role_id}-t">{_e(title)}</title>'
        f'<desc id="{role_id}-d">{_e(description)}</desc>'
    )


def _slug(title: str) -> str:
    """A short id for the title/desc references, stable for the same title."""
    digest = sum((index + 1) * ord(char) for index, char in enumerate(title)) % 1_000_000
    return f"chart{digest}"


def sorted_bars(bars: Sequence[Bar]) -> list[Bar]:
    """Largest value first, units without data last, then by label."""
    return sorted(
        bars,
        key=lambda bar: (bar.value is None, -(bar.value or 0.0), bar.label),
    )


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    maximum: float | None = None,
    target: float | None = None,
    target_text: str = "",
    no_data_text: str = "—",
    sort: bool = True,
) -> str:
    """A horizontal bar chart, one bar per unit (sorted by value unless `sort` is False): each
    unit's label above its bar, the value's text at the bar's end, a dashed target line with
    its text when there is a target. `maximum` fixes the scale (100 for shares)."""
    rows = sorted_bars(bars) if sort else list(bars)
    values = [bar.value for bar in rows if bar.value is not None]
    top = maximum if maximum is not None else nice_maximum(max([*values, target or 0.0]))
    top = max(top, target or 0.0, *values) if values or target else top
    left, right = 4.0, 64.0
    span = WIDTH - left - right
    row_height = 34.0
    header = 20.0 if target is not None else 4.0
    height = header + row_height * max(len(rows), 1) + 6
    ident = _slug(title)
    parts = [_open(height, title, description, ident)]
    if target is not None:
        x = left + span * min(target / top, 1.0)
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(header - 4)}" x2="{_n(x)}" y2="{_n(height - 4)}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{_n(min(x, WIDTH - 4))}" y="13" font-size="11" fill="{TARGET_COLOUR}" '
            f'text-anchor="{"end" if x > WIDTH / 2 else "start"}">{_e(target_text)}</text>'
        )
    if not rows:
        parts.append(
            f'<text x="{_n(left)}" y="{_n(header + 18)}" font-size="13" '
            f'fill="{MUTED_COLOUR}">{_e(no_data_text)}</text>'
        )
    for index, bar in enumerate(rows):
        y = header + index * row_height
        label = (
            f'<text x="{_n(left)}" y="{_n(y + 12)}" font-size="12" '
            f'fill="{TEXT_COLOUR}">{_e(bar.label)}</text>'
        )
        if bar.value is None:
            mark = (
                f'<rect x="{_n(left)}" y="{_n(y + 16)}" width="{_n(span)}" height="12" '
                f'fill="none" stroke="{GRID_COLOUR}" stroke-dasharray="3 3"/>'
                f'<text x="{_n(left + 6)}" y="{_n(y + 26)}" font-size="11" '
                f'fill="{MUTED_COLOUR}">{_e(bar.text or no_data_text)}</text>'
            )
        else:
            width = span * max(0.0, min(bar.value / top, 1.0)) if top else 0.0
            mark = (
                f'<rect x="{_n(left)}" y="{_n(y + 16)}" width="{_n(span)}" height="12" '
                f'fill="{TRACK_COLOUR}"/>'
                f'<rect x="{_n(left)}" y="{_n(y + 16)}" width="{_n(width)}" height="12" '
                f'fill="{BAR_COLOUR}"/>'
                f'<text x="{_n(left + span + 4)}" y="{_n(y + 26)}" font-size="12" '
                f'fill="{TEXT_COLOUR}">{_e(bar.text)}</text>'
            )
        group = f"<g>{label}{mark}</g>"
        if bar.href:
            group = f'<a href="{_e(bar.href)}">{group}</a>'
        parts.append(group)
    parts.append("</svg>")
    return "".join(parts)


def trend_chart(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    kind: str = "line",
    maximum: float | None = None,
    axis_suffix: str = "",
) -> str:
    """A month-by-month trend, oldest first: a line (shares) or columns (counts), a value axis
    from 0 with four grid lines, and the periods' labels (every other one past eight). A
    period without data leaves a gap."""
    if kind not in ("line", "column"):
        raise ValueError(f"kind: {kind!r} is not 'line' or 'column'")
    values = [point.value for point in points if point.value is not None]
    top = maximum if maximum is not None else nice_maximum(max(values, default=0.0))
    top = max(top, *values) if values else top
    left, right, upper, lower = 44.0, 8.0, 10.0, 28.0
    height = 200.0
    plot_width = WIDTH - left - right
    plot_height = height - upper - lower
    ident = _slug(title)
    parts = [_open(height, title, description, ident)]
    for step in range(5):
        value = top * step / 4
        y = upper + plot_height * (1 - step / 4)
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(WIDTH - right)}" y2="{_n(y)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{_n(left - 4)}" y="{_n(y + 4)}" font-size="11" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{_e(_axis_text(value) + axis_suffix)}</text>'
        )
    count = max(len(points), 1)
    slot = plot_width / count
    every = 1 if count <= 8 else 2
    coordinates: list[tuple[float, float] | None] = []
    for index, point in enumerate(points):
        centre = left + slot * (index + 0.5)
        if (count - 1 - index) % every == 0:
            parts.append(
                f'<text x="{_n(centre)}" y="{_n(height - lower + 16)}" font-size="11" '
                f'text-anchor="middle" fill="{TEXT_COLOUR}">{_e(point.label)}</text>'
            )
        if point.value is None:
            coordinates.append(None)
            continue
        y = upper + plot_height * (1 - max(0.0, min(point.value / top, 1.0)))
        coordinates.append((centre, y))
        if kind == "column":
            width = max(slot * 0.6, 2.0)
            parts.append(
                f'<rect x="{_n(centre - width / 2)}" y="{_n(y)}" width="{_n(width)}" '
                f'height="{_n(upper + plot_height - y)}" fill="{BAR_COLOUR}">'
                f"<title>{_e(point.label)}: {_e(point.text)}</title></rect>"
            )
    if kind == "line":
        segment: list[str] = []
        for spot in [*coordinates, None]:
            if spot is None:
                if len(segment) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(segment)}" fill="none" '
                        f'stroke="{BAR_COLOUR}" stroke-width="2"/>'
                    )
                segment = []
            else:
                segment.append(f"{_n(spot[0])},{_n(spot[1])}")
        for point, spot in zip(points, coordinates, strict=True):
            if spot is not None:
                parts.append(
                    f'<circle cx="{_n(spot[0])}" cy="{_n(spot[1])}" r="3" fill="{BAR_COLOUR}">'
                    f"<title>{_e(point.label)}: {_e(point.text)}</title></circle>"
                )
    parts.append("</svg>")
    return "".join(parts)


def _axis_text(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def progress_bar(
    value: float | None,
    target: float,
    *,
    title: str,
    description: str,
    value_text: str,
    target_text: str,
) -> str:
    """Progress towards a target: a track for the target, the part reached filled (full past
    the target), the value's text and the target's text under it."""
    left, span, height = 4.0, WIDTH - 8.0, 44.0
    share = 0.0 if value is None or target <= 0 else max(0.0, min(value / target, 1.0))
    if value is not None and target <= 0:
        share = 1.0
    ident = _slug(title)
    return "".join(
        [
            _open(height, title, description, ident),
            f'<rect x="{_n(left)}" y="4" width="{_n(span)}" height="16" rx="3" '
            f'fill="{TRACK_COLOUR}" stroke="{MUTED_COLOUR}" stroke-width="0.5"/>',
            f'<rect x="{_n(left)}" y="4" width="{_n(span * share)}" height="16" rx="3" '
            f'fill="{BAR_COLOUR}"/>',
            f'<text x="{_n(left)}" y="36" font-size="12" fill="{TEXT_COLOUR}">'
            f"{_e(value_text)}</text>",
            f'<text x="{_n(WIDTH - 4)}" y="36" font-size="12" text-anchor="end" '
            f'fill="{TARGET_COLOUR}">{_e(target_text)}</text>',
            "</svg>",
        ]
    )
