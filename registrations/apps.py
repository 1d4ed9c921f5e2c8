from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from events.page_parts import add_event_page_part

        from . import tasks  # noqa: F401 - registers the tasks that services queue by name
        from .views import registration_part

        add_event_page_part(registration_part)
