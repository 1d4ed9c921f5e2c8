"""Draw the map of Central Asia once: Natural Earth boundaries, projected, simplified, vendored.

    mkdir /tmp/atlas && (cd /tmp/atlas && npm i world-atlas@2.0.2)
    python tools/make_map.py /tmp/atlas/node_modules/world-atlas/countries-50m.json

writes common/map_shapes/central_asia.json: each country's SVG path in one
Albers equal-area conic projection (standard parallels 40° and 50° N, centred
on 67° E), clipped to the frame around the five Central Asian countries and
simplified (Douglas–Peucker) to about half a unit of a 600-unit-wide view,
with a point inside each Central Asian country to put its label on. The pages
read that file (common/maps.py); nothing is fetched when they are served.

Source: Natural Earth 1:50m Admin 0 countries (public domain), as TopoJSON in
the world-atlas npm package 2.0.2 (ISC licence, Mike Bostock); the package is
installed in a scratch folder, never committed.

Hand-written (standard library only) because the pieces are small and a
TopoJSON or GIS library (shapely, topojson, pyproj) would be a dependency for
a file made once: decoding TopoJSON arcs, a projection, Douglas–Peucker
simplification of each shared arc (so neighbours keep one common border) and
Sutherland–Hodgman clipping of rings to a rectangle.
"""

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "common" / "map_shapes" / "central_asia.json"

# ISO 3166-1 numeric (world-atlas ids) to alpha-2 (the portal's codes), for the
# countries in or next to the frame.
ALPHA2 = {
    "398": "KZ",
    "417": "KG",
    "762": "TJ",
    "795": "TM",
    "860": "UZ",
    "004": "AF",
    "031": "AZ",
    "051": "AM",
    "156": "CN",
    "268": "GE",
    "356": "IN",
    "364": "IR",
    "368": "IQ",
    "496": "MN",
    "586": "PK",
    "643": "RU",
    "792": "TR",
}
CENTRAL_ASIA = ["KZ", "KG", "TJ", "TM", "UZ"]

WIDTH = 600  # the view's width, in SVG units
TOLERANCE = 0.5  # Douglas–Peucker tolerance, in view units
PADDING = 12  # around the Central Asian countries, in view units
MIN_RING_AREA = 4  # rings smaller than this (square view units) are dropped
# What is clipped to before projecting: wide enough for the frame, narrow enough
# that no ring wraps round the projection's back.
LONLAT_BOX = (30.0, 25.0, 110.0, 65.0)


class Albers:
    """Albers equal-area conic projection on the sphere (Snyder, Map Projections, 1987, p. 100)."""

    def __init__(self, parallel1=40.0, parallel2=50.0, origin_lat=45.0, origin_lon=67.0):
        phi1, phi2, phi0 = (math.radians(v) for v in (parallel1, parallel2, origin_lat))
        self.n = (math.sin(phi1) + math.sin(phi2)) / 2
        self.c = math.cos(phi1) ** 2 + 2 * self.n * math.sin(phi1)
        self.rho0 = math.sqrt(self.c - 2 * self.n * math.sin(phi0)) / self.n
        self.lon0 = origin_lon

    def __call__(self, lon, lat):
        rho = math.sqrt(self.c - 2 * self.n * math.sin(math.radians(lat))) / self.n
        theta = self.n * math.radians(lon - self.lon0)
        # y grows downwards in SVG.
        return rho * math.sin(theta), -(self.rho0 - rho * math.cos(theta))


def decode_arcs(topology):
    """Each arc as a list of (lon, lat): quantized deltas, summed and transformed."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def douglas_peucker(points, tolerance):
    """The indices of `points` kept, first and last always (iterative, no recursion limit)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return sorted(keep)


def clip(ring, inside, intersect):
    """Sutherland–Hodgman: `ring` clipped to one edge of a convex region."""
    result = []
    for index, current in enumerate(ring):
        previous = ring[index - 1]
        if inside(current):
            if not inside(previous):
                result.append(intersect(previous, current))
            result.append(current)
        elif inside(previous):
            result.append(intersect(previous, current))
    return result


def clip_to_box(ring, left, top, right, bottom):
    """`ring` clipped to the rectangle (the four edges in turn)."""

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, intersect in [
        (lambda p: p[0] >= left, at_x(left)),
        (lambda p: p[0] <= right, at_x(right)),
        (lambda p: p[1] >= top, at_y(top)),
        (lambda p: p[1] <= bottom, at_y(bottom)),
    ]:
        if not ring:
            break
        ring = clip(ring, inside, intersect)
    return ring


def area(ring):
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )
        / 2
    )


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_of(arc_indices, arcs):
    """A ring from its arcs: a negative index (~i) is arc i reversed; shared ends joined once."""
    ring = []
    for index in arc_indices:
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        ring.extend(points[1:] if ring else points)
    return ring


def distance_to_ring(point, ring):
    px, py = point
    best = math.inf
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        dx, dy = bx - ax, by - ay
        t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1)
        t = max(0.0, min(1.0, t))
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def contains(ring, point):
    px, py = point
    inside = False
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (ay > py) != (by > py) and px < ax + (bx - ax) * (py - ay) / (by - ay):
            inside = not inside
    return inside


def label_point(ring, step=2.0):
    """The point of the ring farthest from its edges (a coarse grid search): room for a label."""
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    best, best_distance = None, -1.0
    y = min(ys)
    while y <= max(ys):
        x = min(xs)
        while x <= max(xs):
            if contains(ring, (x, y)):
                d = distance_to_ring((x, y), ring)
                if d > best_distance:
                    best, best_distance = (x, y), d
            x += step
        y += step
    return best


def path_data(rings):
    """SVG path data, relative moves and lines to one decimal: the smallest common form."""
    parts = []
    position = (0, 0)
    for ring in rings:
        points = [(round(x * 10), round(y * 10)) for x, y in ring]
        # Drop repeated points that rounding made.
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(points) < 3:
            continue
        commands = []
        for index, (x, y) in enumerate(points):
            dx, dy = x - position[0], y - position[1]
            pair = number(dx) + number(dy)
            commands.append("m" + pair.lstrip() if index == 0 else pair)
            position = (x, y)
        parts.append("".join(commands) + "z")
        # After "z" the current point is the ring's first point.
        position = points[0]
    return "".join(parts)


def number(tenths):
    """A coordinate in tenths as SVG writes it shortest: "-0.5", "12", " 3.1"."""
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    text = text.replace("0.", ".", 1) if text.startswith("0.") else text.replace("-0.", "-.", 1)
    return text if text.startswith("-") else " " + text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="world-atlas's countries-50m.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    topology = json.loads(args.topojson.read_text())
    project = Albers()
    arcs = decode_arcs(topology)
    # Each arc simplified once, in projected units, so both sides of a border keep
    # the same line. The scale is fixed below; simplify in projected units scaled to it.
    geometries = {
        ALPHA2[g["id"]]: g
        for g in topology["objects"]["countries"]["geometries"]
        if g.get("id") in ALPHA2
    }
    # The frame: the Central Asian countries' projected extent, with padding.
    core = [
        project(lon, lat)
        for code in CENTRAL_ASIA
        for polygon in polygons_of(geometries[code])
        for ring in polygon
        for lon, lat in ring_of(ring, arcs)
    ]
    min_x, max_x = min(x for x, _ in core), max(x for x, _ in core)
    min_y, max_y = min(y for _, y in core), max(y for _, y in core)
    scale = (WIDTH - 2 * PADDING) / (max_x - min_x)
    height = round((max_y - min_y) * scale + 2 * PADDING)

    def to_view(lon, lat):
        x, y = project(lon, lat)
        return ((x - min_x) * scale + PADDING, (y - min_y) * scale + PADDING)

    simplified = []
    for arc in arcs:
        projected = [to_view(lon, lat) for lon, lat in arc]
        simplified.append([arc[i] for i in douglas_peucker(projected, TOLERANCE)])

    countries = {}
    for code, geometry in sorted(geometries.items()):
        rings = []
        for polygon in polygons_of(geometry):
            for ring_arcs in polygon:
                ring = clip_to_box(ring_of(ring_arcs, simplified), *LONLAT_BOX)
                ring = clip_to_box([to_view(lon, lat) for lon, lat in ring], 0, 0, WIDTH, height)
                if len(ring) >= 3 and area(ring) >= MIN_RING_AREA:
                    rings.append(ring)
        if not rings:
            continue
        entry = {"name": geometry["properties"]["name"], "d": path_data(rings)}
        if code in CENTRAL_ASIA:
            x, y = label_point(max(rings, key=area))
            entry["label"] = [round(x), round(y)]
        countries[code] = entry
    data = {
        "source": (
            "Natural Earth 1:50m Admin 0 countries (public domain), via the world-atlas npm "
            "package 2.0.2 (ISC); Albers equal-area conic, parallels 40 and 50 N, centred on 67 E; "
            "made by tools/make_map.py"
        ),
        "width": WIDTH,
        "height": height,
        "central_asia": CENTRAL_ASIA,
        "countries": countries,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    size = args.output.stat().st_size
    print(f"{args.output.relative_to(ROOT)}: {len(countries)} countries, {size:,} bytes")


if __name__ == "__main__":
    sys.exit(main())
