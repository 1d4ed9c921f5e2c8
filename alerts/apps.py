from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("E-mail alerts")

    def ready(self):
        from toolkit.links import PageLink, add_page_link

        from . import tasks  # noqa: F401 - registers the tasks that services queue by name

        # The lists offer an alert for the filters they show.
        add_page_link(
            "initiatives:list",
            PageLink(_("E-mail me new initiatives matching these filters"), "alerts:initiatives"),
        )
        add_page_link(
            "events:list",
            PageLink(_("E-mail me new upcoming events matching these filters"), "alerts:events"),
        )
