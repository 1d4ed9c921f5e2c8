"""People subscribed to e-mail alerts: personal data, seen by staff only.

The whole workflow lives here: the model, the public form and its views, the
confirmation (double opt-in), the weekly digests, the unsubscribe links, the
e-mails and their tasks, the admin. A subscription is an address and a saved
filter of the initiatives or events list (its query string, as the list's
FilterSet writes it); the content apps know nothing of it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toolkit.tokens import new_secret


class Topic(models.TextChoices):
    """What a subscription is told about: the list its filter belongs to."""

    INITIATIVES = "initiatives", _("New initiatives")
    EVENTS = "events", _("New upcoming events")


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def digest_due(self, now=None):
        """Confirmed subscriptions whose last digest (or confirmation) is a period ago.

        Beat looks daily; an hour's slack keeps a subscription looked at at
        06:00:04 last week due at 06:00:00 today.
        """
        now = now or timezone.now()
        period = datetime.timedelta(days=settings.ALERT_DIGEST_DAYS, hours=-1)
        return self.confirmed().filter(covered_until__lte=now - period)

    def expired(self, now=None):
        """Never confirmed, and not asked for (again) within the confirmation time."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.ALERT_CONFIRMATION_DAYS)
        return self.unconfirmed().filter(
            Q(asked_again_at__isnull=True) | Q(asked_again_at__lt=cutoff), created_at__lt=cutoff
        )

    def already_subscribed_due(self):
        """Confirmed, asked for again, and its owner not yet told."""
        return self.confirmed().filter(
            asked_again_at__isnull=False, already_subscribed_sent_at__isnull=True
        )


class Subscription(models.Model):
    """An address told once a week of what was added to a filtered list: personal data.

    Nothing is sent but the confirmation until its owner confirms it with the
    signed link (double opt-in); unconfirmed ones are deleted after
    settings.ALERT_CONFIRMATION_DAYS. Unsubscribing deletes it. Reached by
    its owner through the signed links in their e-mails, which carry its
    `secret`, never by a public URL of its own.
    """

    email = models.EmailField(_("e-mail"))
    topic = models.CharField(_("alert"), max_length=20, choices=Topic.choices)
    query = models.CharField(
        _("filters"),
        max_length=2000,
        blank=True,
        help_text=_("The list's filters as its address writes them; empty: everything new."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        help_text=_("The language of the e-mails."),
    )
    secret = models.CharField(_("link secret"), max_length=43, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    # What was added up to this moment is told (or was there before confirming).
    covered_until = models.DateTimeField(
        _("told of what was added until"), null=True, blank=True, editable=False
    )

    # Which e-mails went out, so none is sent twice or lost.
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, editable=False)
    digest_sent_at = models.DateTimeField(_("last digest sent"), null=True, editable=False)
    # The form sent again for this address and filter: answered like any
    # subscription, and its owner told by e-mail (toolkit.background.ask_again).
    asked_again_at = models.DateTimeField(
        _("asked for again"), null=True, blank=True, editable=False
    )
    already_subscribed_sent_at = models.DateTimeField(
        _("'already subscribed' sent"), null=True, editable=False
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["confirmed_at", "covered_until"], name="subscription_digest_due"),
            models.Index(fields=["created_at"], name="subscription_created"),
        ]
        constraints = [
            # One subscription per address (whatever its case), list and filter.
            models.UniqueConstraint(
                Lower("email"), F("topic"), F("query"), name="subscription_once"
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_topic_display()})"
