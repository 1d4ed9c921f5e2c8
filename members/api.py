"""Organisations in the partner API: the member directory's FilterSet, all three languages.

Contact people are personal data: only those marked public appear, and the
queryset, not the serializer, is what keeps the others out.
"""

import functools

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from common.api import CountrySerializer, ThemeSerializer
from toolkit.api.fields import (
    PageLinksField,
    SharedRecord,
    TranslatedField,
    translated_columns,
)
from toolkit.api.viewsets import ReadOnlyViewSet

from .filters import OrganisationFilter
from .hooks import PROFILE_SECTIONS
from .models import ContactPerson, Organisation


class OrganisationRefSerializer(SharedRecord, serializers.ModelSerializer):
    """An organisation where another record names it: an initiative's lead, an event's host."""

    name = TranslatedField()
    short_name = TranslatedField()
    links = PageLinksField("api:organisation-detail")

    class Meta:
        model = Organisation
        fields = ["slug", "name", "short_name", "links"]


# What a relation to an organisation needs to show it as a reference: with
# only() these, its descriptions in three languages are not fetched.
ORGANISATION_REF_COLUMNS = tuple(
    f"organisation__{column}"
    for column in ("slug", *translated_columns("name"), *translated_columns("short_name"))
)


class PublicContactSerializer(serializers.ModelSerializer):
    role = TranslatedField()

    class Meta:
        model = ContactPerson
        fields = ["name", "role", "phone", "email"]


class OrganisationSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    short_name = TranslatedField()
    country = CountrySerializer(allow_null=True, help_text=_("Empty for global bodies."))
    city = TranslatedField()
    founding_note = TranslatedField()
    description = TranslatedField()
    mission = TranslatedField()
    themes = ThemeSerializer(many=True)
    website = serializers.CharField(help_text=_("Empty when unknown."))
    parent = OrganisationRefSerializer(
        source="public_parent",
        allow_null=True,
        help_text=_("The larger organisation this one is an office or unit of."),
    )
    contacts = PublicContactSerializer(
        many=True,
        source="public_contacts",
        help_text=_("Only the people who agreed to be shown publicly."),
    )
    links = PageLinksField("api:organisation-detail")

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "relation",
            "country",
            "city",
            "founded_year",
            "founding_note",
            "description",
            "mission",
            "themes",
            "website",
            "parent",
            "contacts",
            "updated_at",
            "links",
        ]


# The schema's description of the detail (drf-spectacular reads the class's docstring).
DETAIL_DOC = "An organisation with the events and initiatives it takes part in, as its page shows."


@functools.cache
def organisation_detail_serializer():
    """An organisation with the records it takes part in (members.hooks), as its page shows.

    Built on first use, once every app has contributed its section.
    """
    fields = {
        section.key: section.serializer(many=True, source=section.related_name)
        for section in PROFILE_SECTIONS
    }
    meta = type(
        "Meta",
        (OrganisationSerializer.Meta,),
        {"fields": [*OrganisationSerializer.Meta.fields, *fields]},
    )
    return type(
        "OrganisationDetailSerializer",
        (OrganisationSerializer,),
        {
            **fields,
            "Meta": meta,
            "__doc__": DETAIL_DOC,
            "__module__": __name__,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Organisations"),
        description=_(
            "Members by default; ?relation=partner or ?relation=all for more. By name in "
            "the request's language, then by slug. The filters are the member directory's."
        ),
    ),
    retrieve=extend_schema(
        summary=_("An organisation"),
        description=_(
            "With its public contact people, and the events and initiatives it takes part in."
        ),
    ),
)
class OrganisationViewSet(ReadOnlyViewSet):
    """Organisations: members by default (?relation=partner or all for more), by name.

    The filters are the member directory's; search and the order by name
    follow the request's language (Accept-Language), as on the pages.
    """

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    not_found_message = _("No organisation has the slug “%(value)s”.")

    def get_queryset(self):
        queryset = Organisation.objects.published().select_related("country", "parent")
        queryset = queryset.prefetch_related(
            "themes",
            Prefetch(
                "contacts", queryset=ContactPerson.objects.public(), to_attr="public_contacts"
            ),
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                *(
                    Prefetch(section.related_name, queryset=section.rows())
                    for section in PROFILE_SECTIONS
                )
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return organisation_detail_serializer()
        return OrganisationSerializer

    @property
    def also_shows(self):
        # A detail lists, for each section, the rows and the records they are about.
        if self.action != "retrieve":
            return ()
        shown = []
        for section in PROFILE_SECTIONS:
            rows = section.rows().model
            shown += [rows, rows._meta.get_field(section.record).related_model]
        return tuple(shown)
