"""The shared domain in the partner API: countries, regions, themes, dates with their precision."""

import functools
import re

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from toolkit.api.fields import (
    ApiLinksField,
    SharedRecord,
    TranslatedField,
    TranslationsSerializer,
    in_each_language,
)
from toolkit.api.viewsets import ReadOnlyViewSet

from .dates import DatePrecision, format_partial_date, iso_partial_date
from .models import Country, Region, Theme


class PreciseDateSerializer(serializers.Serializer):
    """The schema of a date known to a day, a month or a year (the `PreciseDate` component)."""

    date = serializers.DateField(
        help_text=_(
            "The stored day: the first day of its month or year for a start, "
            "the last day for an end (2024 for an end is 2024-12-31)."
        )
    )
    precision = serializers.ChoiceField(choices=DatePrecision.choices)
    iso = serializers.CharField(
        help_text=_("ISO 8601 at the date's precision: 2024, 2025-11 or 2026-04-22.")
    )
    display = TranslationsSerializer(
        help_text=_("As the portal's pages print it, in each language: 2024, November 2025, ...")
    )


@functools.lru_cache(maxsize=4096)
def displayed(value, precision):
    """A date as the pages print it, in each language: computed once per date and precision."""
    return in_each_language(lambda: format_partial_date(value, precision))


@extend_schema_field(PreciseDateSerializer(allow_null=True))
class PreciseDateField(serializers.Field):
    """A date and its precision as one object; null when the source gives no date.

    `start = PreciseDateField("start_date", "start_precision")`.
    """

    def __init__(self, date_field, precision_field, **kwargs):
        self.date_field = date_field
        self.precision_field = precision_field
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.date_field)
        if value is None:
            return None
        precision = getattr(instance, self.precision_field)
        return {
            "date": value.isoformat(),
            "precision": precision,
            "iso": iso_partial_date(value, precision),
            "display": displayed(value, precision),
        }


class CountrySerializer(SharedRecord, serializers.ModelSerializer):
    """A country, by its ISO 3166-1 alpha-2 code."""

    name = TranslatedField()
    links = ApiLinksField("api:country-detail", lookup="code")

    class Meta:
        model = Country
        fields = ["code", "name", "is_central_asian", "links"]


class RegionRefSerializer(SharedRecord, serializers.ModelSerializer):
    """A region where a record names it: its code and name (its countries: /regions/)."""

    code = serializers.CharField(
        help_text=_("OECD DAC region code (IATI Region codelist, vocabulary 1): 619 Central Asia.")
    )
    name = TranslatedField()
    links = ApiLinksField("api:region-detail", lookup="code")

    class Meta:
        model = Region
        fields = ["code", "name", "links"]


class RegionSerializer(RegionRefSerializer):
    countries = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="code",
        help_text=_(
            "ISO codes of the countries the region covers: a country filter includes "
            "initiatives covering the region."
        ),
    )

    class Meta:
        model = Region
        fields = ["code", "name", "countries", "links"]


class ThemeSerializer(SharedRecord, serializers.ModelSerializer):
    """A theme of the alliance's work."""

    name = TranslatedField()
    description = TranslatedField()
    # Declared, not derived: the derived bounds would follow the database backend.
    position = serializers.IntegerField(
        min_value=0, help_text=_("Themes are listed in this order.")
    )
    links = ApiLinksField("api:theme-detail")

    class Meta:
        model = Theme
        fields = ["slug", "name", "description", "position", "links"]


@extend_schema_view(
    list=extend_schema(
        summary=_("Countries"), description=_("Central Asian first, then by English name.")
    ),
    retrieve=extend_schema(summary=_("A country, by its ISO 3166-1 alpha-2 code")),
)
class CountryViewSet(ReadOnlyViewSet):
    """Countries, Central Asian first, then by English name; a country by its ISO code."""

    # The code breaks ties, so pages never overlap.
    queryset = Country.objects.order_by("-is_central_asian", "name_en", "code")
    serializer_class = CountrySerializer
    filter_backends = []
    lookup_field = "code"
    lookup_pattern = re.compile(r"[A-Za-z]{2}")
    not_found_message = _("No country has the code “%(value)s”.")

    def lookup_value(self):
        return super().lookup_value().upper()


@extend_schema_view(
    list=extend_schema(summary=_("Regions"), description=_("By their OECD DAC code.")),
    retrieve=extend_schema(summary=_("A region, by its OECD DAC code")),
)
class RegionViewSet(ReadOnlyViewSet):
    """Regions by their OECD DAC code, with the countries each covers; a region by its code."""

    queryset = Region.objects.order_by("code").prefetch_related(
        Prefetch("countries", queryset=Country.objects.order_by("code"))
    )
    # Its countries are listed by code, with no serializer of their own.
    also_shows = (Country,)
    serializer_class = RegionSerializer
    filter_backends = []
    lookup_field = "code"
    lookup_pattern = re.compile(r"[0-9]{2,4}")
    not_found_message = _("No region has the code “%(value)s”.")


@extend_schema_view(
    list=extend_schema(summary=_("Themes"), description=_("In the order the portal lists them.")),
    retrieve=extend_schema(summary=_("A theme")),
)
class ThemeViewSet(ReadOnlyViewSet):
    """Themes in the order the portal lists them; a theme by its slug."""

    queryset = Theme.objects.order_by("position", "slug")
    serializer_class = ThemeSerializer
    filter_backends = []
    not_found_message = _("No theme has the slug “%(value)s”.")
