"""Countries and themes in the API, the API's root, and its answer to unknown addresses."""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from alliance.models import Country, Theme

from .fields import ApiLinksField, TranslatedField
from .viewsets import ReadOnlyViewSet


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


# The API root's links: each endpoint by its route name.
ROOT_LINKS = {
    "organisations": "api:organisation-list",
    "events": "api:event-list",
    "initiatives": "api:initiative-list",
    "initiatives_iati": "api:initiatives-iati",
    "countries": "api:country-list",
    "themes": "api:theme-list",
    "schema": "api:schema",
    "docs": "api:docs",
}


@extend_schema(
    summary=_("The API's endpoints"),
    responses=inline_serializer("Root", {name: serializers.URLField() for name in ROOT_LINKS}),
)
@api_view(["GET"])
def root(request):
    return Response(
        {name: request.build_absolute_uri(reverse(route)) for name, route in ROOT_LINKS.items()}
    )


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS"])
def not_found(request, path):
    """Any other address under /api/v1/: a JSON 404, or a redirect to it with its slash."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not-found":
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    raise exceptions.NotFound(_("There is nothing at this address in the API."))
