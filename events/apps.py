from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from members.hooks import ProfileSection, add_profile_section

        from .api import HeldEventRoleSerializer
        from .models import EventParticipation

        # An organisation's profile lists the events it has a role in.
        add_profile_section(
            ProfileSection(
                key="events",
                heading=_("Events"),
                related_name="event_participations",
                record="event",
                rows=EventParticipation.objects.in_profile_order,
                serializer=HeldEventRoleSerializer,
                marker="events/profile_marker.html",
            )
        )
