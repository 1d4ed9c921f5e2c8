"""The map of Central Asia: vendored country shapes (map_shapes/), each country a link.

The shapes are drawn once by tools/make_map.py from Natural Earth (public
domain); nothing is fetched when a page is served, and no script is needed
to read the map. The pages say what to show on each country (common: the
country's name and address; the apps' numbers come from the page's view).
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

SHAPES = Path(__file__).resolve().parent / "map_shapes" / "central_asia.json"


@functools.cache
def shapes():
    return json.loads(SHAPES.read_text("utf-8"))


def central_asian_codes():
    """The ISO codes of the countries the map draws as links, west to east."""
    return list(shapes()["central_asia"])


@dataclass
class MapCountry:
    code: str
    name: str
    url: str
    label: str  # the numbers under the name
    description: str  # the link's accessible name: name and numbers in words
    path: str
    x: int
    y: int
    current: bool = False


@dataclass
class Map:
    width: int
    height: int
    countries: list  # MapCountry: links
    context: list  # path data of the neighbours: drawn, not links


def central_asia_map(countries, current=None):
    """The map: `countries` is [(code, name, url, label, description)] of those to link.

    A code the shapes do not hold is left out of the drawing (the table beside
    the map still lists it).
    """
    data = shapes()
    drawn = data["countries"]
    links = []
    for code, name, url, label, description in countries:
        shape = drawn.get(code)
        if shape is None or "label" not in shape:
            continue
        x, y = shape["label"]
        links.append(
            MapCountry(code, name, url, label, description, shape["d"], x, y, code == current)
        )
    linked = {country.code for country in links}
    context = [shape["d"] for code, shape in drawn.items() if code not in linked]
    return Map(data["width"], data["height"], links, context)
