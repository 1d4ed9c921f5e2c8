"""Abstract models and model helpers that any app may use; they know no app."""

import re

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .i18n import by_shown_name, search_condition

# What a slug can be (Django's SlugField); anything else cannot name a record.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class TranslatedQuerySet(models.QuerySet):
    """The words every content app's queryset shares: search and order by the reader's name.

    Subclasses name their translated `search_fields` and their `name_field`;
    they add `in_countries(*codes)` and `running_in(year)` where those apply,
    which the common filters call.
    """

    search_fields = ()
    name_field = "name"

    def search(self, text):
        """Records whose texts contain `text` in the reader's language or its fallbacks.

        A Kazakh reader searches the Kazakh, Russian and English columns: the
        ones the page may show them.
        """
        return self.filter(search_condition(self.search_fields, text))

    def by_name(self, *then):
        """By name as the reader sees it (after fallback), case-insensitive; then `then`."""
        return self.order_by(by_shown_name(self.name_field), *then)


def is_own_ancestor(obj, parent, max_depth=50):
    """Whether making `parent` the parent of `obj` would close a loop (A in B in A)."""
    seen = 0
    while parent is not None and seen < max_depth:
        if obj.pk is not None and parent.pk == obj.pk:
            return True
        parent = parent.parent
        seen += 1
    return seen >= max_depth


class TimestampedModel(models.Model):
    """Knows when it last changed: exports and partner syncs read it.

    Not `auto_now`: fixtures load with `raw=True`, which skips it and would
    leave the column empty; a default covers that path too.
    """

    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


class AddressBySlug:
    """A model's detail page for a slug, in the active language: reversed once per language.

    reverse() costs about a third of a millisecond, and a sitemap file or the
    IATI file asks for hundreds of thousands of addresses that differ only by
    the slug. For models whose get_absolute_url() reads the slug alone; what
    is not a slug goes through get_absolute_url(), which refuses it as before.
    """

    PLACEHOLDER = "slug-placeholder"

    def __init__(self, model):
        self.model = model
        self.around = {}

    def __call__(self, slug, language=None):
        if not SLUG.fullmatch(slug):
            with translation.override(language or get_language()):
                return self.model(slug=slug).get_absolute_url()
        language = language or get_language()
        if language not in self.around:
            with translation.override(language):
                address = self.model(slug=self.PLACEHOLDER).get_absolute_url()
            self.around[language] = address.rpartition(self.PLACEHOLDER)
        before, _placeholder, after = self.around[language]
        return f"{before}{slug}{after}"


class ContentClock(models.Model):
    """The version of each content model's data, and when it last changed: one row for all.

    Saving, deleting or relinking a record of a model (toolkit.clock) gives
    its model a new version, in the same transaction as the change, so a
    reader sees the new version exactly when it sees the new data. The API's
    validators are made of the versions of the models a list shows.

    One row, not one per model: every writer locks the same row, so two
    transactions can never deadlock over the clock (rows per model, locked in
    whatever order saves and cascades come, could). A version is a random
    token, not a counter: after a database is restored or re-created, a new
    change can never repeat a version that once named other data.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    # {"initiatives.initiative": ["<token>", <POSIX seconds of the change>], ...}
    versions = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("content versions")

    def __str__(self):
        return f"{len(self.versions)} models"
