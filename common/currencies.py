"""Currencies as staff pick them: ISO 4217 codes named in their own language, usual ones first.

The names and the list of currencies in use are CLDR's, through Babel.
"""

import datetime
from functools import lru_cache

from babel.core import get_global
from babel.numbers import get_currency_name, get_territory_currencies
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

# What the alliance's initiatives are budgeted in: its funders' and its countries' currencies.
USUAL = ["EUR", "USD", "CHF", "GBP", "JPY", "KZT", "KGS", "TJS", "UZS", "TMT"]


def label(code, language):
    """'KZT – Kazakhstani tenge', in the admin's language; the code alone where CLDR has no name."""
    name = get_currency_name(code, locale=language)
    return code if name == code else f"{code} – {capfirst(name)}"


@lru_cache(maxsize=4)
def in_use():
    """The codes of the currencies some country uses today (CLDR), without withdrawn ones."""
    today = datetime.date.today()
    codes = set()
    for territory in get_global("territory_currencies"):
        codes.update(get_territory_currencies(territory, start_date=today, tender=True))
    return sorted(codes | set(USUAL))


@lru_cache(maxsize=8)
def currency_choices(language):
    """Grouped choices: the usual currencies, then every other one in use, by code."""
    with translation.override(language):
        usual, other = gettext("Usual currencies"), gettext("Other currencies")
    return [
        ("", "---------"),
        (usual, [(code, label(code, language)) for code in USUAL]),
        (other, [(code, label(code, language)) for code in in_use() if code not in USUAL]),
    ]
