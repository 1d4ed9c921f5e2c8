"""What the OpenAPI schema says beyond what drf-spectacular finds on its own.

Every operation lists its error responses; the FilterSets' parameters get
their exact types and bounds (so a schema-driven client, or schemathesis,
sends what the API accepts); the description explains the conventions.
"""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_parameter_type
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from toolkit.filters import CodeFilter, RecordsFilter, SearchFilter, YearFilter

from .errors import ErrorSerializer

DESCRIPTION = _(
    """Read-only data of TsAKO, the Central Asian Climate Education Alliance: its member
organisations and partners, events and consultations, and funded initiatives.

**Languages.** Every text comes in all three languages of the portal, as stored:
`{"en": "...", "ru": "...", "kk": "..."}`, with an empty string where a language has
none. Choose your own fallback (the portal shows Kazakh, then Russian, then English).
Search (`q`) and the order by name follow the `Accept-Language` header, as on the pages.

**Dates** keep the precision their source gives: `{"date": "2024-01-01",
"precision": "year", "iso": "2024", "display": {"en": "2024", ...}}`. A start is
stored as the first day of its month or year, an end as the last.

**Budgets** are decimal strings with their ISO 4217 currency. Amounts in different
currencies are never added up.

**Filters** are those of the portal's pages. Repeat one (`?theme=water&theme=air`)
for the records with any of its values; different filters all apply.
An empty value (`?status=`) leaves that filter out, as the pages' forms do. A value of the
wrong form, or outside a list the schema enumerates, is a 400 naming the parameter; a
well-formed code or slug that names nothing (`?country=ZZ`, `?theme=none`) matches
nothing: an empty list. Lists are paginated (`page`, `page_size` up to 200) in a stable
order.

**Times** of events are the local time at the venue (`14:30:00`, no offset), in the
event's `time_zone`.

**Syncing.** Every response carries an `ETag`, and a `Last-Modified` unless the data
changed in the last two seconds. Send them back as `If-None-Match` or `If-Modified-Since`:
when nothing in the answer has changed, it is a `304 Not Modified` with no body. Both
change when a record joins or leaves a list or is deleted, when a record it shows changes
(an organisation's name, a country, a theme), and when a new day changes an initiative's
status or makes an event past.

**Limits.** Anonymous clients are throttled per address; a `429` says, in
`Retry-After`, how many seconds to wait. Browsers may call the API from any origin
(CORS, read only).

**IATI.** `/api/v1/initiatives.xml` gives the initiatives as an IATI 2.03 activity
file, with the same filters."""
)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("A parameter is not valid.")),
    404: OpenApiResponse(
        ErrorSerializer, description=_("No such record, or a page past the last.")
    ),
    429: OpenApiResponse(
        ErrorSerializer, description=_("Too many requests: wait the seconds Retry-After gives.")
    ),
}

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def or_empty(pattern):
    """The pattern, or nothing: an empty value (?country=) leaves the filter out."""
    return f"^(?:{pattern.removeprefix('^').removesuffix('$')})?$"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, with each operation's error responses."""

    def get_filter_backends(self):
        if getattr(self.view, "document_filters", False):
            return self.view.filter_backends
        return super().get_filter_backends()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        takes_input = self._is_list_view() or getattr(self.view, "document_filters", False)
        errors = [429]
        if takes_input:
            errors.append(400)
        if takes_input or re.search(r"{\w+}", self.path):
            errors.append(404)
        for code in sorted(errors):
            responses.setdefault(str(code), self._get_response_for_code(ERRORS[code], str(code)))
        return responses


class FilterExtension(DjangoFilterExtension):
    """The FilterSets' parameters with their exact types and bounds."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        # Countries and slugs: their choices come from the database, which
        # the schema must not depend on, so they are described by their form.
        if isinstance(filter_field, CodeFilter):
            pattern, description = filter_field.pattern, filter_field.description
        elif isinstance(filter_field, RecordsFilter):
            pattern = SLUG_PATTERN
            description = _("%(label)s: slugs; repeat for several") % {"label": filter_field.label}
        else:
            pattern = None
        if pattern:
            parameter = build_parameter_type(
                name=field_name,
                location=OpenApiParameter.QUERY,
                schema=build_array_type({"type": "string", "pattern": or_empty(pattern)}),
                description=description,
                explode=True,
                style="form",
            )
            parameter["allowEmptyValue"] = True
            return [parameter]
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            # An empty value (?status=) leaves the filter out, as the pages' forms do.
            parameter["allowEmptyValue"] = True
            schema = parameter["schema"]
            if "enum" in schema.get("items", {}):  # several values: each may be empty too
                schema["items"]["enum"] = [*schema["items"]["enum"], ""]
            if isinstance(filter_field, YearFilter):
                schema.update(
                    type="integer",
                    minimum=filter_field.extra["min_value"],
                    maximum=filter_field.extra["max_value"],
                )
                schema.pop("format", None)
            elif isinstance(filter_field, SearchFilter):
                schema["maxLength"] = filter_field.extra["max_length"]
        return parameters


def describe(result, generator, request, public):
    """Postprocessing hook: the API's description, in the request's language."""
    result["info"]["description"] = str(DESCRIPTION)
    return result
