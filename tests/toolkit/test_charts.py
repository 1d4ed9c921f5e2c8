"""Bar charts drawn on the server: bars in proportion, labels that fit, the data in a table."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from lxml import html as lxml_html

from toolkit import cldr
from toolkit.charts import LABEL_CHARACTERS, BarChart, Row, Series, shorten


def chart(rows, series=("Budget",)):
    return BarChart(
        id="test-chart",
        title="Budgets by start year",
        description="The budgets of the initiatives starting in each year.",
        category_label="Start year",
        series=[Series(label) for label in series],
        rows=rows,
    )


def test_bars_are_in_proportion_to_their_values():
    drawn = chart(
        [
            Row("2022", [50], ["€50"]),
            Row("2024", [200], ["€200"]),
            Row("2025", [None], ["–"]),
        ]
    ).drawing

    (half,), (whole,) = drawn[0]["bars"], drawn[1]["bars"]
    assert float(half["width"]) * 4 == pytest.approx(float(whole["width"]), abs=0.2)
    assert drawn[2]["bars"] == []  # no value, no bar
    # Short labels (years) sit left of the bars, which start after them.
    assert half["x"] > 0


def test_long_labels_go_above_their_bars_and_are_shortened_there_only():
    long = "Water-energy-food-ecosystems nexus and transboundary water cooperation in the basins"
    shown = chart([Row(long, [1], ["€1"])])

    (row,) = shown.drawing
    assert shown.label_width == 0
    assert row["bars"][0]["x"] == 0
    assert row["label"] == shorten(long)
    assert len(row["label"]) == LABEL_CHARACTERS and row["label"].endswith("…")
    assert long in render_to_string("includes/bar_chart.html", {"chart": shown})


def test_two_series_draw_two_bars_per_row_and_a_legend():
    shown = chart(
        [Row("2024", [10, 30], ["€10", "€30"])], series=("Country-specific", "Region-wide")
    )

    (row,) = shown.drawing
    assert [bar["css"] for bar in row["bars"]] == ["series-1", "series-2"]
    assert row["bars"][0]["y"] < row["bars"][1]["y"]
    assert shown.legend


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_chart_renders_title_description_and_the_data_as_a_table(language):
    shown = chart([Row("2022", [Decimal("125200.5")], ["€125,200.50"], ["€125.2K"])])

    with translation.override(language):
        page = lxml_html.fromstring(render_to_string("includes/bar_chart.html", {"chart": shown}))

    svg = page.find(".//svg")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "test-chart-title"
    assert svg.find("title").text == "Budgets by start year"
    assert svg.find("desc").text.startswith("The budgets")
    # Coordinates are SVG's numbers, with a point, whatever the reader's decimal comma.
    assert all("," not in rect.get("width") for rect in svg.iter("rect"))
    cells = [[cell.text_content() for cell in row] for row in page.iter("tr")]
    assert cells == [["Start year", "Budget"], ["2022", "€125,200.50"]]


@pytest.mark.parametrize(
    ("language", "short", "letters"),
    [
        ("en", "€11M", "CHF\xa08.1M"),
        ("ru", "11\xa0млн\xa0€", "8,1\xa0млн\xa0CHF"),
        ("kk", "11\xa0млн\xa0€", "8,1\xa0млн\xa0CHF"),
    ],
)
def test_a_bars_amount_is_short_in_the_readers_language(language, short, letters):
    with translation.override(language):
        assert cldr.format_compact_money(Decimal("11000000.00"), "EUR") == short
        # A letter symbol is spaced from the digits, as in the full amounts.
        assert cldr.format_compact_money(Decimal("8100000"), "CHF") == letters
