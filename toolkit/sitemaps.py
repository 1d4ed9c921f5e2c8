"""The sitemap classes every app's sitemap builds on: each page in each language."""

from django.contrib.sitemaps import Sitemap


class PortalSitemap(Sitemap):
    """Every page in each language, with hreflang alternates and an x-default."""

    i18n = True
    alternates = True
    x_default = True


class DetailSitemap(PortalSitemap):
    """Detail pages of one model; subclasses name the queryset."""

    changefreq = "weekly"

    def lastmod(self, obj):
        return obj.updated_at
