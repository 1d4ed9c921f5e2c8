from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    """The project package as an app: its commands (seed, generate_demo_data) and migration history.

    Its migrations created the shared domain's tables before those models
    moved to common/; they stay here so existing databases migrate on.
    """

    name = "alliance"
    verbose_name = _("Alliance")

    def ready(self):
        from . import checks  # noqa: F401 - registers our deploy checks


class LoginLockoutConfig(axes_apps.AppConfig):
    """django-axes (admin login lockout) under a name staff can read in each language.

    Named in INSTALLED_APPS; default = False keeps AllianceConfig the config of "alliance".
    """

    default = False
    verbose_name = _("Login lockouts")
