"""The vendored map of Central Asia: the five countries' shapes and where their labels go."""

import re

from common.maps import central_asia_map, central_asian_codes, shapes

PATH = re.compile(r"^(m-?[\d.]+[ -]-?[\d.]+([ -]-?[\d.]+)*z)+$")


def test_shapes_hold_the_five_central_asian_countries_as_paths_with_a_label_point():
    data = shapes()

    assert central_asian_codes() == ["KZ", "KG", "TJ", "TM", "UZ"]
    assert data["width"] == 600 and 300 < data["height"] < 600
    assert "Natural Earth" in data["source"]
    for code in central_asian_codes():
        country = data["countries"][code]
        assert PATH.match(country["d"]), code
        x, y = country["label"]
        assert 0 < x < data["width"] and 0 < y < data["height"]
    # Neighbours for orientation, clipped to the frame: no label.
    assert {"AF", "CN", "RU", "IR"} <= set(data["countries"])
    assert "label" not in data["countries"]["CN"]


def test_map_links_the_countries_it_is_given_and_draws_the_others_as_context():
    drawn = central_asia_map(
        [
            ("KZ", "Kazakhstan", "/en/countries/kz/", "7 · 8", "Kazakhstan: 7 members"),
            ("KG", "Kyrgyzstan", "/en/countries/kg/", "4 · 7", "Kyrgyzstan: 4 members"),
            ("DE", "Germany", "/en/countries/de/", "0 · 0", "Germany"),  # not on the map
        ],
        current="KG",
    )

    assert [(c.code, c.url, c.current) for c in drawn.countries] == [
        ("KZ", "/en/countries/kz/", False),
        ("KG", "/en/countries/kg/", True),
    ]
    # Tajikistan, Turkmenistan, Uzbekistan and the neighbours: shapes without links.
    assert len(drawn.context) == len(shapes()["countries"]) - 2
