"""/sitemap.xml: an index of the sections' files; each app's detail pages (members/sitemaps.py...).

Each section is its own file, /sitemap-<section>.xml, split into pages
(?p=2...) of at most Sitemap.limit URLs (10,000; the protocol allows 50,000); the
index lists them all.
"""

from django.urls import reverse

from events.sitemaps import EventSitemap
from initiatives.sitemaps import InitiativeSitemap
from members.sitemaps import OrganisationSitemap
from toolkit.sitemaps import PortalSitemap

from .countries import country_figures, country_rows


class SectionSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "members:list",
            "events:list",
            "initiatives:list",
            "countries:list",
            "partners_data",
            "about",
            "contact",
            "privacy",
        ]

    def location(self, item):
        return reverse(item)


class CountrySitemap(PortalSitemap):
    """The pages of the countries the countries page lists (those with anything recorded)."""

    changefreq = "daily"

    def items(self):
        return [row.code.lower() for row in country_rows(country_figures())]

    def location(self, item):
        return reverse("countries:detail", kwargs={"code": item})


SITEMAPS = {
    "sections": SectionSitemap,
    "members": OrganisationSitemap,
    "events": EventSitemap,
    "initiatives": InitiativeSitemap,
    "countries": CountrySitemap,
}
