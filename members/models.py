"""Organisations: the alliance's members, and the partners and funders they work with.

Also the applications of organisations that want to join.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.models import Country, Theme, TimestampedModel, is_own_ancestor


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    PUBLIC_FOUNDATION = "public_foundation", _("Public foundation")
    THINK_TANK = "think_tank", _("Think tank")
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    MUSEUM = "museum", _("Museum")
    COMPANY = "company", _("Company")
    VOLUNTEER_GROUP = "volunteer_group", _("Volunteer group")
    NETWORK = "network", _("Network or coalition")
    PROJECT = "project", _("Project or programme")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    UN_BODY = "un_body", _("UN body")
    DEVELOPMENT_BANK = "development_bank", _("Development bank")
    GOVERNMENT_BODY = "government_body", _("Government body")
    FUNDER = "funder", _("Funder")
    OTHER = "other", _("Other")


class Relation(models.TextChoices):
    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner")
    OTHER = "other", _("Other")


# What an organisation's card shows besides its own fields and country.
CARD_RELATIONS = ("themes",)


class OrganisationQuerySet(models.QuerySet):
    def members(self):
        return self.filter(relation=Relation.MEMBER)

    def partners(self):
        return self.filter(relation=Relation.PARTNER)

    def in_country(self, *codes):
        return self.filter(country__code__in=[code.upper() for code in codes])

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Organisation(TimestampedModel):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name or acronym"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.NGO
    )
    relation = models.CharField(
        _("relation to the alliance"),
        max_length=10,
        choices=Relation.choices,
        default=Relation.OTHER,
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("Where the organisation is based; empty for global bodies."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    founding_note = models.CharField(
        _("founding note"),
        max_length=255,
        blank=True,
        help_text=_(
            "What a year cannot say, e.g. 're-established as an independent entity in April 2023'."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="organisations", blank=True
    )
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        related_name="units",
        null=True,
        blank=True,
        help_text=_("For an office or unit of a larger organisation."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]
        indexes = [
            models.Index(fields=["relation", "kind"], name="organisation_relation_kind"),
            # The admin's default order.
            models.Index(fields=["name_en"], name="organisation_name_en"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        if is_own_ancestor(self, self.parent):
            raise ValidationError({"parent": _("An organisation cannot be part of itself.")})

    def get_absolute_url(self):
        return reverse("members:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        """The name with its acronym, when the acronym is not already in it."""
        if self.short_name and self.short_name not in self.name:
            return f"{self.name} ({self.short_name})"
        return self.name


class ContactPersonQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def get_by_natural_key(self, organisation_slug, name):
        return self.get(organisation__slug=organisation_slug, name=name)


class ContactPerson(models.Model):
    """A person to contact at an organisation: personal data, private by default."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_public = models.BooleanField(
        _("may be shown publicly"),
        default=False,
        help_text=_("Only tick this with the person's consent."),
    )

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="contact_once"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.organisation.natural_key(), self.name)

    natural_key.dependencies = ["members.organisation"]


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = [ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW]


class MembershipApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

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
        )


class MembershipApplication(TimestampedModel):
    """An organisation's request to join, as it wrote it: personal data, staff only.

    The text is in the one language the applicant wrote in (`language`); it is
    not a translated model. Accepting it creates the member Organisation
    (members.services.accept). Not shown on any public page, so it has no
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
        Theme, verbose_name=_("themes"), related_name="membership_applications", blank=True
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
    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("member organisation"),
        on_delete=models.SET_NULL,
        related_name="application",
        null=True,
        blank=True,
        editable=False,
        help_text=_("Created from this application when it was accepted."),
    )

    # Which e-mails went out, so none is sent twice or lost.
    staff_notified_at = models.DateTimeField(_("staff notified"), null=True, editable=False)
    acknowledged_at = models.DateTimeField(_("receipt acknowledged"), null=True, editable=False)
    decision_sent_at = models.DateTimeField(_("decision sent"), null=True, editable=False)

    objects = MembershipApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at", "-pk"]
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
