"""The one FilterSet for organisations: the member directory, its exports and the API use it.

Besides filtering, it counts the results per filter value (facets): each
facet is counted over the results of every *other* active filter, so
"Kazakhstan (8)" says how many results ticking Kazakhstan would give.

A wrong value in any filter (?country=XX, ?relation=spaceship, ?sort=title)
is an error, as on the events and initiatives pages: nothing is listed, not
even what the other filters alone would give. Only a missing or empty
?relation= or ?sort= means its default.
"""

import django_filters
from django.db.models import Count, F
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from common.filters import CountryFilter, ThemeFilter
from toolkit.filters import PortalFilterSet, SearchFilter
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

# Facet: the column whose values it counts.
FACETS = {
    "relation": "relation",
    "country": "country__code",
    "kind": "kind",
    "theme": "themes__slug",
}


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


def with_count(label, count):
    return f"{label} ({count})"


class OrganisationFilter(PortalFilterSet):
    q = SearchFilter()
    relation = django_filters.ChoiceFilter(
        label=_("Relation to the alliance"),
        choices=RELATION_CHOICES,
        empty_label=None,
        method="filter_relation",
    )
    country = CountryFilter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        choices=OrganisationKind.choices,
        empty_label=_("All kinds"),
    )
    theme = ThemeFilter(field_name="themes")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
    )

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
        self.country_names = dict(self.form.fields["country"].choices)

    # --- Filtering -----------------------------------------------------------

    def filter_queryset(self, queryset, skip=()):
        """Every filter applied, or nothing at all if one of them is not valid.

        The page and the API check the form first and say what is wrong; this
        only makes sure a wrong filter can never give a silently broader list.
        """
        if not self.is_valid():
            return queryset.none()
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

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

    def facet_counts(self):
        """{facet: {value: count}}, one aggregate query per facet.

        Each facet counts the results of the other active filters: its own
        filter is left out, or every other value would count 0. Only for a
        valid form: with a wrong filter every count would be 0.
        """
        self.is_valid()  # validates the form once; cleaned_data holds the valid values
        base = self.queryset.prefetch_related(None).order_by()
        counts = {}
        for name, column in FACETS.items():
            rows = (
                self.filter_queryset(base, skip={name, "sort"})
                .values_list(column)
                .annotate(count=Count("pk", distinct=True))
                .order_by()
            )
            counts[name] = dict(rows)
        counts["relation"][ALL_RELATIONS] = sum(counts["relation"].values())
        return counts

    def show_counts(self, counts):
        """Write each value's count into its label in the form: 'Kazakhstan (8)'."""
        fields = self.form.fields
        for name, choices in [
            ("relation", RELATION_CHOICES),
            ("country", fields["country"].choices),
            ("kind", OrganisationKind.choices),
        ]:
            fields[name].choices = [
                (value, with_count(label, counts[name].get(value, 0))) for value, label in choices
            ]
        theme_counts = counts["theme"]
        fields["theme"].label_from_instance = lambda theme: with_count(
            theme.name, theme_counts.get(theme.slug, 0)
        )

    # --- What is applied -----------------------------------------------------

    def active_filters(self):
        """The narrowing filters in use, as (parameter, label, value shown)."""
        self.is_valid()  # validates the form once; cleaned_data holds the valid values
        cleaned = self.form.cleaned_data
        fields = self.form.fields
        active = []
        if cleaned.get("q"):
            active.append(("q", fields["q"].label, cleaned["q"]))
        if cleaned.get("country"):
            shown = ", ".join(
                str(self.country_names.get(code, code)) for code in cleaned["country"]
            )
            active.append(("country", fields["country"].label, shown))
        if cleaned.get("kind"):
            active.append(("kind", fields["kind"].label, OrganisationKind(cleaned["kind"]).label))
        if cleaned.get("theme"):
            active.append(("theme", fields["theme"].label, cleaned["theme"].name))
        return active
