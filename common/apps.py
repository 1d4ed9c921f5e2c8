from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """The shared domain: countries, themes, the alliance's profile, dates with precision."""

    name = "common"
    verbose_name = _("Alliance")
