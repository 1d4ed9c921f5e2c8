"""Template tags every page uses: the fallback-language notice, a query string with changes,
numbers and amounts in the reader's format."""

from django import template
from django.utils.translation import get_language, get_language_info

from toolkit import numbers
from toolkit.i18n import fallback_languages

register = template.Library()


@register.inclusion_tag("includes/fallback_notice.html")
def fallback_notice(obj, *fields):
    """Says, in the reader's language, which parts are shown in another language."""
    languages = fallback_languages(obj, fields)
    return {
        "languages": [
            {"code": code, "name": get_language_info(code)["name_translated"]} for code in languages
        ],
        "current": get_language_info(get_language())["name_translated"],
    }


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def number(value):
    """12,345 (en), 12 345 (ru, kk)."""
    return "" if value is None else numbers.number(value)


@register.filter
def amount(value, currency):
    """€11,000,000 (en), 11 000 000 € (ru, kk)."""
    return "" if value is None else numbers.amount(value, currency)
