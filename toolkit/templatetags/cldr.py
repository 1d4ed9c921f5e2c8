"""Filters that write dates, times, numbers and money as CLDR does in the reader's language.

`{{ initiative.budget_amount|money:initiative.budget_currency }}`, `{{ count|number }}`,
`{{ share.percentage|percent }}`, `{{ deadline|day_time }}`, `{{ created|day }}`,
`{{ event.start_time|clock }}`; see toolkit.cldr. An empty value stays empty.
"""

import datetime

from django import template
from django.utils import timezone

from toolkit import cldr

register = template.Library()


@register.filter
def money(amount, currency):
    """An amount in its currency: "€11,000,000", "11 000 000 €"."""
    if amount is None or amount == "":
        return ""
    if not currency:
        return cldr.format_number(amount)
    return cldr.format_money(amount, currency)


@register.filter
def number(value):
    """A count or total with the locale's digit grouping: "12,345", "12 345"."""
    if value is None or value == "":
        return ""
    return cldr.format_number(value)


@register.filter
def percent(value):
    """A share given in percent (0–100): "40.5%", "40,5 %"."""
    if value is None or value == "":
        return ""
    return cldr.format_percentage(value)


@register.filter
def day(value):
    """A date (or a datetime's date, in the active time zone) in full."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return cldr.format_day(value)


@register.filter
def day_time(value):
    """A date and time of day: "May 20, 2030, 10:00 AM", "2030 ж. 20 мамыр, 10:00"."""
    if not value:
        return ""
    return cldr.format_day_time(value)


@register.filter
def clock(value):
    """A time of day in the locale's short format: "10:00 AM", "10:00"."""
    if not value:
        return ""
    return cldr.format_time(value)
