"""Funded initiatives: projects and programmes with a duration, budget, lead and funders."""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import PeriodModel, end_after_start
from common.models import Country, Region, Theme
from members.models import Organisation
from toolkit.cache import PublicContent
from toolkit.cards import Card
from toolkit.i18n import name_indexes
from toolkit.models import TimestampedModel, TranslatedQuerySet
from toolkit.publication import Publishable, PublishableQuerySet, drafts_index
from translations.models import SourceLanguageModel

from .iati_codelists import has_code


class InitiativeStatus(models.TextChoices):
    """Derived from the dates, never stored. Codes follow IATI's ActivityStatus."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")

    @property
    def iati_code(self):
        return {"planned": "1", "ongoing": "2", "completed": "3"}[self.value]


class ParticipationRole(models.TextChoices):
    """The roles of the IATI activity standard's participating-org element."""

    LEAD = "lead", _("Lead")
    FUNDER = "funder", _("Funder")
    IMPLEMENTING = "implementing", _("Implementing partner")
    EXTENDING = "extending", _("Extending (channelling funds)")

    @property
    def iati_code(self):
        # IATI OrganisationRole: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing.
        return {"funder": "1", "lead": "2", "extending": "3", "implementing": "4"}[self.value]


def status_condition(status, today):
    """The condition on the dates that gives an initiative `status` on `today`."""
    if status == InitiativeStatus.PLANNED:
        return Q(start_date__gt=today)
    if status == InitiativeStatus.ONGOING:
        return Q(start_date__lte=today, end_date__gte=today)
    if status == InitiativeStatus.COMPLETED:
        return Q(end_date__lt=today)
    raise ValueError(f"Unknown status {status!r}")


class InitiativeQuerySet(PublishableQuerySet, TranslatedQuerySet):
    search_fields = ("title", "acronym", "summary", "description")
    name_field = "title"

    def running_in(self, year):
        """Initiatives running, at least in part, in that calendar year."""
        return self.filter(
            start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1)
        )

    def with_status(self, *statuses):
        """Initiatives in any of these statuses, as of today (the status is never stored)."""
        today = timezone.localdate()
        wanted = Q()
        for status in statuses:
            wanted |= status_condition(status, today)
        return self.filter(wanted)

    def count_by_status(self):
        """{status: initiatives} as of today, in one query."""
        today = timezone.localdate()
        return self.order_by().aggregate(
            **{
                status: Count("pk", filter=status_condition(status, today))
                for status in InitiativeStatus
            }
        )

    def in_countries(self, *codes):
        """Initiatives in any of these countries, by their own countries or a region's.

        A region-wide initiative (Central Asia) is in each country its region
        covers, so ?country=KZ lists it (and says it is regional). One
        subquery of CountryCoverage, not a join: an initiative in two of the
        countries is listed once without DISTINCT, which would sort every
        matching row, and PostgreSQL walks the listing index for a page.
        """
        countries = Country.objects.ids_of([code.upper() for code in codes])
        covered = CountryCoverage.objects.filter(country__in=countries)
        return self.filter(pk__in=covered.values("initiative_id"))

    def regional(self):
        """Region-wide initiatives: those covering a region, whatever their countries."""
        return self.filter(Exists(RegionShare.objects.filter(initiative=OuterRef("pk"))))

    def country_specific(self):
        """Initiatives covering no region: their countries (if any) are all they cover."""
        return self.exclude(Exists(RegionShare.objects.filter(initiative=OuterRef("pk"))))

    def led_by(self, *organisations):
        """Initiatives any of these organisations (records or keys) lead."""
        return self.with_participants(ParticipationRole.LEAD, organisations)

    def funded_by(self, *organisations):
        """Initiatives any of these organisations (records or keys) fund."""
        return self.with_participants(ParticipationRole.FUNDER, organisations)

    def with_participants(self, role, organisations):
        """A semi-join on the participations (their index on role and organisation): an
        initiative with two of them is listed once, and tally() counts it once."""
        holding = Participation.objects.filter(role=role, organisation__in=organisations)
        return self.filter(pk__in=holding.values("initiative"))

    def tally(self, split=False):
        """How many initiatives, and their budgets summed per currency, in one query.

        Amounts in different currencies are never added together. Every filter
        keeps one row per initiative (countries are a subquery; one theme, lead
        or funder matches an initiative once), so nothing is counted twice.
        With `split`, the same query also says how much of it is regional
        (`Tally.regional`): what a country filter brought in through regions.
        """
        queryset = self.order_by()
        keys = ["budget_currency"]
        if split:
            queryset = queryset.annotate(
                is_regional=Exists(RegionShare.objects.filter(initiative=OuterRef("pk")))
            )
            keys.append("is_regional")
        groups = list(
            queryset.values(*keys).annotate(
                total=Sum("budget_amount"),
                budgeted=Count("budget_amount"),
                initiatives=Count("pk"),
            )
        )
        whole = Tally.of(groups)
        if split:
            regional = Tally.of([group for group in groups if group["is_regional"]])
            return whole._replace(regional=regional)
        return whole

    def budgets_by(self, key, split=False):
        """Budgets summed per currency and per `key`, in one query: rows for charts and tables.

        `key` is "year" (the year an initiative starts: a budget is for its whole
        life and is never split by year), "theme" or "funder" (an initiative on
        several themes, or with several funders, is in each of their rows).
        Each row: key (None: no start date, theme or funder), budget_currency,
        total, budgeted (initiatives with an amount), initiatives; with `split`,
        is_regional as well (see `tally`).
        """
        queryset = self.order_by().prefetch_related(None)
        if key == "year":
            queryset = queryset.annotate(key=ExtractYear("start_date"))
        elif key == "theme":
            queryset = queryset.annotate(key=models.F("themes"))
        elif key == "funder":
            # A draft organisation is never named: its initiatives count as funded by none.
            # (A condition may not reach the organisation's column: the drafts' keys.)
            drafts = Subquery(Organisation.objects.drafts().values("pk"))
            funding = Q(participations__role=ParticipationRole.FUNDER) & ~Q(
                participations__organisation__in=drafts
            )
            queryset = queryset.annotate(
                funding=FilteredRelation("participations", condition=funding),
                key=models.F("funding__organisation"),
            )
        else:
            raise ValueError(f"Unknown key {key!r}")
        keys = ["key", "budget_currency"]
        if split:
            queryset = queryset.annotate(
                is_regional=Exists(RegionShare.objects.filter(initiative=OuterRef("pk")))
            )
            keys.append("is_regional")
        return list(
            queryset.values(*keys).annotate(
                total=Sum("budget_amount"),
                budgeted=Count("budget_amount"),
                initiatives=Count("pk"),
            )
        )

    def for_listing(self):
        return self.prefetch_related("themes", *CARD.relations())

    def with_countries(self):
        """With their countries and regions: all a short list (the home page's) shows."""
        return self.prefetch_related(countries_prefetch(), regions_prefetch())

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def countries_prefetch():
    return models.Prefetch(
        "country_shares", queryset=CountryShare.objects.select_related("country")
    )


def regions_prefetch():
    return models.Prefetch("region_shares", queryset=RegionShare.objects.select_related("region"))


# An initiative's card: its own fields, its countries and regions, its organisations and
# their roles.
CARD = Card(
    "initiatives/initiative_card.html",
    "initiative",
    lambda: (
        countries_prefetch(),
        regions_prefetch(),
        models.Prefetch("participations", queryset=Participation.objects.shown()),
    ),
)


class Tally(NamedTuple):
    count: int
    totals: list  # [{"budget_currency", "total", "count"}], by currency
    regional: "Tally | None" = None  # the region-wide part, when asked for (tally(split=True))

    @classmethod
    def of(cls, groups):
        """From rows of budget_currency, total, budgeted and initiatives (any other key summed)."""
        by_currency = {}
        for group in groups:
            currency = by_currency.setdefault(group["budget_currency"], {"total": None, "count": 0})
            if group["budgeted"]:
                currency["total"] = (currency["total"] or 0) + group["total"]
                currency["count"] += group["budgeted"]
        totals = [
            {"budget_currency": code, "total": sums["total"], "count": sums["count"]}
            for code, sums in sorted(by_currency.items())
            if sums["count"]
        ]
        return cls(sum(group["initiatives"] for group in groups), totals)

    @property
    def country_specific(self):
        """The whole less its regional part: initiatives covering no region."""
        if self.regional is None:
            return None
        regional = {t["budget_currency"]: t for t in self.regional.totals}
        totals = []
        for total in self.totals:
            part = regional.get(total["budget_currency"], {"total": 0, "count": 0})
            if count := total["count"] - part["count"]:
                totals.append({**total, "total": total["total"] - part["total"], "count": count})
        return Tally(self.count - self.regional.count, totals)


iso_4217 = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, such as EUR."))


class Initiative(PublicContent, Publishable, SourceLanguageModel, PeriodModel, TimestampedModel):
    slug_source_field = "title"
    added_at_field = "created_at"

    title = models.CharField(_("title"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    budget_amount = models.DecimalField(
        _("budget"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[iso_4217],
        help_text=_("ISO 4217: EUR, USD, CHF, ..."),
    )
    budget_note = models.CharField(
        _("what the budget covers"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 'IUCN's budget share'."),
    )
    geographic_scope = models.CharField(
        _("geographic scope"),
        max_length=255,
        blank=True,
        help_text=_(
            "Where the sources describe it, in words; the countries and regions below are "
            "what filters and exports read."
        ),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="Participation",
        verbose_name=_("organisations"),
        related_name="initiatives",
        blank=True,
    )
    countries = models.ManyToManyField(
        Country,
        through="CountryShare",
        verbose_name=_("countries"),
        related_name="initiatives",
        blank=True,
    )
    regions = models.ManyToManyField(
        Region,
        through="RegionShare",
        verbose_name=_("regions"),
        related_name="initiatives",
        blank=True,
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="initiatives", blank=True
    )
    website = models.URLField(_("website"), blank=True)

    # When the record was added to the portal: feeds list the newest first and
    # e-mail alerts send what was added since their last digest.
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-start_date", "title_en"]
        indexes = [
            models.Index(fields=["start_date", "end_date"], name="initiative_dates"),
            models.Index(fields=["created_at"], name="initiative_created"),
            models.Index(fields=["budget_currency", "budget_amount"], name="initiative_budget"),
            drafts_index("initiative_drafts"),
            # Status and year filters compare both dates; the list's count and
            # budget totals then read the index alone, never the rows.
            models.Index(
                fields=["end_date", "start_date"],
                include=["id", "budget_currency", "budget_amount"],
                name="initiative_period",
            ),
            # ?sort=name, in each reader's alphabet (toolkit/collation.py).
            *name_indexes("title", "initiative_by_title"),
        ]
        constraints = [
            end_after_start("initiative_end_after_start"),
            # An amount means nothing without its currency.
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | ~Q(budget_currency=""),
                name="initiative_budget_has_currency",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.budget_amount is not None and not self.budget_currency:
            raise ValidationError({"budget_currency": _("A budget needs its currency.")})

    @property
    def status(self):
        """Planned, ongoing or completed on today's date; None when undated."""
        if not self.start_date:
            return None
        today = timezone.localdate()
        if self.start_date > today:
            return InitiativeStatus.PLANNED
        # The end is always set on save; a raw load without one is still ongoing.
        if self.end_date is not None and self.end_date < today:
            return InitiativeStatus.COMPLETED
        return InitiativeStatus.ONGOING

    def organisations_in_role(self, role):
        """From prefetched participations when there are any, so lists stay in bounds."""
        return [p.organisation for p in self.participations.all() if p.role == role]

    @property
    def leads(self):
        return self.organisations_in_role(ParticipationRole.LEAD)

    @property
    def funders(self):
        return self.organisations_in_role(ParticipationRole.FUNDER)


class ParticipationManager(models.Manager):
    def get_by_natural_key(self, initiative_slug, organisation_slug, role):
        return self.get(
            initiative__slug=initiative_slug, organisation__slug=organisation_slug, role=role
        )

    def shown(self):
        """With their organisations, as pages show them: draft organisations left out."""
        return self.filter(organisation__is_published=True).select_related("organisation")

    def in_profile_order(self):
        """With their published initiatives, latest first, as an organisation's profile shows."""
        return (
            self.filter(initiative__is_published=True)
            .select_related("initiative")
            .order_by(
                models.F("initiative__start_date").desc(nulls_last=True),
                "initiative__slug",
                "position",
            )
        )


class Participation(PublicContent, models.Model):
    # Written in its initiative's source language (translations.tracking).
    translation_parent = "initiative"

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="initiative_participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipationRole.choices)
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 'consortium partner', 'Implementing Agency in Kazakhstan'."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ParticipationManager()

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["initiative", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation", "role"], name="participation_once"
            ),
        ]
        indexes = [
            models.Index(fields=["role", "organisation"], name="participation_role_org"),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"

    def natural_key(self):
        return (self.initiative.slug, self.organisation.slug, self.role)

    natural_key.dependencies = ["initiatives.initiative", "members.organisation"]


class CountryShareManager(models.Manager):
    def get_by_natural_key(self, initiative_slug, country_code):
        return self.get(initiative__slug=initiative_slug, country__code=country_code)


class Share(models.Model):
    """What an initiative covers of a place (a country, a region), in percent where known."""

    place = None  # the name of the foreign key to the place

    percentage = models.DecimalField(
        _("share in percent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Leave empty when the source gives no share."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        place = getattr(self, self.place)
        if self.percentage is None:
            return str(place)
        return f"{place} ({self.percentage}%)"


class CountryShare(PublicContent, Share):
    place = "country"

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="country_shares",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="initiative_shares",
    )
    objects = CountryShareManager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["initiative", "country__code"]
        indexes = [
            # ?country=: the initiatives in a country, read from the index alone.
            models.Index(fields=["country", "initiative"], name="country_share_country"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "country"], name="country_share_once"),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
                name="country_share_is_percent",
            ),
        ]

    def natural_key(self):
        return (self.initiative.slug, self.country.code)

    natural_key.dependencies = ["initiatives.initiative", "common.country"]


class RegionShareManager(models.Manager):
    def get_by_natural_key(self, initiative_slug, region_code):
        return self.get(initiative__slug=initiative_slug, region__code=region_code)


class RegionShare(PublicContent, Share):
    """An initiative covers a region (Central Asia), as a whole: region-wide work."""

    place = "region"

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="region_shares",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="initiative_shares",
    )
    objects = RegionShareManager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["initiative", "region__code"]
        indexes = [
            # ?country=: the initiatives in a country's regions, read from the index alone.
            models.Index(fields=["region", "initiative"], name="region_share_region"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "region"], name="region_share_once"),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
                name="region_share_is_percent",
            ),
        ]

    def natural_key(self):
        return (self.initiative.slug, self.region.code)

    natural_key.dependencies = ["initiatives.initiative", "common.region"]


class CountryCoverageManager(models.Manager):
    # Initiatives derived per round of queries: an IN list the databases take easily.
    REFRESH_CHUNK = 2000

    def refresh(self, initiative_ids=None):
        """Derive again the coverage of these initiatives (of every one with None).

        Called by initiatives/coverage.py whenever a share or a region's
        countries change, and by bulk writers (generate_demo_data).
        """
        if initiative_ids is None:
            return self._refresh(None)
        ids = sorted(set(initiative_ids))
        for start in range(0, len(ids), self.REFRESH_CHUNK):
            self._refresh(ids[start : start + self.REFRESH_CHUNK])

    def per_country(self):
        """{country key: (initiatives, of which region-wide)} for every country covered, one query.

        An initiative is counted in each country it covers, by a share of its
        own or through a region (as ?country= lists it).
        """
        regional = Exists(RegionShare.objects.filter(initiative=OuterRef("initiative")))
        rows = (
            self.exclude(initiative__in=Initiative.objects.drafts().values("pk"))
            .order_by()
            .values("country")
            .annotate(
                initiatives=Count("initiative"), regional=Count("initiative", filter=regional)
            )
        )
        return {row["country"]: (row["initiatives"], row["regional"]) for row in rows}

    def _refresh(self, ids):
        own = CountryShare.objects.all()
        regional = RegionShare.objects.filter(region__countries__isnull=False)
        stale = self.all()
        if ids is not None:
            own = own.filter(initiative__in=ids)
            regional = regional.filter(initiative__in=ids)
            stale = stale.filter(initiative__in=ids)
        pairs = {*own.values_list("initiative_id", "country_id")}
        pairs |= {*regional.values_list("initiative_id", "region__countries")}
        stale.delete()
        self.bulk_create(
            [self.model(initiative_id=i, country_id=c) for i, c in sorted(pairs)],
            batch_size=5000,
        )


class CountryCoverage(models.Model):
    """Derived: each country an initiative covers, by a share of its own or through a region.

    What ?country= reads (`in_countries`), kept by initiatives/coverage.py.
    Not edited, not exported: CountryShare and RegionShare are the facts.
    Why a table: the filter was a semi-join on country shares, which
    PostgreSQL answers for a page by walking the listing index and probing
    the shares; a union of country and region shares (or an OR of two
    subqueries) made it read and hash every match first (0.7 ms became
    200 ms at 50,000 initiatives, README Performance).
    """

    # No index of their own: the unique (initiative, country) and the (country,
    # initiative) index below serve both.
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="country_coverage", db_index=False
    )
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", db_index=False)

    objects = CountryCoverageManager()

    class Meta:
        verbose_name = _("country covered")
        verbose_name_plural = _("countries covered")
        # Derived rows, read only by the country filter's subquery: no order of their own.
        constraints = [
            models.UniqueConstraint(fields=["initiative", "country"], name="coverage_once"),
        ]
        indexes = [
            # ?country=: the initiatives in a country, read from the index alone.
            models.Index(fields=["country", "initiative"], name="coverage_country"),
        ]

    def __str__(self):
        return f"{self.initiative_id} in {self.country_id}"


class SectorVocabulary(models.TextChoices):
    """The IATI SectorVocabulary codes a theme's sector may come from."""

    DAC_5 = "1", _("OECD DAC CRS purpose code (5 digits)")
    DAC_3 = "2", _("OECD DAC CRS sector category (3 digits)")

    @property
    def codelist(self):
        """The IATI codelist its codes come from."""
        return {"1": "Sector", "2": "SectorCategory"}[self.value]


class ThemeSectorManager(models.Manager):
    def get_by_natural_key(self, theme_slug, vocabulary):
        return self.get(theme__slug=theme_slug, vocabulary=vocabulary)


class ThemeSector(models.Model):
    """The IATI sector a theme stands for in the IATI export: our classification, staff's to edit.

    It lives beside the export rather than on common.Theme, which events and
    members share and which knows no export format. No public page shows it
    (so no PublicContent); a change asks for the exports to be built again
    (services.SHOWN_IN_EXPORTS).
    """

    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.CASCADE,
        related_name="iati_sectors",
    )
    vocabulary = models.CharField(
        _("vocabulary"),
        max_length=3,
        choices=SectorVocabulary.choices,
        default=SectorVocabulary.DAC_5,
    )
    code = models.CharField(
        _("sector code"),
        max_length=5,
        help_text=_("A code of the vocabulary's IATI codelist: 41081 is environmental education."),
    )

    objects = ThemeSectorManager()

    class Meta:
        verbose_name = _("IATI sector of a theme")
        verbose_name_plural = _("IATI sectors of themes")
        ordering = ["theme__position", "theme__slug", "vocabulary"]
        constraints = [
            # One code per vocabulary: an initiative's share of a sector follows its themes.
            models.UniqueConstraint(fields=["theme", "vocabulary"], name="theme_sector_once"),
        ]

    def __str__(self):
        return f"{self.theme}: {self.code} ({self.get_vocabulary_display()})"

    def natural_key(self):
        return (self.theme.slug, self.vocabulary)

    natural_key.dependencies = ["common.theme"]

    def clean(self):
        super().clean()
        if self.vocabulary in SectorVocabulary.values:
            vocabulary = SectorVocabulary(self.vocabulary)
            if not has_code(vocabulary.codelist, self.code):
                message = _("“%(code)s” is not a code of the IATI %(codelist)s codelist.")
                params = {"code": self.code, "codelist": vocabulary.codelist}
                raise ValidationError({"code": ValidationError(message, params=params)})
