"""The map of the 34 provinces (2025), coloured by an indicator: a choropleth drawn on the server
as SVG, each province a link to its dashboard.

The shapes are `data/provinces-2025.json`, simplified once from TaliaCao/Vietnam-Shape-Map (MIT,
© 2025 Talia Cao, derived from Open Development Vietnam) by `data/simplify.py`; each carries its
NSO province code, matched by name (`province_key`). Drawing is a pure function of plain data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Final

from app.vietqr.text import fold

MAP_FILE: Final = Path(__file__).parent / "data" / "provinces-2025.json"
ATTRIBUTION: Final = (
    "Ranh giới tỉnh: © 2025 Talia Cao (giấy phép MIT), dựa trên dữ liệu của Open Development "
    "Vietnam. / Province boundaries: © 2025 Talia Cao (MIT licence), derived from Open "
    "Development Vietnam."
)
#: Five classes, light to dark (a sequential blue; the darkest keeps 4.5:1 with white).
PALETTE: Final = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA_FILL: Final = "url(#no-data)"
BORDER: Final = "#4d4d4d"
TEXT: Final = "#1a1a1a"

_PREFIX = re.compile(r"^(?:tp|thanh pho|tinh)\s+")
_ALIASES: Final = {"hcm": "ho chi minh"}


def province_key(name: str) -> str:
    """A province's name reduced for matching the map's names to the catalogue's: "TP HCM" and
    "Thành phố Hồ Chí Minh" → "ho chi minh"; "Khánh Hoà" and "Tỉnh Khánh Hòa" → "khanh hoa"."""
    key = _PREFIX.sub("", fold(name))
    return _ALIASES.get(key, key)


@dataclass(frozen=True)
class Shape:
    """One province's outline: NSO code, the map file's name and SVG path data."""

    code: str
    name: str
    d: str


@dataclass(frozen=True)
class ProvinceMap:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    attribution: str


@lru_cache(maxsize=1)
def province_map() -> ProvinceMap:
    """The shipped outlines (read once)."""
    data: dict[str, Any] = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return ProvinceMap(
        width=int(data["width"]),
        height=int(data["height"]),
        shapes=tuple(Shape(item["code"], item["name"], item["d"]) for item in data["provinces"]),
        attribution=str(data["attribution"]),
    )


@dataclass(frozen=True)
class Region:
    """A province's value on the map (None: no data), its text and where a click leads."""

    code: str
    name: str
    value: float | None
    text: str
    href: str | None = None


def class_breaks(values: Sequence[float], *, share: bool, classes: int = 5) -> list[float]:
    """The upper bounds of the classes: equal steps of 0–100 for shares; for counts, equal
    steps up to the largest value (rounded up to a whole number per step)."""
    if share:
        return [100.0 * (step + 1) / classes for step in range(classes)]
    top = max(values, default=0.0)
    if top <= 0:
        return [0.0] * (classes - 1) + [1.0]
    step = -(-top // classes) if top >= classes else top / classes
    return [float(step * (index + 1)) for index in range(classes)]


def class_of(value: float, breaks: Sequence[float]) -> int:
    """The class (0-based) a value falls in: the first whose upper bound it does not pass."""
    for index, bound in enumerate(breaks):
        if value <= bound:
            return index
    return len(breaks) - 1


def _e(text: str) -> str:
    return escape(str(text), quote=True)


def choropleth(
    regions: Mapping[str, Region],
    *,
    title: str,
    description: str,
    breaks: Sequence[float],
    legend_text: Callable[[float, float], str],
    no_data_text: str,
    shapes: ProvinceMap | None = None,
) -> str:
    """The 34 provinces filled by their region's class (`regions` by NSO code), hatched grey
    where there is no data, each a link with the province's name and value as its tooltip; a
    legend (`legend_text(lower, upper)` for each class) in the sea to the east."""
    outline = shapes or province_map()
    size = f"0 0 {outline.width} {outline.height}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{size}" width="100%" role="img" '
        'aria-labelledby="map-t map-d" class="choropleth" '
        "font-family=\"'Be Vietnam Pro', system-ui, sans-serif\">"
        f'<title id="map-t">{_e(title)}</title><desc id="map-d">{_e(description)}</desc>'
        '<defs><pattern id="no-data" width="12" height="12" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="12" height="12" fill="#eeeeee"/>'
        '<line x1="0" y1="0" x2="0" y2="12" stroke="#999999" stroke-width="4"/></pattern></defs>'
    ]
    for shape in outline.shapes:
        region = regions.get(shape.code)
        name = region.name if region else shape.name
        if region is None or region.value is None:
            fill, text = NO_DATA_FILL, (region.text if region else "") or no_data_text
        else:
            fill, text = PALETTE[class_of(region.value, breaks)], region.text
        body = (
            f'<path d="{shape.d}" fill="{fill}" stroke="{BORDER}" stroke-width="0.8" '
            f'data-code="{_e(shape.code)}"><title>{_e(name)}: {_e(text)}</title></path>'
        )
        if region is not None and region.href:
            body = f'<a href="{_e(region.href)}" aria-label="{_e(name)}: {_e(text)}">{body}</a>'
        parts.append(body)
    x, y, row = outline.width * 0.6, 60.0, 46.0
    lower = 0.0
    for index, upper in enumerate(breaks):
        top = y + index * row
        parts.append(
            f'<rect x="{x:.0f}" y="{top:.0f}" width="40" height="32" fill="{PALETTE[index]}" '
            f'stroke="{TEXT}" stroke-width="1"/>'
            f'<text x="{x + 52:.0f}" y="{top + 25:.0f}" font-size="28" fill="{TEXT}">'
            f"{_e(legend_text(lower, upper))}</text>"
        )
        lower = upper
    top = y + len(breaks) * row
    parts.append(
        f'<rect x="{x:.0f}" y="{top:.0f}" width="40" height="32" fill="{NO_DATA_FILL}" '
        f'stroke="{TEXT}" stroke-width="1"/>'
        f'<text x="{x + 52:.0f}" y="{top + 25:.0f}" font-size="28" fill="{TEXT}">'
        f"{_e(no_data_text)}</text></svg>"
    )
    return "".join(parts)
