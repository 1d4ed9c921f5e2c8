"""CSV that spreadsheets open safely: every CSV the portal writes goes through SpreadsheetWriter.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (and, in some,
a tab or a carriage return) as a formula: `=HYPERLINK(...)` typed into a public
form would become a live link in a staff member's spreadsheet ("CSV injection",
OWASP). Which cells are neutralised:

- Text (a `str`, whatever it holds) that starts with one of those characters
  gets a leading apostrophe, which spreadsheets show as text and do not run.
  Text is what people typed: names, titles, notes, web addresses.
- Numbers (`int`, `Decimal`, `float`) are data, written as plain numbers: a
  negative amount stays `-250.00`, which a spreadsheet reads as a number and
  never runs. A `Decimal` is written with a point and no exponent.
- Dates and times are written in ISO 8601 (`2025-11-03`), which starts with a
  digit. `None` is an empty cell.

So a column that holds numbers passes numbers, not text; text that merely
looks like a number ("-5" typed in a title) is text and is neutralised.
"""

import csv
import datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# First in a file, so that spreadsheets read the Cyrillic as UTF-8.
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_safe(value):
    """Text a spreadsheet will not run as a formula."""
    value = str(value)
    return f"'{value}" if value[:1] in FORMULA_STARTS else value


def cell(value):
    """What a CSV cell holds for `value`: numbers and dates as data, text neutralised."""
    if type(value) is str:  # most cells: first, and without a call
        return f"'{value}" if value[:1] in FORMULA_STARTS else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.date):  # a datetime is a date too
        return value.isoformat()
    return spreadsheet_safe(value)


class _Line:
    """A file whose write() hands back what it was given: csv.writer then returns the line."""

    def write(self, value):
        return value


class SpreadsheetWriter:
    """csv.writer's rows as text, every cell made safe by `cell()`.

    It returns each line instead of writing it, so the same rows can be
    streamed (a generator yields them), written to an HttpResponse or to a file.
    """

    def __init__(self):
        self._writer = csv.writer(_Line())

    def header(self, labels):
        """The first line of the file: the byte order mark and the column labels."""
        return BYTE_ORDER_MARK + self.row(str(label) for label in labels)

    def row(self, values):
        return self._writer.writerow([cell(value) for value in values])


def unguarded(value):
    """What `spreadsheet_safe` was given: a file the portal exported imports as it was.

    Only an apostrophe before a formula's first character is dropped: "'=1"
    was "=1"; "'Teachers'" and "'s Gravenhage" keep theirs.
    """
    if type(value) is str and value[:1] == "'" and value[1:2] in FORMULA_STARTS and value[1:]:
        return value[1:]
    return value
