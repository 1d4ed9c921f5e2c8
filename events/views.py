from itertools import groupby

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import DetailView
from django_filters.views import FilterView

from alliance.antispam import over_rate_limit, rate_limited
from alliance.cache import cache_public_page
from alliance.cards import render_cards
from alliance.views import ForgivingPaginationMixin

from . import services
from .calendars import calendar_response, event_datetimes
from .filters import EventFilter
from .forms import RegistrationForm
from .models import (
    CARD_RELATIONS,
    Event,
    EventListing,
    EventRoleKind,
    ListingGroup,
    RegistrationState,
    RegistrationStatus,
)

# Headings for the organisations grouped by their role on an event's page.
ROLE_HEADINGS = {
    EventRoleKind.ORGANISER: gettext_lazy("Organisers"),
    EventRoleKind.CO_ORGANISER: gettext_lazy("Co-organisers"),
    EventRoleKind.HOST: gettext_lazy("Hosts"),
    EventRoleKind.CHAIR: gettext_lazy("Chairs"),
    EventRoleKind.PARTNER: gettext_lazy("Partners"),
    EventRoleKind.PARTICIPANT: gettext_lazy("Participants"),
}


def calendar_url(request):
    """The iCalendar feed of the events a list page shows: its filters, not its page."""
    query = request.GET.copy()
    query.pop("page", None)
    url = reverse("events:calendar")
    return f"{url}?{query.urlencode()}" if query else url


@method_decorator(require_safe, name="dispatch")
@method_decorator(cache_public_page, name="dispatch")
class EventListView(ForgivingPaginationMixin, FilterView):
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
        cards = render_cards(events, "events/event_card.html", "event", prefetch=CARD_RELATIONS)
        # The page's events under "Upcoming", "Date to be announced" and "Past".
        context["groups"] = [
            {"label": ListingGroup(key).label, "cards": [card for _event, card in pairs]}
            for key, pairs in groupby(
                zip(events, cards, strict=True), key=lambda pair: pair[0].listing_group
            )
        ]
        context["filter_label"] = gettext_lazy("Filter events")
        context["calendar_url"] = calendar_url(self.request)
        return context


@method_decorator(require_safe, name="dispatch")
@method_decorator(cache_public_page, name="dispatch")
class EventDetailView(DetailView):
    queryset = Event.objects.for_detail()
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        roles = list(event.roles.all())
        context["role_groups"] = [
            {"label": ROLE_HEADINGS.get(kind, kind.label), "roles": in_role}
            for kind in EventRoleKind
            if (in_role := [role for role in roles if role.role == kind])
        ]
        times = event_datetimes(event)
        context["starts_at"], context["ends_at"] = times or (None, None)
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
    # An undated event cannot be placed in a calendar: a 404, like an unknown slug.
    event = get_object_or_404(Event.objects.for_calendar(), slug=slug)
    return calendar_response([event], name=event.title, filename=f"{event.slug}.ics")


# What the page after registering says; anything else in ?result= reads as "confirmed".
REGISTRATION_RESULTS = {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, "already"}


@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug):
    """Register for an event: a place, or the waiting list once it is full."""
    event = get_object_or_404(Event, slug=slug)
    state = event.registration_state()
    form = None
    if state == RegistrationState.OPEN:
        if request.method != "POST":
            form = RegistrationForm(initial={"language": get_language()})
        elif over_rate_limit(request, "register"):
            return rate_limited(request)
        else:
            form = RegistrationForm(request.POST)
            if form.is_bot():
                return registered_redirect(event, RegistrationStatus.CONFIRMED)
            if form.is_valid():
                try:
                    registration = services.register(
                        event,
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        organisation=form.cleaned_data["organisation"],
                        language=form.cleaned_data["language"],
                    )
                except services.AlreadyRegistered:
                    return registered_redirect(event, "already")
                except services.RegistrationClosed as closed:
                    state, form = closed.state, None
                else:
                    return registered_redirect(event, registration.status)
    context = {"event": event, "state": state, "form": form}
    if form is not None:
        context["places_left"] = event.places_left()
    return render(request, "events/register.html", context)


def registered_redirect(event, result):
    return redirect(reverse("events:registered", kwargs={"slug": event.slug}) + f"?result={result}")


@require_safe
def registered(request, slug):
    event = get_object_or_404(Event, slug=slug)
    result = request.GET.get("result")
    if result not in REGISTRATION_RESULTS:
        result = RegistrationStatus.CONFIRMED
    return render(request, "events/registered.html", {"event": event, "result": result})


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_registration(request, slug, token):
    """The link in a registrant's e-mails: GET asks to confirm, POST cancels."""
    event = get_object_or_404(Event, slug=slug)
    registration = services.registration_for_token(event, token)
    if registration is None:
        return render(request, "events/cancel_invalid.html", {"event": event}, status=404)
    if request.method == "POST":
        cancelled = services.cancel(registration)
        return render(request, "events/cancelled.html", {"event": event, "already": not cancelled})
    return render(
        request,
        "events/cancel_confirm.html",
        {
            "event": event,
            "already": registration.status == RegistrationStatus.CANCELLED,
            "over": event.is_over,
        },
    )
