"""Organisations in the partner API: the member directory's FilterSet, all three languages.

Contact people are personal data: only those marked public appear, and the
queryset, not the serializer, is what keeps the others out.
"""

from django.apps import apps
from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from alliance.api.fields import PageLinksField, TranslatedField
from alliance.api.views import CountrySerializer, ThemeSerializer
from alliance.api.viewsets import ReadOnlyViewSet

from .filters import OrganisationFilter
from .models import ContactPerson, Organisation


class OrganisationRefSerializer(serializers.ModelSerializer):
    """An organisation where another record names it: an initiative's lead, an event's host."""

    name = TranslatedField()
    short_name = TranslatedField()
    links = PageLinksField("api:organisation-detail")

    class Meta:
        model = Organisation
        fields = ["slug", "name", "short_name", "links"]


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
        allow_null=True, help_text=_("The larger organisation this one is an office or unit of.")
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


class HeldRoleSerializer(serializers.Serializer):
    """An event the organisation has a role in."""

    slug = serializers.CharField()
    title = TranslatedField()
    links = PageLinksField("api:event-detail")


class HeldEventRoleSerializer(serializers.Serializer):
    event = HeldRoleSerializer()
    role = serializers.CharField(help_text=_("An EventRoleKindEnum value."))
    note = TranslatedField()


class InitiativeRefSerializer(HeldRoleSerializer):
    links = PageLinksField("api:initiative-detail")


class HeldParticipationSerializer(serializers.Serializer):
    initiative = InitiativeRefSerializer()
    role = serializers.CharField(help_text=_("A ParticipationRoleEnum value."))
    note = TranslatedField()


class OrganisationDetailSerializer(OrganisationSerializer):
    """An organisation with the events and initiatives it takes part in, as its page shows."""

    events = HeldEventRoleSerializer(many=True, source="event_roles")
    initiatives = HeldParticipationSerializer(many=True, source="participations")

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "events", "initiatives"]


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
        queryset = Organisation.objects.select_related("country", "parent").prefetch_related(
            "themes",
            Prefetch(
                "contacts", queryset=ContactPerson.objects.public(), to_attr="public_contacts"
            ),
        )
        if self.action == "retrieve":
            # Events and initiatives point here; members imports neither app, so
            # it looks their models up when it runs, as the home page does.
            EventRole = apps.get_model("events", "EventRole")
            Participation = apps.get_model("initiatives", "Participation")
            queryset = queryset.prefetch_related(
                Prefetch(
                    "event_roles",
                    queryset=EventRole.objects.select_related("event").order_by(
                        F("event__start_date").desc(nulls_last=True), "event__slug", "position"
                    ),
                ),
                Prefetch(
                    "participations",
                    queryset=Participation.objects.select_related("initiative").order_by(
                        F("initiative__start_date").desc(nulls_last=True),
                        "initiative__slug",
                        "position",
                    ),
                ),
            )
        return queryset

    def get_serializer_class(self):
        return OrganisationDetailSerializer if self.action == "retrieve" else OrganisationSerializer

    @property
    def changed_with(self):
        if self.action == "retrieve":
            return (
                "parent__updated_at",
                "event_roles__event__updated_at",
                "participations__initiative__updated_at",
            )
        return ("parent__updated_at",)
