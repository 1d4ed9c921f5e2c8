"""The one FilterSet for events: the list page, its iCalendar feed and the API use it."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import CountryFilter, ThemeFilter
from toolkit.filters import ChoicesFilter, PortalFilterSet, SearchFilter, YearFilter

from .models import Event, EventKind

# ?when=: all events (the default), those not over yet, or those over.
WHEN_CHOICES = [
    ("all", _("All events")),
    ("upcoming", _("Upcoming and to be announced")),
    ("past", _("Past")),
]


class EventFilter(PortalFilterSet):
    q = SearchFilter()
    when = django_filters.ChoiceFilter(
        label=_("When"), choices=WHEN_CHOICES, empty_label=None, method="filter_when"
    )
    kind = ChoicesFilter(label=_("Kind of event"), choices=EventKind.choices)
    country = CountryFilter(coverage=lambda: Event.objects.published())
    theme = ThemeFilter()
    year = YearFilter(help_text=_("Held, at least in part, in that year."))

    facets = ("kind", "country", "theme")

    class Meta:
        model = Event
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Event.objects.for_listing()
        # The list, its calendar, feed and chart, the API list, alerts: published events only.
        super().__init__(data, queryset.published().in_listing_order(), **kwargs)

    def filter_when(self, queryset, name, value):
        if value == "upcoming":
            return queryset.not_over()
        if value == "past":
            # Not past(): that would replace the listing order. With those held on a
            # date no source gives.
            return queryset.over()
        return queryset
