"""Organisations' applications to join the alliance: personal data, seen by staff only.

The whole workflow lives here: the model, the public form and its views,
the decisions (accepting one creates the member organisation in members),
the e-mails and their tasks, the admin.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import Country, Theme
from members.models import Organisation, OrganisationKind
from toolkit.models import TimestampedModel


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = [ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW]


class MembershipApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def already_received_due(self):
        """Sent through the form again while open, and the applicant not yet told we have it."""
        return self.open().filter(
            asked_again_at__isnull=False, already_received_sent_at__isnull=True
        )

    def unsent(self, older_than):
        """Applications with an e-mail still unsent that is due since before `older_than`."""
        return self.filter(created_at__lt=older_than).filter(
            models.Q(staff_notified_at__isnull=True)
            | models.Q(acknowledged_at__isnull=True)
            | models.Q(
                status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED],
                decision_sent_at__isnull=True,
                decided_at__lt=older_than,
            )
            | models.Q(
                status__in=OPEN_STATUSES,
                asked_again_at__lt=older_than,
                already_received_sent_at__isnull=True,
            )
        )


class MembershipApplication(TimestampedModel):
    """An organisation's request to join, as it wrote it: personal data, staff only.

    The text is in the one language the applicant wrote in (`language`); it is
    not a translated model. Accepting it creates the member Organisation
    (applications.services.accept). Not shown on any public page, so it has no
    get_absolute_url: staff reach it in the admin.
    """

    # The organisation.
    name = models.CharField(_("name of the organisation"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.NGO
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="membership_applications",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"), help_text=_("What the organisation is and what it does.")
    )
    mission = models.TextField(_("mission"), blank=True)
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes"),
        related_name="membership_applications",
        blank=True,
        db_table="members_membershipapplication_themes",
    )
    # The person who applied, whose data they agreed to let us store.
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    consent_at = models.DateTimeField(
        _("consent given"),
        default=timezone.now,
        help_text=_("When the applicant agreed to let the alliance store these data."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        help_text=_("The language the application is written in, and its e-mails are sent in."),
    )

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("member organisation"),
        on_delete=models.SET_NULL,
        related_name="applications",
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Created from this application when it was accepted, or the existing "
            "organisation staff linked it to."
        ),
    )
    decision_message = models.TextField(
        _("message to the applicant"),
        blank=True,
        editable=False,
        help_text=_("Written by staff when deciding; part of the decision e-mail."),
    )

    # Which e-mails went out, so none is sent twice or lost.
    staff_notified_at = models.DateTimeField(_("staff notified"), null=True, editable=False)
    acknowledged_at = models.DateTimeField(_("receipt acknowledged"), null=True, editable=False)
    decision_sent_at = models.DateTimeField(_("decision sent"), null=True, editable=False)
    # The form sent again for this open application: answered like any
    # application, and the applicant told by e-mail (toolkit.background.ask_again).
    asked_again_at = models.DateTimeField(_("sent again"), null=True, blank=True, editable=False)
    already_received_sent_at = models.DateTimeField(
        _("'already received' sent"), null=True, editable=False
    )

    objects = MembershipApplicationQuerySet.as_manager()

    class Meta:
        # The table kept the name it had when applications were part of members.
        db_table = "members_membershipapplication"
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at", "-pk"]
        permissions = [("reopen_membershipapplication", _("Can reopen a decided application"))]
        indexes = [
            models.Index(fields=["status", "created_at"], name="application_status_created"),
        ]
        constraints = [
            # A double submit, or the same organisation sent again by the same
            # person while the first is still open, is one application.
            models.UniqueConstraint(
                Lower("contact_email"),
                Lower("name"),
                condition=models.Q(status__in=OPEN_STATUSES),
                name="application_open_once",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES
