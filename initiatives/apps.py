from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from members.hooks import ProfileSection, add_profile_section

        # tasks: registers the task services queue.
        from . import coverage, services, tasks  # noqa: F401
        from .api import HeldParticipationSerializer
        from .models import Participation

        # A change to what the full exports show asks for them to be built again.
        services.connect_signals()
        # What the country filter reads follows the shares and the regions' countries.
        coverage.connect_signals()

        # An organisation's profile lists the initiatives it takes part in.
        add_profile_section(
            ProfileSection(
                key="initiatives",
                heading=_("Initiatives"),
                related_name="initiative_participations",
                record="initiative",
                rows=Participation.objects.in_profile_order,
                serializer=HeldParticipationSerializer,
            )
        )
