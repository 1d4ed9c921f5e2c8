"""Filters that the members, events and initiatives FilterSets share.

Each list page, its export and (later) the API use one FilterSet, so a filter
is written once. Bad input becomes a form error the page shows, never a 500.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .i18n import fallback_chain
from .models import Country, Theme
from .widgets import LongSelect

SEARCH_MAX_LENGTH = 200


class ChoicesReadOnce(BaseChoiceIterator):
    """Callable choices, called on first use and then kept."""

    def __init__(self, choices):
        self.choices_func = choices if callable(choices) else lambda: choices
        self.cached = None

    def __iter__(self):
        if self.cached is None:
            self.cached = list(self.choices_func())
        yield from self.cached


class CountryCodeField(forms.MultipleChoiceField):
    """ISO alpha-2 codes, repeatable (?country=KZ&country=kg), case-insensitive."""

    def __init__(self, *, choices=(), **kwargs):
        super().__init__(**kwargs)
        # Read the countries at most once per form, and only when needed:
        # Django re-reads callable choices for every code in the address and
        # again to draw the form; the API never draws it.
        self.choices = ChoicesReadOnce(choices)

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        # Django copies the widget's choices apart from the field's; share one.
        copied.widget.choices = copied.choices
        return copied

    def to_python(self, value):
        # An empty ?country= (a blank form field) asks for nothing: ignore it.
        codes = (code.strip().upper() for code in super().to_python(value))
        return [code for code in codes if code]


def country_choices():
    return [(code, name) for _key, code, name in Country.objects.listed()]


class CountryFilter(django_filters.MultipleChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("choices", country_choices)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("distinct", True)
        super().__init__(*args, **kwargs)


class ThemeFilter(django_filters.ModelChoiceFilter):
    """A theme by its slug (?theme=climate-education)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Theme"))
        kwargs.setdefault("queryset", Theme.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All themes"))
        kwargs.setdefault("widget", LongSelect)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """Free text over translated fields, in the reader's language and its fallbacks.

    A Kazakh reader searches the Kazakh, Russian and English columns: the ones
    the page may show them.
    """

    def __init__(self, *args, fields=(), **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        condition = Q()
        for language in fallback_chain(get_language()):
            for field in self.search_fields:
                condition |= Q(**{f"{field}_{language}__icontains": value})
        return qs.filter(condition)


class PortalFilterSet(django_filters.FilterSet):
    """What every FilterSet of the portal shares: pages, exports and the API use them."""

    def error_text(self):
        """The form's errors as plain text, one line per field: for a 400 response."""
        lines = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            lines.extend(f"{name} ({label}): {error}" for error in errors)
        return "\n".join(lines)
