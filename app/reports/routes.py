"""The dashboard's pages: /bao-cao (the country for admins, else the viewer's own unit),
/bao-cao/<locality_id> (drill down), /bao-cao/ban-do (the map), and each table as CSV or XLSX
(/bao-cao/bang.csv, /bao-cao/<locality_id>/bang.xlsx …).

Views are thin: a GET form reads the choices, `app.reports.dashboard` does the work (scope,
dates), the charts and the map are drawn on the server (`charts`, `map`) and shown as SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Response, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse
from wtforms import DateField, SearchField, SelectField
from wtforms.validators import Length, Optional

from app.access import require_login
from app.accounts.permissions import viewable_localities
from app.errors import DomainError
from app.forms import PageForm, show_beside
from app.indicators import Indicator
from app.localities import services as localities
from app.reports import charts, exports
from app.reports import dashboard as service
from app.reports import map as province_map
from app.reports.blueprints import bp
from app.reports.rollup import Figure, child_units

#: How many search hits the locality picker lists.
SEARCH_HITS = 10


class DashboardForm(PageForm):
    """What the dashboard shows: the day, the indicator of the bar chart, a unit to find. A GET
    form (a link can be shared), so no CSRF token."""

    class Meta:
        csrf = False

    as_of = DateField(_l("Số liệu đến ngày"), validators=[Optional()], id="f-as-of")
    indicator = SelectField(
        _l("Chỉ tiêu của biểu đồ"),
        id="f-indicator",
        validate_choice=False,
        validators=[Length(max=60)],
    )
    q = SearchField(
        _l("Tìm địa bàn"),
        id="f-q",
        validators=[Length(max=100)],
        render_kw={"placeholder": _l("Tên xã, phường, tỉnh…")},
    )


def number(value: float | int | None) -> str:
    """A count in the reader's format (1.234 / 1,234); "—" for none."""
    return "—" if value is None else str(format_decimal(value, "#,##0"))


def percent(value: float | None) -> str:
    """A share with one decimal: 45,5% / 45.5%; "—" for none."""
    return "—" if value is None else str(format_decimal(value, "#,##0.0")) + "%"


def figure_text(item: Indicator, figure: Figure | None) -> str:
    """What a figure reads as: the share for a share, else the count."""
    if figure is None:
        return "—"
    return percent(figure.percent) if item.is_share else number(figure.numerator)


def figure_value(item: Indicator, figure: Figure | None) -> float | None:
    if figure is None:
        return None
    return figure.percent if item.is_share else float(figure.numerator)


def unit_url(locality: Any, **args: Any) -> str:
    if locality is None:
        return url_for("reports.home", **args)
    return url_for("reports.unit", locality_id=locality.id, **args)


def chosen_indicator(form: DashboardForm, indicators: Sequence[Indicator]) -> Indicator | None:
    """The indicator the form names, else the first one."""
    form.indicator.choices = [(item.code, str(item.label)) for item in indicators]
    found = {item.code: item for item in indicators}
    picked = found.get(form.indicator.data or "")
    return picked or (indicators[0] if indicators else None)


def _charts(board: service.Dashboard, item: Indicator | None) -> dict[str, Markup]:
    if item is None:
        return {}
    label = str(item.label)
    progress = next((p for p in board.targets if p.indicator.code == item.code), None)
    target = float(progress.target) if progress else None
    target_text = _(
        "Chỉ tiêu %(value)s", value=percent(target) if item.is_share else number(target)
    )
    bars = [
        charts.Bar(
            row.locality.name if row.locality else "",
            figure_value(item, row.figures.get(item.code)),
            figure_text(item, row.figures.get(item.code)),
            unit_url(row.locality, as_of=board.as_of.isoformat(), indicator=item.code),
        )
        for row in board.rows
    ]
    drawn = {
        "bars": Markup(
            charts.bar_chart(
                bars,
                title=_("%(indicator)s theo đơn vị", indicator=label),
                description=_(
                    "Biểu đồ thanh, mỗi đơn vị một thanh, sắp theo giá trị; số liệu ở bảng dưới."
                ),
                maximum=100.0 if item.is_share else None,
                target=target,
                target_text=target_text if target is not None else "",
                no_data_text=_("Không có đơn vị trực thuộc"),
            )
        ),
        "trend": Markup(
            charts.trend_chart(
                [
                    charts.Point(
                        f"{point.period.number}/{point.period.year % 100:02d}",
                        figure_value(item, point.figures.get(item.code)),
                        figure_text(item, point.figures.get(item.code)),
                    )
                    for point in board.trend
                ],
                title=_("%(indicator)s theo tháng", indicator=label),
                description=_("Giá trị cuối mỗi kỳ báo cáo tháng; số liệu ở bảng dưới."),
                kind="line" if item.is_share else "column",
                maximum=100.0 if item.is_share else None,
                axis_suffix="%" if item.is_share else "",
            )
        ),
    }
    return drawn


def _progress_charts(board: service.Dashboard) -> list[tuple[service.Progress, Markup]]:
    drawn = []
    for item in board.targets:
        share = item.indicator.is_share
        shown = percent if share else number
        value_text = _("Đạt %(value)s", value=shown(item.value))
        target_text = _("Chỉ tiêu %(value)s", value=shown(float(item.target)))
        svg = charts.progress_bar(
            item.value,
            float(item.target),
            title=str(item.indicator.label),
            description=f"{value_text} / {target_text}",
            value_text=value_text,
            target_text=target_text,
        )
        drawn.append((item, Markup(svg)))
    return drawn


def _search(user: Any, query: str) -> list[Any]:
    """2025 units matching `query` that the viewer may open."""
    if not query.strip():
        return []
    hits = localities.search(query, era="vn2025", per_page=50).items
    scope = viewable_localities(user)
    return [hit for hit in hits if scope.contains(hit.locality)][:SEARCH_HITS]


def _show(locality_id: int | None) -> tuple[str, int] | BaseResponse:
    form = DashboardForm(formdata=request.args)
    if not form.validate():
        return _page(form, None, None), 422
    try:
        board = service.dashboard(current_user, locality_id, form.as_of.data)
    except DomainError as error:
        if error.field != "as_of":
            raise
        show_beside(form, error, "as_of")
        return _page(form, None, None), 422
    form.as_of.data = board.as_of  # the day shown, today when none was asked for
    return _page(form, board, chosen_indicator(form, board.indicators)), 200


def _page(
    form: DashboardForm,
    board: service.Dashboard | None,
    item: Indicator | None,
    notice: str | None = None,
) -> str:
    if board is None:
        form.indicator.choices = []
    return render_template(
        "reports/dashboard.html",
        form=form,
        board=board,
        item=item,
        notice=notice,
        charts=_charts(board, item) if board else {},
        progress=_progress_charts(board) if board else [],
        hits=_search(current_user, form.q.data or ""),
        number=number,
        percent=percent,
        figure_text=figure_text,
        unit_url=unit_url,
        has_children=lambda unit: bool(child_units(unit)),
    )


@bp.get("/bao-cao")
def home() -> tuple[str, int] | BaseResponse:
    """The whole country for admins; anyone else is taken to their own unit."""
    require_login()
    try:
        locality = service.home_locality(current_user)
    except DomainError as error:
        if error.code != "reports.no_scope":
            raise
        form = DashboardForm(formdata=request.args)
        return _page(form, None, None, notice=error.message), 200
    if locality is not None:
        return redirect(unit_url(locality, **request.args.to_dict()))
    return _show(None)


@bp.get("/bao-cao/<int:locality_id>")
def unit(locality_id: int) -> tuple[str, int] | BaseResponse:
    """A unit's dashboard: its children's table, charts, trend and targets."""
    require_login()
    return _show(locality_id)


def _export(locality_id: int | None, fmt: str) -> Response | tuple[str, int]:
    require_login()
    form = DashboardForm(formdata=request.args)
    if not form.validate():
        raise DomainError("reports.bad_date", "as_of", status=422, value=request.args["as_of"])
    board = service.dashboard(current_user, locality_id, form.as_of.data, months=None)
    data, headers = exports.export(board, fmt)
    return Response(data, headers=headers)


@bp.get("/bao-cao/bang.<any(csv, xlsx):fmt>")
def country_table(fmt: str) -> Response | tuple[str, int]:
    """The country's table by province (admins)."""
    return _export(None, fmt)


@bp.get("/bao-cao/<int:locality_id>/bang.<any(csv, xlsx):fmt>")
def unit_table(locality_id: int, fmt: str) -> Response | tuple[str, int]:
    """A unit's table by child."""
    return _export(locality_id, fmt)


class MapForm(PageForm):
    """Which indicator colours the map, as of which day (a GET form)."""

    class Meta:
        csrf = False

    indicator = SelectField(
        _l("Chỉ tiêu"), id="f-indicator", validate_choice=False, validators=[Length(max=60)]
    )
    as_of = DateField(_l("Số liệu đến ngày"), validators=[Optional()], id="f-as-of")


@bp.get("/bao-cao/ban-do")
def map_page() -> tuple[str, int]:
    """The 34 provinces coloured by an indicator; each links to its dashboard."""
    require_login()
    form = MapForm(formdata=request.args)
    indicators = service.map_indicators()
    form.indicator.choices = [(item.code, str(item.label)) for item in indicators]
    shown: service.ProvinceValues | None = None
    status = 422
    if form.validate():
        try:
            shown = service.province_values(current_user, form.indicator.data, form.as_of.data)
            status = 200
        except DomainError as error:
            if error.field not in ("as_of", "indicator"):
                raise
            show_beside(form, error, "as_of")
    svg = None
    if shown is not None and shown.indicator is not None:
        svg = Markup(_map_svg(shown))
        form.indicator.data = shown.indicator.code
    if shown is not None:
        form.as_of.data = shown.as_of  # the day shown, today when none was asked for
    return render_template(
        "reports/map.html",
        form=form,
        shown=shown,
        svg=svg,
        attribution=province_map.ATTRIBUTION,
        figure_text=figure_text,
        number=number,
        percent=percent,
    ), status


def _map_svg(shown: service.ProvinceValues) -> str:
    item = shown.indicator
    assert item is not None
    regions = {}
    for row in shown.rows:
        code = row.locality.code or ""
        figure = row.figure
        regions[code] = province_map.Region(
            code,
            row.locality.name,
            figure_value(item, figure),
            figure_text(item, figure),
            url_for("reports.unit", locality_id=row.locality.id, as_of=shown.as_of.isoformat())
            if row.viewable
            else None,
        )
    values = [region.value for region in regions.values() if region.value is not None]
    breaks = province_map.class_breaks(values, share=item.is_share)
    shown_as = percent if item.is_share else number

    def legend(low: float, high: float) -> str:
        return f"{shown_as(low)} – {shown_as(high)}"

    return province_map.choropleth(
        regions,
        title=_("%(indicator)s theo tỉnh", indicator=str(item.label)),
        description=_("Bản đồ 34 tỉnh, thành phố, tô màu theo giá trị; số liệu ở bảng bên cạnh."),
        breaks=breaks,
        legend_text=legend,
        no_data_text=_("Không có số liệu"),
    )
