"""The report a unit sends upward for a period: what it says, once, for the page, DOCX, PDF
and XLSX alike.

The headline counts read the teams' indicators on the 2025 units ("x/y xã, phường, đặc khu có
Tổ công nghệ số cộng đồng; x/y thôn, ấp, khu phố; hơn n thành viên"), whichever of them are
registered; then one table per indicator group (the unit's children × numerator, denominator,
%), the month-by-month trend and the targets of the year. Every figure is computed as of the
period's end (or today, for the period under way) by `app.reports.rollup`; a period that has
not begun is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Final

from flask import abort
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.indicators import Indicator
from app.localities.models import Locality
from app.reports import charts
from app.reports.dashboard import today
from app.reports.figures import targets_for
from app.reports.periods import Period, months_up_to
from app.reports.rollup import Figure, all_indicators, breakdown, cutoff_day
from app.reports.series import monthly_series
from app.spreadsheets import Sheet, write_xlsx

COMMUNES_WITH_TEAM: Final = "teams.communes_with_team"
HAMLETS_WITH_TEAM: Final = "teams.hamlets_with_team"
MEMBERS: Final = "teams.members"
#: How many months the trend shows, ending with the period's last month.
TREND_MONTHS: Final = 6
#: Longest issuing body, number and place the header takes (a form's limits read these).
ISSUER_LIMIT: Final = 120
NUMBER_LIMIT: Final = 40
PLACE_LIMIT: Final = 60
#: Figure columns a printed table holds on an A4 page (portrait).
PART_COLUMNS: Final = 7

#: Words a unit's name starts with that a place line leaves out ("Xã An Bình" → "An Bình").
_KIND_WORDS: Final = (
    "Thành phố",
    "Tỉnh",
    "Xã",
    "Phường",
    "Đặc khu",
    "Thôn",
    "Ấp",
    "Khu phố",
    "Tổ dân phố",
    "Bản",
    "Buôn",
    "Sóc",
    "Làng",
    "Huyện",
    "Quận",
    "Thị xã",
    "Thị trấn",
)

FUTURE_PERIOD = _l("Kỳ báo cáo này chưa bắt đầu; hãy chọn một kỳ đã bắt đầu.")


@dataclass(frozen=True)
class Issuer:
    """Who issues the report and under which number, where and when (the header's lines)."""

    body: str
    number: str
    place: str
    issued_on: date

    @property
    def date_line(self) -> str:
        """The place and date: "An Bình, ngày 05 tháng 02 năm 2026" (days under 10 and the
        months 1 and 2 get a leading zero, Nghị định 30/2020/NĐ-CP)."""
        day = self.issued_on
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        return f"{self.place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class GroupTable:
    """One indicator group's table: each child's figures and the unit's total."""

    title: str
    indicators: list[Indicator]
    rows: list[tuple[str, dict[str, Figure]]]
    total: dict[str, Figure]

    def parts(self, columns: int = PART_COLUMNS) -> list[list[Indicator]]:
        """The indicators cut into tables of at most `columns` figure columns (a share takes
        three: numerator, denominator, %), so a page's width holds each."""
        parts: list[list[Indicator]] = [[]]
        used = 0
        for item in self.indicators:
            width = 3 if item.is_share else 1
            if parts[-1] and used + width > columns:
                parts.append([])
                used = 0
            parts[-1].append(item)
            used += width
        return parts


@dataclass(frozen=True)
class TrendPoint:
    """The unit's figures as of one monthly period's end."""

    period: Period
    figures: dict[str, Figure]


@dataclass(frozen=True)
class TargetLine:
    """A target of the year beside the figure reached: `reached` is the value compared with it
    (the share in percent, or the count), `progress` how far along it is in percent."""

    indicator: Indicator
    target: Decimal
    reached: float | None
    progress: float | None


@dataclass(frozen=True)
class Bar:
    """One bar: a child unit or a month, its value (None: no data) and its text."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart, drawn as SVG on the page and as rectangles in the PDF."""

    title: str
    bars: list[Bar]
    #: Percent charts run to 100; counts to their largest bar.
    percent: bool = False
    #: The group whose table it illustrates ("" for the trend).
    group: str = ""

    @property
    def scale(self) -> float:
        largest = max((bar.value or 0.0 for bar in self.bars), default=0.0)
        return max(100.0, largest) if self.percent else max(largest, 1.0)


@dataclass(frozen=True)
class ReportContent:
    """Everything the report says about `locality` for `period`, as of `as_of`."""

    locality: Locality
    period: Period
    as_of: date
    issuer: Issuer
    headline: list[str]
    groups: list[GroupTable]
    trend_indicators: list[Indicator]
    trend: list[TrendPoint]
    targets: list[TargetLine]
    charts: list[Chart] = field(default_factory=list)

    @property
    def subject(self) -> str:
        """The subject line under "BÁO CÁO"."""
        return str(
            _(
                "Kết quả chuyển đổi số cộng đồng và thanh toán không dùng tiền mặt %(period)s",
                period=_lowered(self.period.label()),
            )
        )

    def chart_of(self, group: str) -> Chart | None:
        """The chart of a group's table ("" : the trend's)."""
        return next((chart for chart in self.charts if chart.group == group), None)

    @property
    def headline_text(self) -> str:
        return "; ".join(self.headline)


def _lowered(label: str) -> str:
    """A period label inside a sentence: "Quý IV/2026" → "quý IV/2026"."""
    return label[:1].lower() + label[1:]


def number(value: float | int | Decimal) -> str:
    """A count in the reader's language ("1.234" in Vietnamese)."""
    return str(format_decimal(value, "#,##0"))


def percent_text(figure: Figure) -> str:
    """A share as text, "65,5%"; "—" for a count or an empty denominator."""
    share = figure.percent
    return "—" if share is None else str(format_decimal(share, "#,##0.#")) + "%"


def figure_text(item: Indicator, figure: Figure) -> str:
    """A figure as one cell says it: the share for a share, else the count."""
    return percent_text(figure) if item.is_share else number(figure.numerator)


def more_than(value: int) -> tuple[bool, int]:
    """A round number below `value` for "hơn n" (1.234 → 1.200), or the value itself when it is
    small (under 100) or already round."""
    if value < 100:
        return False, value
    step = 10 ** (len(str(value)) - 2)
    rounded = value // step * step
    return rounded < value, rounded


def headline(figures: dict[str, Figure]) -> list[str]:
    """The headline counts from whichever teams indicators are registered."""
    lines: list[str] = []
    communes = figures.get(COMMUNES_WITH_TEAM)
    if communes is not None:
        lines.append(
            _(
                "%(part)s/%(whole)s xã, phường, đặc khu có Tổ công nghệ số cộng đồng",
                part=number(communes.numerator),
                whole=number(communes.denominator or 0),
            )
        )
    hamlets = figures.get(HAMLETS_WITH_TEAM)
    if hamlets is not None:
        lines.append(
            _(
                "%(part)s/%(whole)s thôn, ấp, khu phố",
                part=number(hamlets.numerator),
                whole=number(hamlets.denominator or 0),
            )
        )
    members = figures.get(MEMBERS)
    if members is not None:
        above, shown = more_than(members.numerator)
        if above:
            lines.append(_("hơn %(count)s thành viên", count=number(shown)))
        else:
            lines.append(_("%(count)s thành viên", count=number(shown)))
    return lines


def default_issuer(locality: Locality, issued_on: date) -> Issuer:
    """The header's defaults from the unit: "UBND XÃ AN BÌNH", "…/BC-UBND", "An Bình"."""
    if locality.level == "hamlet":
        body = "TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG " + locality.name.upper()
        number_text = "…/BC-TCNS"
    else:
        body = "UBND " + locality.name.upper()
        number_text = "…/BC-UBND"
    return Issuer(body, number_text, place_name(locality), issued_on)


def place_name(locality: Locality) -> str:
    """The unit's name without its kind ("Xã An Bình" → "An Bình")."""
    for word in _KIND_WORDS:
        if locality.name.startswith(word + " "):
            return locality.name[len(word) + 1 :]
    return locality.name


def as_of_day(period: Period) -> date:
    """The day the figures are counted to: the period's end, or today for the period under way;
    a period that has not begun is refused (422)."""
    cutoff = cutoff_day()
    now = today()
    if period.start(cutoff) > now:
        abort(422, description=FUTURE_PERIOD)
    return min(period.end(cutoff), now)


def _groups(indicators: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    grouped: dict[str, list[Indicator]] = {}
    for item in indicators:
        grouped.setdefault(str(item.group or _("Chỉ tiêu khác")), []).append(item)
    return list(grouped.items())


def _progress(item: Indicator, target: Any, figure: Figure | None) -> TargetLine:
    goal = Decimal(target)
    reached: float | None = None
    if figure is not None:
        reached = figure.percent if item.is_share else float(figure.numerator)
    progress = None
    if reached is not None and goal > 0:
        progress = 100.0 * reached / float(goal)
    return TargetLine(item, goal, reached, progress)


def build(
    locality: Locality,
    period: Period,
    issuer: Issuer | None = None,
) -> ReportContent:
    """The report of `locality` for `period` (every registered indicator)."""
    as_of = as_of_day(period)
    indicators = all_indicators()
    total, children = breakdown(locality, as_of, indicators)
    groups = [
        GroupTable(
            title,
            items,
            [(row.locality.name if row.locality else "", row.figures) for row in children],
            total.figures,
        )
        for title, items in _groups(indicators)
    ]
    trend_indicators = indicators[:4]
    cutoff = cutoff_day()
    last_month = Period(
        period.year,
        "month",
        {"month": period.number, "quarter": period.number * 3}.get(period.kind, 12),
    )
    months = [
        month for month in months_up_to(last_month, TREND_MONTHS) if month.start(cutoff) <= as_of
    ]
    trend = [
        TrendPoint(month, figures)
        for month, figures in monthly_series(locality, months, trend_indicators, until=as_of)
    ]
    targets = [
        _progress(item, target.value, total.figures.get(item.code))
        for item in indicators
        if (target := targets_for(locality, period.year).get(item.code)) is not None
    ]
    content = ReportContent(
        locality,
        period,
        as_of,
        issuer or default_issuer(locality, today()),
        headline(total.figures),
        groups,
        trend_indicators,
        trend,
        targets,
    )
    content.charts.extend(report_charts(content))
    return content


def report_charts(content: ReportContent) -> list[Chart]:
    """The report's charts: each group's first indicator by child, and the trend of the first
    counted indicator."""
    drawn: list[Chart] = []
    for group in content.groups:
        item = group.indicators[0]
        bars = []
        for name, figures in group.rows:
            figure = figures.get(item.code, Figure(0))
            if item.is_share:
                bars.append(Bar(name, figure.percent, percent_text(figure)))
            else:
                bars.append(Bar(name, float(figure.numerator), number(figure.numerator)))
        if bars:
            drawn.append(Chart(str(item.label), bars, percent=item.is_share, group=group.title))
    if content.trend_indicators and content.trend:
        item = content.trend_indicators[0]
        bars = []
        for point in content.trend:
            figure = point.figures[item.code]
            value = figure.percent if item.is_share else float(figure.numerator)
            month = f"{point.period.number}/{point.period.year}"
            bars.append(Bar(month, value, figure_text(item, figure)))
        title = _("%(indicator)s theo tháng", indicator=item.label)
        drawn.append(Chart(title, bars, percent=item.is_share))
    return drawn


def _sheet_title(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()[:31]
    cleaned = cleaned or "Phụ lục"
    candidate, suffix = cleaned, 2
    while candidate.lower() in taken:
        candidate = f"{cleaned[: 31 - len(str(suffix)) - 1]} {suffix}"
        suffix += 1
    taken.add(candidate.lower())
    return candidate


def _appendix_values(figure: Figure | None, share: bool) -> list[object]:
    if figure is None:
        return [None, None, None] if share else [None]
    if not share:
        return [figure.numerator]
    share_value = None if figure.percent is None else round(figure.percent, 1)
    return [figure.numerator, figure.denominator, share_value]


def appendices(content: ReportContent) -> bytes:
    """The XLSX appendices: one sheet per indicator group, in the layout Vietnamese reports use
    (STT, Đơn vị, then each indicator's numerator, denominator and %), a total row last."""
    taken: set[str] = set()
    sheets = []
    with force_locale("vi"):
        for group in content.groups:
            header = ["STT", _("Đơn vị")]
            for item in group.indicators:
                if item.is_share:
                    header += [
                        f"{item.label}: {item.numerator_label}",
                        f"{item.label}: {item.denominator_label}",
                        f"{item.label}: %",
                    ]
                else:
                    header.append(f"{item.label}: {item.numerator_label}")
            rows: list[list[object]] = [
                [position, name]
                + [
                    value
                    for item in group.indicators
                    for value in _appendix_values(figures.get(item.code), item.is_share)
                ]
                for position, (name, figures) in enumerate(group.rows, start=1)
            ]
            rows.append(
                [None, _("Tổng cộng")]
                + [
                    value
                    for item in group.indicators
                    for value in _appendix_values(group.total.get(item.code), item.is_share)
                ]
            )
            widths = [6, 30] + [18] * (len(header) - 2)
            sheets.append(Sheet(_sheet_title(group.title, taken), header, rows, widths))
        if not sheets:
            sheets.append(Sheet(_sheet_title("", taken), ["STT", _("Đơn vị")], [], [6, 30]))
    return write_xlsx(sheets)


def chart_svg(chart: Chart) -> Markup:
    """The chart drawn by the dashboard's SVG charts (`app.reports.charts`): bars by child for
    a group, a trend (a line for a share, columns for a count) for the months."""
    description = "; ".join(f"{bar.label}: {bar.text}" for bar in chart.bars)
    maximum = 100.0 if chart.percent else None
    if chart.group:
        svg = charts.bar_chart(
            [charts.Bar(bar.label, bar.value, bar.text) for bar in chart.bars],
            title=chart.title,
            description=description,
            maximum=maximum,
        )
    else:
        svg = charts.trend_chart(
            [charts.Point(bar.label, bar.value, bar.text) for bar in chart.bars],
            title=chart.title,
            description=description,
            kind="line" if chart.percent else "columns",
            maximum=maximum,
            axis_suffix="%" if chart.percent else "",
        )
    return Markup(svg)  # every label is escaped by app.reports.charts
