"""Initiatives as spreadsheet rows (django-import-export; the rules are toolkit.imports').

Countries and regions are given by their codes (KZ, 619), themes by slug, and
the organisations taking part by their slugs in a column per role ("lead",
"funder", ...). A country or region kept by a later import keeps its share.
"""

from common.models import Theme
from toolkit.imports import ContentResource, LinksField, keys_field, localized

from .models import Initiative, ParticipationRole

COLUMNS = localized(
    Initiative,
    "slug",
    # Drafts: 0 keeps a row off the public pages; a moment publishes it then.
    "is_published",
    "publish_at",
    "title",
    "acronym",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "budget_amount",
    "budget_currency",
    "budget_note",
    "summary",
    "description",
    "geographic_scope",
    "themes",
    "website",
)
LINKS = ["countries", "regions", *(role.value for role in ParticipationRole)]


def role_links(role):
    return LinksField(role.value, "participations", "organisation", "slug", kind={"role": role})


class InitiativeResource(ContentResource):
    themes = keys_field(Theme, "themes", "slug")
    countries = LinksField("countries", "country_shares", "country", "code")
    regions = LinksField("regions", "region_shares", "region", "code")
    lead = role_links(ParticipationRole.LEAD)
    funder = role_links(ParticipationRole.FUNDER)
    implementing = role_links(ParticipationRole.IMPLEMENTING)
    extending = role_links(ParticipationRole.EXTENDING)

    class Meta(ContentResource.Meta):
        model = Initiative
        fields = [*COLUMNS, *LINKS]
        export_order = [*COLUMNS, *LINKS]
        import_order = [*COLUMNS, *LINKS]
