"""The pages that combine the apps: home, about, contact, privacy, data for partners, robots.txt."""

from django.conf import settings
from django.shortcuts import render
from django.urls import include, re_path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from common.models import AllianceProfile, Country, Theme
from events.models import Event
from initiatives.models import Initiative
from members.models import Organisation
from toolkit.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE
from toolkit.cache import cache_public_page
from toolkit.cldr import format_duration

from .countries import country_figures, country_rows, map_of


@require_safe
@cache_public_page
def home(request):
    # The Central Asian countries' figures, on the map and in its table (cached).
    countries = country_rows(country_figures(), everywhere=False)
    context = {
        "profile": AllianceProfile.current(),
        "countries": countries,
        "map": map_of(countries),
        # What the home page's short lists show: a date, a place, countries.
        "upcoming_events": (
            Event.objects.published().upcoming().top_level().select_related("country")[:5]
        ),
        "recent_initiatives": (
            Initiative.objects.published().with_countries().order_by("-start_date")[:5]
        ),
    }
    return render(request, "alliance/home.html", context)


@require_safe
@cache_public_page
def partners_data(request):
    """Every door to the data (API, IATI, CSV, calendars, feeds), its filters and its terms."""
    requests, period = settings.API_THROTTLE_RATE.split("/")
    context = {
        "profile": AllianceProfile.current(),
        # The values the filters take: (key, code, name), cached until a country changes.
        "countries": Country.objects.listed(),
        "themes": Theme.objects.all(),
        "page_size": PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
        "throttle_requests": int(requests),
        # DRF reads only the unit's first letter (s, m, h, d): "1000/hour", "60/min".
        "throttle_period": period[0],
    }
    return render(request, "alliance/partners_data.html", context)


@require_safe
@cache_public_page
def about(request):
    """The alliance's profile: name, goal, formation, countries and how many members."""
    context = {
        "profile": AllianceProfile.objects.prefetch_related("countries").order_by("pk").first(),
        "member_count": Organisation.objects.published().members().count(),
    }
    return render(request, "alliance/about.html", context)


@require_safe
@cache_public_page
def contact(request):
    """The alliance's public contact as staff gave it, or that none is published yet."""
    return render(request, "alliance/contact.html", {"profile": AllianceProfile.current()})


@require_safe
@cache_public_page
def privacy(request):
    """What each form collects, who sees it and how long it is kept: the settings, in words.

    The periods are read from the settings the deleting tasks read
    (registrations.services.delete_old_registrations, alerts' expiry), so
    changing a setting changes what the page says.
    """
    context = {
        "profile": AllianceProfile.current(),
        "registration_retention_days": settings.REGISTRATION_RETENTION_DAYS,
        "alert_confirmation_days": settings.ALERT_CONFIRMATION_DAYS,
        "rate_limit_window": format_duration(settings.FORM_RATE_LIMIT_WINDOW),
        "membership_group": settings.MEMBERSHIP_STAFF_GROUP,
    }
    return render(request, "alliance/privacy.html", context)


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


# Admin pages of models that moved to their own app: links in e-mails already
# sent (a new application's "see it in the admin") still lead to them.
MOVED_ADMIN_MODELS = {
    "alliance/country": "common/country",
    "alliance/theme": "common/theme",
    "alliance/allianceprofile": "common/allianceprofile",
    "members/membershipapplication": "applications/membershipapplication",
    "events/registration": "registrations/registration",
}


class MovedAdminPage(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, old, rest, **kwargs):
        url = self.request.path.replace(f"/{old}/", f"/{MOVED_ADMIN_MODELS[old]}/", 1)
        query = self.request.META.get("QUERY_STRING")
        return f"{url}?{query}" if query else url


def moved_admin_pages():
    """URL patterns that redirect each moved model's old admin addresses to the new ones."""
    return include(
        [
            re_path(rf"^(?P<old>{old})/(?P<rest>.*)$", MovedAdminPage.as_view())
            for old in MOVED_ADMIN_MODELS
        ]
    )
