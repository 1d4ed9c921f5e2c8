"""People registered for events: personal data, seen by staff with the permission only.

The registration workflow lives here whole: the model, the public form and
its views, the e-mails and their tasks, the admin. The event's own settings
(registration open, capacity, deadline) are fields of events.Event; this app
adds the registration box to the event's page through events.page_parts.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Subquery, When
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event


def new_cancel_secret():
    """A registration's random secret, carried by its cancel links (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")

    def with_waiting_turn(self):
        """Each waiting registration's place in its event's queue as `waiting_turn` (1 = next)."""
        ahead = (
            Registration.objects.waiting()
            .filter(event=OuterRef("event"), created_at__lte=OuterRef("created_at"))
            .exclude(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
        )
        turn = ahead.order_by().values("event").annotate(turn=Count("pk")).values("turn")
        return self.annotate(
            waiting_turn=Case(
                When(status=RegistrationStatus.WAITING, then=Subquery(turn)),
                default=None,
                output_field=models.IntegerField(),
            )
        )

    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmation_due(self):
        return self.active().filter(confirmation_sent_at__isnull=True)

    def already_registered_due(self):
        """Sent through the form again, and not yet told that they were already registered."""
        return self.active().filter(
            asked_again_at__isnull=False, already_registered_sent_at__isnull=True
        )

    def cancellation_due(self):
        """Cancelled by staff, and not yet told."""
        return self.filter(
            status=RegistrationStatus.CANCELLED,
            cancelled_by__isnull=False,
            cancellation_sent_at__isnull=True,
        )

    def promotion_due(self):
        """Promoted from the waiting list after their first e-mail said they were waiting."""
        return self.confirmed().filter(
            promoted_at__isnull=False,
            promotion_sent_at__isnull=True,
            confirmation_sent_at__lt=F("promoted_at"),
        )


class Registration(models.Model):
    """A person registered for an event: personal data, seen by staff with the permission only.

    Deleted settings.REGISTRATION_RETENTION_DAYS after the event (a periodic
    task). Reached by its registrant through the signed link in their e-mails,
    which carries its cancel_secret, never by a public URL of its own.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        help_text=_("The language of the e-mails about this registration."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    promoted_at = models.DateTimeField(
        _("given a place from the waiting list"), null=True, blank=True, editable=False
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    # Staff cancelling say so to the person, who cancelled by their own link otherwise.
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    cancellation_message = models.TextField(
        _("message to the person"),
        blank=True,
        editable=False,
        help_text=_("Written by staff when cancelling; part of the e-mail that tells them."),
    )

    # Carried by the cancel links in its e-mails (registrations.services.cancel_token);
    # registering again after cancelling draws a new one, so older links stop working.
    cancel_secret = models.CharField(
        _("cancel link secret"), max_length=43, default=new_cancel_secret, editable=False
    )

    # Which e-mails went out, so none is sent twice or lost.
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, editable=False)
    promotion_sent_at = models.DateTimeField(
        _("place offered by e-mail"), null=True, editable=False
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, editable=False)
    cancellation_sent_at = models.DateTimeField(_("cancellation sent"), null=True, editable=False)
    # The form sent again with this address: answered like any registration,
    # and its owner told by e-mail (toolkit.background.ask_again).
    asked_again_at = models.DateTimeField(
        _("registration asked for again"), null=True, blank=True, editable=False
    )
    already_registered_sent_at = models.DateTimeField(
        _("'already registered' sent"), null=True, editable=False
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        # The table kept the name it had when registrations were part of events.
        db_table = "events_registration"
        ordering = ["event", "created_at", "pk"]
        permissions = [
            ("export_registration", _("Can export registrations")),
            ("reinstate_registration", _("Can reinstate a cancelled registration")),
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "created_at"], name="registration_event_status"
            ),
        ]
        constraints = [
            # One registration per address and event, whatever its case.
            models.UniqueConstraint(F("event"), Lower("email"), name="registration_once"),
        ]

    def __str__(self):
        return f"{self.name} ({self.event})"


def places_left(event):
    """An event's unreserved places (a query), or None when there is no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - event.registrations.confirmed().count(), 0)
