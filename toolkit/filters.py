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
from django.db.models import Count
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from .cache import cached_by_content
from .widgets import FacetCheckboxes

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


def narrowed(queryset):
    """Whether a queryset leaves out any row: a count over all of them needs no subquery."""
    return bool(queryset.query.where)


def count_rows(queryset, column):
    """{value: rows} for a column of the rows (one GROUP BY), values as an address writes them."""
    rows = queryset.order_by().values_list(column).annotate(rows=Count("pk")).order_by()
    return {str(value): count for value, count in rows if value is not None}


class ChoicesField(forms.MultipleChoiceField):
    """Values from a fixed list, repeatable (?status=planned&status=ongoing).

    An empty value (a blank form field, `?status=`) asks for nothing.
    """

    def to_python(self, value):
        return [one for one in super().to_python(value) if one.strip()]


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """?kind=summit&kind=forum: records with any of these values, as checkboxes with counts.

    `counter(queryset)` gives {value: count} for the facet counts; by
    default the rows are counted by the column `field_name`.
    """

    field_class = ChoicesField

    def __init__(self, *args, counter=None, **kwargs):
        kwargs.setdefault("widget", FacetCheckboxes)
        kwargs.setdefault("distinct", False)
        self.counter = counter
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs

    def count(self, queryset):
        if self.counter is not None:
            return self.counter(queryset)
        return count_rows(queryset, self.field_name)


class SlugsField(forms.ModelMultipleChoiceField):
    """Records by their slugs, repeatable; an empty value asks for nothing.

    The cleaned value is a list of the records, read in one query.
    """

    widget = FacetCheckboxes

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [one.strip() for one in value if isinstance(one, str) and one.strip()]
        return list(super().clean(value))


class RecordsFilter(django_filters.ModelMultipleChoiceFilter):
    """?theme=water&theme=air: records linked to any of these (by a many-to-many), by slug.

    Read on the link table alone (its index on the linked record): the rows
    whose key is among those linked, never a join, so a record linked to two
    of them is listed, and counted, once.
    """

    field_class = SlugsField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def links(self, model):
        """(the link table's rows, its key to the listed record, its key to the linked one)."""
        field = model._meta.get_field(self.field_name)
        rows = field.remote_field.through._base_manager.all()
        return rows, field.m2m_field_name(), field.m2m_reverse_field_name()

    def filter(self, qs, value):
        if not value:
            return qs
        links, record, linked = self.links(qs.model)
        return qs.filter(pk__in=links.filter(**{f"{linked}__in": value}).values(record))

    def count(self, queryset):
        """{slug: records} linked to each, among `queryset` (one GROUP BY)."""
        links, record, linked = self.links(queryset.model)
        if narrowed(queryset):
            links = links.filter(**{f"{record}__in": queryset.values("pk")})
        rows = (
            links.values_list(f"{linked}__{self.extra['to_field_name']}")
            .annotate(rows=Count(record))
            .order_by()
        )
        return {str(value): count for value, count in rows}


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
    """What every FilterSet of the portal shares: pages, exports and the API use them.

    Besides filtering, it counts the results per value of each filter named
    in `facets` (each filter's `count(queryset)`), the usual faceted-search
    rule: a facet is counted over the results of every *other* active
    filter, so "Kazakhstan (8)" says how many results ticking Kazakhstan
    would add, and a facet's own choice never shrinks its own counts.
    """

    facets = ()

    def filter_queryset(self, queryset, skip=()):
        """Every filter applied (but those in `skip`), or nothing at all if one is not valid.

        The page and the API check the form first and say what is wrong; this
        only makes sure a wrong filter can never give a silently broader list.
        """
        if not self.is_bound:
            return queryset
        if not self.is_valid():
            return queryset.none()
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_counts(self):
        """{facet: {value: count}}, one aggregate query per facet; None while a filter is wrong.

        Kept until content changes, per selection (the order and the page do
        not change it); a search's are counted each time, as its pages are
        drawn each time.
        """
        if self.is_bound and not self.is_valid():
            return None

        def compute():
            base = self.queryset.prefetch_related(None).order_by()
            return {
                name: self.counter(name)(self.filter_queryset(base, skip={name}))
                for name in self.facets
            }

        key = self.summary_key(f"facets-{self._meta.model._meta.label_lower}")
        return cached_by_content(key, compute) if key else compute()

    def counter(self, name):
        """What counts a facet: the FilterSet's `count_<name>(queryset)`, or the filter's."""
        return getattr(self, f"count_{name}", None) or self.filters[name].count

    def show_counts(self, counts):
        """Each value's count beside it in the form: "Kazakhstan (8)"."""
        for name, values in (counts or {}).items():
            field = self.form.fields[name]
            if isinstance(field.widget, FacetCheckboxes):
                field.widget.counts = values
            else:
                field.choices = [
                    (value, f"{label} ({values.get(str(value), 0)})")
                    for value, label in field.choices
                ]

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
        return [(label, shown) for _name, label, shown in self.chosen_in_words(leave_out)]

    def chosen_in_words(self, leave_out=("sort",)):
        """[(parameter, label, "value, value")] for each filter given a value (see described())."""
        return [
            (name, str(field.label), ", ".join(str(labels.get(str(one), one)) for one in values))
            for name, field, values, labels in self.chosen(leave_out)
        ]

    def chosen(self, leave_out=("sort",)):
        """[(parameter, form field, [values], {value: label})] for each filter given a value.

        The labels are those of fixed choices (a status, a country); a record (a
        theme, an organisation) names itself and has none. What described() and
        the phone's summary (toolkit.filter_summary) both read.
        """
        if not self.is_bound or not self.is_valid():
            return []
        chosen = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if name in leave_out or is_empty(value):
                continue
            values = list(value) if isinstance(value, list | tuple) else [value]
            labels = dict(flat_choices(field)) if has_fixed_choices(field) else {}
            chosen.append((name, field, values, labels))
        return chosen

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
            if field_name in leave_out or is_empty(value):
                continue
            if isinstance(self.filters[field_name], SearchFilter):
                return None
            prepared = field.prepare_value(value)
            values = prepared if isinstance(prepared, list | tuple) else [prepared]
            parts.append(f"{field_name}={','.join(sorted(str(one) for one in values))}")
        digest = hashlib.sha256("&".join(parts).encode()).hexdigest()[:24]
        return f"{name}:{digest}"


def has_fixed_choices(form_field):
    """Choices written in the code or read as codes (countries), not records of a model."""
    return isinstance(form_field, forms.ChoiceField) and not hasattr(form_field, "queryset")


def is_empty(value):
    return value is None or (isinstance(value, str | list | tuple) and not value)


def flat_choices(field):
    """(value, label) of a choice field, its option groups opened."""
    for value, label in field.choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield str(value), label
