"""Countries and themes in the partner API (/api/v1/countries/, /api/v1/themes/)."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from toolkit.api.fields import ApiLinksField, TranslatedField
from toolkit.api.viewsets import ReadOnlyViewSet

from .models import Country, Theme


class CountrySerializer(serializers.ModelSerializer):
    name = TranslatedField()
    links = ApiLinksField("api:country-detail", lookup="code")

    class Meta:
        model = Country
        fields = ["code", "name", "is_central_asian", "links"]


class ThemeSerializer(serializers.ModelSerializer):
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
    list=extend_schema(summary=_("Themes"), description=_("In the order the portal lists them.")),
    retrieve=extend_schema(summary=_("A theme")),
)
class ThemeViewSet(ReadOnlyViewSet):
    """Themes in the order the portal lists them; a theme by its slug."""

    queryset = Theme.objects.order_by("position", "slug")
    serializer_class = ThemeSerializer
    filter_backends = []
    not_found_message = _("No theme has the slug “%(value)s”.")
