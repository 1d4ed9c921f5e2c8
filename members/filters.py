"""The one FilterSet for organisations: the member directory, its exports and the API use it.

Besides filtering, it counts the results per filter value (facets, see
toolkit.filters.PortalFilterSet): "Kazakhstan (8)".

A wrong value in any filter (?country=XX, ?relation=spaceship, ?sort=title)
is an error, as on the events and initiatives pages: nothing is listed, not
even what the other filters alone would give. Only a missing or empty
?relation= or ?sort= means its default.
"""

import django_filters
from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from common.filters import CountryFilter, ThemeFilter
from toolkit.filters import ChoicesFilter, PortalFilterSet, SearchFilter, count_rows
from toolkit.i18n import by_shown_name

from .models import Organisation, OrganisationKind, Relation

# ?relation=: members only unless the reader asks for more.
ALL_RELATIONS = "all"
RELATION_CHOICES = [
    (Relation.MEMBER, _("Members")),
    (Relation.PARTNER, _("Partners")),
    (ALL_RELATIONS, _("All organisations")),
]
DEFAULT_RELATION = Relation.MEMBER

# ?sort=: the key and its label.
SORT_CHOICES = [
    ("name", _("Name, A to Z")),
    ("newest", _("Founding year, newest first")),
    ("oldest", _("Founding year, oldest first")),
    ("country", _("Country")),
]
DEFAULT_SORT = "name"

# The form shows these when the address leaves them out or empty, so the default
# is visible; any other value must be one of the choices.
DEFAULTS = {"relation": DEFAULT_RELATION, "sort": DEFAULT_SORT}


def ordering(sort):
    """The order_by() arguments for a sort key; the slug (unique) keeps pages stable."""
    name = by_shown_name("name")
    if sort == "newest":
        return [F("founded_year").desc(nulls_last=True), name, "slug"]
    if sort == "oldest":
        return [F("founded_year").asc(nulls_last=True), name, "slug"]
    if sort == "country":
        return [by_shown_name("country__name", nulls_last=True), name, "slug"]
    return [name, "slug"]


class OrganisationFilter(PortalFilterSet):
    q = SearchFilter()
    relation = django_filters.ChoiceFilter(
        label=_("Relation to the alliance"),
        choices=RELATION_CHOICES,
        empty_label=None,
        method="filter_relation",
    )
    country = CountryFilter(coverage=lambda: Organisation.objects.published())
    kind = ChoicesFilter(label=_("Kind of organisation"), choices=OrganisationKind.choices)
    theme = ThemeFilter()
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
    )

    facets = ("relation", "country", "kind", "theme")

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        # Always bound: no parameters at all still means "members, by name".
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, default in DEFAULTS.items():
            if not data.get(name):
                data[name] = default
        if queryset is None:
            queryset = Organisation.objects.all()
        # The directory, its counts and the API list: published organisations only.
        super().__init__(data, queryset.published(), **kwargs)

    def filter_relation(self, queryset, name, value):
        if value == ALL_RELATIONS:
            return queryset
        return queryset.filter(relation=value)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*ordering(value))

    @property
    def listed_relation(self):
        """The relation listed: the default when ?relation= is missing or empty.

        With a wrong ?relation= nothing is listed; this is then the default.
        """
        self.is_valid()  # validates the form once; cleaned_data holds the valid values
        return self.form.cleaned_data.get("relation") or DEFAULT_RELATION

    # --- Facets --------------------------------------------------------------

    def count_relation(self, queryset):
        """Members and partners, and all of them together."""
        counts = count_rows(queryset, "relation")
        return {**counts, ALL_RELATIONS: sum(counts.values())}

    # --- What is applied -----------------------------------------------------

    def active_filters(self):
        """The narrowing filters in use, as (parameter, label, values shown)."""
        return self.chosen_in_words(leave_out=("relation", "sort"))
