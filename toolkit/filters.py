"""Filters every FilterSet of the portal builds on, whatever it lists.

Each list page, its export and the API use one FilterSet, so a filter is
written once. Bad input becomes a form error the page shows, never a 500.
The country and theme filters, which name the shared domain's models, are in
common.filters.
"""

import functools
import hashlib
import re

import django_filters
from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

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


class CodeField(forms.MultipleChoiceField):
    """Upper-case codes, repeatable (?country=KZ&country=kg), case-insensitive."""

    def __init__(self, *, choices=(), **kwargs):
        super().__init__(**kwargs)
        # Read the choices at most once per form, and only when needed:
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


class CodeFilter(django_filters.MultipleChoiceFilter):
    """One or more codes from a list (ISO country codes, say); the API documents them as such.

    Subclasses say what a code looks like (`pattern`) and what it is
    (`description`): the choices come from the database, which the API's
    schema must not depend on.
    """

    field_class = CodeField
    pattern = "^[A-Za-z0-9]+$"
    description = ""

    @functools.cached_property
    def pattern_re(self):
        return re.compile(self.pattern)


class YearFilter(django_filters.NumberFilter):
    """?year=2025: records running, at least in part, in that year (`queryset.running_in()`)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs if value in (None, "") else qs.running_in(value)


class SearchFilter(django_filters.CharFilter):
    """?q=: free text, searched by the queryset's `search()` (toolkit.models.TranslatedQuerySet)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        return qs.search(value) if value else qs


class PortalFilterSet(django_filters.FilterSet):
    """What every FilterSet of the portal shares: pages, exports and the API use them."""

    def error_text(self):
        """The form's errors as plain text, one line per field: for a 400 response."""
        lines = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            lines.extend(f"{name} ({label}): {error}" for error in errors)
        return "\n".join(lines)

    def described(self, leave_out=("sort",)):
        """[(label, "value, value")] for each filter given a value: what the filters ask, in words.

        For the titles of feeds and the e-mails of alerts; a choice is shown by
        its label, a record by its name. Nothing while the filters are not valid.
        """
        if not self.is_bound or not self.is_valid():
            return []
        described = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if name in leave_out or value in (None, "", [], ()):
                continue
            values = value if isinstance(value, list | tuple) else [value]
            # A record (a theme, an organisation) names itself; its field's choices are a query.
            chosen = isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset")
            labels = dict(flat_choices(field)) if chosen else {}
            shown = [str(labels.get(str(one), one)) for one in values]
            described.append((str(field.label), ", ".join(shown)))
        return described

    def summary_key(self, name, leave_out=("sort",)):
        """A cache key naming what the filters select, for sums over every result (charts).

        None for a search (free text has no bound on its values, so nothing
        is kept for it) and while the filters are not valid. The order, the
        page and the way a value was written do not change the key.
        """
        if self.is_bound and not self.is_valid():
            return None
        data = self.form.cleaned_data if self.is_bound else {}
        parts = []
        for field_name, field in sorted(self.form.fields.items()):
            value = data.get(field_name)
            if field_name in leave_out or value in (None, "", [], ()):
                continue
            if isinstance(self.filters[field_name], SearchFilter):
                return None
            prepared = field.prepare_value(value)
            values = prepared if isinstance(prepared, list | tuple) else [prepared]
            parts.append(f"{field_name}={','.join(sorted(str(one) for one in values))}")
        digest = hashlib.sha256("&".join(parts).encode()).hexdigest()[:24]
        return f"{name}:{digest}"


def flat_choices(field):
    """(value, label) of a choice field, its option groups opened."""
    for value, label in field.choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield str(value), label
