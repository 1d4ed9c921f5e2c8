from alliance.sitemaps import DetailSitemap


class OrganisationSitemap(DetailSitemap):
    def items(self):
        return []
