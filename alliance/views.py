from django.apps import apps
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .cache import cache_public_page
from .models import AllianceProfile, Country


class ForgivingPaginationMixin:
    """A page number that is not a number, or past the end, shows a real page, not a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


@require_safe
@cache_public_page
def home(request):
    # The alliance package imports no app models at import time; the home page
    # is where the three apps meet, so it looks them up when it runs.
    Event = apps.get_model("events", "Event")
    Initiative = apps.get_model("initiatives", "Initiative")

    countries = (
        Country.objects.annotate(
            member_count=Count("organisations", filter=Q(organisations__relation="member"))
        )
        .filter(member_count__gt=0)
        .order_by("-member_count", "name_en")
    )
    context = {
        "profile": AllianceProfile.current(),
        "countries": countries,
        # What the home page's short lists show: a date, a place, countries.
        "upcoming_events": Event.objects.upcoming().top_level().select_related("country")[:5],
        "recent_initiatives": Initiative.objects.with_countries().order_by("-start_date")[:5],
    }
    return render(request, "alliance/home.html", context)


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")
