from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PortalSitemap(Sitemap):
    """Every page in each language, with hreflang alternates and an x-default."""

    i18n = True
    alternates = True
    x_default = True


class SectionSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "members:list", "events:list", "initiatives:list"]

    def location(self, item):
        return reverse(item)


class DetailSitemap(PortalSitemap):
    """Detail pages of one model; subclasses name the queryset."""

    changefreq = "weekly"

    def lastmod(self, obj):
        return obj.updated_at
