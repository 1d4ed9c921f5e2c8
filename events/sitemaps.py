from toolkit.sitemaps import DetailSitemap

from .models import Event


class EventSitemap(DetailSitemap):
    def items(self):
        return Event.objects.order_by("slug")
