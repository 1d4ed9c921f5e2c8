"""The API's root and its answer to unknown addresses: what no single app owns."""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

# The API root's links: each endpoint by its route name.
ROOT_LINKS = {
    "organisations": "api:organisation-list",
    "events": "api:event-list",
    "initiatives": "api:initiative-list",
    "initiatives_iati": "api:initiatives-iati",
    "countries": "api:country-list",
    "regions": "api:region-list",
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
