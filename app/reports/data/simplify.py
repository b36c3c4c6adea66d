"""Make `provinces-2025.json` (the map the app ships) from the 34 provinces' boundaries, once.

    python -m app.reports.data.simplify SOURCE.geojson app/reports/data/provinces-2025.json

The source (3.9 MB, 118,429 points) is TaliaCao/Vietnam-Shape-Map's
Maps/GeoJSON/diaphantinhvn_merged.geojson, MIT licence, © 2025 Talia Cao, derived from Open
Development Vietnam's 63-province dataset (see LICENSE-provinces-2025.txt beside this file).
Each ring is projected (equirectangular, scaled by cos 16° so shapes keep their proportions at
Vietnam's latitudes) onto a 1000-unit-high canvas, simplified with Douglas–Peucker (stdlib
only: shapely is no dependency of Quét), rounded to whole units and written as SVG path data.
Rings that shrink below a triangle (small islands) are dropped. Each feature keeps its name and
gets its NSO province code by name (`app.reports.map.province_key`).
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any

#: The projection's reference latitude and the simplification tolerance in canvas units.
REFERENCE_LATITUDE = 16.0
TOLERANCE = 0.6
HEIGHT = 1000.0

Point = tuple[float, float]


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """The points of `points` that keep the line within `tolerance` of the original."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, distance = -1, tolerance
        for index in range(first + 1, last):
            x, y = points[index]
            if length == 0:
                gap = math.hypot(x - x1, y - y1)
            else:
                gap = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            if gap > distance:
                farthest, distance = index, gap
        if farthest >= 0:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def main(source: Path, target: Path) -> None:
    from vietnam_provinces import Province

    from app.reports.map import province_key

    data = json.loads(source.read_text(encoding="utf-8"))
    scale_x = math.cos(math.radians(REFERENCE_LATITUDE))
    rings_lonlat = [
        (feature, ring)
        for feature in data["features"]
        for polygon in _polygons(feature["geometry"])
        for ring in polygon
    ]
    xs = [lon * scale_x for _, ring in rings_lonlat for lon, _lat in ring]
    ys = [-lat for _, ring in rings_lonlat for _lon, lat in ring]
    factor = HEIGHT / (max(ys) - min(ys))
    left, top = min(xs), min(ys)
    width = math.ceil((max(xs) - left) * factor)

    codes = {province_key(unit.name): f"{unit.code:02d}" for unit in Province.iter_all()}
    provinces = []
    for feature in data["features"]:
        commands = []
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                projected = [
                    ((lon * scale_x - left) * factor, (-lat - top) * factor) for lon, lat in ring
                ]
                simple = douglas_peucker(projected, TOLERANCE)
                rounded: list[tuple[int, int]] = []
                for x, y in simple:
                    spot = (round(x), round(y))
                    if not rounded or rounded[-1] != spot:
                        rounded.append(spot)
                if len(set(rounded)) < 3:
                    continue
                start = rounded[0]
                steps = " ".join(
                    f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(rounded)
                )
                commands.append(f"M{start[0]} {start[1]}l{steps}z")
        name = feature["properties"]["ten_tinh"]
        provinces.append({"name": name, "code": codes[province_key(name)], "d": "".join(commands)})
    output = {
        "source": "TaliaCao/Vietnam-Shape-Map, Maps/GeoJSON/diaphantinhvn_merged.geojson",
        "attribution": "© 2025 Talia Cao (MIT), derived from Open Development Vietnam",
        "width": width,
        "height": int(HEIGHT),
        "provinces": sorted(provinces, key=lambda item: item["code"]),
    }
    target.write_text(
        json.dumps(output, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
