"""The country and theme filters every list of the portal offers."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from toolkit.filters import CodeFilter
from toolkit.widgets import LongSelect

from .models import Country, Theme


def country_choices():
    return [(code, name) for _key, code, name in Country.objects.listed()]


class CountryFilter(CodeFilter):
    """?country=KZ&country=kg: records in any of these countries (`queryset.in_countries()`)."""

    pattern = "^[A-Za-z]{2}$"
    description = _("ISO 3166-1 alpha-2 codes (KZ, KG, ...); repeat for several countries.")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("choices", country_choices)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.in_countries(*value) if value else qs


class ThemeFilter(django_filters.ModelChoiceFilter):
    """A theme by its slug (?theme=climate-education)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Theme"))
        kwargs.setdefault("queryset", Theme.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All themes"))
        kwargs.setdefault("widget", LongSelect)
        super().__init__(*args, **kwargs)
