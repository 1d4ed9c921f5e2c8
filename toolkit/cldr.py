"""Dates, ranges, numbers and money as CLDR writes them in the reader's language, through Babel.

Public pages, e-mails, feeds and the human-readable texts of exports go through
these functions; Django's own formats (`alliance/formats`) are left to the
admin's date widgets. Machine formats (ISO 8601 dates, plain decimals) never
come here.

Two steps of CLDR that Babel 2.19 leaves out are done here, each in a few
lines: widening the month in an interval pattern ("22–24 апреля", not
"22–24 апр.": TR35's field-width adjustment, which ICU applies), and the
currency spacing that puts a no-break space between a letter symbol and a
digit ("CHF 1,610,000", not "CHF1,610,000").
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel import units as babel_units
from django.conf import settings
from django.utils import timezone, translation

# Skeletons (TR35 date field symbols) for a date known to the day, the month or the year.
DAY = "yMMMMd"
MONTH = "yMMMM"
YEAR = "y"


@functools.cache
def _locale(language):
    return Locale.parse(translation.to_locale(language))


def current_locale():
    """The Babel locale of the active language (the default one outside a request)."""
    return _locale(translation.get_language() or settings.LANGUAGE_CODE)


def format_skeleton(value, skeleton):
    """One date with the locale's pattern for a skeleton: "ноябрь 2021 г.", "2026 ж. 22 сәуір"."""
    return babel_dates.format_skeleton(skeleton, value, locale=current_locale())


@dataclass(frozen=True)
class Interval:
    """A formatted range in two pieces around its separator, so each piece can be a <time>."""

    first: str
    separator: str = ""
    last: str = ""

    def __str__(self):
        return f"{self.first}{self.separator}{self.last}"


# The separator that CLDR's interval patterns end their first piece with.
_TRAILING_SEPARATOR = re.compile(r"\s*[–—‒-]\s*$")
# A pattern's month fields, skipping quoted literals ('г'., 'ж'.).
_MONTH_FIELD = re.compile(r"'[^']*'|M+|L+")


def _widen_months(pattern, width):
    """The pattern with its text months at `width` (TR35 field-width adjustment; Babel skips it)."""

    def widen(match):
        field = match.group(0)
        if field.startswith("'") or len(field) < 3:
            return field
        return field[0] * width

    return _MONTH_FIELD.sub(widen, pattern)


def _fallback(first, last, locale):
    """CLDR's fallback interval pattern ("{0} – {1}"), split around its separator."""
    before, _, after = locale.interval_formats[None].partition("{0}")
    separator, _, tail = after.partition("{1}")
    return Interval(f"{before}{first}", separator, f"{last}{tail}")


def _split(first, last):
    match = _TRAILING_SEPARATOR.search(first)
    if match is None:
        return Interval(first, "", last)
    return Interval(first[: match.start()], match.group(0), last)


@functools.cache
def _interval_patterns(language, skeleton):
    """{field that differs: (first pattern, last pattern)} for a skeleton; None if none fits."""
    formats = _locale(language).interval_formats
    matched = skeleton if skeleton in formats else babel_dates.match_skeleton(skeleton, formats)
    if matched is None:
        return None
    width = skeleton.count("M") or skeleton.count("L")
    return {
        field: tuple(_widen_months(pattern, width) for pattern in pair)
        for field, pair in formats[matched].items()
    }


def format_interval(start, end, skeleton):
    """A range of dates with the locale's interval format: "22–24 апреля 2026 г.".

    Like `babel.dates.format_interval` (the largest field that differs picks
    the pattern; dates equal in the skeleton's fields give one date), but the
    month keeps the skeleton's width where Babel borrows a nearby skeleton's
    abbreviated one. The patterns are worked out once per language and skeleton.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    locale = _locale(language)
    fields = [
        ("y", start.year != end.year),
        ("M", start.month != end.month),
        ("d", start.day != end.day),
    ]
    if not any(differs for field, differs in fields if field in skeleton):
        return Interval(format_skeleton(start, skeleton))
    patterns = _interval_patterns(language, skeleton) or {}
    for field, differs in fields:
        if differs and field in patterns:
            first, last = (
                babel_dates.format_date(value, pattern, locale=locale)
                for pattern, value in zip(patterns[field], (start, end), strict=True)
            )
            return _split(first, last)
    return _fallback(format_skeleton(start, skeleton), format_skeleton(end, skeleton), locale)


def format_mixed_interval(first, last):
    """Two dates already formatted (at different precisions) joined by CLDR's fallback pattern."""
    return _fallback(first, last, current_locale())


def format_day(value):
    """A date in full: "April 22, 2026", "22 апреля 2026 г.", "2026 ж. 22 сәуір"."""
    return format_skeleton(value, DAY)


def format_day_time(value):
    """A date and time of day in the active time zone, as the locale joins them."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    locale = current_locale()
    # The same joining of a long date and a short time as babel.dates.format_datetime's own.
    return (
        babel_dates.get_datetime_format("long", locale=locale)
        .replace("'", "")
        .replace("{0}", format_time(value))
        .replace("{1}", babel_dates.format_date(value, "long", locale=locale))
    )


def format_time(value):
    """A time of day with the locale's short time format: "10:00 AM", "10:00"."""
    return babel_dates.format_time(value, "short", locale=current_locale())


# The units a length of time is said in, largest first, with their seconds.
DURATION_UNITS = [("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)]


def format_duration(seconds):
    """A length of time exactly, in the largest whole unit: "1 hour", "90 минут", "2 күн"."""
    unit, size = next((unit, size) for unit, size in DURATION_UNITS if seconds % size == 0)
    return babel_units.format_unit(
        seconds // size, f"duration-{unit}", length="long", locale=current_locale()
    )


def format_number(value):
    """A count or total with the locale's grouping: "12,345", "12 345"."""
    return babel_numbers.format_decimal(value, locale=current_locale())


def format_percentage(value):
    """A share given in percent (0–100): "40.5%", "40,5 %" (Russian spaces it)."""
    return babel_numbers.format_percent(
        Decimal(value) / 100, locale=current_locale(), decimal_quantization=False
    )


@functools.cache
def _whole_pattern(language):
    # The locale's standard currency pattern without its decimals: "#,##0.00 ¤" → "#,##0 ¤".
    return re.sub(r"\.0+", "", _locale(language).currency_formats["standard"].pattern)


def _is_symbol_or_space(character):
    return unicodedata.category(character)[0] in "SZ"


def _space_currency(text, symbol):
    """CLDR's currencySpacing (root): a no-break space between a letter symbol and a digit."""
    position = text.find(symbol)
    if position < 0:
        return text
    end = position + len(symbol)
    if end < len(text) and text[end].isdigit() and not _is_symbol_or_space(symbol[-1]):
        return f"{text[:end]}\xa0{text[end:]}"
    if position > 0 and text[position - 1].isdigit() and not _is_symbol_or_space(symbol[0]):
        return f"{text[:position]}\xa0{text[position:]}"
    return text


def format_money(amount, currency):
    """An amount in its currency: "€11,000,000", "11 000 000 €", "CHF 1,610,000", "$541,500.50".

    Whole amounts drop their ",00" (as ICU's trailingZeroDisplay "stripIfInteger"):
    the sources give budgets in whole units, and "11 000 000,00 €" claims a
    precision nobody has. Other amounts keep the currency's own decimals.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    locale = _locale(language)
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        text = babel_numbers.format_currency(
            amount, currency, _whole_pattern(language), locale=locale, currency_digits=False
        )
    else:
        text = babel_numbers.format_currency(amount, currency, locale=locale)
    return _space_currency(text, babel_numbers.get_currency_symbol(currency, locale=locale))


def format_compact_money(amount, currency):
    """An amount in few characters, beside a chart's bar: "€11M", "11 млн €", "CHF 8.1M".

    The table beside the chart gives it in full (format_money).
    """
    locale = current_locale()
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        amount = int(amount)
    text = babel_numbers.format_compact_currency(amount, currency, locale=locale, fraction_digits=1)
    return _space_currency(text, babel_numbers.get_currency_symbol(currency, locale=locale))
