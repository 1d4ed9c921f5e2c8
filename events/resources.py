"""Events as spreadsheet rows (django-import-export; the rules are toolkit.imports').

Organisations take part in an event in a role: a column per role
("organiser", "partner", ...) holds their slugs.
"""

from common.models import Country, Theme
from toolkit.imports import ContentResource, LinksField, key_field, keys_field, localized

from .models import Event, EventParticipationRole

COLUMNS = localized(
    Event,
    "slug",
    # Drafts: 0 keeps a row off the public pages; a moment publishes it then.
    "is_published",
    "publish_at",
    "title",
    "acronym",
    "kind",
    "parent",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "date_status",
    "start_time",
    "end_time",
    "time_zone",
    "venue",
    "address",
    "city",
    "country",
    "attendance",
    "summary",
    "description",
    "interpretation",
    "themes",
    "website",
    "registration_open",
    "capacity",
    "registration_deadline",
)
ROLES = [role.value for role in EventParticipationRole]


def role_links(role):
    return LinksField(role.value, "participations", "organisation", "slug", kind={"role": role})


class EventResource(ContentResource):
    country = key_field(Country, "country", "code")
    parent = key_field(Event, "parent", "slug")
    themes = keys_field(Theme, "themes", "slug")
    organiser = role_links(EventParticipationRole.ORGANISER)
    co_organiser = role_links(EventParticipationRole.CO_ORGANISER)
    host = role_links(EventParticipationRole.HOST)
    chair = role_links(EventParticipationRole.CHAIR)
    partner = role_links(EventParticipationRole.PARTNER)
    participant = role_links(EventParticipationRole.PARTICIPANT)

    class Meta(ContentResource.Meta):
        model = Event
        fields = [*COLUMNS, *ROLES]
        export_order = [*COLUMNS, *ROLES]
        import_order = [*COLUMNS, *ROLES]
