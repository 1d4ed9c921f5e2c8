"""Initiatives in the partner API: JSON, and IATI XML with the same filters."""

from django.apps import apps
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation

from common.api import CountrySerializer, PreciseDateField, RegionRefSerializer, ThemeSerializer
from members.api import ORGANISATION_REF_COLUMNS, OrganisationRefSerializer
from toolkit.api.fields import PageLinksField, TranslatedField, translated_columns
from toolkit.api.viewsets import ConditionalMixin, ReadOnlyViewSet
from toolkit.cache import is_content
from toolkit.downloads import (
    DownloadSlot,
    DownloadsRefused,
    asks_for_everything,
    streaming_download,
)

from . import iati, services
from .filters import InitiativeFilter
from .models import (
    CountryShare,
    Initiative,
    InitiativeStatus,
    Participation,
    ParticipationRole,
    RegionShare,
    countries_prefetch,
    regions_prefetch,
)

IATI_ROLES = sorted(role.iati_code for role in ParticipationRole)

# The columns the list's participations show (ParticipationSerializer, OrganisationRefSerializer).
PARTICIPATION_COLUMNS = ("initiative", "organisation", "role", *translated_columns("note"))


class InitiativeRefSerializer(serializers.Serializer):
    """An event the organisation has a role in."""

    slug = serializers.CharField()
    title = TranslatedField()
    links = PageLinksField("api:initiative-detail")


class HeldParticipationSerializer(serializers.Serializer):
    # An organisation's role, on its profile (members.hooks); no docstring: the schema shows it.
    initiative = InitiativeRefSerializer()
    role = serializers.CharField(help_text=_("A ParticipationRoleEnum value."))
    note = TranslatedField()


class BudgetSerializer(serializers.Serializer):
    """The schema of a budget (the `Budget` component)."""

    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        source="budget_amount",
        help_text=_("A decimal number as a string, never a float: 1000000.00."),
    )
    currency = serializers.CharField(source="budget_currency", help_text=_("ISO 4217: EUR, USD."))
    note = TranslatedField(source="budget_note", help_text=_("What the budget covers."))


@extend_schema_field(BudgetSerializer(allow_null=True))
class BudgetField(serializers.Field):
    """The budget with its currency; null when the sources give no amount."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, initiative):
        if initiative.budget_amount is None:
            return None
        # One serializer for every row: a new one per row copied its fields
        # each time, 40% of a list's serializing (README, API).
        if not hasattr(self, "budget"):
            self.budget = BudgetSerializer(context=self.context)
        return self.budget.to_representation(initiative)


class CountryShareSerializer(serializers.ModelSerializer):
    country = CountrySerializer()
    percentage = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text=_("The country's share in percent; null when the sources give none."),
    )

    class Meta:
        model = CountryShare
        fields = ["country", "percentage"]


class RegionShareSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer()
    percentage = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text=_("The region's share in percent; null when the sources give none."),
    )

    class Meta:
        model = RegionShare
        fields = ["region", "percentage"]


class ParticipationSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer()
    iati_role = serializers.SerializerMethodField(
        help_text=_("IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing.")
    )
    note = TranslatedField()

    class Meta:
        model = Participation
        fields = ["organisation", "role", "iati_role", "note"]

    @extend_schema_field(serializers.ChoiceField(choices=IATI_ROLES))
    def get_iati_role(self, participation):
        return ParticipationRole(participation.role).iati_code


class InitiativeSerializer(serializers.ModelSerializer):
    title = TranslatedField()
    acronym = TranslatedField()
    summary = TranslatedField()
    description = TranslatedField()
    status = serializers.ChoiceField(
        choices=InitiativeStatus.choices,
        allow_null=True,
        read_only=True,
        help_text=_("Derived from the dates on today's date, as on the pages; null when undated."),
    )
    start = PreciseDateField("start_date", "start_precision")
    end = PreciseDateField("end_date", "end_precision")
    budget = BudgetField()
    geographic_scope = TranslatedField()
    countries = CountryShareSerializer(many=True, source="country_shares")
    regions = RegionShareSerializer(
        many=True,
        source="region_shares",
        help_text=_("The regions the initiative covers as a whole (Central Asia)."),
    )
    is_regional = serializers.SerializerMethodField(
        help_text=_(
            "Whether the initiative covers a region: region-wide work, which ?country= "
            "includes for every country of the region unless ?regional=exclude."
        )
    )
    organisations = ParticipationSerializer(
        many=True, source="participations", help_text=_("Lead, funders and partners, in order.")
    )
    themes = ThemeSerializer(many=True)
    website = serializers.CharField(help_text=_("Empty when unknown."))
    links = PageLinksField("api:initiative-detail")

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "title",
            "acronym",
            "summary",
            "description",
            "status",
            "start",
            "end",
            "budget",
            "geographic_scope",
            "countries",
            "regions",
            "is_regional",
            "organisations",
            "themes",
            "website",
            "updated_at",
            "links",
        ]

    def get_is_regional(self, initiative) -> bool:
        return bool(initiative.region_shares.all())


class InitiativeChanges:
    """When initiatives change with no record saved: the status, on the start and after the end."""

    changes_on = {"start_date": 0, "end_date": 1}


@extend_schema_view(
    list=extend_schema(
        summary=_("Initiatives"),
        description=_(
            "Latest start first unless ?sort= says otherwise. The filters are the "
            "initiatives page's."
        ),
    ),
    retrieve=extend_schema(summary=_("An initiative")),
)
class InitiativeViewSet(InitiativeChanges, ReadOnlyViewSet):
    """Initiatives: latest start first unless ?sort= says otherwise; the pages' filters."""

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter
    not_found_message = _("No initiative has the slug “%(value)s”.")

    def get_queryset(self):
        # InitiativeFilter puts the list in the page's order (latest start first).
        # An organisation is named by its slug and names only: its descriptions
        # in three languages were most of the participations' bytes and time.
        participations = Participation.objects.shown().only(
            *PARTICIPATION_COLUMNS, *ORGANISATION_REF_COLUMNS
        )
        return Initiative.objects.published().prefetch_related(
            "themes",
            countries_prefetch(),
            regions_prefetch(),
            Prefetch("participations", queryset=participations),
        )


class JsonForErrors(BaseContentNegotiation):
    """The XML view renders only its errors, as JSON, whatever the client accepts."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class TooManyDownloads(exceptions.Throttled):
    """A 429 in the API's error shape, with Retry-After (toolkit.downloads)."""

    def __init__(self, reason):
        super().__init__(wait=reason.retry_after, detail=str(reason.message))


XML = "application/xml; charset=utf-8"


class IatiActivitiesView(InitiativeChanges, ConditionalMixin, GenericAPIView):
    """The initiatives as an IATI 2.03 activity file, with the list's filters."""

    filterset_class = InitiativeFilter
    pagination_class = None
    content_negotiation_class = JsonForErrors
    # The schema documents the FilterSet's parameters here too.
    document_filters = True

    def get_queryset(self):
        return iati.reportable(Initiative.objects.published())

    def shown_models(self):
        # The file reads initiatives, their relations, the alliance's profile,
        # and whatever the IATI mapping names: every content model, to be sure.
        return frozenset(model for model in apps.get_models() if is_content(model))

    @extend_schema(
        operation_id="initiatives_iati",
        summary=_("Initiatives as an IATI activity file"),
        description=_(
            "The initiatives as IATI activities (standard 2.03), with the same filters as "
            "the JSON list. Initiatives with no start date or no organisation are left out."
        ),
        responses={
            (200, "application/xml"): OpenApiResponse(
                OpenApiTypes.STR, description=_("An iati-activities document.")
            )
        },
    )
    def get(self, request, *args, **kwargs):
        try:
            slot = DownloadSlot.take(request)
        except DownloadsRefused as reason:
            raise TooManyDownloads(reason) from None
        try:
            response = self.download(request)
        except BaseException:
            slot.release()
            raise
        return slot.hold_until_sent(response)

    def download(self, request):
        """All initiatives: the file built ahead (services), if there is one. Else streamed."""
        if settings.PREBUILT_EXPORTS and asks_for_everything(request.query_params):
            if response := services.published_iati().serve(request, content_type=XML):
                response["Cache-Control"] = "no-cache"  # as add_validators says
                return response
            services.request_build()
        version = self.version_of(Initiative)  # first: what is read after is at least as new
        queryset = self.filter_queryset(self.get_queryset())  # 400 on a wrong filter
        if (not_modified := self.not_modified(version)) is not None:
            return not_modified
        absolute = request.build_absolute_uri
        pieces = iati.document(
            queryset, iati.reporter(absolute), absolute, generated_at=timezone.now()
        )
        description = f"The IATI export ({request.get_full_path()})"
        response = streaming_download(pieces, description, content_type=XML)
        return self.add_validators(response, version)
