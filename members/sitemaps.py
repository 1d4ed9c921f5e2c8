"""Every organisation's profile in the sitemap, in each language."""

from toolkit.sitemaps import DetailSitemap

from .models import Organisation


class OrganisationSitemap(DetailSitemap):
    """Every organisation's profile: members, partners and funders alike."""

    def items(self):
        return Organisation.objects.published().order_by("slug")
