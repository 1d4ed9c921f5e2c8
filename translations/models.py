"""What each translation was made from, so that a change of its source shows it is outdated."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toolkit.slugs import unique_slug

from .registry import (
    LANGUAGES,
    column,
    field_source,
    field_values,
    source_language_of,
    translated_fields,
)


class Status(models.TextChoices):
    MISSING = "missing", _("missing")
    OUTDATED = "outdated", _("outdated")
    CURRENT = "current", _("up to date")


# What a translator still has to do.
PENDING = (Status.MISSING, Status.OUTDATED)


class TranslationStateQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=PENDING)

    def of(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )


class TranslationState(models.Model):
    """One field of one record in one language other than the field's source.

    Written by translations.tracking on every save of a translated record (the
    admin, the shell, an import, the API, the seed): `based_on` is the source
    text the translation was made from; when the source text is no longer it,
    the translation is outdated until a translator changes or confirms it.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=60)
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    status = models.CharField(_("state"), max_length=10, choices=Status.choices)
    source_language = models.CharField(
        _("source language"), max_length=7, choices=settings.LANGUAGES
    )
    based_on = models.TextField(
        _("translated from"),
        blank=True,
        help_text=_("The source text the translation was made from."),
    )
    changed_at = models.DateTimeField(
        _("changed"),
        default=timezone.now,
        help_text=_("When the state changed last, or the source changed again."),
    )

    objects = TranslationStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        ordering = ["-changed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="translation_state_once",
            ),
        ]
        indexes = [
            # The dashboard, the filters and the digest: a language's pending work, newest first.
            models.Index(
                fields=["language", "status", "-changed_at"], name="translation_state_pending"
            ),
            models.Index(fields=["content_type", "object_id"], name="translation_state_record"),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} {self.field} [{self.language}]"


class DigestSent(models.Model):
    """When a language's translators were last sent the weekly digest (translations.tasks)."""

    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    items = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("translation digest")
        verbose_name_plural = _("translation digests")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["language", "-sent_at"], name="digest_language_sent")]

    def __str__(self):
        return f"{self.language} {self.sent_at:%Y-%m-%d}"


class SourceLanguageModel(models.Model):
    """A record written first in any of the three languages, chosen by staff.

    The others are translated from it (translations.tracking). A field that
    its model requires is required in the source language only, and a record
    left without a slug gets one from its name or title in that language.
    """

    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language this record is written in first; the other languages are "
            "translated from it, and are marked outdated when it changes."
        ),
    )

    # The translated field a slug is made from: "name" or "title".
    slug_source_field = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.source_language not in LANGUAGES:
            self.source_language = type(self)._meta.get_field("source_language").default
        if self.slug_source_field and not self.slug:
            values = field_values(self, self.slug_source_field)
            language = field_source(values, self.source_language)
            self.slug = unique_slug(
                type(self),
                values[language] if language else "",
                fallback=self._meta.model_name,
                exclude_pk=self.pk,
            )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        for field in translated_fields(type(self)):
            required = not type(self)._meta.get_field(field).blank
            name = column(field, source_language_of(self))
            if required and not getattr(self, name, None):
                errors[name] = _("Required in the source language.")
        if errors:
            raise ValidationError(errors)
