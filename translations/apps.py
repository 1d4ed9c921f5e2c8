from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """Keeps three languages true: each translation's state, whatever path saved the record.

    Bottom floor, beside the toolkit: it knows no app, only modeltranslation's
    registry, and every translated model is followed through signals.
    """

    name = "translations"
    verbose_name = _("Translations")

    def ready(self):
        from . import tasks  # noqa: F401  (so the digest task's name is known to the worker)
        from .tracking import connect_signals

        connect_signals()
