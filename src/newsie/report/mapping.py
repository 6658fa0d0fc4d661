"""The events on a map, drawn as SVG from a small shipped base map (no tiles, no network).

The base map (resources/report/basemap.json) is Natural Earth's 1:10m land, country
borders and first-level boundaries for the Middle East and North Africa, public
domain, simplified by scripts/build_report_basemap.py. The projection is
equirectangular, fitted to the events' extent, with longitudes shrunk by the cosine
of the middle latitude so that shapes are not stretched.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsie.resources import read_json, read_tsv

WIDTH, HEIGHT = 1000, 600
MIN_SPAN = 3.0  # degrees: one event, or events in one town, still show their region


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    colour: str
    label: str
    event_id: str
    size: int  # fatalities, for the marker's area
    exact: bool  # coordinates of the place itself, not its province's centre


@lru_cache(maxsize=1)
def basemap() -> dict[str, Any]:
    data: dict[str, Any] = read_json("report/basemap.json")
    return data


@lru_cache(maxsize=1)
def admin1_centres() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> (lon, lat) of the division's centre, from the gazetteer."""
    centres = {}
    for row in read_tsv("places/provinces.tsv"):
        if row.get("lat") and row.get("lon"):
            centres[row["code"]] = (float(row["lon"]), float(row["lat"]))
    return centres


def decode(flat: list[int]) -> list[tuple[float, float]]:
    """A ring or line of the base map: hundredths of a degree, then deltas."""
    points, x, y = [], 0, 0
    for i in range(0, len(flat) - 1, 2):
        x += flat[i]
        y += flat[i + 1]
        points.append((x / 100, y / 100))
    return points


class Projection:
    """Equirectangular, fitted to a box of (lon, lat) with a margin."""

    def __init__(self, lons: list[float], lats: list[float]) -> None:
        lon0, lon1 = min(lons), max(lons)
        lat0, lat1 = min(lats), max(lats)
        lon_c, lat_c = (lon0 + lon1) / 2, (lat0 + lat1) / 2
        self.kx = math.cos(math.radians(lat_c))
        span_x = max((lon1 - lon0) * self.kx, MIN_SPAN) * 1.25
        span_y = max(lat1 - lat0, MIN_SPAN) * 1.25
        self.scale = min(WIDTH / span_x, HEIGHT / span_y)
        self.lon_c, self.lat_c = lon_c, lat_c
        half_w, half_h = WIDTH / 2 / self.scale / self.kx, HEIGHT / 2 / self.scale
        self.box = (lon_c - half_w, lat_c - half_h, lon_c + half_w, lat_c + half_h)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = WIDTH / 2 + (lon - self.lon_c) * self.kx * self.scale
        y = HEIGHT / 2 - (lat - self.lat_c) * self.scale
        return round(x, 1), round(y, 1)

    def touches(self, points: list[tuple[float, float]]) -> bool:
        """Some of the shape may be in view (its bounding box meets the view's)."""
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        b = self.box
        return min(xs) <= b[2] and max(xs) >= b[0] and min(ys) <= b[3] and max(ys) >= b[1]


def _path(proj: Projection, shapes: list[list[int]], closed: bool) -> str:
    parts = []
    for flat in shapes:
        points = decode(flat)
        if len(points) < 2 or not proj.touches(points):
            continue
        xy = [proj(lon, lat) for lon, lat in points]
        d = "M" + "L".join(f"{x:g},{y:g}" for x, y in xy)
        parts.append(d + ("Z" if closed else ""))
    return "".join(parts)


def in_region(lon: float, lat: float) -> bool:
    """Inside the base map's region (a place outside it would stretch the map over
    blank sea and shrink the region where the events are)."""
    lon0, lat0, lon1, lat1 = basemap()["bbox"]
    return bool(lon0 <= lon <= lon1 and lat0 <= lat <= lat1)


def map_svg(points: list[MapPoint]) -> str:
    """The SVG map: land, first-level boundaries, country borders, then one circle per
    event (hover shows the event). Give only points `in_region`."""
    if not points:
        return '<p class="empty">No event has a place to map.</p>'
    proj = Projection([p.lon for p in points], [p.lat for p in points])
    base = basemap()
    land = _path(proj, base["land"], closed=True)
    admin1 = _path(proj, base["admin1"], closed=False)
    admin0 = _path(proj, base["admin0"], closed=False)
    circles = []
    # The biggest first, so that small markers stay visible on top.
    for p in sorted(points, key=lambda p: -p.size):
        x, y = proj(p.lon, p.lat)
        r = 4 + 2.2 * math.sqrt(p.size)
        dash = "" if p.exact else ' stroke-dasharray="2 2"'
        circles.append(
            f'<circle class="ev" data-event="{html.escape(p.event_id)}" cx="{x:g}" cy="{y:g}" '
            f'r="{min(r, 22):.1f}" fill="{p.colour}"{dash}><title>{html.escape(p.label)}</title>'
            "</circle>"
        )
    return (
        f'<svg id="map" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'role="img" aria-label="Map of the events" xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#dbe8f3"/>'
        f'<path d="{land}" fill="#f4f1ea" fill-rule="evenodd" stroke="#9aa7b3" stroke-width="0.6"/>'
        f'<path d="{admin1}" fill="none" stroke="#b9b4a8" stroke-width="0.6" '
        'stroke-dasharray="3 2"/>'
        f'<path d="{admin0}" fill="none" stroke="#6f6a60" stroke-width="1.2"/>'
        f'<g stroke="#222" stroke-width="0.8" fill-opacity="0.8">{"".join(circles)}</g>'
        "</svg>"
    )


def event_position(locations: list[Any]) -> tuple[float, float, bool] | None:
    """(lon, lat, exact) of an event: its first place with coordinates, else the
    centre of its first place's province; None when neither is known."""
    for loc in locations:
        if loc.lat is not None and loc.lon is not None:
            return loc.lon, loc.lat, loc.type == "LOCATION"
    centres = admin1_centres()
    for loc in locations:
        if loc.admin1 in centres:
            lon, lat = centres[loc.admin1]
            return lon, lat, False
    return None
