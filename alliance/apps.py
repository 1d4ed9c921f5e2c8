from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Alliance")

    def ready(self):
        from .cache import connect_signals

        # Staff edits make every cached public page stale.
        connect_signals()
