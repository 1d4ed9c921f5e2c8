"""Bar charts drawn on the server as inline SVG, with their data as a table beside them.

A chart is a few rectangles and words: no JavaScript, no library, nothing
fetched, and what it shows is readable without it (the SVG is one labelled
image with a title and a description; the table holds every figure). Each
category (a year, a theme) is a row: its label above, one bar per series below
it, so labels of any length fit on a phone. The caller gives the values and
their texts already formatted for the reader (toolkit.cldr): the chart
knows no currency.

Drawn with templates/includes/bar_chart.html: {% include "includes/bar_chart.html" %}
with `chart` in the context.
"""

from dataclasses import dataclass, field

# The drawing's units (its viewBox): it is scaled to the width it is given.
WIDTH = 400
LABEL_HEIGHT = 18  # a category's label line
BAR_HEIGHT = 14
BAR_GAP = 3  # between the bars of one category
ROW_GAP = 10  # between categories
VALUE_ROOM = 78  # room after the longest bar for its value
CHARACTER_WIDTH = 7.2  # about the width of a character at the labels' size
LABEL_CHARACTERS = int(WIDTH / CHARACTER_WIDTH)
INLINE_LABEL = 12  # labels up to this many characters go left of the bars


@dataclass(frozen=True)
class Series:
    label: str
    key: str = ""  # a CSS class suffix: series-<n> when empty


@dataclass
class Row:
    label: str
    values: list  # one number (or None) per series: the bars' lengths
    texts: list  # one text per series: the table's cells (full amounts)
    short: list = field(default_factory=list)  # beside the bars (compact); texts when empty


@dataclass
class BarChart:
    """A horizontal bar chart: rows of categories, one bar per series in each."""

    id: str  # unique on the page: the title's and description's ids derive from it
    title: str
    description: str
    category_label: str  # the table's first column heading
    series: list
    rows: list

    @property
    def legend(self):
        return len(self.series) > 1

    @property
    def series_classes(self):
        return [s.key or f"series-{number}" for number, s in enumerate(self.series, 1)]

    @property
    def legend_items(self):
        return [
            {"label": s.label, "css": css}
            for s, css in zip(self.series, self.series_classes, strict=True)
        ]

    @property
    def largest(self):
        return max((v for row in self.rows for v in row.values if v), default=0)

    @property
    def label_width(self):
        """Short labels (years) sit left of their bars; longer ones (themes) above them."""
        longest = max((len(row.label) for row in self.rows), default=0)
        return round(longest * CHARACTER_WIDTH + 8) if longest <= INLINE_LABEL else 0

    @property
    def row_height(self):
        bars = len(self.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        return (0 if self.label_width else LABEL_HEIGHT) + bars + ROW_GAP

    @property
    def height(self):
        return len(self.rows) * self.row_height

    @property
    def drawing(self):
        """Each row's label and bars, placed: what the template draws."""
        largest, left = self.largest, self.label_width
        room = WIDTH - left - VALUE_ROOM
        classes = self.series_classes
        rows = []
        for number, row in enumerate(self.rows):
            y = number * self.row_height
            bar_y = y + (0 if left else LABEL_HEIGHT)
            # Beside the bars, the label is centred on them; above, it sits on its own line.
            label_y = (
                y + (len(self.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP) / 2 + 4.5
                if left
                else y + LABEL_HEIGHT - 5
            )
            bars = []
            short = row.short or row.texts
            for value, text, css in zip(row.values, short, classes, strict=True):
                if value is not None:
                    # A value too small to see still gets a sliver.
                    length = max(value / largest * room, 1.5) if largest and value else 0
                    bars.append(
                        {
                            "x": left,
                            "y": bar_y,
                            "width": svg_number(length),
                            "text_x": svg_number(left + length + 4),
                            "text_y": bar_y + BAR_HEIGHT - 3,
                            "text": text,
                            "css": css,
                        }
                    )
                bar_y += BAR_HEIGHT + BAR_GAP
            rows.append({"label": shorten(row.label), "label_y": svg_number(label_y), "bars": bars})
        return rows


def svg_number(value):
    """A coordinate as SVG reads it: a point, never the reader's decimal comma."""
    return f"{value:.1f}".removesuffix(".0")


def shorten(label):
    """A label that fits the drawing's width; the table has it whole."""
    if len(label) <= LABEL_CHARACTERS:
        return label
    return label[: LABEL_CHARACTERS - 1].rstrip() + "…"
