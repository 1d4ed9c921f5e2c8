"""What `manage.py seed` has loaded, so that it never loads a record twice.

The seed's fixtures are the portal's starting content; once loaded, a record
is the staff's. Each fixture record the seed has loaded (or found already in
the database) is remembered here by its model and natural key: a later run
skips it, whether staff edited it, deleted it or changed its natural key.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SeedRecord(models.Model):
    """One fixture record the seed has loaded: its model ("events.event") and natural key as JSON.

    A model without a natural key (the alliance profile) is keyed by the pk
    its fixture gives.
    """

    model = models.CharField(_("model"), max_length=100)
    natural_key = models.TextField(_("natural key"))
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("seeded record")
        verbose_name_plural = _("seeded records")
        ordering = ["model", "natural_key"]
        constraints = [
            models.UniqueConstraint(fields=["model", "natural_key"], name="seed_record_once"),
        ]

    def __str__(self):
        return f"{self.model} {self.natural_key}"
