"""The SVG charts: they parse as XML, carry their title, description, labels and values,
escape markup, sort bars and draw a target."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.reports.charts import (
    Bar,
    Point,
    bar_chart,
    nice_maximum,
    progress_bar,
    sorted_bars,
    trend_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_bar_chart_parses_with_labels_values_title_and_links() -> None:
    svg = bar_chart(
        [
            Bar("Xã An Bình", 25.0, "25,0%", "/bao-cao/2"),
            Bar("Phường Đông Hòa", 80.0, "80,0%", "/bao-cao/3"),
            Bar("Đặc khu Côn Đảo", None, "không có số liệu"),
        ],
        title="Tiểu thương có mã QR",
        description="Tỷ lệ theo xã",
        maximum=100,
    )
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Tiểu thương có mã QR"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Tỷ lệ theo xã"  # type: ignore[union-attr]
    shown = texts(svg)
    # Sorted: the largest first, no data last.
    assert shown == [
        "Phường Đông Hòa",
        "80,0%",
        "Xã An Bình",
        "25,0%",
        "Đặc khu Côn Đảo",
        "không có số liệu",
    ]
    links = [node.get("href") for node in root.iter(f"{SVG}a")]
    assert links == ["/bao-cao/3", "/bao-cao/2"]
    assert root.get("viewBox", "").startswith("0 0 360 ")


def test_bar_widths_follow_the_values_on_a_fixed_scale() -> None:
    svg = bar_chart(
        [Bar("A", 50.0, "50%"), Bar("B", 100.0, "100%")], title="t", description="d", maximum=100
    )
    widths = [
        float(rect.get("width", "0"))
        for rect in ET.fromstring(svg).iter(f"{SVG}rect")
        if rect.get("fill") == "#1f5f99"
    ]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_markup_in_labels_is_escaped() -> None:
    evil = '<script>alert("x")</script> & Thôn "Mới"'
    svg = bar_chart([Bar(evil, 1.0, "1", "/bao-cao/1?a=1&b=2")], title=evil, description=evil)
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert evil in texts(svg)
    assert root.find(f"{SVG}title").text == evil  # type: ignore[union-attr]
    assert next(root.iter(f"{SVG}a")).get("href") == "/bao-cao/1?a=1&b=2"


def test_target_line_and_text() -> None:
    svg = bar_chart(
        [Bar("A", 40.0, "40%")],
        title="t",
        description="d",
        maximum=100,
        target=80.0,
        target_text="Mục tiêu 80%",
    )
    root = ET.fromstring(svg)
    line = next(root.iter(f"{SVG}line"))
    assert float(line.get("x1", "0")) == pytest.approx(4 + (360 - 68) * 0.8, abs=0.1)
    assert "Mục tiêu 80%" in texts(svg)
    without = bar_chart([Bar("A", 40.0, "40%")], title="t", description="d", maximum=100)
    assert not list(ET.fromstring(without).iter(f"{SVG}line"))


def test_empty_bar_chart_says_so() -> None:
    svg = bar_chart([], title="t", description="d", no_data_text="Chưa có đơn vị")
    assert texts(svg) == ["Chưa có đơn vị"]


def test_sorted_bars_puts_no_data_last() -> None:
    ordered = sorted_bars([Bar("b", None, ""), Bar("a", 1.0, ""), Bar("c", 3.0, "")])
    assert [bar.label for bar in ordered] == ["c", "a", "b"]


@pytest.mark.parametrize("kind", ["line", "column"])
def test_trend_chart_has_every_period_and_value(kind: str) -> None:
    points = [Point(f"{month}/2026", float(month), f"{month} chợ") for month in range(1, 7)]
    points.append(Point("7/2026", None, "—"))
    svg = trend_chart(points, title="Chợ 4.0", description="Theo tháng", kind=kind)
    root = ET.fromstring(svg)
    shown = texts(svg)
    for month in range(1, 8):
        assert f"{month}/2026" in shown
    marks = root.iter(f"{SVG}circle" if kind == "line" else f"{SVG}rect")
    titles = ["".join(mark.itertext()) for mark in marks]
    assert titles == [f"{month}/2026: {month} chợ" for month in range(1, 7)]


def test_trend_chart_with_many_months_labels_every_other_and_the_last() -> None:
    points = [Point(f"T{month}", float(month), str(month)) for month in range(1, 13)]
    shown = texts(trend_chart(points, title="t", description="d"))
    assert "T12" in shown and "T10" in shown and "T11" not in shown


def test_trend_chart_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind"):
        trend_chart([], title="t", description="d", kind="pie")


def test_progress_bar_fills_the_share_reached() -> None:
    svg = progress_bar(
        40.0, 80.0, title="t", description="d", value_text="40%", target_text="Mục tiêu 80%"
    )
    rects = list(ET.fromstring(svg).iter(f"{SVG}rect"))
    assert float(rects[1].get("width", "0")) == pytest.approx(float(rects[0].get("width", "0")) / 2)
    assert texts(svg) == ["40%", "Mục tiêu 80%"]
    over = progress_bar(120.0, 80.0, title="t", description="d", value_text="", target_text="")
    rects = list(ET.fromstring(over).iter(f"{SVG}rect"))
    assert rects[1].get("width") == rects[0].get("width")


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (0.4, 0.5), (7, 10), (12, 20), (23, 25), (100, 100), (101, 200)]
)
def test_nice_maximum(value: float, expected: float) -> None:
    assert nice_maximum(value) == expected
