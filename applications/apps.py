from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Membership applications")

    def ready(self):
        from . import tasks  # noqa: F401 - registers the tasks that services queue by name
