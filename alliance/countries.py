"""Country pages: what the alliance has in each country, from every app, and the map.

/<lang>/countries/ lists the countries with anything recorded (the Central
Asian ones always) on a map and in a table; /<lang>/countries/kz/ shows one
country: its members, its initiatives (country-specific apart from
region-wide), its events and upcoming consultations, funding by start year,
theme and funder, and the exports filtered to exactly that country.
"""

import re
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from common.maps import central_asia_map, central_asian_codes
from common.models import Country
from events.models import Event, EventKind
from initiatives.charts import funders_table, funding_section
from initiatives.filters import ordering
from initiatives.models import CountryCoverage, Initiative, regions_prefetch
from members.models import Organisation
from toolkit.cache import cache_public_page, cached_by_content
from toolkit.cldr import format_number as number

# How many of each list a country page shows; a link leads to the whole list.
SHOWN = 10
CODE = re.compile(r"^[A-Za-z]{2}$")


@dataclass
class Figures:
    members: int = 0
    initiatives: int = 0
    regional: int = 0  # of the initiatives, those covering a region that includes the country
    events: int = 0

    def __bool__(self):
        return bool(self.members or self.initiatives or self.events)

    @property
    def country_specific(self):
        return self.initiatives - self.regional


def country_figures():
    """{country key: Figures} for every country with a member, an initiative or an event.

    Three grouped counts, kept until content changes (toolkit.cache): every
    country page, the countries page and the home page read them.
    """

    def compute():
        figures = {}
        members = Organisation.objects.published().members().order_by().values("country")
        for row in members.annotate(count=Count("pk")):
            figures.setdefault(row["country"], Figures()).members = row["count"]
        for key, (initiatives, regional) in CountryCoverage.objects.per_country().items():
            entry = figures.setdefault(key, Figures())
            entry.initiatives, entry.regional = initiatives, regional
        events = Event.objects.published().order_by().values("country")
        events = events.annotate(count=Count("pk"))
        for row in events:
            figures.setdefault(row["country"], Figures()).events = row["count"]
        figures.pop(None, None)  # organisations and events with no country
        return figures

    return cached_by_content("country-figures", compute)


def described(name, figures):
    """The figures in words, for a map link's accessible name and the table's headings."""
    parts = [
        ngettext("%(count)s member", "%(count)s members", figures.members)
        % {"count": number(figures.members)},
        ngettext("%(count)s initiative", "%(count)s initiatives", figures.initiatives)
        % {"count": number(figures.initiatives)},
    ]
    if figures.regional:
        parts[-1] += " " + ngettext(
            "(%(count)s of them region-wide)",
            "(%(count)s of them region-wide)",
            figures.regional,
        ) % {"count": number(figures.regional)}
    parts.append(
        ngettext("%(count)s event", "%(count)s events", figures.events)
        % {"count": number(figures.events)}
    )
    return _("%(country)s: %(figures)s") % {"country": name, "figures": ", ".join(parts)}


@dataclass
class CountryRow:
    code: str
    name: str
    url: str
    figures: Figures
    central_asian: bool


def country_rows(figures, everywhere=True):
    """The countries a table lists: the Central Asian ones always, others with figures.

    Without `everywhere`, the Central Asian ones alone (the home page's).
    """
    central_asian = set(central_asian_codes())
    rows = []
    for key, code, name in Country.objects.listed():
        entry = figures.get(key, Figures())
        if code in central_asian or (everywhere and entry):
            url = reverse("countries:detail", kwargs={"code": code.lower()})
            rows.append(CountryRow(code, name, url, entry, code in central_asian))
    return rows


def map_of(rows, current=None):
    return central_asia_map(
        [
            (
                row.code,
                row.name,
                row.url,
                f"{number(row.figures.members)} · {number(row.figures.initiatives)}",
                described(row.name, row.figures),
            )
            for row in rows
            if row.central_asian
        ],
        current=current,
    )


@require_safe
@cache_public_page
def country_list(request):
    rows = country_rows(country_figures())
    return render(
        request,
        "alliance/country_list.html",
        {"rows": rows, "map": map_of(rows)},
    )


def query(**parameters):
    return "?" + urlencode(parameters)


def exports(code):
    """The addresses of every export, filtered to exactly this country."""
    by_country = query(country=code)
    return {
        "csv": reverse("initiatives:export") + by_country,
        "initiatives_feed": reverse("initiatives:feed") + by_country,
        "events_feed": reverse("events:feed") + by_country,
        "calendar": reverse("events:calendar") + by_country,
        "iati": reverse("api:initiatives-iati") + by_country,
        "api_initiatives": reverse("api:initiative-list") + by_country,
        "api_events": reverse("api:event-list") + by_country,
        "api_organisations": reverse("api:organisation-list") + by_country,
    }


def country_lists(country):
    """What a country page lists: its members, its initiatives' totals and the latest of
    them, its upcoming consultations and its events (seven queries).

    Kept until content changes, and for the day (a consultation stops being
    upcoming), like the lists' cards (toolkit.cache).
    """

    def compute():
        initiatives = Initiative.objects.published().in_countries(country.code)
        latest = ordering("-start")
        held_there = Event.objects.published().in_countries(country.code)
        members = Organisation.objects.published().members().filter(country=country)
        members = members.by_name("slug")
        return {
            "members": list(members[:SHOWN]),
            "tally": initiatives.tally(split=True),
            "specific_initiatives": list(initiatives.country_specific().order_by(*latest)[:SHOWN]),
            "regional_initiatives": list(
                initiatives.regional()
                .prefetch_related(regions_prefetch())
                .order_by(*latest)[:SHOWN]
            ),
            "consultations": list(
                held_there.filter(kind=EventKind.CONSULTATION)
                .not_over()
                .in_timeline_order()[:SHOWN]
            ),
            "events": list(held_there.in_listing_order()[:SHOWN]),
        }

    return cached_by_content(f"country-lists:{country.code}:{timezone.localdate()}", compute)


@require_safe
@cache_public_page
def country_detail(request, code):
    if not CODE.match(code):
        raise Http404("No such country.")
    if code != code.lower():
        return redirect("countries:detail", code=code.lower(), permanent=True)
    country = get_object_or_404(Country, code=code.upper())
    all_figures = country_figures()
    figures = all_figures.get(country.pk, Figures())
    initiatives = Initiative.objects.published().in_countries(country.code)
    context = {
        "country": country,
        "figures": figures,
        **country_lists(country),
        "funding": funding_section(
            initiatives,
            split=True,
            cache_key=f"country-funding:{country.code}",
            heading=_("Funding"),
            level=2,
            prefix="country-funding",
        ),
        "funders": funders_table(
            initiatives, split=True, cache_key=f"country-funders:{country.code}"
        ),
        "exports": exports(country.code),
        "lists": {
            "members": reverse("members:list") + query(country=country.code),
            "initiatives": reverse("initiatives:list") + query(country=country.code),
            "country_specific": reverse("initiatives:list")
            + query(country=country.code, regional="exclude"),
            "regional": reverse("initiatives:list") + query(country=country.code, regional="only"),
            "events": reverse("events:list") + query(country=country.code),
            "upcoming": reverse("events:list") + query(country=country.code, when="upcoming"),
        },
    }
    rows = country_rows(all_figures, everywhere=False)
    context["map"] = map_of(rows, current=country.code)
    return render(request, "alliance/country_detail.html", context)
