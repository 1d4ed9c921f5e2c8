"""Drafts and scheduled publication: content only staff see until it is published.

A content model opts in by inheriting `Publishable` (two columns: whether the
record is published, and when to publish a draft) and giving its queryset
`PublishableQuerySet`. Every public path (lists through their FilterSet,
detail pages, the API, feeds, calendars, exports, sitemaps, counts, charts)
reads `published()`: "not among the drafts", read from the drafts' partial
index, with no time in it, so a list's query and the page cache work as
before. The moment a scheduled draft
becomes public is not a time comparison made by every reader: the beat task
(`publish_due`, every minute) flips due drafts to published, which moves the
content clock and the page cache's version, so cached pages and the API's
ETags change exactly then.

Publishing and unpublishing many records (the beat task, the admin's bulk
actions) writes with update(), so it does here what save() signals would:
the content clock, the page cache, `publication_changed` (the prebuilt
exports listen) and a version in each record's history.

What becomes of relations (README, For staff): a draft is never named
publicly. A published record that names a draft (an initiative led by a
draft organisation, a consultation part of a draft summit) is shown without
it, as if the relation were not recorded yet.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import clock, history
from .cache import bump_content_version

# Sent after records of `sender` were published or made drafts without save():
# `ids`, the records changed. Whatever is built from public content listens.
publication_changed = Signal()


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: every public path reads this.

        Written as "not among the drafts": the drafts are few and their
        partial index (`drafts_index`) holds their keys, so this is one hashed
        lookup of the key per row, and each list keeps the indexes it had
        (counts and totals still read an index alone). `is_published = true`
        read the table's last column, behind the long texts, on every row a
        query walks (as `date_status` did): 2-10 times slower (README,
        Performance).
        """
        return self.exclude(pk__in=self.model._base_manager.filter(is_published=False).values("pk"))

    def drafts(self):
        return self.filter(is_published=False)

    def scheduled(self):
        """Drafts with a moment to publish them."""
        return self.filter(is_published=False, publish_at__isnull=False)

    def due(self, now=None):
        """Drafts whose moment has come: the beat task publishes them."""
        return self.filter(is_published=False, publish_at__lte=now or timezone.now())


def drafts_index(name):
    """The partial index of a Publishable model's drafts: `published()` reads their keys, the
    beat task their moments, the admin counts them."""
    return models.Index(
        fields=["publish_at"], include=["id"], condition=models.Q(is_published=False), name=name
    )


class Publishable(models.Model):
    """A record that may be a draft: on no public page, feed, export or count until published."""

    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_(
            "Untick to keep it a draft: only staff see it (Preview); it is on no public "
            "page, list, feed, export or count."
        ),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "For a draft: the moment it becomes public by itself (checked every minute). "
            "Empty: it stays a draft until someone publishes it."
        ),
    )

    # The field that says when readers were first shown the record (feeds list
    # the newest first; e-mail alerts send what was added since their last
    # digest): publishing a draft sets it, as that is when it reaches them.
    added_at_field = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        becomes_public = self.is_published and getattr(self, "_published_in_db", None) is False
        if becomes_public and self.added_at_field:
            setattr(self, self.added_at_field, timezone.now())
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, self.added_at_field}
        super().save(*args, **kwargs)
        self._published_in_db = self.is_published

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record._published_in_db = record.__dict__.get("is_published")
        return record

    @property
    def is_scheduled(self):
        return not self.is_published and self.publish_at is not None

    def clean(self):
        super().clean()
        if self.publish_at is None:
            return
        now = timezone.now()
        if not self.is_published and self.publish_at <= now:
            raise ValidationError(
                {
                    "publish_at": _(
                        "This moment has passed. To publish now, tick “published”; to keep "
                        "a draft, clear it or choose a later moment."
                    )
                }
            )
        if self.is_published and self.publish_at > now:
            raise ValidationError(
                {
                    "publish_at": _(
                        "A published record is public already: untick “published” to "
                        "publish it at this moment."
                    )
                }
            )


def public(record):
    """`record` if the public may see it; None for a draft, which is never named publicly."""
    return record if record is not None and record.is_published else None


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def publish(model, ids, now=None):
    """Publish the drafts among `ids` now; the keys of those published.

    Without save(): the caller records the versions and bumps the page cache's
    version (toolkit.bulk.bulk_change, publish_due).
    """
    values = {"is_published": True}
    if model.added_at_field:
        values[model.added_at_field] = now or timezone.now()
    return _flip(model, model._default_manager.drafts(), ids, values)


def unpublish(model, ids):
    """Make drafts of the published records among `ids`, with no moment to publish them again."""
    values = {"is_published": False, "publish_at": None}
    return _flip(model, model._default_manager.published(), ids, values)


def _flip(model, candidates, ids, values):
    with transaction.atomic():
        changed = list(
            candidates.select_for_update().filter(pk__in=ids).values_list("pk", flat=True)
        )
        if changed:
            model._default_manager.filter(pk__in=changed).update(**values)
            # update() sends no signal: what save()'s receivers would do, told here.
            clock.tick(model)
            publication_changed.send(sender=model, ids=changed)
    return changed


def publish_due(now=None):
    """(beat, every minute) Publish every draft whose moment has come; how many were."""
    now = now or timezone.now()
    published = 0
    for model in publishable_models():
        with transaction.atomic():
            due = list(model._default_manager.due(now).values_list("pk", flat=True))
            changed = publish(model, due, now=now) if due else []
            if changed:
                records = model._default_manager.filter(pk__in=changed).prefetch_related(
                    *history.prefetches(model)
                )
                comment = str(_("Published at the scheduled moment."))
                history.record_versions_in_bulk(records, comment)
        published += len(changed)
    if published:
        # After the commit: a page drawn meanwhile must not be cached as the new version.
        bump_content_version()
    return published


def may_preview(user, model):
    """Whether `user` may see drafts of `model` on its public pages: staff who may view it."""
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


class PreviewMixin:
    """A detail view of a Publishable model: the public sees published records only (else a
    404); staff who may view the model also see drafts, as the public would, under a banner.

    A draft's page is never cached: the page cache stores only anonymous readers' pages
    (toolkit.cache), and its answer says no one may keep it.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        if may_preview(self.request.user, queryset.model):
            return queryset
        return queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["draft_preview"] = not self.object.is_published
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("draft_preview"):
            response["Cache-Control"] = "private, no-store"
        return response
