"""The shared domain: countries, regions, themes and the alliance's own profile.

Every content app refers to them. The tables were created by the project
package (app label "alliance") and kept their names when the models moved
here, so no data moved with them (see migrations/0001_initial.py).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from toolkit.cache import PublicContent, cached_by_content

from .dates import DatePrecision, format_partial_date


class CountryManager(models.Manager):
    """Countries; `listed()` is on the manager because it is always every country."""

    def get_by_natural_key(self, code):
        return self.get(code=code)

    def listed(self):
        """(key, code, name) of every country in the reader's language, in order.

        Every list's country filter reads it (its choices, its codes' keys):
        cached per content version, so it costs a query only after an edit.
        """
        return cached_by_content(
            "countries",
            lambda: [(country.pk, country.code, country.name) for country in self.all()],
        )

    def ids_of(self, codes):
        """The keys of the countries with these ISO codes (unknown codes are left out).

        A filter on share.country_id IN (3, 7) lets PostgreSQL see how many rows
        each country has; country__code IN ('KZ', 'KG') joins, and it guessed a
        quarter of the rows and hashed every share (README, Performance).
        """
        keys = {code: key for key, code, _name in self.listed()}
        return [keys[code] for code in codes if code in keys]


class Country(PublicContent, models.Model):
    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2, upper case (KZ, KG, TJ, UZ, ...)."),
    )
    name = models.CharField(_("name"), max_length=100)
    is_central_asian = models.BooleanField(
        _("Central Asian"),
        default=False,
        help_text=_("Listed first on the portal's pages and filters."),
    )

    objects = CountryManager()

    class Meta:
        db_table = "alliance_country"
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["-is_central_asian", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_is_alpha2",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.code,)


class RegionManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Region(PublicContent, models.Model):
    """A region as IATI and the OECD DAC name it (IATI Region codelist, vocabulary 1).

    An initiative may cover a region instead of, or besides, a list of
    countries ("Central Asia, regional": 619). `countries` are those the DAC
    counts in the region: a country filter finds region-wide work through them.
    """

    code = models.CharField(
        _("OECD DAC region code"),
        max_length=4,
        unique=True,
        help_text=_("IATI Region codelist, vocabulary 1 (OECD DAC): 619 is Central Asia."),
    )
    name = models.CharField(_("name"), max_length=100)
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        related_name="regions",
        blank=True,
        help_text=_("The countries the OECD DAC counts in this region."),
    )

    objects = RegionManager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2,4}$"), name="region_code_is_dac"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["common.country"]


class ThemeQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Theme(PublicContent, models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Themes are listed in this order.")
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        db_table = "alliance_theme"
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class AllianceProfile(PublicContent, models.Model):
    """The alliance's own name, goal and founding, edited by staff (one record)."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20)
    goal = models.TextField(_("goal"))
    description = models.TextField(_("description"), blank=True)
    formed_in = models.CharField(_("formed in (place)"), max_length=100, blank=True)
    formed_on = models.DateField(_("formed on"), null=True, blank=True)
    formed_on_precision = models.CharField(
        _("precision of the formation date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.MONTH,
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        related_name="+",
        blank=True,
        help_text=_("The countries the alliance's members come from."),
        db_table="alliance_allianceprofile_countries",
    )
    # Empty until staff write them: the "Data for partners" page then says that
    # no terms have been published, rather than suggesting a licence.
    data_terms = models.TextField(
        _("terms for reusing the data"),
        blank=True,
        help_text=_(
            "The terms under which partners may reuse the data the portal publishes "
            "(its API, exports, calendars and feeds), shown on the “Data for partners” "
            "page. Leave empty until the alliance has decided them: the page then says "
            "that no terms have been published yet."
        ),
    )

    # The public contact (the Contact page) and the privacy page's own words:
    # empty until staff publish them (the source documents give none), and the
    # pages then say so rather than suggest an address.
    contact_email = models.EmailField(
        _("public e-mail address"),
        blank=True,
        help_text=_("The address the public may write to, shown on the Contact page."),
    )
    contact_phone = models.CharField(
        _("public phone number"),
        max_length=40,
        blank=True,
        help_text=_("With the country code: +7 727 000 00 00."),
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    contact_notes = models.TextField(
        _("notes on contacting the alliance"),
        blank=True,
        help_text=_(
            "Office hours, languages spoken, whom to write to about what: shown on the "
            "Contact page under the contact details."
        ),
    )
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        help_text=_(
            "The alliance's own words at the top of the Privacy page. The page itself "
            "lists what each form collects, who sees it and how long it is kept."
        ),
    )
    data_controller = models.TextField(
        _("data controller"),
        blank=True,
        help_text=_(
            "Who is responsible for the personal data the portal collects (the legal "
            "body and its address), shown on the Privacy page. Leave empty until decided: "
            "the page then says that it has not been published yet."
        ),
    )

    # The alliance has one profile: the database holds it to a single row.
    SINGLETON_PK = 1

    class Meta:
        db_table = "alliance_allianceprofile"
        verbose_name = _("alliance profile")
        verbose_name_plural = _("alliance profile")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="one_alliance_profile"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("home")

    @property
    def formed_on_display(self):
        return format_partial_date(self.formed_on, self.formed_on_precision)

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first()
