"""The shipped province map: small, 34 provinces each matched once to the catalogue, drawn as a
choropleth that parses, links every province and hatches those without data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from vietnam_provinces import Province

from app.reports.map import (
    MAP_FILE,
    PALETTE,
    Region,
    choropleth,
    class_breaks,
    class_of,
    province_key,
    province_map,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_the_map_file_is_small_and_carries_its_attribution() -> None:
    assert MAP_FILE.stat().st_size < 150_000
    assert "Talia Cao" in province_map().attribution
    notice = (MAP_FILE.parent / "LICENSE-provinces-2025.txt").read_text("utf-8")
    assert "MIT License" in notice and "Copyright (c) 2025 Talia Cao" in notice
    assert "Open Development Vietnam" in notice


def test_every_catalogue_province_matches_exactly_one_outline() -> None:
    shapes = province_map().shapes
    catalogue = {f"{unit.code:02d}": unit.name for unit in Province.iter_all()}
    assert len(shapes) == len(catalogue) == 34
    assert Counter(shape.code for shape in shapes) == Counter(catalogue.keys())
    by_key = Counter(province_key(shape.name) for shape in shapes)
    for code, name in catalogue.items():
        assert by_key[province_key(name)] == 1, name
        (shape,) = [shape for shape in shapes if province_key(shape.name) == province_key(name)]
        assert shape.code == code, name
        assert shape.d.startswith("M") and shape.d.endswith("z")


def test_names_that_differ_are_matched() -> None:
    assert province_key("TP HCM") == province_key("Thành phố Hồ Chí Minh")
    assert province_key("Khánh Hoà") == province_key("Tỉnh Khánh Hòa")
    assert province_key("TP Huế") == province_key("Thành phố Huế")


def test_class_breaks() -> None:
    assert class_breaks([], share=True) == [20.0, 40.0, 60.0, 80.0, 100.0]
    assert class_breaks([3, 12, 50], share=False) == [10.0, 20.0, 30.0, 40.0, 50.0]
    assert class_breaks([0], share=False)[-1] == 1.0
    assert [class_of(value, [20, 40, 60, 80, 100]) for value in (0, 20, 20.1, 100, 130)] == [
        0,
        0,
        1,
        4,
        4,
    ]


def test_choropleth_fills_links_and_hatches() -> None:
    shapes = province_map().shapes
    first, second = shapes[0], shapes[1]
    regions = {
        first.code: Region(first.code, "Hà <Nội>", 90.0, "90%", "/bao-cao/7"),
        second.code: Region(second.code, second.name, None, "", "/bao-cao/8"),
    }
    svg = choropleth(
        regions,
        title="Tỷ lệ",
        description="Theo tỉnh",
        breaks=class_breaks([], share=True),
        legend_text=lambda low, high: f"{low:g}–{high:g}%",
        no_data_text="Không có số liệu",
    )
    root = ET.fromstring(svg)
    paths = {path.get("data-code"): path for path in root.iter(f"{SVG}path")}
    assert len(paths) == 34
    assert paths[first.code].get("fill") == PALETTE[4]
    assert paths[second.code].get("fill") == "url(#no-data)"
    assert "".join(paths[first.code].itertext()) == "Hà <Nội>: 90%"
    assert "".join(paths[second.code].itertext()) == f"{second.name}: Không có số liệu"
    assert [link.get("href") for link in root.iter(f"{SVG}a")] == ["/bao-cao/7", "/bao-cao/8"]
    legend = ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]
    assert legend == ["0–20%", "20–40%", "40–60%", "60–80%", "80–100%", "Không có số liệu"]
