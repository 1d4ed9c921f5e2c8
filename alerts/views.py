"""Asking for an alert, confirming it, and unsubscribing with the links from its e-mails."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from toolkit.antispam import over_rate_limit, rate_limited
from toolkit.tokens import BadLink, LinkExpired

from . import services
from .forms import SubscriptionForm
from .models import Subscription, Topic
from .topics import LISTINGS, described

QUERY_MAX_LENGTH = Subscription._meta.get_field("query").max_length


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request, topic):
    """Ask for an alert on the list's filters, which the address carries (?country=KZ).

    Every accepted submission gets the same answer, a redirect to the same
    page, whether the address is new, already subscribed or a bot's: the
    e-mail says what happened, to the address's owner only.
    """
    listing = LISTINGS[topic]
    filterset = listing.filterset(request.GET)
    query = listing.saved_query(filterset) if filterset.is_valid() else None
    context = {
        "topic_label": Topic(topic).label,
        "filters": filterset.described(),
        "list_url": services.with_query(reverse(listing.list_url_name), query or ""),
    }
    if query is None or len(query) > QUERY_MAX_LENGTH:
        # As the list does: the filters are said to be wrong, nothing is offered.
        context["filter_errors"] = filterset.error_text() or True
        context["list_url"] = reverse(listing.list_url_name)
        return render(request, "alerts/subscribe.html", context)
    if request.method != "POST":
        form = SubscriptionForm(initial={"language": get_language()})
    elif over_rate_limit(request, "alerts"):
        return rate_limited(request)
    else:
        form = SubscriptionForm(request.POST)
        if form.is_bot():
            return redirect("alerts:requested")
        if form.is_valid():
            services.subscribe(
                topic,
                query,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
            )
            return redirect("alerts:requested")
    context["form"] = form
    context["action"] = services.with_query(request.path, query)
    return render(request, "alerts/subscribe.html", context)


@require_safe
def requested(request):
    """After asking: one page for everyone; the e-mail says what to do next."""
    return render(request, "alerts/requested.html")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the confirmation e-mail: GET asks (mail scanners follow links), POST confirms."""
    try:
        subscription = services.confirmation_for_token(token)
    except BadLink:
        subscription = None
    except LinkExpired:
        return render(request, "alerts/link_expired.html", status=410)
    if subscription is None:
        return render(request, "alerts/link_invalid.html", status=404)
    context = {"subscription": subscription, "filters": described(subscription)}
    if request.method == "POST":
        services.confirm(subscription)
        return render(request, "alerts/confirmed.html", context)
    context["already"] = subscription.confirmed_at is not None
    return render(request, "alerts/confirm.html", context)


# The one-click unsubscribe of RFC 8058: mail clients POST to the link in the
# List-Unsubscribe header without the page (and its CSRF cookie); the signed
# link is all the authority it needs, and all it can do is end this alert.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The link in every alert e-mail: GET asks, POST unsubscribes (deletes the subscription)."""
    try:
        subscription = services.subscription_for_unsubscribe_token(token)
    except BadLink:
        return render(request, "alerts/link_invalid.html", status=404)
    if subscription is None:  # unsubscribed already (or expired unconfirmed)
        return render(request, "alerts/unsubscribed.html")
    if request.method == "POST":
        services.unsubscribe(subscription)
        return render(request, "alerts/unsubscribed.html")
    context = {"subscription": subscription, "filters": described(subscription)}
    return render(request, "alerts/unsubscribe.html", context)
