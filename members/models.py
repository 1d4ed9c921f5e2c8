"""Organisations: the alliance's members, and the partners and funders they work with."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import Country, Theme
from toolkit.cache import PublicContent
from toolkit.cards import Card
from toolkit.i18n import name_indexes
from toolkit.models import TimestampedModel, TranslatedQuerySet, is_own_ancestor
from toolkit.publication import Publishable, PublishableQuerySet, drafts_index, public
from translations.models import SourceLanguageModel


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


class OrganisationQuerySet(PublishableQuerySet, TranslatedQuerySet):
    search_fields = ("name", "short_name", "description", "mission")

    def members(self):
        return self.filter(relation=Relation.MEMBER)

    def partners(self):
        return self.filter(relation=Relation.PARTNER)

    def in_countries(self, *codes):
        return self.filter(country__in=Country.objects.ids_of([code.upper() for code in codes]))

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Organisation(PublicContent, Publishable, SourceLanguageModel, TimestampedModel):
    slug_source_field = "name"

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
            drafts_index("organisation_drafts"),
            # The admin's default order.
            models.Index(fields=["name_en"], name="organisation_name_en"),
            # The directory by name, in each reader's alphabet (toolkit/collation.py).
            *name_indexes("name", "organisation_by_name"),
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
    def public_parent(self):
        """The organisation it is part of, as the public sees it: not a draft."""
        return public(self.parent)

    @property
    def display_name(self):
        """The name with its acronym, when the acronym is not already in it."""
        if self.short_name and self.short_name not in self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    # A card names the kind and the relation only where they tell the reader
    # something: "Other" says nothing, so it is left out.
    @property
    def kind_label(self):
        return "" if self.kind == OrganisationKind.OTHER else self.get_kind_display()

    @property
    def relation_label(self):
        return "" if self.relation == Relation.OTHER else self.get_relation_display()


class ContactPersonQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def get_by_natural_key(self, organisation_slug, name):
        return self.get(organisation__slug=organisation_slug, name=name)


class ContactPerson(PublicContent, models.Model):
    """A person to contact at an organisation: personal data, private by default."""

    # Written in its organisation's source language (translations.tracking).
    translation_parent = "organisation"

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


# An organisation's card: its own fields, its country (joined by the list), its themes.
CARD = Card("members/organisation_card.html", "organisation", lambda: ("themes",))
