"""Events in the partner API, filtered and ordered as on the events page."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from common.api import CountrySerializer, PreciseDateField, ThemeSerializer
from members.api import ORGANISATION_REF_COLUMNS, OrganisationRefSerializer
from toolkit.api.fields import (
    LocalTimeField,
    PageLinksField,
    TranslatedField,
    translated_columns,
)
from toolkit.api.viewsets import ReadOnlyViewSet

from .filters import EventFilter
from .models import (
    AttendanceMode,
    DateStatus,
    Event,
    EventLanguage,
    EventListing,
    EventParticipation,
    EventSpokenLanguage,
    ExpectedOutcome,
)


class HeldRoleSerializer(serializers.Serializer):
    """An event the organisation has a role in."""

    slug = serializers.CharField()
    title = TranslatedField()
    links = PageLinksField("api:event-detail")


class HeldEventRoleSerializer(serializers.Serializer):
    # An organisation's role, on its profile (members.hooks); no docstring: the schema shows it.
    event = HeldRoleSerializer()
    role = serializers.CharField(help_text=_("An EventRoleKindEnum value."))
    note = TranslatedField()


class EventRefSerializer(serializers.ModelSerializer):
    """An event where another names it: the summit a consultation prepares."""

    title = TranslatedField()
    links = PageLinksField("api:event-detail")

    class Meta:
        model = Event
        fields = ["slug", "title", "links"]


class SpokenLanguagesField(serializers.ListField):
    """The languages the event is held in, as codes, in their order."""

    child = serializers.ChoiceField(choices=EventLanguage.choices)

    def to_representation(self, data):
        return [spoken.language for spoken in data.all()]


class OutcomeSerializer(serializers.ModelSerializer):
    text = TranslatedField()

    class Meta:
        model = ExpectedOutcome
        fields = ["text"]


class EventRoleSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer()
    note = TranslatedField()

    class Meta:
        model = EventParticipation
        fields = ["organisation", "role", "note"]


class EventSerializer(serializers.ModelSerializer):
    title = TranslatedField()
    parent = EventRefSerializer(
        source="public_parent",
        allow_null=True,
        help_text=_("The summit or conference this event is part of."),
    )
    children = EventRefSerializer(many=True, help_text=_("Its parts, in date order."))
    start = PreciseDateField("start_date", "start_precision")
    end = PreciseDateField("end_date", "end_precision")
    start_time = LocalTimeField(
        help_text=_(
            "The local time at the venue (HH:MM:SS, no offset) in `time_zone`; null when "
            "the sources give none."
        )
    )
    end_time = LocalTimeField(
        help_text=_("The local end time at the venue (HH:MM:SS, no offset) in `time_zone`.")
    )
    time_zone = serializers.CharField(
        help_text=_(
            "The venue's IANA time zone (Asia/Almaty) of start_time and end_time; empty "
            "when unknown."
        )
    )
    venue = TranslatedField()
    address = TranslatedField()
    city = TranslatedField()
    country = CountrySerializer(allow_null=True)
    summary = TranslatedField()
    description = TranslatedField()
    interpretation = TranslatedField()
    languages = SpokenLanguagesField(help_text=_("The languages the event is held in."))
    outcomes = OutcomeSerializer(many=True, help_text=_("Its expected outcomes."))
    organisations = EventRoleSerializer(
        many=True,
        source="participations",
        help_text=_("Its organisers, hosts, partners, ... with roles."),
    )
    themes = ThemeSerializer(many=True)
    website = serializers.CharField(help_text=_("Empty when unknown."))
    date_status = serializers.ChoiceField(
        choices=DateStatus.choices,
        allow_blank=True,
        help_text=_(
            "For an event without a date: to_be_announced (upcoming), held (held on a date "
            "the source does not give) or was_scheduled (due at a time now over, never said "
            "to be held); the last two are past, never upcoming. Empty when it has a date."
        ),
    )
    attendance = serializers.ChoiceField(
        choices=AttendanceMode.choices,
        allow_blank=True,
        help_text=_(
            "in_person, online (held online) or hybrid (in person and can be followed "
            "online): schema.org's eventAttendanceMode Offline, Online and Mixed. Empty when "
            "the source does not say."
        ),
    )
    is_online = serializers.BooleanField(
        help_text=_("Whether people can take part online: attendance is online or hybrid.")
    )
    links = PageLinksField("api:event-detail")

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "parent",
            "children",
            "start",
            "end",
            "date_status",
            "start_time",
            "end_time",
            "time_zone",
            "is_online",
            "attendance",
            "venue",
            "address",
            "city",
            "country",
            "summary",
            "description",
            "interpretation",
            "languages",
            "outcomes",
            "organisations",
            "themes",
            "website",
            "updated_at",
            "links",
        ]


@extend_schema_view(
    list=extend_schema(
        summary=_("Events"),
        description=_(
            "Upcoming events soonest first, then those still to be dated, then past ones, "
            "latest first. The filters are the events page's."
        ),
    ),
    retrieve=extend_schema(summary=_("An event")),
)
class EventViewSet(ReadOnlyViewSet):
    """Events: upcoming soonest first, then those to be dated, then past ones, latest first.

    The filters are the events page's. An event moves from upcoming to past
    the day after its end, so that day counts as a change for Last-Modified.
    """

    serializer_class = EventSerializer
    filterset_class = EventFilter
    changes_on = {"end_date": 1}
    # The spoken languages are read by a field, not a serializer of their own.
    also_shows = (EventSpokenLanguage,)
    not_found_message = _("No event has the slug “%(value)s”.")

    def paginate_queryset(self, queryset):
        # The page's order, read group by group (see EventListing).
        return super().paginate_queryset(EventListing(queryset))

    def get_queryset(self):
        # EventFilter puts the list in the page's order.
        return Event.objects.published().select_related("country", "parent").prefetch_related(
            "themes",
            "languages",
            "outcomes",
            Prefetch(
                "participations",
                queryset=EventParticipation.objects.shown().only(
                    "event", "organisation", "role", *translated_columns("note"),
                    *ORGANISATION_REF_COLUMNS,
                ),
            ),
            # Children are named (slug, title), not shown whole.
            Prefetch(
                "children",
                queryset=Event.objects.published().in_timeline_order().only(
                    "parent", "slug", *translated_columns("title")
                ),
            ),
        )  # fmt: skip
