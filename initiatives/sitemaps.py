"""Every initiative's page in the sitemap, in each language."""

from toolkit.sitemaps import DetailSitemap

from .models import Initiative


class InitiativeSitemap(DetailSitemap):
    def items(self):
        return Initiative.objects.published().order_by("slug")
