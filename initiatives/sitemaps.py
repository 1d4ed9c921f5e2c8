from alliance.sitemaps import DetailSitemap


class InitiativeSitemap(DetailSitemap):
    def items(self):
        return []
