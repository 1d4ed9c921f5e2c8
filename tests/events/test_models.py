"""Events' own rules: the date status of undated events, attendance, and the migration to them."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from events.models import AttendanceMode, DateStatus, Event, RegistrationWindow
from tests.factories import CountryFactory, EventFactory

BEFORE = [("events", "0007_created_at")]
AFTER = [("events", "0008_date_status_and_attendance")]


@pytest.mark.django_db
def test_save_gives_an_undated_event_a_status_and_a_dated_one_none():
    undated = EventFactory(start_date=None)
    held = EventFactory(start_date=None, date_status=DateStatus.HELD)
    dated = EventFactory(start_date=datetime.date(2026, 5, 5), date_status=DateStatus.HELD)

    assert undated.date_status == DateStatus.TO_BE_ANNOUNCED
    assert held.date_status == DateStatus.HELD
    assert dated.date_status == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start_date", "date_status"),
    [(None, ""), (datetime.date(2026, 5, 5), DateStatus.HELD)],
)
def test_database_refuses_a_status_that_contradicts_the_date(start_date, date_status):
    event = EventFactory(start_date=datetime.date(2026, 5, 5))

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(
            start_date=start_date,
            end_date=start_date,
            date_status=date_status,
        )


@pytest.mark.django_db
def test_held_on_a_date_not_given_is_over_and_takes_no_registrations():
    held = EventFactory(start_date=None, date_status=DateStatus.HELD, registration_open=True)
    tba = EventFactory(start_date=None, registration_open=True)

    assert held.is_over and not tba.is_over
    assert held.registration_state() == RegistrationWindow.OVER
    assert tba.registration_state() == RegistrationWindow.OPEN
    assert list(Event.objects.not_over()) == [tba]
    assert list(Event.objects.over()) == [held]


@pytest.mark.django_db
def test_past_lists_held_on_no_date_given_after_the_dated():
    today = timezone.localdate()
    held = EventFactory(slug="held", start_date=None, date_status=DateStatus.HELD)
    EventFactory(slug="tba", start_date=None)
    old = EventFactory(slug="old", start_date=today - datetime.timedelta(days=300))
    recent = EventFactory(slug="recent", start_date=today - datetime.timedelta(days=3))

    assert list(Event.objects.past()) == [recent, old, held]


@pytest.mark.parametrize(
    ("attendance", "is_online"),
    [
        (AttendanceMode.ONLINE, True),
        (AttendanceMode.HYBRID, True),
        (AttendanceMode.IN_PERSON, False),
        ("", False),
    ],
)
def test_is_online_means_people_can_take_part_online(attendance, is_online):
    assert Event(attendance=attendance).is_online is is_online


@pytest.mark.parametrize(
    ("precisions", "in_calendars"),
    [(("day", "day"), True), (("month", "month"), False), (("day", "month"), False)],
)
def test_in_calendars_only_when_known_to_the_day(precisions, in_calendars):
    start, end = precisions
    event = Event(
        start_date=datetime.date(2026, 5, 1),
        start_precision=start,
        end_date=datetime.date(2026, 5, 31),
        end_precision=end,
    )

    assert event.in_calendars is in_calendars
    assert Event(start_date=None).in_calendars is False


# --- The migration from is_online and undated events -----------------------


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def events_before_states(transactional_db):
    """Events stored while `is_online` meant "can be followed online" and undated meant TBA."""
    country = CountryFactory(code="KZ")
    old = migrate(BEFORE)
    OldEvent = old.get_model("events", "Event")
    rows = [
        ("in-astana-and-online", {"city_en": "Astana", "country_id": country.pk}, True),
        ("online-only", {}, True),
        ("in-astana", {"city_en": "Astana"}, False),
        ("wgecc-coordination-committee-2", {}, True),
        ("c5-plus-1-climate-meeting", {}, False),
        ("wgecc-10th-meeting", {"city_en": "Almaty"}, False),
    ]
    for slug, place, online in rows:
        dated = slug.startswith(("in-", "online"))
        OldEvent.objects.create(
            slug=slug,
            title_en=slug,
            start_date=datetime.date(2026, 5, 5) if dated else None,
            end_date=datetime.date(2026, 5, 5) if dated else None,
            is_online=online,
            **place,
        )
    OldEvent.objects.create(slug="someday", title_en="Someday", start_date=None)
    yield
    call_command("migrate", verbosity=0)  # leave the schema as every other test expects it


def test_migration_turns_is_online_into_attendance_and_dates_the_seeds_meetings(
    events_before_states,
):
    migrate(AFTER)

    facts = {
        slug: (attendance, status)
        for slug, attendance, status in Event.objects.values_list(
            "slug", "attendance", "date_status"
        )
    }
    assert facts == {
        "in-astana-and-online": ("hybrid", ""),
        "online-only": ("online", ""),
        "in-astana": ("", ""),
        "wgecc-coordination-committee-2": ("online", "held"),
        "c5-plus-1-climate-meeting": ("", "held"),
        "wgecc-10th-meeting": ("", "was_scheduled"),
        "someday": ("", "to_be_announced"),
    }
