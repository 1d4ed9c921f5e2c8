"""Every event's page in the sitemap, in each language."""

from toolkit.sitemaps import DetailSitemap

from .models import Event


class EventSitemap(DetailSitemap):
    def items(self):
        return Event.objects.published().order_by("slug")
