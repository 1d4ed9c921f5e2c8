from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Membership applications")

    def ready(self):
        from members.hooks import DirectoryLink, add_directory_link

        from . import checks, tasks  # noqa: F401 - register the check, and the tasks queued by name

        # The member directory invites organisations to apply.
        add_directory_link(DirectoryLink(_("Apply to join the alliance"), "join:apply"))
