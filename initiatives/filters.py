"""The one FilterSet for initiatives: the list page, the CSV export and the API use it."""

import django_filters
from django import forms
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from common.filters import CountryFilter, ThemeFilter
from members.models import Organisation
from toolkit.cache import cached_by_content
from toolkit.filters import (
    ChoicesFilter,
    ChoicesReadOnce,
    PortalFilterSet,
    RecordsFilter,
    SearchFilter,
    SlugsField,
    YearFilter,
    narrowed,
)
from toolkit.i18n import by_shown_name
from toolkit.models import SLUG
from toolkit.widgets import FacetCheckboxes

from .models import (
    CountryCoverage,
    Initiative,
    InitiativeStatus,
    Participation,
    ParticipationRole,
)

# ?sort=<key>: what each key orders by. Undated initiatives and those without a
# budget come last either way; the slug (unique) makes the order stable.
SORT_CHOICES = [
    ("start", _("Start, earliest first")),
    ("-start", _("Start, latest first")),
    ("end", _("End, earliest first")),
    ("-end", _("End, latest first")),
    ("budget", _("Budget, smallest first")),
    ("-budget", _("Budget, largest first")),
    ("name", _("Name, A to Z")),
]
SORT_FIELDS = {"start": "start_date", "end": "end_date", "budget": "budget_amount"}

# ?regional=: what becomes of region-wide initiatives (those covering a region,
# such as Central Asia). A country filter includes them unless told otherwise.
REGIONAL_EXCLUDE = "exclude"
REGIONAL_ONLY = "only"
REGIONAL_CHOICES = [
    (REGIONAL_EXCLUDE, _("Only country-specific initiatives")),
    (REGIONAL_ONLY, _("Only region-wide initiatives")),
]
DEFAULT_SORT = "-start"


def ordering(sort):
    """The order_by() arguments for a sort key such as "budget" or "-end"."""
    if sort == "name":
        # In the reader's alphabet, by the title they are shown (toolkit/collation.py).
        return [by_shown_name("title"), "slug"]
    descending = sort.startswith("-")
    field = F(SORT_FIELDS[sort.removeprefix("-")])
    first = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
    return [first, "title_en", "slug"]


# The lead and funder filters offer at most this many organisations: those
# holding the role most often. Any other is still accepted by its slug.
OFFERED_ORGANISATIONS = 100
# Of those, the ones ticked and this many of the most counted are shown; the
# others, by name, one click away (toolkit.widgets.FacetCheckboxes).
SHOWN_ORGANISATIONS = 8


def organisations_in_role(role):
    """The published organisations that hold `role` in some initiative: what a filter accepts."""
    holders = Organisation.objects.published()
    return holders.filter(initiative_participations__role=role).distinct()


def offered_organisations(role):
    """The (slug, name) choices of a filter: the most frequent holders of `role`, by name."""

    def compute():
        # Counted on the participations alone (an index on role and
        # organisation), not joined to organisations (README, Performance).
        # Ties go to the older organisation.
        most_often = (
            Participation.objects.filter(role=role)
            .values("organisation")
            .annotate(held=Count("pk"))
            .order_by("-held", "organisation")
            .values("organisation")[:OFFERED_ORGANISATIONS]
        )
        offered = (
            Organisation.objects.published()
            .filter(pk__in=most_often)
            .order_by(by_shown_name("name"), "slug")
        )
        return [(organisation.slug, str(organisation)) for organisation in offered]

    return lambda: cached_by_content(f"offered-organisations-{role}", compute)


def organisations_named(slugs):
    """(slug, name) of these organisations: one chosen though not offered is still drawn."""
    # Only what can be a slug: a wrong value (a NUL byte, say) is the form's error.
    slugs = [slug for slug in slugs if SLUG.fullmatch(slug)]
    named = Organisation.objects.published().filter(slug__in=slugs).order_by("slug")
    return [(organisation.slug, str(organisation)) for organisation in named]


class OrganisationsField(SlugsField):
    """Accepts any organisation of its queryset by slug; offers only `offered()`."""

    def __init__(self, *args, offered, **kwargs):
        self.offered = offered
        super().__init__(*args, **kwargs)

    def _get_choices(self):
        return ChoicesReadOnce(self.offered)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class RoleFilter(RecordsFilter):
    """?lead=iucn&lead=fao: initiatives in which any of these organisations holds the role."""

    field_class = OrganisationsField

    def __init__(self, *args, role, **kwargs):
        self.role = role
        kwargs.setdefault("queryset", organisations_in_role(role))
        kwargs.setdefault("offered", offered_organisations(role))
        kwargs.setdefault(
            "widget",
            FacetCheckboxes(chosen_elsewhere=organisations_named, first=SHOWN_ORGANISATIONS),
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.with_participants(self.role, value) if value else qs

    def count(self, queryset):
        """{slug: initiatives} of each organisation offered or chosen, among `queryset`."""
        slugs = [slug for slug, _name in self.extra["offered"]()]
        slugs += [organisation.slug for organisation in self.chosen()]
        holding = Participation.objects.filter(role=self.role, organisation__slug__in=slugs)
        if narrowed(queryset):
            holding = holding.filter(initiative__in=queryset.values("pk"))
        rows = holding.values_list("organisation__slug").annotate(held=Count("initiative"))
        return dict(rows.order_by())

    def chosen(self):
        # Unbound (no parameters at all): nothing chosen.
        return getattr(self.parent.form, "cleaned_data", {}).get(self.field_name) or []


class InitiativeFilter(PortalFilterSet):
    q = SearchFilter()
    country = CountryFilter(
        # The countries published initiatives cover (drafts are few: left out by key).
        coverage=lambda: CountryCoverage.objects.exclude(
            initiative__in=Initiative.objects.drafts().values("pk")
        ),
        record="initiative",
        help_text=_("Region-wide initiatives covering a chosen country are included."),
    )
    regional = django_filters.ChoiceFilter(
        label=_("Region-wide initiatives"),
        choices=REGIONAL_CHOICES,
        empty_label=_("Included"),
        method="filter_regional",
    )
    theme = ThemeFilter()
    status = ChoicesFilter(
        label=_("Status"),
        choices=InitiativeStatus.choices,
        method="filter_status",
        counter=lambda queryset: queryset.count_by_status(),
    )
    year = YearFilter(help_text=_("Running at some time in that year."))
    lead = RoleFilter(label=_("Led by"), role=ParticipationRole.LEAD)
    funder = RoleFilter(label=_("Funded by"), role=ParticipationRole.FUNDER)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        empty_label=_("Latest start first"),
        method="filter_sort",
    )

    facets = ("country", "theme", "status", "lead", "funder")

    class Meta:
        model = Initiative
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Initiative.objects.for_listing()
        # The list, its totals and charts, the CSV, IATI file, feed, API list and alerts:
        # published initiatives only. The default order; ?sort= replaces it.
        queryset = queryset.published().order_by(*ordering(DEFAULT_SORT))
        super().__init__(data, queryset, **kwargs)

    def filter_regional(self, queryset, name, value):
        if value == REGIONAL_EXCLUDE:
            return queryset.country_specific()
        return queryset.regional()

    def splits_regional(self):
        """Whether the list's totals say how much is regional: under a country filter, with
        region-wide initiatives included (valid filters only)."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return bool(data.get("country")) and not data.get("regional")

    def filter_status(self, queryset, name, value):
        return queryset.with_status(*value)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*ordering(value))
