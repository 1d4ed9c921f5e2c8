"""Events and consultations: summits, side events, consultation series, meetings."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Prefetch, Q, Value, When, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.dates import DatePrecision, PeriodModel, end_after_start
from common.models import Country, Theme
from members.models import Organisation
from toolkit.cache import PublicContent
from toolkit.cards import Card
from toolkit.models import TimestampedModel, TranslatedQuerySet, is_own_ancestor
from toolkit.publication import Publishable, PublishableQuerySet, drafts_index, public
from translations.models import SourceLanguageModel


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("Summit")
    HIGH_LEVEL_SEGMENT = "high_level_segment", _("High-level segment")
    CONFERENCE = "conference", _("Conference")
    FORUM = "forum", _("Forum")
    CONSULTATION = "consultation", _("Consultation")
    SIDE_EVENT = "side_event", _("Side event")
    MINISTERIAL_MEETING = "ministerial_meeting", _("Ministerial meeting")
    BRIEFING = "briefing", _("Briefing")
    WORKING_GROUP_MEETING = "working_group_meeting", _("Working-group meeting")
    WORKSHOP = "workshop", _("Workshop or training")
    OTHER = "other", _("Other")


# The kinds of event that other events can be part of: a summit's consultations, a
# conference's or a consultation's side events. The "part of" picker offers only these.
HOLDS_PARTS = [
    EventKind.SUMMIT,
    EventKind.CONFERENCE,
    EventKind.FORUM,
    EventKind.CONSULTATION,
    EventKind.MINISTERIAL_MEETING,
]


class EventLanguage(models.TextChoices):
    """Languages an event is held in: not the languages its page is written in."""

    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    KAZAKH = "kk", _("Kazakh")
    KYRGYZ = "ky", _("Kyrgyz")
    TAJIK = "tg", _("Tajik")
    TURKMEN = "tk", _("Turkmen")
    UZBEK = "uz", _("Uzbek")
    CHINESE = "zh", _("Chinese")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")


class EventParticipationRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    HOST = "host", _("Host")
    CHAIR = "chair", _("Chair")
    PARTNER = "partner", _("Partner")
    PARTICIPANT = "participant", _("Participant")


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone name (such as Asia/Almaty)."),
            params={"value": value},
        )


class DateStatus(models.TextChoices):
    """What a source says of an event it gives no date for; empty for an event with a date."""

    TO_BE_ANNOUNCED = "to_be_announced", _("Date to be announced")
    HELD = "held", _("Held; date not given")
    # Announced for a time now over (a "this year" in an old report), never said to be held.
    WAS_SCHEDULED = "was_scheduled", _("Was scheduled; date not given")

    @classmethod
    def over(cls):
        """The statuses of undated events that are past, never upcoming."""
        return [cls.HELD, cls.WAS_SCHEDULED]


class AttendanceMode(models.TextChoices):
    """How people take part: schema.org's eventAttendanceMode (Offline, Online, Mixed)."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


def said_over():
    """Undated events that a source says are over (held, or due at a time now past).

    A condition on the key, not on `date_status`: that column is the table's
    last, after the long texts, and reading it on every row made the listing's
    count three times slower at 20,000 events. Few events are undated, and
    the dates' index finds them.
    """
    over = Event.objects.filter(start_date__isnull=True, date_status__in=DateStatus.over())
    return Q(start_date__isnull=True) & Q(pk__in=over.values("pk"))


def to_be_announced():
    """Undated events whose date is still to come."""
    return Q(start_date__isnull=True) & ~said_over()


def over_by(today):
    """Events that are over: their last day is past, or a source says so without a date."""
    return Q(end_date__lt=today) | said_over()


def not_over_by(today):
    """Events not yet over: upcoming, or still to be dated."""
    return Q(end_date__gte=today) | to_be_announced()


class EventState(models.TextChoices):
    """Where one event stands today, as its card, its page or a timeline says of it.

    An event on today is not past; one known only to a month or a year is past
    once that month or year is over (its end is stored as the period's last
    day); one held, or due, on a date no source gives is past (DateStatus.over).
    """

    UPCOMING = "upcoming", pgettext_lazy("event state", "Upcoming")
    TO_BE_ANNOUNCED = "to_be_announced", _("Date to be announced")
    PAST = "past", pgettext_lazy("event state", "Past")


class ListingGroup(models.IntegerChoices):
    """Where an event falls on the list page, in the order the groups are shown."""

    UPCOMING = 0, _("Upcoming")
    UNDATED = 1, _("Date to be announced")
    PAST = 2, _("Past")


# An event's card: its own fields, its country and parent (joined by the list), its themes.
CARD = Card("events/event_card.html", "event", lambda: ("themes",))


class EventListing:
    """Events in listing order (upcoming, to be dated, past), read one group at a time.

    Past ends with the events held (or due) on a date no source gives: last in
    its order, as their start is null.

    One ORDER BY over the three groups is a CASE on today's date that no index
    serves, so PostgreSQL sorted every matching event to show twenty. Each
    group alone is in date order, which an index gives.
    One query counts the groups; a page is then one query whose subqueries
    read the page's share of each group in that group's order. Paginators
    (the list page's and the API's) take it as they take a queryset: count()
    and slices. Prefetches run once for the whole page.
    """

    ordered = True  # for Paginator: the order is the listing's

    def __init__(self, queryset):
        today = timezone.localdate()
        # The caller's prefetches (the API's), run on the page's events only;
        # QuerySet keeps them in this attribute, which Django itself reads.
        self.prefetch = queryset._prefetch_related_lookups
        # The queryset in listing order (in_listing_order), without its prefetches.
        self.in_order = queryset.prefetch_related(None)
        rows = self.in_order.order_by()
        then = [F("start_time").asc(nulls_last=True), "title_en", "slug"]
        upcoming = Q(start_date__isnull=False) & ~Q(end_date__lt=today)
        undated = to_be_announced()
        past = over_by(today)
        self.groups = [
            (upcoming, rows.filter(upcoming).order_by("start_date", *then)),
            (undated, rows.filter(undated).order_by(*then)),
            (past, rows.filter(past).order_by(F("start_date").desc(nulls_last=True), *then)),
        ]
        self.rows = rows
        self.sizes = None

    def group_sizes(self):
        if self.sizes is None:
            counts = self.rows.aggregate(
                **{
                    f"group{number}": Count("pk", filter=condition)
                    for number, (condition, _group) in enumerate(self.groups)
                }
            )
            self.sizes = [counts[f"group{number}"] for number in range(len(self.groups))]
        return self.sizes

    def count(self):
        return sum(self.group_sizes())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("A listing is read in slices, such as listing[20:40].")
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        # Each group's share of the slice, read in that group's index order;
        # then one query for the page's rows, in listing order.
        wanted, offset = Q(), 0
        for (_condition, group), size in zip(self.groups, self.group_sizes(), strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                wanted |= Q(pk__in=group[low:high].values("pk"))
            offset += size
        if not wanted:
            return []
        page = list(self.in_order.filter(wanted))
        prefetch_related_objects(page, *self.prefetch)
        return page


class EventQuerySet(PublishableQuerySet, TranslatedQuerySet):
    search_fields = ("title", "summary", "description", "city", "venue")
    name_field = "title"

    def upcoming(self):
        """Events not yet over, soonest first."""
        return self.filter(end_date__gte=timezone.localdate()).order_by("start_date", "start_time")

    def past(self):
        """Events over, latest first; those held on a date no source gives last."""
        return self.over().order_by(
            F("start_date").desc(nulls_last=True), F("start_time").desc(nulls_last=True)
        )

    def over(self):
        """Events over, in the order they had: the past ones, with no ordering of their own."""
        return self.filter(over_by(timezone.localdate()))

    def undated(self):
        """Events a source names without a date: to be announced, or held on a date not given."""
        return self.filter(start_date__isnull=True)

    def not_over(self):
        """Upcoming events and those still to be dated: everything not in the past."""
        return self.filter(not_over_by(timezone.localdate()))

    def dated(self):
        return self.filter(start_date__isnull=False)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def in_countries(self, *codes):
        return self.filter(country__in=Country.objects.ids_of([code.upper() for code in codes]))

    def running_in(self, year):
        """Events held, at least in part, in that calendar year."""
        return self.filter(start_date__year__lte=year, end_date__year__gte=year)

    def for_listing(self):
        return self.select_related("country", "parent").prefetch_related(*CARD.relations())

    def in_listing_order(self):
        """Upcoming soonest first, then the undated, then past most recent first.

        Each event is annotated with its `listing_group` (a ListingGroup).
        """
        today = timezone.localdate()
        return self.annotate(
            listing_group=Case(
                When(to_be_announced(), then=Value(ListingGroup.UNDATED)),
                When(over_by(today), then=Value(ListingGroup.PAST)),
                default=Value(ListingGroup.UPCOMING),
            ),
            upcoming_start=Case(When(end_date__gte=today, then=F("start_date"))),
            past_start=Case(When(end_date__lt=today, then=F("start_date"))),
        ).order_by(
            "listing_group",
            F("upcoming_start").asc(nulls_last=True),
            F("past_start").desc(nulls_last=True),
            F("start_time").asc(nulls_last=True),
            "title_en",
            "slug",
        )

    def in_timeline_order(self):
        """By date, undated last."""
        return self.order_by(
            F("start_date").asc(nulls_last=True),
            F("start_time").asc(nulls_last=True),
            "title_en",
            "slug",
        )

    def for_detail(self):
        """Everything an event's page shows, in a fixed number of queries.

        Its children (a summit's consultations) come in timeline order with
        their own children (side events) nested. A consultation's fellow
        consultations are read by events.series, on its page only.
        """
        children = Event.objects.published().select_related("country").in_timeline_order()
        # The parent's country: a consultation's page shows its summit's place in the series.
        return self.select_related("country", "parent__country").prefetch_related(
            "themes",
            "languages",
            "outcomes",
            Prefetch("participations", queryset=EventParticipation.objects.shown()),
            Prefetch(
                "children",
                queryset=children.prefetch_related(Prefetch("children", queryset=children)),
            ),
        )

    def in_calendars(self):
        """Events a calendar can place: known to the day (see events.calendars)."""
        return self.filter(
            Q(end_date__isnull=True) | Q(end_precision=DatePrecision.DAY),
            start_date__isnull=False,
            start_precision=DatePrecision.DAY,
        )

    def for_calendar(self):
        """What an iCalendar feed needs: the events it can place, with their country."""
        return self.in_calendars().select_related("country")

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Event(PublicContent, Publishable, SourceLanguageModel, PeriodModel, TimestampedModel):
    slug_source_field = "title"
    added_at_field = "created_at"

    title = models.CharField(_("title"), max_length=255)
    acronym = models.CharField(
        _("acronym"),
        max_length=40,
        blank=True,
        help_text=_("e.g. RES 2026, as the source writes it."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=EventKind.choices, default=EventKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
        limit_choices_to={"kind__in": HOLDS_PARTS},
        help_text=_(
            "The summit a consultation prepares, or the conference a side event is held in."
        ),
    )
    date_status = models.CharField(
        _("without a date"),
        max_length=20,
        choices=DateStatus.choices,
        blank=True,
        help_text=_(
            "For an event the source gives no date for: to be announced, or held on a "
            "date not given. Cleared when the event has a start date."
        ),
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("The venue's IANA time zone, e.g. Asia/Almaty or Europe/London."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    attendance = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceMode.choices,
        blank=True,
        help_text=_(
            "Held in person, online (organised online), or both (in person and can be "
            "followed online). Empty when the source does not say."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    interpretation = models.CharField(
        _("interpretation"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 'Simultaneous interpretation provided by the organisers'."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="EventParticipation",
        verbose_name=_("organisations"),
        related_name="events",
        blank=True,
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="events", blank=True
    )
    website = models.URLField(_("website"), blank=True)

    # Registration on the portal.
    registration_open = models.BooleanField(
        _("registration open"),
        default=False,
        help_text=_("People can register for the event on its page."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_(
            "Places for registered people; later registrations go on a waiting list. "
            "Empty: no limit."
        ),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Registration closes at this moment. Empty: when the event is over."),
    )

    # When the record was added to the portal: feeds list the newest first and
    # e-mail alerts send what was added since their last digest.
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "title_en"]
        indexes = [
            models.Index(fields=["start_date", "end_date"], name="event_dates"),
            models.Index(fields=["created_at"], name="event_created"),
            models.Index(fields=["kind", "start_date"], name="event_kind_start"),
            drafts_index("event_drafts"),
        ]
        constraints = [
            end_after_start("event_end_after_start"),
            # A date status only where there is no date, and always there.
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=False, date_status="")
                | (models.Q(start_date__isnull=True) & ~models.Q(date_status="")),
                name="event_date_status_when_undated",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="event_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def kind_label(self):
        """The kind as a card or list says it: "" for OTHER, which tells a reader nothing."""
        return "" if self.kind == EventKind.OTHER else self.get_kind_display()

    def settle_date_status(self):
        """A date status only without a date: cleared by a date, "to be announced" by default."""
        if self.start_date:
            self.date_status = ""
        elif not self.date_status:
            self.date_status = DateStatus.TO_BE_ANNOUNCED

    def save(self, *args, **kwargs):
        self.settle_date_status()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # Before the constraints are validated: an event saved without a date and
        # without a status is "to be announced", not a form error about a constraint.
        self.settle_date_status()
        if (self.start_time or self.end_time) and not self.time_zone:
            raise ValidationError({"time_zone": _("Times need the venue's time zone.")})
        if self.start_time and (not self.start_date or self.start_precision != "day"):
            raise ValidationError({"start_time": _("A time needs a start date to the day.")})
        if is_own_ancestor(self, self.parent):
            raise ValidationError({"parent": _("An event cannot be part of itself.")})

    @property
    def public_parent(self):
        """The event it is part of, as the public sees it: not a draft."""
        return public(self.parent)

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone) if self.time_zone else None

    @property
    def is_over(self):
        if self.start_date is None:
            return self.date_status in DateStatus.over()
        return self.end_date is not None and self.end_date < timezone.localdate()

    @property
    def state(self):
        """Past, upcoming, or with its date still to be announced (an EventState)."""
        if self.is_over:
            return EventState.PAST
        if self.start_date is None:
            return EventState.TO_BE_ANNOUNCED
        return EventState.UPCOMING

    @property
    def is_online(self):
        """Whether people can take part online: held online, or in person and online."""
        return self.attendance in (AttendanceMode.ONLINE, AttendanceMode.HYBRID)

    @property
    def in_calendars(self):
        """Whether calendars can place it: a start, and an end, known to the day."""
        return (
            self.start_date is not None
            and self.start_precision == DatePrecision.DAY
            and (self.end_date is None or self.end_precision == DatePrecision.DAY)
        )

    def registration_state(self, now=None):
        """Whether people can register now, or why not (a RegistrationWindow)."""
        now = now or timezone.now()
        if not self.registration_open:
            return RegistrationWindow.CLOSED
        if self.is_over:
            return RegistrationWindow.OVER
        if self.registration_deadline and now >= self.registration_deadline:
            return RegistrationWindow.DEADLINE_PASSED
        return RegistrationWindow.OPEN


class RegistrationWindow(models.TextChoices):
    """Whether an event takes registrations now, or why not.

    Not a registration's own status: that is registrations.models.RegistrationStatus.
    """

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Not open")
    DEADLINE_PASSED = "deadline_passed", _("Deadline passed")
    OVER = "over", _("Event over")


class EventSpokenLanguageManager(models.Manager):
    def get_by_natural_key(self, event_slug, language):
        return self.get(event__slug=event_slug, language=language)


class EventSpokenLanguage(PublicContent, models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=5, choices=EventLanguage.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = EventSpokenLanguageManager()

    class Meta:
        verbose_name = _("language of the event")
        verbose_name_plural = _("languages of the event")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="event_language_once"),
        ]

    def __str__(self):
        return self.get_language_display()

    def natural_key(self):
        return (self.event.slug, self.language)

    natural_key.dependencies = ["events.event"]


class ExpectedOutcomeManager(models.Manager):
    def get_by_natural_key(self, event_slug, position):
        return self.get(event__slug=event_slug, position=position)


class ExpectedOutcome(PublicContent, models.Model):
    # Written in its event's source language (translations.tracking).
    translation_parent = "event"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ExpectedOutcomeManager()

    class Meta:
        verbose_name = _("expected outcome")
        verbose_name_plural = _("expected outcomes")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="outcome_position_once"),
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (self.event.slug, self.position)

    natural_key.dependencies = ["events.event"]


class EventParticipationManager(models.Manager):
    def get_by_natural_key(self, event_slug, organisation_slug, role):
        return self.get(event__slug=event_slug, organisation__slug=organisation_slug, role=role)

    def shown(self):
        """With their organisations, as an event's page shows them: draft organisations left out."""
        return self.filter(organisation__is_published=True).select_related("organisation")

    def in_profile_order(self):
        """With their published events, latest first: as an organisation's profile lists them."""
        return (
            self.filter(event__is_published=True)
            .select_related("event")
            .order_by(F("event__start_date").desc(nulls_last=True), "event__slug", "position")
        )


class EventParticipation(PublicContent, models.Model):
    # Written in its event's source language (translations.tracking).
    translation_parent = "event"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="event_participations",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=EventParticipationRole.choices,
        default=EventParticipationRole.ORGANISER,
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = EventParticipationManager()

    class Meta:
        verbose_name = _("organisation's role")
        verbose_name_plural = _("organisers and partners")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation", "role"], name="event_role_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"

    def natural_key(self):
        return (self.event.slug, self.organisation.slug, self.role)

    natural_key.dependencies = ["events.event", "members.organisation"]
