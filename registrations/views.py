"""Registering for an event, and cancelling with the link from the e-mails; the event page's box."""

import functools

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from events.models import Event, RegistrationWindow
from toolkit.antispam import over_rate_limit, rate_limited

from . import services
from .forms import RegistrationForm
from .models import RegistrationStatus, places_left


def registration_part(event):
    """The event page's registration box (events.page_parts): state, places left, the link."""
    return render_to_string(
        "registrations/event_part.html",
        {"event": event, "places_left": functools.partial(places_left, event)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug):
    """Register for an event: a place, or the waiting list once it is full.

    Every accepted submission gets the same answer, a redirect to the same
    page, whether the address is new, already registered, or a bot's: the
    e-mail says what happened, to the address's owner only. So the form
    cannot be used to learn whether someone registered.
    """
    event = get_object_or_404(Event.objects.published(), slug=slug)
    state = event.registration_state()
    form = None
    if state == RegistrationWindow.OPEN:
        if request.method != "POST":
            form = RegistrationForm(initial={"language": get_language()})
        elif over_rate_limit(request, "register"):
            return rate_limited(request)
        else:
            form = RegistrationForm(request.POST)
            if form.is_bot():
                return registered_redirect(event)
            if form.is_valid():
                try:
                    services.register(
                        event,
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        organisation=form.cleaned_data["organisation"],
                        language=form.cleaned_data["language"],
                    )
                except services.AlreadyRegistered:
                    # Its owner is e-mailed; this visitor is answered as anyone is.
                    return registered_redirect(event)
                except services.RegistrationClosed as closed:
                    state, form = closed.state, None
                else:
                    return registered_redirect(event)
    context = {"event": event, "state": state, "form": form}
    if form is not None:
        context["places_left"] = places_left(event)
    return render(request, "registrations/register.html", context)


def registered_redirect(event):
    return redirect(reverse("registrations:registered", kwargs={"slug": event.slug}))


@require_safe
def registered(request, slug):
    """After registering: one page for everyone; the e-mail says whether a place or waiting."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return render(request, "registrations/registered.html", {"event": event})


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_registration(request, slug, token):
    """The link in a registrant's e-mails: GET asks to confirm, POST cancels.

    Once the event is over the link cancels nothing and says so, whatever it holds.
    """
    event = get_object_or_404(Event, slug=slug)
    if event.is_over:
        context = {"event": event, "retention_days": settings.REGISTRATION_RETENTION_DAYS}
        return render(request, "registrations/cancel_over.html", context, status=410)
    registration = services.registration_for_token(event, token)
    if registration is None:
        return render(request, "registrations/cancel_invalid.html", {"event": event}, status=404)
    if request.method == "POST":
        cancelled = services.cancel(registration)
        return render(
            request, "registrations/cancelled.html", {"event": event, "already": not cancelled}
        )
    return render(
        request,
        "registrations/cancel_confirm.html",
        {"event": event, "already": registration.status == RegistrationStatus.CANCELLED},
    )
