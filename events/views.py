"""The events list (upcoming, to be dated, past), an event's page, and iCalendar feeds."""

from itertools import groupby

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView
from django_filters.views import FilterView

from toolkit.cache import cache_public_page
from toolkit.cards import render_cards
from toolkit.filter_summary import FilterSummaryMixin
from toolkit.links import page_links
from toolkit.publication import PreviewMixin
from toolkit.views import FacetCountsMixin, ForgivingPaginationMixin

from .calendars import calendar_response, event_datetimes
from .charts import events_per_year
from .filters import EventFilter
from .models import CARD, Event, EventListing, EventParticipationRole, ListingGroup
from .page_parts import event_page_parts
from .series import series_of

# Headings for the organisations grouped by their role on an event's page.
ROLE_HEADINGS = {
    EventParticipationRole.ORGANISER: gettext_lazy("Organisers"),
    EventParticipationRole.CO_ORGANISER: gettext_lazy("Co-organisers"),
    EventParticipationRole.HOST: gettext_lazy("Hosts"),
    EventParticipationRole.CHAIR: gettext_lazy("Chairs"),
    EventParticipationRole.PARTNER: gettext_lazy("Partners"),
    EventParticipationRole.PARTICIPANT: gettext_lazy("Participants"),
}


def calendar_url(request):
    """The iCalendar feed of the events a list page shows: its filters, not its page."""
    query = request.GET.copy()
    query.pop("page", None)
    url = reverse("events:calendar")
    return f"{url}?{query.urlencode()}" if query else url


@method_decorator(require_safe, name="dispatch")
@method_decorator(cache_public_page(filterset=EventFilter), name="dispatch")
class EventListView(FacetCountsMixin, ForgivingPaginationMixin, FilterSummaryMixin, FilterView):
    filterset_class = EventFilter
    # The rows with what they join: render_cards fetches the themes of cards not cached.
    queryset = Event.objects.select_related("country", "parent")
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_paginator(self, queryset, *args, **kwargs):
        return super().get_paginator(EventListing(queryset), *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = list(context["page_obj"].object_list)
        cards = render_cards(events, CARD)
        # The page's events under "Upcoming", "Date to be announced" and "Past".
        context["groups"] = [
            {"label": ListingGroup(key).label, "cards": [card for _event, card in pairs]}
            for key, pairs in groupby(
                zip(events, cards, strict=True), key=lambda pair: pair[0].listing_group
            )
        ]
        context["filter_label"] = gettext_lazy("Filter events")
        context["calendar_url"] = calendar_url(self.request)
        context["page_links"] = page_links("events:list")
        # The chart counts every result, not the page's: on the first page only.
        filterset = self.filterset
        if events and context["page_obj"].number == 1 and not filterset.errors:
            context["per_year"] = events_per_year(
                filterset.qs, cache_key=filterset.summary_key("events-per-year")
            )
        return context


@method_decorator(require_safe, name="dispatch")
@method_decorator(cache_public_page, name="dispatch")
class EventDetailView(PreviewMixin, DetailView):
    queryset = Event.objects.for_detail()
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        roles = list(event.participations.all())
        context["role_groups"] = [
            {"label": ROLE_HEADINGS.get(kind, kind.label), "roles": in_role}
            for kind in EventParticipationRole
            if (in_role := [role for role in roles if role.role == kind])
        ]
        times = event_datetimes(event)
        context["starts_at"], context["ends_at"] = times or (None, None)
        context["page_parts"] = event_page_parts(event)
        # The consultation series it heads (a summit) or is part of (a consultation).
        context["series"] = series_of(event)
        return context


@require_safe
def calendar(request):
    """The events the list page shows for the same query, as iCalendar."""
    filterset = EventFilter(
        request.GET or None, queryset=Event.objects.for_calendar(), request=request
    )
    if filterset.is_bound and not filterset.is_valid():
        message = _("These filters are not valid, so no calendar was made:")
        return HttpResponseBadRequest(
            f"{message}\n{filterset.error_text()}\n", content_type="text/plain; charset=utf-8"
        )
    return calendar_response(
        filterset.qs,
        name=_("TsAKO events"),
        filename=f"tsako-events-{get_language()}.ics",
    )


@require_safe
def event_calendar(request, slug):
    # An event not known to the day is in no calendar (see events.calendars): a 404,
    # like an unknown slug; its page says why.
    event = get_object_or_404(Event.objects.published().for_calendar(), slug=slug)
    return calendar_response([event], name=event.title, filename=f"{event.slug}.ics")
