"""/sitemap.xml: the sections, and each app's detail pages (members/sitemaps.py...)."""

from django.urls import reverse

from events.sitemaps import EventSitemap
from initiatives.sitemaps import InitiativeSitemap
from members.sitemaps import OrganisationSitemap
from toolkit.sitemaps import PortalSitemap


class SectionSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "members:list", "events:list", "initiatives:list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "sections": SectionSitemap,
    "members": OrganisationSitemap,
    "events": EventSitemap,
    "initiatives": InitiativeSitemap,
}
