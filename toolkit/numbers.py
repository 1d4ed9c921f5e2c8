"""Numbers and amounts as the reader writes them: CLDR's patterns (Babel) for the page's language.

Django's own number formatting knows grouping and decimal separators but not
currencies or compact forms ("€11M", "11 млн €"); Babel carries CLDR's for
English, Russian and Kazakh.
"""

import functools
from decimal import Decimal

from babel import Locale
from babel.numbers import (
    format_compact_currency,
    format_compact_decimal,
    format_currency,
    format_decimal,
)
from django.utils.translation import get_language, to_locale


def reader_locale(language=None):
    return _locale(to_locale(language or get_language() or "en"))


@functools.cache
def _locale(name):
    """Babel parses a locale's name on every call: once per language is enough."""
    return Locale.parse(name)


def _plain(value):
    """Whole amounts without decimals: a budget of 11,000,000.00 is shown as 11,000,000."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value


def amount(value, currency, language=None):
    """€11,000,000 (en), 11 000 000 € (ru, kk); cents only when there are any."""
    value, locale = _plain(value), reader_locale(language)
    pattern = None
    if isinstance(value, int):
        # The locale's own pattern without its decimals ("¤#,##0.00" -> "¤#,##0").
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(value, currency, format=pattern, locale=locale, currency_digits=False)


def short_amount(value, currency, language=None):
    """€11M, 11 млн €: for a chart's bar, where the table beside it has the full amount."""
    return format_compact_currency(
        _plain(value), currency, locale=reader_locale(language), fraction_digits=1
    )


def number(value, language=None):
    return format_decimal(_plain(value), locale=reader_locale(language))


def short_number(value, language=None):
    return format_compact_decimal(_plain(value), locale=reader_locale(language), fraction_digits=1)
