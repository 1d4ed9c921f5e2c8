"""CSV that spreadsheets open safely: cells they would run as a formula are neutralised."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet will not run as a formula (names come from a public form)."""
    value = str(value)
    return f"'{value}" if value[:1] in FORMULA_STARTS else value
