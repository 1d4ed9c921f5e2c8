from alliance.sitemaps import DetailSitemap


class EventSitemap(DetailSitemap):
    def items(self):
        return []
